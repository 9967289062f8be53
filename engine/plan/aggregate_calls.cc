#include "engine/plan/aggregate_calls.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/functions/session_context.h"
#include "engine/plan/binder.h"
#include "engine/plan/temporal_contexts.h"

namespace ordinal::engine::plan {
namespace {

constexpr uint64_t kDefaultGroupConcatMaxLength = 1024;
constexpr uint64_t kLongestVarchar = 512;  // MySQL's CONVERT_IF_BIGGER_TO_BLOB

absl::Status SyntaxError(const sql::Expr& call, std::string_view what) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kParse,
                  absl::StrCat("You have an error in your SQL syntax; ", call.function_name,
                               std::string(what)));
}

absl::Status CheckArguments(const sql::Expr& call) {
  const std::string& f = call.function_name;
  const size_t n = call.argument_count();
  if (call.star) return absl::OkStatus();  // COUNT(*)
  if (n == 0) return SyntaxError(call, " takes arguments");
  const bool no_distinct = sql::IsBitAggregateName(f) || sql::IsStatisticsAggregateName(f) ||
                           sql::IsJsonAggregateName(f);
  if (call.distinct && no_distinct) return SyntaxError(call, " takes no DISTINCT");
  const bool several = f == "GROUP_CONCAT" || (f == "COUNT" && call.distinct);
  if (!several && n != sql::AggregateArity(f)) {
    return SyntaxError(call, " takes a different number of arguments");
  }
  return absl::OkStatus();
}

// GROUP_CONCAT(... ORDER BY n): the key becomes a copy of the n-th value.
absl::Status ResolvePositions(sql::Expr& call) {
  const size_t values = call.argument_count();
  for (size_t i = values; i < call.children.size(); ++i) {
    const sql::Expr& key = *call.children[i];
    if (key.kind != sql::ExprKind::kLiteral || !key.literal.is_integer()) continue;
    const double position = key.literal.ToDouble();
    if (position < 1 || position > static_cast<double>(values)) {
      return SqlError(
          absl::StatusCode::kNotFound, MysqlErrno::kBadField,
          absl::StrCat("Unknown column '", key.literal.ToString(), "' in 'order clause'"));
    }
    call.children[i] = CloneExpr(*call.children[static_cast<size_t>(position) - 1]);
  }
  return absl::OkStatus();
}

}  // namespace

uint64_t GroupConcatMaxLength() {
  static const vars::VariableDef* def = vars::FindVariable("group_concat_max_len");
  const functions::SessionContext* session = functions::CurrentSessionContext();
  if (session == nullptr || def == nullptr) return kDefaultGroupConcatMaxLength;
  const Value& v = session->variables.Get(*def);
  if (v.is_uint()) return v.uint_value();
  return v.is_int() && v.int_value() > 0 ? static_cast<uint64_t>(v.int_value())
                                         : kDefaultGroupConcatMaxLength;
}

ColumnType GroupConcatType() {
  return GroupConcatMaxLength() > kLongestVarchar ? ColumnType::kText : ColumnType::kVarchar;
}

bool IsAggregateFunctionCall(const sql::Expr& expr) {
  return expr.kind == sql::ExprKind::kFunction && sql::IsAggregateName(expr.function_name);
}

absl::Status PrepareAggregateCall(sql::Expr& call) {
  if (absl::Status s = CheckArguments(call); !s.ok()) return s;
  if (call.function_name != "GROUP_CONCAT") return absl::OkStatus();
  return ResolvePositions(call);
}

void AddAggregateSortKeys(sql::Expr& call,
                          absl::FunctionRef<ColumnType(const sql::Expr&)> type_of) {
  const std::string& f = call.function_name;
  if (f == "GROUP_CONCAT") {
    for (size_t i = call.argument_count(); i < call.children.size(); ++i) {
      if (type_of(*call.children[i]) == ColumnType::kTime) {
        call.children[i] = TimeSortKey(std::move(call.children[i]));
      }
    }
    return;
  }
  if ((f == "MIN" || f == "MAX") && call.children.size() == 1 &&
      type_of(*call.children[0]) == ColumnType::kTime) {
    call.children.push_back(TimeSortKey(CloneExpr(*call.children[0])));
    call.order_descending.push_back(false);
  }
}

}  // namespace ordinal::engine::plan
