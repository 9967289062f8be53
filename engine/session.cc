#include <optional>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/alter/alter_table.h"
#include "engine/auth/account_statements.h"
#include "engine/auth/statement_privileges.h"
#include "engine/codec/key_codec.h"
#include "engine/create_table_as.h"
#include "engine/ddl.h"
#include "engine/exec/auto_increment.h"
#include "engine/exec/executor.h"
#include "engine/session_impl.h"
#include "engine/show.h"
#include "engine/show_queries.h"
#include "engine/stored_programs.h"
#include "engine/view_ddl.h"
#include "engine/sql/parser.h"
#include "engine/types/collation.h"

namespace ordinal::engine {
namespace {

// An autocommit statement that loses a write-write conflict has had no effect, so running
// it again on a fresh snapshot is the same as running it later. A few attempts hide most
// conflicts from clients; the last one's ABORTED is returned.
constexpr int kAutocommitAttempts = 4;

template <typename... Ts>
bool HoldsAny(const sql::StatementBody& body) {
  return (std::holds_alternative<Ts>(body) || ...);
}

bool IsSchemaStatement(const sql::StatementBody& body) {
  return HoldsAny<sql::CreateDatabase, sql::AlterDatabase, sql::DropDatabase, sql::CreateTable,
                  sql::DropTable,
                  sql::CreateIndex, sql::TruncateTable, sql::RenameTable, sql::CreateView,
                  sql::DropView>(body);
}

// The error every write statement gets on a replica.
absl::Status ReadOnlyReplica(const std::string& primary_address) {
  return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kReadOnly,
                  absl::StrCat("This server is a read-only replica; send writes to the "
                               "primary at ",
                               primary_address));
}

// Rewrites an ABORTED commit error to say that the transaction is over.
absl::Status TransactionRolledBack(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kAborted) return status;
  return SqlError(absl::StatusCode::kAborted, GetMysqlErrno(status),
                  absl::StrCat(status.message(), " (the transaction was rolled back)"));
}

// The caller's sink, counting the rows (FOUND_ROWS()). KILL QUERY is not checked here:
// the statement's scans and waits check it, and an interrupted SLEEP returns 1 and its
// statement succeeds, as in MySQL.
class StreamedRows final : public RowSink {
 public:
  explicit StreamedRows(RowSink& client) : client_(client) {}

  absl::Status Begin(const std::vector<ResultColumn>& columns) override {
    return client_.Begin(columns);
  }
  absl::Status Row(const std::vector<Value>& row) override {
    ++rows_;
    return client_.Row(row);
  }
  uint64_t rows() const { return rows_; }

 private:
  RowSink& client_;
  uint64_t rows_ = 0;
};

}  // namespace

absl::StatusOr<ResultSet> SessionImpl::Execute(std::string_view sql) {
  absl::StatusOr<sql::Statement> statement = sql::ParseStatement(sql);
  if (!statement.ok()) {
    StartStatement(nullptr);
    FinishStatement(nullptr, statement.status());
    return statement.status();
  }
  return Execute(*statement);
}

absl::StatusOr<ResultSet> SessionImpl::Execute(const sql::Statement& statement) {
  return Execute(statement, nullptr);
}

