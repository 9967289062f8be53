// `ordinal-backup`: backups, their verification and point-in-time restore
// (docs/operations.md). Users run it as `ordinal backup ...`, `ordinal backup verify DIR`
// and `ordinal restore ...`: the `ordinal` CLI (client layer) hands these commands to this
// binary, which sits above the replication layer because it reuses the clone path and the
// engine's apply path. Exit status: 0 done, 1 failed (a damaged backup included), 2 bad usage.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "backup/backup_verify.h"
#include "backup/backup_writer.h"
#include "backup/command_line.h"
#include "backup/restore.h"
#include "backup/tar_backup_reader.h"
#include "backup/tar_backup_writer.h"
#include "backup/transport.h"
#include "replication/transfer_malloc.h"
#include "spdlog/spdlog.h"

namespace ordinal::backup {
namespace {

double MiB(double bytes) { return bytes / (1 << 20); }

absl::StatusOr<std::string> ResolvePassword(const CommandLine& line) {
  if (!line.password_file.empty()) {
    std::ifstream in(line.password_file);
    std::string password;
    if (!in || !std::getline(in, password)) {
      return absl::InvalidArgumentError("cannot read --password-file " + line.password_file);
    }
    return std::string(absl::StripTrailingAsciiWhitespace(password));
  }
  if (const char* env = std::getenv("ORDINAL_PASSWORD"); env != nullptr) return std::string(env);
  return std::string();
}

// One progress line on stderr at most every second (overwritten in place on a terminal).
class ProgressLine {
 public:
  explicit ProgressLine(bool quiet) : quiet_(quiet) {}
  void Show(const replication::CloneProgress& p) {
    const absl::Time now = absl::Now();
    if (quiet_ || now - last_ < absl::Seconds(1) || p.state != "receiving") return;
    last_ = now;
    const double percent = p.bytes_total ? 100.0 * p.bytes_received / p.bytes_total : 100.0;
    std::cerr << absl::StrFormat(
        "backup: %.1f of %.1f MiB (%.0f%%), %u of %u files, %.1f MiB/s, ETA %.0f s\n",
        MiB(p.bytes_received), MiB(p.bytes_total), percent, p.files_verified, p.files_total,
        MiB(p.bytes_per_second), p.eta_seconds);
  }

