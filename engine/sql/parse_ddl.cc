// Schema statements: CREATE/ALTER/DROP DATABASE, CREATE TABLE, CREATE INDEX, DROP TABLE, USE,
// SHOW ..., DESCRIBE. Storage options MySQL dumps carry (ENGINE=, CHARSET=, COLLATE=,
// COMMENT, ...) are accepted and ignored.
#include <charconv>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {
namespace {


}  // namespace

bool Parser::AcceptIfNotExists() {
  if (!IsKeyword("IF") || !IsKeyword("NOT", 1) || !IsKeyword("EXISTS", 2)) return false;
  Next();
  Next();
  Next();
  return true;
}

bool Parser::AcceptIfExists() {
  if (!IsKeyword("IF") || !IsKeyword("EXISTS", 1)) return false;
  Next();
  Next();
  return true;
}

absl::StatusOr<StatementBody> Parser::ParseCreate() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("CREATE"));
  if (IsKeyword("USER")) return ParseCreateUser();
  if (AtStoredProgram()) return StoredProgramsNotSupported();
  if (IsKeyword("OR") || IsKeyword("VIEW") || IsKeyword("ALGORITHM") ||
      IsKeyword("DEFINER") || IsKeyword("SQL")) {
    return ParseCreateView();
  }
  if (AcceptKeyword("DATABASE") || AcceptKeyword("SCHEMA")) {
    CreateDatabase create;
    create.if_not_exists = AcceptIfNotExists();
    ORDINAL_ASSIGN_OR_RETURN(create.name, ParseName());
    ORDINAL_RETURN_IF_ERROR(ParseCharsetOptions(&create.charset, &create.collation));
    return ToBody(std::move(create));
  }
  if (AcceptKeyword("TABLE")) {
    const bool if_not_exists = AcceptIfNotExists();
    return ToBody(ParseCreateTable(if_not_exists));
  }
  CreateIndex create;
  create.index.unique = AcceptKeyword("UNIQUE");
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("INDEX"));
  create.index.loc = Peek().loc;
  ORDINAL_ASSIGN_OR_RETURN(create.index.name, ParseName());
  if (AcceptKeyword("USING")) ORDINAL_RETURN_IF_ERROR(SkipOptionValue());
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("ON"));
  ORDINAL_ASSIGN_OR_RETURN(create.table, ParseTableName());
  ORDINAL_RETURN_IF_ERROR(ParseIndexColumns(create.index));
  ORDINAL_RETURN_IF_ERROR(ParseIndexOptions(create.index));
  return ToBody(std::move(create));
}

absl::StatusOr<StatementBody> Parser::ParseDrop() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("DROP"));
  if (IsKeyword("USER")) return ParseDropUser();
  if (AcceptKeyword("DATABASE") || AcceptKeyword("SCHEMA")) {
    DropDatabase drop;
    drop.if_exists = AcceptIfExists();
    ORDINAL_ASSIGN_OR_RETURN(drop.name, ParseName());
    return ToBody(std::move(drop));
  }
  if (AcceptKeyword("VIEW")) {
    DropView drop;
    drop.if_exists = AcceptIfExists();
    ORDINAL_ASSIGN_OR_RETURN(drop.views, ParseTableNameList());
    if (!AcceptKeyword("RESTRICT")) AcceptKeyword("CASCADE");
    return ToBody(std::move(drop));
  }
  if (IsKeyword("INDEX")) return ParseDropIndex();
  if (IsKeyword("TRIGGER") || IsKeyword("PROCEDURE") || IsKeyword("FUNCTION") ||
      IsKeyword("EVENT")) {
    return ParseDropStoredProgram();
  }
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TABLE"));
  DropTable drop;
  drop.if_exists = AcceptIfExists();
  ORDINAL_ASSIGN_OR_RETURN(drop.tables, ParseTableNameList());
  if (!AcceptKeyword("RESTRICT")) AcceptKeyword("CASCADE");
  return ToBody(std::move(drop));
}

