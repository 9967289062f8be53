// JSON functions that read documents: JSON_EXTRACT (and `->`), JSON_UNQUOTE (and `->>`),
// JSON_QUOTE, JSON_TYPE, JSON_VALID, JSON_LENGTH, JSON_DEPTH, JSON_KEYS, JSON_CONTAINS,
// JSON_CONTAINS_PATH, JSON_OVERLAPS, with MySQL 8.0's results and errors (docs/json.md).
#include <algorithm>

#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/json_args.h"
#include "engine/functions/registry.h"
#include "engine/types/json_sql.h"

namespace ordinal::engine::functions {
namespace {

// JSON_EXTRACT(doc, path[, path]...): one path without wildcards gives the value it selects;
// several paths or a wildcard give an array of everything selected. NULL when nothing is.
absl::StatusOr<Value> Extract(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, 0));
  std::vector<JsonPath> paths;
  bool wrap = args.size() > 2;
  for (size_t i = 1; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonPath> path, JsonPathArg(args, i));
    if (!path) return Value::Null();
    wrap = wrap || path->HasWildcard();
    paths.push_back(std::move(*path));
  }
  if (!doc) return Value::Null();
  JsonValue found = JsonValue::Array();
  for (const JsonPath& path : paths) {
    for (const JsonValue* v : SeekJson(*doc, path)) found.elements().push_back(*v);
  }
  if (found.elements().empty()) return Value::Null();
  return JsonResult(wrap ? found : found.elements().front());
}

// JSON_UNQUOTE(v): a JSON string's contents; other JSON values as their text; a SQL string
// that is a JSON string literal ("...") unescaped, any other string as it is.
absl::StatusOr<Value> Unquote(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (v.is_null()) return Value::Null();
  const std::string text = TextOf(v);
  if (!v.is_json() && (text.size() < 2 || text.front() != '"' || text.back() != '"')) {
    return Value::String(text);
  }
  ORDINAL_ASSIGN_OR_RETURN(JsonValue json, ParseJsonArgument(text, 1, JsonFunctionName(args)));
  if (json.is_string()) return Value::String(json.string_value());
  return Value::String(JsonToText(json));
}

absl::StatusOr<Value> Quote(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  return Value::String(QuoteJsonString(TextOf(*v)));
}

absl::StatusOr<Value> Type(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, 0));
  if (!doc) return Value::Null();
  return Value::String(std::string(doc->TypeName()));
}

// JSON_VALID(v): 1 for a JSON value or a string that is JSON text, else 0; NULL for NULL.
absl::StatusOr<Value> Valid(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (v.is_null()) return Value::Null();
  if (v.is_json()) return Value::Bool(true);
  if (!v.is_string()) return Value::Bool(false);
  JsonSyntaxError error;
  return Value::Bool(ParseJsonText(v.string_value(), &error).has_value());
}

// The single value `path` (argument `i`, when given) selects in argument 0: nullopt when
// the document or path is NULL or nothing matches. Wildcards are 3149.
absl::StatusOr<std::optional<JsonValue>> DocumentAt(FunctionArgs& args, size_t i) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, 0));
  if (args.size() <= i) return doc;
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonPath> path, JsonPathArg(args, i, false));
  if (!doc || !path) return std::optional<JsonValue>();
  std::vector<const JsonValue*> found = SeekJson(*doc, *path);
  if (found.empty()) return std::optional<JsonValue>();
  return std::optional<JsonValue>(*found.front());
}

absl::StatusOr<Value> Length(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> v, DocumentAt(args, 1));
  if (!v) return Value::Null();
  return Value::Int(static_cast<int64_t>(v->Length()));
}

absl::StatusOr<Value> Depth(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> v, DocumentAt(args, 1));
  if (!v) return Value::Null();
  return Value::Int(v->Depth());
}

// JSON_KEYS(doc[, path]): the keys of the object selected, as an array; NULL otherwise.
absl::StatusOr<Value> Keys(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> v, DocumentAt(args, 1));
  if (!v || !v->is_object()) return Value::Null();
  JsonValue keys = JsonValue::Array();
  for (const JsonValue::Member& m : v->members()) {
    keys.elements().push_back(JsonValue::String(m.first));
  }
  return JsonResult(keys);
}

// MySQL's containment: scalars by equality (same type class), arrays when every candidate
// element is in some target element, objects when every candidate member is in the
// target's member of the same key.
bool Contains(const JsonValue& target, const JsonValue& candidate) {
  if (target.is_array()) {
    const auto in_target = [&](const JsonValue& c) {
      return std::any_of(target.elements().begin(), target.elements().end(),
                         [&](const JsonValue& t) { return Contains(t, c); });
    };
    if (!candidate.is_array()) return in_target(candidate);
    return std::all_of(candidate.elements().begin(), candidate.elements().end(), in_target);
  }
  if (target.is_object()) {
    if (!candidate.is_object()) return false;
    return std::all_of(candidate.members().begin(), candidate.members().end(),
                       [&](const JsonValue::Member& m) {
                         const JsonValue* t = target.Find(m.first);
                         return t != nullptr && Contains(*t, m.second);
                       });
  }
  return candidate.is_scalar() && CompareJson(target, candidate) == 0;
}

