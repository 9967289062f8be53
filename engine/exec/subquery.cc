// Subquery runners: the value of a scalar subquery, EXISTS, IN (SELECT ...) and
// ANY/SOME/ALL, computed by running the subquery's plan with the enclosing row's values.
//
// A subquery that refers to no enclosing query's column runs once per statement and its
// result is reused; a correlated one runs again for each row that needs it.
#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/information_schema.h"
#include "engine/catalog/schema_visibility.h"
#include "engine/catalog/table_stats.h"
#include "engine/exec/auto_increment.h"
#include "engine/exec/evaluator.h"
#include "engine/exec/join.h"
#include "engine/exec/table_access.h"
#include "engine/plan/from_binder.h"

namespace ordinal::engine::exec {
namespace {

constexpr MysqlErrno kSubqueryNo1Row = static_cast<MysqlErrno>(1242);

using Rows = std::vector<std::vector<Value>>;

// How many enclosing scopes out `slot` (of a query with scope `scope`) reaches: 0 for the
// query's own sources, 1 for the query around it, ...
int Reach(int slot, const plan::Scope* scope) {
  int depth = 0;
  while (scope != nullptr && slot >= scope->own_width()) {
    slot -= scope->own_width();
    scope = scope->outer();
    ++depth;
  }
  return depth;
}

class PlanRunner;

// The furthest enclosing scope any column of `plan` (its subqueries' included) reaches.
int PlanReach(const plan::SelectPlan& plan);

int ExprReach(const sql::Expr& expr, const plan::Scope& scope);

class PlanRunner final : public sql::SubqueryRunner {
 public:
  PlanRunner(std::shared_ptr<const plan::SelectPlan> plan, ExecContext& ctx)
      : plan_(std::move(plan)), ctx_(ctx), correlated_(PlanReach(*plan_) > 0) {}

  int reach() const { return PlanReach(*plan_); }

  ColumnType ColumnTypeOf() const override {
    return plan_->columns.empty() ? ColumnType::kVarchar : plan_->columns[0].type;
  }

  absl::StatusOr<Value> Run(const sql::Expr& node,
                            const std::vector<Value>& row) const override {
    switch (node.kind) {
      case sql::ExprKind::kSubquery: return Scalar(row);
      case sql::ExprKind::kExists: {
        ORDINAL_ASSIGN_OR_RETURN(const Rows* rows, Results(row, 1));
        return Value::Bool(!rows->empty());
      }
      case sql::ExprKind::kInSubquery: return In(node, row);
      case sql::ExprKind::kQuantified: return Quantified(node, row);
      default: return absl::InternalError("not a subquery node");
    }
  }

 private:
  // The query's rows for the enclosing `row`: cached when uncorrelated. `max_rows` > 0 lets
  // a correlated run stop early.
  absl::StatusOr<const Rows*> Results(const std::vector<Value>& row, size_t max_rows) const {
    if (correlated_) {
      const size_t width = static_cast<size_t>(plan_->outer_width);
      std::vector<Value> outer(row.begin(), row.begin() + std::min(width, row.size()));
      ORDINAL_ASSIGN_OR_RETURN(last_, RunSelectPlan(*plan_, ctx_, outer, max_rows));
      return &last_;
    }
    if (!cached_) {
      ORDINAL_ASSIGN_OR_RETURN(last_, RunSelectPlan(*plan_, ctx_, {}));
      cached_ = true;
    }
    return &last_;
  }

  absl::StatusOr<Value> Scalar(const std::vector<Value>& row) const {
    ORDINAL_ASSIGN_OR_RETURN(const Rows* rows, Results(row, 2));
    if (rows->empty()) return Value::Null();
    if (rows->size() > 1) {
      return SqlError(absl::StatusCode::kInvalidArgument, kSubqueryNo1Row,
                      "Subquery returns more than 1 row");
    }
    return (*rows)[0][0];
  }

  // x IN (SELECT ...): 1 if some row equals x; else NULL if x is NULL (and there are rows)
  // or some comparison was NULL; else 0. NOT IN negates (NULL stays NULL).
  absl::StatusOr<Value> In(const sql::Expr& node, const std::vector<Value>& row) const {
    ORDINAL_ASSIGN_OR_RETURN(Value x, Evaluate(*node.children[0], row));
    ORDINAL_ASSIGN_OR_RETURN(const Rows* rows, Results(row, 0));
    std::optional<bool> found = false;
    for (const std::vector<Value>& r : *rows) {
      const std::optional<int> c = CompareValues(x, r[0]);
      if (!c.has_value()) {
        found = std::nullopt;
      } else if (*c == 0) {
        found = true;
        break;
      }
    }
    if (!found.has_value()) return Value::Null();
    return Value::Bool(*found != node.negated);
  }

  // x op ANY (...): true if op holds for some row, else NULL if some comparison was NULL,
  // else false (also over no rows). x op ALL (...): false if op fails for some row, else
  // NULL if some comparison was NULL, else true (also over no rows).
  absl::StatusOr<Value> Quantified(const sql::Expr& node, const std::vector<Value>& row) const {
    ORDINAL_ASSIGN_OR_RETURN(Value x, Evaluate(*node.children[0], row));
    ORDINAL_ASSIGN_OR_RETURN(const Rows* rows, Results(row, 0));
    const bool all = node.quantifier_all;
    bool saw_null = false;
    for (const std::vector<Value>& r : *rows) {
      const std::optional<int> c = CompareValues(x, r[0]);
      if (!c.has_value()) {
        saw_null = true;
        continue;
      }
      const bool holds = Holds(node.binary_op, *c);
      if (all && !holds) return Value::Bool(false);
      if (!all && holds) return Value::Bool(true);
    }
    if (saw_null) return Value::Null();
    return Value::Bool(all);
  }

