// Mutual TLS between pods (docs/tls.md): a replica clones and follows the primary over TLS,
// each side presenting its own certificate; a stream or a clone claiming an ordinal that
// the client certificate does not name is refused, and so is one without a certificate.
// `ordinal backup`, an operator's tool holding no pod certificate, copies over TLS.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "ordinal/v1/clone.grpc.pb.h"
#include "ordinal/v1/replication.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/integration/tls/tls_fixture.h"
#include "tests/testing/cluster.h"
#include "tests/testing/server_process.h"
#include "tests/testing/sql_stub.h"
#include "tests/testing/test_pki.h"

namespace ordinal::testing {
namespace {

using ::testing::HasSubstr;

class MutualTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("mutual-tls");
    net_ = RandomLoopbackNet();
    absl::StatusOr<TestPki> pki = TestPki::Create(dir_ + "/pki");
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::make_unique<TestPki>(*std::move(pki));
    // One certificate per ordinal, naming the pod's address, as the local runner makes them.
    for (int ordinal = 0; ordinal < 3; ++ordinal) {
      absl::StatusOr<CertFiles> cert =
          pki_->Issue(absl::StrCat(ordinal, "/tls"), absl::StrCat("ordinal-", ordinal),
                      {absl::StrCat("IP:", net_, ".", ordinal)});
      ASSERT_TRUE(cert.ok()) << cert.status();
      certs_.push_back(*cert);
    }
    ClusterProcessOptions options;
    options.pods = 2;
    options.net = net_;
    options.tls_ca_file = pki_->ca_file();
    options.flags = {"--tls_cert_file=" + dir_ + "/pki/{ordinal}/tls.crt",
                     "--tls_key_file=" + dir_ + "/pki/{ordinal}/tls.key",
                     "--tls_ca_file=" + pki_->ca_file()};
    absl::StatusOr<std::unique_ptr<ClusterProcess>> cluster = ClusterProcess::Start(options);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
  }
  void TearDown() override {
    cluster_.reset();
    RemoveTree(dir_);
  }

  // Opens Replication.Stream on the primary as `client`, claiming `claimed_ordinal`, and
  // returns how the primary ends it.
  grpc::Status SubscribeAs(const CertFiles& client, uint32_t claimed_ordinal) {
    return Subscribe(ConnectAs(cluster_->address(0), pki_->ca_file(), client), claimed_ordinal);
  }

  grpc::Status Subscribe(const std::shared_ptr<grpc::Channel>& channel, uint32_t claimed_ordinal) {
    auto stub = v1::Replication::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata(kUserMetadataKey, "root");
    context.AddMetadata(kPasswordMetadataKey, cluster_->password());
    auto stream = stub->Stream(&context);
    v1::ReplicaMessage subscribe;
    subscribe.mutable_subscribe()->set_replica_ordinal(claimed_ordinal);
    stream->Write(subscribe);
    stream->WritesDone();
    v1::PrimaryMessage message;
    while (stream->Read(&message)) {
    }
    return stream->Finish();
  }

  // Runs `ordinal ARGS` with the cluster's password in the environment; the exit code and
  // what it printed (stdout and stderr, or only stderr when stdout goes to `stdout_file`).
  std::pair<int, std::string> Cli(const std::string& args, const std::string& stdout_file = "") {
    const std::string command =
        absl::StrCat("ORDINAL_PASSWORD='", cluster_->password(), "' ", CliPath(), " ", args,
                     " 2>&1", stdout_file.empty() ? "" : " >" + stdout_file);
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return {-1, ""};
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) output.append(buffer, n);
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
  }

  std::string dir_;
  std::string net_;
  std::unique_ptr<TestPki> pki_;
  std::vector<CertFiles> certs_;
  std::unique_ptr<ClusterProcess> cluster_;
};

