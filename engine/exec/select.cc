// SELECT and EXPLAIN.
#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/exec/aggregate.h"
#include "engine/exec/evaluator.h"
#include "engine/exec/statements.h"
#include "engine/exec/table_access.h"
#include "engine/plan/select_plan.h"

namespace ordinal::engine::exec {
namespace {

// One result row plus the values it sorts by.
struct OutputRow {
  std::vector<Value> values;
  std::vector<Value> keys;
};

// Evaluates the outputs and sort keys of `plan` over `row` (the plan's output layout).
absl::StatusOr<OutputRow> Project(const plan::SelectPlan& plan, const std::vector<Value>& row) {
  OutputRow out;
  out.values.reserve(plan.outputs.size());
  for (const sql::ExprPtr& expr : plan.outputs) {
    ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, row));
    out.values.push_back(std::move(v));
  }
  out.keys.reserve(plan.order.size());
  for (const plan::OrderKey& key : plan.order) {
    if (key.output >= 0) {
      out.keys.push_back(out.values[key.output]);
    } else {
      ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*key.expr, row));
      out.keys.push_back(std::move(v));
    }
  }
  return out;
}

absl::StatusOr<bool> Matches(const sql::Expr* predicate, const std::vector<Value>& row) {
  if (predicate == nullptr) return true;
  return EvaluatePredicate(*predicate, row);
}

// Reads the matching rows of a plan without aggregation. `stop_after` > 0 ends the scan
// once that many rows were produced.
absl::Status ProduceRows(const plan::SelectPlan& plan, ExecContext& ctx, bool for_update,
                         size_t stop_after, std::vector<OutputRow>* out) {
  auto visit = [&](std::string_view, std::vector<Value>& row) -> absl::StatusOr<bool> {
    ORDINAL_ASSIGN_OR_RETURN(bool match, Matches(plan.where.get(), row));
    if (!match) return true;
    ORDINAL_ASSIGN_OR_RETURN(match, Matches(plan.having.get(), row));
    if (!match) return true;
    ORDINAL_ASSIGN_OR_RETURN(OutputRow projected, Project(plan, row));
    out->push_back(std::move(projected));
    return stop_after == 0 || out->size() < stop_after;
  };
  if (plan.table == nullptr) {
    std::vector<Value> empty;
    return visit("", empty).status();
  }
  return VisitRows(ctx.txn, *plan.table, plan.path, for_update, visit);
}

struct Group {
  std::vector<Value> first_row;
  Aggregator::State state;
};

absl::Status ProduceGroups(const plan::SelectPlan& plan, ExecContext& ctx, bool for_update,
                           std::vector<OutputRow>* out) {
  Aggregator aggregator(plan.aggregates);
  std::map<std::vector<Value>, Group, TupleLess> groups;
  std::vector<Value> key;
  auto visit = [&](std::string_view, std::vector<Value>& row) -> absl::StatusOr<bool> {
    ORDINAL_ASSIGN_OR_RETURN(bool match, Matches(plan.where.get(), row));
    if (!match) return true;
    key.clear();
    for (const sql::ExprPtr& g : plan.group_by) {
      ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*g, row));
      key.push_back(std::move(v));
    }
    auto it = groups.find(key);
    if (it == groups.end()) {
      it = groups.emplace(key, Group{row, aggregator.NewState()}).first;
    }
    ORDINAL_RETURN_IF_ERROR(aggregator.Accumulate(it->second.state, row));
    return true;
  };
  if (plan.table == nullptr) {
    std::vector<Value> empty;
    ORDINAL_RETURN_IF_ERROR(visit("", empty).status());
  } else {
    ORDINAL_RETURN_IF_ERROR(VisitRows(ctx.txn, *plan.table, plan.path, for_update, visit));
  }
  // Aggregates without GROUP BY over no rows still give one row.
  if (groups.empty() && plan.group_by.empty()) {
    groups.emplace(std::vector<Value>{},
                   Group{std::vector<Value>(plan.row_width), aggregator.NewState()});
  }
  std::vector<Value> grouped;
  for (auto& [unused, group] : groups) {
    grouped = std::move(group.first_row);
    aggregator.Finish(group.state, &grouped);
    ORDINAL_ASSIGN_OR_RETURN(bool match, Matches(plan.having.get(), grouped));
    if (!match) continue;
    ORDINAL_ASSIGN_OR_RETURN(OutputRow projected, Project(plan, grouped));
    out->push_back(std::move(projected));
  }
  return absl::OkStatus();
}

