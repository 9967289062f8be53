// The Session of database.h: a connection's current database and open transaction, and the
// dispatch of statements to DDL, SHOW/DESCRIBE, transaction control and the executor.
//
// Transactions: outside BEGIN..COMMIT each statement runs in its own transaction
// (autocommit); a SELECT, which writes nothing, in a read view of the store instead
// (kv::Store::BeginRead). Inside one, each statement that may write runs between a savepoint
// and either its release (success) or a rollback to it (failure), so a failed statement
// leaves nothing behind while the transaction stays open. DDL and BEGIN first commit an open transaction, as MySQL does;
// DDL then runs in a transaction of its own and reloads the catalog after it commits.
//
// Thread safety: one thread at a time (see Session).
#ifndef ORDINAL_ENGINE_SESSION_IMPL_H_
#define ORDINAL_ENGINE_SESSION_IMPL_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/catalog/schema_visibility.h"
#include "engine/database.h"
#include "engine/engine_state.h"
#include "engine/exec/executor.h"
#include "engine/functions/session_context.h"
#include "engine/interrupt.h"
#include "engine/kv/store.h"
#include "engine/plan/prepared_plan.h"
#include "engine/process_list.h"
#include "engine/sql/ast.h"
#include "engine/types/temporal.h"

namespace ordinal::engine {

class SessionImpl final : public Session {
 public:
  // `state` must outlive the session.
  explicit SessionImpl(EngineState& state)
      : state_(state),
        context_(state.globals),
        // KILL wakes the statement's waits: SLEEP (through `cancel`) and position waits.
        interrupt_(std::make_shared<StatementInterrupt>(
            [cancel = context_.cancel, wake = state.wake_position_waiters] {
              cancel->Cancel();
              if (wake) wake();
            })),
        process_(state.process_list.Register()) {
    context_.wait_for_position = [this](uint64_t position, absl::Time deadline) {
      return state_.wait_for_position(position, deadline, &interrupt_->flag());
    };
    context_.interrupt = interrupt_.get();
  }
  ~SessionImpl() override {
    ReleaseTableLocks();
    RollbackIfOpen();
  }

  absl::StatusOr<ResultSet> Execute(std::string_view sql) override;
  absl::StatusOr<ResultSet> Execute(const sql::Statement& statement) override;
  absl::StatusOr<ResultSet> Execute(const sql::Statement& statement, RowSink* rows) override;
  const std::string& current_database() const override { return current_database_; }
  bool in_transaction() const override { return txn_ != nullptr; }
  bool transaction_only_read() const override;
  absl::StatusOr<std::optional<std::vector<ResultColumn>>> Describe(
      const sql::Statement& statement) override;
  void RollbackIfOpen() override;
  void SetConnection(uint32_t id, std::string_view user) override;
  absl::Status SetPrincipal(const auth::Principal& principal) override;
  absl::Status Authorize(const sql::Statement& statement) override;
  absl::Status CheckGlobalPrivilege(uint64_t privilege, std::string_view names) override;
  uint32_t connection_id() const override { return context_.connection_id; }
  std::string user_name() const override { return principal_.user; }
  uint32_t warning_count() const override;
  bool autocommit() const override { return context_.variables.autocommit(); }
  std::shared_ptr<StatementInterrupt> interrupt() const override { return interrupt_; }
  absl::StatusOr<Value> EvaluateConstant(const sql::Expr& expr) override;

  // USE `database`: NOT_FOUND errno 1049 when it does not exist.
  absl::Status Use(std::string_view database);

 private:
  // Work done inside a transaction that DDL runs in. Returns the statement's result; may
  // register work to run after the commit in `after_commit`.
  using DdlWork = std::function<absl::StatusOr<ResultSet>(
      kv::Transaction& txn, std::function<absl::Status()>& after_commit)>;

  // Runs one statement; Execute() wraps it with the session context and diagnostics.
  absl::StatusOr<ResultSet> Dispatch(const sql::Statement& statement);
  // Before a statement that is not SHOW WARNINGS/ERRORS: clears the diagnostics and sets
  // what the statement's expressions see (`statement` is nullptr when it did not parse).
  void StartStatement(const sql::Statement* statement);
  // Brings settings_ up to date with the session's variables.
  void RefreshSettings();
  // After it: records its error, counts, ROW_COUNT(), FOUND_ROWS(), LAST_INSERT_ID().
  void FinishStatement(const sql::Statement* statement, const absl::StatusOr<ResultSet>& result);
  // @@warning_count and @@error_count from the diagnostics.
  void CountDiagnostics();
  // Describe's binding of a SELECT, in the session's transaction or a snapshot of its own.
  absl::StatusOr<std::vector<ResultColumn>> DescribeSelect(const sql::Select& select);

