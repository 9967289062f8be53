#include "engine/statement_traits.h"

#include <variant>
#include <vector>

#include "absl/strings/match.h"
#include "engine/functions/registry.h"

namespace ordinal::engine {
namespace {

// A test of one expression node (its children and subqueries are walked by Any).
using ExprTest = bool (*)(const sql::Expr& expr);

bool Any(const sql::Select& select, ExprTest test);

bool Any(const sql::Expr* expr, ExprTest test) {
  if (expr == nullptr) return false;
  if (test(*expr)) return true;
  if (expr->subquery != nullptr && Any(*expr->subquery, test)) return true;
  for (const sql::ExprPtr& child : expr->children) {
    if (Any(child.get(), test)) return true;
  }
  return false;
}

bool Any(const sql::TableRef& ref, ExprTest test) {
  if (ref.subquery != nullptr && Any(*ref.subquery, test)) return true;
  if (ref.left != nullptr && Any(*ref.left, test)) return true;
  if (ref.right != nullptr && Any(*ref.right, test)) return true;
  return Any(ref.on.get(), test);
}

bool Any(const sql::Select& select, ExprTest test) {
  for (const sql::CommonTable& cte : select.with) {
    if (cte.query != nullptr && Any(*cte.query, test)) return true;
  }
  for (const sql::SetOperand& operand : select.compound) {
    if (operand.query != nullptr && Any(*operand.query, test)) return true;
  }
  for (const sql::SelectItem& item : select.items) {
    if (Any(item.expr.get(), test)) return true;
  }
  for (const sql::TableRef& ref : select.from) {
    if (Any(ref, test)) return true;
  }
  for (const sql::ExprPtr& expr : select.group_by) {
    if (Any(expr.get(), test)) return true;
  }
  for (const sql::OrderItem& item : select.order_by) {
    if (Any(item.expr.get(), test)) return true;
  }
  return Any(select.where.get(), test) || Any(select.having.get(), test);
}

bool CallsBlocking(const sql::Expr& expr) {
  if (expr.kind != sql::ExprKind::kFunction) return false;
  const functions::FunctionDef* def = functions::FindFunction(expr.function_name);
  return def != nullptr && def->blocking;
}

// An expression whose evaluation leaves something behind: a user variable assignment
// (@v := ...), LAST_INSERT_ID(expr) (sets the session's value), or a blocking function.
bool LeavesEffect(const sql::Expr& expr) {
  if (expr.kind == sql::ExprKind::kAssign) return true;
  if (expr.kind == sql::ExprKind::kFunction && !expr.children.empty() &&
      absl::EqualsIgnoreCase(expr.function_name, "LAST_INSERT_ID")) {
    return true;
  }
  return CallsBlocking(expr);
}

bool Blocks(const sql::Expr* expr) { return Any(expr, CallsBlocking); }
bool Blocks(const sql::TableRef& ref) { return Any(ref, CallsBlocking); }

}  // namespace

bool CallsBlockingFunction(const sql::Select& select) { return Any(select, CallsBlocking); }

bool RerunsSafely(const sql::Select& select) {
  return !select.for_update && !Any(select, LeavesEffect);
}

namespace {

bool Blocks(const std::vector<sql::OrderItem>& order_by) {
  for (const sql::OrderItem& item : order_by) {
    if (Blocks(item.expr.get())) return true;
  }
  return false;
}

bool Blocks(const std::vector<sql::TableRef>& from) {
  for (const sql::TableRef& ref : from) {
    if (Blocks(ref)) return true;
  }
  return false;
}

bool Blocks(const std::vector<sql::Assignment>& assignments) {
  for (const sql::Assignment& a : assignments) {
    if (Blocks(a.value.get())) return true;
  }
  return false;
}

bool Blocks(const sql::Insert& insert) {
  for (const std::vector<sql::ExprPtr>& row : insert.rows) {
    for (const sql::ExprPtr& value : row) {
      if (Blocks(value.get())) return true;
    }
  }
  if (insert.select != nullptr && CallsBlockingFunction(*insert.select)) return true;
  return Blocks(insert.on_duplicate_update);
}

bool Blocks(const sql::Update& update) {
  return Blocks(update.from) || Blocks(update.assignments) || Blocks(update.where.get()) ||
         Blocks(update.order_by);
}

bool Blocks(const sql::Delete& del) {
  return Blocks(del.from) || Blocks(del.where.get()) || Blocks(del.order_by);
}

}  // namespace

bool DataChangeMayBlock(const sql::Statement& statement) {
  if (const auto* insert = std::get_if<sql::Insert>(&statement.body)) return Blocks(*insert);
  if (const auto* update = std::get_if<sql::Update>(&statement.body)) return Blocks(*update);
  if (const auto* del = std::get_if<sql::Delete>(&statement.body)) return Blocks(*del);
  return true;
}

}  // namespace ordinal::engine
