// SIGTERM against a real ordinald while MySQL clients hold it up: a client that stopped
// reading a result set (its socket buffers full, the server's write waiting for room) must
// not keep the process alive. Without the shutdown ending that write, the process waited for
// the write timeout (60 s) for every write that made no progress, for as long as the client
// read a little now and then, and over TLS (whose blocking write has no timeout) forever.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/mysql/client_runner.h"
#include "tests/mysql/raw_client.h"
#include "tests/mysql/wide_rows.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_pki.h"

extern char** environ;

namespace ordinal::testing {
namespace {

constexpr int kRows = 2000;
constexpr int kValueBytes = 1000;  // the SELECT repeats it 20 times: 40 MB of results
constexpr char kBigSelect[] = "SELECT id, REPEAT(v, 20) FROM s.t";

// The mariadb CLI printing a result row by row (--quick) into a pipe that nobody reads:
// once the pipe is full the client stops reading its socket, as a stalled client does.
class StalledCli {
 public:
  // Starts `argv`; false when it cannot be started.
  bool Start(std::vector<std::string> argv, const std::string& password) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return false;
    read_end_ = fds[0];
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    std::vector<std::string> env = {"MYSQL_PWD=" + password};
    for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
    std::vector<char*> args, envp;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    const int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    return rc == 0;
  }

  // Waits (up to `timeout`) until the pipe is full: the client then blocks on its output.
  bool WaitUntilStalled(std::chrono::seconds timeout) {
    const int capacity = fcntl(read_end_, F_GETPIPE_SZ);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int queued = 0;
      if (ioctl(read_end_, FIONREAD, &queued) == 0 && queued >= capacity) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  ~StalledCli() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (read_end_ >= 0) close(read_end_);
  }

 private:
  pid_t pid_ = -1;
  int read_end_ = -1;
};

class MysqlShutdownTest : public ::testing::Test {
 protected:
  void TearDown() override {
    server_.reset();
    if (!dir_.empty()) RemoveTree(dir_);
  }

  // Starts a server (`flags` added) holding s.t: kRows rows of kValueBytes.
  void StartWithRows(std::vector<std::string> flags = {}) {
    ServerOptions options;
    options.flags = {"--sync_commit=off"};
    options.flags.insert(options.flags.end(), flags.begin(), flags.end());
    options.tls_ca_file = ca_file_;
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_TRUE(CreateWideRows(*LoggedIn(), kRows, kValueBytes));
  }

  // A server with TLS on its ports (a certificate of a test CA for 127.0.0.1).
  void StartWithTlsAndRows() {
    dir_ = MakeTempDir("mysql-shutdown");
    absl::StatusOr<TestPki> pki = TestPki::Create(dir_ + "/pki");
    ASSERT_TRUE(pki.ok()) << pki.status();
    absl::StatusOr<CertFiles> cert = pki->Issue("server", "mysql-server", {"IP:127.0.0.1"});
    ASSERT_TRUE(cert.ok()) << cert.status();
    ca_file_ = pki->ca_file();
    StartWithRows({"--tls_cert_file=" + cert->cert, "--tls_key_file=" + cert->key,
                   "--tls_ca_file=" + ca_file_});
  }

  std::unique_ptr<RawMysqlClient> LoggedIn() {
    auto client = std::make_unique<RawMysqlClient>();
    EXPECT_TRUE(client->Connect("127.0.0.1", server_->mysql_port()));
    EXPECT_TRUE(IsOk(client->Login(server_->password())));
    return client;
  }

  // Sends the 40 MB SELECT and reads its first packets (the column count, two definitions
  // and a row), then reads nothing more: the rest fills the sockets' buffers and the server
  // waits to write.
  static void StartAResultAndStopReading(RawMysqlClient& client) {
    ASSERT_TRUE(client.SendPacket(std::string("\x03") + kBigSelect, 0));
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(client.ReadPacket(60).has_value());
  }

  std::string dir_;
  std::string ca_file_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(MysqlShutdownTest, AClientThatStopsReadingAResultDoesNotHoldTheShutdown) {
  StartWithRows();
  std::unique_ptr<RawMysqlClient> reader = LoggedIn();
  StartAResultAndStopReading(*reader);
  std::unique_ptr<RawMysqlClient> idle = LoggedIn();
  // Well within the write timeout (60 s), and with a clean exit (status 0).
  EXPECT_TRUE(server_->Stop(std::chrono::seconds(30)).ok());
  // An idle client was told why (ERROR 1053, 08S01).
  EXPECT_EQ(ErrorCode(idle->ReadPacket(30)), 1053);
  // The client that stopped reading finds its connection closed after what had been sent.
  EXPECT_TRUE(reader->ClosedByServer(30));
}

TEST_F(MysqlShutdownTest, ATlsClientThatStopsReadingAResultDoesNotHoldTheShutdown) {
  if (!HaveProgram("mariadb")) GTEST_SKIP() << "mariadb is not installed (scripts/install-deps.sh)";
  StartWithTlsAndRows();
  StalledCli cli;
  ASSERT_TRUE(cli.Start({"mariadb", "--ssl", "--ssl-ca=" + ca_file_, "--quick", "-h",
                         "127.0.0.1", "-P", std::to_string(server_->mysql_port()), "-uroot",
                         "-e", kBigSelect},
                        server_->password()));
  ASSERT_TRUE(cli.WaitUntilStalled(std::chrono::seconds(60)));
  EXPECT_TRUE(server_->Stop(std::chrono::seconds(30)).ok());
}

}  // namespace
}  // namespace ordinal::testing
