#include "engine/alter/alter_table.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/alter/alter_checks.h"
#include "engine/alter/alter_foreign_keys.h"
#include "engine/alter/alter_plan.h"
#include "engine/alter/table_copy.h"
#include "engine/catalog/catalog_records.h"
#include "engine/codec/key_codec.h"
#include "engine/ddl.h"
#include "engine/exec/auto_increment.h"
#include "engine/foreign_key_ddl.h"
#include "spdlog/spdlog.h"

namespace ordinal::engine::alter {
namespace {

// A copy batch that keeps losing to concurrent writers of the same rows gives up after
// this many attempts (the ALTER then fails with 1213 and the table is unchanged).
constexpr int kBatchAttempts = 200;
constexpr size_t kMinCopyBatchRows = 8;
constexpr uint64_t kLogEveryRows = 100000;

constexpr auto kWrongObject = static_cast<MysqlErrno>(1347);  // ER_WRONG_OBJECT, HY000

absl::Status DeletePrefix(kv::Store& store, const std::string& prefix) {
  return store.DeleteRange(prefix, codec::PrefixSuccessor(prefix));
}

std::string RecordsInfo(uint64_t rows) {
  return absl::StrCat("Records: ", rows, "  Duplicates: 0  Warnings: 0");
}

// One ALTER TABLE statement's run through its steps.
class AlterRun {
 public:
  AlterRun(const sql::AlterTable& statement, AlterContext& ctx)
      : statement_(statement), ctx_(ctx), state_(ctx.state) {}

  absl::StatusOr<ResultSet> Run();

 private:
  // Step 1 (exclusive): plans; commits a metadata-only change whole (and returns its
  // result), or registers the shadow table.
  absl::StatusOr<std::optional<ResultSet>> Start();
  // Step 2: copies the rows in batches, each under the shared lock unless `locked`.
  absl::Status Copy(bool locked);
  // Step 3 (exclusive): the new definition replaces the old one.
  absl::Status Switch();
  // After a failure in step 2 or 3 (exclusive): the table loses its shadow.
  void Abandon();
  // RENAME TO: 1049 without the target database, 1050 when the target exists; else, with
  // `move`, deletes the old name's record (the caller puts the new one).
  absl::Status CheckRenameTarget(kv::Transaction& txn, const ordinal::v1::TableDef& to,
                                 bool move);
  void ApplyAutoIncrement();
  void Progress(std::string_view state) {
    if (ctx_.progress) ctx_.progress(state);
  }

  const sql::AlterTable& statement_;
  AlterContext& ctx_;
  EngineState& state_;
  std::string database_;
  std::string table_;
  AlterPlan plan_;
  uint64_t old_id_ = 0;
  uint64_t shadow_id_ = 0;
  uint64_t rows_ = 0;
};

absl::Status AlterRun::CheckRenameTarget(kv::Transaction& txn, const ordinal::v1::TableDef& to,
                                         bool move) {
  if (to.database() == database_ && to.name() == table_) return absl::OkStatus();
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::DatabaseDef> database,
                           catalog::ReadDatabaseForUpdate(txn, to.database()));
  if (!database.has_value()) {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadDb,
                    absl::StrCat("Unknown database '", to.database(), "'"));
  }
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::TableDef> existing,
                           catalog::ReadTableForUpdate(txn, to.database(), to.name()));
  if (existing.has_value()) {
    return SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kTableExists,
                    absl::StrCat("Table '", to.name(), "' already exists"));
  }
  if (!move) return absl::OkStatus();
  return state_.catalog.DeleteTable(txn, database_, table_);
}

void AlterRun::ApplyAutoIncrement() {
  if (!plan_.auto_increment.has_value()) return;
  const ordinal::v1::TableDef& def = plan_.definition;
  absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> table =
      state_.catalog.GetTable(def.database(), def.name());
  if (!table.ok()) return;
  const int column = exec::AutoIncrementColumn(**table);
  if (column < 0 || !(*table)->def.columns(column).auto_increment()) return;
  std::unique_ptr<kv::Transaction> txn = state_.store.BeginTransaction();
  const int64_t value = static_cast<int64_t>(*plan_.auto_increment);
  // The counter lives in memory (docs/sql-decisions.md): the next value is at least n.
  (void)state_.auto_increment.Observe(*txn, **table, value - 1);
  txn->Rollback();
}

