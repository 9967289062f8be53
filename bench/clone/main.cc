// ordinal-clone-bench: how fast clone, backup and restore move a whole store, each against a
// plain copy of the same files on the same machine (docs/operations.md, bench/RESULTS.md).
//   1. starts a primary and bulk-loads --size_mb of hard-to-compress rows (progress on
//      stderr), then waits until its compactions are over;
//   2. runs --rounds rounds of five timed steps, each after the machine was settled
//      (bench/clone/settle.h: sync, page cache dropped, the disk left with nothing to write):
//      a. clone: starts ordinal 1 on an empty volume and times it until it serves the cloned
//         store (Admin.GetStatus reports the cluster id): process start, checkpoint,
//         transfer, verification, fsync, install, open. The transfer phase alone (from the
//         manifest's arrival until every file is received, verified and fsynced) is read
//         from ordinal 1's "clone: timings:" log line;
//      b. the plain copy of the cloned store;
//      c. backup: `ordinal-backup backup --from <ordinal 1> --to DIR`, end to end
//         (checkpoint, transfer, verification, fsync, manifest); then ordinal 1 stops;
//      d. restore: `ordinal-backup restore --backup DIR --to DATADIR` without a log archive,
//         end to end (one verified copy pass, fsync, the new epoch's open);
//      e. the plain copy of the backup's files.
//      Between rounds ordinal 1's volume, the backup and every copy are deleted (before the
//      next step settles, so the deletions are not in any figure).
//   3. prints every round, then for each operation the median seconds of the operation and
//      of the plain copies, MB/s, and ratio = the copies' median / the operation's median
//      (>= 0.8 is the target).
// The plain copy is `cp -r FROM TO` (coreutils; on one ext4 filesystem it copies each file
// inside the kernel with copy_file_range into the page cache) followed by an fsync of every
// copied file and directory (`find TO -exec sync {} +`): the durability that clone, backup
// and restore give their files. A global `sync` would also flush other processes' pages.
// Its source files are read from the disk (the cache was dropped), as the operations' are.
// Every copy of a round copies the same 1 GiB of table files (the backup's are byte for
// byte the clone's), so the copies' median over all steps is also printed. The load average
// is printed with the figures: other work on the machine changes every figure.
// With --recover_primary it then also times ordinal 0's recovery of a lost volume
// (docs/history.md): ordinal 0 is stopped, its volume deleted, and it is started with
// --peers=2; the figure is from its start until it serves the recovered store.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/clone/settle.h"
#include "bench/replication/local_cluster.h"
#include "client/client.h"

ABSL_FLAG(int, size_mb, 1024, "Size of the data set loaded on the primary, in MiB.");
ABSL_FLAG(std::string, ordinald, ORDINALD_DEFAULT_PATH, "Path of the ordinald binary.");
ABSL_FLAG(std::string, ordinal_backup, ORDINAL_BACKUP_DEFAULT_PATH,
          "Path of the ordinal-backup binary (backup and restore).");
ABSL_FLAG(int, load_threads, 2, "Connections that load the data set.");
ABSL_FLAG(bool, keep_dirs, false, "Keep the pods' directories after the run.");
ABSL_FLAG(int, rounds, 3,
          "Rounds of clone, backup and restore, each step with its plain copy; the figures "
          "are medians over the rounds.");
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

// A progress line on stderr, with the time since the benchmark started.
void Note(const std::string& line) {
  static const Clock::time_point started = Clock::now();
  std::fprintf(stderr, "[%6.1f s] %s\n", Seconds(started), line.c_str());
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "ordinal-clone-bench: %s\n", status.ToString().c_str());
  return 1;
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

// The phases of the last "clone: timings:" line of a pod's log ("" when there is none).
std::string CloneTimings(const std::string& log_path) {
  std::ifstream log(log_path);
  std::string line, timings;
  constexpr char kMarker[] = "clone: timings: ";
  while (std::getline(log, line)) {
    const size_t at = line.find(kMarker);
    if (at != std::string::npos) timings = line.substr(at + sizeof(kMarker) - 1);
  }
  return timings;
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
  std::atomic<int64_t> done{0};
  std::atomic<bool> finished{false};
  std::thread progress([&] {
    const auto start = Clock::now();
    while (!finished.load()) {
      for (int i = 0; i < 50 && !finished.load(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (finished.load()) break;
      const double loaded = static_cast<double>(done.load()) * kRowsPerInsert * kRowBytes / (1 << 20);
      Note(absl::StrFormat("loading: %.0f of %d MiB (%.1f MiB/s)", loaded, size_mb,
                           loaded / Seconds(start)));
    }
  });
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
        ++done;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  finished = true;
  progress.join();
  for (const absl::Status& s : results) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// The names of the table files under `dir`.
std::set<std::string> TableFiles(const std::string& dir) {
  std::set<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".sst") == 0) names.insert(name);
  }
  return names;
}

