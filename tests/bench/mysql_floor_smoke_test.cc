// Smoke test of ordinal-mysql-floor (bench/mysql-floor), so that the floor measurement
// cannot rot: sysbench oltp_point_select runs for a second against it, with server-side
// prepared statements and with text statements, and ends without errors; SIGTERM stops it.
// Figures are not checked (tests never assert timings); only that queries were answered.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tests/mysql/client_runner.h"

extern char** environ;

namespace ordinal::testing {
namespace {

// The figure after `label` on its line of sysbench's report ("queries: 77893 (...)"); -1 when
// the line is missing.
int64_t ReportFigure(const std::string& report, const std::string& label) {
  for (absl::string_view line : absl::StrSplit(report, '\n')) {
    line = absl::StripLeadingAsciiWhitespace(line);
    if (!absl::ConsumePrefix(&line, label)) continue;
    line = absl::StripLeadingAsciiWhitespace(line);
    int64_t value = -1;
    if (absl::SimpleAtoi(line.substr(0, line.find(' ')), &value)) return value;
  }
  return -1;
}

class MysqlFloorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveProgram("sysbench")) GTEST_SKIP() << "sysbench is not installed";
    StartFloor();
  }

  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }

  // Starts the floor server on any free port and reads the port from its first line.
  void StartFloor() {
    int pipe_fds[2];
    ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    std::vector<std::string> args = {MYSQL_FLOOR_PATH, "--port=0"};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    out_ = pipe_fds[0];
    ASSERT_EQ(rc, 0) << "cannot start " << MYSQL_FLOOR_PATH;
    const std::string line = ReadLine(std::chrono::seconds(30));
    absl::string_view rest = line;
    ASSERT_TRUE(absl::ConsumePrefix(&rest, "listening on 127.0.0.1:")) << line;
    ASSERT_TRUE(absl::SimpleAtoi(rest, &port_)) << line;
  }

  // The server's next line of output, waiting at most `timeout`.
  std::string ReadLine(std::chrono::seconds timeout) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char c;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd readable{out_, POLLIN, 0};
      if (poll(&readable, 1, 100) <= 0) continue;
      if (read(out_, &c, 1) != 1 || c == '\n') break;
      line.push_back(c);
    }
    return line;
  }

  // sysbench oltp_point_select for one second on 2 threads; no table is prepared (the
  // floor has none).
  CommandResult PointSelects(const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {
        "sysbench", "oltp_point_select", "--db-driver=mysql", "--mysql-host=127.0.0.1",
        absl::StrCat("--mysql-port=", port_), "--mysql-user=anyone", "--mysql-password=any",
        "--mysql-db=sbtest", "--tables=1", "--table-size=1000", "--threads=2", "--time=1",
        "--events=0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("run");
    return RunCommand(argv, {}, 60);
  }

  void ExpectAnsweredWithoutErrors(const CommandResult& run) {
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_GT(ReportFigure(run.output, "queries:"), 0) << run.output;
    EXPECT_EQ(ReportFigure(run.output, "ignored errors:"), 0) << run.output;
    EXPECT_EQ(ReportFigure(run.output, "reconnects:"), 0) << run.output;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

TEST_F(MysqlFloorTest, PreparedPointSelectsRunWithoutErrors) {
  ExpectAnsweredWithoutErrors(PointSelects({}));
}

TEST_F(MysqlFloorTest, TextPointSelectsRunWithoutErrors) {
  ExpectAnsweredWithoutErrors(PointSelects({"--db-ps-mode=disable"}));
}

TEST_F(MysqlFloorTest, SigtermStopsTheServer) {
  ASSERT_EQ(kill(pid_, SIGTERM), 0);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  pid_t done = 0;
  while (done == 0 && std::chrono::steady_clock::now() < deadline) {
    done = waitpid(pid_, &status, WNOHANG);
    if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(done, pid_) << "still running 30 s after SIGTERM";
  pid_ = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
}  // namespace ordinal::testing
