#include "tests/integration/backup/backup_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "backup/backup_manifest.h"
#include "replication/log_archive_format.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/testing/sql_stub.h"

namespace ordinal::integration {
namespace fs = std::filesystem;

std::unique_ptr<testing::ClusterProcess> BackupFixture::cluster_;
std::string* BackupFixture::root_ = nullptr;
std::string* BackupFixture::archive_dir_ = nullptr;

void BackupFixture::SetUpTestSuite() {
  std::string pattern = (fs::temp_directory_path() / "ordinal-backup-test-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  root_ = new std::string(pattern);
  archive_dir_ = new std::string(*root_ + "/archive");
  testing::ClusterProcessOptions options;
  options.pods = 2;
  options.primary_flags = {"--log_archive_dir=" + *archive_dir_};
  auto cluster = testing::ClusterProcess::Start(options);
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  cluster_ = std::move(*cluster);
}

void BackupFixture::TearDownTestSuite() {
  cluster_.reset();
  if (root_ != nullptr) {
    std::error_code ignored;
    fs::remove_all(*root_, ignored);
  }
  delete root_;
  delete archive_dir_;
  root_ = archive_dir_ = nullptr;
}

void BackupFixture::TearDown() {
  if (HasFailure() && cluster_ != nullptr) std::cerr << cluster_->AllLogTails();
}

std::string BackupFixture::NewPath(const std::string& name) { return *root_ + "/" + name; }

CliRun BackupFixture::Ordinal(const std::string& args) {
  const std::string command = absl::StrCat("ORDINAL_PASSWORD='", cluster_->password(), "' ",
                                           testing::CliPath(), " ", args, " 2>&1");
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) run.output.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

v1::BackupManifest BackupFixture::Backup(const std::string& dir, const std::string& extra) {
  const CliRun run =
      Ordinal(absl::StrCat("backup --from ", cluster_->address(1), " --to ", dir, " ", extra));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  absl::StatusOr<v1::BackupManifest> manifest = backup::LoadManifest(dir);
  EXPECT_TRUE(manifest.ok()) << manifest.status() << "\n" << run.output;
  return manifest.ok() ? *manifest : v1::BackupManifest();
}

void BackupFixture::Sql(const std::string& sql) {
  absl::StatusOr<v1::ExecuteResponse> response = cluster_->Execute(0, sql);
  ASSERT_TRUE(response.ok()) << sql << ": " << response.status();
}

uint64_t BackupFixture::WaitArchived() {
  absl::StatusOr<uint64_t> target = cluster_->Position(0);
  EXPECT_TRUE(target.ok()) << target.status();
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  uint64_t archived = 0;
  while (absl::Now() < deadline) {
    absl::StatusOr<replication::ArchiveReader> reader =
        replication::ArchiveReader::Open(*archive_dir_);
    if (reader.ok()) {
      while (true) {
        absl::StatusOr<std::optional<replication::ArchivedBatch>> next = reader->Next();
        if (!next.ok() || !next->has_value()) break;
        archived = (*next)->batch.last_sequence;
      }
    }
    if (target.ok() && archived >= *target) return archived;
    absl::SleepFor(absl::Milliseconds(20));
  }
  ADD_FAILURE() << "the archive holds position " << archived << ", not "
                << (target.ok() ? *target : 0);
  return archived;
}

std::unique_ptr<testing::ServerProcess> BackupFixture::StartOn(const std::string& data_dir) {
  testing::ServerOptions options;
  options.password = cluster_->password();
  options.flags = {"--data_dir=" + data_dir, "--peers=1"};
  auto server = testing::ServerProcess::Start(options);
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? std::move(*server) : nullptr;
}

std::string BackupFixture::Cell(testing::ServerProcess& server, const std::string& sql) {
  absl::StatusOr<v1::ExecuteResponse> response =
      testing::Execute(testing::Connect(server.address()), sql);
  EXPECT_TRUE(response.ok()) << sql << ": " << response.status();
  return response.ok() ? testing::FirstCell(*response) : "";
}

}  // namespace ordinal::integration

namespace ordinal::integration {

std::string BackupFixture::Checksum(testing::ServerProcess& server, const std::string& table) {
  absl::StatusOr<v1::ExecuteResponse> response = testing::Execute(
      testing::Connect(server.address()), absl::StrCat("CHECKSUM TABLE ", table));
  EXPECT_TRUE(response.ok()) << response.status();
  if (!response.ok() || response->rows_size() != 1) return "";
  const v1::Value& cell = response->rows(0).values(response->rows(0).values_size() - 1);
  return cell.kind_case() == v1::Value::kIntValue ? absl::StrCat(cell.int_value())
                                                   : cell.string_value();
}

}  // namespace ordinal::integration

namespace ordinal::integration {

absl::StatusOr<v1::GetStatusResponse> BackupFixture::AdminStatus(testing::ServerProcess& server) {
  auto stub = v1::Admin::NewStub(testing::Connect(server.address()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  context.AddMetadata(kUserMetadataKey, "root");
  context.AddMetadata(kPasswordMetadataKey, server.password());
  v1::GetStatusResponse response;
  grpc::Status status = stub->GetStatus(&context, v1::GetStatusRequest(), &response);
  if (!status.ok()) return FromGrpcStatus(status, context);
  return response;
}

}  // namespace ordinal::integration
