// ParseStatement, the statement dispatch, the token cursor and name parsing.
#include "engine/sql/parser.h"

#include <charconv>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "engine/sql/lexer.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Uppercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

namespace {

// `sql` with each range of `secrets` replaced by <secret>.
std::string MaskSecrets(std::string_view sql,
                        const std::vector<std::pair<uint32_t, uint32_t>>& secrets) {
  std::string out;
  size_t copied = 0;
  for (const auto& [begin, end] : secrets) {
    out.append(sql.substr(copied, begin - copied));
    out.append("<secret>");
    copied = end;
  }
  out.append(sql.substr(copied));
  return out;
}

// Whether `tokens` start an account statement, whose string literals may be passwords.
bool IsAccountStatement(const std::vector<Token>& tokens) {
  auto word = [&](size_t i, std::string_view upper) {
    return i < tokens.size() && tokens[i].kind == TokenKind::kIdent &&
           KeywordEquals(tokens[i].text, upper);
  };
  return ((word(0, "CREATE") || word(0, "ALTER")) && word(1, "USER")) || word(0, "GRANT") ||
         (word(0, "SET") && word(1, "PASSWORD"));
}

// A syntax error in an account statement must not quote a password: the error is taken
// from the same statement with every string literal's bytes replaced by '*' (the grammar
// treats all string literals alike, so it fails at the same token).
absl::Status MaskedSyntaxError(std::string_view sql, const std::vector<Token>& tokens,
                               const absl::Status& error) {
  if (!IsAccountStatement(tokens) || GetMysqlErrno(error) != MysqlErrno::kParse) return error;
  std::string masked(sql);
  for (const Token& token : tokens) {
    if (token.kind != TokenKind::kString && token.kind != TokenKind::kUserVar) continue;
    for (uint32_t i = token.offset + 1; i + 1 < token.end(); ++i) masked[i] = '*';
  }
  Parser again(masked, Tokenize(masked));
  absl::StatusOr<Statement> reparsed = again.ParseSingleStatement();
  return reparsed.ok() ? error : reparsed.status();
}

}  // namespace

absl::StatusOr<Statement> ParseStatement(std::string_view sql) {
  if (sql.size() > kMaxStatementBytes) {
    return SqlError(absl::StatusCode::kResourceExhausted, MysqlErrno::kNetPacketTooLarge,
                    absl::StrCat("Statement of ", sql.size(),
                                 " bytes is larger than the limit of ", kMaxStatementBytes,
                                 " bytes"));
  }
  std::vector<Token> tokens = Tokenize(sql);
  Parser parser(sql, tokens);
  absl::StatusOr<Statement> statement = parser.ParseSingleStatement();
  if (!statement.ok()) return MaskedSyntaxError(sql, tokens, statement.status());
  return statement;
}

absl::StatusOr<ParameterizedStatement> ParseWithParameters(std::string_view sql) {
  if (sql.size() > kMaxStatementBytes) return ParseStatement(sql).status();
  ParameterizedStatement out;
  std::vector<Token> tokens = Tokenize(sql);
  Parser parser(sql, tokens, &out.parameters);
  absl::StatusOr<Statement> statement = parser.ParseSingleStatement();
  if (!statement.ok()) return MaskedSyntaxError(sql, tokens, statement.status());
  out.statement = *std::move(statement);
  return out;
}

absl::StatusOr<Statement> Parser::ParseSingleStatement() {
  Statement statement;
  statement.loc = Peek().loc;
  ORDINAL_ASSIGN_OR_RETURN(statement.body, ParseStatementBody());
  AcceptOp(";");
  if (Peek().kind != TokenKind::kEnd) return ErrorHere();
  statement.text = MaskSecrets(sql_, secrets_);
  return statement;
}

