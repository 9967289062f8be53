#include "engine/sql/lexer.h"

#include <algorithm>
#include <iterator>
#include <cstddef>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::engine::sql {
namespace {

// Sorted; IsReservedWord binary-searches it.
constexpr std::string_view kReservedWords[] = {
    "ADD",       "ALL",       "ALTER",    "AND",      "AS",        "ASC",       "BETWEEN",
    "BIGINT",    "BY",        "CASE",     "CHAR",     "CHARACTER", "CHECK",     "COLLATE",
    "COLUMN",    "CONSTRAINT", "CREATE",  "CROSS",    "DATABASE",  "DATABASES", "DEFAULT",
    "DELETE",    "DESC",      "DESCRIBE", "DISTINCT", "DIV",       "DOUBLE",    "DROP",
    "DUAL",      "ELSE",      "EXISTS",   "EXPLAIN",  "FALSE",     "FLOAT",     "FOR",
    "FROM",      "GROUP",     "HAVING",   "IF",       "IGNORE",    "IN",        "INDEX",
    "INNER",     "INSERT",    "INT",      "INTEGER",  "INTERVAL",  "INTO",      "IS",
    "JOIN",      "KEY",       "KEYS",     "LEFT",     "LIKE",      "LIMIT",     "MEDIUMINT",
    "MOD",       "NOT",       "NULL",     "ON",       "OR",        "ORDER",     "OUTER",
    "PRIMARY",   "REAL",      "REPLACE",  "RIGHT",    "SCHEMA",    "SCHEMAS",   "SELECT",
    "SET",       "SHOW",      "SMALLINT", "TABLE",    "THEN",      "TINYINT",   "TO",
    "TRUE",      "UNION",     "UNIQUE",   "UNSIGNED", "UPDATE",    "USE",       "USING",
    "VALUES",    "VARCHAR",   "WHEN",     "WHERE",    "WITH",      "XOR",
};

static_assert(std::is_sorted(std::begin(kReservedWords), std::end(kReservedWords)));

constexpr size_t kErrorSnippetBytes = 40;

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}
bool IsIdentChar(unsigned char c) { return IsIdentStart(c) || IsDigit(c); }
char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// The length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when the bytes
// there are not valid UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  std::vector<Token> Run() {
    tokens_.reserve(sql_.size() / 6 + 4);  // typical SQL: a token per 5-6 bytes
    while (true) {
      if (!SkipSpaceAndComments()) break;
      if (pos_ >= sql_.size()) {
        if (in_executable_comment_) {
          Fail(executable_comment_start_);
          break;
        }
        Token& end = Push(TokenKind::kEnd, pos_);
        end.text = sql_.substr(pos_, 0);
        return std::move(tokens_);
      }
      if (!LexToken()) break;
    }
    return std::move(tokens_);
  }

 private:
  unsigned char At(size_t i) const {
    return i < sql_.size() ? static_cast<unsigned char>(sql_[i]) : 0;
  }

  Location LocAt(size_t offset) const {
    return Location{line_, static_cast<int>(offset - line_start_) + 1};
  }

  Token& Push(TokenKind kind, size_t start) { return Push(kind, start, LocAt(start)); }

  // For tokens that may span lines: `loc` was taken before the lexer moved past newlines.
  Token& Push(TokenKind kind, size_t start, Location loc) {
    Token& t = tokens_.emplace_back();
    t.kind = kind;
    t.offset = static_cast<uint32_t>(start);
    t.loc = loc;
    return t;
  }

  // Ends the token list with an error at `at`; returns false for the caller's convenience.
  bool Fail(size_t at) {
    Token& t = Push(TokenKind::kError, at);
    t.text = sql_.substr(at);
    return false;
  }

  void NewLine(size_t newline_offset) {
    ++line_;
    line_start_ = newline_offset + 1;
  }

  void SkipToEndOfLine() {
    while (pos_ < sql_.size() && sql_[pos_] != '\n') ++pos_;
  }

  // Returns false (after Fail) on an unterminated /* comment.
  bool SkipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      const unsigned char c = At(pos_);
      if (IsSpace(c)) {
        if (c == '\n') NewLine(pos_);
        ++pos_;
      } else if (c == '#') {
        SkipToEndOfLine();
      } else if (c == '-' && At(pos_ + 1) == '-' &&
                 (pos_ + 2 >= sql_.size() || At(pos_ + 2) <= ' ')) {
        SkipToEndOfLine();
      } else if (in_executable_comment_ && c == '*' && At(pos_ + 1) == '/') {
        in_executable_comment_ = false;
        pos_ += 2;
      } else if (c == '/' && At(pos_ + 1) == '*' && At(pos_ + 2) == '!' &&
                 !in_executable_comment_ && EnterExecutableComment()) {
        continue;
      } else if (c == '/' && At(pos_ + 1) == '*') {
        const size_t start = pos_;
        const Location start_loc = LocAt(start);
        pos_ += 2;
        while (pos_ < sql_.size() && !(sql_[pos_] == '*' && At(pos_ + 1) == '/')) {
          if (sql_[pos_] == '\n') NewLine(pos_);
          ++pos_;
        }
        if (pos_ >= sql_.size()) return FailAt(start, start_loc);
        pos_ += 2;
      } else {
        return true;
      }
    }
    return true;
  }

  // At `/*!`: when the comment's version allows, moves past `/*!NNNNN` and returns true
  // (its content is lexed as SQL and its `*/` skipped); false leaves it an ordinary comment.
  bool EnterExecutableComment() {
    size_t p = pos_ + 3;
    size_t digits = 0;
    int version = 0;
    while (digits < 5 && IsDigit(At(p + digits))) {
      version = version * 10 + (At(p + digits) - '0');
      ++digits;
    }
    if (digits != 0 && digits != 5) return false;  // not a version MySQL reads: a comment
    if (digits == 5 && version > kExecutableCommentVersion) return false;
    executable_comment_start_ = pos_;
    in_executable_comment_ = true;
    pos_ = p + digits;
    return true;
  }

  bool LexToken() {
    const unsigned char c = At(pos_);
    if (c == '@') return LexVariable();
    if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && At(pos_ + 1) == '\'') {
      return LexQuotedBits(c == 'x' || c == 'X' ? 4 : 1);
    }
    if (c == '0' && (At(pos_ + 1) == 'x' || At(pos_ + 1) == 'b')) {
      const int bits = At(pos_ + 1) == 'x' ? 4 : 1;
      if (DigitValue(At(pos_ + 2), bits) >= 0) return LexPrefixedBits(bits);
    }
    if (c == '\'' || c == '"') return LexString(c);
    if (c == '`') return LexQuotedIdent();
    if (IsDigit(c) || (c == '.' && IsDigit(At(pos_ + 1)) && !PreviousIsName())) {
      return LexNumber();
    }
    if (IsIdentStart(c)) return LexIdent();
    return LexOperator();
  }

  // @name, @'name', @"name", @`name` (user variables) and @@name, @@scope.name.
  bool LexVariable() {
    const size_t start = pos_;
    const bool system = At(pos_ + 1) == '@';
    pos_ += system ? 2 : 1;
    const unsigned char q = At(pos_);
    if (!system && (q == '\'' || q == '"' || q == '`')) {
      const size_t before = tokens_.size();
      if (!(q == '`' ? LexQuotedIdent() : LexString(q))) return false;
      Token& t = tokens_[before];
      t.kind = TokenKind::kUserVar;
      t.offset = static_cast<uint32_t>(start);
      t.text = sql_.substr(start, pos_ - start);
      return true;
    }
    const size_t name_start = pos_;
    while (pos_ < sql_.size() && (IsIdentChar(At(pos_)) || At(pos_) == '.') && At(pos_) < 0x80) {
      ++pos_;
    }
    if (pos_ == name_start) return Fail(start);
    Token& t = Push(system ? TokenKind::kSystemVar : TokenKind::kUserVar, start);
    t.text = sql_.substr(start, pos_ - start);
    t.value = std::string(sql_.substr(name_start, pos_ - name_start));
    return true;
  }

  // The value of `c` as a digit of base 2^bits (16 or 2), or -1.
  static int DigitValue(unsigned char c, int bits) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    return v >= 0 && v < (1 << bits) ? v : -1;
  }

  // Pushes a string token holding the bytes the digits [begin, end) spell (4 bits a digit
  // for hex, 1 for binary), padded with zero bits on the left to whole bytes.
  void PushBits(size_t start, size_t begin, size_t end, int bits) {
    std::string value;
    const size_t total_bits = (end - begin) * bits;
    const size_t pad = (8 - total_bits % 8) % 8;
    unsigned acc = 0;
    size_t filled = pad;
    for (size_t i = begin; i < end; ++i) {
      acc = (acc << bits) | static_cast<unsigned>(DigitValue(At(i), bits));
      filled += bits;
      if (filled == 8) {
        value.push_back(static_cast<char>(acc));
        acc = 0;
        filled = 0;
      }
    }
    Token& t = Push(TokenKind::kString, start);
    t.text = sql_.substr(start, pos_ - start);
    t.value = std::move(value);
  }

  // x'4142' and b'0100': a string of the bytes they spell (x'' needs whole bytes).
  bool LexQuotedBits(int bits) {
    const size_t start = pos_;
    const size_t begin = pos_ + 2;
    size_t i = begin;
    while (DigitValue(At(i), bits) >= 0) ++i;
    if (At(i) != '\'' || (bits == 4 && (i - begin) % 2 != 0)) return Fail(start);
    pos_ = i + 1;
    PushBits(start, begin, i, bits);
    return true;
  }

  // 0x4142 and 0b0100: the same as x'..' and b'..' (an odd hex digit count is padded).
  bool LexPrefixedBits(int bits) {
    const size_t start = pos_;
    size_t i = pos_ + 2;
    while (DigitValue(At(i), bits) >= 0) ++i;
    if (i < sql_.size() && IsIdentChar(At(i))) return Fail(start);  // 0x1g, 0b12
    pos_ = i;
    PushBits(start, start + 2, i, bits);
    return true;
  }

  bool PreviousIsName() const {
    if (tokens_.empty()) return false;
    const TokenKind k = tokens_.back().kind;
    return k == TokenKind::kIdent || k == TokenKind::kQuotedIdent;
  }

  bool LexIdent() {
    const size_t start = pos_;
    while (pos_ < sql_.size() && IsIdentChar(At(pos_))) {
      if (At(pos_) >= 0x80) {
        const size_t n = Utf8SequenceLength(sql_, pos_);
        if (n == 0) return Fail(pos_);
        pos_ += n;
      } else {
        ++pos_;
      }
    }
    Token& t = Push(TokenKind::kIdent, start);
    t.text = sql_.substr(start, pos_ - start);
    t.reserved = IsReservedWord(t.text);
    return true;
  }

  bool LexNumber() {
    const size_t start = pos_;
    bool decimal = false;
    while (IsDigit(At(pos_))) ++pos_;
    if (At(pos_) == '.') {
      decimal = true;
      ++pos_;
      while (IsDigit(At(pos_))) ++pos_;
    }
    if (At(pos_) == 'e' || At(pos_) == 'E') {
      size_t p = pos_ + 1;
      if (At(p) == '+' || At(p) == '-') ++p;
      if (IsDigit(At(p))) {
        decimal = true;
        pos_ = p;
        while (IsDigit(At(pos_))) ++pos_;
      }
    }
    // `0x1F`, `1abc`, `1e`: not numbers this dialect knows; reject instead of splitting.
    if (pos_ < sql_.size() && IsIdentChar(At(pos_))) return Fail(start);
    Token& t = Push(decimal ? TokenKind::kDecimal : TokenKind::kInteger, start);
    t.text = sql_.substr(start, pos_ - start);
    return true;
  }

  // Appends the decoded escape `\x` (pos_ at the backslash) and advances past what it used.
  void DecodeEscape(std::string& out) {
    const char e = static_cast<char>(At(pos_ + 1));
    switch (e) {
      case '0': out.push_back('\0'); break;
      case 'b': out.push_back('\b'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'Z': out.push_back('\x1A'); break;
      case '\\': case '\'': case '"': out.push_back(e); break;
      case '%': case '_': out.push_back('\\'); out.push_back(e); break;  // kept for LIKE
      default:
        ++pos_;  // drop the backslash; the next byte is read as an ordinary one
        return;
    }
    pos_ += 2;
  }

  bool LexString(unsigned char quote) {
    const size_t start = pos_;
    const Location start_loc = LocAt(start);
    std::string value;
    ++pos_;
    while (true) {
      if (pos_ >= sql_.size()) return FailAt(start, start_loc);
      const unsigned char c = At(pos_);
      if (c == quote) {
        if (At(pos_ + 1) == quote && pos_ + 1 < sql_.size()) {
          value.push_back(static_cast<char>(quote));
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (c == '\\') {
        if (pos_ + 1 >= sql_.size()) return FailAt(start, start_loc);
        DecodeEscape(value);
        continue;
      }
      if (!AppendByteOrSequence(value)) return false;
    }
    Token& t = Push(TokenKind::kString, start, start_loc);
    t.text = sql_.substr(start, pos_ - start);
    t.value = std::move(value);
    return true;
  }

  // Copies one character at pos_ into `out`, tracking newlines; fails on invalid UTF-8.
  bool AppendByteOrSequence(std::string& out) {
    const unsigned char c = At(pos_);
    if (c == '\n') NewLine(pos_);
    const size_t n = c < 0x80 ? 1 : Utf8SequenceLength(sql_, pos_);
    if (n == 0) return Fail(pos_);
    out.append(sql_.data() + pos_, n);
    pos_ += n;
    return true;
  }

  bool FailAt(size_t start, Location loc) {
    Push(TokenKind::kError, start, loc).text = sql_.substr(start);
    return false;
  }

  bool LexQuotedIdent() {
    const size_t start = pos_;
    const Location start_loc = LocAt(start);
    std::string value;
    ++pos_;
    while (true) {
      if (pos_ >= sql_.size()) return FailAt(start, start_loc);
      if (At(pos_) == '`') {
        if (pos_ + 1 < sql_.size() && At(pos_ + 1) == '`') {
          value.push_back('`');
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (At(pos_) == 0) return Fail(pos_);
      if (!AppendByteOrSequence(value)) return false;
    }
    if (value.empty()) return FailAt(start, start_loc);
    Token& t = Push(TokenKind::kQuotedIdent, start, start_loc);
    t.text = sql_.substr(start, pos_ - start);
    t.value = std::move(value);
    return true;
  }

  bool LexOperator() {
    // `->` and `->>` are the JSON column path operators.
    static constexpr std::string_view kMultiChar[] = {"<=>", "->>", "<=", ">=", "<>", "!=",
                                                      "||", "&&", ":=", "<<", ">>", "->"};
    const std::string_view rest = sql_.substr(pos_);
    for (std::string_view op : kMultiChar) {
      if (rest.substr(0, op.size()) == op) return PushOperator(op.size());
    }
    switch (At(pos_)) {
      case '(': case ')': case ',': case '.': case ';': case '*': case '+': case '-':
      case '/': case '%': case '=': case '<': case '>': case '!': case '&': case '|':
      case '^': case '~': case '?':
        return PushOperator(1);
      default:
        return Fail(pos_);
    }
  }

  bool PushOperator(size_t length) {
    Token& t = Push(TokenKind::kOperator, pos_);
    t.text = sql_.substr(pos_, length);
    pos_ += length;
    return true;
  }

  std::string_view sql_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  bool in_executable_comment_ = false;  // inside `/*! ... */`: its `*/` is skipped
  size_t executable_comment_start_ = 0;
  std::vector<Token> tokens_;
};

// Up to kErrorSnippetBytes of `text`, cut at a character boundary, with bytes that are not
// printable UTF-8 replaced by '?', so an error message is always valid UTF-8.
std::string Snippet(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size() && i < kErrorSnippetBytes) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t n = Utf8SequenceLength(text, i);
    if (n == 0 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      out.push_back('?');
      ++i;
      continue;
    }
    if (i + n > kErrorSnippetBytes) break;
    out.append(text.data() + i, n);
    i += n;
  }
  return out;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view sql) { return Lexer(sql).Run(); }

bool KeywordEquals(std::string_view word, std::string_view upper) {
  if (word.size() != upper.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (ToUpper(word[i]) != upper[i]) return false;
  }
  return true;
}

bool IsReservedWord(std::string_view word) {
  constexpr size_t kLongest = 10;  // CONSTRAINT
  if (word.size() < 2 || word.size() > kLongest) return false;
  char buffer[kLongest];
  for (size_t i = 0; i < word.size(); ++i) buffer[i] = ToUpper(word[i]);
  const std::string_view upper(buffer, word.size());
  return std::binary_search(std::begin(kReservedWords), std::end(kReservedWords), upper);
}

absl::Status SyntaxErrorAt(std::string_view sql, uint32_t offset, Location loc) {
  const std::string_view rest = offset <= sql.size() ? sql.substr(offset) : std::string_view();
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kParse,
                  absl::StrCat("You have an error in your SQL syntax near '", Snippet(rest),
                               "' at line ", loc.line, ", column ", loc.column));
}

}  // namespace ordinal::engine::sql