absl::StatusOr<ResultSet> SessionImpl::Execute(const sql::Statement& statement,
                                               RowSink* rows) {
  if (std::holds_alternative<sql::ShowWarnings>(statement.body)) {
    return ShowWarnings(std::get<sql::ShowWarnings>(statement.body));
  }
  StartStatement(&statement);
  // Any other statement may change what binding reads (variables, the current database,
  // stored programs' effects): kept plans are bound again. SHOW VARIABLES and SHOW STATUS
  // only read.
  if (!HoldsAny<sql::Select, sql::Insert, sql::Update, sql::Delete, sql::Begin, sql::Commit,
                sql::Rollback, sql::ShowVariables>(statement.body)) {
    ForgetPlans();
  }
  interrupt_->Clear();
  context_.cancel->Reset();
  process_->StatementStarted(statement.text, current_database_);
  absl::StatusOr<ResultSet> result;
  std::optional<StreamedRows> streamed;
  if (rows != nullptr && std::holds_alternative<sql::Select>(statement.body)) {
    streamed.emplace(*rows);
  }
  RowSink* const outer_stream = std::exchange(streaming_, streamed ? &*streamed : nullptr);
  {
    functions::ScopedSessionContext scope(&context_);
    ScopedTemporalMode temporal(temporal_mode_);
    ScopedConnectionCollation collation(settings_.collation_id);
    absl::Status allowed = Authorize(statement);
    result = allowed.ok() ? Dispatch(statement) : absl::StatusOr<ResultSet>(allowed);
    if (result.ok()) FilterShowResult(statement, *result);
  }
  streaming_ = outer_stream;
  if (result.ok() && result->streamed && streamed) result->streamed_rows = streamed->rows();
  FinishStatement(&statement, result);
  process_->StatementFinished(current_database_);
  return result;
}

void SessionImpl::SetConnection(uint32_t id, std::string_view user) {
  ForgetPlans();
  context_.connection_id = id;
  context_.user = std::string(user);
  context_.variables.Set(*vars::FindVariable("pseudo_thread_id"), Value::Int(id));
  process_->SetConnection(id, user);
}

uint32_t SessionImpl::warning_count() const {
  return static_cast<uint32_t>(context_.diagnostics.size() + context_.diagnostics_dropped);
}

namespace {

// The text of a string-valued variable ("" for any other value).
std::string_view TextOf(const Value& value) {
  return value.is_string() ? std::string_view(value.string_value()) : std::string_view();
}

}  // namespace

void SessionImpl::RefreshSettings() {
  static const vars::VariableDef* const sql_mode_def = vars::FindVariable("sql_mode");
  static const vars::VariableDef* const time_zone_def = vars::FindVariable("time_zone");
  static const vars::VariableDef* const collation_def =
      vars::FindVariable("collation_connection");
  const std::string_view modes = TextOf(context_.variables.Get(*sql_mode_def));
  if (!settings_.valid || modes != settings_.sql_mode) {
    ForgetPlans();
    settings_.sql_mode = std::string(modes);
    settings_.strict = modes.find("STRICT_TRANS_TABLES") != std::string_view::npos ||
                       modes.find("STRICT_ALL_TABLES") != std::string_view::npos;
    settings_.division_by_zero_warns =
        modes.find("ERROR_FOR_DIVISION_BY_ZERO") != std::string_view::npos;
    settings_.no_zero_date = modes.find("NO_ZERO_DATE") != std::string_view::npos;
    settings_.no_zero_in_date = modes.find("NO_ZERO_IN_DATE") != std::string_view::npos;
  }
  const Value& zone = context_.variables.Get(*time_zone_def);
  const std::string_view zone_name = zone.is_string() ? TextOf(zone) : "SYSTEM";
  if (!settings_.valid || zone_name != settings_.time_zone) {
    ForgetPlans();
    settings_.time_zone = std::string(zone_name);
    settings_.zone = ResolveTimeZone(zone_name);
  }
  const std::string_view collation_name = TextOf(context_.variables.Get(*collation_def));
  if (!settings_.valid || collation_name != settings_.collation) {
    ForgetPlans();
    settings_.collation = std::string(collation_name);
    const Collation* collation = FindCollation(collation_name);
    settings_.collation_id = collation != nullptr ? collation->id() : kUtf8mb4DefaultCollationId;
  }
  settings_.valid = true;
}

