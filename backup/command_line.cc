#include "backup/command_line.h"

#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace ordinal::backup {
namespace {

using Flags = std::map<std::string, std::string>;

// The flags each command takes; "" marks a flag without a value.
const std::map<std::string, bool>& FlagsOf(Command command) {
  static const std::map<std::string, bool> backup = {
      {"--from", true}, {"--to", true}, {"--incremental-from", true}, {"-u", true},
      {"--user", true}, {"--password-file", true}, {"--password_file", true}, {"--quiet", false},
      {"--ssl-mode", true}, {"--ssl-ca", true}, {"--ssl-cert", true}, {"--ssl-key", true},
      {"--ssl", false}, {"--skip-ssl", false}, {"--files-in-flight", true}};
  static const std::map<std::string, bool> restore = {
      {"--backup", true}, {"--to", true}, {"--archive", true}, {"--until-position", true},
      {"--until-time", true}, {"--quiet", false}};
  static const std::map<std::string, bool> none;
  if (command == Command::kBackup) return backup;
  if (command == Command::kRestore) return restore;
  return none;
}

absl::Status Bad(std::string_view what) {
  return absl::InvalidArgumentError(std::string(what));
}

absl::StatusOr<Flags> ParseFlags(Command command, const std::vector<std::string>& args,
                                 std::vector<std::string>& positional) {
  Flags flags;
  const auto& known = FlagsOf(command);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "-p" || absl::StartsWith(arg, "--password=") || arg == "--password" ||
        (absl::StartsWith(arg, "-p") && !absl::StartsWith(arg, "--"))) {
      return Bad("passwords are never taken from the command line: set ORDINAL_PASSWORD, use "
                 "--password-file FILE, or run `ordinal backup -p` to be prompted");
    }
    if (arg.empty() || arg[0] != '-' || arg == "-") {  // "-": standard input or output
      positional.push_back(arg);
      continue;
    }
    std::string value;
    bool has_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    auto flag = known.find(arg);
    if (flag == known.end()) return Bad(absl::StrCat("unknown option '", arg, "'"));
    if (flag->second && !has_value) {
      if (i + 1 >= args.size()) return Bad(absl::StrCat("option '", arg, "' needs a value"));
      value = args[++i];
    } else if (!flag->second && has_value) {
      return Bad(absl::StrCat("option '", arg, "' takes no value"));
    }
    flags[arg] = value;
  }
  return flags;
}

std::string Take(Flags& flags, const std::string& name) {
  auto it = flags.find(name);
  if (it == flags.end()) return "";
  return it->second;
}

absl::Status Require(const std::string& value, std::string_view flag) {
  if (!value.empty()) return absl::OkStatus();
  return Bad(absl::StrCat(absl::string_view(flag.data(), flag.size()), " is required"));
}

// --ssl-mode and friends, as the `ordinal` CLI reads them: --ssl-ca alone means VERIFY_CA,
// --ssl and --skip-ssl are REQUIRED and DISABLED.
absl::Status FillTls(Flags& flags, TlsOptions& tls) {
  int modes = flags.count("--ssl-mode") + flags.count("--ssl") + flags.count("--skip-ssl");
  if (modes > 1) return Bad("give at most one of --ssl-mode, --ssl and --skip-ssl");
  tls.ca_file = Take(flags, "--ssl-ca");
  tls.cert_file = Take(flags, "--ssl-cert");
  tls.key_file = Take(flags, "--ssl-key");
  if (flags.count("--ssl-mode")) {
    absl::StatusOr<SslMode> mode = ParseSslMode(Take(flags, "--ssl-mode"));
    if (!mode.ok()) return mode.status();
    tls.mode = *mode;
  } else if (flags.count("--ssl")) {
    tls.mode = SslMode::kRequired;
  } else if (flags.count("--skip-ssl")) {
    tls.mode = SslMode::kDisabled;
  } else if (!tls.ca_file.empty()) {
    tls.mode = SslMode::kVerifyCa;
  }
  return absl::OkStatus();
}

absl::Status FillBackup(Flags& flags, CommandLine& line) {
  if (absl::Status s = FillTls(flags, line.tls); !s.ok()) return s;
  line.from = Take(flags, "--from");
  line.to = Take(flags, "--to");
  line.incremental_from = Take(flags, "--incremental-from");
  if (flags.count("-u")) line.user = Take(flags, "-u");
  if (flags.count("--user")) line.user = Take(flags, "--user");
  line.password_file = Take(flags, "--password-file");
  if (line.password_file.empty()) line.password_file = Take(flags, "--password_file");
  if (flags.count("--files-in-flight")) {
    const std::string text = Take(flags, "--files-in-flight");
    if (!absl::SimpleAtoi(text, &line.files_in_flight) || line.files_in_flight < 1 ||
        line.files_in_flight > 16) {
      return Bad(absl::StrCat("--files-in-flight '", text, "' is not an integer from 1 to 16"));
    }
  }
  if (absl::Status s = Require(line.from, "--from HOST:PORT"); !s.ok()) return s;
  if (line.from.find(':') == std::string::npos) {
    return Bad(absl::StrCat("--from '", line.from, "' is not HOST:PORT"));
  }
  return Require(line.to, "--to DIR");
}

