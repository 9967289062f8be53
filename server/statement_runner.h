// The statement layer under both front ends (the gRPC Sql service and the MySQL protocol
// listener): parses a statement once, answers SHOW REPLICA STATUS (from the node: it also
// shows a clone's progress), SHOW REPLICAS (from the open store's replication) and KILL
// (from the connection registry), runs every other statement in the caller's engine
// Session, waits for semi-sync acknowledgements of what it committed, and counts it in the
// metrics. Front ends only translate their wire format to and from these calls; errors keep
// the engine's MySQL errno and SQLSTATE (common/sql_error.h) for each front end to put on
// its wire.
//
// Thread safety: Run is thread-safe for distinct sessions; a session is used by one thread
// at a time (engine::Session's contract).
#ifndef ORDINAL_SERVER_STATEMENT_RUNNER_H_
#define ORDINAL_SERVER_STATEMENT_RUNNER_H_

#include <functional>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/database.h"
#include "engine/sql/parser.h"
#include "server/connection_registry.h"
#include "server/metrics.h"
#include "server/node.h"
#include "server/slot.h"
#include "server/store.h"

namespace ordinal::server {

class StatementRunner {
 public:
  // Each reference must outlive the runner.
  StatementRunner(const Node& node, Slot<Store>& slot, Metrics& metrics)
      : node_(node), slot_(slot), metrics_(metrics) {}

  // Parses and runs one statement in `session` (a session of the store now in the slot). A
  // statement that committed returns once the configured replicas acknowledged its
  // position, or the semi-sync timeout passed, or the session was interrupted (KILL
  // QUERY, a hang-up), or `cancelled` returned true (a gRPC client's cancel): the commit
  // stands either way, and the statement's result is returned.
  // With `rows`, a SELECT's rows stream to it (engine::Session::Execute with a RowSink).
  absl::StatusOr<engine::ResultSet> Run(engine::Session& session, std::string_view sql,
                                        const std::function<bool()>& cancelled = {},
                                        engine::RowSink* rows = nullptr);
  // The same for a statement parsed already; `sql` is its text (the metrics label).
  absl::StatusOr<engine::ResultSet> Run(engine::Session& session,
                                        const engine::sql::Statement& statement,
                                        std::string_view sql,
                                        const std::function<bool()>& cancelled = {},
                                        engine::RowSink* rows = nullptr);

  // Parses one statement: the statement, or the syntax error Run would return.
  static absl::StatusOr<engine::sql::Statement> Parse(std::string_view sql);
  // Parses a prepared statement's text with its `?` markers (engine/sql/parser.h).
  static absl::StatusOr<engine::sql::ParameterizedStatement> ParseWithParameters(
      std::string_view sql);

  // Whether `statement` returns without waiting for anything but the CPU and RocksDB reads
  // (no commit, no fsync, no semi-sync acknowledgement, no blocking function): such
  // statements may run on an I/O thread; the others belong on a thread that may block.
  // Reads (SELECT, SHOW, DESCRIBE, EXPLAIN, USE) and KILL run without blocking unless they
  // call a function the registry marks blocking (WAIT_FOR_EXECUTED_GTID_SET, SLEEP); BEGIN
  // may block: it commits a transaction left open.
  static bool RunsWithoutBlocking(const engine::sql::Statement& statement);
  // The same for statement text; text that does not parse runs without blocking (it fails
  // at once).
  static bool RunsWithoutBlocking(std::string_view sql);
  // Whether `statement`, run while a transaction is open (`transaction_open`), only adds to
  // that transaction's writes and so waits for nothing: an INSERT, REPLACE, UPDATE or
  // DELETE that calls no blocking function. Its commit, later, is what waits.
  static bool ChangesWithoutWaiting(const engine::sql::Statement& statement,
                                    bool transaction_open);
  // Whether `statement` may wait as long as its client asks (it calls a blocking function:
  // WAIT_FOR_EXECUTED_GTID_SET, SLEEP): a parked wait, which runs under the server's
  // WaitBudget (server/wait_budget.h), never on the blocking pool of commits.
  static bool ParksWait(const engine::sql::Statement& statement);
  // Whether `statement` only reads and returns rows (SELECT, SHOW, DESCRIBE, EXPLAIN):
  // running it changes nothing, so a front end may run it to learn its columns.
  static bool OnlyReads(const engine::sql::Statement& statement);

  // The connections KILL finds; front ends register theirs.
  ConnectionRegistry& connections() { return connections_; }
  // The session as KILL's caller: its user name, and whether it holds SUPER.
  static ConnectionRegistry::Killer KillerOf(engine::Session& session);

 private:
  absl::StatusOr<engine::ResultSet> Execute(engine::Session& session,
                                            const engine::sql::Statement& statement,
                                            engine::RowSink* rows);
  absl::StatusOr<engine::ResultSet> Kill(engine::Session& session,
                                         const engine::sql::Kill& kill);

  const Node& node_;
  Slot<Store>& slot_;
  Metrics& metrics_;
  ConnectionRegistry connections_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_STATEMENT_RUNNER_H_
