// UPDATE and DELETE of one table: find the target rows (read for update), then change
// them. The multiple-table forms are in multi_table_dml.cc.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/exec/auto_increment.h"
#include "engine/exec/evaluator.h"
#include "engine/exec/check_constraints.h"
#include "engine/exec/foreign_keys.h"
#include "engine/exec/row_writer.h"
#include "engine/exec/row_changes.h"
#include "engine/exec/statements.h"
#include "engine/exec/table_access.h"
#include "engine/plan/access_path.h"
#include "engine/plan/binder.h"
#include "engine/plan/bit_literal_contexts.h"
#include "engine/exec/join.h"

namespace ordinal::engine::exec {
namespace {

struct Target {
  std::string primary_key;
  std::vector<Value> row;
  std::vector<Value> sort_keys;
};

// The rows of `table` matching `where`, in ORDER BY order, at most `limit` of them. Every
// returned row was read with GetForUpdate, so a concurrent change makes the commit fail
// (no lost updates).
absl::StatusOr<std::vector<Target>> FindTargets(ExecContext& ctx,
                                                const catalog::TableInfo& table,
                                                std::string_view alias,
                                                const sql::ExprPtr& where,
                                                const std::vector<sql::OrderItem>& order_by,
                                                std::optional<int64_t> limit) {
  sql::ExprPtr bound_where;
  if (where) {
    bound_where = plan::CloneExpr(*where);
    ORDINAL_RETURN_IF_ERROR(BindSubqueriesOverTable(*bound_where, table, ctx, alias));
    ORDINAL_RETURN_IF_ERROR(plan::BindColumns(*bound_where, table, alias, "where clause"));
  }
  std::vector<sql::ExprPtr> order;
  for (const sql::OrderItem& item : order_by) {
    order.push_back(plan::CloneExpr(*item.expr));
    ORDINAL_RETURN_IF_ERROR(plan::BindColumns(*order.back(), table, alias, "order clause"));
  }
  const plan::AccessPath path = plan::ChooseAccessPath(table, bound_where.get());
  // A point read registers its keys directly; scans register only the rows that match.
  const bool read_for_update = path.kind == plan::AccessKind::kPrimaryPoint;
  const bool stop_early = limit.has_value() && order.empty();
  std::vector<Target> targets;
  if (limit.has_value() && *limit <= 0) return targets;
  auto visit = [&](std::string_view key, std::vector<Value>& row) -> absl::StatusOr<bool> {
    if (bound_where) {
      ORDINAL_ASSIGN_OR_RETURN(bool match, EvaluatePredicate(*bound_where, row));
      if (!match) return true;
    }
    Target target{std::string(key), std::move(row), {}};
    for (const sql::ExprPtr& expr : order) {
      ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, target.row));
      target.sort_keys.push_back(std::move(v));
    }
    targets.push_back(std::move(target));
    return !stop_early || static_cast<int64_t>(targets.size()) < *limit;
  };
  ORDINAL_RETURN_IF_ERROR(VisitRows(ctx.txn, table, path, read_for_update, visit));
  if (!order.empty()) {
    std::stable_sort(targets.begin(), targets.end(), [&](const Target& a, const Target& b) {
      for (size_t i = 0; i < order_by.size(); ++i) {
        const int c = CompareForSort(a.sort_keys[i], b.sort_keys[i]);
        if (c != 0) return order_by[i].descending ? c > 0 : c < 0;
      }
      return false;
    });
    if (limit.has_value() && static_cast<int64_t>(targets.size()) > *limit) {
      targets.resize(*limit);
    }
  }
  if (!read_for_update) {
    for (Target& target : targets) {
      ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> unused,
                               ctx.txn.GetForUpdate(target.primary_key));
      (void)unused;
    }
  }
  return targets;
}

// ON UPDATE CURRENT_TIMESTAMP: a changed row's columns with the clause take the current
// time, unless the statement assigns them.
void SetOnUpdateColumns(const catalog::TableInfo& table, const std::vector<int>& assigned,
                        std::vector<Value>* row) {
  for (int c = 0; c < table.def.columns_size(); ++c) {
    if (!table.def.columns(c).on_update_now()) continue;
    if (std::find(assigned.begin(), assigned.end(), c) != assigned.end()) continue;
    (*row)[c] = Value::String(NowForColumn(table.sql_types[c]));
  }
}

// Whether the qualifier of a single-table assignment (`[[db.]t.]c`) names the table: its
// alias (or its name when it has none), and its database.
bool QualifierNames(const sql::Assignment& a, const catalog::TableInfo& table,
                    std::string_view alias) {
  if (!a.table.empty() && a.table != alias) return false;
  return a.database.empty() || a.database == table.def.database();
}

std::string QualifiedName(const sql::Assignment& a) {
  std::string name = a.column;
  if (!a.table.empty()) name = absl::StrCat(a.table, ".", name);
  if (!a.database.empty()) name = absl::StrCat(a.database, ".", name);
  return name;
}

}  // namespace

absl::StatusOr<bool> ChangeRow(ExecContext& ctx, const catalog::TableInfo& table,
                               RowWriter& writer, ForeignKeyEnforcer& foreign_keys,
                               const CheckEnforcer& checks, std::string_view primary_key,
                               const std::vector<Value>& old_row, std::vector<Value> new_row,
                               const std::vector<int>& assigned) {
  if (new_row == old_row) return false;
  SetOnUpdateColumns(table, assigned, &new_row);
  const int auto_column = AutoIncrementColumn(table);
  if (auto_column >= 0 && new_row[auto_column].is_int() &&
      new_row[auto_column] != old_row[auto_column]) {
    ORDINAL_RETURN_IF_ERROR(
        ctx.auto_increment.Observe(ctx.txn, table, new_row[auto_column].int_value()));
  }
  ORDINAL_RETURN_IF_ERROR(checks.Verify(new_row));
  ORDINAL_RETURN_IF_ERROR(foreign_keys.BeforeUpdate(table, primary_key, old_row, new_row));
  ORDINAL_RETURN_IF_ERROR(writer.Update(primary_key, old_row, new_row));
  ORDINAL_RETURN_IF_ERROR(foreign_keys.CheckParents(table, new_row, &old_row));
  return true;
}