  static bool Holds(sql::BinaryOp op, int c) {
    switch (op) {
      case sql::BinaryOp::kEq: return c == 0;
      case sql::BinaryOp::kNotEq: return c != 0;
      case sql::BinaryOp::kLt: return c < 0;
      case sql::BinaryOp::kLtEq: return c <= 0;
      case sql::BinaryOp::kGt: return c > 0;
      case sql::BinaryOp::kGtEq: return c >= 0;
      default: return false;
    }
  }

  std::shared_ptr<const plan::SelectPlan> plan_;
  ExecContext& ctx_;
  const bool correlated_;
  // A statement runs on one thread; these only cache results between calls.
  mutable bool cached_ = false;
  mutable Rows last_;
};

int ExprReach(const sql::Expr& expr, const plan::Scope& scope) {
  int reach = 0;
  if (expr.kind == sql::ExprKind::kColumn && expr.slot >= 0) reach = Reach(expr.slot, &scope);
  if (expr.subquery_runner != nullptr) {
    const auto* runner = dynamic_cast<const PlanRunner*>(expr.subquery_runner.get());
    if (runner != nullptr) reach = std::max(reach, runner->reach() - 1);
  }
  for (const sql::ExprPtr& child : expr.children) {
    reach = std::max(reach, ExprReach(*child, scope));
  }
  return reach;
}

int PlanReach(const plan::SelectPlan& plan) {
  const plan::Scope& scope = plan.scope;
  int reach = 0;
  auto add = [&](const sql::ExprPtr& e) {
    if (e != nullptr) reach = std::max(reach, ExprReach(*e, scope));
  };
  for (const sql::ExprPtr& e : plan.outputs) add(e);
  for (const sql::ExprPtr& e : plan.group_by) add(e);
  add(plan.having);
  for (const plan::OrderKey& key : plan.order) add(key.expr);
  for (const plan::Conjunct& c : plan.where_without_from) add(c.expr);
  for (const auto& operand : plan.operands) reach = std::max(reach, PlanReach(*operand));
  for (const plan::JoinStep& step : plan.steps) {
    for (const sql::ExprPtr& e : step.local_conditions) add(e);
    for (const sql::ExprPtr& e : step.conditions) add(e);
    for (const sql::ExprPtr& e : step.filters) add(e);
    for (const sql::ExprPtr& e : step.probe_keys) add(e);
  }
  return reach;
}

}  // namespace

namespace {

// The fraction of a table's sampled rows that satisfy `predicate` (plan::SafeToSample),
// with no row counted as half of one; negative when the sample is too small to tell or a
// row does not evaluate. A sample of every row of the table (a small one) tells exactly,
// however few rows it holds.
double SampleSelectivity(const catalog::TableStats& stats, const sql::Expr& predicate) {
  constexpr size_t kMinSample = 20;
  const std::vector<std::vector<Value>>& rows = *stats.sample;
  const bool whole_table = !rows.empty() && static_cast<double>(rows.size()) >= stats.rows;
  if (rows.size() < kMinSample && !whole_table) return -1;
  double hits = 0;
  for (const std::vector<Value>& row : rows) {
    absl::StatusOr<bool> holds = EvaluatePredicate(predicate, row);
    if (!holds.ok()) return -1;
    hits += *holds ? 1 : 0;
  }
  return std::max(hits, 0.5) / static_cast<double>(rows.size());
}

}  // namespace

plan::BindContext MakeBindContext(ExecContext& ctx) {
  plan::BindContext bind;
  bind.resolve_table = [&ctx](const sql::TableName& name) {
    return ResolveTableOrView(ctx, name);
  };
  bind.resolve_system_table = [&ctx](std::string_view name)
      -> absl::StatusOr<std::shared_ptr<const catalog::SystemTable>> {
    catalog::LiveTableFacts facts;
    facts.next_auto_increment = NextAutoIncrementReader(ctx.auto_increment, ctx.txn);
    facts.processes = ctx.processes;
    ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const catalog::SystemTable> table,
                             catalog::ReadInformationSchema(ctx.catalog, name, facts));
    return catalog::VisibleRows(std::move(table),
                                ctx.visible_schema ? ctx.visible_schema() : nullptr);
  };
  bind.make_runner = [&ctx](std::shared_ptr<const plan::SelectPlan> plan, const sql::Expr&)
      -> std::shared_ptr<const sql::SubqueryRunner> {
    return std::make_shared<PlanRunner>(std::move(plan), ctx);
  };
  bind.table_stats = [&ctx](const catalog::TableInfo& table) {
    return ctx.catalog.statistics().Get(table);
  };
  bind.sample_selectivity = SampleSelectivity;
  return bind;
}

absl::Status BindSubqueriesOverTable(sql::Expr& expr, const catalog::TableInfo& table,
                                     ExecContext& ctx, std::string_view alias) {
  plan::Scope scope;
  // A non-owning pointer: the scope lives only while the subqueries are bound.
  ORDINAL_RETURN_IF_ERROR(scope.Add(plan::TableSource(
      std::shared_ptr<const catalog::TableInfo>(std::shared_ptr<void>(), &table),
      std::string(alias))));
  return plan::BindSubqueries(expr, scope, MakeBindContext(ctx));
}

}  // namespace ordinal::engine::exec
