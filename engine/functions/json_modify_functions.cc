// JSON functions that change a document: JSON_SET, JSON_INSERT, JSON_REPLACE, JSON_REMOVE,
// JSON_ARRAY_APPEND and JSON_ARRAY_INSERT. Paths are applied left to right, each to the
// document the previous ones produced; paths with `*`, `**` or ranges are 3149.
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/json_args.h"
#include "engine/functions/registry.h"

namespace ordinal::engine::functions {
namespace {

enum class Mode { kSet, kInsert, kReplace };

absl::Status WrongCount(FunctionArgs& args) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongParamCount,
                  absl::StrCat("Incorrect parameter count in the call to native function '",
                               args.call().function_name, "'"));
}

// The one value `legs` select in `doc` (paths without wildcards select at most one).
JsonValue* SeekOne(JsonValue& doc, std::vector<JsonPathLeg> legs) {
  JsonPath path;
  path.legs = std::move(legs);
  std::vector<const JsonValue*> found = SeekJson(doc, path);
  return found.empty() ? nullptr : const_cast<JsonValue*>(found.front());
}

// Applies one (path, value) pair of JSON_SET/INSERT/REPLACE.
void Assign(JsonValue& doc, const JsonPath& path, JsonValue value, Mode mode) {
  if (path.legs.empty()) {
    if (mode != Mode::kInsert) doc = std::move(value);
    return;
  }
  const JsonPathLeg& last = path.legs.back();
  JsonValue* parent =
      SeekOne(doc, std::vector<JsonPathLeg>(path.legs.begin(), path.legs.end() - 1));
  if (parent == nullptr) return;
  if (last.kind == JsonPathLeg::Kind::kMember) {
    if (!parent->is_object()) return;
    JsonValue* existing = parent->Find(last.key);
    if (existing != nullptr ? mode != Mode::kInsert : mode != Mode::kReplace) {
      parent->Put(last.key, std::move(value));
    }
    return;
  }
  // A cell: a non-array parent is an array of itself ([0] is the parent).
  const uint64_t size = parent->is_array() ? parent->elements().size() : 1;
  std::optional<uint64_t> at = last.from.Resolve(size);
  const bool exists = at && *at < size;
  if (exists) {
    if (mode == Mode::kInsert) return;
    if (parent->is_array()) {
      parent->elements()[*at] = std::move(value);
    } else {
      *parent = std::move(value);
    }
    return;
  }
  if (mode == Mode::kReplace) return;
  if (!parent->is_array()) *parent = JsonValue::Array({std::move(*parent)});
  parent->elements().push_back(std::move(value));
}

template <Mode M>
absl::StatusOr<Value> Modify(FunctionArgs& args) {
  if (args.size() < 3 || args.size() % 2 == 0) return WrongCount(args);
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, 0));
  for (size_t i = 1; i + 1 < args.size(); i += 2) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonPath> path, JsonPathArg(args, i, false));
    if (!path) return Value::Null();
    ORDINAL_ASSIGN_OR_RETURN(JsonValue value, JsonValueArg(args, i + 1));
    if (doc) Assign(*doc, *path, std::move(value), M);
  }
  if (!doc) return Value::Null();
  return JsonResult(*doc);
}

void RemoveAt(JsonValue& doc, const JsonPath& path) {
  const JsonPathLeg& last = path.legs.back();
  JsonValue* parent =
      SeekOne(doc, std::vector<JsonPathLeg>(path.legs.begin(), path.legs.end() - 1));
  if (parent == nullptr) return;
  if (last.kind == JsonPathLeg::Kind::kMember) {
    if (parent->is_object()) parent->Erase(last.key);
    return;
  }
  if (!parent->is_array()) return;
  std::optional<uint64_t> at = last.from.Resolve(parent->elements().size());
  if (at && *at < parent->elements().size()) {
    parent->elements().erase(parent->elements().begin() + static_cast<ptrdiff_t>(*at));
  }
}

// JSON_REMOVE(doc, path, ...): `$` alone is 3153.
absl::StatusOr<Value> Remove(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, 0));
  for (size_t i = 1; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonPath> path, JsonPathArg(args, i, false));
    if (!path) return Value::Null();
    if (path->legs.empty()) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kJsonVacuousPath,
                      "The path expression '$' is not allowed in this context.");
    }
    if (doc) RemoveAt(*doc, *path);
  }
  if (!doc) return Value::Null();
  return JsonResult(*doc);
}

// JSON_ARRAY_APPEND(doc, path, value, ...): appends to the array at path; a non-array there
// becomes an array of itself and the value.
absl::StatusOr<Value> ArrayAppend(FunctionArgs& args) {
  if (args.size() < 3 || args.size() % 2 == 0) return WrongCount(args);
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, 0));
  for (size_t i = 1; i + 1 < args.size(); i += 2) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonPath> path, JsonPathArg(args, i, false));
    if (!path) return Value::Null();
    ORDINAL_ASSIGN_OR_RETURN(JsonValue value, JsonValueArg(args, i + 1));
    if (!doc) continue;
    JsonValue* target = SeekOne(*doc, path->legs);
    if (target == nullptr) continue;
    if (!target->is_array()) *target = JsonValue::Array({std::move(*target)});
    target->elements().push_back(std::move(value));
  }
  if (!doc) return Value::Null();
  return JsonResult(*doc);
}

// JSON_ARRAY_INSERT(doc, path, value, ...): inserts before the cell the path names (or at the
// end past it); a path that does not end in a cell is 3165.
absl::StatusOr<Value> ArrayInsert(FunctionArgs& args) {
  if (args.size() < 3 || args.size() % 2 == 0) return WrongCount(args);
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, 0));
  for (size_t i = 1; i + 1 < args.size(); i += 2) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonPath> path, JsonPathArg(args, i, false));
    if (!path) return Value::Null();
    if (path->legs.empty() || path->legs.back().kind != JsonPathLeg::Kind::kCell) {
      return SqlError(absl::StatusCode::kInvalidArgument,
                      static_cast<MysqlErrno>(3165),  // ER_INVALID_JSON_PATH_ARRAY_CELL
                      "A path expression is not a path to a cell in an array.");
    }
    ORDINAL_ASSIGN_OR_RETURN(JsonValue value, JsonValueArg(args, i + 1));
    if (!doc) continue;
    JsonValue* parent = SeekOne(
        *doc, std::vector<JsonPathLeg>(path->legs.begin(), path->legs.end() - 1));
    if (parent == nullptr || !parent->is_array()) continue;
    auto& elements = parent->elements();
    const uint64_t at = path->legs.back().from.Resolve(elements.size()).value_or(0);
    const auto pos = elements.begin() + static_cast<ptrdiff_t>(std::min<uint64_t>(at, elements.size()));
    elements.insert(pos, std::move(value));
  }
  if (!doc) return Value::Null();
  return JsonResult(*doc);
}

}  // namespace

std::vector<FunctionDef> JsonModifyFunctions() {
  return {
      {"JSON_ARRAY_APPEND", 3, kVariadic, ReturnsJson, ArrayAppend},
      {"JSON_ARRAY_INSERT", 3, kVariadic, ReturnsJson, ArrayInsert},
      {"JSON_INSERT", 3, kVariadic, ReturnsJson, Modify<Mode::kInsert>},
      {"JSON_REMOVE", 2, kVariadic, ReturnsJson, Remove},
      {"JSON_REPLACE", 3, kVariadic, ReturnsJson, Modify<Mode::kReplace>},
      {"JSON_SET", 3, kVariadic, ReturnsJson, Modify<Mode::kSet>},
  };
}

}  // namespace ordinal::engine::functions