TEST_F(MutualTlsTest, ReplicaClonesAndFollowsOverMutualTls) {
  ASSERT_TRUE(cluster_->Execute(0, "CREATE DATABASE d").ok());
  ASSERT_TRUE(cluster_->Execute(0, "CREATE TABLE d.t (id INT PRIMARY KEY, v TEXT)").ok());
  ASSERT_TRUE(cluster_->Execute(0, "INSERT INTO d.t VALUES (1, 'over tls'), (2, 'both ways')").ok());
  ASSERT_TRUE(cluster_->WaitConverged(absl::Seconds(30)).ok()) << cluster_->AllLogTails();
  absl::StatusOr<std::string> primary = cluster_->Checksum(0, "d.t");
  absl::StatusOr<std::string> replica = cluster_->Checksum(1, "d.t");
  ASSERT_TRUE(primary.ok() && replica.ok());
  EXPECT_EQ(*primary, *replica);
}

TEST_F(MutualTlsTest, StreamClaimingAnotherOrdinalIsRefused) {
  grpc::Status status = SubscribeAs(certs_[2], /*claimed_ordinal=*/1);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("does not name ordinal 1"));
}

TEST_F(MutualTlsTest, StreamWithoutClientCertificateIsRefused) {
  grpc::Status status = Subscribe(Connect(cluster_->address(0), pki_->ca_file()), 2);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
}

TEST_F(MutualTlsTest, CloneForAnotherOrdinalIsRefused) {
  auto stub = v1::Clone::NewStub(ConnectAs(cluster_->address(0), pki_->ca_file(), certs_[2]));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context.AddMetadata(kUserMetadataKey, "root");
  context.AddMetadata(kPasswordMetadataKey, cluster_->password());
  v1::SnapshotRequest request;
  request.set_requester_ordinal(1);
  auto reader = stub->Snapshot(&context, request);
  v1::SnapshotChunk chunk;
  EXPECT_FALSE(reader->Read(&chunk));
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
}

TEST_F(MutualTlsTest, StreamWithItsOwnCertificateIsAccepted) {
  // Ordinal 2's certificate claiming ordinal 2: past the identity check, the stream is
  // served (here it ends as an empty replica would not: DEADLINE or a protocol answer,
  // but never PERMISSION_DENIED or UNAUTHENTICATED).
  grpc::Status status = SubscribeAs(certs_[2], /*claimed_ordinal=*/2);
  EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
}

TEST_F(MutualTlsTest, BackupOverTlsNeedsNoOrdinalCertificate) {
  ASSERT_TRUE(cluster_->Execute(0, "CREATE DATABASE d").ok());
  ASSERT_TRUE(cluster_->Execute(0, "CREATE TABLE d.t (id INT PRIMARY KEY)").ok());
  ASSERT_TRUE(cluster_->Execute(0, "INSERT INTO d.t VALUES (1), (2), (3)").ok());
  ASSERT_TRUE(cluster_->WaitConverged(absl::Seconds(30)).ok()) << cluster_->AllLogTails();

  // The server's certificate checked against the CA, no client certificate: the replica
  // serves the snapshot to the password alone, as it would serve SQL.
  const std::string verified = dir_ + "/backup-verified";
  auto [code, output] = Cli(absl::StrCat("backup --from ", cluster_->address(1), " --to ",
                                         verified, " --ssl-ca ", pki_->ca_file(), " --quiet"));
  ASSERT_EQ(code, 0) << output << cluster_->AllLogTails();
  std::tie(code, output) = Cli("backup verify " + verified);
  EXPECT_EQ(code, 0) << output;

  // PREFERRED (the default) finds TLS by itself; a tar stream this time.
  std::tie(code, output) = Cli(absl::StrCat("backup --from ", cluster_->address(1), " --to -"),
                               dir_ + "/backup.tar");
  ASSERT_EQ(code, 0) << output;
  std::tie(code, output) = Cli(absl::StrCat("backup verify ", dir_, "/backup.tar"));
  EXPECT_EQ(code, 0) << output;

  // Plaintext against a TLS-only port fails, and says it could not connect.
  std::tie(code, output) = Cli(absl::StrCat("backup --from ", cluster_->address(1), " --to ",
                                            dir_, "/backup-plain --skip-ssl --quiet"));
  EXPECT_NE(code, 0) << output;
}

}  // namespace
}  // namespace ordinal::testing
