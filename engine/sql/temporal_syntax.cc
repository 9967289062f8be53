// The temporal syntax of expressions: typed literals (DATE '2024-01-05', TIME '10:30',
// TIMESTAMP '2024-01-05 10:30:00'), INTERVAL in DATE_ADD/DATE_SUB/ADDDATE/SUBDATE and in
// `x + INTERVAL n unit`, the unit arguments of TIMESTAMPADD/TIMESTAMPDIFF, and
// EXTRACT(unit FROM x). The functions themselves live in engine/functions.
#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"
#include "engine/types/temporal.h"

namespace ordinal::engine::sql {
namespace {

constexpr std::string_view kIntervalUnits[] = {
    "MICROSECOND",
    "SECOND",
    "MINUTE",
    "HOUR",
    "DAY",
    "WEEK",
    "MONTH",
    "QUARTER",
    "YEAR",
    "SECOND_MICROSECOND",
    "MINUTE_MICROSECOND",
    "MINUTE_SECOND",
    "HOUR_MICROSECOND",
    "HOUR_SECOND",
    "HOUR_MINUTE",
    "DAY_MICROSECOND",
    "DAY_SECOND",
    "DAY_MINUTE",
    "DAY_HOUR",
    "YEAR_MONTH",
};

constexpr MysqlErrno kWrongValue = static_cast<MysqlErrno>(1525);  // ER_WRONG_VALUE

// Fraction digits written in a literal's text ("10:30:00.25" has 2), at most 6.
int FractionDigits(std::string_view text) {
  const size_t dot = text.rfind('.');
  if (dot == std::string_view::npos) return 0;
  const size_t colon = text.find_first_of(": ");
  if (colon == std::string_view::npos || dot < colon) return 0;
  return static_cast<int>(std::min<size_t>(text.size() - dot - 1, kMaxFsp));
}

}  // namespace

bool Parser::AtTemporalLiteral() const {
  return (IsKeyword("DATE") || IsKeyword("TIME") || IsKeyword("TIMESTAMP")) &&
         Peek(1).kind == TokenKind::kString;
}

// A typed literal is a CAST of the string to its type (so that it has the type's metadata),
// checked here: an invalid text is error 1525 "Incorrect DATE value: '...'", as in MySQL.
absl::StatusOr<ExprPtr> Parser::ParseTemporalLiteral() {
  const size_t first = pos_;
  const std::string keyword = Uppercase(Next().text);
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr text, ParseLiteral());
  ExprPtr node = NewExpr(ExprKind::kCast, first);
  ColumnType type = ColumnType::kDateTime;
  if (keyword == "DATE") {
    node->cast.type = CastTarget::Type::kDate;
    type = ColumnType::kDate;
  } else if (keyword == "TIME") {
    node->cast.type = CastTarget::Type::kTime;
    type = ColumnType::kTime;
  } else {
    node->cast.type = CastTarget::Type::kDateTime;
  }
  const std::string literal = text->literal.is_string() ? text->literal.string_value() : "";
  if (type != ColumnType::kDate) node->cast.scale = FractionDigits(literal);
  const bool valid =
      type == ColumnType::kTime
          ? ParseTime(literal, kMaxFsp).has_value()
          : ParseDateTime(literal, kMaxFsp, DateRules::kStored, CurrentTemporalMode()).has_value();
  if (!valid) {
    return SqlError(absl::StatusCode::kInvalidArgument, kWrongValue,
                    absl::StrCat("Incorrect ", keyword, " value: '", literal, "'"));
  }
  node->children.push_back(std::move(text));
  return Finish(std::move(node), first, 2);
}

