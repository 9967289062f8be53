#include "engine/plan/select_plan.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/plan/binder.h"
#include "engine/plan/output_metadata.h"

namespace ordinal::engine::plan {
namespace {

constexpr MysqlErrno kNoTablesUsed = static_cast<MysqlErrno>(1096);

absl::Status MisplacedAggregate() {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidGroupFuncUse,
                  "Invalid use of group function");
}

// Binds columns of `expr` to the table, or rejects them when there is no table.
absl::Status Bind(sql::Expr& expr, const SelectPlan& plan, const std::string& alias,
                  std::string_view clause) {
  if (plan.table == nullptr) return RejectColumns(expr, clause);
  return BindColumns(expr, *plan.table, alias, clause);
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

// Whether `expr` is an unqualified column name that the table does not have.
bool IsNonTableName(const sql::Expr& expr, const SelectPlan& plan) {
  return expr.kind == sql::ExprKind::kColumn && expr.table_name.empty() &&
         (plan.table == nullptr || plan.table->FindColumn(expr.column_name) < 0);
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

absl::Status BindOutputs(const sql::Select& select, SelectPlan& plan, const std::string& alias,
                         std::vector<int>* item_of_output) {
  for (size_t i = 0; i < select.items.size(); ++i) {
    const sql::SelectItem& item = select.items[i];
    if (item.star || item.expr == nullptr) {
      if (plan.table == nullptr) {
        return SqlError(absl::StatusCode::kInvalidArgument, kNoTablesUsed, "No tables used");
      }
      for (int c = 0; c < plan.table->VisibleColumnCount(); ++c) {
        auto column = std::make_unique<sql::Expr>();
        column->kind = sql::ExprKind::kColumn;
        column->column_name = plan.table->def.columns(c).name();
        column->text = column->column_name;
        column->slot = c;
        plan.columns.push_back(
            OutputColumn(column->column_name, *column, plan.table.get(), alias));
        plan.outputs.push_back(std::move(column));
        item_of_output->push_back(-1);
      }
      continue;
    }
    sql::ExprPtr expr = CloneExpr(*item.expr);
    ORDINAL_RETURN_IF_ERROR(Bind(*expr, plan, alias, "field list"));
    ORDINAL_RETURN_IF_ERROR(CheckNoNestedAggregates(*expr));
    plan.columns.push_back(OutputColumn(item.alias.empty() ? ExprDisplayName(*expr) : item.alias,
                                        *expr, plan.table.get(), alias));
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

absl::Status BindGroupBy(const sql::Select& select, SelectPlan& plan, const std::string& alias,
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
      ORDINAL_RETURN_IF_ERROR(Bind(*expr, plan, alias, "group statement"));
      plan.group_by.push_back(std::move(expr));
    }
    if (ContainsAggregate(*plan.group_by.back())) return MisplacedAggregate();
  }
  return absl::OkStatus();
}

absl::Status BindOrderBy(const sql::Select& select, SelectPlan& plan, const std::string& alias,
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
      ORDINAL_RETURN_IF_ERROR(Bind(*key.expr, plan, alias, "order clause"));
      ORDINAL_RETURN_IF_ERROR(CheckNoNestedAggregates(*key.expr));
    }
    plan.order.push_back(std::move(key));
  }
  return absl::OkStatus();
}

// ONLY_FULL_GROUP_BY: outside aggregates, an expression may use only grouped expressions
// and grouped columns (or any column when the whole primary key is grouped).
bool IsGrouped(const sql::Expr& expr, const SelectPlan& plan, bool all_columns_grouped,
               std::string* offending) {
  if (expr.kind == sql::ExprKind::kFunction && expr.slot >= 0) return true;  // aggregate
  for (const sql::ExprPtr& g : plan.group_by) {
    if (!expr.text.empty() && expr.text == g->text) return true;
    if (expr.kind == sql::ExprKind::kColumn && g->kind == sql::ExprKind::kColumn &&
        expr.slot == g->slot) {
      return true;
    }
  }
  if (expr.kind == sql::ExprKind::kColumn) {
    if (all_columns_grouped) return true;
    *offending = expr.column_name;
    return false;
  }
  for (const sql::ExprPtr& child : expr.children) {
    if (!IsGrouped(*child, plan, all_columns_grouped, offending)) return false;
  }
  return true;
}

absl::Status CheckFullGroupBy(const SelectPlan& plan) {
  bool all_columns_grouped = !plan.group_by.empty() && plan.table != nullptr;
  if (all_columns_grouped) {
    for (uint32_t column : plan.table->def.primary_key().column_indexes()) {
      bool found = false;
      for (const sql::ExprPtr& g : plan.group_by) {
        found |= g->kind == sql::ExprKind::kColumn && g->slot == static_cast<int>(column);
      }
      all_columns_grouped &= found;
    }
  }
  std::string column;
  auto fail = [&](size_t n) {
    const std::string qualified =
        plan.table == nullptr ? column : absl::StrCat(plan.table->QualifiedName(), ".", column);
    return SqlError(
        absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongFieldWithGroup,
        absl::StrCat("Expression #", n,
                     " of SELECT list is not in GROUP BY clause and contains nonaggregated "
                     "column '",
                     qualified,
                     "' which is not functionally dependent on columns in GROUP BY clause; "
                     "this is incompatible with sql_mode=only_full_group_by"));
  };
  for (size_t i = 0; i < plan.outputs.size(); ++i) {
    if (!IsGrouped(*plan.outputs[i], plan, all_columns_grouped, &column)) return fail(i + 1);
  }
  if (plan.having && !IsGrouped(*plan.having, plan, all_columns_grouped, &column)) {
    return fail(plan.outputs.size() + 1);
  }
  for (const OrderKey& key : plan.order) {
    if (key.expr && !IsGrouped(*key.expr, plan, all_columns_grouped, &column)) {
      return fail(plan.outputs.size() + 1);
    }
  }
  return absl::OkStatus();
}

// Whether the path yields rows in the ORDER BY order: ascending on a primary key prefix.
bool PathSatisfiesOrder(const SelectPlan& plan) {
  if (plan.order.empty() || plan.table == nullptr || plan.aggregated) return false;
  const AccessKind kind = plan.path.kind;
  if (kind != AccessKind::kPrimaryPoint && kind != AccessKind::kPrimaryRange &&
      kind != AccessKind::kFullScan) {
    return false;
  }
  const auto& pk = plan.table->def.primary_key();
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

}  // namespace

absl::StatusOr<SelectPlan> BindSelect(const sql::Select& select,
                                      std::shared_ptr<const catalog::TableInfo> table) {
  SelectPlan plan;
  plan.table = std::move(table);
  plan.distinct = select.distinct;
  plan.row_width = plan.table == nullptr ? 0 : plan.table->def.columns_size();
  const std::string alias = select.from_alias;
  if (select.where) {
    plan.where = CloneExpr(*select.where);
    ORDINAL_RETURN_IF_ERROR(Bind(*plan.where, plan, alias, "where clause"));
    if (ContainsAggregate(*plan.where)) return MisplacedAggregate();
  }
  std::vector<int> item_of_output;
  ORDINAL_RETURN_IF_ERROR(BindOutputs(select, plan, alias, &item_of_output));
  ORDINAL_RETURN_IF_ERROR(BindGroupBy(select, plan, alias, item_of_output));
  if (select.having) {
    plan.having = CloneExpr(*select.having);
    SubstituteAliases(plan.having, select, item_of_output, plan);
    ORDINAL_RETURN_IF_ERROR(Bind(*plan.having, plan, alias, "having clause"));
    ORDINAL_RETURN_IF_ERROR(CheckNoNestedAggregates(*plan.having));
  }
  ORDINAL_RETURN_IF_ERROR(BindOrderBy(select, plan, alias, item_of_output));

  for (sql::ExprPtr& output : plan.outputs) CollectAggregates(*output, &plan.aggregates);
  if (plan.having) CollectAggregates(*plan.having, &plan.aggregates);
  for (OrderKey& key : plan.order) {
    if (key.expr) CollectAggregates(*key.expr, &plan.aggregates);
  }
  for (size_t i = 0; i < plan.aggregates.size(); ++i) {
    plan.aggregates[i]->slot = plan.row_width + static_cast<int>(i);
  }
  plan.aggregated = !plan.group_by.empty() || !plan.aggregates.empty();
  if (plan.aggregated) ORDINAL_RETURN_IF_ERROR(CheckFullGroupBy(plan));

  plan.path = plan.table == nullptr ? NoTableAccessPath()
                                    : ChooseAccessPath(*plan.table, plan.where.get());
  plan.order_satisfied_by_path = PathSatisfiesOrder(plan);
  return plan;
}

}  // namespace ordinal::engine::plan