bool Parser::AtStoredProgram() const {
  return IsKeyword("TRIGGER") || IsKeyword("PROCEDURE") || IsKeyword("FUNCTION") ||
         IsKeyword("EVENT") || IsKeyword("AGGREGATE");
}

absl::Status Parser::StoredProgramsNotSupported() const {
  std::string what = Uppercase(Peek().text);
  if (what == "AGGREGATE") what = "FUNCTION";
  return SqlError(absl::StatusCode::kUnimplemented, MysqlErrno::kNotSupported,
                  absl::StrCat("This version of OrdinalDB doesn't yet support 'CREATE ", what,
                               "': stored programs are not available"));
}

absl::StatusOr<StatementBody> Parser::ParseDropStoredProgram() {
  StoredProgramStatement drop;
  if (AcceptKeyword("TRIGGER")) {
    drop.action = StoredProgramAction::kDropTrigger;
  } else if (AcceptKeyword("PROCEDURE")) {
    drop.action = StoredProgramAction::kDropProcedure;
  } else if (AcceptKeyword("FUNCTION")) {
    drop.action = StoredProgramAction::kDropFunction;
  } else {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("EVENT"));
    drop.action = StoredProgramAction::kDropEvent;
  }
  drop.if_exists = AcceptIfExists();
  ORDINAL_ASSIGN_OR_RETURN(drop.name, ParseTableName());
  return ToBody(std::move(drop));
}

absl::StatusOr<StatementBody> Parser::ParseCall() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("CALL"));
  StoredProgramStatement call;
  ORDINAL_ASSIGN_OR_RETURN(call.name, ParseTableName());
  if (AcceptOp("(")) {
    // The arguments are parsed (a syntax error is reported as such) and not kept: no
    // procedure exists to take them.
    if (!AcceptOp(")")) {
      do {
        ORDINAL_RETURN_IF_ERROR(ParseExpr().status());
      } while (AcceptOp(","));
      ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    }
  }
  return ToBody(std::move(call));
}

absl::StatusOr<StatementBody> Parser::ParseUse() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("USE"));
  UseDatabase use;
  ORDINAL_ASSIGN_OR_RETURN(use.name, ParseName());
  return ToBody(std::move(use));
}

// SHOW DATABASES|SCHEMAS, SHOW TABLES [FROM|IN db], the SHOW statements of ShowQuery,
// SHOW CREATE TABLE|VIEW|DATABASE, SHOW REPLICA|SLAVE STATUS, SHOW REPLICAS, SHOW SLAVE HOSTS.
absl::StatusOr<StatementBody> Parser::ParseShow() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SHOW"));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<StatementBody> session, ParseShowSession());
  if (session.has_value()) return std::move(*session);
  if (AcceptKeyword("DATABASES") || AcceptKeyword("SCHEMAS")) return ShowDatabases{};
  if (AcceptKeyword("GRANTS")) return ParseShowGrants();
  if (AcceptKeyword("REPLICAS")) return ShowReplicas{};
  if (AcceptKeyword("REPLICA")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("STATUS"));
    return ShowReplicaStatus{};
  }
  if (AcceptKeyword("SLAVE")) {
    if (AcceptKeyword("HOSTS")) return ShowReplicas{};
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("STATUS"));
    return ShowReplicaStatus{};
  }
  if (IsKeyword("PROCESSLIST") || (IsKeyword("FULL") && IsKeyword("PROCESSLIST", 1))) {
    ShowProcessList show;
    show.full = AcceptKeyword("FULL");
    Next();  // PROCESSLIST
    return ToBody(std::move(show));
  }
  if (IsKeyword("TABLES") || (IsKeyword("FULL") && IsKeyword("TABLES", 1))) {
    ShowTables show;
    show.full = AcceptKeyword("FULL");
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TABLES"));
    if (AcceptKeyword("FROM") || AcceptKeyword("IN")) {
      ORDINAL_ASSIGN_OR_RETURN(show.database, ParseName());
    }
    ORDINAL_RETURN_IF_ERROR(ParseShowFilter(show.like, show.where));
    return ToBody(std::move(show));
  }
  ORDINAL_ASSIGN_OR_RETURN(std::optional<StatementBody> query, ParseShowQuery());
  if (query.has_value()) return std::move(*query);
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("CREATE"));
  if (AcceptKeyword("DATABASE") || AcceptKeyword("SCHEMA")) {
    ShowCreateDatabase show;
    show.if_not_exists = AcceptIfNotExists();
    ORDINAL_ASSIGN_OR_RETURN(show.name, ParseName());
    return ToBody(std::move(show));
  }
  if (AcceptKeyword("VIEW")) {
    ShowCreateView show;
    ORDINAL_ASSIGN_OR_RETURN(show.view, ParseTableName());
    return ToBody(std::move(show));
  }
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TABLE"));
  ShowCreateTable show;
  ORDINAL_ASSIGN_OR_RETURN(show.table, ParseTableName());
  return ToBody(std::move(show));
}

