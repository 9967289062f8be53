// ordinal-repl-bench: replication lag and catch-up of an OrdinalDB cluster on one machine.
//
// It starts a primary and two replicas on loopback (LocalCluster), then
//   (a) lag: --writers threads run single-row INSERTs on the primary as fast as it takes them
//       for --duration_s; replica lag is measured two ways: pt-heartbeat style (a heartbeat
//       row with the primary's clock written every 100 ms, read on each replica every 10 ms;
//       bench/lag_monitor.h) and from commit positions (acknowledgement time of position P
//       to the replica's applied position reaching P; commit_lag.h);
//   (b) catch-up: the last replica is stopped, --catchup_writes single-row INSERTs run on the
//       primary, the replica is started again, and the time until its applied position
//       reaches the primary's gives positions/s and rows/s.
// It prints the figures and the exact command line.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/histogram.h"
#include "bench/lag_monitor.h"
#include "bench/replication/commit_lag.h"
#include "bench/replication/local_cluster.h"
#include "bench/target.h"
#include "client/client.h"

ABSL_FLAG(std::string, ordinald, "", "Path of ordinald (default: the one in this build tree).");
ABSL_FLAG(int, writers, 8, "Writer threads (one client session each).");
ABSL_FLAG(int, duration_s, 10, "Length of the lag phase in seconds.");
ABSL_FLAG(int, catchup_writes, 100000, "Writes done while a replica is down.");
ABSL_FLAG(bool, sync_commit, true, "--sync_commit given to every pod.");
ABSL_FLAG(bool, keep_dirs, false, "Keep the pods' data directories and logs.");

namespace ordinal::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kPassword[] = "repl-bench";
constexpr char kDatabase[] = "replbench";
constexpr int kPods = 3;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }
double Ms(uint64_t nanos) { return static_cast<double>(nanos) / 1e6; }

absl::StatusOr<std::unique_ptr<Client>> ConnectTo(const std::string& address) {
  return Client::Connect({.address = address, .password = kPassword});
}