void SessionImpl::StartStatement(const sql::Statement* statement) {
  ++questions_;
  context_.diagnostics.clear();
  context_.diagnostics_dropped = 0;
  if (context_.current_database != current_database_) {
    context_.current_database = current_database_;
  }
  context_.statement_time = absl::Now();
  RefreshSettings();
  context_.division_by_zero_warns = settings_.division_by_zero_warns;
  temporal_mode_.strict = settings_.strict;
  temporal_mode_.no_zero_date = settings_.no_zero_date;
  temporal_mode_.no_zero_in_date = settings_.no_zero_in_date;
  temporal_mode_.time_zone = settings_.zone;
  context_.division_by_zero_is_error =
      settings_.strict && settings_.division_by_zero_warns && statement != nullptr &&
      HoldsAny<sql::Insert, sql::Update, sql::Delete>(statement->body);
}

void SessionImpl::FinishStatement(const sql::Statement* statement,
                                  const absl::StatusOr<ResultSet>& result) {
  if (!result.ok()) {
    context_.Warn(static_cast<int>(GetMysqlErrno(result.status())),
                  std::string(result.status().message()), functions::Diagnostic::Level::kError);
    context_.row_count = -1;
  } else {
    if (result->last_insert_id != 0) context_.set_last_insert_id(result->last_insert_id);
    const bool dml = statement != nullptr &&
                     HoldsAny<sql::Insert, sql::Update, sql::Delete>(statement->body);
    context_.row_count = dml ? static_cast<int64_t>(result->rows_affected)
                             : (result->has_rows ? -1 : 0);
    if (statement != nullptr && std::holds_alternative<sql::Select>(statement->body)) {
      context_.found_rows = result->found_rows.value_or(
          result->streamed ? result->streamed_rows : result->rows.size());
    }
  }
  CountDiagnostics();
}

void SessionImpl::CountDiagnostics() {
  static const vars::VariableDef* const warnings_def = vars::FindVariable("warning_count");
  static const vars::VariableDef* const errors_def = vars::FindVariable("error_count");
  int64_t errors = 0;
  for (const functions::Diagnostic& d : context_.diagnostics) {
    errors += d.level == functions::Diagnostic::Level::kError;
  }
  context_.variables.Set(*warnings_def, Value::Int(warning_count()));
  context_.variables.Set(*errors_def, Value::Int(errors));
}

