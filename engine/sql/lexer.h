// The SQL lexer: splits a statement into tokens in one pass, without regexes and without an
// allocation per character (string literals and backquoted identifiers with escapes are the
// only tokens that own decoded bytes).
//
// Tokens point into the caller's text, which must outlive them. Keywords are not a token
// kind of their own: a keyword is an unquoted identifier the parser compares
// case-insensitively; `reserved` marks MySQL reserved words, which cannot be used as names
// or aliases unless backquoted.
//
// The lexer never fails as a function: on bad input (an unterminated string or comment, an
// invalid character, invalid UTF-8 in an identifier or a string) it stops and ends the token
// list with a kError token at the offending position, so the parser reports the first error
// in text order with the usual syntax-error message.
#ifndef ORDINAL_ENGINE_SQL_LEXER_H_
#define ORDINAL_ENGINE_SQL_LEXER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::sql {

enum class TokenKind {
  kEnd,          // end of input; `text` is empty
  kError,        // lexing stopped here; `text` is the rest of the input
  kIdent,        // unquoted identifier or keyword
  kQuotedIdent,  // `backquoted`; `value` holds the decoded name
  kInteger,      // digits only
  kDecimal,      // digits with a point and/or an exponent
  kString,       // '...' or "..."; `value` holds the decoded bytes
  kOperator,     // punctuation and operators: ( ) , . ; * + - / % = <> != < <= > >= <=> ! || &&
                 //   := & | ^ ~ << >>
  kUserVar,      // @name, @'name', @"name", @`name`; `value` holds the name as written
  kSystemVar,    // @@name or @@scope.name; `value` holds the text after @@
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;  // the token's source bytes (quotes included)
  uint32_t offset = 0;    // byte offset of `text` in the statement
  Location loc;
  bool reserved = false;  // kIdent only: a MySQL reserved word
  std::string value;      // kString / kQuotedIdent: decoded contents

  uint32_t end() const { return offset + static_cast<uint32_t>(text.size()); }
};

// MySQL's version-specific comments: `/*! sql */` is read as SQL, and so is `/*!NNNNN sql */`
// when NNNNN (a five-digit version such as 50503 for 5.5.3) is at most this server's
// version (kExecutableCommentVersion); a later version makes it an ordinary comment.
// MariaDB's `/*M! ... */` is an ordinary comment, as it is to MySQL.
inline constexpr int kExecutableCommentVersion = 80036;

// Tokenizes `sql`. The result always ends with exactly one kEnd or kError token.
// `sql` must be shorter than 4 GiB (the parser enforces a far smaller limit first).
std::vector<Token> Tokenize(std::string_view sql);

// True when `word` (any case) is a MySQL reserved word this dialect treats as reserved.
bool IsReservedWord(std::string_view word);

// ASCII case-insensitive equality; `upper` must be uppercase.
bool KeywordEquals(std::string_view word, std::string_view upper);

// The syntax error every parse failure reports (INVALID_ARGUMENT, errno 1064):
//   You have an error in your SQL syntax near 'TEXT' at line L, column C
// where TEXT is up to 40 bytes of `sql` from `offset`, with invalid UTF-8 and control bytes
// replaced by '?'.
absl::Status SyntaxErrorAt(std::string_view sql, uint32_t offset, Location loc);

}  // namespace ordinal::engine::sql

#endif  // ORDINAL_ENGINE_SQL_LEXER_H_
