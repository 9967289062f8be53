// Shell: what the `ordinal` CLI does with its input, whatever the input's source (the
// interactive prompt, a script on stdin, -e).
//
// Input is fed a line at a time. Client commands are recognised on a line of their own when
// no statement is pending: `quit`/`exit`/`\q`, `status`/`\s`, `use DB`/`\u DB`,
// `help`/`\h`/`?` (a trailing ';' is allowed). Everything else goes through the statement
// splitter and each statement runs on the Client. Results are written to `out` in the
// shell's format; errors go to `err` as `ERROR 1146 (42S02): ...`.
//
// Interactive shells add the mysql summary lines ("2 rows in set (0.00 sec)") and keep going
// after errors; the others print only results and stop at the first error.
#ifndef ORDINAL_CLIENT_CLI_SHELL_H_
#define ORDINAL_CLIENT_CLI_SHELL_H_

#include <ostream>
#include <string>
#include <string_view>

#include "client/cli/statement_splitter.h"
#include "client/client.h"
#include "client/server_status.h"

namespace ordinal::cli {

enum class OutputFormat { kTable, kVertical, kBatch };

struct ShellOptions {
  OutputFormat format = OutputFormat::kTable;
  // Batch format: print the header row.
  bool column_names = true;
  bool interactive = false;
};

class Shell {
 public:
  enum class Outcome {
    kContinue,  // read the next line
    kQuit,      // the user asked to leave
    kFailed,    // a statement failed and the shell is not interactive: stop, exit 1
  };

  // `client`, `out` and `err` must outlive the Shell.
  Shell(Client& client, const ShellOptions& options, std::ostream& out, std::ostream& err);

  Outcome ProcessLine(std::string_view line);
  // End of input: runs a statement left without a terminator, as mysql does.
  Outcome Finish();

  bool has_pending() const { return splitter_.has_pending(); }
  // See StatementSplitter::open_delimiter.
  char open_delimiter() const { return splitter_.open_delimiter(); }

  // Prints the `status` report.
  void PrintStatus();

 private:
  // Runs `line` as a client command; false when it is none.
  bool TryCommand(std::string_view line, Outcome& outcome);
  Outcome RunStatement(const Statement& statement);
  Outcome Use(std::string_view database);
  void PrintResult(const ResultSet& result, bool vertical, double seconds);
  Outcome Fail(const absl::Status& status);

  Client& client_;
  ShellOptions options_;
  std::ostream& out_;
  std::ostream& err_;
  StatementSplitter splitter_;
};

// "1 hour 2 min 3 sec", as the mysql client prints uptime.
std::string FormatUptime(uint64_t seconds);

// The replication part of the `status` report, one line each ending in '\n':
//   Role: replica (ordinal 2)
//   Cluster id: ...                       (when known)
// then on a replica
//   Replication: streaming from 127.0.1.0:7306, applied 1234, primary at 1240,
//     lag 6 positions / 3 ms              (one line)
//   Last error: ...                       (when there is one)
// and on the primary
//   Replicas: 2 connected[, 1 disconnected]
//     ordinal 1 at 127.0.1.1:7306: acked 1240, lag 0, 1200 positions above the retained
//     log's edge[, WARNING: near the edge]  (one line per replica, indented)
//   Semi-sync: waits for 1 replica(s); 3 fallbacks to asynchronous  (when sync_replicas > 0)
std::string FormatReplicationStatus(const ServerStatus& status);

// The --help text of the interactive commands.
std::string CommandHelpText();

}  // namespace ordinal::cli

#endif  // ORDINAL_CLIENT_CLI_SHELL_H_