absl::StatusOr<ResultSet> SessionImpl::Dispatch(const sql::Statement& statement) {
  static const vars::VariableDef* const transaction_read_only =
      vars::FindVariable("transaction_read_only");
  const sql::StatementBody& body = statement.body;
  if (state_.read_only && sql::IsWrite(statement)) {
    return ReadOnlyReplica(state_.primary_address);
  }
  ORDINAL_RETURN_IF_ERROR(CheckTableLocks(statement));
  if (sql::IsWrite(statement) &&
      context_.variables.Get(*transaction_read_only) == Value::Int(1)) {
    return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kReadOnlyTransaction,
                    "Cannot execute statement in a READ ONLY transaction.");
  }
  // The common statements go straight to the executor; none of the kinds below is one.
  if (HoldsAny<sql::Select, sql::Insert, sql::Update, sql::Delete>(body)) return RunData(statement);
  if (const auto* s = std::get_if<sql::SetStatement>(&body)) return RunSet(*s);
  if (const auto* s = std::get_if<sql::SetTransaction>(&body)) return RunSetTransaction(*s);
  if (const auto* s = std::get_if<sql::ShowVariables>(&body)) return ShowVariables(*s);
  if (const auto* use = std::get_if<sql::UseDatabase>(&body)) {
    ORDINAL_RETURN_IF_ERROR(Use(use->name));
    return ResultSet{};
  }
  if (std::holds_alternative<sql::Begin>(body)) return Begin();
  if (std::holds_alternative<sql::Commit>(body)) return CommitStatement();
  if (const auto* s = std::get_if<sql::Rollback>(&body)) {
    return s->savepoint.empty() ? RollbackStatement() : RollbackToSavepoint(s->savepoint);
  }
  if (const auto* s = std::get_if<sql::Savepoint>(&body)) {
    return s->release ? ReleaseSavepoint(s->name) : SetSavepoint(s->name);
  }
  if (std::holds_alternative<sql::ShowDatabases>(body)) {
    return show::ShowDatabases(state_.catalog);
  }
  if (const auto* s = std::get_if<sql::ShowTables>(&body)) {
    return show::ShowTables(*s, state_.catalog, current_database_);
  }
  if (const auto* s = std::get_if<sql::DescribeTable>(&body)) {
    return show::Describe(*s, state_.catalog, current_database_);
  }
  if (const auto* s = std::get_if<sql::ShowProcessList>(&body)) {
    return show::ShowProcessList(state_.process_list.Rows(), s->full);
  }
  if (const auto* s = std::get_if<sql::LockTables>(&body)) return LockTablesStatement(*s);
  if (std::holds_alternative<sql::UnlockTables>(body)) {
    ReleaseTableLocks();
    return ResultSet{};
  }
  if (const auto* s = std::get_if<sql::Flush>(&body)) return FlushStatement(*s);
  if (const auto* s = std::get_if<sql::ShowCreateDatabase>(&body)) {
    return show::ShowCreateDatabase(*s, state_.catalog);
  }
  if (const auto* s = std::get_if<sql::ShowQuery>(&body)) {
    ORDINAL_ASSIGN_OR_RETURN(sql::Statement query,
                             show::ShowQueryStatement(*s, state_.catalog, current_database_));
    return RunData(query);
  }
  if (const auto* s = std::get_if<sql::ShowCreateTable>(&body)) {
    std::unique_ptr<kv::Transaction> txn = state_.store.BeginTransaction();
    catalog::LiveTableFacts facts;
    facts.next_auto_increment = exec::NextAutoIncrementReader(state_.auto_increment, *txn);
    absl::StatusOr<ResultSet> result =
        show::ShowCreateTable(*s, state_.catalog, current_database_, facts);
    txn->Rollback();
    return result;
  }
  if (const auto* s = std::get_if<sql::StoredProgramStatement>(&body)) {
    return RunStoredProgramStatement(*s, current_database_, context_);
  }
  if (const auto* s = std::get_if<sql::AlterTableKeys>(&body)) {
    ORDINAL_ASSIGN_OR_RETURN(std::string database,
                             ddl::ResolveDatabase(s->table, current_database_));
    ORDINAL_RETURN_IF_ERROR(state_.catalog.GetTable(database, s->table.table).status());
    context_.Warn(1031,
                  absl::StrCat("Table storage engine for '", s->table.table,
                               "' doesn't have this option"),
                  functions::Diagnostic::Level::kNote);
    return ResultSet{};
  }
  if (const auto* s = std::get_if<sql::ShowCreateView>(&body)) {
    return ddl::ShowCreateView(*s, state_.catalog, current_database_);
  }
  if (std::holds_alternative<sql::Kill>(body)) {
    // The front ends own the connections; ordinald answers KILL.
    return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kNotSupported,
                    "KILL is only available through ordinald");
  }
  if (std::holds_alternative<sql::ShowReplicaStatus>(body) ||
      std::holds_alternative<sql::ShowReplicas>(body)) {
    // The replication layer above the engine knows the streams; ordinald answers these.
    return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kNotSupported,
                    "Replication status is only available through ordinald");
  }
  if (const auto* s = std::get_if<sql::AlterTable>(&body)) {
    ORDINAL_RETURN_IF_ERROR(CommitOpenTransaction().status());  // implicit commit, as DDL
    alter::AlterContext ctx{state_, current_database_, context_,
                            [this](std::string_view state) { process_->SetState(state); },
                            interrupt_.get()};
    return alter::RunAlterTable(*s, ctx);
  }
  if (IsSchemaStatement(body)) return RunSchemaStatement(statement);
  if (HoldsAny<sql::CreateUser, sql::AlterUser, sql::DropUser, sql::RenameUser,
               sql::GrantStatement>(body)) {
    return RunAccountStatement(statement);
  }
  if (const auto* s = std::get_if<sql::ShowGrants>(&body)) {
    return auth::RunShowGrants(*s, principal_, *state_.accounts.Snapshot());
  }
  return RunData(statement);
}

