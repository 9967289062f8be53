#include "engine/plan/multi_table_dml.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/plan/binder.h"
#include "engine/plan/bit_literal_contexts.h"
#include "engine/plan/window_plan.h"

namespace ordinal::engine::plan {
namespace {

constexpr MysqlErrno kNonUniqTable = static_cast<MysqlErrno>(1066);

sql::TableRef CloneTableRef(const sql::TableRef& ref) {
  sql::TableRef copy;
  copy.name = ref.name;
  copy.subquery = ref.subquery;  // never changed after parsing: shared
  copy.alias = ref.alias;
  if (ref.left) copy.left = std::make_unique<sql::TableRef>(CloneTableRef(*ref.left));
  if (ref.right) copy.right = std::make_unique<sql::TableRef>(CloneTableRef(*ref.right));
  copy.join = ref.join;
  copy.natural = ref.natural;
  if (ref.on) copy.on = CloneExpr(*ref.on);
  copy.using_columns = ref.using_columns;
  copy.loc = ref.loc;
  return copy;
}

// SELECT values... FROM from WHERE where: the query whose joined rows are the matches.
sql::Select MatchQuery(const std::vector<sql::TableRef>& from, const sql::ExprPtr& where,
                       const std::vector<sql::Assignment>& assignments) {
  sql::Select query;
  for (const sql::TableRef& ref : from) query.from.push_back(CloneTableRef(ref));
  if (where) query.where = CloneExpr(*where);
  for (const sql::Assignment& a : assignments) {
    sql::SelectItem item;
    item.expr = CloneExpr(*a.value);
    query.items.push_back(std::move(item));
  }
  return query;
}

absl::Status NotUpdatable(const Source& source, const char* statement) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kNonUpdatableTable,
                  absl::StrCat("The target table ", source.name, " of the ", statement,
                               " is not updatable"));
}

// The index in `plan.targets` of source `source`, added when new.
int TargetFor(int source, MultiTableDmlPlan& plan) {
  for (size_t i = 0; i < plan.targets.size(); ++i) {
    if (plan.targets[i].source == source) return static_cast<int>(i);
  }
  plan.targets.push_back({source, plan.select->scope.sources()[source].table});
  return static_cast<int>(plan.targets.size()) - 1;
}

absl::Status UnknownColumn(const sql::Assignment& a) {
  std::string name = a.column;
  if (!a.table.empty()) name = absl::StrCat(a.table, ".", name);
  if (!a.database.empty()) name = absl::StrCat(a.database, ".", name);
  return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadField,
                  absl::StrCat("Unknown column '", name, "' in 'field list'"));
}

// Binds `SET a.column = ...`: its target and the column's slot; `value` is already bound.
absl::Status BindAssignment(const sql::Assignment& a, sql::ExprPtr value,
                            MultiTableDmlPlan& plan) {
  sql::Expr column;
  column.kind = sql::ExprKind::kColumn;
  column.loc = a.loc;
  column.table_name = a.table;
  column.column_name = a.column;
  column.text = a.table.empty() ? a.column : absl::StrCat(a.table, ".", a.column);
  const Scope& scope = plan.select->scope;
  ORDINAL_ASSIGN_OR_RETURN(const int slot, scope.Resolve(column, "field list"));
  const int source_index = scope.SourceOf(slot);
  if (source_index < 0) return UnknownColumn(a);
  const Source& source = scope.sources()[source_index];
  if (!a.database.empty()) {
    const std::string database = source.table == nullptr ? "" : source.table->def.database();
    if (database != a.database) return UnknownColumn(a);
  }
  if (source.table == nullptr) return NotUpdatable(source, "UPDATE");
  DmlAssignment bound;
  bound.target = TargetFor(source_index, plan);
  bound.column = slot - source.offset;
  bound.slot = slot;
  bound.value = std::move(value);
  ApplyBitLiteralAssignment(*bound.value, source.table->sql_types[bound.column].type);
  plan.assignments.push_back(std::move(bound));
  return absl::OkStatus();
}

// The source a DELETE target names, or -1.
int FindTargetSource(const sql::TableName& target, const Scope& scope) {
  if (target.database.empty()) return scope.FindSource(target.table);
  for (size_t i = 0; i < scope.sources().size(); ++i) {
    const Source& source = scope.sources()[i];
    if (source.table == nullptr || source.name != target.table) continue;
    const std::string& database = source.table->def.database();
    if (source.table->def.name() == target.table && database == target.database) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

absl::StatusOr<MultiTableDmlPlan> BindMultiTableUpdate(const sql::Update& update,
                                                       const BindContext& ctx) {
  for (const sql::Assignment& a : update.assignments) {
    ORDINAL_RETURN_IF_ERROR(RejectWindowCalls(*a.value));
  }
  const sql::Select query = MatchQuery(update.from, update.where, update.assignments);
  MultiTableDmlPlan plan;
  ORDINAL_ASSIGN_OR_RETURN(plan.select, BindSelect(query, ctx));
  if (plan.select->aggregated) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidGroupFuncUse,
                    "Invalid use of group function");
  }
  for (size_t i = 0; i < update.assignments.size(); ++i) {
    ORDINAL_RETURN_IF_ERROR(BindAssignment(update.assignments[i],
                                           std::move(plan.select->outputs[i]), plan));
  }
  plan.select->outputs.clear();
  plan.select->columns.clear();
  return plan;
}

absl::StatusOr<MultiTableDmlPlan> BindMultiTableDelete(const sql::Delete& del,
                                                       const BindContext& ctx) {
  const sql::Select query = MatchQuery(del.from, del.where, {});
  MultiTableDmlPlan plan;
  ORDINAL_ASSIGN_OR_RETURN(plan.select, BindSelect(query, ctx));
  const Scope& scope = plan.select->scope;
  for (const sql::TableName& target : del.targets) {
    const int source_index = FindTargetSource(target, scope);
    if (source_index < 0) {
      return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kUnknownTable,
                      absl::StrCat("Unknown table '", target.table, "' in MULTI DELETE"));
    }
    const Source& source = scope.sources()[source_index];
    if (source.table == nullptr) return NotUpdatable(source, "DELETE");
    for (const DmlTarget& existing : plan.targets) {
      if (existing.source == source_index) {
        return SqlError(absl::StatusCode::kInvalidArgument, kNonUniqTable,
                        absl::StrCat("Not unique table/alias: '", target.table, "'"));
      }
    }
    plan.targets.push_back({source_index, source.table});
  }
  return plan;
}

}  // namespace ordinal::engine::plan
