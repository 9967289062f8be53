// JSON functions that search documents for values: JSON_SEARCH and JSON_OVERLAPS, with
// MySQL 8.0's results and errors (docs/json.md).
//
// JSON_SEARCH(doc, 'one'|'all', pattern[, escape[, path]...]) returns the paths of the string
// scalars (not keys) that match `pattern` as LIKE does (`%`, `_`, the escape character,
// default `\`; a NULL or empty escape is `\`), byte for byte as MySQL's utf8mb4_bin
// compares a literal pattern. Only values at or below what the paths select are searched;
// paths are listed in document order without duplicates. 'one': the first path as a JSON
// string; 'all': one path as a string, several as an array. NULL when the document, the
// pattern or a path is NULL, or nothing matches. Errors: 3141/3146 for the document, 3150
// for the mode, 3143 for a path, 1210 for an escape longer than one character.
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/exec/evaluator.h"
#include "engine/functions/args.h"
#include "engine/functions/json_args.h"
#include "engine/functions/registry.h"
#include "engine/functions/utf8.h"
#include "engine/types/json_sql.h"

namespace ordinal::engine::functions {
namespace {

struct SearchState {
  std::string_view pattern;
  int escape = '\\';
  bool all = false;
  // The values the paths select: strings at or below them are searched.
  absl::flat_hash_set<const JsonValue*> roots;
  std::vector<std::string> found;
};

// Walks `v` (at `path`) in document order; `inside`: `v` is at or below a selected value.
// Returns false once 'one' has its match.
bool Walk(const JsonValue& v, const std::string& path, bool inside, SearchState& state) {
  inside = inside || state.roots.contains(&v);
  if (v.is_string()) {
    if (inside && exec::LikeMatch(v.string_value(), state.pattern, state.escape)) {
      state.found.push_back(path);
      if (!state.all) return false;
    }
    return true;
  }
  if (v.is_array()) {
    for (size_t i = 0; i < v.elements().size(); ++i) {
      if (!Walk(v.elements()[i], absl::StrCat(path, "[", i, "]"), inside, state)) return false;
    }
  } else if (v.is_object()) {
    for (const JsonValue::Member& m : v.members()) {
      if (!Walk(m.second, absl::StrCat(path, JsonPathMemberText(m.first)), inside, state)) {
        return false;
      }
    }
  }
  return true;
}

// Argument 3: one character (its first byte is the escape), or NULL/'' for `\`.
absl::StatusOr<int> EscapeArg(FunctionArgs& args) {
  if (args.size() < 4) return '\\';
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(3));
  if (v.is_null()) return '\\';
  const std::string text = TextOf(v);
  if (text.empty()) return '\\';
  if (utf8::CharCount(text) > 1) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongArguments,
                    "Incorrect arguments to ESCAPE");
  }
  return static_cast<unsigned char>(text[0]);
}

absl::StatusOr<Value> Search(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonValue> doc, JsonDocumentArg(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<bool> all, OneOrAllArg(args, 1));
  ORDINAL_ASSIGN_OR_RETURN(Value pattern, args.Arg(2));
  ORDINAL_ASSIGN_OR_RETURN(const int escape, EscapeArg(args));
  std::vector<JsonPath> paths;
  bool null_path = false;
  for (size_t i = 4; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<JsonPath> path, JsonPathArg(args, i));
    if (!path) null_path = true;
    else paths.push_back(std::move(*path));
  }
  if (!doc || !all || pattern.is_null() || null_path) return Value::Null();
  const std::string pattern_text = TextOf(pattern);
  SearchState state;
  state.pattern = pattern_text;
  state.escape = escape;
  state.all = *all;
  if (paths.empty()) state.roots.insert(&*doc);
  for (const JsonPath& path : paths) {
    for (const JsonValue* v : SeekJson(*doc, path)) state.roots.insert(v);
  }
  Walk(*doc, "$", false, state);
  if (state.found.empty()) return Value::Null();
  if (state.found.size() == 1) return JsonResult(JsonValue::String(state.found.front()));
  JsonValue array = JsonValue::Array();
  for (std::string& path : state.found) array.elements().push_back(JsonValue::String(path));
  return JsonResult(array);
}

}  // namespace

std::vector<FunctionDef> JsonSearchFunctions() {
  return {
      {"JSON_SEARCH", 3, kVariadic, ReturnsJson, Search},
  };
}

}  // namespace ordinal::engine::functions