absl::Status FillRestore(Flags& flags, CommandLine& line) {
  line.backup_dir = Take(flags, "--backup");
  line.to = Take(flags, "--to");
  line.archive_dir = Take(flags, "--archive");
  if (flags.count("--until-position")) {
    uint64_t position = 0;
    const std::string text = Take(flags, "--until-position");
    if (!absl::SimpleAtoi(text, &position) || position == 0) {
      return Bad(absl::StrCat("--until-position '", text, "' is not a positive integer"));
    }
    line.until_position = position;
  }
  if (flags.count("--until-time")) {
    absl::StatusOr<absl::Time> time = ParseUntilTime(Take(flags, "--until-time"));
    if (!time.ok()) return time.status();
    line.until_time = *time;
  }
  if (line.until_position && line.until_time) {
    return Bad("give --until-position or --until-time, not both");
  }
  if (absl::Status s = Require(line.backup_dir, "--backup DIR"); !s.ok()) return s;
  return Require(line.to, "--to DATADIR");
}

}  // namespace

absl::StatusOr<absl::Time> ParseUntilTime(const std::string& text) {
  absl::Time time;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, text, &time, &error)) return time;
  if (absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, absl::UTCTimeZone(), &time, &error)) {
    return time;
  }
  return Bad(absl::StrCat("--until-time '", text,
                          "' is neither RFC 3339 nor 'YYYY-MM-DD HH:MM:SS' (UTC)"));
}

absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& args) {
  CommandLine line;
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") return line;
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "backup" && !rest.empty() && rest[0] == "verify") {
    line.command = Command::kVerify;  // `ordinal backup verify DIR`
    rest.erase(rest.begin());
  } else if (args[0] == "backup") {
    line.command = Command::kBackup;
  } else if (args[0] == "verify") {
    line.command = Command::kVerify;
  } else if (args[0] == "restore") {
    line.command = Command::kRestore;
  } else {
    return Bad(absl::StrCat("unknown command '", args[0], "' (backup, backup verify, restore)"));
  }
  std::vector<std::string> positional;
  absl::StatusOr<Flags> flags = ParseFlags(line.command, rest, positional);
  if (!flags.ok()) return flags.status();
  line.quiet = flags->count("--quiet") > 0;
  if (line.command == Command::kVerify) {
    if (positional.size() != 1) return Bad("backup verify takes exactly one directory");
    line.verify_dir = positional[0];
    return line;
  }
  if (!positional.empty()) return Bad(absl::StrCat("unexpected argument '", positional[0], "'"));
  absl::Status filled = line.command == Command::kBackup ? FillBackup(*flags, line)
                                                         : FillRestore(*flags, line);
  if (!filled.ok()) return filled;
  return line;
}

std::string UsageText() {
  return "Usage:\n"
         "  ordinal backup --from HOST:PORT --to DIR|- [--incremental-from PREV_DIR] [-u USER]\n"
         "                 [-p | --password-file FILE] [--ssl-mode MODE] [--ssl-ca FILE]\n"
         "                 [--ssl-cert FILE --ssl-key FILE] [--files-in-flight N] [--quiet]\n"
         "  ordinal backup verify DIR|FILE|-\n"
         "  ordinal restore --backup DIR|FILE|- --to DATADIR [--archive ARCHIVE_DIR]\n"
         "                  [--until-position P | --until-time T] [--quiet]\n"
         "--to -: the backup as a tar stream on stdout (progress on stderr); FILE or -: such a\n"
         "stream (a file, or stdin) to verify or restore.\n"
         "The password comes from ORDINAL_PASSWORD, --password-file, or a prompt (-p).\n"
         "--ssl-mode: DISABLED, PREFERRED (default: TLS when the server offers it), REQUIRED,\n"
         "VERIFY_CA, VERIFY_IDENTITY; --ssl-ca alone means VERIFY_CA (docs/tls.md).\n"
         "--files-in-flight: files received at once (1-16, default 2; a tar stream: 1).\n"
         "--until-time: RFC 3339 (2026-12-03T21:14:05Z) or 'YYYY-MM-DD HH:MM:SS' in UTC.\n"
         "See docs/operations.md.\n";
}

}  // namespace ordinal::backup
