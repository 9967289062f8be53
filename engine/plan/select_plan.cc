#include "engine/plan/select_plan.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/session_context.h"
#include "engine/plan/binder.h"
#include "engine/plan/derived_type.h"
#include "engine/plan/from_binder.h"
#include "engine/plan/output_metadata.h"
#include "engine/plan/sort_before_join.h"
#include "engine/plan/enum_contexts.h"
#include "engine/plan/temporal_contexts.h"

namespace ordinal::engine::plan {
namespace {

constexpr MysqlErrno kNoTablesUsed = static_cast<MysqlErrno>(1096);
constexpr MysqlErrno kUnknownTable = static_cast<MysqlErrno>(1051);
constexpr MysqlErrno kNonUniqTable = static_cast<MysqlErrno>(1066);
constexpr MysqlErrno kDifferentColumnCount = static_cast<MysqlErrno>(1222);

absl::Status MisplacedAggregate() {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidGroupFuncUse,
                  "Invalid use of group function");
}

// Binds the subqueries and columns of `expr` (a copy the plan owns).
absl::Status Bind(sql::Expr& expr, const SelectPlan& plan, const BindContext& ctx,
                  std::string_view clause) {
  ORDINAL_RETURN_IF_ERROR(BindSubqueries(expr, plan.scope, ctx));
  return plan.scope.Bind(expr, clause);
}

ColumnType TypeOf(const sql::Expr& expr, const SelectPlan& plan) {
  if (expr.kind == sql::ExprKind::kSubquery && expr.subquery_runner != nullptr) {
    return expr.subquery_runner->ColumnTypeOf();
  }
  return InferSlotType(expr, [&](int slot) { return plan.scope.TypeOf(slot); });
}

// A selected table column has its table's column definition (TableColumnMetadata): its
// declared type (a DATETIME(3) with decimals = fsp, a JSON column's binary collation), flags
// and names; a numeric literal its own length. CAST(x AS DATETIME(n)|TIME(n)|DECIMAL(p,s))
// keeps what the cast wrote, and an aggregate MySQL's description of it.
void AddDeclaredMetadata(const sql::Expr& expr, const SelectPlan& plan, ResultColumn* column) {
  if (expr.kind == sql::ExprKind::kColumn && expr.slot >= 0) {
    // A stored table's column: its declared type, key and NOT NULL flags, and its names.
    const int source = plan.scope.SourceOf(expr.slot);
    if (source >= 0) {
      const Source& s = plan.scope.sources()[source];
      const int c = expr.slot - s.offset;
      if (s.table != nullptr && c < s.table->def.columns_size()) {
        ColumnMetadata m = TableColumnMetadata(*s.table, c);
        m.table = s.name;
        column->metadata = std::move(m);
        return;
      }
    }
  }
  if (expr.kind == sql::ExprKind::kLiteral && expr.literal.is_numeric() &&
      !IsTemporalType(column->type)) {
    column->metadata = LiteralMetadata(expr.literal);  // SELECT 1: LONGLONG of length 1
    return;
  }
  if (column->type == ColumnType::kJson && expr.kind == sql::ExprKind::kColumn) {
    SqlType json;
    json.type = ColumnType::kJson;
    column->metadata = ColumnMetadataFor(json);
    return;
  }
  if (expr.kind == sql::ExprKind::kCast && expr.cast.type == sql::CastTarget::Type::kDecimal) {
    // DECIMAL(p, s) as the cast wrote it (DECIMAL(10, 0) by default), as MySQL reports it.
    SqlType decimal;
    decimal.type = ColumnType::kDecimal;
    decimal.length = expr.cast.length < 0 ? 10 : static_cast<uint32_t>(expr.cast.length);
    decimal.scale = expr.cast.scale < 0 ? 0 : static_cast<uint32_t>(expr.cast.scale);
    column->metadata = ColumnMetadataFor(decimal);
    return;
  }
  if (expr.kind == sql::ExprKind::kFunction && sql::IsAggregateName(expr.function_name)) {
    std::optional<ColumnMetadata> aggregate =
        AggregateMetadata(expr, column->type, [&](const sql::Expr& argument) -> std::optional<SqlType> {
          if (argument.slot < 0) return std::nullopt;
          return plan.scope.SqlTypeOf(argument.slot);
        });
    if (aggregate) column->metadata = std::move(aggregate);
    return;
  }
  if (!IsTemporalType(column->type) || column->type == ColumnType::kDate) return;
  SqlType type;
  type.type = column->type;
  if (expr.kind == sql::ExprKind::kColumn && expr.slot >= 0) {
    std::optional<SqlType> declared = plan.scope.SqlTypeOf(expr.slot);
    if (!declared) return;
    type = *declared;
  } else if (expr.kind == sql::ExprKind::kCast && expr.cast.scale > 0) {
    type.scale = static_cast<uint32_t>(expr.cast.scale);
  } else {
    return;
  }
  column->metadata = ColumnMetadataFor(type);
}

// Index of the output whose alias is `name` (lowercase), or -1.
int FindAlias(const sql::Select& select, const std::vector<int>& item_of_output,
              const std::string& name) {
  for (size_t i = 0; i < item_of_output.size(); ++i) {
    const int item = item_of_output[i];
    if (item < 0) continue;
    if (absl::AsciiStrToLower(select.items[item].alias) == name) return static_cast<int>(i);
  }
  return -1;
}

// Whether `expr` is an unqualified column name that no source has.
bool IsNonTableName(const sql::Expr& expr, const SelectPlan& plan) {
  if (expr.kind != sql::ExprKind::kColumn || !expr.table_name.empty()) return false;
  for (const Source& source : plan.scope.sources()) {
    for (const std::string& name : source.column_names) {
      if (name == expr.column_name) return false;
    }
  }
  return true;
}

// Replaces references to select aliases (names the table does not have) by a copy of the
// aliased output expression, as MySQL resolves aliases in HAVING and ORDER BY.
void SubstituteAliases(sql::ExprPtr& expr, const sql::Select& select,
                       const std::vector<int>& item_of_output, const SelectPlan& plan) {
  if (IsNonTableName(*expr, plan)) {
    const int output = FindAlias(select, item_of_output, expr->column_name);
    if (output >= 0) expr = CloneExpr(*plan.outputs[output]);
    return;
  }
  for (sql::ExprPtr& child : expr->children) {
    SubstituteAliases(child, select, item_of_output, plan);
  }
}

// An INFORMATION_SCHEMA column's name as MySQL 8 returns it, however the query wrote it:
// uppercase (its tables are views whose columns are named so).
std::string SystemColumnName(std::string_view name) {
  return absl::AsciiStrToUpper(absl::string_view(name.data(), name.size()));
}

// The result column name of select item `expr` (bound) without an alias.
std::string OutputName(const sql::Expr& expr, const SelectPlan& plan) {
  if (expr.kind == sql::ExprKind::kColumn) {
    const int source = plan.scope.SourceOf(expr.slot);
    if (source >= 0 && plan.scope.sources()[source].system != nullptr) {
      return SystemColumnName(expr.column_name);
    }
  }
  return ExprDisplayName(expr);
}

// `*` or `t.*`: the visible, unmerged columns of every source (or of `t`).
absl::Status ExpandStar(const sql::SelectItem& item, SelectPlan& plan,
                        std::vector<int>* item_of_output) {
  if (plan.scope.sources().empty()) {
    return SqlError(absl::StatusCode::kInvalidArgument, kNoTablesUsed, "No tables used");
  }
  if (!item.star_table.empty() && plan.scope.FindSource(item.star_table) < 0) {
    return SqlError(absl::StatusCode::kNotFound, kUnknownTable,
                    absl::StrCat("Unknown table '", item.star_table, "'"));
  }
  for (const Source& source : plan.scope.sources()) {
    if (!item.star_table.empty() && source.name != item.star_table) continue;
    for (int c = 0; c < source.visible_columns; ++c) {
      if (item.star_table.empty() && source.merged[c]) continue;
      auto column = std::make_unique<sql::Expr>();
      column->kind = sql::ExprKind::kColumn;
      column->column_name = source.column_names[c];
      column->table_name = source.name;
      column->text = column->column_name;
      column->slot = source.offset + c;
      std::string name = source.system != nullptr ? SystemColumnName(column->column_name)
                         : source.display_names.empty() ? column->column_name
                                                        : source.display_names[c];
      plan.columns.push_back(ResultColumn{std::move(name), TypeOf(*column, plan)});
      AddDeclaredMetadata(*column, plan, &plan.columns.back());
      plan.outputs.push_back(std::move(column));
      item_of_output->push_back(-1);
    }
  }
  return absl::OkStatus();
}

absl::Status BindOutputs(const sql::Select& select, SelectPlan& plan, const BindContext& ctx,
                         std::vector<int>* item_of_output) {
  for (size_t i = 0; i < select.items.size(); ++i) {
    const sql::SelectItem& item = select.items[i];
    if (item.star || item.expr == nullptr) {
      ORDINAL_RETURN_IF_ERROR(ExpandStar(item, plan, item_of_output));
      continue;
    }
    sql::ExprPtr expr = CloneExpr(*item.expr);
    ORDINAL_RETURN_IF_ERROR(Bind(*expr, plan, ctx, "field list"));
    ORDINAL_RETURN_IF_ERROR(CheckNoNestedAggregates(*expr));
    plan.columns.push_back(ResultColumn{item.alias.empty() ? OutputName(*expr, plan) : item.alias,
                                        TypeOf(*expr, plan)});
    AddDeclaredMetadata(*expr, plan, &plan.columns.back());
    plan.outputs.push_back(std::move(expr));
    item_of_output->push_back(static_cast<int>(i));
  }
  return absl::OkStatus();
}

// A 1-based position literal (ORDER BY 2 / GROUP BY 1), or 0.
int64_t Position(const sql::Expr& expr) {
  if (expr.kind == sql::ExprKind::kLiteral && expr.literal.is_int()) {
    return expr.literal.int_value();
  }
  return 0;
}

absl::Status UnknownPosition(int64_t position, std::string_view clause) {
  return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadField,
                  absl::StrCat("Unknown column '", position, "' in '", std::string(clause),
                               "'"));
}

