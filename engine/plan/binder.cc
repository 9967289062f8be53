#include "engine/plan/binder.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/registry.h"
#include "engine/functions/session_context.h"
#include "engine/plan/aggregate_calls.h"
#include "engine/plan/bit_literal_contexts.h"
#include "engine/plan/enum_contexts.h"
#include "engine/plan/temporal_contexts.h"
#include "engine/plan/temporal_literals.h"
#include "engine/plan/window_plan.h"
#include "engine/sql/lexer.h"

namespace ordinal::engine::plan {
namespace {

bool IsAggregateCall(const sql::Expr& expr) { return expr.IsAggregate(); }

// A JSON aggregate with the wrong number of arguments or DISTINCT: 1064, as MySQL's grammar
// has JSON_ARRAYAGG(expr) and JSON_OBJECTAGG(key, value) only.
absl::Status CheckAggregateCall(const sql::Expr& expr) {
  if (!sql::IsJsonAggregateName(expr.function_name)) return absl::OkStatus();
  if (expr.children.size() != sql::AggregateArity(expr.function_name) || expr.distinct) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kParse,
                    absl::StrCat("You have an error in your SQL syntax; ", expr.function_name,
                                 expr.distinct ? " takes no DISTINCT"
                                               : " takes a different number of arguments"));
  }
  return absl::OkStatus();
}

bool IsValuesCall(const sql::Expr& expr) {
  return expr.kind == sql::ExprKind::kFunction && expr.function_name == "VALUES";
}

std::string QualifiedColumn(const sql::Expr& expr) {
  if (expr.table_name.empty()) return expr.column_name;
  return absl::StrCat(expr.table_name, ".", expr.column_name);
}

absl::Status UnknownColumn(const sql::Expr& expr, std::string_view clause) {
  return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadField,
                  absl::StrCat("Unknown column '", QualifiedColumn(expr), "' in '",
                               std::string(clause), "'"));
}

// The column index `expr` (a kColumn node) names in `table`, or -1.
int ResolveColumn(const sql::Expr& expr, const catalog::TableInfo& table,
                  std::string_view table_alias) {
  if (!expr.table_name.empty() && expr.table_name != table_alias &&
      expr.table_name != table.def.name()) {
    return -1;
  }
  return table.FindColumn(expr.column_name);
}

// A system variable's type by its definition; a user variable's by the value it holds now.
ColumnType VariableType(const sql::VariableRef& ref) {
  if (ref.scope == sql::VariableScope::kUser) {
    const functions::SessionContext* session = functions::CurrentSessionContext();
    if (session == nullptr) return ColumnType::kVarchar;
    auto it = session->user_variables.find(ref.name);
    if (it == session->user_variables.end() || it->second.is_string() || it->second.is_null()) {
      return ColumnType::kVarchar;
    }
    return it->second.is_int() ? ColumnType::kBigInt : ColumnType::kDouble;
  }
  const vars::VariableDef* def = vars::FindVariable(ref.name);
  if (def != nullptr && (def->type == vars::VarType::kBool || def->type == vars::VarType::kInt)) {
    return ColumnType::kBigInt;
  }
  return ColumnType::kVarchar;
}

}  // namespace

sql::ExprPtr CloneExpr(const sql::Expr& expr) {
  auto copy = std::make_unique<sql::Expr>();
  copy->kind = expr.kind;
  copy->loc = expr.loc;
  copy->literal = expr.literal;
  copy->bit_literal = expr.bit_literal;
  copy->table_name = expr.table_name;
  copy->column_name = expr.column_name;
  copy->unary_op = expr.unary_op;
  copy->binary_op = expr.binary_op;
  copy->negated = expr.negated;
  copy->function_name = expr.function_name;
  copy->star = expr.star;
  copy->distinct = expr.distinct;
  copy->variable = expr.variable;
  copy->truth = expr.truth;
  copy->case_operand = expr.case_operand;
  copy->case_else = expr.case_else;
  copy->cast = expr.cast;
  copy->interval_unit = expr.interval_unit;
  copy->text = expr.text;
  copy->slot = expr.slot;
  copy->subquery = expr.subquery;
  copy->quantifier_all = expr.quantifier_all;
  copy->subquery_runner = expr.subquery_runner;
  copy->over = expr.over;
  copy->order_descending = expr.order_descending;
  copy->separator = expr.separator;
  copy->children.reserve(expr.children.size());
  for (const sql::ExprPtr& child : expr.children) copy->children.push_back(CloneExpr(*child));
  return copy;
}