absl::StatusOr<std::string> Parser::ParseIntervalUnit() {
  const Token& token = Peek();
  if (token.kind != TokenKind::kIdent) return ErrorHere();
  for (std::string_view unit : kIntervalUnits) {
    if (KeywordEquals(token.text, unit)) {
      Next();
      return std::string(unit);
    }
  }
  // MySQL also accepts the SQL_TSI_ names in TIMESTAMPADD/TIMESTAMPDIFF.
  const std::string upper = Uppercase(token.text);
  if (upper.rfind("SQL_TSI_", 0) == 0) {
    const std::string_view rest = std::string_view(upper).substr(8);
    for (std::string_view unit : kIntervalUnits) {
      if (rest == unit && unit.find('_') == std::string_view::npos) {
        Next();
        return std::string(unit);
      }
    }
  }
  return ErrorHere();
}

absl::StatusOr<ExprPtr> Parser::ParseInterval(std::string* unit) {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("INTERVAL"));
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr amount, ParseExpr());
  ORDINAL_ASSIGN_OR_RETURN(*unit, ParseIntervalUnit());
  return amount;
}

absl::StatusOr<ExprPtr> Parser::MakeIntervalCall(BinaryOp op, ExprPtr left, size_t first) {
  ExprPtr call = NewExpr(ExprKind::kFunction, first);
  call->function_name = op == BinaryOp::kSub ? "DATE_SUB" : "DATE_ADD";
  std::string unit;
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr amount, ParseInterval(&unit));
  call->interval_unit = std::move(unit);
  call->children.push_back(std::move(left));
  call->children.push_back(std::move(amount));
  return Finish(std::move(call), first, last_height_ + 1);
}

bool Parser::HasTemporalArguments(const Expr& call) const {
  const std::string& name = call.function_name;
  return name == "DATE_ADD" || name == "DATE_SUB" || name == "ADDDATE" || name == "SUBDATE" ||
         name == "TIMESTAMPADD" || name == "TIMESTAMPDIFF" || name == "EXTRACT";
}

// After `name(`: DATE_ADD(x, INTERVAL n unit), ADDDATE(x, n) (days), TIMESTAMPADD(unit, n,
// x), TIMESTAMPDIFF(unit, a, b), EXTRACT(unit FROM x).
absl::StatusOr<ExprPtr> Parser::ParseTemporalArguments(ExprPtr call) {
  const size_t first = pos_ - 2;
  std::string& name = call->function_name;
  int height = 0;
  auto argument = [&]() -> absl::Status {
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
    height = std::max(height, last_height_);
    call->children.push_back(std::move(arg));
    return absl::OkStatus();
  };
  if (name == "EXTRACT") {
    ORDINAL_ASSIGN_OR_RETURN(call->interval_unit, ParseIntervalUnit());
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("FROM"));
    ORDINAL_RETURN_IF_ERROR(argument());
  } else if (name == "TIMESTAMPADD" || name == "TIMESTAMPDIFF") {
    ORDINAL_ASSIGN_OR_RETURN(call->interval_unit, ParseIntervalUnit());
    if (call->interval_unit.find('_') != std::string::npos) return ErrorHere();
    ORDINAL_RETURN_IF_ERROR(ExpectOp(","));
    ORDINAL_RETURN_IF_ERROR(argument());
    ORDINAL_RETURN_IF_ERROR(ExpectOp(","));
    ORDINAL_RETURN_IF_ERROR(argument());
  } else {
    ORDINAL_RETURN_IF_ERROR(argument());
    ORDINAL_RETURN_IF_ERROR(ExpectOp(","));
    const bool days_only = !IsKeyword("INTERVAL");
    if (days_only && (name == "DATE_ADD" || name == "DATE_SUB")) return ErrorHere();
    if (days_only) {
      ORDINAL_RETURN_IF_ERROR(argument());
      call->interval_unit = "DAY";  // ADDDATE(x, n) adds n days
    } else {
      std::string unit;
      ORDINAL_ASSIGN_OR_RETURN(ExprPtr amount, ParseInterval(&unit));
      height = std::max(height, last_height_);
      call->children.push_back(std::move(amount));
      call->interval_unit = std::move(unit);
    }
    if (name == "ADDDATE") name = "DATE_ADD";
    if (name == "SUBDATE") name = "DATE_SUB";
  }
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  return Finish(std::move(call), first, height + 1);
}

}  // namespace ordinal::engine::sql
