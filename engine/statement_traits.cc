#include "engine/statement_traits.h"

#include <variant>
#include <vector>

#include "engine/functions/registry.h"

namespace ordinal::engine {
namespace {

bool Blocks(const sql::Expr* expr);

bool Blocks(const sql::TableRef& ref) {
  if (ref.subquery != nullptr && CallsBlockingFunction(*ref.subquery)) return true;
  if (ref.left != nullptr && Blocks(*ref.left)) return true;
  if (ref.right != nullptr && Blocks(*ref.right)) return true;
  return Blocks(ref.on.get());
}

bool Blocks(const sql::Expr* expr) {
  if (expr == nullptr) return false;
  if (expr->kind == sql::ExprKind::kFunction) {
    const functions::FunctionDef* def = functions::FindFunction(expr->function_name);
    if (def != nullptr && def->blocking) return true;
  }
  if (expr->subquery != nullptr && CallsBlockingFunction(*expr->subquery)) return true;
  for (const sql::ExprPtr& child : expr->children) {
    if (Blocks(child.get())) return true;
  }
  return false;
}

}  // namespace

bool CallsBlockingFunction(const sql::Select& select) {
  for (const sql::CommonTable& cte : select.with) {
    if (cte.query != nullptr && CallsBlockingFunction(*cte.query)) return true;
  }
  for (const sql::SetOperand& operand : select.compound) {
    if (operand.query != nullptr && CallsBlockingFunction(*operand.query)) return true;
  }
  for (const sql::SelectItem& item : select.items) {
    if (Blocks(item.expr.get())) return true;
  }
  for (const sql::TableRef& ref : select.from) {
    if (Blocks(ref)) return true;
  }
  for (const sql::ExprPtr& expr : select.group_by) {
    if (Blocks(expr.get())) return true;
  }
  for (const sql::OrderItem& item : select.order_by) {
    if (Blocks(item.expr.get())) return true;
  }
  return Blocks(select.where.get()) || Blocks(select.having.get());
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