absl::Status BindColumns(sql::Expr& expr, const catalog::TableInfo& table,
                         std::string_view table_alias, std::string_view clause) {
  if (expr.slot >= 0 && expr.kind == sql::ExprKind::kFunction) return absl::OkStatus();
  if (expr.kind == sql::ExprKind::kColumn) {
    if (expr.slot >= 0) return absl::OkStatus();
    const int column = ResolveColumn(expr, table, table_alias);
    if (column < 0) return UnknownColumn(expr, clause);
    expr.slot = column;
    return absl::OkStatus();
  }
  for (sql::ExprPtr& child : expr.children) {
    ORDINAL_RETURN_IF_ERROR(BindColumns(*child, table, table_alias, clause));
  }
  const auto column_type = [&table](int slot) -> std::optional<SqlType> {
    if (slot < static_cast<int>(table.sql_types.size())) return table.sql_types[slot];
    return std::nullopt;
  };
  CanonicalizeTemporalConstants(expr, column_type);
  ApplyTemporalContexts(expr, column_type);
  ApplyEnumContexts(expr, column_type);
  ApplyBitLiteralContexts(expr, column_type);
  return absl::OkStatus();
}

absl::Status BindValuesCalls(sql::Expr& expr, const catalog::TableInfo& table, int offset) {
  if (IsValuesCall(expr)) {
    if (expr.children.size() != 1 || expr.children[0]->kind != sql::ExprKind::kColumn) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kParse,
                      "VALUES() takes one column name");
    }
    const int column = ResolveColumn(*expr.children[0], table, table.def.name());
    if (column < 0) return UnknownColumn(*expr.children[0], "field list");
    expr.slot = offset + column;
    return absl::OkStatus();
  }
  for (sql::ExprPtr& child : expr.children) {
    ORDINAL_RETURN_IF_ERROR(BindValuesCalls(*child, table, offset));
  }
  return absl::OkStatus();
}

absl::Status RejectColumns(const sql::Expr& expr, std::string_view clause) {
  if (expr.kind == sql::ExprKind::kColumn) return UnknownColumn(expr, clause);
  for (const sql::ExprPtr& child : expr.children) {
    ORDINAL_RETURN_IF_ERROR(RejectColumns(*child, clause));
  }
  return absl::OkStatus();
}

void CollectAggregates(sql::Expr& expr, std::vector<sql::Expr*>* out) {
  if (IsAggregateCall(expr)) {
    out->push_back(&expr);
    return;
  }
  for (sql::ExprPtr& child : expr.children) CollectAggregates(*child, out);
}

bool ContainsAggregate(const sql::Expr& expr) {
  if (IsAggregateCall(expr)) return true;
  for (const sql::ExprPtr& child : expr.children) {
    if (ContainsAggregate(*child)) return true;
  }
  return false;
}

absl::Status CheckNoNestedAggregates(const sql::Expr& expr) {
  if (IsAggregateCall(expr)) {
    ORDINAL_RETURN_IF_ERROR(CheckAggregateCall(expr));
    for (const sql::ExprPtr& child : expr.children) {
      if (ContainsAggregate(*child)) {
        return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidGroupFuncUse,
                        "Invalid use of group function");
      }
    }
    return absl::OkStatus();
  }
  for (const sql::ExprPtr& child : expr.children) {
    ORDINAL_RETURN_IF_ERROR(CheckNoNestedAggregates(*child));
  }
  return absl::OkStatus();
}

// MySQL's result type of arithmetic: DOUBLE when either side is a double (or a string),
// DECIMAL when either side is a decimal, BIGINT for integers.
ColumnType ArithmeticType(ColumnType a, ColumnType b) {
  const auto approximate = [](ColumnType t) {
    return t == ColumnType::kFloat || t == ColumnType::kDouble || IsStringType(t) ||
           IsTemporalType(t);
  };
  if (approximate(a) || approximate(b)) return ColumnType::kDouble;
  if (a == ColumnType::kDecimal || b == ColumnType::kDecimal) return ColumnType::kDecimal;
  return ColumnType::kBigInt;
}