absl::Status BindGroupBy(const sql::Select& select, SelectPlan& plan, const BindContext& ctx,
                         const std::vector<int>& item_of_output) {
  for (const sql::ExprPtr& item : select.group_by) {
    const int64_t position = Position(*item);
    if (position != 0) {
      if (position < 1 || position > static_cast<int64_t>(plan.outputs.size())) {
        return UnknownPosition(position, "group statement");
      }
      plan.group_by.push_back(CloneExpr(*plan.outputs[position - 1]));
    } else if (IsNonTableName(*item, plan) &&
               FindAlias(select, item_of_output, item->column_name) >= 0) {
      const int output = FindAlias(select, item_of_output, item->column_name);
      plan.group_by.push_back(CloneExpr(*plan.outputs[output]));
    } else {
      sql::ExprPtr expr = CloneExpr(*item);
      ORDINAL_RETURN_IF_ERROR(Bind(*expr, plan, ctx, "group statement"));
      plan.group_by.push_back(std::move(expr));
    }
    ORDINAL_RETURN_IF_ERROR(RejectWindowCalls(*plan.group_by.back()));
    if (ContainsAggregate(*plan.group_by.back())) return MisplacedAggregate();
  }
  return absl::OkStatus();
}

absl::Status BindOrderBy(const sql::Select& select, SelectPlan& plan, const BindContext& ctx,
                         const std::vector<int>& item_of_output) {
  for (const sql::OrderItem& item : select.order_by) {
    OrderKey key;
    key.descending = item.descending;
    const int64_t position = Position(*item.expr);
    if (position != 0) {
      if (position < 1 || position > static_cast<int64_t>(plan.outputs.size())) {
        return UnknownPosition(position, "order clause");
      }
      key.output = static_cast<int>(position - 1);
    } else if (item.expr->kind == sql::ExprKind::kColumn && item.expr->table_name.empty() &&
               FindAlias(select, item_of_output, item.expr->column_name) >= 0) {
      key.output = FindAlias(select, item_of_output, item.expr->column_name);
    } else {
      key.expr = CloneExpr(*item.expr);
      SubstituteAliases(key.expr, select, item_of_output, plan);
      ORDINAL_RETURN_IF_ERROR(Bind(*key.expr, plan, ctx, "order clause"));
      ORDINAL_RETURN_IF_ERROR(CheckNoNestedAggregates(*key.expr));
    }
    // TIME text does not sort by value (negative, 100+ hours): sort by its number. An ENUM
    // sorts by its member index.
    if (key.output >= 0) {
      const ColumnType type = TypeOf(*plan.outputs[key.output], plan);
      if (type == ColumnType::kTime || type == ColumnType::kEnum) {
        key.expr = CloneExpr(*plan.outputs[key.output]);
        key.output = -1;
      }
    }
    if (key.expr && TypeOf(*key.expr, plan) == ColumnType::kTime) {
      key.expr = TimeSortKey(std::move(key.expr));
    }
    if (key.expr) {
      key.expr = EnumSortKey(std::move(key.expr),
                             [&plan](int slot) { return plan.scope.SqlTypeOf(slot); });
    }
    plan.order.push_back(std::move(key));
  }
  return absl::OkStatus();
}

