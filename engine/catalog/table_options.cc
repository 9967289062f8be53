#include "engine/catalog/table_options.h"

#include "engine/catalog/catalog_records.h"

#include "absl/strings/str_cat.h"

namespace ordinal::engine::catalog {

std::string QuoteComment(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    switch (c) {
      case '\'': out += "''"; break;
      case '\\': out += "\\\\"; break;
      case '\0': out += "\\0"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

std::string TableOptionsClause(const ordinal::v1::TableDef& def,
                               std::optional<int64_t> next_auto_increment) {
  std::string text = absl::StrCat("ENGINE=", kTableEngine);
  if (next_auto_increment.has_value() && *next_auto_increment > 1) {
    absl::StrAppend(&text, " AUTO_INCREMENT=", *next_auto_increment);
  }
  const Collation& collation = TableDefaultCollation(def);
  absl::StrAppend(&text, " DEFAULT CHARSET=", collation.charset());
  // MySQL 8 names the collation unless it is a character set's default other than utf8mb4's.
  if (collation.charset() == kTableCharset ||
      DefaultCollationOf(collation.charset()) != &collation) {
    absl::StrAppend(&text, " COLLATE=", collation.name());
  }
  if (!def.options().row_format().empty()) {
    absl::StrAppend(&text, " ROW_FORMAT=", def.options().row_format());
  }
  if (!def.comment().empty()) absl::StrAppend(&text, " COMMENT=", QuoteComment(def.comment()));
  return text;
}

std::string CreateOptionsText(const ordinal::v1::TableDef& def) {
  if (def.options().row_format().empty()) return "";
  return absl::StrCat("row_format=", def.options().row_format());
}

}  // namespace ordinal::engine::catalog