ColumnType InferType(const sql::Expr& expr, const catalog::TableInfo* table) {
  return InferSlotType(expr, [table](int slot) {
    if (table != nullptr && slot >= 0 && slot < static_cast<int>(table->column_types.size())) {
      return table->column_types[slot];
    }
    return ColumnType::kVarchar;
  });
}

ColumnType InferSlotType(const sql::Expr& expr, absl::FunctionRef<ColumnType(int)> slot_type) {
  using sql::ExprKind;
  switch (expr.kind) {
    case ExprKind::kLiteral:
      if (expr.literal.is_integer()) return ColumnType::kBigInt;
      if (expr.literal.is_decimal()) return ColumnType::kDecimal;
      if (expr.literal.is_double()) return ColumnType::kDouble;
      return ColumnType::kVarchar;
    case ExprKind::kColumn: {
      if (expr.slot < 0) return ColumnType::kVarchar;
      const ColumnType type = slot_type(expr.slot);
      return type == ColumnType::kBool ? ColumnType::kTinyInt : type;
    }
    case ExprKind::kExists:
    case ExprKind::kInSubquery:
    case ExprKind::kQuantified:
      return ColumnType::kBigInt;
    case ExprKind::kSubquery:
      return ColumnType::kVarchar;  // the binder knows the query's column type
    case ExprKind::kUnary:
      if (expr.unary_op == sql::UnaryOp::kNot || expr.unary_op == sql::UnaryOp::kBitNot) {
        return ColumnType::kBigInt;
      }
      return InferSlotType(*expr.children[0], slot_type);
    case ExprKind::kBinary: {
      switch (expr.binary_op) {
        case sql::BinaryOp::kAdd:
        case sql::BinaryOp::kSub:
        case sql::BinaryOp::kMul:
        case sql::BinaryOp::kMod:
          return ArithmeticType(InferSlotType(*expr.children[0], slot_type),
                                InferSlotType(*expr.children[1], slot_type));
        case sql::BinaryOp::kDiv: {
          // Division of exact numbers is DECIMAL (1/3 = 0.3333).
          const ColumnType t = ArithmeticType(InferSlotType(*expr.children[0], slot_type),
                                              InferSlotType(*expr.children[1], slot_type));
          return t == ColumnType::kDouble ? t : ColumnType::kDecimal;
        }
        default:
          return ColumnType::kBigInt;
      }
    }
    case ExprKind::kIn:
    case ExprKind::kBetween:
    case ExprKind::kLike:
    case ExprKind::kIsNull:
    case ExprKind::kIsTruth:
    case ExprKind::kRegexp:
      return ColumnType::kBigInt;
    case ExprKind::kCase: {
      // The common type of the THEN and ELSE results.
      std::vector<ColumnType> results;
      const size_t start = expr.case_operand ? 1 : 0;
      const size_t pairs_end = expr.children.size() - (expr.case_else ? 1 : 0);
      for (size_t i = start + 1; i < pairs_end; i += 2) {
        results.push_back(InferSlotType(*expr.children[i], slot_type));
      }
      if (expr.case_else) results.push_back(InferSlotType(*expr.children.back(), slot_type));
      return functions::ReturnsCommonType(results);
    }
    case ExprKind::kCast:
      switch (expr.cast.type) {
        case sql::CastTarget::Type::kSigned:
        case sql::CastTarget::Type::kUnsigned:
          return ColumnType::kBigInt;
        case sql::CastTarget::Type::kDouble:
        case sql::CastTarget::Type::kFloat:
          return ColumnType::kDouble;
        case sql::CastTarget::Type::kDecimal:
          return ColumnType::kDecimal;
        case sql::CastTarget::Type::kDate:
          return ColumnType::kDate;
        case sql::CastTarget::Type::kDateTime:
          return ColumnType::kDateTime;
        case sql::CastTarget::Type::kTime:
          return ColumnType::kTime;
        case sql::CastTarget::Type::kJson:
          return ColumnType::kJson;
        case sql::CastTarget::Type::kYear:
          return ColumnType::kYear;
        default:
          return ColumnType::kVarchar;
      }
    case ExprKind::kVariable:
      return VariableType(expr.variable);
    case ExprKind::kAssign:
      return InferSlotType(*expr.children[0], slot_type);
    case ExprKind::kFunction: {
      const std::string& f = expr.function_name;
      if (f == "GROUPING") return ColumnType::kBigInt;
      if (expr.over != nullptr) {
        return WindowCallType(
            expr, [&](const sql::Expr& arg) { return InferSlotType(arg, slot_type); });
      }
      if (!IsAggregateCall(expr) && !IsValuesCall(expr)) {
        const functions::FunctionDef* def = functions::FindFunction(f);
        if (def == nullptr) return ColumnType::kVarchar;
        std::vector<ColumnType> args;
        for (const sql::ExprPtr& child : expr.children) {
          args.push_back(InferSlotType(*child, slot_type));
        }
        return def->type(args);
      }
      if (f == "COUNT") return ColumnType::kBigInt;
      if (sql::IsJsonAggregateName(f)) return ColumnType::kJson;
      if (sql::IsBitAggregateName(f)) return ColumnType::kBigInt;
      if (sql::IsStatisticsAggregateName(f)) return ColumnType::kDouble;
      if (f == "GROUP_CONCAT") return GroupConcatType();
      if (expr.children.empty()) return ColumnType::kVarchar;
      const ColumnType arg = InferSlotType(*expr.children[0], slot_type);
      const bool exact = HoldsInteger(arg) || arg == ColumnType::kDecimal;
      // SUM and AVG of exact numbers are DECIMAL, as in MySQL.
      if (f == "SUM" || f == "AVG") return exact ? ColumnType::kDecimal : ColumnType::kDouble;
      return arg;  // MIN, MAX, VALUES
    }
  }
  return ColumnType::kVarchar;
}

