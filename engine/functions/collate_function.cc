// `x COLLATE name`, which the parser writes as #COLLATE(x, 'name') (sql::kCollateFunction):
// the string x with the named collation, of explicit derivation, so comparisons, ORDER BY,
// GROUP BY and DISTINCT over it use that collation (engine/types/value.h). Other values
// pass unchanged.
#include <string>
#include <vector>

#include "common/status_macros.h"
#include "engine/functions/registry.h"
#include "engine/types/collation.h"

namespace ordinal::engine::functions {
namespace {

absl::StatusOr<Value> Collate(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value value, args.Arg(0));
  ORDINAL_ASSIGN_OR_RETURN(Value name, args.Arg(1));
  if (!value.is_string() || value.is_json() || !name.is_string()) return value;
  // The parser checked the name.
  if (const Collation* collation = FindCollation(name.string_value()); collation != nullptr) {
    value.set_collation(collation->id(), CollationDerivation::kExplicit);
  }
  return value;
}

ColumnType TypeOfOperand(const std::vector<ColumnType>& args) {
  return args.empty() ? ColumnType::kVarchar : args[0];
}

}  // namespace

std::vector<FunctionDef> CollateFunctions() {
  return {{sql::kCollateFunction, 2, 2, TypeOfOperand, Collate}};
}

}  // namespace ordinal::engine::functions