// ONLY_FULL_GROUP_BY: outside aggregates (and ANY_VALUE()), an expression may use only
// grouped expressions, grouped columns, columns of a source whose whole primary key is
// grouped, and columns of the enclosing query.
bool IsGrouped(const sql::Expr& expr, const SelectPlan& plan,
               const std::vector<bool>& source_grouped, std::string* offending) {
  if (expr.kind == sql::ExprKind::kFunction && expr.slot >= 0 && expr.over == nullptr) {
    return true;  // aggregate
  }
  if (expr.kind == sql::ExprKind::kFunction && expr.function_name == "ANY_VALUE") return true;
  for (const sql::ExprPtr& g : plan.group_by) {
    if (!expr.text.empty() && expr.text == g->text) return true;
    if (expr.kind == sql::ExprKind::kColumn && g->kind == sql::ExprKind::kColumn &&
        expr.slot == g->slot) {
      return true;
    }
  }
  if (expr.kind == sql::ExprKind::kColumn) {
    const int source = plan.scope.SourceOf(expr.slot);
    if (source < 0 || source_grouped[source]) return true;
    const Source& s = plan.scope.sources()[source];
    *offending = absl::StrCat(s.table ? s.table->def.database() + "." : "", s.name, ".",
                              expr.column_name);
    return false;
  }
  for (const sql::ExprPtr& child : expr.children) {
    if (!IsGrouped(*child, plan, source_grouped, offending)) return false;
  }
  return true;
}

