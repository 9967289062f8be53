// ordinal-clone-bench: how fast an empty replica clones its predecessor, against a plain
// copy of the same files on the same machine.
//   1. starts a primary and bulk-loads --size_mb of hard-to-compress rows;
//   2. drops the page cache (when allowed), starts ordinal 1 on an empty volume and times
//      it until it serves the cloned store (Admin.GetStatus reports the cluster id): the
//      end-to-end figure (process start, checkpoint, transfer, verification, fsync, install,
//      open). The transfer phase alone (from the manifest's arrival until every file is
//      received, verified and fsynced) is read from ordinal 1's "clone: timings:" log line;
//   3. stops ordinal 1, drops the cache again, and times `cp -r` of its store (the clone's
//      files) followed by an fsync of every copied file and directory (`sync FILE...`), the
//      durability the clone gives its files (a global `sync` would also flush unrelated
//      dirty pages of the machine);
// then prints MB/s of both and their ratios. Both copies start from a cold page cache when
// the cache can be dropped, and both run while the primary runs.
// With --recover_primary it then also times ordinal 0's recovery of a lost volume
// (docs/history.md): ordinal 1 is started again, ordinal 0 stopped, its volume deleted, and
// ordinal 0 started with --peers=2; the figure is from its start until it serves the
// recovered store (same cluster id), page cache dropped first.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "bench/replication/local_cluster.h"
#include "client/client.h"

ABSL_FLAG(int, size_mb, 1024, "Size of the data set loaded on the primary, in MiB.");
ABSL_FLAG(std::string, ordinald, ORDINALD_DEFAULT_PATH, "Path of the ordinald binary.");
ABSL_FLAG(int, load_threads, 2, "Connections that load the data set.");
ABSL_FLAG(bool, keep_dirs, false, "Keep the pods' directories after the run.");
ABSL_FLAG(bool, recover_primary, false,
          "Also time ordinal 0's recovery of its lost volume from ordinal 1.");

namespace {

constexpr char kPassword[] = "clone-bench-password";
constexpr int kRowBytes = 4000;
constexpr int kRowsPerInsert = 100;

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Drops the page cache; false when not permitted (the figures are then with warm caches).
bool DropCaches() {
  ::sync();
  std::ofstream out("/proc/sys/vm/drop_caches");
  if (!out) return false;
  out << "3\n";
  out.flush();
  return static_cast<bool>(out);
}

uint64_t TreeBytes(const std::string& dir) {
  uint64_t bytes = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, error)) {
    if (entry.is_regular_file(error)) bytes += entry.file_size(error);
  }
  return bytes;
}

// The clone's transfer phase in seconds, from the "clone: timings:" line of a pod's log.
std::optional<double> TransferSeconds(const std::string& log_path) {
  std::ifstream log(log_path);
  std::string line;
  std::optional<double> seconds;
  constexpr char kMarker[] = "clone: timings: ";
  while (std::getline(log, line)) {
    const size_t at = line.find(kMarker);
    if (at == std::string::npos) continue;
    const size_t transfer = line.find("transfer ", at);
    if (transfer == std::string::npos) continue;
    double value = 0;
    if (std::sscanf(line.c_str() + transfer, "transfer %lf s", &value) == 1) seconds = value;
  }
  return seconds;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return one + " " + five;
}

std::unique_ptr<ordinal::Client> Connect(const std::string& address) {
  absl::StatusOr<std::unique_ptr<ordinal::Client>> client =
      ordinal::Client::Connect({.address = address, .password = kPassword});
  return client.ok() ? *std::move(client) : nullptr;
}

absl::Status Exec(ordinal::Client& client, std::string_view sql) {
  return client.Execute(sql).status();
}

