// ordinal-clone-bench: how fast clone, backup and restore move a whole store, each against a
// plain copy of the same files on the same machine (docs/operations.md, bench/RESULTS.md).
//   1. starts a primary and bulk-loads --size_mb of hard-to-compress rows (progress on
//      stderr);
//   2. clone: drops the page cache (when allowed), starts ordinal 1 on an empty volume and
//      times it until it serves the cloned store (Admin.GetStatus reports the cluster id): the
//      end-to-end figure (process start, checkpoint, transfer, verification, fsync, install,
//      open). The transfer phase alone (from the manifest's arrival until every file is
//      received, verified and fsynced) is read from ordinal 1's "clone: timings:" log line;
//   3. backup: `ordinal-backup backup --from <ordinal 1> --to DIR`, end to end (checkpoint,
//      transfer, verification, fsync, manifest);
//   4. restore: `ordinal-backup restore --backup DIR --to DATADIR` without a log archive, end
//      to end (one verified copy pass, fsync, prepare, the new epoch's open);
//   5. the plain copies, each right after its operation: `cp -r` of the clone's store (after
//      the clone), of the backup's files (after the backup, and again after the restore),
//      each followed by an fsync of every copied file (`sync FILE...`), the durability the
//      clone gives its files (a global `sync` would also flush unrelated dirty pages of the
//      machine). The same 1 GiB of table files in each case; measured next to its operation
//      because the copy's own time varies with the machine's state (a copy run first, after
//      a restore, took 2.1x the next one on a quiet machine);
// then prints seconds and MB/s of each and its ratio to the plain copy of the same files.
// The page cache is dropped before every measurement when it can be (root); the load
// average is printed with the figures, since other work on the machine changes them.
// With --recover_primary it then also times ordinal 0's recovery of a lost volume
// (docs/history.md): ordinal 0 is stopped, its volume deleted, and it is started with
// --peers=2; the figure is from its start until it serves the recovered store.
#include <unistd.h>

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
#include "bench/replication/local_cluster.h"
#include "client/client.h"

ABSL_FLAG(int, size_mb, 1024, "Size of the data set loaded on the primary, in MiB.");
ABSL_FLAG(std::string, ordinald, ORDINALD_DEFAULT_PATH, "Path of the ordinald binary.");
ABSL_FLAG(std::string, ordinal_backup, ORDINAL_BACKUP_DEFAULT_PATH,
          "Path of the ordinal-backup binary (backup and restore).");
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

// A progress line on stderr, with the time since the benchmark started.
void Note(const std::string& line) {
  static const Clock::time_point started = Clock::now();
  std::fprintf(stderr, "[%6.1f s] %s\n", Seconds(started), line.c_str());
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "ordinal-clone-bench: %s\n", status.ToString().c_str());
  return 1;
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

// Ordinal 0 loses its volume while ordinal 1 holds the data: times its recovery.
int RecoverPrimary(ordinal::bench::LocalCluster& cluster, double mb) {
  Note("ordinal 0 recovery: starting ordinal 1, then ordinal 0 on an empty volume");
  if (auto s = cluster.Start(1); !s.ok()) return Fail(s);
  if (auto s = WaitCloned(cluster.address(1)); !s.ok()) return Fail(s);
  if (auto s = cluster.Stop(0); !s.ok()) return Fail(s);
  std::filesystem::remove_all(cluster.root_dir() + "/pod-0/data");
  cluster.AddFlag("--peers=2");
  DropCaches();
  auto start = Clock::now();
  if (auto s = cluster.Start(0); !s.ok()) return Fail(s);
  if (auto s = WaitCloned(cluster.address(0)); !s.ok()) return Fail(s);
  const double recovery_s = Seconds(start);
  std::printf("ordinal 0 recovery of a lost volume from ordinal 1 (start to serving): %.2f s, "
              "%.1f MB/s\n", recovery_s, mb / recovery_s);
  return 0;
}

// `cp -r FROM TO` and an fsync of every copied file and directory, from a cold cache.
absl::StatusOr<double> PlainCopy(const std::string& from, const std::string& to) {
  Note(absl::StrCat("plain copy: cp -r ", from, " + fsync of every file"));
  DropCaches();
  const auto start = Clock::now();
  const std::string command =
      absl::StrCat("cp -r '", from, "' '", to, "' && find '", to, "' -exec sync {} +");
  if (std::system(command.c_str()) != 0) return absl::InternalError("cp failed");
  return Seconds(start);
}