// Per source: whether GROUP BY names every column of its primary key.
std::vector<bool> GroupedSources(const SelectPlan& plan) {
  std::vector<bool> grouped;
  for (const Source& source : plan.scope.sources()) {
    bool all = !plan.group_by.empty() && source.table != nullptr;
    if (all) {
      for (uint32_t column : source.table->def.primary_key().column_indexes()) {
        bool found = false;
        for (const sql::ExprPtr& g : plan.group_by) {
          found |= g->kind == sql::ExprKind::kColumn &&
                   g->slot == source.offset + static_cast<int>(column);
        }
        all &= found;
      }
    }
    grouped.push_back(all);
  }
  return grouped;
}

// Whether the session's sql_mode holds ONLY_FULL_GROUP_BY (MySQL 8's default, also outside
// a session). Without it, a column neither grouped nor aggregated reads any row of its group,
// as MySQL's does.
bool OnlyFullGroupBy() {
  static const vars::VariableDef* sql_mode = vars::FindVariable("sql_mode");
  const functions::SessionContext* session = functions::CurrentSessionContext();
  if (session == nullptr || sql_mode == nullptr) return true;
  const Value& mode = session->variables.Get(*sql_mode);
  return !mode.is_string() || absl::StrContains(mode.string_value(), "ONLY_FULL_GROUP_BY");
}

