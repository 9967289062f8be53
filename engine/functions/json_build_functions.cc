// JSON functions that build documents: JSON_ARRAY, JSON_OBJECT, JSON_MERGE_PRESERVE (and its
// deprecated name JSON_MERGE) and JSON_MERGE_PATCH, with MySQL 8.0's rules.
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/json_args.h"
#include "engine/functions/registry.h"

namespace ordinal::engine::functions {
namespace {

absl::StatusOr<Value> Array(FunctionArgs& args) {
  JsonValue array = JsonValue::Array();
  for (size_t i = 0; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(JsonValue v, JsonValueArg(args, i));
    array.elements().push_back(std::move(v));
  }
  return JsonResult(array);
}

// JSON_OBJECT(key, value, ...): an even number of arguments (else 1582); a NULL key is 3158;
// a repeated key keeps its last value.
absl::StatusOr<Value> Object(FunctionArgs& args) {
  if (args.size() % 2 != 0) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongParamCount,
                    "Incorrect parameter count in the call to native function 'JSON_OBJECT'");
  }
  JsonValue object = JsonValue::Object();
  for (size_t i = 0; i < args.size(); i += 2) {
    ORDINAL_ASSIGN_OR_RETURN(Value key, args.Arg(i));
    if (key.is_null()) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kJsonDocumentNullKey,
                      "JSON documents may not contain NULL member names.");
    }
    ORDINAL_ASSIGN_OR_RETURN(JsonValue v, JsonValueArg(args, i + 1));
    object.Put(TextOf(key), std::move(v));
  }
  return JsonResult(object);
}

// JSON_MERGE_PRESERVE's rule for two values: arrays concatenate, objects merge (a key in both
// merges its two values), and a scalar merged with anything is first wrapped in an array.
JsonValue MergePreserve(JsonValue a, JsonValue b) {
  if (a.is_object() && b.is_object()) {
    for (JsonValue::Member& m : b.members()) {
      if (JsonValue* existing = a.Find(m.first)) {
        *existing = MergePreserve(std::move(*existing), std::move(m.second));
      } else {
        a.Put(m.first, std::move(m.second));
      }
    }
    return a;
  }
  if (!a.is_array()) a = JsonValue::Array({std::move(a)});
  if (b.is_array()) {
    for (JsonValue& e : b.elements()) a.elements().push_back(std::move(e));
  } else {
    a.elements().push_back(std::move(b));
  }
  return a;
}

// RFC 7396: a non-object patch replaces the target; an object patch merges member by
// member, a null member removing the key.
JsonValue MergePatch(JsonValue target, JsonValue patch) {
  if (!patch.is_object()) return patch;
  if (!target.is_object()) target = JsonValue::Object();
  for (JsonValue::Member& m : patch.members()) {
    if (m.second.is_null()) {
      target.Erase(m.first);
    } else if (JsonValue* existing = target.Find(m.first)) {
      *existing = MergePatch(std::move(*existing), std::move(m.second));
    } else {
      target.Put(m.first, MergePatch(JsonValue::Null(), std::move(m.second)));
    }
  }
  return target;
}

template <JsonValue (*Merge)(JsonValue, JsonValue)>
absl::StatusOr<Value> MergeAll(FunctionArgs& args) {
  std::optional<JsonValue> result;
  bool saw_null = false;
  for (size_t i = 0; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, i));
    if (!doc) {
      saw_null = true;
      continue;
    }
    if (!saw_null) result = result ? Merge(std::move(*result), std::move(*doc)) : *doc;
  }
  if (saw_null || !result) return Value::Null();
  return JsonResult(*result);
}

}  // namespace

std::vector<FunctionDef> JsonBuildFunctions() {
  return {
      {"JSON_ARRAY", 0, kVariadic, ReturnsJson, Array},
      {"JSON_MERGE", 2, kVariadic, ReturnsJson, MergeAll<MergePreserve>},
      {"JSON_MERGE_PATCH", 2, kVariadic, ReturnsJson, MergeAll<MergePatch>},
      {"JSON_MERGE_PRESERVE", 2, kVariadic, ReturnsJson, MergeAll<MergePreserve>},
      {"JSON_OBJECT", 0, kVariadic, ReturnsJson, Object},
  };
}

}  // namespace ordinal::engine::functions
