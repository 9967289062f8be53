// Command-line options of the `ordinal` CLI, spelled as the mysql client spells them.
//
// Every option taking a value accepts `-h host`, `-hhost`, `--host=host` and `--host host`.
// Flags without a value may be grouped (`-BN`). `-p` is special, as in mysql: `-pSECRET`
// gives the password, a bare `-p` (or `--password`) asks for it on the terminal. A word that
// is not an option names the database, as `mysql db` does.
#ifndef ORDINAL_CLIENT_CLI_OPTIONS_H_
#define ORDINAL_CLIENT_CLI_OPTIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/tls_options.h"

namespace ordinal::cli {

struct CliOptions {
  std::string host = "127.0.0.1";
  int port = 7306;
  std::string user = "root";
  // Given on the command line (-pSECRET / --password=SECRET).
  std::optional<std::string> password;
  // -p / --password without a value: read the password from the terminal.
  bool prompt_password = false;
  std::string database;
  // -e / --execute: run these statements and exit.
  std::optional<std::string> execute;
  bool batch = false;              // -B / --batch
  bool table = false;              // -t / --table
  bool vertical = false;           // -E / --vertical
  bool skip_column_names = false;  // -N / --skip-column-names
  bool help = false;               // -? / --help
  bool version = false;            // -V / --version
  // --ssl-mode, --ssl-ca, --ssl-cert, --ssl-key (--ssl is REQUIRED, --skip-ssl DISABLED).
  // As with mysql, --ssl-ca without --ssl-mode means VERIFY_CA.
  TlsOptions tls;
  // Messages for stderr, e.g. the warning that a password on the command line is insecure.
  std::vector<std::string> warnings;

  // "host:port".
  std::string address() const;
};

// Parses the arguments after the program name. Unknown options, missing values and bad
// ports are INVALID_ARGUMENT with a sentence for the user.
absl::StatusOr<CliOptions> ParseCommandLine(const std::vector<std::string>& args);

// The --help text.
std::string UsageText();

}  // namespace ordinal::cli

#endif  // ORDINAL_CLIENT_CLI_OPTIONS_H_
