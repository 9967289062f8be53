// Control flow functions: IF IFNULL NULLIF COALESCE ISNULL GREATEST LEAST, and ANY_VALUE. Only the
// arguments the result needs are evaluated (IF and COALESCE stop early), as in MySQL.
#include "engine/functions/registry.h"

#include <algorithm>

#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/utf8.h"

namespace ordinal::engine::functions {
namespace {

absl::StatusOr<Value> If(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value condition, args.Arg(0));
  return args.Arg(condition.ToBool().value_or(false) ? 1 : 2);
}

absl::StatusOr<Value> Coalesce(FunctionArgs& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
    if (!v.is_null()) return v;
  }
  return Value::Null();
}

absl::StatusOr<Value> NullIf(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value a, args.Arg(0));
  ORDINAL_ASSIGN_OR_RETURN(Value b, args.Arg(1));
  std::optional<int> c = CompareValues(a, b);
  if (c.has_value() && *c == 0) return Value::Null();
  return a;
}

// ANY_VALUE(x): x. In a grouped query it reads the group's first row, and the
// ONLY_FULL_GROUP_BY check accepts it (engine/plan/select_plan.cc).
absl::StatusOr<Value> AnyValue(FunctionArgs& args) { return args.Arg(0); }

absl::StatusOr<Value> IsNull(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  return Value::Bool(v.is_null());
}

// GREATEST/LEAST: NULL when any argument is NULL. As MySQL 8: all integers compare as
// integers, all numbers as numbers (a double result when any argument is a double); when any
// argument is a string they compare as strings under the default collation (case-
// insensitively) and the result is a string; exact numbers with a DECIMAL among them give
// a DECIMAL of the largest scale (GREATEST(0.5, 3) is 3.0).
absl::StatusOr<Value> Extreme(FunctionArgs& args, bool greatest) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> values, ArgsUnlessNull(args));
  if (!values) return Value::Null();
  const bool any_string = std::any_of(values->begin(), values->end(),
                                      [](const Value& v) { return v.is_string(); });
  const bool any_double = std::any_of(values->begin(), values->end(),
                                      [](const Value& v) { return v.is_double(); });
  std::vector<std::string> folded;
  if (any_string) {
    for (const Value& v : *values) folded.push_back(utf8::Fold(TextOf(v)));
  }
  size_t best = 0;
  for (size_t i = 1; i < values->size(); ++i) {
    const int c = any_string ? folded[i].compare(folded[best])
                             : CompareValues((*values)[i], (*values)[best]).value_or(0);
    if (greatest ? c > 0 : c < 0) best = i;
  }
  const Value& result = (*values)[best];
  if (any_string) return Value::String(TextOf(result));
  if (any_double) return Value::Double(result.ToDouble());
  // Exact numbers with a DECIMAL among them: a DECIMAL with the largest scale (3.0).
  int scale = -1;
  for (const Value& v : *values) {
    if (v.is_decimal()) scale = std::max(scale, v.decimal_value().scale());
  }
  if (scale >= 0) {
    if (std::optional<Decimal> d = result.ToDecimal()) return Value::FromDecimal(d->Rounded(scale));
  }
  return result;
}

absl::StatusOr<Value> Greatest(FunctionArgs& args) { return Extreme(args, true); }
absl::StatusOr<Value> Least(FunctionArgs& args) { return Extreme(args, false); }

ColumnType IfType(const std::vector<ColumnType>& args) {
  return ReturnsCommonType({args.begin() + 1, args.end()});
}

ColumnType FirstArgType(const std::vector<ColumnType>& args) {
  return args.empty() ? ColumnType::kVarchar : args[0];
}

}  // namespace

std::vector<FunctionDef> ControlFunctions() {
  return {
      {"ANY_VALUE", 1, 1, FirstArgType, AnyValue, ResultCollation::kOfStrings},
      {"COALESCE", 1, kVariadic, ReturnsCommonType, Coalesce, ResultCollation::kOfStrings},
      {"GREATEST", 2, kVariadic, ReturnsCommonType, Greatest, ResultCollation::kOfStrings},
      {"IF", 3, 3, IfType, If, ResultCollation::kOfStringsAfterFirst},
      {"IFNULL", 2, 2, ReturnsCommonType, Coalesce, ResultCollation::kOfStrings},
      {"ISNULL", 1, 1, ReturnsInt, IsNull},
      {"LEAST", 2, kVariadic, ReturnsCommonType, Least, ResultCollation::kOfStrings},
      {"NULLIF", 2, 2, FirstArgType, NullIf, ResultCollation::kOfStrings},
  };
}

}  // namespace ordinal::engine::functions
