// INSERT, REPLACE and INSERT ... ON DUPLICATE KEY UPDATE.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/exec/auto_increment.h"
#include "engine/exec/check_constraints.h"
#include "engine/exec/evaluator.h"
#include "engine/exec/join.h"
#include "engine/exec/foreign_keys.h"
#include "engine/exec/row_writer.h"
#include "engine/exec/statements.h"
#include "engine/exec/table_access.h"
#include "engine/functions/session_context.h"
#include "engine/plan/binder.h"
#include "engine/plan/bit_literal_contexts.h"

namespace ordinal::engine::exec {
namespace {

struct BoundAssignment {
  int column = -1;
  sql::ExprPtr value;
};

absl::StatusOr<std::vector<int>> TargetColumns(const sql::Insert& insert,
                                               const catalog::TableInfo& table) {
  std::vector<int> targets;
  if (insert.columns.empty()) {
    for (int i = 0; i < table.VisibleColumnCount(); ++i) targets.push_back(i);
    return targets;
  }
  std::vector<bool> seen(table.def.columns_size(), false);
  for (const std::string& name : insert.columns) {
    const int column = table.FindColumn(name);
    if (column < 0) {
      return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadField,
                      absl::StrCat("Unknown column '", name, "' in 'field list'"));
    }
    if (seen[column]) {
      return SqlError(absl::StatusCode::kInvalidArgument, static_cast<MysqlErrno>(1110),
                      absl::StrCat("Column '", name, "' specified twice"));
    }
    seen[column] = true;
    targets.push_back(column);
  }
  return targets;
}

// Runs one INSERT statement row by row.
class Inserter {
 public:
  Inserter(const sql::Insert& insert, ExecContext& ctx, const catalog::TableInfo& table)
      : insert_(insert), ctx_(ctx), table_(table), writer_(ctx.txn, table),
        foreign_keys_(ctx.txn, ctx.catalog),
        auto_column_(AutoIncrementColumn(table)) {}

  absl::Status Prepare() {
    ORDINAL_ASSIGN_OR_RETURN(targets_, TargetColumns(insert_, table_));
    ORDINAL_ASSIGN_OR_RETURN(checks_, CheckEnforcer::ForTable(table_));
    const int width = table_.def.columns_size();
    for (const sql::Assignment& a : insert_.on_duplicate_update) {
      BoundAssignment bound;
      bound.column = table_.FindColumn(a.column);
      if (bound.column < 0) {
        return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadField,
                        absl::StrCat("Unknown column '", a.column, "' in 'field list'"));
      }
      bound.value = plan::CloneExpr(*a.value);
      plan::ApplyBitLiteralAssignment(*bound.value, table_.sql_types[bound.column].type);
      ORDINAL_RETURN_IF_ERROR(plan::BindValuesCalls(*bound.value, table_, width));
      ORDINAL_RETURN_IF_ERROR(
          plan::BindColumns(*bound.value, table_, table_.def.name(), "field list"));
      on_duplicate_.push_back(std::move(bound));
    }
    return absl::OkStatus();
  }

  absl::Status InsertRow(size_t index, const std::vector<sql::ExprPtr>& exprs) {
    ORDINAL_RETURN_IF_ERROR(CheckWidth(index, exprs.size()));
    row_number_ = index + 1;
    ORDINAL_ASSIGN_OR_RETURN(
        std::vector<Value> row,
        BuildRow([&](size_t j, const std::vector<Value>& row) -> absl::StatusOr<Value> {
          // Values may refer to columns assigned earlier in the row, as in MySQL.
          sql::ExprPtr expr = plan::CloneExpr(*exprs[j]);
          plan::ApplyBitLiteralAssignment(*expr, table_.sql_types[targets_[j]].type);
          ORDINAL_RETURN_IF_ERROR(BindSubqueriesOverTable(*expr, table_, ctx_));
          ORDINAL_RETURN_IF_ERROR(
              plan::BindColumns(*expr, table_, table_.def.name(), "field list"));
          return Evaluate(*expr, row);
        }));
    return Write(row);
  }

  // One row of a query's result (INSERT ... SELECT, CREATE TABLE ... SELECT).
  absl::Status InsertValues(size_t index, const std::vector<Value>& values) {
    ORDINAL_RETURN_IF_ERROR(CheckWidth(index, values.size()));
    row_number_ = index + 1;
    ORDINAL_ASSIGN_OR_RETURN(
        std::vector<Value> row,
        BuildRow([&](size_t j, const std::vector<Value>&) -> absl::StatusOr<Value> {
          return values[j];
        }));
    ++records_;
    return Write(row);
  }