// Waits until the primary's compactions after the load are over (its set of table files has
// not changed for 3 s, at most 5 minutes): otherwise the first measurements would share the
// disk and the CPU with them and the later ones (the plain copies) would not.
void WaitForQuietStore(const std::string& dir) {
  Note("waiting for the primary's compactions to finish");
  const auto start = Clock::now();
  std::set<std::string> last = TableFiles(dir);
  auto unchanged_since = Clock::now();
  while (Seconds(unchanged_since) < 3 && Seconds(start) < 300) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    std::set<std::string> now = TableFiles(dir);
    if (now != last) {
      last = std::move(now);
      unchanged_since = Clock::now();
    }
  }
  Note(absl::StrFormat("the primary's store is quiet (%.1f s)", Seconds(start)));
}

// Waits until the pod at `address` serves its cloned store (its status carries the cluster
// id), polling every 20 ms on one connection once it has one.
absl::Status WaitCloned(const std::string& address) {
  const auto deadline = Clock::now() + std::chrono::minutes(10);
  std::unique_ptr<ordinal::Client> client;
  while (Clock::now() < deadline) {
    if (client == nullptr) client = Connect(address);
    if (client != nullptr) {
      absl::StatusOr<ordinal::ServerStatus> status = client->Status();
      if (status.ok() && !status->cluster_id.empty()) return absl::OkStatus();
      if (!status.ok()) client.reset();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return absl::DeadlineExceededError(absl::StrCat(address, " did not serve within 10 minutes"));
}

// What the settling before the steps found: how many steps ran without a cold cache or a
// quiet disk (printed with the figures).
struct SettleCounts {
  int steps = 0;
  int warm = 0;
  int unsettled = 0;
  double waited_s = 0;
};
SettleCounts settle_counts;

// Settles the machine (settle.h), then times `step`, which returns a status.
template <typename Step>
absl::StatusOr<double> TimeStep(const std::string& what, Step step) {
  const ordinal::bench::SettleResult settle = ordinal::bench::Settle();
  ++settle_counts.steps;
  settle_counts.warm += settle.cold ? 0 : 1;
  settle_counts.unsettled += settle.settled ? 0 : 1;
  settle_counts.waited_s += settle.waited_s;
  Note(absl::StrFormat("%s (settled in %.1f s%s)", what, settle.waited_s,
                       settle.settled ? "" : "; the disk was still writing"));
  const auto start = Clock::now();
  if (absl::Status s = step(); !s.ok()) return s;
  return Seconds(start);
}

void RemoveTree(const std::string& path) {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

// Ordinal 0 loses its volume while ordinal 1 holds the data: times its recovery.
int RecoverPrimary(ordinal::bench::LocalCluster& cluster, double mb) {
  Note("ordinal 0 recovery: starting ordinal 1, then ordinal 0 on an empty volume");
  if (auto s = cluster.Start(1); !s.ok()) return Fail(s);
  if (auto s = WaitCloned(cluster.address(1)); !s.ok()) return Fail(s);
  if (auto s = cluster.Stop(0); !s.ok()) return Fail(s);
  RemoveTree(cluster.root_dir() + "/pod-0/data");
  cluster.AddFlag("--peers=2");
  absl::StatusOr<double> recovery_s = TimeStep("ordinal 0 recovery", [&]() -> absl::Status {
    if (auto s = cluster.Start(0); !s.ok()) return s;
    return WaitCloned(cluster.address(0));
  });
  if (!recovery_s.ok()) return Fail(recovery_s.status());
  std::printf("ordinal 0 recovery of a lost volume from ordinal 1 (start to serving): %.2f s, "
              "%.1f MB/s\n", *recovery_s, mb / *recovery_s);
  return 0;
}

// The plain copy (see the top of this file): `cp -r FROM TO` and an fsync of every copied
// file and directory, from a settled machine.
absl::StatusOr<double> PlainCopy(const std::string& from, const std::string& to) {
  RemoveTree(to);
  return TimeStep(absl::StrCat("plain copy: cp -r ", from, " + fsync of every file"),
                  [&]() -> absl::Status {
                    const std::string command = absl::StrCat("cp -r '", from, "' '", to,
                                                             "' && find '", to,
                                                             "' -exec sync {} +");
                    if (std::system(command.c_str()) != 0) return absl::InternalError("cp failed");
                    return absl::OkStatus();
                  });
}

// Runs ordinal-backup with `args` from a settled machine; its duration. Its progress goes
// to stderr.
absl::StatusOr<double> TimeBackupTool(const std::string& args) {
  return TimeStep(absl::StrCat("ordinal-backup ", args), [&]() -> absl::Status {
    const std::string command =
        absl::StrCat(absl::GetFlag(FLAGS_ordinal_backup), " ", args, " >&2");
    if (std::system(command.c_str()) != 0) {
      return absl::InternalError(absl::StrCat("ordinal-backup ", args, " failed"));
    }
    return absl::OkStatus();
  });
}

// One operation's figures over the rounds, and those of its plain copies.
struct Figure {
  std::string name;
  double mib = 0;
  std::vector<double> seconds;
  std::vector<double> copy_seconds;  // the plain copy of the same files, one per round
};

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

std::string Range(const std::vector<double>& values) {
  if (values.empty()) return "-";
  auto [low, high] = std::minmax_element(values.begin(), values.end());
  return absl::StrFormat("%.2f-%.2f", *low, *high);
}

void PrintFigures(const std::vector<Figure>& figures) {
  std::printf("settling: %d steps, %d with a warm cache (cannot drop), %d with the disk still "
              "writing after 10 s; %.1f s spent settling\n",
              settle_counts.steps, settle_counts.warm, settle_counts.unsettled,
              settle_counts.waited_s);
  std::printf("load average after the run (1 min, 5 min): %s\n", LoadAverage().c_str());
  std::printf("%-6s", "round");
  for (const Figure& f : figures) std::printf(" %22s", (f.name + " s (copy s)").c_str());
  std::printf("\n");
  for (size_t round = 0; round < figures[0].seconds.size(); ++round) {
    std::printf("%-6zu", round + 1);
    for (const Figure& f : figures) {
      std::printf(" %22s",
                  absl::StrFormat("%.2f (%.2f)", f.seconds[round], f.copy_seconds[round]).c_str());
    }
    std::printf("\n");
  }
  std::printf("%-10s %8s %9s %11s %8s %12s %11s %9s %7s\n", "operation", "MiB", "median s",
              "range s", "MB/s", "copy med. s", "copy range", "copy MB/s", "ratio");
  std::vector<double> all_copies;
  for (const Figure& f : figures) {
    const double op = Median(f.seconds);
    const double copy = Median(f.copy_seconds);
    all_copies.insert(all_copies.end(), f.copy_seconds.begin(), f.copy_seconds.end());
    std::printf("%-10s %8.1f %9.2f %11s %8.1f %12.2f %11s %9.1f %7.2f\n", f.name.c_str(), f.mib,
                op, Range(f.seconds).c_str(), f.mib / op, copy, Range(f.copy_seconds).c_str(),
                f.mib / copy, copy / op);
  }
  std::printf("(ratio: the plain copies' median seconds / the operation's, end to end; >= 0.8 is "
              "the target)\n");
  std::printf("every plain copy: median %.2f s, range %s s, %zu copies\n", Median(all_copies),
              Range(all_copies).c_str(), all_copies.size());
}

// One round: clone, its copy, backup, restore, the backup's copy (see the top of this file).
absl::Status RunRound(ordinal::bench::LocalCluster& cluster, std::vector<Figure>& figures) {
  const std::string root = cluster.root_dir();
  const std::string store = root + "/pod-1/data";
  const std::string backup_dir = root + "/backup";
  const std::string restored = root + "/restored";
  for (const std::string& dir : {store, store + ".clone-staging", backup_dir, restored}) {
    RemoveTree(dir);
  }
  absl::StatusOr<double> clone_s =
      TimeStep("clone: starting ordinal 1 on an empty volume", [&]() -> absl::Status {
        if (auto s = cluster.Start(1); !s.ok()) return s;
        return WaitCloned(cluster.address(1));
      });
  if (!clone_s.ok()) return clone_s.status();
  const std::optional<double> transfer_s = TransferSeconds(root + "/pod-1/server.log");
  figures[0].mib = TreeBytes(store) / double(1 << 20);
  figures[0].seconds.push_back(*clone_s);
  absl::StatusOr<double> copy_store_s = PlainCopy(store, root + "/plain-copy");
  if (!copy_store_s.ok()) return copy_store_s.status();
  figures[0].copy_seconds.push_back(*copy_store_s);
  Note(absl::StrFormat("clone %.2f s (transfer phase %.2f s: %s), its copy %.2f s", *clone_s,
                       transfer_s.value_or(0), CloneTimings(root + "/pod-1/server.log"),
                       *copy_store_s));

  absl::StatusOr<double> backup_s = TimeBackupTool(
      absl::StrCat("backup --from ", cluster.address(1), " --to ", backup_dir));
  if (!backup_s.ok()) return backup_s.status();
  if (auto s = cluster.Stop(1); !s.ok()) return s;
  const std::string backup_data = backup_dir + "/data";
  figures[1].mib = figures[2].mib = TreeBytes(backup_data) / double(1 << 20);
  figures[1].seconds.push_back(*backup_s);

  absl::StatusOr<double> restore_s =
      TimeBackupTool(absl::StrCat("restore --backup ", backup_dir, " --to ", restored));
  if (!restore_s.ok()) return restore_s.status();
  figures[2].seconds.push_back(*restore_s);
  absl::StatusOr<double> copy_backup_s = PlainCopy(backup_data, root + "/plain-copy");
  if (!copy_backup_s.ok()) return copy_backup_s.status();
  // Backup and restore move the same files: both compare with this round's copy of them.
  figures[1].copy_seconds.push_back(*copy_backup_s);
  figures[2].copy_seconds.push_back(*copy_backup_s);
  RemoveTree(root + "/plain-copy");
  return absl::OkStatus();
}

int Run() {
  using ordinal::bench::LocalCluster;
  const int size_mb = absl::GetFlag(FLAGS_size_mb);
  const int rounds = std::max(1, absl::GetFlag(FLAGS_rounds));
  Note(absl::StrFormat("starting a primary and loading %d MiB (load average %s)", size_mb,
                       LoadAverage()));
  ordinal::bench::LocalClusterOptions options{.ordinald_path = absl::GetFlag(FLAGS_ordinald),
                                              .pods = 2,
                                              .password = kPassword,
                                              .keep_dirs = absl::GetFlag(FLAGS_keep_dirs)};
  options.flags = {"--sync_commit=off"};
  auto cluster = LocalCluster::Create(options);
  if (!cluster.ok()) return Fail(cluster.status());
  const std::string root = (*cluster)->root_dir();
  ::setenv("ORDINAL_PASSWORD", kPassword, 1);
  if (auto s = (*cluster)->Start(0); !s.ok()) return Fail(s);
  auto load_start = Clock::now();
  if (auto s = Load((*cluster)->address(0), size_mb, absl::GetFlag(FLAGS_load_threads)); !s.ok()) {
    return Fail(s);
  }
  Note(absl::StrFormat("loaded %d MiB of rows in %.1f s", size_mb, Seconds(load_start)));
  WaitForQuietStore(root + "/pod-0/data");

  std::vector<Figure> figures = {{.name = "clone"}, {.name = "backup"}, {.name = "restore"}};
  for (int round = 1; round <= rounds; ++round) {
    Note(absl::StrFormat("round %d of %d (load average %s)", round, rounds, LoadAverage()));
    if (auto s = RunRound(**cluster, figures); !s.ok()) return Fail(s);
  }
  PrintFigures(figures);
  std::printf("clone phases of the last round (ordinal 1's log): %s\n",
              CloneTimings(root + "/pod-1/server.log").c_str());
  if (absl::GetFlag(FLAGS_recover_primary)) return RecoverPrimary(**cluster, figures[0].mib);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return Run();
}