void SessionImpl::RollbackIfOpen() {
  written_tables_.clear();
  savepoints_.clear();
  txn_not_only_read_ = false;
  if (txn_ == nullptr) return;
  txn_->Rollback();
  txn_.reset();
}

bool SessionImpl::transaction_only_read() const {
  return txn_ != nullptr && !txn_not_only_read_ && written_tables_.empty() &&
         txn_->WriteCount() == 0;
}

absl::Status SessionImpl::Use(std::string_view database) {
  ForgetPlans();
  if (!state_.accounts.Snapshot()->HasAnyIn(principal_, database) &&
      !auth::IsPublicDatabase(database) && state_.catalog.DatabaseExists(database)) {
    return auth::DatabaseAccessDenied(principal_, database);
  }
  if (!state_.catalog.DatabaseExists(database)) {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadDb,
                    absl::StrCat("Unknown database '",
                                 absl::string_view(database.data(), database.size()), "'"));
  }
  current_database_ = std::string(database);
  SetDatabaseVariables();
  return absl::OkStatus();
}

// ---- transaction control ----

absl::StatusOr<uint64_t> SessionImpl::CommitOpenTransaction() {
  if (txn_ == nullptr) return uint64_t{0};
  std::unique_ptr<kv::Transaction> txn = std::move(txn_);
  txn_not_only_read_ = false;
  absl::ReaderMutexLock schema_lock(&state_.schema_change_mu);
  absl::Status unchanged = CheckWrittenTables();
  written_tables_.clear();
  savepoints_.clear();
  if (!unchanged.ok()) {
    txn->Rollback();
    return unchanged;
  }
  absl::StatusOr<uint64_t> position = txn->Commit();
  if (!position.ok()) return TransactionRolledBack(position.status());
  return position;
}

absl::StatusOr<ResultSet> SessionImpl::Begin() {
  ORDINAL_RETURN_IF_ERROR(CommitOpenTransaction().status());
  ReleaseTableLocks();  // START TRANSACTION ends LOCK TABLES, as in MySQL
  txn_ = state_.store.BeginTransaction();
  txn_not_only_read_ = false;
  return ResultSet{};
}

absl::StatusOr<ResultSet> SessionImpl::CommitStatement() {
  ResultSet result;
  ORDINAL_ASSIGN_OR_RETURN(result.commit_position, CommitOpenTransaction());
  return result;
}

absl::StatusOr<ResultSet> SessionImpl::RollbackStatement() {
  RollbackIfOpen();
  return ResultSet{};
}

// Each name in savepoints_ is one savepoint of txn_, in order, so the k-th name is the k-th
// savepoint on the transaction's stack (statements push theirs above and pop them).
absl::StatusOr<ResultSet> SessionImpl::SetSavepoint(const std::string& name) {
  if (txn_ == nullptr) {
    if (autocommit()) return ResultSet{};  // the savepoint ends with its own statement
    txn_ = state_.store.BeginTransaction();
    txn_not_only_read_ = false;
  }
  // A name set again moves: the older savepoint stays on the stack, nameless, so that the
  // positions of the later ones do not change.
  for (std::string& existing : savepoints_) {
    if (existing == name) existing.clear();
  }
  txn_->SetSavePoint();
  savepoints_.push_back(name);
  return ResultSet{};
}

absl::StatusOr<ResultSet> SessionImpl::RollbackToSavepoint(const std::string& name) {
  ORDINAL_ASSIGN_OR_RETURN(size_t at, FindSavepoint(name));
  // Undo back to the savepoint (each call undoes and drops the newest), then set it again:
  // MySQL keeps the savepoint rolled back to and drops the later ones.
  for (size_t i = savepoints_.size(); i > at; --i) {
    absl::Status undone = txn_->RollbackToSavePoint();
    if (!undone.ok()) {
      RollbackIfOpen();  // the transaction's state is unknown: end it rather than commit it
      return undone;
    }
  }
  txn_->SetSavePoint();
  savepoints_.resize(at + 1);
  return ResultSet{};
}

