#include "engine/plan/enum_contexts.h"

#include <memory>
#include <string>
#include <utility>

#include "engine/functions/registry.h"
#include "engine/plan/temporal_contexts.h"

namespace ordinal::engine::plan {
namespace {

using ColumnTypeOf = absl::FunctionRef<std::optional<SqlType>(int)>;

// The declared type of `e` when it is a bound ENUM column.
std::optional<SqlType> EnumColumnType(const sql::Expr& e, ColumnTypeOf column_type) {
  if (e.kind != sql::ExprKind::kColumn || e.slot < 0) return std::nullopt;
  std::optional<SqlType> t = column_type(e.slot);
  if (!t || t->type != ColumnType::kEnum) return std::nullopt;
  return t;
}

// #ENUM INDEX(column, 'member1', ...): the member's 1-based index, NULL for NULL.
sql::ExprPtr MemberIndex(sql::ExprPtr column, const SqlType& type) {
  auto call = std::make_unique<sql::Expr>();
  call->kind = sql::ExprKind::kFunction;
  call->function_name = std::string(functions::kEnumIndex);
  call->loc = column->loc;
  call->text = column->text;
  call->children.push_back(std::move(column));
  for (const std::string& member : type.elements) {
    auto literal = std::make_unique<sql::Expr>();
    literal->kind = sql::ExprKind::kLiteral;
    literal->literal = Value::String(member);
    literal->loc = call->loc;
    call->children.push_back(std::move(literal));
  }
  return call;
}

}  // namespace

void ApplyEnumContexts(sql::Expr& expr, ColumnTypeOf column_type) {
  if (!IsNumericContext(expr)) return;
  for (sql::ExprPtr& child : expr.children) {
    if (std::optional<SqlType> t = EnumColumnType(*child, column_type)) {
      child = MemberIndex(std::move(child), *t);
    }
  }
}

sql::ExprPtr EnumSortKey(sql::ExprPtr expr, ColumnTypeOf column_type) {
  std::optional<SqlType> t = EnumColumnType(*expr, column_type);
  return t ? MemberIndex(std::move(expr), *t) : std::move(expr);
}

}  // namespace ordinal::engine::plan
