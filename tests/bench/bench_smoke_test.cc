// Smoke test of ordinal-bench, so the harness cannot rot: each driver prepares a small data
// set, runs oltp_read_write and oltp_point_select for 2 seconds and cleans up, with no errors.
// Figures are not checked (tests never assert timings); only that work was done.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/testing/server_process.h"
#include "tests/testing/shell.h"

namespace ordinal::testing {
namespace {

class BenchSmokeTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir("bench-smoke"); }
  void TearDown() override {
    // Stops a MariaDB this test started, also after a failed assertion.
    if (!mariadb_dir_.empty()) Shell(absl::StrCat(MARIADB_LOCAL_PATH, " stop ", mariadb_dir_), log());
    RemoveTree(dir_);
  }

  // Starts a throwaway MariaDB on a free port and targets it.
  void StartMariadb() {
    int port = PickFreePort();
    mariadb_dir_ = absl::StrCat(dir_, "/mariadb");
    ASSERT_EQ(Shell(absl::StrCat(MARIADB_LOCAL_PATH, " start ", mariadb_dir_, " ", port, " 1"),
                    log()),
              0)
        << ReadFile(log());
    target_ = absl::StrCat("mysql://bench:bench@127.0.0.1:", port, "/sbtest");
  }

  // Runs `ordinal-bench WORKLOAD COMMAND --target=TARGET` with a small data set.
  int Bench(const std::string& workload, const std::string& command, const std::string& extra = "") {
    return Shell(absl::StrCat(env_, " ", ORDINAL_BENCH_PATH, " ", workload, " ", command,
                              " --target=", target_, " --table_size=1000 --threads=2 ", extra),
                 log());
  }

  // prepare, run for 2 s writing JSON (with `run_extra` arguments), cleanup; expects work
  // done and no errors.
  void PrepareRunCleanup(const std::string& workload, const std::string& run_extra = "") {
    std::string json = absl::StrCat(dir_, "/", workload, ".json");
    ASSERT_EQ(Bench(workload, "prepare"), 0) << ReadFile(log());
    ASSERT_EQ(Bench(workload, "run",
                    absl::StrCat("--time=2 --report_interval=1 --json=", json, " ", run_extra)),
              0)
        << ReadFile(log());
    std::string figures = ReadFile(json);
    EXPECT_NE(figures.find("\"errors\": 0,"), std::string::npos) << figures;
    EXPECT_EQ(figures.find("\"transactions\": 0,"), std::string::npos) << figures;
    EXPECT_EQ(Bench(workload, "cleanup"), 0) << ReadFile(log());
  }

  std::string log() const { return dir_ + "/bench.log"; }

  std::string dir_;
  std::string mariadb_dir_;
  std::string env_;
  std::string target_;
};

TEST_F(BenchSmokeTest, OrdinalWorkloadsRunWithoutErrors) {
  auto server = ServerProcess::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  env_ = absl::StrCat("ORDINAL_PASSWORD=", kTestPassword);
  target_ = absl::StrCat("ordinal://", (*server)->address());
  PrepareRunCleanup("oltp_read_write");
  PrepareRunCleanup("oltp_point_select");
}

TEST_F(BenchSmokeTest, OrdinalWorkloadsRunOnFewerClientThreads) {
  auto server = ServerProcess::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  env_ = absl::StrCat("ORDINAL_PASSWORD=", kTestPassword);
  target_ = absl::StrCat("ordinal://", (*server)->address());
  // Five sessions on two threads: explicit transactions, writes and their retries.
  PrepareRunCleanup("oltp_read_write", "--threads=5 --client_threads=2");
  PrepareRunCleanup("oltp_point_select", "--threads=5 --client_threads=2");
  // The blocking-only options are refused.
  EXPECT_NE(Bench("oltp_point_select", "run", "--time=1 --client_threads=1 --rate=100"), 0);
  EXPECT_NE(Bench("oltp_point_select", "run", "--time=1 --client_threads=1 --ordinal_calls=unary"),
            0);
}

TEST_F(BenchSmokeTest, MariadbWorkloadsRunWithoutErrors) {
  if (!HaveMariadb()) GTEST_SKIP() << "mariadbd is not installed";
  ASSERT_NO_FATAL_FAILURE(StartMariadb());
  PrepareRunCleanup("oltp_read_write");
  PrepareRunCleanup("oltp_point_select");
}

}  // namespace
}  // namespace ordinal::testing
