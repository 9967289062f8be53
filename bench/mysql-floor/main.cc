// ordinal-mysql-floor: a MySQL server that answers sysbench's oltp_point_select without any
// storage, to measure what the protocol, the kernel and the client cost on a machine
// (bench/mysql-floor/README.md). Listens on 127.0.0.1:--port until SIGTERM or SIGINT.
#include <signal.h>

#include <algorithm>
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "bench/mysql-floor/server.h"

ABSL_FLAG(int, port, 3306, "TCP port on 127.0.0.1 (0: any free port, printed)");
ABSL_FLAG(int, io_threads, 0, "event loops, each run by one thread (0: one per core)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "A MySQL server answering every point select with a fixed row, no storage.");
  absl::ParseCommandLine(argc, argv);
  // Taken by sigwait below; blocked before any thread starts so that none of them gets it.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  ordinal::bench::mysql_floor::Server::Options options;
  options.port = absl::GetFlag(FLAGS_port);
  options.io_threads = static_cast<size_t>(std::max(0, absl::GetFlag(FLAGS_io_threads)));
  auto server = ordinal::bench::mysql_floor::Server::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 1;
  }
  std::printf("listening on 127.0.0.1:%d\n", (*server)->port());
  std::fflush(stdout);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  (*server)->Stop();
  return 0;
}