absl::Status CheckFullGroupBy(const SelectPlan& plan) {
  const std::vector<bool> source_grouped = GroupedSources(plan);
  std::string column;
  auto fail = [&](size_t n) {
    return SqlError(
        absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongFieldWithGroup,
        absl::StrCat("Expression #", n,
                     " of SELECT list is not in GROUP BY clause and contains nonaggregated "
                     "column '",
                     column,
                     "' which is not functionally dependent on columns in GROUP BY clause; "
                     "this is incompatible with sql_mode=only_full_group_by"));
  };
  for (size_t i = 0; i < plan.outputs.size(); ++i) {
    if (!IsGrouped(*plan.outputs[i], plan, source_grouped, &column)) return fail(i + 1);
  }
  if (plan.having && !IsGrouped(*plan.having, plan, source_grouped, &column)) {
    return fail(plan.outputs.size() + 1);
  }
  for (const OrderKey& key : plan.order) {
    if (key.expr && !IsGrouped(*key.expr, plan, source_grouped, &column)) {
      return fail(plan.outputs.size() + 1);
    }
  }
  for (const BoundWindow& window : plan.window.windows) {
    for (const auto* exprs : {&window.partition_by, &window.order_by}) {
      for (const sql::ExprPtr& e : *exprs) {
        if (!IsGrouped(*e, plan, source_grouped, &column)) return fail(plan.outputs.size() + 1);
      }
    }
  }
  return absl::OkStatus();
}

// Whether the only table's path yields rows in the ORDER BY order: ascending on a primary
// key prefix.
bool PathSatisfiesOrder(const SelectPlan& plan) {
  if (plan.order.empty() || plan.steps.size() != 1 || plan.aggregated ||
      !plan.window.empty()) {
    return false;
  }
  const Source& source = plan.scope.sources()[0];
  if (source.table == nullptr) return false;
  const AccessKind kind = plan.steps[0].path.kind;
  if (kind != AccessKind::kPrimaryPoint && kind != AccessKind::kPrimaryRange &&
      kind != AccessKind::kFullScan) {
    return false;
  }
  const auto& pk = source.table->def.primary_key();
  if (static_cast<int>(plan.order.size()) > pk.column_indexes_size()) return false;
  for (size_t i = 0; i < plan.order.size(); ++i) {
    const OrderKey& key = plan.order[i];
    const sql::Expr* expr = key.output >= 0 ? plan.outputs[key.output].get() : key.expr.get();
    if (key.descending || expr->kind != sql::ExprKind::kColumn ||
        expr->slot != static_cast<int>(pk.column_indexes(static_cast<int>(i)))) {
      return false;
    }
  }
  return true;
}

absl::Status BindWhere(const sql::Select& select, SelectPlan& plan, const BindContext& ctx,
                       std::vector<Conjunct>* conjuncts) {
  if (!select.where) return absl::OkStatus();
  sql::ExprPtr where = CloneExpr(*select.where);
  ORDINAL_RETURN_IF_ERROR(Bind(*where, plan, ctx, "where clause"));
  ORDINAL_RETURN_IF_ERROR(RejectWindowCalls(*where));
  if (ContainsAggregate(*where)) return MisplacedAggregate();
  std::vector<sql::ExprPtr> parts;
  SplitConjuncts(std::move(where), &parts);
  for (sql::ExprPtr& part : parts) {
    Conjunct c;
    c.sources.assign(plan.scope.sources().size(), false);
    MarkSources(*part, plan.scope, &c.sources);
    c.expr = std::move(part);
    conjuncts->push_back(std::move(c));
  }
  return absl::OkStatus();
}

void CollectGroupings(sql::Expr& expr, std::vector<sql::Expr*>* out) {
  if (expr.kind == sql::ExprKind::kFunction && expr.function_name == "GROUPING" &&
      expr.over == nullptr) {
    out->push_back(&expr);
    return;
  }
  for (sql::ExprPtr& child : expr.children) CollectGroupings(*child, out);
}