// `writers` threads insert rows into replbench.t until `stop` (or `limit` rows in all when
// > 0); returns the rows written. Every commit is reported to `lag` when given.
int64_t RunWriters(const std::string& primary, int writers, int64_t first_id,
                   std::atomic<bool>& stop, int64_t limit, CommitLag* lag) {
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> done{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&] {
      auto client = ConnectTo(primary);
      if (!client.ok()) {
        std::fprintf(stderr, "writer: %s\n", client.status().ToString().c_str());
        return;
      }
      while (!stop.load()) {
        const int64_t i = next.fetch_add(1);
        if (limit > 0 && i >= limit) break;
        auto r = (*client)->Execute(absl::StrCat("INSERT INTO replbench.t VALUES (",
                                                 first_id + i, ", ", i, ", 'row payload')"));
        if (!r.ok()) {
          std::fprintf(stderr, "write: %s\n", r.status().ToString().c_str());
          continue;
        }
        ++done;
        if (lag != nullptr) lag->RecordCommit(r->commit_position, Clock::now());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  return done.load();
}

// The server's newest position: committed on the primary, applied on a replica.
absl::StatusOr<uint64_t> PositionOf(Client& client) {
  absl::StatusOr<ServerStatus> status = client.Status();
  if (!status.ok()) return status.status();
  return status->latest_position;
}

// Polls a replica's applied position into `lag` every 2 ms until `stop`, and then until the
// replica was seen at the last acknowledged position (at most kFinalPollTimeout more).
void PollApplied(const std::string& address, int replica, CommitLag& lag,
                 std::atomic<bool>& stop) {
  constexpr auto kFinalPollTimeout = std::chrono::seconds(30);
  std::unique_ptr<Client> client;
  std::optional<Clock::time_point> stop_deadline;
  while (true) {
    if (stop.load()) {
      if (!stop_deadline.has_value()) stop_deadline = Clock::now() + kFinalPollTimeout;
      if (lag.seen(replica) >= lag.max_position() || Clock::now() >= *stop_deadline) break;
    }
    if (client == nullptr) {
      auto c = ConnectTo(address);
      if (c.ok()) client = *std::move(c);
    }
    if (client != nullptr) {
      absl::StatusOr<uint64_t> applied = PositionOf(*client);
      if (applied.ok()) lag.RecordApplied(replica, *applied, Clock::now());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

// Waits until the replica at `address` has applied `position`; returns when it did.
absl::StatusOr<Clock::time_point> WaitApplied(const std::string& address, uint64_t position,
                                              std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto client = ConnectTo(address);
  if (!client.ok()) return client.status();
  while (Clock::now() < deadline) {
    absl::StatusOr<uint64_t> applied = PositionOf(**client);
    if (applied.ok() && *applied >= position) return Clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return absl::DeadlineExceededError(absl::StrCat(address, " did not reach ", position));
}

void PrintLag(const std::string& what, const std::string& who, const LatencyHistogram& h) {
  std::printf("  %-22s %-22s samples %7llu  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms\n",
              what.c_str(), who.c_str(), static_cast<unsigned long long>(h.count()),
              Ms(h.Percentile(0.5)), Ms(h.Percentile(0.99)), Ms(h.max()));
}

absl::Status LagPhase(LocalCluster& cluster) {
  const int writers = absl::GetFlag(FLAGS_writers);
  Target target{.system = System::kOrdinal, .user = "root", .password = kPassword,
                .database = kDatabase};
  for (int i = 0; i < kPods; ++i) {
    const std::string address = cluster.address(i);
    const size_t colon = address.rfind(':');
    target.endpoints.push_back({address.substr(0, colon), std::stoi(address.substr(colon + 1))});
  }
  LagMonitor heartbeat(target, kDatabase);
  if (absl::Status s = heartbeat.Start(); !s.ok()) return s;
  CommitLag lag(kPods - 1);
  std::atomic<bool> stop_polling{false};
  std::vector<std::thread> pollers;
  for (int r = 1; r < kPods; ++r) {
    pollers.emplace_back(
        [&, r] { PollApplied(cluster.address(r), r - 1, lag, stop_polling); });
  }
  std::atomic<bool> stop_writers{false};
  const auto start = Clock::now();
  std::thread timer([&] {
    std::this_thread::sleep_for(std::chrono::seconds(absl::GetFlag(FLAGS_duration_s)));
    stop_writers = true;
  });
  const int64_t rows = RunWriters(cluster.address(0), writers, 0, stop_writers, 0, &lag);
  const double elapsed = Seconds(Clock::now() - start);
  timer.join();
  heartbeat.Stop();
  stop_polling = true;  // the pollers go on until each replica reached the last commit
  for (std::thread& t : pollers) t.join();
  for (int r = 1; r < kPods; ++r) {
    if (lag.seen(r - 1) < lag.max_position()) {
      return absl::DeadlineExceededError(absl::StrCat(
          cluster.address(r), " did not reach position ", lag.max_position(), " after the load"));
    }
  }

  std::printf("(a) lag under the primary's highest sustained write rate\n");
  std::printf("  %d writers, single-row INSERT autocommit: %lld commits in %.1f s = %.0f commits/s\n",
              writers, static_cast<long long>(rows), elapsed, rows / elapsed);
  for (const ReplicaLag& r : heartbeat.Results()) {
    PrintLag("heartbeat (100/10 ms)", r.endpoint, r.lag);
    if (r.unseen > 0) std::printf("    %llu heartbeats never seen\n",
                                  static_cast<unsigned long long>(r.unseen));
  }
  for (int r = 1; r < kPods; ++r) {
    PrintLag("commit position", cluster.address(r), lag.Result(r - 1));
  }
  if (lag.without_position() > 0 || lag.repeated_positions() > 0) {
    std::printf("  unsampled commits: %llu without a position, %llu repeating a position\n",
                static_cast<unsigned long long>(lag.without_position()),
                static_cast<unsigned long long>(lag.repeated_positions()));
  }
  return absl::OkStatus();
}

absl::Status CatchUpPhase(LocalCluster& cluster) {
  const int down = kPods - 1;
  const int64_t writes = absl::GetFlag(FLAGS_catchup_writes);
  auto replica = ConnectTo(cluster.address(down));
  if (!replica.ok()) return replica.status();
  absl::StatusOr<uint64_t> from = PositionOf(**replica);
  if (!from.ok()) return from.status();
  replica->reset();
  if (absl::Status s = cluster.Stop(down); !s.ok()) return s;

  std::atomic<bool> never{false};
  const auto write_start = Clock::now();
  const int64_t rows = RunWriters(cluster.address(0), absl::GetFlag(FLAGS_writers),
                                  int64_t{1} << 40, never, writes, nullptr);
  const double write_s = Seconds(Clock::now() - write_start);
  auto primary = ConnectTo(cluster.address(0));
  if (!primary.ok()) return primary.status();
  absl::StatusOr<uint64_t> target = PositionOf(**primary);
  if (!target.ok()) return target.status();

  const auto spawn = Clock::now();
  if (absl::Status s = cluster.Start(down); !s.ok()) return s;
  const auto serving = Clock::now();
  auto done = WaitApplied(cluster.address(down), *target, std::chrono::seconds(600));
  if (!done.ok()) return done.status();
  const double from_spawn = Seconds(*done - spawn);
  const double from_serving = Seconds(*done - serving);
  const uint64_t positions = *target - *from;

  std::printf("(b) catch-up of a replica that was down for %lld writes\n",
              static_cast<long long>(rows));
  std::printf("  writes while down: %lld in %.1f s (%.0f/s); positions to apply: %llu\n",
              static_cast<long long>(rows), write_s, rows / write_s,
              static_cast<unsigned long long>(positions));
  std::printf("  caught up %.2f s after start (%.2f s after it answered): "
              "%.0f positions/s, %.0f rows/s (from answering: %.0f rows/s)\n",
              from_spawn, from_serving, positions / from_spawn, rows / from_spawn,
              rows / from_serving);
  return absl::OkStatus();
}

absl::Status Run(const std::string& command) {
  std::string ordinald = absl::GetFlag(FLAGS_ordinald);
  if (ordinald.empty()) ordinald = DefaultOrdinaldPath();
  if (ordinald.empty()) return absl::InvalidArgumentError("ordinald not found: pass --ordinald");
  LocalClusterOptions options{.ordinald_path = ordinald, .pods = kPods, .password = kPassword,
                              .keep_dirs = absl::GetFlag(FLAGS_keep_dirs)};
  options.flags.push_back(
      absl::StrCat("--sync_commit=", absl::GetFlag(FLAGS_sync_commit) ? "true" : "false"));
  auto cluster = LocalCluster::Create(options);
  if (!cluster.ok()) return cluster.status();
  std::printf("command: %s\n", command.c_str());
  std::printf("cluster: %s (pods 0..%d), data under %s\n", (*cluster)->peer_template().c_str(),
              kPods - 1, (*cluster)->root_dir().c_str());
  for (int i = 0; i < kPods; ++i) {
    if (absl::Status s = (*cluster)->Start(i); !s.ok()) return s;
  }
  auto primary = ConnectTo((*cluster)->address(0));
  if (!primary.ok()) return primary.status();
  for (const char* sql : {"CREATE DATABASE replbench",
                          "CREATE TABLE replbench.t (id BIGINT PRIMARY KEY, n BIGINT, "
                          "v VARCHAR(64))"}) {
    if (auto r = (*primary)->Execute(sql); !r.ok()) return r.status();
  }
  // A settled start: every replica has finished starting and applied the schema before the
  // writers begin, so the lag phase measures streaming, not a replica's start-up.
  absl::StatusOr<uint64_t> schema_position = PositionOf(**primary);
  if (!schema_position.ok()) return schema_position.status();
  for (int i = 1; i < kPods; ++i) {
    auto applied = WaitApplied((*cluster)->address(i), *schema_position, std::chrono::seconds(60));
    if (!applied.ok()) return applied.status();
  }
  if (absl::Status s = LagPhase(**cluster); !s.ok()) return s;
  return CatchUpPhase(**cluster);
}

}  // namespace
}  // namespace ordinal::bench

int main(int argc, char** argv) {
  std::vector<std::string> words(argv, argv + argc);
  const std::string command = absl::StrJoin(words, " ");
  absl::ParseCommandLine(argc, argv);
  absl::Status status = ordinal::bench::Run(command);
  if (!status.ok()) {
    std::fprintf(stderr, "ordinal-repl-bench: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
