#include "client/statement_kind.h"

#include <cctype>
#include <string>

namespace ordinal {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// MySQL's "-- " comment: two dashes followed by whitespace or the end of the text.
bool IsDashComment(std::string_view sql, size_t i) {
  return sql.substr(i, 2) == "--" && (i + 2 == sql.size() || IsSpace(sql[i + 2]));
}

// Skips whitespace, comments and opening parentheses; returns the index of the first other
// character (sql.size() when there is none).
size_t SkipToFirstToken(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (IsSpace(c) || c == '(') {
      ++i;
    } else if (c == '#' || IsDashComment(sql, i)) {
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

std::string FirstKeyword(std::string_view sql) {
  size_t i = SkipToFirstToken(sql);
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) != 0) {
    word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i]))));
    ++i;
  }
  return word;
}

}  // namespace

StatementKind ClassifyStatement(std::string_view sql) {
  std::string word = FirstKeyword(sql);
  if (word == "SELECT" || word == "SHOW" || word == "DESCRIBE" || word == "DESC" ||
      word == "EXPLAIN" || word == "CHECKSUM") {
    return StatementKind::kRead;
  }
  if (word == "USE") return StatementKind::kUse;
  if (word == "BEGIN" || word == "START") return StatementKind::kBegin;
  if (word == "COMMIT" || word == "ROLLBACK") return StatementKind::kEndTransaction;
  return StatementKind::kWrite;
}

}  // namespace ordinal