// WITH ROLLUP groups by columns only; GROUPING(c, ...) names grouped columns (3602) of a
// query WITH ROLLUP (1111 without). Binds the calls to their slots after the aggregates.
absl::Status BindGroupings(SelectPlan& plan) {
  if (plan.rollup) {
    for (const sql::ExprPtr& g : plan.group_by) {
      if (g->kind != sql::ExprKind::kColumn || g->slot < 0) {
        return SqlError(absl::StatusCode::kUnimplemented, MysqlErrno::kNotSupported,
                        "This version of OrdinalDB doesn't yet support 'WITH ROLLUP over an "
                        "expression'");
      }
    }
  }
  for (sql::ExprPtr& output : plan.outputs) CollectGroupings(*output, &plan.groupings);
  if (plan.having) CollectGroupings(*plan.having, &plan.groupings);
  for (OrderKey& key : plan.order) {
    if (key.expr) CollectGroupings(*key.expr, &plan.groupings);
  }
  for (size_t i = 0; i < plan.groupings.size(); ++i) {
    sql::Expr& call = *plan.groupings[i];
    if (!plan.rollup || call.children.empty()) return MisplacedAggregate();
    for (size_t a = 0; a < call.children.size(); ++a) {
      const sql::Expr& arg = *call.children[a];
      bool grouped = false;
      for (const sql::ExprPtr& g : plan.group_by) {
        grouped |= arg.kind == sql::ExprKind::kColumn && arg.slot == g->slot;
      }
      if (!grouped) {
        return SqlError(absl::StatusCode::kInvalidArgument, static_cast<MysqlErrno>(3602),
                        absl::StrCat("Argument #", a + 1,
                                     " of GROUPING function is not in GROUP BY"));
      }
    }
    call.slot = plan.row_width + static_cast<int>(plan.aggregates.size() + i);
  }
  return absl::OkStatus();
}

// The windows of the window calls in the outputs and ORDER BY keys, and of the WINDOW
// clause.
absl::Status BindWindows(const sql::Select& select, SelectPlan& plan, const BindContext& ctx) {
  std::vector<sql::Expr*> exprs;
  for (sql::ExprPtr& output : plan.outputs) exprs.push_back(output.get());
  for (OrderKey& key : plan.order) {
    if (key.expr) exprs.push_back(key.expr.get());
  }
  ORDINAL_ASSIGN_OR_RETURN(
      plan.window,
      PlanWindows(
          exprs, select.windows,
          [&](sql::Expr& e, std::string_view clause) { return Bind(e, plan, ctx, clause); },
          [&](const sql::Expr& e) { return TypeOf(e, plan); }));
  return absl::OkStatus();
}

// Without FROM, WHERE still applies: one step-less row, checked by `where_without_from`.
absl::Status BindClauses(const sql::Select& select, SelectPlan& plan, const BindContext& ctx) {
  std::vector<int> item_of_output;
  ORDINAL_RETURN_IF_ERROR(BindOutputs(select, plan, ctx, &item_of_output));
  ORDINAL_RETURN_IF_ERROR(BindGroupBy(select, plan, ctx, item_of_output));
  if (select.having) {
    plan.having = CloneExpr(*select.having);
    SubstituteAliases(plan.having, select, item_of_output, plan);
    ORDINAL_RETURN_IF_ERROR(Bind(*plan.having, plan, ctx, "having clause"));
    ORDINAL_RETURN_IF_ERROR(RejectWindowCalls(*plan.having));
    ORDINAL_RETURN_IF_ERROR(CheckNoNestedAggregates(*plan.having));
  }
  ORDINAL_RETURN_IF_ERROR(BindOrderBy(select, plan, ctx, item_of_output));
  ORDINAL_RETURN_IF_ERROR(BindWindows(select, plan, ctx));

  for (sql::ExprPtr& output : plan.outputs) CollectAggregates(*output, &plan.aggregates);
  if (plan.having) CollectAggregates(*plan.having, &plan.aggregates);
  for (OrderKey& key : plan.order) {
    if (key.expr) CollectAggregates(*key.expr, &plan.aggregates);
  }
  for (BoundWindow& window : plan.window.windows) {
    for (sql::ExprPtr& e : window.partition_by) CollectAggregates(*e, &plan.aggregates);
    for (sql::ExprPtr& e : window.order_by) CollectAggregates(*e, &plan.aggregates);
  }
  for (size_t i = 0; i < plan.aggregates.size(); ++i) {
    plan.aggregates[i]->slot = plan.row_width + static_cast<int>(i);
  }
  ORDINAL_RETURN_IF_ERROR(BindGroupings(plan));
  plan.window.input_width = plan.row_width + static_cast<int>(plan.aggregates.size()) +
                            static_cast<int>(plan.groupings.size());
  for (size_t i = 0; i < plan.window.calls.size(); ++i) {
    plan.window.calls[i].call->slot = plan.window.input_width + static_cast<int>(i);
  }
  plan.aggregated = !plan.group_by.empty() || !plan.aggregates.empty();
  if (plan.aggregated && OnlyFullGroupBy()) ORDINAL_RETURN_IF_ERROR(CheckFullGroupBy(plan));
  return absl::OkStatus();
}