absl::StatusOr<bool> RemoveRow(const catalog::TableInfo& table, RowWriter& writer,
                               ForeignKeyEnforcer& foreign_keys,
                               std::string_view primary_key) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> current,
                           writer.ReadRow(primary_key));
  if (!current) return false;
  ORDINAL_RETURN_IF_ERROR(foreign_keys.BeforeDelete(table, primary_key, *current));
  ORDINAL_RETURN_IF_ERROR(writer.Delete(primary_key, *current));
  return true;
}

absl::StatusOr<ResultSet> ExecuteUpdate(const sql::Update& update, ExecContext& ctx) {
  if (update.multi_table()) return ExecuteMultiTableUpdate(update, ctx);
  ORDINAL_ASSIGN_OR_RETURN(auto table, ResolveTable(ctx, update.table));
  const std::string& alias = update.alias.empty() ? table->def.name() : update.alias;
  struct Bound {
    int column;
    sql::ExprPtr value;
  };
  std::vector<Bound> assignments;
  std::vector<int> assignments_columns;
  for (const sql::Assignment& a : update.assignments) {
    const int column = table->FindColumn(a.column);
    if (column < 0 || !QualifierNames(a, *table, alias)) {
      return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadField,
                      absl::StrCat("Unknown column '", QualifiedName(a), "' in 'field list'"));
    }
    Bound bound{column, plan::CloneExpr(*a.value)};
    plan::ApplyBitLiteralAssignment(*bound.value, table->sql_types[column].type);
    ORDINAL_RETURN_IF_ERROR(BindSubqueriesOverTable(*bound.value, *table, ctx, alias));
    ORDINAL_RETURN_IF_ERROR(plan::BindColumns(*bound.value, *table, alias, "field list"));
    assignments_columns.push_back(column);
    assignments.push_back(std::move(bound));
  }
  ORDINAL_ASSIGN_OR_RETURN(
      std::vector<Target> targets,
      FindTargets(ctx, *table, alias, update.where, update.order_by, update.limit));
  RowWriter writer(ctx.txn, *table);
  ForeignKeyEnforcer foreign_keys(ctx.txn, ctx.catalog);
  ORDINAL_ASSIGN_OR_RETURN(CheckEnforcer checks, CheckEnforcer::ForTable(*table));
  const bool cascades = foreign_keys.Applies(*table);
  uint64_t changed = 0;
  uint64_t row_number = 0;  // MySQL's "at row N": the target rows, from 1
  for (Target& target : targets) {
    ++row_number;
    if (cascades) {
      // A cascade of an earlier target (a self-referencing key) may have changed this row.
      ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> current,
                               writer.ReadRow(target.primary_key));
      if (!current) continue;
      target.row = *std::move(current);
    }
    // Assignments run left to right, each seeing the values assigned before it (MySQL).
    std::vector<Value> row = target.row;
    for (const Bound& a : assignments) {
      ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*a.value, row));
      ORDINAL_ASSIGN_OR_RETURN(row[a.column], StoredValue(*table, a.column, v, row_number));
    }
    ORDINAL_ASSIGN_OR_RETURN(bool did_change,
                             ChangeRow(ctx, *table, writer, foreign_keys, checks,
                                       target.primary_key, target.row, std::move(row),
                                       assignments_columns));
    changed += did_change ? 1 : 0;
  }
  ResultSet result;
  result.rows_affected = changed;
  result.info = UpdateInfo(targets.size(), changed);
  return result;
}

absl::StatusOr<ResultSet> ExecuteDelete(const sql::Delete& del, ExecContext& ctx) {
  if (del.multi_table()) return ExecuteMultiTableDelete(del, ctx);
  ORDINAL_ASSIGN_OR_RETURN(auto table, ResolveTable(ctx, del.table));
  const std::string& alias = del.alias.empty() ? table->def.name() : del.alias;
  ORDINAL_ASSIGN_OR_RETURN(
      std::vector<Target> targets,
      FindTargets(ctx, *table, alias, del.where, del.order_by, del.limit));
  RowWriter writer(ctx.txn, *table);
  ForeignKeyEnforcer foreign_keys(ctx.txn, ctx.catalog);
  const bool cascades = foreign_keys.Applies(*table);
  uint64_t deleted = 0;
  for (const Target& target : targets) {
    if (!cascades) {
      ORDINAL_RETURN_IF_ERROR(writer.Delete(target.primary_key, target.row));
      ++deleted;
      continue;
    }
    // A cascade of an earlier target (a self-referencing key) may have removed this row.
    ORDINAL_ASSIGN_OR_RETURN(bool removed,
                             RemoveRow(*table, writer, foreign_keys, target.primary_key));
    deleted += removed ? 1 : 0;
  }
  ResultSet result;
  result.rows_affected = deleted;
  return result;
}

std::string UpdateInfo(uint64_t matched, uint64_t changed) {
  return absl::StrCat("Rows matched: ", matched, "  Changed: ", changed, "  Warnings: 0");
}

}  // namespace ordinal::engine::exec
