#include "client/cli/options.h"

#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace ordinal::cli {
namespace {

constexpr char kInsecurePasswordWarning[] =
    "ordinal: [Warning] Using a password on the command line interface can be insecure.";

// An option that takes a value: its short letter and long name.
struct ValueOption {
  char short_name;
  std::string_view long_name;
};

constexpr ValueOption kValueOptions[] = {
    {'h', "host"}, {'P', "port"}, {'u', "user"}, {'D', "database"}, {'e', "execute"},
};

absl::Status SetValue(CliOptions& options, char name, const std::string& value) {
  switch (name) {
    case 'h':
      options.host = value;
      return absl::OkStatus();
    case 'P': {
      int port = 0;
      if (!absl::SimpleAtoi(value, &port) || port <= 0 || port > 65535) {
        return absl::InvalidArgumentError(absl::StrCat("invalid port '", value, "'"));
      }
      options.port = port;
      return absl::OkStatus();
    }
    case 'u':
      options.user = value;
      return absl::OkStatus();
    case 'D':
      options.database = value;
      return absl::OkStatus();
    case 'e':
      options.execute = value;
      return absl::OkStatus();
  }
  return absl::InternalError("unhandled option");
}

void SetPassword(CliOptions& options, const std::string& password) {
  options.password = password;
  options.prompt_password = false;
  options.warnings.push_back(kInsecurePasswordWarning);
}

// Sets a flag that takes no value; false when `name` is no such flag.
bool SetFlag(CliOptions& options, char name) {
  switch (name) {
    case 'B':
      options.batch = true;
      return true;
    case 't':
      options.table = true;
      return true;
    case 'E':
      options.vertical = true;
      return true;
    case 'N':
      options.skip_column_names = true;
      return true;
    case '?':
    case 'I':
      options.help = true;
      return true;
    case 'V':
      options.version = true;
      return true;
  }
  return false;
}

char LongFlag(std::string_view name) {
  if (name == "batch") return 'B';
  if (name == "table") return 't';
  if (name == "vertical") return 'E';
  if (name == "skip-column-names") return 'N';
  if (name == "help") return '?';
  if (name == "version") return 'V';
  return 0;
}

class Parser {
 public:
  explicit Parser(const std::vector<std::string>& args) : args_(args) {}

  absl::StatusOr<CliOptions> Parse() {
    ORDINAL_RETURN_IF_ERROR(ParseArgs());
    if (!ssl_mode_given_ && !options_.tls.ca_file.empty()) options_.tls.mode = SslMode::kVerifyCa;
    return options_;
  }

 private:
  // --ssl-mode, --ssl-ca, ... ; false when `name` is none of them.
  absl::StatusOr<bool> ParseSsl(const std::string& name, std::optional<std::string> value) {
    if (name == "ssl" || name == "skip-ssl") {
      if (value.has_value()) {
        return absl::InvalidArgumentError(absl::StrCat("option '--", name, "' takes no value"));
      }
      options_.tls.mode = name == "ssl" ? SslMode::kRequired : SslMode::kDisabled;
      ssl_mode_given_ = true;
      return true;
    }
    std::string* target = name == "ssl-ca"     ? &options_.tls.ca_file
                          : name == "ssl-cert" ? &options_.tls.cert_file
                          : name == "ssl-key"  ? &options_.tls.key_file
                                               : nullptr;
    if (target == nullptr && name != "ssl-mode") return false;
    if (!value.has_value()) {
      ORDINAL_ASSIGN_OR_RETURN(value, NextValue("--" + name));
    }
    if (target != nullptr) {
      *target = *value;
      return true;
    }
    ORDINAL_ASSIGN_OR_RETURN(options_.tls.mode, ParseSslMode(*value));
    ssl_mode_given_ = true;
    return true;
  }

  absl::Status ParseArgs() {
    bool options_ended = false;
    for (i_ = 0; i_ < args_.size(); ++i_) {
      const std::string& arg = args_[i_];
      if (options_ended || arg.size() < 2 || arg[0] != '-') {
        ORDINAL_RETURN_IF_ERROR(SetDatabaseArgument(arg));
      } else if (arg == "--") {
        options_ended = true;
      } else if (arg[1] == '-') {
        ORDINAL_RETURN_IF_ERROR(ParseLong(arg.substr(2)));
      } else {
        ORDINAL_RETURN_IF_ERROR(ParseShortGroup(arg));
      }
    }
    return absl::OkStatus();
  }

  absl::Status SetDatabaseArgument(const std::string& arg) {
    if (database_argument_seen_) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument '", arg, "'"));
    }
    database_argument_seen_ = true;
    options_.database = arg;
    return absl::OkStatus();
  }