ColumnType MergeTypes(ColumnType a, ColumnType b) {
  if (a == b) return a;
  const bool a_number = a == ColumnType::kInt || a == ColumnType::kDouble;
  const bool b_number = b == ColumnType::kInt || b == ColumnType::kDouble;
  if (a_number && b_number) return ColumnType::kDouble;
  return ColumnType::kVarchar;
}

// ORDER BY of a compound query: positions and the names of its result columns.
absl::Status BindCompoundOrder(const sql::Select& select, SelectPlan& plan) {
  for (const sql::OrderItem& item : select.order_by) {
    OrderKey key;
    key.descending = item.descending;
    const int64_t position = Position(*item.expr);
    if (position != 0) {
      if (position < 1 || position > static_cast<int64_t>(plan.columns.size())) {
        return UnknownPosition(position, "order clause");
      }
      key.output = static_cast<int>(position - 1);
    } else if (item.expr->kind == sql::ExprKind::kColumn) {
      for (size_t i = 0; i < plan.columns.size() && key.output < 0; ++i) {
        if (absl::AsciiStrToLower(plan.columns[i].name) == item.expr->column_name) {
          key.output = static_cast<int>(i);
        }
      }
    }
    if (key.output < 0) {
      return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadField,
                      absl::StrCat("Unknown column '", item.expr->text, "' in 'order clause'"));
    }
    plan.order.push_back(std::move(key));
  }
  return absl::OkStatus();
}

bool SameDefinition(const ResultColumn& a, const ResultColumn& b) {
  if (!a.metadata || !b.metadata) return a.metadata.has_value() == b.metadata.has_value();
  return a.metadata->type == b.metadata->type && a.metadata->length == b.metadata->length &&
         a.metadata->decimals == b.metadata->decimals &&
         a.metadata->flags == b.metadata->flags;
}

absl::StatusOr<std::shared_ptr<SelectPlan>> BindCompound(const sql::Select& select,
                                                         const BindContext& ctx,
                                                         const Scope* outer) {
  auto plan = std::make_shared<SelectPlan>();
  plan->scope = Scope(outer);
  plan->row_width = plan->scope.row_width();
  plan->outer_width = plan->row_width;
  plan->limit = select.limit;
  plan->offset = select.offset.value_or(0) < 0 ? 0 : select.offset.value_or(0);
  for (size_t i = 0; i < select.compound.size(); ++i) {
    const sql::SetOperand& operand = select.compound[i];
    ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<SelectPlan> bound,
                             BindSelect(*operand.query, ctx, outer));
    if (i == 0) {
      plan->columns = bound->columns;
    } else {
      if (bound->columns.size() != plan->columns.size()) {
        return SqlError(absl::StatusCode::kInvalidArgument, kDifferentColumnCount,
                        "The used SELECT statements have a different number of columns");
      }
      for (size_t c = 0; c < plan->columns.size(); ++c) {
        plan->columns[c].type = MergeTypes(plan->columns[c].type, bound->columns[c].type);
        // The first operand's column definition describes the union only when every
        // operand's matches it: SMALLINT UNION BIGINT is not a SMALLINT.
        if (!SameDefinition(plan->columns[c], bound->columns[c])) {
          plan->columns[c].metadata.reset();
        }
        plan->columns[c].derived =
            MergeDerived(plan->columns[c].derived, bound->columns[c].derived);
      }
      plan->set_ops.push_back({operand.op, operand.all});
    }
    plan->operands.push_back(std::move(bound));
  }
  ORDINAL_RETURN_IF_ERROR(BindCompoundOrder(select, *plan));
  return plan;
}

absl::StatusOr<std::shared_ptr<SelectPlan>> BindSimple(const sql::Select& select,
                                                       const BindContext& ctx,
                                                       const Scope* outer);

