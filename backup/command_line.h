// The command line of `ordinal-backup` (run as `ordinal backup ...`, `ordinal backup verify
// DIR` and `ordinal restore ...`; docs/operations.md):
//
//   backup  --from HOST:PORT --to DIR|- [--incremental-from PREV_DIR] [-u USER]
//           [--password-file FILE] [--ssl-mode MODE] [--ssl-ca FILE] [--ssl-cert FILE
//           --ssl-key FILE] [--ssl | --skip-ssl] [--files-in-flight N] [--quiet]
//   verify  DIR|FILE|-
//   restore --backup DIR|FILE|- --to DATADIR [--archive ARCHIVE_DIR]
//           [--until-position P | --until-time T] [--quiet]
//
// "-" is standard output (backup --to: a tar stream, backup/tar_backup_writer.h) or standard
// input (verify, restore --backup); a FILE that is not a directory is such a stream.
// Flags take their value as the next argument or after '='. Passwords never come from the
// command line: --password / -pSECRET are refused (ORDINAL_PASSWORD, --password-file, or
// `ordinal backup -p`, which prompts and passes it in the environment). The --ssl-* options
// are the `ordinal` CLI's (client/tls_options.h): PREFERRED by default, --ssl-ca alone means
// VERIFY_CA. --until-time is
// RFC 3339 ("2026-12-03T21:14:05Z", "...+01:00") or "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC.
//
// Thread safety: stateless functions.
#ifndef ORDINAL_BACKUP_COMMAND_LINE_H_
#define ORDINAL_BACKUP_COMMAND_LINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/tls_options.h"

namespace ordinal::backup {

enum class Command { kBackup, kVerify, kRestore, kHelp };

struct CommandLine {
  Command command = Command::kHelp;
  bool quiet = false;
  // backup
  std::string from;
  std::string to;  // backup: the backup directory; restore: the new data directory
  std::string incremental_from;
  std::string user = "root";
  std::string password_file;
  TlsOptions tls;  // how to reach `from` (backup/transport.h)
  int files_in_flight = 2;  // --files-in-flight: files received at once (directory backups)
  // verify
  std::string verify_dir;
  // restore
  std::string backup_dir;
  std::string archive_dir;
  std::optional<uint64_t> until_position;
  std::optional<absl::Time> until_time;
};

// INVALID_ARGUMENT naming the argument for an unknown command or flag, a missing value or
// required flag, a malformed number or time, or a password on the command line.
absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& args);

// Parses --until-time's forms (see the file comment).
absl::StatusOr<absl::Time> ParseUntilTime(const std::string& text);

std::string UsageText();

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_COMMAND_LINE_H_
