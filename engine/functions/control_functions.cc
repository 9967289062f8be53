// Control flow functions: IF IFNULL NULLIF COALESCE ISNULL GREATEST LEAST. Only the
// arguments the result needs are evaluated (IF and COALESCE stop early), as in MySQL.
#include "engine/functions/registry.h"

#include "common/status_macros.h"

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

absl::StatusOr<Value> IsNull(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  return Value::Bool(v.is_null());
}

// GREATEST/LEAST: NULL when any argument is NULL. All integers compare as integers, all
// numbers as doubles (the result is a double when any argument is), otherwise as strings.
absl::StatusOr<Value> Extreme(FunctionArgs& args, bool greatest) {
  std::vector<Value> values;
  bool any_string = false, any_double = false;
  for (size_t i = 0; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
    if (v.is_null()) return Value::Null();
    any_string = any_string || v.is_string();
    any_double = any_double || v.is_double();
    values.push_back(std::move(v));
  }
  const bool all_strings = std::all_of(values.begin(), values.end(),
                                       [](const Value& v) { return v.is_string(); });
  size_t best = 0;
  for (size_t i = 1; i < values.size(); ++i) {
    int c;
    if (all_strings || !any_string) {
      c = CompareValues(values[i], values[best]).value_or(0);
    } else {  // a mix of strings and numbers compares as numbers
      const double a = values[i].ToDouble(), b = values[best].ToDouble();
      c = a < b ? -1 : (a > b ? 1 : 0);
    }
    if (greatest ? c > 0 : c < 0) best = i;
  }
  if (!all_strings && any_double) return Value::Double(values[best].ToDouble());
  return values[best];
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
      {"COALESCE", 1, kVariadic, ReturnsCommonType, Coalesce},
      {"GREATEST", 2, kVariadic, ReturnsCommonType, Greatest},
      {"IF", 3, 3, IfType, If},
      {"IFNULL", 2, 2, ReturnsCommonType, Coalesce},
      {"ISNULL", 1, 1, ReturnsInt, IsNull},
      {"LEAST", 2, kVariadic, ReturnsCommonType, Least},
      {"NULLIF", 2, 2, FirstArgType, NullIf},
  };
}

}  // namespace ordinal::engine::functions