absl::StatusOr<StatementBody> Parser::ParseDescribe() {
  Next();  // DESCRIBE or DESC
  DescribeTable describe;
  ORDINAL_ASSIGN_OR_RETURN(describe.table, ParseTableName());
  return ToBody(std::move(describe));
}

// The SHOW statements of ShowQuery (ast.h); nullopt when the next words start none of them.
absl::StatusOr<std::optional<StatementBody>> Parser::ParseShowQuery() {
  ShowQuery show;
  bool table = false;  // FROM|IN t [FROM|IN db] follows
  bool like = true;    // LIKE is allowed (SHOW INDEX takes only WHERE)
  if (IsKeyword("COLUMNS") || IsKeyword("FIELDS") ||
      (IsKeyword("FULL") && (IsKeyword("COLUMNS", 1) || IsKeyword("FIELDS", 1)))) {
    show.full = AcceptKeyword("FULL");
    Next();
    show.kind = ShowQueryKind::kColumns;
    table = true;
  } else if (AcceptKeyword("INDEX") || AcceptKeyword("INDEXES") || AcceptKeyword("KEYS")) {
    show.kind = ShowQueryKind::kIndex;
    table = true;
    like = false;
  } else if (IsKeyword("TABLE") && IsKeyword("STATUS", 1)) {
    pos_ += 2;
    show.kind = ShowQueryKind::kTableStatus;
    if (AcceptKeyword("FROM") || AcceptKeyword("IN")) {
      ORDINAL_ASSIGN_OR_RETURN(show.database, ParseName());
    }
  } else if ((IsKeyword("CHARACTER") && IsKeyword("SET", 1)) || IsKeyword("CHARSET")) {
    pos_ += IsKeyword("CHARSET") ? 1 : 2;
    show.kind = ShowQueryKind::kCharacterSet;
  } else if (AcceptKeyword("COLLATION")) {
    show.kind = ShowQueryKind::kCollation;
  } else if (IsKeyword("ENGINES") || (IsKeyword("STORAGE") && IsKeyword("ENGINES", 1))) {
    pos_ += IsKeyword("STORAGE") ? 2 : 1;
    show.kind = ShowQueryKind::kEngines;
    return std::optional<StatementBody>(ToBody(std::move(show)));
  } else {
    return std::optional<StatementBody>();
  }
  if (table) {
    if (!AcceptKeyword("FROM")) ORDINAL_RETURN_IF_ERROR(ExpectKeyword("IN"));
    ORDINAL_ASSIGN_OR_RETURN(show.table, ParseTableName());
    if (AcceptKeyword("FROM") || AcceptKeyword("IN")) {
      ORDINAL_ASSIGN_OR_RETURN(show.table.database, ParseName());
    }
  }
  if (!like && IsKeyword("LIKE")) return ErrorHere();
  if (AcceptKeyword("WHERE")) {
    const size_t first = pos_;
    ORDINAL_ASSIGN_OR_RETURN(show.where, ParseExpr());
    show.where_text = TextOf(first, pos_ - 1);
  } else {
    ORDINAL_RETURN_IF_ERROR(ParseShowFilter(show.like, show.where));
  }
  return std::optional<StatementBody>(ToBody(std::move(show)));
}