  // ---- session statements (session_variables.cc) ----
  absl::StatusOr<ResultSet> RunSet(const sql::SetStatement& set);
  absl::StatusOr<ResultSet> RunSetTransaction(const sql::SetTransaction& set);
  absl::StatusOr<ResultSet> ShowVariables(const sql::ShowVariables& show);
  // @@character_set_database and @@collation_database: the current database's defaults,
  // else the server's (@@collation_server), as MySQL sets them on USE.
  void SetDatabaseVariables();
  ResultSet ShowWarnings(const sql::ShowWarnings& show) const;

  absl::StatusOr<ResultSet> Begin();
  absl::StatusOr<ResultSet> CommitStatement();
  absl::StatusOr<ResultSet> RollbackStatement();
  // SAVEPOINT, ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT inside txn_; an unknown name is
  // 1305 "SAVEPOINT name does not exist".
  absl::StatusOr<ResultSet> SetSavepoint(const std::string& name);
  absl::StatusOr<ResultSet> RollbackToSavepoint(const std::string& name);
  absl::StatusOr<ResultSet> ReleaseSavepoint(const std::string& name);
  absl::StatusOr<size_t> FindSavepoint(const std::string& name) const;
  // Commits the open transaction (if any) and closes it, successful or not; returns the
  // commit position (0 when nothing was written or no transaction was open).
  absl::StatusOr<uint64_t> CommitOpenTransaction();

  // ---- LOCK TABLES, UNLOCK TABLES and FLUSH (session_locks.cc) ----
  absl::StatusOr<ResultSet> LockTablesStatement(const sql::LockTables& lock);
  absl::StatusOr<ResultSet> FlushStatement(const sql::Flush& flush);
  // Ends LOCK TABLES or FLUSH TABLES WITH READ LOCK (UNLOCK TABLES, BEGIN, a new LOCK).
  void ReleaseTableLocks();
  // 1099, 1100 or 1223 when the session's table locks forbid `statement`'s writes.
  absl::Status CheckTableLocks(const sql::Statement& statement) const;
  // A read while the session holds only read locks: in the snapshot taken when it locked.
  absl::StatusOr<ResultSet> RunDataInLockSnapshot(const sql::Statement& statement);

  absl::StatusOr<ResultSet> RunDdl(const DdlWork& work);
  // ---- accounts and privileges (session_accounts.cc) ----
  // CREATE/ALTER/DROP USER, GRANT, REVOKE: as DDL, then the accounts are reloaded.
  absl::StatusOr<ResultSet> RunAccountStatement(const sql::Statement& statement);
  // Removes what the principal may not see from SHOW DATABASES, SHOW TABLES and SHOW
  // PROCESSLIST.
  void FilterShowResult(const sql::Statement& statement, ResultSet& result) const;
  // The INFORMATION_SCHEMA rows the principal may see (engine/catalog/schema_visibility.h).
  catalog::SchemaVisibility VisibleSchema() const;
  // Whether the principal may see a session of `user` in SHOW PROCESSLIST and
  // INFORMATION_SCHEMA.PROCESSLIST: its own, or any with PROCESS.
  bool MaySeeProcess(const auth::AccountSet& accounts, std::string_view user) const;
  // Gives a statement's context what its INFORMATION_SCHEMA reads may see: the schema filter
  // and the PROCESSLIST rows.
  void ShareSessionViews(exec::ExecContext& ctx) const;
  absl::StatusOr<ResultSet> RunSchemaStatement(const sql::Statement& statement);
  absl::StatusOr<ResultSet> RunData(const sql::Statement& statement);
  absl::StatusOr<ResultSet> RunDataInTransaction(const sql::Statement& statement);
  absl::StatusOr<ResultSet> RunDataAutocommit(const sql::Statement& statement);
  // An autocommit SELECT, in a read view of the store (kv::Store::BeginRead).
  absl::StatusOr<ResultSet> RunReadAutocommit(const sql::Statement& statement);
  // Runs a data statement in `ctx` (session_plans.cc): a prepared SELECT of the shape
  // engine/plan/prepared_plan.h describes, and a SELECT without markers of the shape
  // engine/plan/kept_select.h describes, reuse the plan kept from their last execution when
  // that plan is still valid; the others go to the executor.
  absl::StatusOr<ResultSet> ExecuteData(const sql::Statement& statement, exec::ExecContext& ctx);
  // Forgets every kept plan: called when anything binding reads may have changed (a
  // statement other than SELECT/INSERT/UPDATE/DELETE, transaction control and SHOW
  // VARIABLES/STATUS, USE, a new principal, a change of @@sql_mode, @@time_zone or
  // @@collation_connection).
  void ForgetPlans() {
    kept_plans_.clear();
    kept_selects_.clear();
  }
  // A SELECT without markers (session_plans.cc): runs the plan kept from the last run of
  // the same text when it is still valid (engine/plan/kept_select.h), else binds it and
  // keeps the plan when the rule allows.
  absl::StatusOr<ResultSet> ExecuteSelectText(const sql::Statement& statement,
                                              const sql::Select& select, exec::ExecContext& ctx);
  struct KeptSelect;
  // The definitions `names` resolve to now, in order; false when one does not resolve.
  static bool ResolveNames(const std::vector<const sql::TableName*>& names,
                           exec::ExecContext& ctx, std::vector<const catalog::TableInfo*>* tables);
  // Whether `kept`, bound from a statement naming `names`, may run now.
  static bool StillValid(const KeptSelect& kept, const std::vector<const sql::TableName*>& names,
                         exec::ExecContext& ctx);
  // Schema changes against open transactions: a table written inside BEGIN..COMMIT is
  // remembered as it was defined then, and COMMIT fails (1213) if DDL has since dropped or
  // changed it, instead of committing rows shaped for the old schema (missing index entries,
  // rows of a table that no longer exists). Autocommit statements need no such check: they
  // hold the shared schema lock from their snapshot to their commit.
  struct WrittenTable {
    std::string database;
    std::string table;
    uint64_t id = 0;
    uint32_t next_index_id = 0;
  };
  void RememberWrittenTable(const sql::Statement& statement);
  void RememberTable(const sql::TableName& name);
  absl::Status CheckWrittenTables() const;

