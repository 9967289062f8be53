// TLS on the gRPC port (docs/tls.md): plaintext refused, the client library's and the
// CLI's --ssl-mode, a certificate rotated in place served to new connections, bad files
// refused at start with a sentence.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "client/client.h"
#include "tests/integration/tls/tls_fixture.h"
#include "tests/testing/probes.h"
#include "tests/testing/server_process.h"
#include "tests/testing/sql_stub.h"
#include "tests/testing/test_pki.h"

namespace ordinal::testing {
namespace {

using ::testing::HasSubstr;

class GrpcTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("grpc-tls");
    absl::StatusOr<TestPki> pki = TestPki::Create(dir_ + "/pki");
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::make_unique<TestPki>(*std::move(pki));
    absl::StatusOr<CertFiles> cert = pki_->Issue("server", "server-1", {"IP:127.0.0.1"});
    ASSERT_TRUE(cert.ok()) << cert.status();
    cert_ = *cert;
  }
  void TearDown() override {
    server_.reset();
    RemoveTree(dir_);
  }

  std::vector<std::string> TlsFlags() const {
    return {"--tls_cert_file=" + cert_.cert, "--tls_key_file=" + cert_.key,
            "--tls_ca_file=" + pki_->ca_file(), "--tls_reload_interval_s=1"};
  }

  void StartTlsServer() {
    ServerOptions options;
    options.flags = TlsFlags();
    options.tls_ca_file = pki_->ca_file();
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  absl::Status StartWithFlags(std::vector<std::string> flags) {
    ServerOptions options;
    options.flags = std::move(flags);
    options.start_timeout = std::chrono::seconds(10);
    return ServerProcess::Start(options).status();
  }

  absl::StatusOr<std::unique_ptr<Client>> ConnectClient(const std::string& address, TlsOptions tls) {
    ClientOptions options;
    options.address = address;
    options.password = kTestPassword;
    options.timeout = std::chrono::seconds(10);
    options.tls = std::move(tls);
    return Client::Connect(options);
  }

  std::string dir_;
  std::unique_ptr<TestPki> pki_;
  CertFiles cert_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(GrpcTlsTest, PlaintextCallIsRefused) {
  StartTlsServer();
  // A call that does not wait for the channel to become ready: the handshake fails at once.
  absl::StatusOr<std::string> plain = ServerCommonName(Connect(server_->address()));
  EXPECT_EQ(plain.status().code(), absl::StatusCode::kUnavailable) << plain.status();
  absl::StatusOr<v1::ExecuteResponse> secure =
      Execute(Connect(server_->address(), pki_->ca_file()), "SELECT 1");
  ASSERT_TRUE(secure.ok()) << secure.status();
  EXPECT_EQ(FirstCell(*secure), "1");
}

TEST_F(GrpcTlsTest, ClientVerifiesIdentityAndRunsStatements) {
  StartTlsServer();
  auto client = ConnectClient(server_->address(),
                              {SslMode::kVerifyIdentity, pki_->ca_file(), "", ""});
  ASSERT_TRUE(client.ok()) << client.status();
  absl::StatusOr<ResultSet> rows = (*client)->Execute("SELECT 41 + 1");
  ASSERT_TRUE(rows.ok()) << rows.status();
}

TEST_F(GrpcTlsTest, RequiredAndPreferredUseTlsWithoutACa) {
  StartTlsServer();
  EXPECT_TRUE(ConnectClient(server_->address(), {SslMode::kRequired, "", "", ""}).ok());
  EXPECT_TRUE(ConnectClient(server_->address(), {SslMode::kPreferred, "", "", ""}).ok());
}

TEST_F(GrpcTlsTest, ServerSignedByAnotherCaIsRefusedWithASentence) {
  StartTlsServer();
  absl::StatusOr<TestPki> other = TestPki::Create(dir_ + "/other", "other-ca");
  ASSERT_TRUE(other.ok()) << other.status();
  auto client = ConnectClient(server_->address(), {SslMode::kVerifyCa, other->ca_file(), "", ""});
  ASSERT_FALSE(client.ok());
  EXPECT_THAT(client.status().message(), HasSubstr("--ssl-mode=VERIFY_CA"));
  EXPECT_THAT(client.status().message(), HasSubstr("Can't connect"));
}

TEST_F(GrpcTlsTest, VerifyIdentityRefusesAHostTheCertificateDoesNotName) {
  StartTlsServer();
  const std::string by_name = absl::StrCat("localhost:", server_->port());
  EXPECT_TRUE(ConnectClient(by_name, {SslMode::kVerifyCa, pki_->ca_file(), "", ""}).ok());
  auto identity = ConnectClient(by_name, {SslMode::kVerifyIdentity, pki_->ca_file(), "", ""});
  EXPECT_FALSE(identity.ok());
}

TEST_F(GrpcTlsTest, MissingCaFileIsASentence) {
  auto client = ConnectClient("127.0.0.1:1", {SslMode::kVerifyCa, dir_ + "/nope.pem", "", ""});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(client.status().message(), HasSubstr("cannot read --ssl-ca"));
}

TEST_F(GrpcTlsTest, RotatedCertificateIsServedToNewConnections) {
  StartTlsServer();
  absl::StatusOr<std::string> before =
      ServerCommonName(Connect(server_->address(), pki_->ca_file()));
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(*before, "server-1");
  ASSERT_TRUE(pki_->Rotate(cert_, "server-2", {"IP:127.0.0.1"}).ok());
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    absl::StatusOr<std::string> name =
        ServerCommonName(Connect(server_->address(), pki_->ca_file()));
    if (name.ok()) seen = *name;
    if (seen == "server-2") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(seen, "server-2");
}

TEST_F(GrpcTlsTest, CliSpeaksTlsAndExplainsRefusals) {
  StartTlsServer();
  const std::string port = std::to_string(server_->port());
  CliRun ok = RunCli({"-h", "127.0.0.1", "-P", port, "--ssl-ca=" + pki_->ca_file(),
                      "--ssl-mode=VERIFY_IDENTITY", "-N", "-e", "SELECT 7"},
                     kTestPassword);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_THAT(ok.output, HasSubstr("7"));
  CliRun plain = RunCli({"-h", "127.0.0.1", "-P", port, "--ssl-mode=DISABLED", "-e", "SELECT 7"},
                        kTestPassword);
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_THAT(plain.output, HasSubstr("ERROR 2003"));
  CliRun bad_mode = RunCli({"-P", port, "--ssl-mode=SOMETIMES", "-e", "SELECT 7"}, kTestPassword);
  EXPECT_NE(bad_mode.exit_code, 0);
  EXPECT_THAT(bad_mode.output, HasSubstr("expected DISABLED, PREFERRED, REQUIRED"));
}

TEST_F(GrpcTlsTest, BadCertificateFileStopsTheServerWithASentence) {
  const std::string garbage = dir_ + "/garbage.pem";
  ASSERT_TRUE(RunShell("echo not-a-certificate > '" + garbage + "'").ok());
  absl::Status status = StartWithFlags({"--tls_cert_file=" + garbage, "--tls_key_file=" + cert_.key});
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("holds no PEM certificate"));
  EXPECT_THAT(status.message(), ::testing::Not(HasSubstr("BEGIN")));
}

TEST_F(GrpcTlsTest, KeyOfAnotherCertificateStopsTheServer) {
  absl::StatusOr<CertFiles> other = pki_->Issue("other", "other", {"IP:127.0.0.1"});
  ASSERT_TRUE(other.ok());
  absl::Status status =
      StartWithFlags({"--tls_cert_file=" + cert_.cert, "--tls_key_file=" + other->key});
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("does not belong to the certificate"));
}