// ---- CREATE TABLE ----

// CREATE TABLE t (elements) [options] [[IGNORE|REPLACE] [AS] query]
// CREATE TABLE t [options] [IGNORE|REPLACE] [AS] query
// CREATE TABLE t LIKE other | CREATE TABLE t (LIKE other)
absl::StatusOr<CreateTable> Parser::ParseCreateTable(bool if_not_exists) {
  CreateTable table;
  table.if_not_exists = if_not_exists;
  ORDINAL_ASSIGN_OR_RETURN(table.table, ParseTableName());
  if (AcceptKeyword("LIKE")) {
    ORDINAL_ASSIGN_OR_RETURN(table.like, ParseTableName());
    return table;
  }
  if (IsOp("(") && IsKeyword("LIKE", 1)) {
    Next();
    Next();
    ORDINAL_ASSIGN_OR_RETURN(table.like, ParseTableName());
    ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    return table;
  }
  const bool elements = IsOp("(") && !AtQueryStart();
  if (elements) {
    Next();
    do {
      ORDINAL_RETURN_IF_ERROR(ParseTableElement(table));
    } while (AcceptOp(","));
    ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  }
  ORDINAL_RETURN_IF_ERROR(ParseTableOptions(table.options));
  if (AcceptKeyword("IGNORE")) {
    table.as_select_ignore = true;
  } else if (AcceptKeyword("REPLACE")) {
    table.as_select_replace = true;
  }
  const bool as = AcceptKeyword("AS");
  if (as || AtQueryStart() || table.as_select_ignore || table.as_select_replace || !elements) {
    ORDINAL_ASSIGN_OR_RETURN(Select select, ParseQueryExpression());
    table.as_select = std::make_shared<Select>(std::move(select));
  }
  return table;
}

// CREATE [OR REPLACE] [ALGORITHM = x] [DEFINER = x] [SQL SECURITY x] VIEW v [(cols)]
// AS query [WITH [CASCADED|LOCAL] CHECK OPTION]; the options are accepted and ignored.
absl::StatusOr<StatementBody> Parser::ParseCreateView() {
  CreateView view;
  if (AcceptKeyword("OR")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("REPLACE"));
    view.or_replace = true;
  }
  for (;;) {
    if (AcceptKeyword("ALGORITHM") || AcceptKeyword("DEFINER")) {
      ORDINAL_RETURN_IF_ERROR(ExpectOp("="));
      ORDINAL_RETURN_IF_ERROR(SkipOptionValue());
      // 'user'@'host' lexes as a name and a user variable token.
      if (Peek().kind == TokenKind::kUserVar) {
        Next();
      } else if (AcceptOp("@")) {
        ORDINAL_RETURN_IF_ERROR(SkipOptionValue());
      }
    } else if (AcceptKeyword("SQL")) {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SECURITY"));
      ORDINAL_RETURN_IF_ERROR(SkipOptionValue());
    } else {
      break;
    }
  }
  if (AtStoredProgram()) return StoredProgramsNotSupported();
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("VIEW"));
  ORDINAL_ASSIGN_OR_RETURN(view.view, ParseTableName());
  if (IsOp("(")) {
    ORDINAL_ASSIGN_OR_RETURN(view.columns, ParseParenthesizedNames(/*allow_empty=*/false));
  }
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("AS"));
  const size_t first = pos_;
  ORDINAL_ASSIGN_OR_RETURN(Select query, ParseQueryExpression());
  view.definition = TextOf(first, pos_ - 1);
  view.query = std::make_shared<Select>(std::move(query));
  if (AcceptKeyword("WITH")) {
    if (!AcceptKeyword("CASCADED")) AcceptKeyword("LOCAL");
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("CHECK"));
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("OPTION"));
  }
  return ToBody(std::move(view));
}