absl::StatusOr<StatementBody> Parser::ParseStatementBody() {
  if (AtQueryStart()) return ToBody(ParseQueryExpression());
  if (IsKeyword("INSERT") || IsKeyword("REPLACE")) return ToBody(ParseInsert());
  if (IsKeyword("UPDATE")) return ToBody(ParseUpdate());
  if (IsKeyword("DELETE")) return ToBody(ParseDelete());
  if (IsKeyword("CREATE")) return ParseCreate();
  if (IsKeyword("DROP")) return ParseDrop();
  if (IsKeyword("CALL")) return ParseCall();
  if (IsKeyword("ALTER")) return ParseAlter();
  if (IsKeyword("SHOW")) return ParseShow();
  if (IsKeyword("DESCRIBE") || IsKeyword("DESC")) return ParseDescribe();
  if (IsKeyword("USE")) return ParseUse();
  if (IsKeyword("EXPLAIN")) return ParseExplain();
  if (IsKeyword("CHECKSUM")) return ParseChecksum();
  if (IsKeyword("ANALYZE")) return ParseAnalyze();
  if (IsKeyword("TRUNCATE")) return ParseTruncate();
  if (IsKeyword("RENAME")) return ParseRename();
  if (IsKeyword("SET")) return ParseSet();
  if (IsKeyword("KILL")) return ParseKill();
  if (IsKeyword("LOCK") || IsKeyword("UNLOCK")) return ParseLockTables();
  if (IsKeyword("FLUSH")) return ParseFlush();
  if (IsKeyword("GRANT") || IsKeyword("REVOKE")) return ParseGrant();
  return ParseTransactionStatement();
}

absl::StatusOr<StatementBody> Parser::ParseTransactionStatement() {
  if (AcceptKeyword("BEGIN")) {
    AcceptKeyword("WORK");
    return Begin{};
  }
  if (AcceptKeyword("START")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TRANSACTION"));
    return Begin{};
  }
  if (AcceptKeyword("COMMIT")) {
    AcceptKeyword("WORK");
    return Commit{};
  }
  if (AcceptKeyword("ROLLBACK")) {
    AcceptKeyword("WORK");
    Rollback rollback;
    if (AcceptKeyword("TO")) {
      AcceptKeyword("SAVEPOINT");
      ORDINAL_ASSIGN_OR_RETURN(rollback.savepoint, ParseName());
    }
    return rollback;
  }
  if (AcceptKeyword("SAVEPOINT")) {
    Savepoint savepoint;
    ORDINAL_ASSIGN_OR_RETURN(savepoint.name, ParseName());
    return savepoint;
  }
  if (AcceptKeyword("RELEASE")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SAVEPOINT"));
    Savepoint savepoint{.release = true};
    ORDINAL_ASSIGN_OR_RETURN(savepoint.name, ParseName());
    return savepoint;
  }
  return ErrorHere();
}

// KILL [CONNECTION | QUERY] expr
absl::StatusOr<StatementBody> Parser::ParseKill() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("KILL"));
  Kill kill;
  if (AcceptKeyword("QUERY")) {
    kill.query_only = true;
  } else {
    AcceptKeyword("CONNECTION");
  }
  ORDINAL_ASSIGN_OR_RETURN(kill.id, ParseExpr());
  return ToBody(std::move(kill));
}

// EXPLAIN SELECT ... explains a query; EXPLAIN t is MySQL's synonym of DESCRIBE t.
absl::StatusOr<StatementBody> Parser::ParseExplain() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("EXPLAIN"));
  const bool analyze = IsKeyword("ANALYZE") && AtQueryStart(1);
  if (analyze) Next();
  if (AtQueryStart()) {
    Explain explain;
    explain.analyze = analyze;
    ORDINAL_ASSIGN_OR_RETURN(explain.select, ParseQueryExpression());
    return ToBody(std::move(explain));
  }
  DescribeTable describe;
  ORDINAL_ASSIGN_OR_RETURN(describe.table, ParseTableName());
  return ToBody(std::move(describe));
}

// ANALYZE [NO_WRITE_TO_BINLOG | LOCAL] TABLE t [, t2 ...]
absl::StatusOr<StatementBody> Parser::ParseAnalyze() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("ANALYZE"));
  if (!AcceptKeyword("NO_WRITE_TO_BINLOG")) AcceptKeyword("LOCAL");
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TABLE"));
  AnalyzeTable analyze;
  ORDINAL_ASSIGN_OR_RETURN(analyze.tables, ParseTableNameList());
  return ToBody(std::move(analyze));
}