namespace {

// The last part of a column reference as written ("Id" of "T.Id", "a.b" of "t.`a.b`"):
// after the last dot outside backquotes, unquoted. "" when nothing follows a dot.
std::string LastNamePart(std::string_view text) {
  size_t start = 0;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '`') quoted = !quoted;  // a doubled `` toggles twice: still inside
    if (!quoted && text[i] == '.') start = i + 1;
  }
  const absl::string_view stripped = absl::StripAsciiWhitespace(
      absl::string_view(text.data() + start, text.size() - start));
  const std::string_view part(stripped.data(), stripped.size());
  if (part.size() < 2 || part.front() != '`' || part.back() != '`') return std::string(part);
  std::string name;
  for (size_t i = 1; i + 1 < part.size(); ++i) {
    name += part[i];
    if (part[i] == '`' && i + 2 < part.size() && part[i + 1] == '`') ++i;
  }
  return name;
}

}  // namespace

std::string ExprDisplayName(const sql::Expr& expr) {
  // A column is named by its name alone, as written: MySQL names `T.Id` "Id".
  if (expr.kind == sql::ExprKind::kColumn) {
    std::string written = LastNamePart(expr.text);
    if (!written.empty() && absl::EqualsIgnoreCase(written, expr.column_name)) return written;
    return expr.column_name;
  }
  // A quoted string is named by its contents, as in MySQL: `SELECT 'x'` shows a column named
  // "x", and `SELECT 'a' 'b'` one named "a" (the first of adjacent strings). An empty string
  // keeps its written name `''`, so that CREATE TABLE ... SELECT '' makes no nameless column
  // (MySQL names it "" and refuses that CREATE TABLE).
  if (expr.kind == sql::ExprKind::kLiteral && !expr.bit_literal &&
      (absl::StartsWith(expr.text, "'") || absl::StartsWith(expr.text, "\""))) {
    const std::vector<sql::Token> tokens = sql::Tokenize(expr.text);
    if (tokens.front().kind == sql::TokenKind::kString && !tokens.front().value.empty()) {
      return tokens.front().value;
    }
  }
  if (!expr.text.empty()) return expr.text;
  if (expr.kind == sql::ExprKind::kLiteral) return expr.literal.ToString();
  return "?";
}

}  // namespace ordinal::engine::plan
