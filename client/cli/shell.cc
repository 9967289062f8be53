#include "client/cli/shell.h"

#include <chrono>
#include <cmath>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/cli/formatter.h"
#include "common/sql_error.h"

namespace ordinal::cli {
namespace {

// The words of a command line, without a trailing ';'.
std::vector<std::string> CommandWords(std::string_view line) {
  std::string_view text = TrimWhitespace(line);
  while (!text.empty() && text.back() == ';')
    text = TrimWhitespace(text.substr(0, text.size() - 1));
  return absl::StrSplit(absl::string_view(text.data(), text.size()), absl::ByAnyChar(" \t"),
                        absl::SkipEmpty());
}

void AppendUnit(std::string& out, uint64_t amount, const char* unit) {
  if (amount == 0) return;
  absl::StrAppend(&out, out.empty() ? "" : " ", amount, " ", unit,
                  amount == 1 || unit[0] == 'm' || unit[0] == 's' ? "" : "s");
}

std::string ReplicaStreamLine(const ServerStatus& status) {
  if (!status.replication.has_value()) return "Replication: not reported by the server\n";
  const ReplicationStatus& stream = *status.replication;
  std::string from = stream.state == "streaming"    ? "streaming from "
                     : stream.state == "connecting" ? "connecting to "
                                                    : absl::StrCat(stream.state, ", primary ");
  std::string line =
      absl::StrCat("Replication: ", from, stream.primary_address, ", applied ",
                   stream.applied_position, ", primary at ", stream.primary_position, ", lag ",
                   stream.lag_positions, " positions / ", std::llround(stream.lag_ms), " ms\n");
  if (!stream.last_error.empty()) absl::StrAppend(&line, "Last error: ", stream.last_error, "\n");
  return line;
}

std::string ReplicaLine(const ReplicaStatus& replica) {
  return absl::StrCat("  ordinal ", replica.ordinal, " at ", replica.address,
                      replica.connected ? "" : " (disconnected)", ": acked ",
                      replica.acked_position, ", lag ", replica.lag_positions, ", ",
                      replica.positions_above_retention_edge,
                      " positions above the retained log's edge",
                      replica.near_retention_edge ? ", WARNING: near the edge" : "", "\n");
}

std::string PrimaryReplicasLines(const ServerStatus& status) {
  size_t connected = 0;
  for (const ReplicaStatus& replica : status.replicas) connected += replica.connected ? 1 : 0;
  size_t disconnected = status.replicas.size() - connected;
  std::string out = absl::StrCat("Replicas: ", connected, " connected");
  if (disconnected > 0) absl::StrAppend(&out, ", ", disconnected, " disconnected");
  absl::StrAppend(&out, "\n");
  for (const ReplicaStatus& replica : status.replicas) absl::StrAppend(&out, ReplicaLine(replica));
  if (status.sync_replicas > 0) {
    absl::StrAppend(&out, "Semi-sync: waits for ", status.sync_replicas, " replica(s); ",
                    status.sync_fallbacks, " fallbacks to asynchronous\n");
  }
  return out;
}

}  // namespace

std::string FormatReplicationStatus(const ServerStatus& status) {
  std::string out = absl::StrCat("Role: ", status.role.empty() ? "unknown" : status.role,
                                 " (ordinal ", status.ordinal, ")\n");
  if (!status.cluster_id.empty()) absl::StrAppend(&out, "Cluster id: ", status.cluster_id, "\n");
  if (status.role == "replica") {
    absl::StrAppend(&out, ReplicaStreamLine(status));
  } else if (status.role == "primary") {
    absl::StrAppend(&out, PrimaryReplicasLines(status));
  }
  return out;
}

std::string FormatUptime(uint64_t seconds) {
  std::string out;
  AppendUnit(out, seconds / 86400, "day");
  AppendUnit(out, seconds / 3600 % 24, "hour");
  AppendUnit(out, seconds / 60 % 60, "min");
  absl::StrAppend(&out, out.empty() ? "" : " ", seconds % 60, " sec");
  return out;
}

std::string CommandHelpText() {
  return "List of ordinal commands (on a line of their own):\n"
         "?         (\\?) Synonym for `help'.\n"
         "clear     (\\c) Clear the current input statement.\n"
         "ego       (\\G) Send the statement to the server, show the result vertically.\n"
         "exit      (\\q) Exit ordinal. Same as quit.\n"
         "go        (\\g) Send the statement to the server.\n"
         "help      (\\h) Display this help.\n"
         "quit      (\\q) Quit ordinal.\n"
         "status    (\\s) Get status information from the server.\n"
         "use       (\\u) Use another database. Takes database name as argument.\n";
}

Shell::Shell(Client& client, const ShellOptions& options, std::ostream& out, std::ostream& err)
    : client_(client), options_(options), out_(out), err_(err) {}

Shell::Outcome Shell::ProcessLine(std::string_view line) {
  Outcome outcome = Outcome::kContinue;
  if (!splitter_.has_pending() && TryCommand(line, outcome)) return outcome;
  for (const Statement& statement : splitter_.AddLine(line)) {
    outcome = RunStatement(statement);
    if (outcome != Outcome::kContinue) {
      splitter_.Clear();
      return outcome;
    }
  }
  return Outcome::kContinue;
}

Shell::Outcome Shell::Finish() {
  Statement statement = splitter_.Finish();
  if (statement.text.empty()) return Outcome::kContinue;
  return RunStatement(statement);
}

bool Shell::TryCommand(std::string_view line, Outcome& outcome) {
  std::vector<std::string> words = CommandWords(line);
  if (words.empty()) return false;
  std::string command = absl::AsciiStrToLower(words[0]);
  if (words.size() == 1) {
    if (command == "quit" || command == "exit" || command == "\\q") {
      outcome = Outcome::kQuit;
      return true;
    }
    if (command == "status" || command == "\\s") {
      PrintStatus();
      outcome = Outcome::kContinue;
      return true;
    }
    if (command == "help" || command == "\\h" || command == "?" || command == "\\?") {
      out_ << CommandHelpText() << std::flush;
      outcome = Outcome::kContinue;
      return true;
    }
  }
  if (words.size() == 2 && (command == "use" || command == "\\u")) {
    outcome = Use(words[1]);
    return true;
  }
  return false;
}

Shell::Outcome Shell::Use(std::string_view database) {
  // The name goes to the server as typed (quoted with backquotes or not).
  absl::StatusOr<ResultSet> result =
      client_.Execute(absl::StrCat("USE ", absl::string_view(database.data(), database.size())));
  if (!result.ok()) return Fail(result.status());
  if (options_.interactive) out_ << "Database changed\n" << std::flush;
  return Outcome::kContinue;
}

Shell::Outcome Shell::RunStatement(const Statement& statement) {
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<ResultSet> result = client_.Execute(statement.text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result.ok()) return Fail(result.status());
  PrintResult(*result, statement.vertical || options_.format == OutputFormat::kVertical, seconds);
  return Outcome::kContinue;
}

void Shell::PrintResult(const ResultSet& result, bool vertical, double seconds) {
  // As in mysql, a result without rows prints no table and no header.
  if (result.has_rows && !result.rows.empty()) {
    if (vertical) {
      out_ << FormatVertical(result);
    } else if (options_.format == OutputFormat::kBatch) {
      out_ << FormatBatch(result, options_.column_names);
    } else {
      out_ << FormatTable(result);
    }
  }
  if (options_.interactive) out_ << FormatSummary(result, seconds) << "\n";
  out_ << std::flush;
}

Shell::Outcome Shell::Fail(const absl::Status& status) {
  err_ << FormatSqlError(status) << std::endl;
  return options_.interactive ? Outcome::kContinue : Outcome::kFailed;
}

void Shell::PrintStatus() {
  absl::StatusOr<ServerStatus> status = client_.Status();
  if (!status.ok()) {
    err_ << FormatSqlError(status.status()) << std::endl;
    return;
  }
  const ClientOptions& options = client_.options();
  out_ << "--------------\n"
       << "Connection:\t\t" << options.address << "\n"
       << "Current database:\t" << client_.current_database() << "\n"
       << "Current user:\t\t" << options.user << "\n"
       << "In transaction:\t\t" << (client_.in_transaction() ? "yes" : "no") << "\n"
       << "Server version:\t\t" << status->version << "\n"
       << "Server ordinal:\t\t" << status->ordinal << "\n"
       << "Server role:\t\t" << status->role << "\n"
       << "Primary address:\t" << status->primary_address << "\n"
       << "Latest position:\t" << status->latest_position << "\n"
       << "Open sessions:\t\t" << status->open_sessions << "\n"
       << "Uptime:\t\t\t" << FormatUptime(status->uptime_seconds) << "\n"
       << "\n"
       << FormatReplicationStatus(*status) << "--------------\n\n"
       << std::flush;
}

}  // namespace ordinal::cli
