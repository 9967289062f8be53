// sysbench 1.0.20, unmodified, against a real 3-ordinal cluster over the MySQL protocol:
// prepare, run and cleanup of every OLTP workload against ordinal 0, with its default
// server-side prepared statements and with --db-ps-mode=disable, then read-only runs
// against a replica. Runs are short (this checks behaviour, not speed) and must end with
// no errors other than the ones sysbench itself retries (1213 by default).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/mysql/client_runner.h"
#include "tests/testing/cluster.h"

namespace ordinal::testing {
namespace {

class MysqlSysbenchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveProgram("sysbench")) GTEST_SKIP() << "sysbench is not installed";
    absl::StatusOr<std::unique_ptr<ClusterProcess>> cluster = ClusterProcess::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    ASSERT_EQ(RunCommand({"mariadb", "-h", cluster_->pod(0).host(), "-P",
                          std::to_string(cluster_->pod(0).mysql_port()), "-uroot", "-e",
                          "CREATE DATABASE sbtest"},
                         {{"MYSQL_PWD", cluster_->password()}}, 60)
                  .exit_code,
              0);
  }

  CommandResult Sysbench(int ordinal, const std::string& workload, const std::string& command,
                         std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {
        "sysbench", workload, "--db-driver=mysql",
        "--mysql-host=" + cluster_->pod(ordinal).host(),
        absl::StrCat("--mysql-port=", cluster_->pod(ordinal).mysql_port()),
        "--mysql-user=root", "--mysql-password=" + cluster_->password(),
        "--mysql-db=sbtest", "--tables=1", "--table-size=500", "--threads=4", "--time=2",
        "--events=0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(command);
    return RunCommand(argv, {}, 120);
  }

  // Runs a workload and checks it ran statements and hit no errors sysbench did not retry.
  void ExpectRuns(int ordinal, const std::string& workload, std::vector<std::string> extra) {
    CommandResult r = Sysbench(ordinal, workload, "run", extra);
    ASSERT_EQ(r.exit_code, 0) << workload << ":\n" << r.output;
    EXPECT_TRUE(absl::StrContains(r.output, "queries:")) << r.output;
    EXPECT_FALSE(absl::StrContains(r.output, "FATAL")) << r.output;
  }

  std::unique_ptr<ClusterProcess> cluster_;
};

TEST_F(MysqlSysbenchTest, EveryOltpWorkloadRunsWithAndWithoutPreparedStatements) {
  const std::vector<std::string> workloads = {
      "oltp_point_select", "oltp_read_only",   "oltp_write_only",       "oltp_read_write",
      "oltp_insert",       "oltp_update_index", "oltp_update_non_index", "oltp_delete"};
  CommandResult prepare = Sysbench(0, "oltp_common", "prepare");
  ASSERT_EQ(prepare.exit_code, 0) << prepare.output;
  for (const std::string& workload : workloads) {
    for (const char* ps_mode : {"--db-ps-mode=auto", "--db-ps-mode=disable"}) {
      SCOPED_TRACE(absl::StrCat(workload, " ", ps_mode));
      ExpectRuns(0, workload, {ps_mode});
    }
  }
  ASSERT_TRUE(cluster_->WaitConverged(absl::Seconds(60)).ok());
  for (const char* workload : {"oltp_point_select", "oltp_read_only"}) {
    SCOPED_TRACE(absl::StrCat(workload, " on a replica"));
    ExpectRuns(2, workload, {"--db-ps-mode=auto"});
  }
  CommandResult cleanup = Sysbench(0, "oltp_common", "cleanup");
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.output;
}

}  // namespace
}  // namespace ordinal::testing