absl::StatusOr<std::optional<ResultSet>> AlterRun::Start() {
  ORDINAL_ASSIGN_OR_RETURN(std::string database,
                           ddl::ResolveDatabase(statement_.table, ctx_.current_database));
  absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> cached =
      state_.catalog.GetTable(database, statement_.table.table);
  if (cached.ok() && !(*cached)->def.view_definition().empty()) {
    return SqlError(absl::StatusCode::kInvalidArgument, kWrongObject,
                    absl::StrCat("'", (*cached)->QualifiedName(), "' is not BASE TABLE"));
  }
  std::unique_ptr<kv::Transaction> txn = state_.store.BeginTransaction();
  ddl::DdlContext ddl{*txn, state_.catalog, ctx_.current_database, {}};
  ORDINAL_ASSIGN_OR_RETURN(ordinal::v1::TableDef old,
                           ddl::ReadExistingTable(statement_.table, ddl));
  database_ = old.database();
  table_ = old.name();
  old_id_ = old.id();
  ORDINAL_ASSIGN_OR_RETURN(plan_, PlanAlter(statement_, old, ctx_.current_database));
  if (plan_.keys_note) {
    ctx_.session.Warn(1031,
                      absl::StrCat("Table storage engine for '", table_,
                                   "' doesn't have this option"),
                      functions::Diagnostic::Level::kNote);
  }
  ORDINAL_RETURN_IF_ERROR(
      CheckAlterForeignKeys(*txn, state_.store, state_.catalog, old, plan_));
  ORDINAL_RETURN_IF_ERROR(CheckAlterChecks(*txn, state_.store, old, plan_));
  ORDINAL_RETURN_IF_ERROR(CheckRenameTarget(*txn, plan_.definition, !plan_.needs_copy));
  if (!plan_.needs_copy) {
    ORDINAL_RETURN_IF_ERROR(ddl::RetargetReferences(ddl, database_, table_, plan_.definition));
    ORDINAL_RETURN_IF_ERROR(state_.catalog.PutTable(*txn, plan_.definition));
    ORDINAL_ASSIGN_OR_RETURN(uint64_t position, txn->Commit());
    ORDINAL_RETURN_IF_ERROR(state_.catalog.Reload());
    for (uint32_t index : plan_.dropped_index_ids) {
      ORDINAL_RETURN_IF_ERROR(DeletePrefix(state_.store, codec::IndexPrefix(old_id_, index)));
    }
    ApplyAutoIncrement();
    ResultSet result;
    result.commit_position = position;
    result.info = RecordsInfo(0);
    return std::optional<ResultSet>(std::move(result));
  }
  ORDINAL_ASSIGN_OR_RETURN(shadow_id_, state_.catalog.AllocateTableId(*txn));
  ordinal::v1::TableDef registered = old;
  // Open transactions that wrote the table before this commit did not write the shadow:
  // a changed definition makes their COMMIT fail (SessionImpl::CheckWrittenTables).
  registered.set_next_index_id(std::max(old.next_index_id(), plan_.definition.next_index_id()) + 1);
  ordinal::v1::AlterShadow* shadow = registered.mutable_shadow();
  *shadow->mutable_definition() = plan_.definition;
  shadow->mutable_definition()->set_id(shadow_id_);
  for (int source : plan_.source_columns) shadow->add_source_columns(source);
  ORDINAL_RETURN_IF_ERROR(state_.catalog.PutTable(*txn, registered));
  ORDINAL_RETURN_IF_ERROR(txn->Commit().status());
  ORDINAL_RETURN_IF_ERROR(state_.catalog.Reload());
  spdlog::info("ALTER TABLE {}.{}: copying into shadow table {} ({})", database_, table_,
               shadow_id_, plan_.offline ? "writes wait" : "online");
  return std::optional<ResultSet>();
}