absl::StatusOr<ResultSet> SessionImpl::ReleaseSavepoint(const std::string& name) {
  ORDINAL_ASSIGN_OR_RETURN(size_t at, FindSavepoint(name));
  // Drop the savepoint and the later ones, keeping their writes.
  for (size_t i = savepoints_.size(); i > at; --i) {
    ORDINAL_RETURN_IF_ERROR(txn_->PopSavePoint());
  }
  savepoints_.resize(at);
  return ResultSet{};
}

absl::StatusOr<size_t> SessionImpl::FindSavepoint(const std::string& name) const {
  for (size_t i = savepoints_.size(); i > 0; --i) {
    if (txn_ != nullptr && savepoints_[i - 1] == name) return i - 1;
  }
  return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kFunctionDoesNotExist,
                  absl::StrCat("SAVEPOINT ", name, " does not exist"));
}

// ---- DDL ----

absl::StatusOr<ResultSet> SessionImpl::RunDdl(const DdlWork& work) {
  // Implicit commit, as MySQL does before DDL.
  ORDINAL_RETURN_IF_ERROR(CommitOpenTransaction().status());
  absl::WriterMutexLock schema_lock(&state_.schema_change_mu);
  std::unique_ptr<kv::Transaction> txn = state_.store.BeginTransaction();
  std::function<absl::Status()> after_commit;
  ORDINAL_ASSIGN_OR_RETURN(ResultSet result, work(*txn, after_commit));
  ORDINAL_ASSIGN_OR_RETURN(result.commit_position, txn->Commit());
  ORDINAL_RETURN_IF_ERROR(state_.catalog.Reload());
  if (after_commit) ORDINAL_RETURN_IF_ERROR(after_commit());
  return result;
}

absl::StatusOr<ResultSet> SessionImpl::RunSchemaStatement(const sql::Statement& statement) {
  return RunDdl([&](kv::Transaction& txn, std::function<absl::Status()>& after_commit)
                    -> absl::StatusOr<ResultSet> {
    if (std::holds_alternative<sql::CreateIndex>(statement.body)) {
      exec::ExecContext ctx{txn, state_.catalog, state_.auto_increment, current_database_};
      ShareSessionViews(ctx);
      return exec::ExecuteDataStatement(statement, ctx);
    }
    auto ctx = std::make_shared<ddl::DdlContext>(
        ddl::DdlContext{txn, state_.catalog, current_database_, {}});
    absl::StatusOr<ResultSet> result;
    std::string dropped_database;
    // ALTER DATABASE or DROP DATABASE: the current database's defaults may have changed.
    const bool database_changed = HoldsAny<sql::AlterDatabase, sql::DropDatabase>(statement.body);
    if (const auto* s = std::get_if<sql::CreateDatabase>(&statement.body)) {
      result = ddl::CreateDatabase(*s, *ctx);
    } else if (const auto* s = std::get_if<sql::AlterDatabase>(&statement.body)) {
      result = ddl::AlterDatabase(*s, *ctx);
    } else if (const auto* s = std::get_if<sql::DropDatabase>(&statement.body)) {
      result = ddl::DropDatabase(*s, *ctx);
      dropped_database = s->name;
    } else if (const auto* s = std::get_if<sql::CreateTable>(&statement.body)) {
      if (s->as_select) {
        exec::ExecContext exec{txn, state_.catalog, state_.auto_increment, current_database_};
        ShareSessionViews(exec);
        result = ddl::CreateTableAsSelect(*s, *ctx, exec);
      } else {
        result = ddl::CreateTable(*s, *ctx);
      }
    } else if (const auto* s = std::get_if<sql::DropTable>(&statement.body)) {
      result = ddl::DropTable(*s, *ctx);
    } else if (const auto* s = std::get_if<sql::TruncateTable>(&statement.body)) {
      result = ddl::TruncateTable(*s, *ctx);
    } else if (const auto* s = std::get_if<sql::RenameTable>(&statement.body)) {
      result = ddl::RenameTable(*s, *ctx);
    } else if (const auto* s = std::get_if<sql::CreateView>(&statement.body)) {
      exec::ExecContext exec{txn, state_.catalog, state_.auto_increment, current_database_};
      ShareSessionViews(exec);
      result = ddl::CreateView(*s, *ctx, exec);
    } else if (const auto* s = std::get_if<sql::DropView>(&statement.body)) {
      result = ddl::DropView(*s, *ctx);
    }
    // After the catalog change commits: no session can reach the dropped tables any more,
    // so their rows are deleted outside any transaction.
    after_commit = [this, ctx, dropped_database, database_changed]() -> absl::Status {
      if (!dropped_database.empty() && dropped_database == current_database_ &&
          !state_.catalog.DatabaseExists(dropped_database)) {
        current_database_.clear();
      }
      if (database_changed) SetDatabaseVariables();
      for (uint64_t id : ctx->dropped_table_ids) {
        state_.auto_increment.Forget(id);
        const std::string begin = codec::TablePrefix(id);
        ORDINAL_RETURN_IF_ERROR(state_.store.DeleteRange(begin, codec::PrefixSuccessor(begin)));
      }
      return absl::OkStatus();
    };
    return result;
  });
}