absl::Status Load(const std::string& address, int size_mb, int threads) {
  auto admin = Connect(address);
  if (admin == nullptr) return absl::UnavailableError("cannot connect to the primary");
  if (auto s = Exec(*admin, "CREATE DATABASE bench"); !s.ok()) return s;
  if (auto s = Exec(*admin, 
          "CREATE TABLE bench.clone_rows (id BIGINT PRIMARY KEY, v TEXT)");
      !s.ok()) {
    return s;
  }
  const int64_t rows = static_cast<int64_t>(size_mb) * (1 << 20) / kRowBytes;
  const int64_t statements = (rows + kRowsPerInsert - 1) / kRowsPerInsert;
  std::vector<std::thread> workers;
  std::vector<absl::Status> results(threads);
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto client = Connect(address);
      if (client == nullptr) {
        results[t] = absl::UnavailableError("cannot connect");
        return;
      }
      absl::BitGen random;
      static constexpr char kAlphabet[] =
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      for (int64_t n = t; n < statements; n += threads) {
        std::string sql = "INSERT INTO bench.clone_rows VALUES ";
        for (int i = 0; i < kRowsPerInsert; ++i) {
          std::string value(kRowBytes, ' ');
          for (char& c : value) c = kAlphabet[absl::Uniform(random, 0, 64)];
          absl::StrAppend(&sql, i == 0 ? "" : ", ", "(", n * kRowsPerInsert + i, ", '", value,
                          "')");
        }
        if (absl::Status s = Exec(*client, sql); !s.ok()) {
          results[t] = s;
          return;
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  for (const absl::Status& s : results) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// Waits until ordinal 1 serves its cloned store (its status carries the cluster id).
absl::Status WaitCloned(const std::string& address) {
  for (;;) {
    if (auto client = Connect(address)) {
      absl::StatusOr<ordinal::ServerStatus> status = client->Status();
      if (status.ok() && !status->cluster_id.empty()) return absl::OkStatus();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Ordinal 0 loses its volume while ordinal 1 holds the data: times its recovery.
int RecoverPrimary(ordinal::bench::LocalCluster& cluster, double mb) {
  if (auto s = cluster.Start(1); !s.ok()) return std::fprintf(stderr, "%s\n", s.ToString().c_str()), 1;
  if (auto s = WaitCloned(cluster.address(1)); !s.ok()) return 1;
  if (auto s = cluster.Stop(0); !s.ok()) return std::fprintf(stderr, "%s\n", s.ToString().c_str()), 1;
  std::filesystem::remove_all(cluster.root_dir() + "/pod-0/data");
  cluster.AddFlag("--peers=2");
  DropCaches();
  auto start = Clock::now();
  if (auto s = cluster.Start(0); !s.ok()) return std::fprintf(stderr, "%s\n", s.ToString().c_str()), 1;
  if (auto s = WaitCloned(cluster.address(0)); !s.ok()) return 1;
  const double recovery_s = Seconds(start);
  std::printf("ordinal 0 recovery of a lost volume from ordinal 1 (start to serving): %.2f s, "
              "%.1f MB/s\n", recovery_s, mb / recovery_s);
  return 0;
}

int Run() {
  using ordinal::bench::LocalCluster;
  const int size_mb = absl::GetFlag(FLAGS_size_mb);
  ordinal::bench::LocalClusterOptions options{.ordinald_path = absl::GetFlag(FLAGS_ordinald),
                                              .pods = 2,
                                              .password = kPassword,
                                              .keep_dirs = absl::GetFlag(FLAGS_keep_dirs)};
  options.flags = {"--sync_commit=off"};
  auto cluster = LocalCluster::Create(options);
  if (!cluster.ok()) return std::fprintf(stderr, "%s\n", cluster.status().ToString().c_str()), 1;
  if (auto s = (*cluster)->Start(0); !s.ok()) {
    return std::fprintf(stderr, "%s\n", s.ToString().c_str()), 1;
  }
  auto load_start = Clock::now();
  if (auto s = Load((*cluster)->address(0), size_mb, absl::GetFlag(FLAGS_load_threads)); !s.ok()) {
    return std::fprintf(stderr, "load: %s\n", s.ToString().c_str()), 1;
  }
  std::printf("loaded %d MiB of rows in %.1f s\n", size_mb, Seconds(load_start));

  const bool cold = DropCaches();
  auto clone_start = Clock::now();
  if (auto s = (*cluster)->Start(1); !s.ok()) {
    return std::fprintf(stderr, "%s\n", s.ToString().c_str()), 1;
  }
  if (auto s = WaitCloned((*cluster)->address(1)); !s.ok()) return 1;
  const double clone_s = Seconds(clone_start);
  if (auto s = (*cluster)->Stop(1); !s.ok()) std::fprintf(stderr, "%s\n", s.ToString().c_str());

  const std::string store = (*cluster)->root_dir() + "/pod-1/data";
  const uint64_t bytes = TreeBytes(store);
  const std::string copy = (*cluster)->root_dir() + "/plain-copy";
  DropCaches();
  auto copy_start = Clock::now();
  const std::string command =
      absl::StrCat("cp -r '", store, "' '", copy, "' && find '", copy, "' -exec sync {} +");
  if (std::system(command.c_str()) != 0) return std::fprintf(stderr, "cp failed\n"), 1;
  const double copy_s = Seconds(copy_start);

  const double mb = static_cast<double>(bytes) / (1 << 20);
  std::printf("store of the clone: %.1f MiB (%s)\n", mb, store.c_str());
  std::printf("caches: %s\n", cold ? "dropped before each measurement" : "warm (cannot drop)");
  std::printf("load average during the run (1 min, 5 min): %s\n", LoadAverage().c_str());
  std::printf("clone end to end (empty replica start to serving): %.2f s, %.1f MB/s\n",
              clone_s, mb / clone_s);
  const std::optional<double> transfer_s =
      TransferSeconds((*cluster)->root_dir() + "/pod-1/server.log");
  if (transfer_s) {
    std::printf("clone transfer phase (manifest to all files verified + fsynced): %.2f s, "
                "%.1f MB/s\n", *transfer_s, mb / *transfer_s);
  } else {
    std::printf("clone transfer phase: no \"clone: timings:\" line in pod-1/server.log\n");
  }
  std::printf("plain cp -r + fsync of every copied file:        %.2f s, %.1f MB/s\n", copy_s,
              mb / copy_s);
  std::printf("clone / plain copy throughput, end to end: %.2f\n", copy_s / clone_s);
  if (transfer_s) {
    std::printf("clone / plain copy throughput, transfer phase: %.2f\n", copy_s / *transfer_s);
  }
  if (absl::GetFlag(FLAGS_recover_primary)) return RecoverPrimary(**cluster, mb);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return Run();
}