// TRUNCATE [TABLE] t
absl::StatusOr<StatementBody> Parser::ParseTruncate() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TRUNCATE"));
  AcceptKeyword("TABLE");
  TruncateTable truncate;
  ORDINAL_ASSIGN_OR_RETURN(truncate.table, ParseTableName());
  return ToBody(std::move(truncate));
}

// RENAME TABLE a TO b [, c TO d ...] (and RENAME USER: parse_account.cc)
absl::StatusOr<StatementBody> Parser::ParseRename() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("RENAME"));
  if (IsKeyword("USER")) return ParseRenameUser();
  if (!AcceptKeyword("TABLE")) ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TABLES"));
  RenameTable rename;
  do {
    ORDINAL_ASSIGN_OR_RETURN(TableName from, ParseTableName());
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TO"));
    ORDINAL_ASSIGN_OR_RETURN(TableName to, ParseTableName());
    rename.renames.emplace_back(std::move(from), std::move(to));
  } while (AcceptOp(","));
  return ToBody(std::move(rename));
}

// `(part, ...)` of an index: each part a column name, optionally with a prefix length
// `(n)` (accepted; the whole value is indexed) and ASC or DESC.
absl::Status Parser::ParseIndexColumns(IndexDefinition& index) {
  ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
  do {
    ORDINAL_ASSIGN_OR_RETURN(std::string name, ParseName());
    if (AcceptOp("(")) {
      ORDINAL_RETURN_IF_ERROR(ParseNonNegativeInteger().status());
      ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    }
    const bool descending = AcceptKeyword("DESC");
    if (!descending) AcceptKeyword("ASC");
    index.columns.push_back(std::move(name));
    index.descending.push_back(descending);
  } while (AcceptOp(","));
  return ExpectOp(")");
}

// A column definition or a table-level key: PRIMARY KEY (cols), [UNIQUE] INDEX|KEY [name]
// (cols), UNIQUE [INDEX|KEY] [name] (cols), FOREIGN KEY ..., CHECK (expr), each optionally
// after CONSTRAINT [name].
absl::Status Parser::ParseTableElement(CreateTable& table) {
  std::string constraint;  // as written
  if (AcceptKeyword("CONSTRAINT")) {
    ORDINAL_ASSIGN_OR_RETURN(constraint, ParseConstraintSymbol());
    if (!IsKeyword("PRIMARY") && !IsKeyword("UNIQUE") && !IsKeyword("FOREIGN") &&
        !IsKeyword("CHECK")) {
      return ErrorHere();
    }
  }
  if (IsKeyword("CHECK")) {
    ORDINAL_ASSIGN_OR_RETURN(CheckDefinition check, ParseCheck(std::move(constraint)));
    table.checks.push_back(std::move(check));
    return absl::OkStatus();
  }
  if (IsKeyword("FOREIGN")) {
    ORDINAL_ASSIGN_OR_RETURN(ForeignKeyDefinition key,
                             ParseForeignKey(Lowercase(constraint)));
    table.foreign_keys.push_back(std::move(key));
    return absl::OkStatus();
  }
  if (IsKeyword("PRIMARY") || IsKeyword("UNIQUE") || IsKeyword("INDEX") || IsKeyword("KEY")) {
    ORDINAL_ASSIGN_OR_RETURN(IndexDefinition index, ParseIndexElement());
    table.indexes.push_back(std::move(index));
    return absl::OkStatus();
  }
  ORDINAL_ASSIGN_OR_RETURN(ColumnDefinition column, ParseColumnDefinition());
  for (CheckDefinition& check : column.checks) table.checks.push_back(std::move(check));
  column.checks.clear();
  table.columns.push_back(std::move(column));
  return absl::OkStatus();
}