// Runs ordinal-backup with `args` from a cold cache; its duration. Its progress goes to
// stderr.
absl::StatusOr<double> TimeBackupTool(const std::string& args) {
  Note(absl::StrCat("ordinal-backup ", args));
  DropCaches();
  const auto start = Clock::now();
  const std::string command =
      absl::StrCat(absl::GetFlag(FLAGS_ordinal_backup), " ", args, " >&2");
  if (std::system(command.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("ordinal-backup ", args, " failed"));
  }
  return Seconds(start);
}

struct Figure {
  std::string name;
  double mib = 0;
  double seconds = 0;
  double copy_seconds = 0;  // the plain copy of the same files
};

void PrintFigures(const std::vector<Figure>& figures, bool cold) {
  std::printf("caches: %s\n", cold ? "dropped before each measurement" : "warm (cannot drop)");
  std::printf("load average after the run (1 min, 5 min): %s\n", LoadAverage().c_str());
  std::printf("%-10s %9s %9s %9s %12s %12s %7s\n", "operation", "MiB", "seconds", "MB/s",
              "copy seconds", "copy MB/s", "ratio");
  for (const Figure& f : figures) {
    std::printf("%-10s %9.1f %9.2f %9.1f %12.2f %12.1f %7.2f\n", f.name.c_str(), f.mib,
                f.seconds, f.mib / f.seconds, f.copy_seconds, f.mib / f.copy_seconds,
                f.copy_seconds / f.seconds);
  }
  std::printf("(ratio: the operation's throughput / the plain copy's, end to end; >= 0.8 is "
              "the target)\n");
}

int Run() {
  using ordinal::bench::LocalCluster;
  const int size_mb = absl::GetFlag(FLAGS_size_mb);
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

  Note("clone: starting ordinal 1 on an empty volume");
  const bool cold = DropCaches();
  auto clone_start = Clock::now();
  if (auto s = (*cluster)->Start(1); !s.ok()) return Fail(s);
  if (auto s = WaitCloned((*cluster)->address(1)); !s.ok()) return Fail(s);
  const double clone_s = Seconds(clone_start);
  const std::optional<double> transfer_s = TransferSeconds(root + "/pod-1/server.log");
  const std::string store = root + "/pod-1/data";
  std::vector<Figure> figures;
  figures.push_back({"clone", TreeBytes(store) / double(1 << 20), clone_s, 0});
  // Each operation's plain copy runs right after it, of the files it moved, so that both
  // see the same machine (other work, the disk's state after a large write).
  absl::StatusOr<double> copy_store_s = PlainCopy(store, root + "/plain-copy-store");
  if (!copy_store_s.ok()) return Fail(copy_store_s.status());
  figures[0].copy_seconds = *copy_store_s;

  const std::string backup_dir = root + "/backup";
  absl::StatusOr<double> backup_s = TimeBackupTool(
      absl::StrCat("backup --from ", (*cluster)->address(1), " --to ", backup_dir));
  if (!backup_s.ok()) return Fail(backup_s.status());
  if (auto s = (*cluster)->Stop(1); !s.ok()) return Fail(s);
  const std::string backup_data = backup_dir + "/data";
  const double backup_mib = TreeBytes(backup_data) / double(1 << 20);
  absl::StatusOr<double> copy_backup_s = PlainCopy(backup_data, root + "/plain-copy-backup");
  if (!copy_backup_s.ok()) return Fail(copy_backup_s.status());
  figures.push_back({"backup", backup_mib, *backup_s, *copy_backup_s});

  absl::StatusOr<double> restore_s =
      TimeBackupTool(absl::StrCat("restore --backup ", backup_dir, " --to ", root, "/restored"));
  if (!restore_s.ok()) return Fail(restore_s.status());
  absl::StatusOr<double> copy_restore_s = PlainCopy(backup_data, root + "/plain-copy-restore");
  if (!copy_restore_s.ok()) return Fail(copy_restore_s.status());
  figures.push_back({"restore", backup_mib, *restore_s, *copy_restore_s});

  PrintFigures(figures, cold);
  if (transfer_s) {
    std::printf("clone transfer phase alone (manifest to all files verified + fsynced): "
                "%.2f s, ratio %.2f\n", *transfer_s, *copy_store_s / *transfer_s);
    std::printf("clone phases (ordinal 1's log): %s\n",
                CloneTimings(root + "/pod-1/server.log").c_str());
  }
  if (absl::GetFlag(FLAGS_recover_primary)) return RecoverPrimary(**cluster, figures[0].mib);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return Run();
}