  ResultSet Result() const {
    ResultSet result;
    result.rows_affected = affected_;
    result.last_insert_id = first_generated_ > 0 ? static_cast<uint64_t>(first_generated_) : 0;
    const bool from_query = insert_.rows.empty();
    const size_t records = from_query ? records_ : insert_.rows.size();
    if (from_query || records > 1) {
      // With IGNORE, MySQL counts the skipped duplicates as warnings too.
      result.info = absl::StrCat("Records: ", records, "  Duplicates: ", duplicates_,
                                 "  Warnings: ", insert_.ignore ? duplicates_ : 0);
    }
    return result;
  }

 private:
  using ValueOf = absl::FunctionRef<absl::StatusOr<Value>(size_t, const std::vector<Value>&)>;

  absl::Status CheckWidth(size_t index, size_t width) const {
    if (width == targets_.size()) return absl::OkStatus();
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongValueCount,
                    absl::StrCat("Column count doesn't match value count at row ", index + 1));
  }

  // The row to store: omitted columns take their defaults, target j the value `value_of(j,
  // row so far)`, AUTO_INCREMENT and the hidden row id their next values.
  absl::StatusOr<std::vector<Value>> BuildRow(ValueOf value_of) {
    const int width = table_.def.columns_size();
    std::vector<Value> row(width);
    std::vector<bool> assigned(width, false);
    for (int i = 0; i < width; ++i) {
      absl::StatusOr<Value> omitted = OmittedValue(table_, i);
      if (omitted.ok()) row[i] = *std::move(omitted);
    }
    for (size_t j = 0; j < targets_.size(); ++j) {
      const int column = targets_[j];
      ORDINAL_ASSIGN_OR_RETURN(Value v, value_of(j, row));
      assigned[column] = true;
      if (column == auto_column_ && v.is_null()) {
        row[column] = Value::Null();  // generated below
        continue;
      }
      ORDINAL_ASSIGN_OR_RETURN(row[column], StoredValue(table_, column, v, row_number_));
    }
    const int rowid = table_.def.hidden_primary_key() ? width - 1 : -1;
    for (int i = 0; i < width; ++i) {
      if (!assigned[i] && i != auto_column_ && i != rowid) {
        ORDINAL_ASSIGN_OR_RETURN(row[i], OmittedValue(table_, i));
      }
    }
    if (auto_column_ >= 0) ORDINAL_RETURN_IF_ERROR(FillAutoIncrement(row));
    if (rowid >= 0 && rowid != auto_column_ && row[rowid].is_null()) {
      ORDINAL_ASSIGN_OR_RETURN(int64_t next, ctx_.auto_increment.Next(ctx_.txn, table_));
      row[rowid] = Value::Int(next);
    }
    return row;
  }

  // NULL or 0 in the AUTO_INCREMENT column (or an omitted one) takes the next value.
  absl::Status FillAutoIncrement(std::vector<Value>& row) {
    Value& v = row[auto_column_];
    if (v.is_null() || (v.is_int() && v.int_value() == 0)) {
      ORDINAL_ASSIGN_OR_RETURN(int64_t next, ctx_.auto_increment.Next(ctx_.txn, table_));
      // LAST_INSERT_ID reports user-visible AUTO_INCREMENT values, never a hidden _rowid.
      const bool visible = table_.def.columns(auto_column_).auto_increment();
      if (first_generated_ == 0 && visible) first_generated_ = next;
      ORDINAL_ASSIGN_OR_RETURN(v,
                               StoredValue(table_, auto_column_, Value::Int(next), row_number_));
      return absl::OkStatus();
    }
    if (v.is_int()) return ctx_.auto_increment.Observe(ctx_.txn, table_, v.int_value());
    return absl::OkStatus();
  }

  // The row as built is checked before any key is (MySQL: 3819 wins over 1062, and an
  // INSERT ... ON DUPLICATE KEY UPDATE checks the inserted row too); INSERT IGNORE skips a
  // violating row with warning 3819.
  absl::StatusOr<bool> PassesChecks(const std::vector<Value>& row) {
    absl::Status verified = checks_.Verify(row);
    if (verified.ok()) return true;
    if (!insert_.ignore || GetMysqlErrno(verified) != MysqlErrno::kCheckViolated) {
      return verified;
    }
    if (functions::SessionContext* session = functions::CurrentSessionContext()) {
      session->Warn(static_cast<int>(MysqlErrno::kCheckViolated),
                    std::string(verified.message()));
    }
    return false;
  }

  absl::Status Write(const std::vector<Value>& row) {
    ORDINAL_ASSIGN_OR_RETURN(bool passes, PassesChecks(row));
    if (!passes) return absl::OkStatus();
    for (;;) {
      ORDINAL_ASSIGN_OR_RETURN(std::optional<Conflict> conflict, writer_.FindConflict(row));
      if (!conflict) {
        ORDINAL_RETURN_IF_ERROR(writer_.Insert(row));
        ORDINAL_RETURN_IF_ERROR(foreign_keys_.CheckParents(table_, row));
        ++affected_;
        return absl::OkStatus();
      }
      ++duplicates_;
      if (insert_.ignore && !insert_.replace && on_duplicate_.empty()) {
        return absl::OkStatus();  // INSERT IGNORE skips the row (a warning in MySQL)
      }
      ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> existing,
                               writer_.ReadRow(conflict->primary_key));
      if (!existing) return absl::DataLossError("unique index points to a missing row");
      if (insert_.replace) {
        // REPLACE removes every row the new one collides with, then inserts it.
        ORDINAL_RETURN_IF_ERROR(
            foreign_keys_.BeforeDelete(table_, conflict->primary_key, *existing));
        ORDINAL_RETURN_IF_ERROR(writer_.Delete(conflict->primary_key, *existing));
        ++affected_;
        continue;
      }
      if (on_duplicate_.empty()) return DuplicateEntryError(*conflict);
      return UpdateExisting(conflict->primary_key, *existing, row);
    }
  }

  absl::Status UpdateExisting(const std::string& primary_key, const std::vector<Value>& old_row,
                              const std::vector<Value>& new_values) {
    const size_t width = old_row.size();
    std::vector<Value> layout = old_row;  // [0, n) the row, [n, 2n) VALUES(col)
    layout.insert(layout.end(), new_values.begin(), new_values.end());
    for (const BoundAssignment& a : on_duplicate_) {
      ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*a.value, layout));
      ORDINAL_ASSIGN_OR_RETURN(layout[a.column],
                               StoredValue(table_, a.column, v, row_number_));
    }
    layout.resize(width);
    if (layout == old_row) return absl::OkStatus();  // unchanged: 0 rows affected
    if (auto_column_ >= 0 && layout[auto_column_].is_int()) {
      ORDINAL_RETURN_IF_ERROR(
          ctx_.auto_increment.Observe(ctx_.txn, table_, layout[auto_column_].int_value()));
    }
    ORDINAL_RETURN_IF_ERROR(checks_.Verify(layout));
    ORDINAL_RETURN_IF_ERROR(foreign_keys_.BeforeUpdate(table_, primary_key, old_row, layout));
    ORDINAL_RETURN_IF_ERROR(writer_.Update(primary_key, old_row, layout));
    ORDINAL_RETURN_IF_ERROR(foreign_keys_.CheckParents(table_, layout, &old_row));
    affected_ += 2;
    return absl::OkStatus();
  }

  const sql::Insert& insert_;
  ExecContext& ctx_;
  const catalog::TableInfo& table_;
  RowWriter writer_;
  ForeignKeyEnforcer foreign_keys_;
  CheckEnforcer checks_;
  const int auto_column_;
  std::vector<int> targets_;
  std::vector<BoundAssignment> on_duplicate_;
  uint64_t affected_ = 0;
  uint64_t duplicates_ = 0;
  uint64_t records_ = 0;
  uint64_t row_number_ = 0;  // the row being inserted, from 1 (MySQL's "at row N")
  int64_t first_generated_ = 0;
};

}  // namespace