  // The argument after the current one, consumed; an error when there is none.
  absl::StatusOr<std::string> NextValue(std::string_view option) {
    if (i_ + 1 >= args_.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "option '", absl::string_view(option.data(), option.size()), "' requires an argument"));
    }
    return args_[++i_];
  }

  absl::Status ParseLong(const std::string& body) {
    size_t eq = body.find('=');
    std::string name = body.substr(0, eq);
    std::optional<std::string> value;
    if (eq != std::string::npos) value = body.substr(eq + 1);
    if (name == "password") {
      if (value.has_value()) {
        SetPassword(options_, *value);
      } else {
        options_.prompt_password = true;
      }
      return absl::OkStatus();
    }
    ORDINAL_ASSIGN_OR_RETURN(bool ssl, ParseSsl(name, value));
    if (ssl) return absl::OkStatus();
    for (const ValueOption& option : kValueOptions) {
      if (name != option.long_name) continue;
      if (!value.has_value()) {
        ORDINAL_ASSIGN_OR_RETURN(value, NextValue("--" + name));
      }
      return SetValue(options_, option.short_name, *value);
    }
    char flag = LongFlag(name);
    if (flag != 0 && !value.has_value() && SetFlag(options_, flag)) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat("unknown option '--", body, "'"));
  }

  absl::Status ParseShortGroup(const std::string& arg) {
    for (size_t j = 1; j < arg.size(); ++j) {
      char name = arg[j];
      std::string rest = arg.substr(j + 1);
      if (name == 'p') {
        if (rest.empty()) {
          options_.prompt_password = true;
        } else {
          SetPassword(options_, rest);
        }
        return absl::OkStatus();
      }
      for (const ValueOption& option : kValueOptions) {
        if (name != option.short_name) continue;
        if (!rest.empty()) return SetValue(options_, name, rest);
        ORDINAL_ASSIGN_OR_RETURN(std::string value, NextValue(std::string("-") + name));
        return SetValue(options_, name, value);
      }
      if (!SetFlag(options_, name)) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown option '-", std::string(1, name), "'"));
      }
    }
    return absl::OkStatus();
  }

  const std::vector<std::string>& args_;
  size_t i_ = 0;
  bool database_argument_seen_ = false;
  bool ssl_mode_given_ = false;
  CliOptions options_;
};

}  // namespace

std::string CliOptions::address() const { return absl::StrCat(host, ":", port); }

absl::StatusOr<CliOptions> ParseCommandLine(const std::vector<std::string>& args) {
  return Parser(args).Parse();
}

std::string UsageText() {
  return R"(Usage: ordinal [OPTIONS] [database]
The OrdinalDB command-line client, shaped like mysql.

  -?, --help               Show this help and exit.
  -V, --version            Show the version and exit.
  -h, --host=name          Connect to host (default 127.0.0.1).
  -P, --port=#             Port to connect to (default 7306).
  -u, --user=name          User for login (default root).
  -p, --password[=pwd]     Password; asked for on the terminal when not given. Without -p
                           the password comes from the ORDINAL_PASSWORD environment variable.
  -D, --database=name      Database to use.
  -e, --execute=name       Execute the statements and quit (tab-separated output).
  -B, --batch              Tab-separated output, no prompt, no history; exit on the first
                           error.
  -t, --table              Output in table format.
  -E, --vertical           Print the output vertically (as if every statement ended in \G).
  -N, --skip-column-names  Don't write column names in results.
  --ssl-mode=mode          DISABLED, PREFERRED (default: TLS when the server offers it),
                           REQUIRED, VERIFY_CA or VERIFY_IDENTITY (docs/tls.md).
  --ssl-ca=file            PEM CA that signed the server's certificate (alone: VERIFY_CA).
  --ssl-cert=file          PEM client certificate; --ssl-key=file its private key.
  --ssl, --skip-ssl        Same as --ssl-mode=REQUIRED / DISABLED.

Statements end with ';', '\g' or '\G' (vertical output). In the interactive shell:
  quit, exit, \q     leave          status, \s   server and connection status
  use DB, \u DB      select a database   help, \h     this list   \c   clear the statement

Backups and point-in-time restore (run by ordinal-backup; docs/operations.md):
  ordinal backup --from HOST:PORT --to DIR [--incremental-from PREV_DIR] [-p]
  ordinal backup verify DIR
  ordinal restore --backup DIR --to DATADIR [--archive DIR] [--until-position P | --until-time T]
)";
}

}  // namespace ordinal::cli
