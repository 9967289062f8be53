// A real `ordinald` process for integration tests: a unique temporary data directory, a free
// loopback port, started and waited for until its grpc.health.v1 status is SERVING, and
// killed for real. The destructor kills the process (SIGKILL) and removes the directory.
#ifndef ORDINAL_TESTS_TESTING_SERVER_PROCESS_H_
#define ORDINAL_TESTS_TESTING_SERVER_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ordinal::testing {

inline constexpr char kTestPassword[] = "test-password";

struct ServerOptions {
  int ordinal = 0;
  // Address to listen on. Every 127.x.y.z is loopback, so several servers can share one
  // port on different addresses, like pods (see tests/testing/cluster.h).
  std::string host = "127.0.0.1";
  // Port to listen on; 0 picks a free one on 127.0.0.1.
  int port = 0;
  // MySQL protocol port; 0 picks a free one on 127.0.0.1.
  int mysql_port = 0;
  // Extra command-line flags, e.g. {"--sync_commit=off"}.
  std::vector<std::string> flags;
  // Extra environment entries "NAME=value".
  std::vector<std::string> env;
  // Given to the server as ORDINAL_ROOT_PASSWORD; empty passes --insecure_no_password.
  std::string password = kTestPassword;
  // The grpc.health.v1 service name Start/Restart wait for: "" (the whole server) by
  // default; "ordinal.liveness" to wait only until the process answers (a replica that is
  // still cloning from its predecessor is live but not serving).
  std::string wait_for_service;
  // How long Start/Restart wait for SERVING.
  std::chrono::seconds start_timeout{60};
  // When the server speaks TLS (--tls_cert_file in flags): the CA its certificate chains
  // to, which the harness's own channels (health probes) verify it with.
  std::string tls_ca_file;
};

class ServerProcess {
 public:
  // Creates a temp data dir, picks a free port on 127.0.0.1 unless options.port is set,
  // starts ordinald on options.host, waits SERVING.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(ServerOptions options = {});
  ~ServerProcess();

  // "HOST:PORT".
  std::string address() const;
  int port() const { return port_; }
  // The MySQL protocol listener's port (on host()).
  int mysql_port() const { return mysql_port_; }
  const std::string& host() const { return host_; }
  const std::string& data_dir() const { return data_dir_; }
  const std::string& password() const { return options_.password; }
  // Path of the file that receives the server's stdout+stderr.
  const std::string& log_path() const { return log_path_; }
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // SIGKILL and reap.
  absl::Status Kill();
  // SIGTERM and wait for exit (up to `timeout`); returns the exit code as the message on a
  // non-zero exit.
  absl::Status Stop(std::chrono::seconds timeout = std::chrono::seconds(30));
  // Starts again on the same data directory, host and port; waits SERVING.
  absl::Status Restart();

  // The options the next Restart uses (e.g. other flags); host and port are kept as they are.
  ServerOptions& mutable_options() { return options_; }
  const ServerOptions& options() const { return options_; }

 private:
  ServerProcess() = default;
  absl::Status Spawn();
  absl::Status WaitServing();

  ServerOptions options_;
  std::string root_dir_;  // temp dir holding data/ and server.log
  std::string data_dir_;
  std::string log_path_;
  std::string host_ = "127.0.0.1";
  int port_ = 0;
  int mysql_port_ = 0;
  pid_t pid_ = -1;
};

// Absolute paths of the built binaries (set by CMake).
std::string OrdinaldPath();
std::string CliPath();

// A free TCP port on 127.0.0.1 (bound to port 0 and released), never one this process was
// handed before (unless the kernel offers nothing else); 0 when none is free.
int PickFreePort();

// A unique new temporary directory; removed by RemoveTree.
std::string MakeTempDir(const std::string& prefix);
void RemoveTree(const std::string& path);

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_TESTING_SERVER_PROCESS_H_
