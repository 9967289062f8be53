// The internal conversion the planner inserts around an ENUM column that MySQL reads as its
// member index (engine/plan/enum_contexts.h): #ENUM INDEX(value, 'member1', 'member2', ...).
#include <string>

#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/registry.h"

namespace ordinal::engine::functions {
namespace {

// The 1-based position of `value` among the members (held exactly as declared), 0 for any
// other string (the empty error value), NULL for NULL.
absl::StatusOr<Value> EnumIndex(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value value, args.Arg(0));
  if (value.is_null()) return value;
  const std::string text = value.ToString();
  for (size_t i = 1; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(Value member, args.Arg(i));
    if (member.is_string() && member.string_value() == text) {
      return Value::Int(static_cast<int64_t>(i));
    }
  }
  return Value::Int(0);
}

}  // namespace

std::vector<FunctionDef> EnumIndexFunctions() {
  return {{kEnumIndex, 1, kVariadic, ReturnsInt, EnumIndex}};
}

}  // namespace ordinal::engine::functions
