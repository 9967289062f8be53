#include "tests/fuzz/json_fuzz.h"

#include <string>

#include "common/sql_error.h"
#include "engine/types/json.h"
#include "engine/types/json_path.h"

namespace ordinal::engine {
namespace {

void Check(bool promise) {
  if (!promise) __builtin_trap();
}

void FuzzText(std::string_view text) {
  absl::StatusOr<JsonValue> parsed = ParseJsonForColumn(text, "t.j");
  if (!parsed.ok()) {
    const MysqlErrno code = GetMysqlErrno(parsed.status());
    Check(code == MysqlErrno::kInvalidJsonText || code == MysqlErrno::kJsonDocumentTooDeep);
    return;
  }
  const std::string canonical = JsonToText(*parsed);
  std::optional<JsonValue> again = ParseJsonText(canonical);
  Check(again.has_value() && JsonToText(*again) == canonical);
  Check(CompareJson(*again, *parsed) == 0);
  absl::StatusOr<JsonValue> decoded = DecodeJsonBinary(EncodeJsonBinary(*parsed));
  Check(decoded.ok() && JsonToText(*decoded) == canonical);
  Check(parsed->Depth() <= kJsonMaxDepth + 1);
}

void FuzzPath(std::string_view text) {
  absl::StatusOr<JsonPath> path = ParseJsonPath(text);
  if (!path.ok()) {
    Check(GetMysqlErrno(path.status()) == MysqlErrno::kInvalidJsonPath);
    return;
  }
  static const JsonValue* doc = new JsonValue(*ParseJsonText(
      R"({"a": [1, {"b": [2, 3], "c d": null}], "b": {"b": {"b": true}}, "": "e"})"));
  for (const JsonValue* v : SeekJson(*doc, *path)) Check(v != nullptr);
}

}  // namespace

void FuzzJsonInput(std::string_view data) {
  if (data.empty()) return;
  const bool path = (static_cast<unsigned char>(data[0]) & 1) != 0;
  data.remove_prefix(1);
  if (path) {
    FuzzPath(data);
  } else {
    FuzzText(data);
  }
}

}  // namespace ordinal::engine