absl::Status AlterRun::Copy(bool locked) {
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const catalog::TableInfo> table,
                           state_.catalog.GetTable(database_, table_));
  if (table->shadow == nullptr || table->shadow->def.id() != shadow_id_) {
    return SqlError(absl::StatusCode::kAborted, MysqlErrno::kLockDeadlock,
                    "The table was changed during ALTER TABLE; try restarting transaction");
  }
  uint64_t total = 0;
  {
    std::unique_ptr<kv::Transaction> txn = state_.store.BeginTransaction();
    ORDINAL_ASSIGN_OR_RETURN(total, CountRows(*txn, *table));
  }
  CopyCursor cursor;
  cursor.online = !locked;
  if (locked) cursor.last_number = 0;  // numbers a new row id or AUTO_INCREMENT column
  Progress(absl::StrCat("copy to tmp table: 0 of ", total, " rows"));
  // A batch that loses to writers of its rows is retried smaller (down to kMinCopyBatchRows),
  // so the copy makes progress however busy the table is; success grows it back.
  size_t batch = kCopyBatchRows;
  uint64_t next_log = kLogEveryRows;
  while (!cursor.done) {
    if (ctx_.interrupt != nullptr) ORDINAL_RETURN_IF_ERROR(ctx_.interrupt->Check());
    absl::Status last;
    for (int attempt = 0; attempt < kBatchAttempts; ++attempt) {
      std::optional<absl::ReaderMutexLock> shared;
      if (!locked) shared.emplace(&state_.schema_change_mu);
      std::unique_ptr<kv::Transaction> txn = state_.store.BeginTransaction();
      CopyCursor next = cursor;
      ORDINAL_RETURN_IF_ERROR(CopyBatch(*txn, *table, batch, next));
      last = txn->Commit().status();
      if (last.ok()) {
        cursor = std::move(next);
        batch = std::min(batch * 2, kCopyBatchRows);
        break;
      }
      if (last.code() != absl::StatusCode::kAborted) return last;
      batch = std::max(batch / 2, kMinCopyBatchRows);
    }
    ORDINAL_RETURN_IF_ERROR(last);
    const std::string state =
        absl::StrCat("copy to tmp table: ", cursor.rows_read, " of ", total, " rows");
    Progress(state);
    if (cursor.rows_read >= next_log || cursor.done) {
      spdlog::info("ALTER TABLE {}.{}: {}", database_, table_, state);
      next_log = cursor.rows_read + kLogEveryRows;
    }
  }
  rows_ = cursor.rows_read;
  return absl::OkStatus();
}

absl::Status AlterRun::Switch() {
  Progress("altering table: switching to the new definition");
  std::unique_ptr<kv::Transaction> txn = state_.store.BeginTransaction();
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::TableDef> current,
                           catalog::ReadTableForUpdate(*txn, database_, table_));
  if (!current.has_value() || current->shadow().definition().id() != shadow_id_) {
    return SqlError(absl::StatusCode::kAborted, MysqlErrno::kLockDeadlock,
                    "The table was changed during ALTER TABLE; try restarting transaction");
  }
  ordinal::v1::TableDef next = current->shadow().definition();
  ORDINAL_RETURN_IF_ERROR(CheckRenameTarget(*txn, next, /*move=*/true));
  ddl::DdlContext ddl{*txn, state_.catalog, ctx_.current_database, {}};
  ORDINAL_RETURN_IF_ERROR(ddl::RetargetReferences(ddl, database_, table_, next));
  ORDINAL_RETURN_IF_ERROR(state_.catalog.PutTable(*txn, next));
  ORDINAL_RETURN_IF_ERROR(txn->Commit().status());
  ORDINAL_RETURN_IF_ERROR(state_.catalog.Reload());
  spdlog::info("ALTER TABLE {}.{}: switched to table {} ({} rows)", database_, table_,
               shadow_id_, rows_);
  state_.auto_increment.Forget(old_id_);
  ORDINAL_RETURN_IF_ERROR(DeletePrefix(state_.store, codec::TablePrefix(old_id_)));
  ApplyAutoIncrement();
  return absl::OkStatus();
}