void RemoveDuplicates(std::vector<OutputRow>* rows) {
  std::set<std::vector<Value>, TupleLess> seen;
  std::vector<OutputRow> kept;
  for (OutputRow& row : *rows) {
    if (seen.insert(row.values).second) kept.push_back(std::move(row));
  }
  *rows = std::move(kept);
}

void Sort(const plan::SelectPlan& plan, std::vector<OutputRow>* rows) {
  std::stable_sort(rows->begin(), rows->end(), [&](const OutputRow& a, const OutputRow& b) {
    for (size_t i = 0; i < plan.order.size(); ++i) {
      const int c = CompareForSort(a.keys[i], b.keys[i]);
      if (c != 0) return plan.order[i].descending ? c > 0 : c < 0;
    }
    return false;
  });
}

absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> TableOf(const sql::Select& select,
                                                                  const ExecContext& ctx) {
  if (!select.from) return std::shared_ptr<const catalog::TableInfo>();
  return ResolveTable(ctx, *select.from);
}

}  // namespace

absl::StatusOr<ResultSet> ExecuteSelect(const sql::Select& select, ExecContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(auto table, TableOf(select, ctx));
  ORDINAL_ASSIGN_OR_RETURN(plan::SelectPlan plan, plan::BindSelect(select, std::move(table)));
  const size_t offset = select.offset.value_or(0) < 0 ? 0 : select.offset.value_or(0);
  const bool limited = select.limit.has_value();
  const size_t limit = limited && *select.limit > 0 ? *select.limit : 0;

  std::vector<OutputRow> rows;
  if (plan.aggregated) {
    ORDINAL_RETURN_IF_ERROR(ProduceGroups(plan, ctx, select.for_update, &rows));
  } else {
    const bool early_stop =
        limited && !plan.distinct && (plan.order.empty() || plan.order_satisfied_by_path);
    if (!(early_stop && limit == 0)) {
      ORDINAL_RETURN_IF_ERROR(ProduceRows(plan, ctx, select.for_update,
                                          early_stop ? offset + limit : 0, &rows));
    }
  }
  if (plan.distinct) RemoveDuplicates(&rows);
  if (!plan.order.empty() && !plan.order_satisfied_by_path) Sort(plan, &rows);

  ResultSet result;
  result.has_rows = true;
  result.columns = plan.columns;
  const size_t begin = std::min(offset, rows.size());
  const size_t end = limited ? std::min(rows.size(), begin + limit) : rows.size();
  result.rows.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) result.rows.push_back(std::move(rows[i].values));
  return result;
}

absl::StatusOr<ResultSet> ExecuteExplain(const sql::Explain& explain, ExecContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(auto table, TableOf(explain.select, ctx));
  ORDINAL_ASSIGN_OR_RETURN(plan::SelectPlan plan,
                           plan::BindSelect(explain.select, std::move(table)));
  ResultSet result;
  result.has_rows = true;
  result.columns = {{"table", ColumnType::kVarchar},
                    {"access", ColumnType::kVarchar},
                    {"index", ColumnType::kVarchar},
                    {"key_columns", ColumnType::kInt},
                    {"detail", ColumnType::kVarchar}};
  const plan::AccessPath& path = plan.path;
  result.rows.push_back(
      {plan.table ? Value::String(plan.table->def.name()) : Value::Null(),
       Value::String(std::string(plan::AccessKindName(path.kind))),
       path.index_name.empty() ? Value::Null() : Value::String(path.index_name),
       Value::Int(path.key_columns), Value::String(path.detail)});
  return result;
}

}  // namespace ordinal::engine::exec
