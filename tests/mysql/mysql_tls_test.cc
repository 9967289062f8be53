// TLS on the MySQL port (docs/tls.md): the SSL capability and the upgrade after the
// greeting, with unmodified clients (the mariadb CLI, PyMySQL) moving data over TLS;
// caching_sha2_password's full authentication over TLS; --require_secure_transport
// answering plaintext logins with ERROR 3159; garbage around the TLS handshake closing
// the connection without hurting the server.
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/mysql/protocol.h"
#include "tests/mysql/client_runner.h"
#include "tests/mysql/raw_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_pki.h"

namespace ordinal::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kPython[] = "/usr/bin/python3";  // Debian's, with Debian's modules

#define ORD_NEED_PROGRAM(p) \
  if (!HaveProgram(p)) GTEST_SKIP() << p << " is not installed (scripts/install-deps.sh)"

// The 32-byte SSLRequest: capabilities with CLIENT_SSL, max packet, utf8mb4, 23 zeros.
std::string SslRequest() {
  const uint32_t caps = server::mysql::cap::kProtocol41 | server::mysql::cap::kSecureConnection |
                        server::mysql::cap::kPluginAuth | server::mysql::cap::kSsl;
  std::string out;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((caps >> (8 * i)) & 0xff));
  out += std::string("\x00\x00\x00\x01", 4);
  out.push_back(static_cast<char>(45));
  out += std::string(23, '\0');
  return out;
}

class MysqlTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("mysql-tls");
    absl::StatusOr<TestPki> pki = TestPki::Create(dir_ + "/pki");
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::make_unique<TestPki>(*std::move(pki));
    absl::StatusOr<CertFiles> cert = pki_->Issue("server", "mysql-server", {"IP:127.0.0.1"});
    ASSERT_TRUE(cert.ok()) << cert.status();
    cert_ = *cert;
  }
  void TearDown() override {
    server_.reset();
    RemoveTree(dir_);
  }

  void StartServer(std::vector<std::string> extra = {}) {
    ServerOptions options;
    options.flags = {"--tls_cert_file=" + cert_.cert, "--tls_key_file=" + cert_.key,
                     "--tls_ca_file=" + pki_->ca_file(), "--tls_reload_interval_s=1"};
    options.flags.insert(options.flags.end(), extra.begin(), extra.end());
    options.tls_ca_file = pki_->ca_file();
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  CommandResult Python(const std::string& mode, const std::string& password = kTestPassword) {
    return RunCommand({kPython, std::string(ORDINAL_MYSQL_CLIENTS_DIR) + "/tls_client.py", mode},
                      {{"ORD_HOST", "127.0.0.1"},
                       {"ORD_PORT", std::to_string(server_->mysql_port())},
                       {"ORD_PASSWORD", password},
                       {"ORD_CA", pki_->ca_file()}},
                      60);
  }

  CommandResult Mariadb(std::vector<std::string> args) {
    std::vector<std::string> argv = {"mariadb", "-h", "127.0.0.1", "-P",
                                     std::to_string(server_->mysql_port()), "-uroot"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, {{"MYSQL_PWD", kTestPassword}}, 60);
  }

  std::string dir_;
  std::unique_ptr<TestPki> pki_;
  CertFiles cert_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(MysqlTlsTest, PyMysqlMovesDataOverVerifiedTls) {
  ORD_NEED_PROGRAM(kPython);
  StartServer();
  CommandResult r = Python("verify");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("tls TLSv1.3 mysql-server"));
  EXPECT_THAT(r.output, HasSubstr("ok"));
}

TEST_F(MysqlTlsTest, FullAuthenticationOverTlsChecksThePassword) {
  ORD_NEED_PROGRAM(kPython);
  StartServer();
  // The cache is empty after a start: the first login over TLS sends the password itself.
  CommandResult wrong = Python("verify", "not-the-password");
  EXPECT_EQ(wrong.exit_code, 3) << wrong.output;
  EXPECT_THAT(wrong.output, HasSubstr("error 1045"));
  CommandResult first = Python("verify");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  CommandResult cached = Python("verify");  // fast path now
  ASSERT_EQ(cached.exit_code, 0) << cached.output;
  CommandResult wrong_again = Python("verify", "not-the-password");
  EXPECT_THAT(wrong_again.output, HasSubstr("error 1045"));
}

TEST_F(MysqlTlsTest, PlaintextStillWorksWithoutRequireSecureTransport) {
  ORD_NEED_PROGRAM(kPython);
  StartServer();
  CommandResult r = Python("plain");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("plaintext"));
}

TEST_F(MysqlTlsTest, MariadbCliUsesTls) {
  ORD_NEED_PROGRAM("mariadb");
  StartServer();
  CommandResult r = Mariadb({"--ssl", "--ssl-ca=" + pki_->ca_file(), "--ssl-verify-server-cert",
                             "-e", "status"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("Cipher in use"));
}

TEST_F(MysqlTlsTest, RequireSecureTransportRefusesPlaintextWith3159) {
  ORD_NEED_PROGRAM(kPython);
  StartServer({"--require_secure_transport"});
  CommandResult plain = Python("plain");
  EXPECT_EQ(plain.exit_code, 3) << plain.output;
  EXPECT_THAT(plain.output, HasSubstr("error 3159"));
  CommandResult secure = Python("verify");
  EXPECT_EQ(secure.exit_code, 0) << secure.output;
  if (HaveProgram("mariadb")) {
    CommandResult cli = Mariadb({"--skip-ssl", "-e", "SELECT 1"});
    EXPECT_THAT(cli.output, HasSubstr("ERROR 3159"));
  }
}

TEST_F(MysqlTlsTest, BytesSmuggledAfterTheSslRequestCloseTheConnection) {
  StartServer();
  RawMysqlClient client;
  ASSERT_TRUE(client.Connect("127.0.0.1", server_->mysql_port()));
  ASSERT_TRUE(client.ReadPacket().has_value());
  std::string packet = SslRequest();
  std::string framed = {static_cast<char>(packet.size()), 0, 0, 1};
  ASSERT_TRUE(client.SendBytes(framed + packet + "SELECT 1 -- plaintext"));
  EXPECT_TRUE(client.ClosedByServer());
  ASSERT_EQ(Python("verify").exit_code, 0);
}

TEST_F(MysqlTlsTest, GarbageInsteadOfATlsHandshakeClosesTheConnection) {
  StartServer();
  RawMysqlClient client;
  ASSERT_TRUE(client.Connect("127.0.0.1", server_->mysql_port()));
  ASSERT_TRUE(client.ReadPacket().has_value());
  ASSERT_TRUE(client.SendPacket(SslRequest(), 1));
  ASSERT_TRUE(client.SendBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(client.ClosedByServer());
  ASSERT_EQ(Python("verify").exit_code, 0);
}

TEST_F(MysqlTlsTest, RotatedCertificateReachesNewConnections) {
  ORD_NEED_PROGRAM(kPython);
  StartServer();
  ASSERT_THAT(Python("verify").output, HasSubstr("mysql-server"));
  ASSERT_TRUE(pki_->Rotate(cert_, "mysql-server-2", {"IP:127.0.0.1"}).ok());
  std::string output;
  for (int attempt = 0; attempt < 40; ++attempt) {
    output = Python("verify").output;
    if (output.find("mysql-server-2") != std::string::npos) break;
    ::usleep(250000);
  }
  EXPECT_THAT(output, HasSubstr("mysql-server-2"));
}

}  // namespace
}  // namespace ordinal::testing
