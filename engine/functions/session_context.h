// The session state that expressions read and change while a statement runs: system and
// user variables, the current database, the connection's id and user, LAST_INSERT_ID(),
// ROW_COUNT(), FOUND_ROWS(), the statement's start time, and the diagnostics (warnings) the
// statement raises.
//
// The session (engine/session.cc) owns one SessionContext and installs it for the duration of
// each statement with ScopedSessionContext; the evaluator and the functions find it with
// CurrentSessionContext(). The installation is per thread, which matches how sessions run:
// one statement at a time, on the calling thread. Outside a statement (unit tests of the
// evaluator) there is none, and variables read as their defaults.
#ifndef ORDINAL_ENGINE_FUNCTIONS_SESSION_CONTEXT_H_
#define ORDINAL_ENGINE_FUNCTIONS_SESSION_CONTEXT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/functions/cancel_signal.h"
#include "engine/interrupt.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"
#include "engine/vars/system_variables.h"

namespace ordinal::engine::functions {

// One entry of SHOW WARNINGS.
struct Diagnostic {
  enum class Level { kNote, kWarning, kError };
  Level level = Level::kWarning;
  int code = 0;  // MySQL error number
  std::string message;
};

// "Note", "Warning" or "Error".
std::string_view LevelName(Diagnostic::Level level);

// MySQL keeps at most max_error_count (default 1024) diagnostics per statement.
inline constexpr size_t kMaxDiagnostics = 1024;

struct SessionContext {
  explicit SessionContext(vars::GlobalVariables& globals_in)
      : globals(&globals_in), variables(globals_in) {}

  vars::GlobalVariables* globals;
  vars::SessionVariables variables;
  absl::flat_hash_map<std::string, Value> user_variables;  // by lowercased name
  std::string current_database;
  uint32_t connection_id = 0;
  std::string user = "root@localhost";          // USER(): user@client_host
  std::string current_user = "root@localhost";  // CURRENT_USER(): the account, user@host
  int64_t row_count = -1;   // ROW_COUNT(): affected rows of the previous statement
  uint64_t found_rows = 0;  // FOUND_ROWS(): rows the previous SELECT returned
  absl::Time statement_time = absl::UnixEpoch();  // NOW() of the running statement
  // How the running statement treats x/0, x DIV 0 and x % 0 (MySQL: an error in INSERT,
  // UPDATE and DELETE under strict mode with ERROR_FOR_DIVISION_BY_ZERO; NULL otherwise,
  // with warning 1365 when that mode is on).
  bool division_by_zero_is_error = true;
  bool division_by_zero_warns = true;
  // Blocks until this server's content reached commit position `position` (true) or
  // `deadline` passed (false): WAIT_FOR_EXECUTED_GTID_SET. Unset outside a Database.
  // It also returns false at once when `interrupt` is raised (check it after).
  std::function<bool(uint64_t position, absl::Time deadline)> wait_for_position;
  // Raised from another thread by KILL while a statement runs in a Session; long loops
  // (table scans, waits) check it and end the statement with its error. Unset outside one.
  const StatementInterrupt* interrupt = nullptr;
  // Raised to stop the running statement's blocking functions (SLEEP returns 1 early).
  // Shared so that KILL, arriving on another thread, can hold it: the session's
  // StatementInterrupt raises it.
  std::shared_ptr<CancelSignal> cancel = std::make_shared<CancelSignal>();
  std::vector<Diagnostic> diagnostics;            // of the running (or last) statement
  size_t diagnostics_dropped = 0;                 // beyond kMaxDiagnostics

  // Records a diagnostic of the running statement.
  void Warn(int code, std::string message,
            Diagnostic::Level level = Diagnostic::Level::kWarning);
  // LAST_INSERT_ID() and @@last_insert_id.
  uint64_t last_insert_id() const;
  void set_last_insert_id(uint64_t id);
};

// The context installed on this thread, or nullptr.
SessionContext* CurrentSessionContext();

// Installs `context` on this thread for its lifetime (restoring the previous one after).
class ScopedSessionContext {
 public:
  explicit ScopedSessionContext(SessionContext* context);
  ~ScopedSessionContext();
  ScopedSessionContext(const ScopedSessionContext&) = delete;
  ScopedSessionContext& operator=(const ScopedSessionContext&) = delete;

 private:
  SessionContext* previous_;
};

// The value of `@@[scope.]name` for the session in `context` (nullptr: defaults). Errors:
// 1193 unknown variable; 1238 when `scope` asks for a scope the variable does not have.
absl::StatusOr<Value> ReadSystemVariable(const sql::VariableRef& ref,
                                         const SessionContext* context);

}  // namespace ordinal::engine::functions

#endif  // ORDINAL_ENGINE_FUNCTIONS_SESSION_CONTEXT_H_