// ---- data statements ----

absl::StatusOr<ResultSet> SessionImpl::RunData(const sql::Statement& statement) {
  // With autocommit off, the first data statement opens the transaction that COMMIT ends.
  if (txn_ == nullptr && lock_snapshot_ != nullptr) return RunDataInLockSnapshot(statement);
  if (txn_ == nullptr && !autocommit()) {
    txn_ = state_.store.BeginTransaction();
    txn_not_only_read_ = false;
  }
  if (txn_ != nullptr) return RunDataInTransaction(statement);
  return RunDataAutocommit(statement);
}

absl::StatusOr<ResultSet> SessionImpl::RunDataInTransaction(const sql::Statement& statement) {
  absl::ReaderMutexLock schema_lock(&state_.schema_change_mu);
  const auto* select = std::get_if<sql::Select>(&statement.body);
  // A plain SELECT neither writes nor registers reads for validation: it has nothing for a
  // savepoint to undo, and it reads the transaction's first snapshot. Any other statement
  // (a change, a locking read) reads and is validated as of its own start, as InnoDB's
  // locking reads see the latest commit (docs/sql-decisions.md).
  const bool plain_read = select != nullptr && !select->for_update;
  if (!plain_read) {
    txn_not_only_read_ = true;
    txn_->SetSavePoint();
    txn_->AdvanceSnapshot();
  }
  exec::QueryMemory memory(state_.query_memory);
  exec::ExecContext ctx{*txn_, state_.catalog, state_.auto_increment, current_database_, &memory};
  ShareSessionViews(ctx);
  RememberWrittenTable(statement);
  absl::StatusOr<ResultSet> result = ExecuteData(statement, ctx);
  if (plain_read) return result;
  txn_->ReadFirstSnapshot();
  if (!result.ok()) {
    absl::Status undo = txn_->RollbackToSavePoint();
    if (!undo.ok()) {
      // The statement's partial writes cannot be undone: end the transaction rather than
      // let it commit them.
      RollbackIfOpen();
      return undo;
    }
    return result.status();
  }
  ORDINAL_RETURN_IF_ERROR(txn_->PopSavePoint());
  return result;
}

absl::StatusOr<ResultSet> SessionImpl::RunReadAutocommit(const sql::Statement& statement) {
  absl::ReaderMutexLock schema_lock(&state_.schema_change_mu);
  std::unique_ptr<kv::Transaction> view = state_.store.BeginRead();
  exec::QueryMemory memory(state_.query_memory);
  exec::ExecContext ctx{*view, state_.catalog, state_.auto_increment, current_database_, &memory};
  ShareSessionViews(ctx);
  return ExecuteData(statement, ctx);
}