absl::StatusOr<ResultSet> InsertQueryRows(const sql::Insert& insert,
                                          const catalog::TableInfo& table,
                                          const std::vector<std::vector<Value>>& rows,
                                          ExecContext& ctx) {
  Inserter inserter(insert, ctx, table);
  ORDINAL_RETURN_IF_ERROR(inserter.Prepare());
  for (size_t i = 0; i < rows.size(); ++i) {
    ORDINAL_RETURN_IF_ERROR(inserter.InsertValues(i, rows[i]));
  }
  return inserter.Result();
}

absl::StatusOr<ResultSet> ExecuteInsert(const sql::Insert& insert, ExecContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(auto table, ResolveTable(ctx, insert.table));
  if (insert.select) {
    // The query runs to completion before the first row is written, so a query reading
    // the target table sees none of the new rows (MySQL buffers such a query the same way).
    ORDINAL_ASSIGN_OR_RETURN(ResultSet query, ExecuteSelect(*insert.select, ctx));
    return InsertQueryRows(insert, *table, query.rows, ctx);
  }
  Inserter inserter(insert, ctx, *table);
  ORDINAL_RETURN_IF_ERROR(inserter.Prepare());
  for (size_t i = 0; i < insert.rows.size(); ++i) {
    ORDINAL_RETURN_IF_ERROR(inserter.InsertRow(i, insert.rows[i]));
  }
  return inserter.Result();
}

}  // namespace ordinal::engine::exec
