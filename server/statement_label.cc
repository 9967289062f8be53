#include "server/statement_label.h"

#include <cctype>
#include <string>

namespace ordinal::server {
namespace {

constexpr std::string_view kKeywords[] = {
    "select", "insert", "replace", "update", "delete", "create",   "drop",   "use",
    "show",   "describe", "desc",  "explain", "checksum", "begin", "start", "commit",
    "rollback",
};

// Skips whitespace and SQL comments (-- ..., # ..., /* ... */).
size_t SkipSpaceAndComments(std::string_view sql, size_t i) {
  while (i < sql.size()) {
    unsigned char c = static_cast<unsigned char>(sql[i]);
    if (std::isspace(c)) {
      ++i;
    } else if (sql.substr(i, 2) == "--" || c == '#') {
      size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace

std::string_view StatementLabel(std::string_view sql) {
  size_t start = SkipSpaceAndComments(sql, 0);
  std::string word;
  for (size_t i = start; i < sql.size() && word.size() < 16; ++i) {
    unsigned char c = static_cast<unsigned char>(sql[i]);
    if (!std::isalpha(c)) break;
    word.push_back(static_cast<char>(std::tolower(c)));
  }
  for (std::string_view keyword : kKeywords) {
    if (word == keyword) {
      if (keyword == "desc") return "describe";
      if (keyword == "start") return "begin";
      return keyword;
    }
  }
  return "other";
}

}  // namespace ordinal::server
