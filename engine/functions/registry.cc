#include "engine/functions/registry.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::engine::functions {
namespace {

std::vector<FunctionDef> AllFunctions() {
  std::vector<FunctionDef> all;
  for (auto family : {SessionFunctions, ControlFunctions, MathFunctions, StringFunctions,
                      StringSearchFunctions, StringEncodingFunctions, HashFunctions,
                      TemporalFunctions, TemporalContextFunctions, JsonQueryFunctions,
                      JsonBuildFunctions, JsonModifyFunctions, JsonSearchFunctions,
                      EnumIndexFunctions, CollateFunctions}) {
    std::vector<FunctionDef> defs = family();
    all.insert(all.end(), defs.begin(), defs.end());
  }
  std::sort(all.begin(), all.end(),
            [](const FunctionDef& a, const FunctionDef& b) { return a.name < b.name; });
  return all;
}

bool IsNumeric(ColumnType t) {
  return HoldsInteger(t) || t == ColumnType::kDecimal || t == ColumnType::kFloat ||
         t == ColumnType::kDouble;
}

}  // namespace

const FunctionDef* FindFunction(std::string_view name) {
  static const std::vector<FunctionDef>* all = new std::vector<FunctionDef>(AllFunctions());
  auto it = std::lower_bound(all->begin(), all->end(), name,
                             [](const FunctionDef& d, std::string_view n) { return d.name < n; });
  if (it == all->end() || it->name != name) return nullptr;
  return &*it;
}

absl::Status CheckArity(const FunctionDef& def, size_t count) {
  const int n = static_cast<int>(count);
  if (n >= def.min_args && (def.max_args == kVariadic || n <= def.max_args)) {
    return absl::OkStatus();
  }
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongParamCount,
                  absl::StrCat("Incorrect parameter count in the call to native function '",
                               std::string(def.name), "'"));
}

bool CallsBlockingFunction(const sql::Expr& e) {
  if (e.kind == sql::ExprKind::kFunction) {
    const FunctionDef* def = FindFunction(e.function_name);
    if (def != nullptr && def->blocking) return true;
  }
  for (const sql::ExprPtr& child : e.children) {
    if (child != nullptr && CallsBlockingFunction(*child)) return true;
  }
  return false;
}

absl::Status UnknownFunction(std::string_view name) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kFunctionDoesNotExist,
                  absl::StrCat("FUNCTION ", std::string(name), " does not exist"));
}

ColumnType ReturnsInt(const std::vector<ColumnType>&) { return ColumnType::kBigInt; }
ColumnType ReturnsDouble(const std::vector<ColumnType>&) { return ColumnType::kDouble; }
ColumnType ReturnsString(const std::vector<ColumnType>&) { return ColumnType::kVarchar; }

ColumnType ReturnsCommonType(const std::vector<ColumnType>& args) {
  bool all_int = true, all_numeric = true;
  for (ColumnType t : args) {
    all_int = all_int && HoldsInteger(t);
    all_numeric = all_numeric && IsNumeric(t);
  }
  if (args.empty()) return ColumnType::kVarchar;
  if (all_int) return ColumnType::kBigInt;
  if (all_numeric) return ColumnType::kDouble;
  return ColumnType::kVarchar;
}

}  // namespace ordinal::engine::functions