TEST_F(GrpcTlsTest, RequireSecureTransportNeedsACertificate) {
  absl::Status status = StartWithFlags({"--require_secure_transport"});
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("--require_secure_transport needs --tls_cert_file"));
}

TEST_F(GrpcTlsTest, HealthPortAnswersHealthChecksOnly) {
  const int health_port = PickFreePort();
  ServerOptions options;
  options.flags = TlsFlags();
  options.flags.push_back("--health_port=" + std::to_string(health_port));
  options.tls_ca_file = pki_->ca_file();
  absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  const std::string plain = absl::StrCat("127.0.0.1:", health_port);
  absl::StatusOr<HealthStatus> health = CheckHealth(Connect(plain), "", absl::Seconds(5));
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(*health, HealthStatus::kServing);
  absl::StatusOr<v1::ExecuteResponse> sql = Execute(Connect(plain), "SELECT 1");
  EXPECT_EQ(sql.status().code(), absl::StatusCode::kUnauthenticated) << sql.status();
  EXPECT_THAT(sql.status().message(), HasSubstr("health checks only"));
}

class PlaintextServerTest : public GrpcTlsTest {};

TEST_F(PlaintextServerTest, PreferredFallsBackAndRequiredRefuses) {
  absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  auto preferred = ConnectClient(server_->address(), {SslMode::kPreferred, "", "", ""});
  ASSERT_TRUE(preferred.ok()) << preferred.status();
  EXPECT_TRUE((*preferred)->Execute("SELECT 1").ok());
  auto required = ConnectClient(server_->address(), {SslMode::kRequired, "", "", ""});
  ASSERT_FALSE(required.ok());
  EXPECT_THAT(required.status().message(), HasSubstr("--ssl-mode=REQUIRED"));
}

}  // namespace
}  // namespace ordinal::testing