absl::StatusOr<Value> ContainsFn(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> target, DocumentAt(args, 2));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> candidate, JsonDocumentArg(args, 1));
  if (!target || !candidate) return Value::Null();
  return Value::Bool(Contains(*target, *candidate));
}

// JSON_OVERLAPS(a, b): two arrays share an element, two objects a key with equal values,
// two scalars are equal. A non-array against an array counts as a one-element array; an
// object never overlaps a scalar. Elements and values compare whole (a nested array or
// object matches only an equal one).
bool Overlaps(const JsonValue& a, const JsonValue& b) {
  const auto equal = [](const JsonValue& x, const JsonValue& y) {
    return CompareJson(x, y) == 0;
  };
  if (a.is_array() || b.is_array()) {
    const JsonValue& array = a.is_array() ? a : b;
    const JsonValue& other = a.is_array() ? b : a;
    return std::any_of(array.elements().begin(), array.elements().end(),
                       [&](const JsonValue& e) {
                         if (!other.is_array()) return equal(e, other);
                         return std::any_of(other.elements().begin(), other.elements().end(),
                                            [&](const JsonValue& o) { return equal(e, o); });
                       });
  }
  if (a.is_object() && b.is_object()) {
    return std::any_of(a.members().begin(), a.members().end(), [&](const JsonValue::Member& m) {
      const JsonValue* value = b.Find(m.first);
      return value != nullptr && equal(m.second, *value);
    });
  }
  if (a.is_object() || b.is_object()) return false;
  return equal(a, b);
}

absl::StatusOr<Value> OverlapsFn(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> a, JsonDocumentArg(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> b, JsonDocumentArg(args, 1));
  if (!a || !b) return Value::Null();
  return Value::Bool(Overlaps(*a, *b));
}

// JSON_CONTAINS_PATH(doc, 'one'|'all', path, ...).
absl::StatusOr<Value> ContainsPath(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<bool> all, OneOrAllArg(args, 1));
  if (!doc || !all) return Value::Null();
  bool any_found = false, all_found = true;
  for (size_t i = 2; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonPath> path, JsonPathArg(args, i));
    if (!path) return Value::Null();
    const bool found = !SeekJson(*doc, *path).empty();
    any_found = any_found || found;
    all_found = all_found && found;
    if (found && !*all) return Value::Bool(true);
  }
  return Value::Bool(*all ? all_found : any_found);
}

// value MEMBER OF (array): whether the value (a SQL value converted to JSON; a string is a
// JSON string) equals an element of the array, or the document itself when it is no array.
absl::StatusOr<Value> MemberOf(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, 1));
  if (v.is_null() || !doc) return Value::Null();
  const JsonValue value = JsonOfSqlValue(v);
  if (!doc->is_array()) return Value::Bool(CompareJson(*doc, value) == 0);
  return Value::Bool(std::any_of(doc->elements().begin(), doc->elements().end(),
                                 [&](const JsonValue& e) { return CompareJson(e, value) == 0; }));
}

ColumnType ReturnsText(const std::vector<ColumnType>&) { return ColumnType::kLongText; }

}  // namespace

std::vector<FunctionDef> JsonQueryFunctions() {
  return {
      {"JSON_CONTAINS", 2, 3, ReturnsInt, ContainsFn},
      {"JSON_CONTAINS_PATH", 3, kVariadic, ReturnsInt, ContainsPath},
      {"JSON_DEPTH", 1, 1, ReturnsInt, Depth},
      {"JSON_EXTRACT", 2, kVariadic, ReturnsJson, Extract},
      {"JSON_KEYS", 1, 2, ReturnsJson, Keys},
      {"JSON_LENGTH", 1, 2, ReturnsInt, Length},
      {"JSON_OVERLAPS", 2, 2, ReturnsInt, OverlapsFn},
      {"JSON_QUOTE", 1, 1, ReturnsText, Quote},
      {"JSON_TYPE", 1, 1, ReturnsText, Type},
      {"JSON_UNQUOTE", 1, 1, ReturnsText, Unquote},
      {"JSON_VALID", 1, 1, ReturnsInt, Valid},
      {sql::kMemberOfFunction, 2, 2, ReturnsInt, MemberOf},
  };
}

}  // namespace ordinal::engine::functions