absl::StatusOr<ResultSet> SessionImpl::RunDataAutocommit(const sql::Statement& statement) {
  // A SELECT writes nothing, and an autocommit statement that wrote nothing is not
  // committed (so FOR UPDATE's reads are not validated either): a read view serves it.
  if (std::holds_alternative<sql::Select>(statement.body)) return RunReadAutocommit(statement);
  absl::Status last_conflict;
  for (int attempt = 0; attempt < kAutocommitAttempts; ++attempt) {
    absl::ReaderMutexLock schema_lock(&state_.schema_change_mu);
    std::unique_ptr<kv::Transaction> txn = state_.store.BeginTransaction();
    exec::QueryMemory memory(state_.query_memory);
    exec::ExecContext ctx{*txn, state_.catalog, state_.auto_increment, current_database_, &memory};
    ShareSessionViews(ctx);
    ORDINAL_ASSIGN_OR_RETURN(ResultSet result, ExecuteData(statement, ctx));
    if (txn->WriteCount() == 0) {
      txn->Rollback();  // a read: nothing to commit
      return result;
    }
    absl::StatusOr<uint64_t> position = txn->Commit();
    if (position.ok()) {
      result.commit_position = *position;
      return result;
    }
    if (position.status().code() != absl::StatusCode::kAborted) return position.status();
    // Rows already sent to the client cannot be taken back: no retry after them.
    if (result.streamed) return position.status();
    last_conflict = position.status();
  }
  return last_conflict;
}

namespace {

// The named tables of a multiple-table UPDATE or DELETE's references (read or written).
void NamedTables(const sql::TableRef& ref, std::vector<const sql::TableName*>* out) {
  if (ref.is_join()) {
    NamedTables(*ref.left, out);
    NamedTables(*ref.right, out);
  } else if (ref.subquery == nullptr) {
    out->push_back(&ref.name);
  }
}

}  // namespace

void SessionImpl::RememberWrittenTable(const sql::Statement& statement) {
  const std::vector<sql::TableRef>* from = nullptr;
  if (const auto* s = std::get_if<sql::Update>(&statement.body)) from = &s->from;
  if (const auto* s = std::get_if<sql::Delete>(&statement.body)) from = &s->from;
  if (from != nullptr && !from->empty()) {
    // Every table of the references: the ones written are among them.
    std::vector<const sql::TableName*> names;
    for (const sql::TableRef& ref : *from) NamedTables(ref, &names);
    for (const sql::TableName* name : names) RememberTable(*name);
    return;
  }
  const sql::TableName* name = nullptr;
  if (const auto* s = std::get_if<sql::Insert>(&statement.body)) name = &s->table;
  if (const auto* s = std::get_if<sql::Update>(&statement.body)) name = &s->table;
  if (const auto* s = std::get_if<sql::Delete>(&statement.body)) name = &s->table;
  if (name == nullptr) return;
  RememberTable(*name);
}

void SessionImpl::RememberTable(const sql::TableName& table_name) {
  const sql::TableName* name = &table_name;
  const std::string& database = name->database.empty() ? current_database_ : name->database;
  for (const WrittenTable& written : written_tables_) {
    if (written.database == database && written.table == name->table) return;
  }
  auto table = state_.catalog.GetTable(database, name->table);
  if (!table.ok()) return;  // the statement itself reports the unknown table
  written_tables_.push_back(
      {database, name->table, (*table)->def.id(), (*table)->def.next_index_id()});
}

absl::Status SessionImpl::CheckWrittenTables() const {
  for (const WrittenTable& written : written_tables_) {
    auto table = state_.catalog.GetTable(written.database, written.table);
    if (table.ok() && (*table)->def.id() == written.id &&
        (*table)->def.next_index_id() == written.next_index_id) {
      continue;
    }
    return SqlError(absl::StatusCode::kAborted, MysqlErrno::kLockDeadlock,
                    absl::StrCat("Table '", written.database, ".", written.table,
                                 "' was changed by DDL during this transaction; try restarting "
                                 "transaction (the transaction was rolled back)"));
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine
