// The command phase of one MySQL connection: COM_QUERY (text result sets, multi-statements),
// COM_STMT_PREPARE / EXECUTE / SEND_LONG_DATA / RESET / CLOSE (binary result sets),
// COM_INIT_DB, COM_PING, COM_RESET_CONNECTION, COM_SET_OPTION, COM_FIELD_LIST,
// COM_STATISTICS, COM_PROCESS_KILL and COM_QUIT. Statements go through the shared statement
// layer (server/statement_runner.h); this class only translates packets. COM_CHANGE_USER
// needs more packets from the client: the connection authenticates, then calls
// ChangeUser().
//
// Synchronous: Handle() runs a command to the end and appends the framed response. The
// connection (server/mysql/connection.h) decides on which thread: Place() says
// whether a command may wait for a commit, a replica position or a blocking function; it
// parses the command's statements, and the Handle() that follows runs them as parsed.
//
// The processor registers its connection with the runner's ConnectionRegistry for its
// lifetime, so that KILL finds it.
//
// Thread safety: one thread at a time (it owns an engine Session).
#ifndef ORDINAL_SERVER_MYSQL_COMMANDS_H_
#define ORDINAL_SERVER_MYSQL_COMMANDS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/database.h"
#include "server/mysql/packets.h"
#include "server/mysql/prepared.h"
#include "server/mysql/reply.h"
#include "server/mysql/resultset.h"
#include "server/parsed_selects.h"
#include "server/prepared_statement.h"
#include "server/statement_runner.h"
#include "server/wait_budget.h"

namespace ordinal::server::mysql {

// What every connection shares; the references outlive the listener.
struct Frontend {
  // Opens an engine session with `database` selected ("" for none).
  std::function<absl::StatusOr<std::unique_ptr<engine::Session>>(std::string_view database)>
      new_session;
  StatementRunner& runner;
  // The server's budget of parked waits, shared with the gRPC front end.
  WaitBudget& waits;
};

class CommandProcessor {
 public:
  enum class Next { kContinue, kClose };
  // Where a command runs: on the I/O thread, on the blocking pool (it may commit), or as a
  // parked wait under the WaitBudget (it calls WAIT_FOR_EXECUTED_GTID_SET or SLEEP).
  enum class Placement { kInline, kBlocking, kParked };

  // `connection_id` and `principal` are what CONNECTION_ID(), USER() and CURRENT_USER()
  // report; `session` already runs as `principal` (Session::SetPrincipal), and every session
  // that replaces it will too. `close` ends the connection from any thread (KILL CONNECTION).
  CommandProcessor(Frontend& frontend, uint32_t client_capabilities, uint32_t connection_id,
                   engine::auth::Principal principal, std::unique_ptr<engine::Session> session,
                   std::function<void()> close);
  ~CommandProcessor();
  CommandProcessor(const CommandProcessor&) = delete;
  CommandProcessor& operator=(const CommandProcessor&) = delete;

  // Where the command in `payload` runs: a command that may block (a commit, a wait) runs
  // off the I/O threads. An INSERT, UPDATE or DELETE inside an open transaction commits
  // nothing and runs on the I/O thread, as reads do; the COMMIT goes to the pool. Parses a COM_QUERY's statements for the Handle() of the same
  // payload that follows.
  Placement Place(std::string_view payload);
  // Whether the command Place() just placed may be ended part way and run again from the
  // start with the same answer (docs/mysql-protocol.md "Where a command runs"): one plain
  // SELECT (COM_QUERY holding one statement, or COM_STMT_EXECUTE of a parsed prepared
  // SELECT without long data) that RerunsSafely (engine/statement_traits.h). Inside a
  // transaction such a SELECT reads the transaction's first snapshot, on every run.
  bool rerunnable() const { return rerunnable_; }

  // Runs the command in `payload` (its first byte is the command) and appends the framed
  // response, starting at sequence id `seq`, to `out`. kClose for COM_QUIT. With `flush`,
  // a SELECT's result set streams: `out` is sent with it whenever it holds
  // Reply::kFlushBytes (server/mysql/result_stream.h); the rest is the caller's to send.
  Next Handle(std::string_view payload, uint8_t seq, std::string& out,
              const Reply::Flush* flush = nullptr);

  // COM_CHANGE_USER succeeded: `session` (of the database the client named) replaces the
  // current one, whose transaction rolls back; prepared statements are dropped. Appends
  // the OK packet at `seq` to `out`.
  void ChangeUser(engine::auth::Principal principal, std::unique_ptr<engine::Session> session,
                  uint8_t seq, std::string& out);

  engine::Session& session() { return *session_; }

 private:
  struct Prepared {
    // The statement, its markers and its parse (shared with the gRPC front end).
    std::unique_ptr<PreparedStatement> statement;
    std::vector<ColumnMeta> columns;  // as the prepare-time probe saw them
    ParamState params;
  };
  // One statement of a COM_QUERY, parsed.
  struct ParsedSql {
    std::string_view sql;
    absl::StatusOr<std::shared_ptr<const engine::sql::Statement>> statement;
  };

  // Whether `statement` is BEGIN, COMMIT or ROLLBACK and, run now, waits for nothing (no
  // commit that writes), so that it may run on the I/O thread. `transaction_open`: whether
  // a transaction will be open when it runs; `alone`: it is the command's only statement.
  bool EndsTransactionWithoutWaiting(const engine::sql::Statement& statement,
                                     bool transaction_open, bool alone) const;
  // The statements of a COM_QUERY's text (one, or each of a multi-statement text), parsed.
  std::vector<ParsedSql> ParseQuery(std::string_view sql);
  void Query(std::string_view sql, Reply& reply);
  // Runs one statement and writes its result; false when it failed (an ERR was written).
  bool RunStatement(std::string_view sql, bool more_follow, bool binary, Reply& reply);
  bool RunParsed(const ParsedSql& parsed, bool more_follow, bool binary, Reply& reply);
  // Runs `statement` (parsed from `sql`, or nullptr to parse `sql`) and writes its result.
  bool RunStatement(std::string_view sql, const engine::sql::Statement* statement,
                    bool more_follow, bool binary, Reply& reply);
  void ProcessKill(std::string_view body, Reply& reply);
  // Replaces the session (COM_RESET_CONNECTION, COM_CHANGE_USER) and tells the registry.
  // Replaces the session (rolling the old one back) and runs the new one as principal_;
  // the error of SetPrincipal when that fails (the connection is to end).
  absl::Status ReplaceSession(std::unique_ptr<engine::Session> session);
  void Register();
  void WriteResultSet(const engine::ResultSet& result, bool more_follow, bool binary,
                      Reply& reply);
  void Prepare(std::string_view sql, Reply& reply);
  void Execute(std::string_view body, Reply& reply);
  void SendLongData(std::string_view body);
  void ResetStatement(std::string_view body, Reply& reply);
  void CloseStatement(std::string_view body);
  void InitDb(std::string_view database, Reply& reply);
  void FieldList(std::string_view body, Reply& reply);
  void ResetConnection(Reply& reply);
  void SetOption(std::string_view body, Reply& reply);
  void Statistics(Reply& reply);
  // The probe of a prepared SELECT: the columns it returns.
  absl::StatusOr<std::vector<ColumnMeta>> ProbeColumns(const Prepared& statement);
  uint16_t StatusFlags(bool more_follow) const;
  uint16_t Warnings() const;
  // An OK with no counts: the session's status flags and warnings.
  OkInfo PlainOk() const;
  bool deprecate_eof() const;

  Frontend& frontend_;
  const uint32_t capabilities_;
  const uint32_t connection_id_;
  engine::auth::Principal principal_;
  std::string user_;  // principal_.UserAtHost()
  bool multi_statements_;
  std::unique_ptr<engine::Session> session_;
  const std::function<void()> close_;
  // The COM_QUERY Place() parsed, for the Handle() that follows.
  std::optional<std::vector<ParsedSql>> parsed_query_;
  bool rerunnable_ = false;  // of the command Place() placed
  ParsedSelects parsed_selects_;  // SELECT texts this connection ran, parsed
  absl::flat_hash_map<uint32_t, Prepared> statements_;
  uint32_t next_statement_id_ = 1;
  uint64_t questions_ = 0;
};

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_COMMANDS_H_