void AlterRun::Abandon() {
  std::unique_ptr<kv::Transaction> txn = state_.store.BeginTransaction();
  absl::StatusOr<std::optional<ordinal::v1::TableDef>> current =
      catalog::ReadTableForUpdate(*txn, database_, table_);
  if (current.ok() && current->has_value() &&
      (*current)->shadow().definition().id() == shadow_id_) {
    (*current)->clear_shadow();
    absl::Status put = state_.catalog.PutTable(*txn, **current);
    if (put.ok()) put = txn->Commit().status();
    if (put.ok()) put = state_.catalog.Reload();
    if (!put.ok()) {
      spdlog::error("ALTER TABLE {}.{}: could not drop the shadow: {}", database_, table_,
                    put.ToString());
      return;  // the next start drops it (DropLeftoverShadows)
    }
  }
  absl::Status deleted = DeletePrefix(state_.store, codec::TablePrefix(shadow_id_));
  if (!deleted.ok()) spdlog::error("ALTER TABLE: {}", deleted.ToString());
}

absl::StatusOr<ResultSet> AlterRun::Run() {
  absl::Status status;
  {
    absl::WriterMutexLock exclusive(&state_.schema_change_mu);
    ORDINAL_ASSIGN_OR_RETURN(std::optional<ResultSet> done, Start());
    if (done.has_value()) return *std::move(done);
    if (plan_.offline) {
      status = Copy(/*locked=*/true);
      if (status.ok()) status = Switch();
      if (!status.ok()) Abandon();
    }
  }
  if (!plan_.offline) {
    status = Copy(/*locked=*/false);
    absl::WriterMutexLock exclusive(&state_.schema_change_mu);
    if (status.ok()) status = Switch();
    if (!status.ok()) Abandon();
  }
  if (!status.ok()) {
    spdlog::info("ALTER TABLE {}.{} failed, table unchanged: {}", database_, table_,
                 status.ToString());
    return status;
  }
  ResultSet result;
  result.rows_affected = rows_;
  result.info = RecordsInfo(rows_);
  return result;
}

}  // namespace

absl::StatusOr<ResultSet> RunAlterTable(const sql::AlterTable& statement, AlterContext& ctx) {
  AlterRun run(statement, ctx);
  return run.Run();
}

absl::Status DropLeftoverShadows(kv::Store& store, catalog::Catalog& catalog) {
  std::vector<uint64_t> shadows;
  std::unique_ptr<kv::Transaction> txn = store.BeginTransaction();
  for (const std::string& database : catalog.ListDatabases()) {
    ORDINAL_ASSIGN_OR_RETURN(std::vector<ordinal::v1::TableDef> tables,
                             catalog::ReadTables(*txn, database));
    for (ordinal::v1::TableDef& def : tables) {
      if (!def.has_shadow()) continue;
      spdlog::warn("ALTER TABLE {}.{} was interrupted: dropping its shadow table {}",
                   def.database(), def.name(), def.shadow().definition().id());
      shadows.push_back(def.shadow().definition().id());
      def.clear_shadow();
      ORDINAL_RETURN_IF_ERROR(catalog.PutTable(*txn, def));
    }
  }
  if (shadows.empty()) return absl::OkStatus();
  ORDINAL_RETURN_IF_ERROR(txn->Commit().status());
  ORDINAL_RETURN_IF_ERROR(catalog.Reload());
  for (uint64_t id : shadows) ORDINAL_RETURN_IF_ERROR(DeletePrefix(store, codec::TablePrefix(id)));
  return absl::OkStatus();
}

}  // namespace ordinal::engine::alter
