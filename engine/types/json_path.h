// MySQL's JSON path expressions: `$`, `.key`, `."quoted key"`, `.*`, `[n]`, `[last]`,
// `[last-n]`, `[m to n]`, `[*]` and `**`, and their evaluation against a JsonValue.
//
// Evaluation follows MySQL 8.0: a cell or range leg applied to a value that is not an array
// treats it as an array of that one value (`$[0]` of `{"a": 1}` is the object itself);
// `**` matches the value and every value below it; results come in document order without
// duplicates.
#ifndef ORDINAL_ENGINE_TYPES_JSON_PATH_H_
#define ORDINAL_ENGINE_TYPES_JSON_PATH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/types/json.h"

namespace ordinal::engine {

// An array position: `n`, or `last - n` when from_end.
struct JsonArrayIndex {
  bool from_end = false;
  uint64_t n = 0;
  // The position in an array of `size` elements (may be past the end), or nullopt when
  // `last - n` is before the start.
  std::optional<uint64_t> Resolve(uint64_t size) const;
};

struct JsonPathLeg {
  enum class Kind { kMember, kMemberWildcard, kCell, kCellWildcard, kRange, kEllipsis };
  Kind kind = Kind::kMember;
  std::string key;       // kMember
  JsonArrayIndex from;   // kCell, kRange
  JsonArrayIndex to;     // kRange
};

struct JsonPath {
  std::vector<JsonPathLeg> legs;
  // Whether the path may match more than one value (`*`, `**` or a range).
  bool HasWildcard() const;
};

// Parses a path; INVALID_ARGUMENT errno 3143 "Invalid JSON path expression. The error is
// around character position N." for anything else (N counts from 1, as MySQL's does).
absl::StatusOr<JsonPath> ParseJsonPath(std::string_view text);

// The values `path` selects in `doc`.
std::vector<const JsonValue*> SeekJson(const JsonValue& doc, const JsonPath& path);

// `key` as a path leg: `.key` for an identifier, `."key"` quoted otherwise.
std::string JsonPathMemberText(std::string_view key);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_JSON_PATH_H_