  EngineState& state_;
  std::string current_database_;
  std::unique_ptr<kv::Transaction> txn_;  // the open BEGIN..COMMIT transaction, if any
  // txn_ has run a statement other than a plain SELECT (see transaction_only_read()).
  bool txn_not_only_read_ = false;
  std::vector<WrittenTable> written_tables_;  // tables txn_ wrote, as defined at first write
  // txn_'s named savepoints, oldest first ("" for one whose name was set again later).
  std::vector<std::string> savepoints_;
  functions::SessionContext context_;  // variables, diagnostics, what session functions read
  const std::shared_ptr<StatementInterrupt> interrupt_;  // KILL; after context_ (its cancel)
  TemporalMode temporal_mode_;  // the running statement's sql_mode date rules, time_zone
  // What statements derive from @@sql_mode, @@time_zone and @@collation_connection, kept
  // with the text it was derived from: a statement only compares the texts (parsing the
  // modes, resolving the zone and the collation happen when a variable changed).
  struct DerivedSettings {
    std::string sql_mode;
    bool strict = false;
    bool no_zero_date = false;
    bool no_zero_in_date = false;
    bool division_by_zero_warns = false;
    std::string time_zone;
    absl::TimeZone zone;
    std::string collation;
    uint16_t collation_id = 0;
    bool valid = false;  // false until the first statement derives them
  };
  DerivedSettings settings_;
  uint64_t questions_ = 0;             // statements run (SHOW STATUS LIKE 'Questions')
  // SELECTs that ran a kept plan, not bound anew (SHOW STATUS LIKE 'Ordinal_plan_reuses').
  uint64_t plan_reuses_ = 0;
  std::unique_ptr<ProcessList::Entry> process_;  // this session's SHOW PROCESSLIST row
  auth::Principal principal_ = auth::Principal::Superuser();
  std::unique_ptr<auth::UsageLimits::Ticket> connection_ticket_;  // MAX_USER_CONNECTIONS
  // LOCK TABLES in effect: the tables as locked (empty: none). With read locks only (or after
  // FLUSH TABLES WITH READ LOCK, `global_read_lock_`), the session reads the snapshot taken
  // when it locked, so what it reads cannot change under it (docs/sql-decisions.md).
  std::vector<sql::LockedTable> locked_tables_;
  bool global_read_lock_ = false;
  std::unique_ptr<kv::Transaction> lock_snapshot_;
  // The running SELECT's rows go here (Execute with a sink); null otherwise. Data
  // statements' contexts get it from ShareSessionViews.
  RowSink* streaming_ = nullptr;
  // Plans of prepared SELECTs kept between executions (ExecuteData), by the statement they
  // were bound from (at most kMaxKeptPlans; ForgetPlans() empties it). An entry is used only
  // for a statement at the same address with the same text whose table's catalog
  // definition is the one the plan was bound against (DDL reloads the catalog, which
  // replaces every definition, also on a replica that applies it).
  struct KeptPlan {
    std::string text;
    std::unique_ptr<plan::ReusablePlan> plan;
  };
  absl::flat_hash_map<const sql::Statement*, KeptPlan> kept_plans_;
  // Plans of SELECTs without markers kept between runs (engine/plan/kept_select.h), by
  // their text (at most kMaxKeptPlans; ForgetPlans() empties it). An entry is used while
  // each table name resolves to the definition it had (`tables`, in written order) and
  // the statistics the planner read are still the current ones (`stats`).
  struct KeptSelect {
    std::shared_ptr<plan::SelectPlan> plan;
    std::vector<const catalog::TableInfo*> tables;
    std::vector<std::pair<const catalog::TableInfo*, std::shared_ptr<const catalog::TableStats>>>
        stats;
  };
  absl::flat_hash_map<std::string, KeptSelect> kept_selects_;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_SESSION_IMPL_H_