absl::StatusOr<StatementBody> Parser::ParseChecksum() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("CHECKSUM"));
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TABLE"));
  ChecksumTable checksum;
  ORDINAL_ASSIGN_OR_RETURN(checksum.tables, ParseTableNameList());
  if (!AcceptKeyword("QUICK")) AcceptKeyword("EXTENDED");
  return ToBody(std::move(checksum));
}

// ---- token cursor ----

const Token& Parser::Peek(size_t ahead) const {
  const size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

const Token& Parser::Next() {
  const Token& token = Peek();
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return token;
}

bool Parser::IsKeyword(std::string_view upper, size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.kind == TokenKind::kIdent && KeywordEquals(token.text, upper);
}

bool Parser::AcceptKeyword(std::string_view upper) {
  if (!IsKeyword(upper)) return false;
  Next();
  return true;
}

absl::Status Parser::ExpectKeyword(std::string_view upper) {
  if (!AcceptKeyword(upper)) return ErrorHere();
  return absl::OkStatus();
}

bool Parser::IsOp(std::string_view op, size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.kind == TokenKind::kOperator && token.text == op;
}

bool Parser::AcceptOp(std::string_view op) {
  if (!IsOp(op)) return false;
  Next();
  return true;
}

absl::Status Parser::ExpectOp(std::string_view op) {
  if (!AcceptOp(op)) return ErrorHere();
  return absl::OkStatus();
}

absl::Status Parser::ErrorHere() const { return ErrorAt(Peek()); }

absl::Status Parser::ErrorAt(const Token& token) const {
  return SyntaxErrorAt(sql_, token.offset, token.loc);
}

// ---- names ----

bool Parser::AtName(size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.kind == TokenKind::kQuotedIdent ||
         (token.kind == TokenKind::kIdent && !token.reserved);
}

absl::StatusOr<std::string> Parser::ParseName(std::string* display) {
  if (!AtName()) return ErrorHere();
  const Token& token = Next();
  const std::string_view name =
      token.kind == TokenKind::kQuotedIdent ? std::string_view(token.value) : token.text;
  if (Utf8CharCount(name) > kMaxIdentifierChars) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kTooLongIdent,
                    absl::StrCat("Identifier name '",
                                 absl::string_view(name.data(), name.size()),
                                 "' is too long"));
  }
  if (display != nullptr) *display = std::string(name);
  return Lowercase(name);
}

absl::StatusOr<TableName> Parser::ParseTableName() {
  TableName name;
  name.loc = Peek().loc;
  ORDINAL_ASSIGN_OR_RETURN(name.table, ParseName());
  if (AcceptOp(".")) {
    name.database = std::move(name.table);
    ORDINAL_ASSIGN_OR_RETURN(name.table, ParseName());
  }
  return name;
}

absl::StatusOr<std::vector<TableName>> Parser::ParseTableNameList() {
  std::vector<TableName> tables;
  do {
    ORDINAL_ASSIGN_OR_RETURN(TableName table, ParseTableName());
    tables.push_back(std::move(table));
  } while (AcceptOp(","));
  return tables;
}

absl::StatusOr<std::vector<std::string>> Parser::ParseParenthesizedNames(bool allow_empty) {
  ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
  std::vector<std::string> names;
  if (allow_empty && AcceptOp(")")) return names;
  do {
    ORDINAL_ASSIGN_OR_RETURN(std::string name, ParseName());
    names.push_back(std::move(name));
  } while (AcceptOp(","));
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  return names;
}

absl::StatusOr<int64_t> Parser::ParseNonNegativeInteger() {
  const Token& token = Peek();
  if (token.kind != TokenKind::kInteger) return ErrorHere();
  int64_t value = 0;
  const char* end = token.text.data() + token.text.size();
  const auto [ptr, ec] = std::from_chars(token.text.data(), end, value);
  if (ec != std::errc() || ptr != end) return ErrorHere();
  Next();
  return value;
}

}  // namespace ordinal::engine::sql