 private:
  const bool quiet_;
  absl::Time last_ = absl::InfinitePast();
};

// Writes all of `bytes` to standard output (the streamed backup).
absl::Status WriteStdout(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(STDOUT_FILENO, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::InternalError(absl::StrCat("write to stdout: ", strerror(errno)));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

int RunBackup(const CommandLine& line) {
  absl::StatusOr<std::string> password = ResolvePassword(line);
  if (!password.ok()) {
    std::cerr << "ordinal backup: " << password.status().message() << "\n";
    return 2;
  }
  BackupOptions options;
  options.from = line.from;
  options.to = line.to;
  options.incremental_from = line.incremental_from;
  options.files_in_flight = line.files_in_flight;
  options.user = line.user;
  options.password = *password;
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> transport =
      ResolveTransport(line.from, line.tls);
  if (!transport.ok()) {
    std::cerr << "ordinal backup: " << transport.status().message() << "\n";
    return transport.status().code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
  }
  options.channel_credentials = *std::move(transport);
  ProgressLine progress(line.quiet);
  options.on_progress = [&progress](const replication::CloneProgress& p) { progress.Show(p); };
  const bool to_stdout = line.to == "-";
  if (to_stdout && !line.incremental_from.empty()) {
    std::cerr << "ordinal backup: --incremental-from needs a backup directory, not --to -\n";
    return 2;
  }
  absl::StatusOr<BackupResult> result =
      to_stdout ? TakeBackupToStream(options, WriteStdout) : TakeBackup(options);
  if (!result.ok()) {
    std::cerr << "ordinal backup: " << result.status() << "\n";
    return 1;
  }
  const auto& m = result->manifest;
  // With the backup on stdout, the summary goes with the progress, to stderr.
  (to_stdout ? std::cerr : std::cout) << absl::StrFormat(
      "backup: %s at position %u of cluster %s: %d files, %.1f MiB (%.1f MiB copied, %d "
      "files linked from the previous backup) in %.1f s (transfer %.1f s), %.1f MiB/s\n",
      to_stdout ? "(stdout)" : line.to, m.position(), m.cluster_id(), m.files_size(),
      MiB(m.total_bytes()), MiB(m.bytes_copied()), result->files_linked, result->seconds,
      result->transfer_seconds, MiB(m.bytes_copied()) / std::max(result->seconds, 1e-6));
  return 0;
}

int RunVerify(const CommandLine& line) {
  const absl::Time started = absl::Now();
  absl::StatusOr<VerifyReport> report = IsStreamedBackup(line.verify_dir)
                                            ? ReadStreamedBackup(line.verify_dir, std::nullopt)
                                            : VerifyBackup(line.verify_dir);
  if (!report.ok()) {
    std::cerr << "ordinal backup verify: " << report.status() << "\n";
    return 1;
  }
  for (const FileProblem& problem : report->problems) {
    std::cout << FileProblemName(problem.kind) << " " << problem.name << ": " << problem.detail
              << "\n";
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - started);
  if (!report->problems.empty()) {
    std::cout << "backup " << line.verify_dir << " is DAMAGED: " << report->problems.size()
              << " of " << report->manifest.files_size() << " files\n";
    return 1;
  }
  std::cout << absl::StrFormat("backup %s is intact: %d files, %.1f MiB read in %.1f s "
                               "(position %u, cluster %s)\n",
                               line.verify_dir, report->manifest.files_size(),
                               MiB(report->bytes_read), seconds, report->manifest.position(),
                               report->manifest.cluster_id());
  return 0;
}

int RunRestore(const CommandLine& line) {
  RestoreOptions options;
  options.backup_dir = line.backup_dir;
  options.to = line.to;
  options.archive_dir = line.archive_dir;
  options.until_position = line.until_position;
  options.until_time = line.until_time;
  if (!line.quiet) {
    options.on_step = [](std::string_view step) { std::cerr << "restore: " << step << "\n"; };
  }
  absl::StatusOr<RestoreResult> result = Restore(options);
  if (!result.ok()) {
    std::cerr << "ordinal restore: " << result.status() << "\n";
    return absl::IsInvalidArgument(result.status()) ? 2 : 1;
  }
  std::cout << absl::StrFormat(
      "restore: %s holds position %u of cluster %s (backup at %u, %u archived batches "
      "applied%s) as a new epoch: history %s; %.1f s\n",
      line.to, result->restored_position, result->cluster_id, result->backup_position,
      result->batches_applied, result->reached_archive_end ? ", to the archive's end" : "",
      result->history.ToString(), result->seconds);
  return 0;
}

int Main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout pipe is a write error, not a silent exit
  spdlog::set_level(spdlog::level::warn);  // the clone's info lines would drown the progress
  absl::StatusOr<CommandLine> line =
      ParseCommandLine(std::vector<std::string>(argv + 1, argv + argc));
  if (!line.ok()) {
    std::cerr << "ordinal: " << line.status().message() << "\n" << UsageText();
    return 2;
  }
  switch (line->command) {
    case Command::kBackup: return RunBackup(*line);
    case Command::kVerify: return RunVerify(*line);
    case Command::kRestore: return RunRestore(*line);
    case Command::kHelp: break;
  }
  std::cout << UsageText();
  return 0;
}

}  // namespace
}  // namespace ordinal::backup

int main(int argc, char** argv) {
  ordinal::replication::ConfigureMallocForTransfers(/*single_arena=*/true);
  return ordinal::backup::Main(argc, argv);
}