// The types CREATE TABLE ... SELECT gives the output columns (ResultColumn::derived); the
// columns of an outer join's NULL-extended side are nullable. A DECIMAL expression without
// declared metadata is also described to clients by its derived precision and scale (as
// MySQL describes `price * qty` or `SUM(price * qty)`), not as DECIMAL(65,30).
void DeriveColumns(const std::vector<SourceJoin>& joins, SelectPlan& plan) {
  std::vector<bool> outer_joined(plan.scope.sources().size(), false);
  for (size_t i = 0; i < joins.size() && i < outer_joined.size(); ++i) {
    outer_joined[i] = joins[i].outer_join;
  }
  for (size_t i = 0; i < plan.columns.size() && i < plan.outputs.size(); ++i) {
    ResultColumn& column = plan.columns[i];
    column.derived = DeriveColumn(*plan.outputs[i], column.type, plan.scope, outer_joined);
    const SqlType& derived = column.derived->type;
    // A column of an outer join's NULL-extended side may be NULL whatever its table says.
    if (column.metadata && !column.metadata->org_name.empty() && column.derived->nullable) {
      column.metadata->flags &= static_cast<uint16_t>(~mysql_flag::kNotNull);
    }
    if (!column.metadata && column.type == ColumnType::kDecimal &&
        derived.type == ColumnType::kDecimal && derived.length > 0) {
      column.metadata = ColumnMetadataFor(derived);
    }
  }
}

}  // namespace

absl::StatusOr<std::shared_ptr<SelectPlan>> BindSelect(const sql::Select& select,
                                                       const BindContext& ctx,
                                                       const Scope* outer) {
  BindContext local = ctx;
  CteFrame frame;
  if (!select.with.empty()) {
    for (size_t i = 0; i < select.with.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (select.with[i].name == select.with[j].name) {
          return SqlError(absl::StatusCode::kInvalidArgument, kNonUniqTable,
                          absl::StrCat("Not unique table/alias: '", select.with[i].name, "'"));
        }
      }
    }
    frame = CteFrame{select.with.data(), select.with.size(), ctx.ctes, select.with_recursive};
    local.ctes = &frame;
  }
  if (!select.compound.empty()) return BindCompound(select, local, outer);
  return BindSimple(select, local, outer);
}

namespace {

bool AssignsVariable(const sql::Expr& expr) {
  if (expr.kind == sql::ExprKind::kAssign) return true;
  for (const sql::ExprPtr& child : expr.children) {
    if (AssignsVariable(*child)) return true;
  }
  return false;
}

// SelectPlan::defer_projection.
bool ProjectionCanWait(const SelectPlan& plan) {
  if (plan.distinct) return false;
  bool assigns = false;
  for (const sql::ExprPtr& output : plan.outputs) assigns = assigns || AssignsVariable(*output);
  if (!assigns) return false;
  for (const OrderKey& key : plan.order) {
    if (key.output >= 0 && AssignsVariable(*plan.outputs[key.output])) return false;
  }
  return true;
}

absl::StatusOr<std::shared_ptr<SelectPlan>> BindSimple(const sql::Select& select,
                                                       const BindContext& ctx,
                                                       const Scope* outer) {
  auto plan = std::make_shared<SelectPlan>();
  plan->scope = Scope(outer);
  plan->rollup = select.rollup;
  plan->distinct = select.distinct;
  plan->for_update = select.for_update;
  plan->limit = select.limit;
  plan->offset = select.offset.value_or(0) < 0 ? 0 : select.offset.value_or(0);
  ORDINAL_ASSIGN_OR_RETURN(BoundFrom from, BindFrom(select.from, *plan, ctx));
  plan->row_width = plan->scope.row_width();
  plan->outer_width = plan->row_width - plan->scope.own_width();
  ORDINAL_RETURN_IF_ERROR(BindWhere(select, *plan, ctx, &from.conjuncts));
  ORDINAL_RETURN_IF_ERROR(BindClauses(select, *plan, ctx));
  DeriveColumns(from.joins, *plan);
  if (plan->scope.sources().empty()) {
    // No FROM: one row of no columns; WHERE decides whether it is produced.
    plan->where_without_from = std::move(from.conjuncts);
  } else {
    plan->steps = PlanJoins(plan->scope, from.joins, std::move(from.conjuncts),
                             ctx.table_stats, ctx.sample_selectivity);
  }
  plan->order_satisfied_by_path = PathSatisfiesOrder(*plan);
  plan->defer_projection = ProjectionCanWait(*plan);
  PlanSortBeforeJoin(*plan);
  return plan;
}

}  // namespace
}  // namespace ordinal::engine::plan
