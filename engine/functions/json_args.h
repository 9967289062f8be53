// Argument handling the JSON function families share (json_query_functions.cc,
// json_build_functions.cc, json_modify_functions.cc): JSON documents, paths and values as
// MySQL reads them, with MySQL's errors. Private to engine/functions.
#ifndef ORDINAL_ENGINE_FUNCTIONS_JSON_ARGS_H_
#define ORDINAL_ENGINE_FUNCTIONS_JSON_ARGS_H_

#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/functions/registry.h"
#include "engine/types/json.h"
#include "engine/types/json_path.h"

namespace ordinal::engine::functions {

// The lowercase name MySQL's JSON errors use ("json_extract").
std::string JsonFunctionName(const FunctionArgs& args);

// Argument `i` as a JSON document: nullopt when NULL; a JSON value as it is; a string parsed
// as JSON text (3141 "Invalid JSON text in argument i+1 to function f: ..."); anything else
// 3146 "Invalid data type for JSON data in argument i+1 to function f; a JSON string or JSON
// type is required.".
absl::StatusOr<std::optional<JsonValue>> JsonDocumentArg(FunctionArgs& args, size_t i);

// Argument `i` as a path: nullopt when NULL, 3143 when it is not a path. With
// `allow_wildcards` false, a path with `*`, `**` or a range is 3149.
absl::StatusOr<std::optional<JsonPath>> JsonPathArg(FunctionArgs& args, size_t i,
                                                    bool allow_wildcards = true);

// Argument `i` as a value to put into a document: JSON as it is, NULL as JSON null, strings
// as JSON strings, numbers as numbers (JSON_ARRAY, JSON_OBJECT, JSON_SET, ...).
absl::StatusOr<JsonValue> JsonValueArg(FunctionArgs& args, size_t i);

// 'one' or 'all' (any case) for JSON_CONTAINS_PATH and JSON_SEARCH; 3150 otherwise.
// nullopt when NULL; true for 'all'.
absl::StatusOr<std::optional<bool>> OneOrAllArg(FunctionArgs& args, size_t i);

// The result of a function returning JSON.
Value JsonResult(const JsonValue& json);

// Result type rule: JSON.
ColumnType ReturnsJson(const std::vector<ColumnType>& args);

}  // namespace ordinal::engine::functions

#endif  // ORDINAL_ENGINE_FUNCTIONS_JSON_ARGS_H_
