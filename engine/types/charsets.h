// The character sets and collations the server knows by name: what SET NAMES and the
// character set variables accept, and what SHOW CHARACTER SET, SHOW COLLATION and
// INFORMATION_SCHEMA.CHARACTER_SETS / COLLATIONS list, with MySQL 8's ids and attributes.
// Values are stored as utf8mb4 whatever the names say (docs/sql-decisions.md).
#ifndef ORDINAL_ENGINE_TYPES_CHARSETS_H_
#define ORDINAL_ENGINE_TYPES_CHARSETS_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace ordinal::engine {

struct CharsetInfo {
  std::string_view name;
  std::string_view default_collation;
  std::string_view description;
  int max_length;  // bytes per character
};

struct CollationInfo {
  std::string_view name;
  std::string_view charset;
  int id;
  int sort_length;
  bool no_pad;  // PAD_ATTRIBUTE "NO PAD" (else "PAD SPACE")
};

// In name order.
std::span<const CharsetInfo> Charsets();
std::span<const CollationInfo> Collations();

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_CHARSETS_H_