absl::StatusOr<IndexDefinition> Parser::ParseIndexElement() {
  IndexDefinition index;
  index.loc = Peek().loc;
  if (AcceptKeyword("PRIMARY")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("KEY"));
    index.primary = true;
  } else if (AcceptKeyword("UNIQUE")) {
    index.unique = true;
    if (!AcceptKeyword("INDEX")) AcceptKeyword("KEY");
  } else if (!AcceptKeyword("INDEX")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("KEY"));
  }
  if (AtName()) {
    ORDINAL_ASSIGN_OR_RETURN(index.name, ParseName());
  }
  if (index.primary) index.name.clear();  // MySQL's primary key is always named PRIMARY
  if (AcceptKeyword("USING")) ORDINAL_RETURN_IF_ERROR(SkipOptionValue());
  ORDINAL_RETURN_IF_ERROR(ParseIndexColumns(index));
  ORDINAL_RETURN_IF_ERROR(ParseIndexOptions(index));
  return index;
}

// After an index's columns: USING BTREE|HASH and COMMENT 'text', in any order.
absl::Status Parser::ParseIndexOptions(IndexDefinition& index) {
  while (true) {
    if (AcceptKeyword("USING")) {
      ORDINAL_RETURN_IF_ERROR(SkipOptionValue());
    } else if (AcceptKeyword("COMMENT")) {
      if (Peek().kind != TokenKind::kString) return ErrorHere();
      index.comment = Next().value;
    } else {
      return absl::OkStatus();
    }
  }
}

absl::StatusOr<ColumnDefinition> Parser::ParseColumnDefinition() {
  ColumnDefinition column;
  column.loc = Peek().loc;
  ORDINAL_ASSIGN_OR_RETURN(column.name, ParseName(&column.display_name));
  ORDINAL_RETURN_IF_ERROR(ParseColumnType(column));
  // FIRST and AFTER end a column definition in ALTER TABLE (parse_alter.cc).
  while (!IsOp(",") && !IsOp(")") && !IsOp(";") && Peek().kind != TokenKind::kEnd &&
         !IsKeyword("FIRST") && !IsKeyword("AFTER")) {
    ORDINAL_RETURN_IF_ERROR(ParseColumnAttribute(column));
  }
  return column;
}

// `(n)` after a type.
absl::StatusOr<uint32_t> Parser::ParseLength(const ColumnDefinition& column) {
  ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
  const Token& token = Peek();
  if (token.kind != TokenKind::kInteger) return ErrorHere();
  uint32_t length = 0;
  const char* end = token.text.data() + token.text.size();
  const auto [ptr, ec] = std::from_chars(token.text.data(), end, length);
  if (ec == std::errc::result_out_of_range) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kTooBigFieldLength,
                    absl::StrCat("Column length too big for column '", column.display_name,
                                 "'"));
  }
  if (ec != std::errc() || ptr != end) return ErrorHere();
  Next();
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  return length;
}

