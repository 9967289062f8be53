#include "engine/functions/json_args.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/types/json_sql.h"

namespace ordinal::engine::functions {

std::string JsonFunctionName(const FunctionArgs& args) {
  std::string_view name = args.call().function_name;
  if (!name.empty() && name.front() == '#') name.remove_prefix(1);  // internal names
  return absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
}

absl::StatusOr<std::optional<JsonValue>> JsonDocumentArg(FunctionArgs& args, size_t i) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
  if (v.is_null()) return std::optional<JsonValue>();
  if (v.is_json()) return std::optional<JsonValue>(JsonOfSqlValue(v));
  if (!v.is_string()) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidTypeForJson,
                    absl::StrCat("Invalid data type for JSON data in argument ", i + 1,
                                 " to function ", JsonFunctionName(args),
                                 "; a JSON string or JSON type is required."));
  }
  ORDINAL_ASSIGN_OR_RETURN(
      JsonValue json,
      ParseJsonArgument(v.string_value(), static_cast<int>(i + 1), JsonFunctionName(args)));
  return std::optional<JsonValue>(std::move(json));
}

absl::StatusOr<std::optional<JsonPath>> JsonPathArg(FunctionArgs& args, size_t i,
                                                    bool allow_wildcards) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
  if (v.is_null()) return std::optional<JsonPath>();
  ORDINAL_ASSIGN_OR_RETURN(JsonPath path, ParseJsonPath(TextOf(v)));
  if (!allow_wildcards && path.HasWildcard()) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidJsonPathWildcard,
                    "In this situation, path expressions may not contain the * and ** tokens.");
  }
  return std::optional<JsonPath>(std::move(path));
}

absl::StatusOr<JsonValue> JsonValueArg(FunctionArgs& args, size_t i) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
  return JsonOfSqlValue(v);
}

absl::StatusOr<std::optional<bool>> OneOrAllArg(FunctionArgs& args, size_t i) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
  if (v.is_null()) return std::optional<bool>();
  const std::string mode = absl::AsciiStrToLower(TextOf(v));
  if (mode == "one") return std::optional<bool>(false);
  if (mode == "all") return std::optional<bool>(true);
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidJsonContainsPathType,
                  "The oneOrAll argument to " + JsonFunctionName(args) +
                      " may take these values: 'one' or 'all'.");
}

Value JsonResult(const JsonValue& json) { return SqlValueOfJson(json); }

ColumnType ReturnsJson(const std::vector<ColumnType>&) { return ColumnType::kJson; }

}  // namespace ordinal::engine::functions
