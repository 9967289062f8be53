#include "engine/plan/recursive_cte.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"

namespace ordinal::engine::plan {
namespace {

constexpr MysqlErrno kRequiresUnion = static_cast<MysqlErrno>(3573);
constexpr MysqlErrno kRequiresNonRecursiveFirst = static_cast<MysqlErrno>(3574);
constexpr MysqlErrno kForbidsAggregation = static_cast<MysqlErrno>(3575);
constexpr MysqlErrno kForbiddenJoinOrder = static_cast<MysqlErrno>(3576);
constexpr MysqlErrno kRequiresSingleReference = static_cast<MysqlErrno>(3577);
constexpr MysqlErrno kColumnListCount = static_cast<MysqlErrno>(1353);

absl::Status CteError(MysqlErrno number, const std::string& name, std::string_view text) {
  return SqlError(
      absl::StatusCode::kInvalidArgument, number,
      absl::StrCat("Recursive Common Table Expression '", name, "' ", std::string(text)));
}

absl::Status NotSupported(std::string_view what) {
  return SqlError(
      absl::StatusCode::kUnimplemented, MysqlErrno::kNotSupported,
      absl::StrCat("This version of OrdinalDB doesn't yet support '", std::string(what), "'"));
}

int CountInSelect(const sql::Select& select, const std::string& name);

int CountInExpr(const sql::Expr& expr, const std::string& name) {
  int n = expr.subquery != nullptr ? CountInSelect(*expr.subquery, name) : 0;
  for (const sql::ExprPtr& child : expr.children) n += CountInExpr(*child, name);
  return n;
}

bool IsSelf(const sql::TableRef& ref, const std::string& name) {
  return !ref.is_join() && ref.subquery == nullptr && ref.name.database.empty() &&
         ref.name.table == name;
}

int CountInRef(const sql::TableRef& ref, const std::string& name) {
  if (ref.is_join()) {
    return CountInRef(*ref.left, name) + CountInRef(*ref.right, name) +
           (ref.on != nullptr ? CountInExpr(*ref.on, name) : 0);
  }
  if (ref.subquery != nullptr) return CountInSelect(*ref.subquery, name);
  return IsSelf(ref, name) ? 1 : 0;
}

// Every reference to table `name` in `select`, at any depth.
int CountInSelect(const sql::Select& select, const std::string& name) {
  int n = 0;
  for (const sql::CommonTable& cte : select.with) n += CountInSelect(*cte.query, name);
  for (const sql::SetOperand& operand : select.compound) {
    n += CountInSelect(*operand.query, name);
  }
  for (const sql::TableRef& ref : select.from) n += CountInRef(ref, name);
  for (const sql::SelectItem& item : select.items) {
    if (item.expr != nullptr) n += CountInExpr(*item.expr, name);
  }
  for (const sql::ExprPtr& e : select.group_by) n += CountInExpr(*e, name);
  for (const sql::OrderItem& item : select.order_by) n += CountInExpr(*item.expr, name);
  if (select.where != nullptr) n += CountInExpr(*select.where, name);
  if (select.having != nullptr) n += CountInExpr(*select.having, name);
  return n;
}

// References in the FROM tree itself (joins included, derived tables not); `inner` is set
// when one is on the inner side of an outer join.
int CountInFromTree(const sql::TableRef& ref, const std::string& name, bool inner_side,
                    bool* inner) {
  if (!ref.is_join()) {
    const bool self = IsSelf(ref, name);
    if (self && inner_side) *inner = true;
    return self ? 1 : 0;
  }
  const bool left_inner = inner_side || ref.join == sql::JoinKind::kRight;
  const bool right_inner = inner_side || ref.join == sql::JoinKind::kLeft;
  return CountInFromTree(*ref.left, name, left_inner, inner) +
         CountInFromTree(*ref.right, name, right_inner, inner);
}

bool HasAggregation(const sql::Expr& expr) {
  if (expr.IsAggregate() || expr.IsWindowCall()) return true;
  for (const sql::ExprPtr& child : expr.children) {
    if (HasAggregation(*child)) return true;
  }
  return false;
}

// What MySQL allows in a recursive query block.
absl::Status CheckRecursiveBlock(const sql::Select& block, const std::string& name) {
  if (!block.compound.empty()) {
    return CteError(kRequiresNonRecursiveFirst, name,
                    "should have one or more non-recursive query blocks followed by one or "
                    "more recursive ones");
  }
  bool aggregation = !block.group_by.empty() || block.having != nullptr;
  for (const sql::SelectItem& item : block.items) {
    if (item.expr != nullptr) aggregation |= HasAggregation(*item.expr);
  }
  if (aggregation) {
    return CteError(kForbidsAggregation, name,
                    "can contain neither aggregation nor window functions in recursive query "
                    "block");
  }
  if (!block.order_by.empty() || block.distinct || block.limit.has_value()) {
    return NotSupported(
        "ORDER BY / LIMIT / SELECT DISTINCT in recursive query block of Common Table "
        "Expression");
  }
  bool inner = false;
  int in_from = 0;
  for (const sql::TableRef& ref : block.from) in_from += CountInFromTree(ref, name, false, &inner);
  if (in_from != 1 || CountInSelect(block, name) != 1) {
    return SqlError(absl::StatusCode::kInvalidArgument, kRequiresSingleReference,
                    absl::StrCat("In recursive query block of Recursive Common Table "
                                 "Expression '",
                                 name,
                                 "', the recursive table must be referenced only once, and "
                                 "not in any subquery"));
  }
  if (inner) {
    return SqlError(absl::StatusCode::kInvalidArgument, kForbiddenJoinOrder,
                    absl::StrCat("In recursive query block of Recursive Common Table "
                                 "Expression '",
                                 name,
                                 "', the recursive table must neither be in the right "
                                 "argument of a LEFT JOIN, nor be forced to be non-first "
                                 "with join order hints"));
  }
  return absl::OkStatus();
}

// The number of leading non-recursive blocks; checks the shape of the UNION.
absl::StatusOr<size_t> CheckShape(const sql::CommonTable& cte) {
  const sql::Select& query = *cte.query;
  const std::string& name = cte.name;
  if (query.compound.empty()) return CteError(kRequiresUnion, name, "should contain a UNION");
  size_t anchors = 0;
  for (size_t i = 0; i < query.compound.size(); ++i) {
    const sql::SetOperand& operand = query.compound[i];
    if (i > 0 && operand.op != sql::SetOp::kUnion) {
      return CteError(kRequiresUnion, name, "should contain a UNION");
    }
    const bool recursive = CountInSelect(*operand.query, name) > 0;
    if (!recursive && anchors == i) {
      ++anchors;
      continue;
    }
    if (!recursive || anchors == 0) {
      return CteError(kRequiresNonRecursiveFirst, name,
                      "should have one or more non-recursive query blocks followed by one or "
                      "more recursive ones");
    }
    ORDINAL_RETURN_IF_ERROR(CheckRecursiveBlock(*operand.query, name));
  }
  if (anchors == query.compound.size()) {
    return CteError(kRequiresNonRecursiveFirst, name,
                    "should have one or more non-recursive query blocks followed by one or "
                    "more recursive ones");
  }
  if (!query.order_by.empty()) {
    return NotSupported("ORDER BY over UNION in recursive Common Table Expression");
  }
  return anchors;
}

}  // namespace

bool ReferencesItself(const sql::CommonTable& cte) {
  return CountInSelect(*cte.query, cte.name) > 0;
}

absl::StatusOr<std::shared_ptr<SelectPlan>> BindRecursiveCte(const sql::CommonTable& cte,
                                                             const BindContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(const size_t anchors, CheckShape(cte));
  const sql::Select& query = *cte.query;
  auto plan = std::make_shared<SelectPlan>();
  plan->working = std::make_shared<WorkingTable>();
  plan->anchors = anchors;
  plan->limit = query.limit;
  plan->offset = query.offset.value_or(0) < 0 ? 0 : query.offset.value_or(0);
  for (size_t i = 0; i < anchors; ++i) {
    ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<SelectPlan> anchor,
                             BindSelect(*query.compound[i].query, ctx));
    if (i == 0) plan->columns = anchor->columns;
    plan->operands.push_back(std::move(anchor));
  }
  if (!cte.columns.empty() && cte.columns.size() != plan->columns.size()) {
    return SqlError(absl::StatusCode::kInvalidArgument, kColumnListCount,
                    "In definition of view, derived table or common table expression, "
                    "SELECT list and column names list have different column counts");
  }
  RecursiveReference self{cte.name, plan->working, {}, {}};
  for (size_t c = 0; c < plan->columns.size(); ++c) {
    if (!cte.columns.empty()) plan->columns[c].name = cte.columns[c];
    self.column_names.push_back(absl::AsciiStrToLower(plan->columns[c].name));
    self.column_types.push_back(plan->columns[c].type);
  }
  BindContext recursive_ctx = ctx;
  recursive_ctx.recursive = &self;
  for (size_t i = 0; i < query.compound.size(); ++i) {
    const sql::SetOperand& operand = query.compound[i];
    if (i > 0) {
      plan->set_ops.push_back({operand.op, operand.all});
      plan->recursive_distinct |= !operand.all;
    }
    if (i < anchors) continue;
    ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<SelectPlan> block,
                             BindSelect(*operand.query, recursive_ctx));
    if (block->columns.size() != plan->columns.size()) {
      return SqlError(absl::StatusCode::kInvalidArgument, static_cast<MysqlErrno>(1222),
                      "The used SELECT statements have a different number of columns");
    }
    plan->operands.push_back(std::move(block));
  }
  return plan;
}

}  // namespace ordinal::engine::plan