// One of: NOT NULL, NULL, DEFAULT v, AUTO_INCREMENT, PRIMARY KEY, KEY, UNIQUE [KEY],
// [CONSTRAINT [name]] CHECK (expr) [[NOT] ENFORCED], COMMENT 'x', CHARACTER SET x, CHARSET
// x, COLLATE x.
absl::Status Parser::ParseColumnAttribute(ColumnDefinition& column) {
  if (AcceptKeyword("NOT")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("NULL"));
    column.not_null = true;
  } else if (AcceptKeyword("NULL")) {
    column.explicit_null = true;
  } else if (AcceptKeyword("DEFAULT")) {
    if (AcceptCurrentTimestamp()) {
      column.default_now = true;
    } else {
      ORDINAL_ASSIGN_OR_RETURN(column.default_value, ParseDefaultValue());
    }
  } else if (AcceptKeyword("ON")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("UPDATE"));
    if (!AcceptCurrentTimestamp()) return ErrorHere();
    column.on_update_now = true;
  } else if (AcceptKeyword("AUTO_INCREMENT")) {
    column.auto_increment = true;
  } else if (AcceptKeyword("PRIMARY")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("KEY"));
    column.primary_key = true;
  } else if (AcceptKeyword("KEY")) {
    column.primary_key = true;  // MySQL: KEY in a column definition means PRIMARY KEY
  } else if (AcceptKeyword("UNIQUE")) {
    AcceptKeyword("KEY");
    column.unique = true;
  } else if (AcceptKeyword("COMMENT")) {
    if (Peek().kind != TokenKind::kString) return ErrorHere();
    column.comment = Next().value;
  } else if (IsKeyword("CHECK") || IsKeyword("CONSTRAINT")) {
    std::string constraint;
    if (AcceptKeyword("CONSTRAINT")) {
      ORDINAL_ASSIGN_OR_RETURN(constraint, ParseConstraintSymbol());
    }
    ORDINAL_ASSIGN_OR_RETURN(CheckDefinition check, ParseCheck(std::move(constraint)));
    check.column = column.name;
    column.checks.push_back(std::move(check));
  } else if (IsKeyword("REFERENCES")) {
    // A column-level REFERENCES clause: parsed and ignored, as MySQL 8.0 does.
    return SkipColumnReferences();
  } else if (AcceptKeyword("CHARACTER")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SET"));
    ORDINAL_ASSIGN_OR_RETURN(column.charset, ParseOptionName());
  } else if (AcceptKeyword("CHARSET")) {
    ORDINAL_ASSIGN_OR_RETURN(column.charset, ParseOptionName());
  } else if (AcceptKeyword("COLLATE")) {
    ORDINAL_ASSIGN_OR_RETURN(column.collation, ParseOptionName());
  } else {
    return ErrorHere();
  }
  return absl::OkStatus();
}

// CURRENT_TIMESTAMP[([n])], NOW([n]), LOCALTIME[([n])], LOCALTIMESTAMP[([n])]: the
// current time as a DEFAULT or ON UPDATE value. The precision is the column's.
bool Parser::AcceptCurrentTimestamp() {
  const bool needs_parens = IsKeyword("NOW");
  if (!IsKeyword("CURRENT_TIMESTAMP") && !IsKeyword("LOCALTIME") &&
      !IsKeyword("LOCALTIMESTAMP") && !needs_parens) {
    return false;
  }
  if (needs_parens && !IsOp("(", 1)) return false;
  Next();
  if (AcceptOp("(")) {
    if (Peek().kind == TokenKind::kInteger) Next();
    if (!AcceptOp(")")) return false;
  }
  return true;
}

// A literal, optionally signed: DEFAULT 0, DEFAULT -1.5, DEFAULT 'x', DEFAULT NULL.
absl::StatusOr<ExprPtr> Parser::ParseDefaultValue() {
  const size_t first = pos_;
  const bool negate = IsOp("-");
  if (negate || IsOp("+")) Next();
  const Token& token = Peek();
  const bool literal = token.kind == TokenKind::kInteger || token.kind == TokenKind::kDecimal ||
                       token.kind == TokenKind::kString || IsKeyword("NULL") ||
                       IsKeyword("TRUE") || IsKeyword("FALSE");
  if (!literal) return ErrorHere();
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr value, ParseLiteral());
  if (!negate) return value;
  ExprPtr node = NewExpr(ExprKind::kUnary, first);
  node->unary_op = UnaryOp::kNegate;
  node->children.push_back(std::move(value));
  return Finish(std::move(node), first, 2);
}

// A table option's or charset's value: a word or a string.
absl::Status Parser::SkipOptionValue() {
  const TokenKind kind = Peek().kind;
  if (kind != TokenKind::kIdent && kind != TokenKind::kQuotedIdent &&
      kind != TokenKind::kString) {
    return ErrorHere();
  }
  Next();
  return absl::OkStatus();
}

// A character set's or collation's name: a word or a string, lowercased.
absl::StatusOr<std::string> Parser::ParseOptionName() {
  const TokenKind kind = Peek().kind;
  if (kind != TokenKind::kIdent && kind != TokenKind::kQuotedIdent &&
      kind != TokenKind::kString) {
    return ErrorHere();
  }
  const Token& token = Next();
  const std::string name = kind == TokenKind::kIdent ? std::string(token.text) : token.value;
  return absl::AsciiStrToLower(name);
}

