// A fixture for the backup and restore tests: one real cluster (a primary archiving its log
// into a temp directory, and one replica) shared by the suite, plus the verbs the tests speak
// in: run `ordinal backup` / `ordinal backup verify` / `ordinal restore` through the real CLI,
// wait until the archive holds the primary's newest position, and start an ordinald on a
// restored data directory to query it.
#ifndef ORDINAL_TESTS_INTEGRATION_BACKUP_BACKUP_FIXTURE_H_
#define ORDINAL_TESTS_INTEGRATION_BACKUP_BACKUP_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ordinal/v1/backup.pb.h"
#include "tests/testing/cluster.h"
#include "tests/testing/server_process.h"

namespace ordinal::integration {

// What a CLI run printed and how it exited.
struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

class BackupFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void TearDown() override;

  static testing::ClusterProcess& cluster() { return *cluster_; }
  static const std::string& archive_dir() { return *archive_dir_; }
  // A new path under the suite's temp directory (not created).
  static std::string NewPath(const std::string& name);

  // Runs `ordinal ARGS` with ORDINAL_PASSWORD set to the cluster's password.
  static CliRun Ordinal(const std::string& args);
  // `ordinal backup --from <replica> --to DIR [extra]`, expected to succeed; its manifest.
  static v1::BackupManifest Backup(const std::string& dir, const std::string& extra = "");
  // Runs `sql` on the primary and expects success.
  static void Sql(const std::string& sql);
  // Waits until the log archive holds the primary's newest position; returns it.
  static uint64_t WaitArchived();
  // Starts ordinald (ordinal 0) on a restored data directory.
  static std::unique_ptr<testing::ServerProcess> StartOn(const std::string& data_dir);
  // The first cell of `sql` on `server`.
  static std::string Cell(testing::ServerProcess& server, const std::string& sql);
  // Admin.GetStatus of `server`.
  static absl::StatusOr<v1::GetStatusResponse> AdminStatus(testing::ServerProcess& server);
  // CHECKSUM TABLE `table` on `server` (the checksum column, as text).
  static std::string Checksum(testing::ServerProcess& server, const std::string& table);

 private:
  static std::unique_ptr<testing::ClusterProcess> cluster_;
  static std::string* root_;
  static std::string* archive_dir_;
};

}  // namespace ordinal::integration

#endif  // ORDINAL_TESTS_INTEGRATION_BACKUP_BACKUP_FIXTURE_H_
