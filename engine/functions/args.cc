#include "engine/functions/args.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/vars/system_variables.h"

namespace ordinal::engine::functions {

absl::StatusOr<std::optional<Value>> ArgOrNull(FunctionArgs& args, size_t i) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
  if (v.is_null()) return std::optional<Value>();
  return std::optional<Value>(std::move(v));
}

absl::StatusOr<std::optional<std::vector<Value>>> ArgsUnlessNull(FunctionArgs& args) {
  std::vector<Value> values;
  values.reserve(args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
    if (v.is_null()) return std::optional<std::vector<Value>>();
    values.push_back(std::move(v));
  }
  return std::optional<std::vector<Value>>(std::move(values));
}

int64_t IntOf(const Value& v) {
  if (v.is_int()) return v.int_value();
  if (v.is_uint()) return INT64_MAX;
  if (v.is_decimal()) {
    const std::optional<int64_t> i = v.decimal_value().Rounded(0).ToInt64();
    if (i) return *i;
    return v.decimal_value().is_negative() ? INT64_MIN : INT64_MAX;
  }
  const double d = std::round(v.ToDouble());
  if (std::isnan(d)) return 0;
  if (!(d > -9.2e18 && d < 9.2e18)) return d < 0 ? INT64_MIN : INT64_MAX;
  return static_cast<int64_t>(d);
}

absl::StatusOr<std::optional<int64_t>> IntArg(FunctionArgs& args, size_t i) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, i));
  if (!v) return std::optional<int64_t>();
  return std::optional<int64_t>(IntOf(*v));
}

std::string TextOf(const Value& v) { return v.is_string() ? v.string_value() : v.ToString(); }

uint64_t MaxAllowedPacket(const FunctionArgs& args) {
  constexpr uint64_t kDefault = 64 << 20;
  const SessionContext* s = args.session();
  static const vars::VariableDef* def = vars::FindVariable("max_allowed_packet");
  if (s == nullptr || def == nullptr || !def->session) return kDefault;
  const Value& v = s->variables.Get(*def);
  return v.is_int() && v.int_value() > 0 ? static_cast<uint64_t>(v.int_value()) : kDefault;
}

Value ResultTooLarge(FunctionArgs& args, std::string_view function_name) {
  if (SessionContext* s = args.session(); s != nullptr) {
    s->Warn(1301, absl::StrCat("Result of ", std::string(function_name),
                               "() was larger than max_allowed_packet (",
                               MaxAllowedPacket(args), ") - truncated"));
  }
  return Value::Null();
}

}  // namespace ordinal::engine::functions