// [DEFAULT] CHARACTER SET|CHARSET [=] x, [DEFAULT] COLLATE [=] x, repeated.
absl::Status Parser::ParseCharsetOptions(std::optional<std::string>* charset,
                                         std::optional<std::string>* collation) {
  while (true) {
    const bool had_default = AcceptKeyword("DEFAULT");
    std::optional<std::string>* target = charset;
    if (AcceptKeyword("CHARACTER")) {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SET"));
    } else if (AcceptKeyword("COLLATE")) {
      target = collation;
    } else if (!AcceptKeyword("CHARSET")) {
      if (had_default) return ErrorHere();
      return absl::OkStatus();
    }
    AcceptOp("=");
    ORDINAL_ASSIGN_OR_RETURN(*target, ParseOptionName());
  }
}

// ALTER DATABASE|SCHEMA [db] followed by at least one charset option, after ALTER.
absl::StatusOr<StatementBody> Parser::ParseAlterDatabase() {
  AlterDatabase alter;
  if (!IsKeyword("DEFAULT") && !IsKeyword("CHARACTER") && !IsKeyword("CHARSET") &&
      !IsKeyword("COLLATE")) {
    ORDINAL_ASSIGN_OR_RETURN(alter.name, ParseName());
  }
  const size_t before = pos_;
  ORDINAL_RETURN_IF_ERROR(ParseCharsetOptions(&alter.charset, &alter.collation));
  if (pos_ == before) return ErrorHere();
  return ToBody(std::move(alter));
}

// COMMENT [=] 'x' and ROW_FORMAT [=] x into `options`; false when the next word is neither.
absl::StatusOr<bool> Parser::ParseKeptTableOption(TableOptions& options) {
  if (AcceptKeyword("COMMENT")) {
    AcceptOp("=");
    if (Peek().kind != TokenKind::kString) return ErrorHere();
    options.comment = Next().value;
    return true;
  }
  if (AcceptKeyword("ROW_FORMAT")) {
    AcceptOp("=");
    static constexpr std::string_view kFormats[] = {"DEFAULT",   "DYNAMIC", "FIXED",
                                                    "COMPRESSED", "REDUNDANT", "COMPACT"};
    for (std::string_view format : kFormats) {
      if (AcceptKeyword(format)) {
        options.row_format = std::string(format);
        return true;
      }
    }
    return ErrorHere();
  }
  return false;
}

// ENGINE [=] x, AUTO_INCREMENT [=] n, COMMENT [=] 'x', ROW_FORMAT [=] x and the charset
// options, separated by spaces or commas.
absl::Status Parser::ParseTableOptions(TableOptions& options) {
  while (true) {
    const bool comma = AcceptOp(",");
    ORDINAL_ASSIGN_OR_RETURN(bool kept, ParseKeptTableOption(options));
    if (kept) continue;
    if (AcceptKeyword("ENGINE")) {
      AcceptOp("=");
      ORDINAL_RETURN_IF_ERROR(SkipOptionValue());
    } else if (AcceptKeyword("AUTO_INCREMENT")) {
      AcceptOp("=");
      ORDINAL_ASSIGN_OR_RETURN(int64_t value, ParseNonNegativeInteger());
      options.auto_increment = static_cast<uint64_t>(value);
    } else if (IsKeyword("DEFAULT") || IsKeyword("CHARACTER") || IsKeyword("CHARSET") ||
               IsKeyword("COLLATE")) {
      const size_t before = pos_;
      ORDINAL_RETURN_IF_ERROR(ParseCharsetOptions(&options.charset, &options.collation));
      if (pos_ == before) return ErrorHere();
    } else {
      if (comma) return ErrorHere();  // a comma must separate two options
      return absl::OkStatus();
    }
  }
}

}  // namespace ordinal::engine::sql
