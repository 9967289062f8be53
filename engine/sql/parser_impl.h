// The recursive-descent parser behind ParseStatement (parser.h). Private to engine/sql: the
// statement families live in their own files (parser.cc: dispatch, names and the token
// cursor; parse_expr.cc; parse_select.cc; parse_dml.cc; parse_ddl.cc).
//
// Every Parse* method either consumes the construct it names and returns it, or returns a
// syntax error naming the first token it could not accept. Recursion is bounded: each
// nesting level (parentheses, function arguments, unary operators) counts against
// kMaxExprDepth, and the height of an expression tree against kMaxExprTreeHeight, so
// neither the parser nor code walking its output can overflow the stack.
#ifndef ORDINAL_ENGINE_SQL_PARSER_IMPL_H_
#define ORDINAL_ENGINE_SQL_PARSER_IMPL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/sql/ast.h"
#include "engine/sql/lexer.h"
#include "engine/sql/parser.h"

namespace ordinal::engine::sql {

// Longest chain of operators an expression tree may have (`a OR b OR c ...` is a chain,
// not nesting, so it gets more room than kMaxExprDepth).
inline constexpr int kMaxExprTreeHeight = 1000;

// MySQL's limit on database, table, column and index names, in characters.
inline constexpr size_t kMaxIdentifierChars = 64;

class Parser {
 public:
  // With `parameters`, `?` markers are allowed; each becomes a NULL literal node appended
  // to it (the caller binds values there). Without, a `?` is a syntax error.
  Parser(std::string_view sql, std::vector<Token> tokens,
         std::vector<Expr*>* parameters = nullptr)
      : sql_(sql), tokens_(std::move(tokens)), parameters_(parameters) {}

  // The whole input as one statement, optionally followed by `;`.
  absl::StatusOr<Statement> ParseSingleStatement();
  // The whole input as one expression (parse_check.cc).
  absl::StatusOr<ExprPtr> ParseSingleExpression();

 private:
  // ---- token cursor (parser.cc) ----
  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  bool IsKeyword(std::string_view upper, size_t ahead = 0) const;
  bool AcceptKeyword(std::string_view upper);
  absl::Status ExpectKeyword(std::string_view upper);
  bool IsOp(std::string_view op, size_t ahead = 0) const;
  bool AcceptOp(std::string_view op);
  absl::Status ExpectOp(std::string_view op);
  absl::Status ErrorHere() const;
  absl::Status ErrorAt(const Token& token) const;

  // ---- names (parser.cc) ----
  // A name token: an unquoted non-reserved identifier or a backquoted one.
  bool AtName(size_t ahead = 0) const;
  // Consumes a name; `display` (optional) receives it as written, the result is lowercased.
  absl::StatusOr<std::string> ParseName(std::string* display = nullptr);
  absl::StatusOr<TableName> ParseTableName();
  absl::StatusOr<std::vector<TableName>> ParseTableNameList();
  // `( name, ... )`; `allow_empty` accepts `()`.
  absl::StatusOr<std::vector<std::string>> ParseParenthesizedNames(bool allow_empty);
  absl::StatusOr<int64_t> ParseNonNegativeInteger();

  // ---- statements (parser.cc) ----
  absl::StatusOr<StatementBody> ParseStatementBody();
  absl::StatusOr<StatementBody> ParseTransactionStatement();
  absl::StatusOr<StatementBody> ParseExplain();
  absl::StatusOr<StatementBody> ParseChecksum();
  absl::StatusOr<StatementBody> ParseAnalyze();
  absl::StatusOr<StatementBody> ParseKill();
  // At TRIGGER, PROCEDURE, FUNCTION, EVENT or AGGREGATE (FUNCTION) after CREATE and its
  // options: stored programs, which fail with 1235.
  bool AtStoredProgram() const;
  absl::Status StoredProgramsNotSupported() const;
  // DROP TRIGGER|PROCEDURE|FUNCTION|EVENT ..., after DROP; CALL ...
  absl::StatusOr<StatementBody> ParseDropStoredProgram();
  absl::StatusOr<StatementBody> ParseCall();

  // ---- session statements (parse_session.cc) ----
  absl::StatusOr<StatementBody> ParseSet();
  absl::Status ParseSetAssignment(SetStatement& set);
  absl::StatusOr<SetTransaction> ParseSetTransaction(VariableScope scope);
  absl::StatusOr<std::string> ParseCharsetName();
  // After SHOW [GLOBAL|SESSION]: VARIABLES|STATUS ..., WARNINGS|ERRORS ...; nullopt when
  // the next words are neither (the caller goes on with other SHOW forms).
  absl::StatusOr<std::optional<StatementBody>> ParseShowSession();
  // [LIKE 'pattern' | WHERE expr] after SHOW VARIABLES, SHOW TABLES, ...
  absl::Status ParseShowFilter(std::optional<std::string>& like, ExprPtr& where);

  // ---- accounts and privileges (parse_account.cc) ----
  absl::StatusOr<AccountName> ParseAccountName();
  absl::StatusOr<std::vector<AccountName>> ParseAccountNames();
  absl::StatusOr<AccountAuth> ParseAccountAuth();
  // A password literal: its bytes are masked in the statement's text.
  absl::StatusOr<std::string> ParseSecretString();
  absl::Status ParseResourceOptions(ResourceOptions& resources, bool* grant_option);
  absl::Status ParseAccountTail(ResourceOptions& resources, std::optional<bool>& lock);
  absl::StatusOr<StatementBody> ParseCreateUser();
  absl::StatusOr<StatementBody> ParseAlterUser();
  absl::StatusOr<StatementBody> ParseSetPassword();
  absl::StatusOr<StatementBody> ParseRenameUser();
  absl::StatusOr<StatementBody> ParseDropUser();
  absl::Status ParsePrivilegeList(GrantStatement& grant);
  absl::Status ParseGrantTarget(GrantStatement& grant);
  absl::StatusOr<StatementBody> ParseGrant();
  absl::StatusOr<StatementBody> ParseShowGrants();

  // ---- DDL (parse_ddl.cc) ----
  absl::StatusOr<StatementBody> ParseCreate();
  // ---- ALTER TABLE (parse_alter.cc) ----
  absl::StatusOr<StatementBody> ParseAlter();
  absl::StatusOr<StatementBody> ParseDropIndex();
  absl::Status ParseAlterSpec(AlterTable& alter);
  absl::Status ParseAlterAdd(AlterSpec& spec);
  absl::Status ParseAlterDrop(AlterSpec& spec);
  absl::Status ParseAlterColumnDefault(AlterSpec& spec);
  absl::Status ParseAlterRename(AlterSpec& spec);
  absl::Status ParseColumnPlacement(AlterSpec& spec);
  absl::StatusOr<bool> SkipAlterOption(AlterSpec& spec, TableOptions& options);
  absl::StatusOr<StatementBody> ParseDrop();
  absl::StatusOr<StatementBody> ParseShow();
  absl::StatusOr<StatementBody> ParseDescribe();
  absl::StatusOr<StatementBody> ParseUse();
  absl::StatusOr<CreateTable> ParseCreateTable(bool if_not_exists);
  absl::StatusOr<StatementBody> ParseTruncate();
  absl::StatusOr<StatementBody> ParseCreateView();
  absl::StatusOr<StatementBody> ParseRename();
  absl::Status ParseIndexColumns(IndexDefinition& index);
  absl::Status ParseIndexOptions(IndexDefinition& index);
  absl::Status ParseTableElement(CreateTable& table);
  absl::StatusOr<IndexDefinition> ParseIndexElement();
  // FOREIGN KEY ... after [CONSTRAINT [name]] (parse_foreign_key.cc); `name` the symbol.
  absl::StatusOr<ForeignKeyDefinition> ParseForeignKey(std::string name);
  absl::StatusOr<ForeignKeyAction> ParseForeignKeyAction();
  // ---- CHECK constraints (parse_check.cc) ----
  absl::StatusOr<CheckDefinition> ParseCheck(std::string name);
  absl::StatusOr<bool> ParseEnforcement();
  absl::StatusOr<std::string> ParseConstraintSymbol();
  absl::Status ParseAlterCheck(AlterSpec& spec);
  absl::Status SkipColumnReferences();
  absl::StatusOr<ColumnDefinition> ParseColumnDefinition();
  // parse_column_type.cc
  absl::Status ParseColumnType(ColumnDefinition& column);
  void ParseNumericAttributes(ColumnDefinition& column);
  absl::Status ParsePrecision(ColumnDefinition& column, bool* has_scale);
  absl::Status ParseMembers(ColumnDefinition& column);
  absl::Status ParseColumnAttribute(ColumnDefinition& column);
  absl::StatusOr<uint32_t> ParseLength(const ColumnDefinition& column);
  absl::StatusOr<ExprPtr> ParseDefaultValue();
  bool AcceptCurrentTimestamp();
  absl::Status ParseTableOptions(TableOptions& options);
  absl::StatusOr<std::optional<StatementBody>> ParseShowQuery();
  absl::StatusOr<StatementBody> ParseLockTables();  // parse_lock.cc
  absl::StatusOr<StatementBody> ParseFlush();
  absl::StatusOr<bool> ParseKeptTableOption(TableOptions& options);
  absl::StatusOr<StatementBody> ParseAlterDatabase();
  absl::Status ParseCharsetOptions(std::optional<std::string>* charset,
                                   std::optional<std::string>* collation);
  absl::StatusOr<std::string> ParseOptionName();
  absl::Status SkipOptionValue();
  bool AcceptIfNotExists();
  bool AcceptIfExists();

  // ---- DML (parse_dml.cc, parse_select.cc) ----
  absl::StatusOr<Insert> ParseInsert();
  absl::Status ParseInsertRows(Insert& insert);
  absl::StatusOr<Update> ParseUpdate();
  absl::StatusOr<Delete> ParseDelete();
  // t, t.*, db.t or db.t.* (`star`: written with .*).
  absl::StatusOr<TableName> ParseDeleteTarget(bool* star);
  absl::StatusOr<std::vector<Assignment>> ParseAssignments();
  absl::StatusOr<Select> ParseSelect();
  // A query: [WITH ...] SELECT ..., a parenthesized query, or a compound of them
  // (UNION, EXCEPT, INTERSECT) with its ORDER BY and LIMIT.
  absl::StatusOr<Select> ParseQueryExpression();
  absl::StatusOr<Select> ParseQueryTerm(bool* parenthesized);
  absl::StatusOr<Select> ParseQueryPrimary(bool* parenthesized);
  absl::Status AddOperand(Select& compound, SetOp op, bool all, Select operand,
                          bool parenthesized, bool last);
  absl::StatusOr<std::vector<CommonTable>> ParseCommonTables();
  // Whether a query starts here: SELECT or WITH, possibly after any number of `(`.
  bool AtQueryStart(size_t ahead = 0) const;  // `ahead` tokens on
  absl::Status ParseSelectItem(Select& select);
  absl::Status ParseFrom(Select& select);
  absl::StatusOr<TableRef> ParseTableReference();
  absl::StatusOr<TableRef> ParseTableFactor();
  absl::Status ParseIndexHints(std::vector<IndexHint>& hints);
  absl::Status ParseLockingClause(Select& select);
  bool AtImplicitAlias() const;
  absl::StatusOr<std::vector<OrderItem>> ParseOrderBy();
  absl::Status ParseLimit(std::optional<int64_t>& limit, std::optional<int64_t>* offset);
  absl::StatusOr<ExprPtr> ParseOptionalWhere();

  // ---- expressions (parse_expr.cc) ----
  absl::StatusOr<ExprPtr> ParseExpr();
  absl::StatusOr<std::vector<ExprPtr>> ParseExprList();
  absl::StatusOr<ExprPtr> ParseBinaryLevel(absl::StatusOr<ExprPtr> (Parser::*next)(),
                                           std::optional<BinaryOp> (Parser::*accept)());
  std::optional<BinaryOp> AcceptOrOp();
  std::optional<BinaryOp> AcceptXorOp();
  std::optional<BinaryOp> AcceptAndOp();
  std::optional<BinaryOp> AcceptBitOrOp();
  std::optional<BinaryOp> AcceptBitAndOp();
  std::optional<BinaryOp> AcceptShiftOp();
  std::optional<BinaryOp> AcceptAdditiveOp();
  std::optional<BinaryOp> AcceptMultiplicativeOp();
  std::optional<BinaryOp> AcceptBitXorOp();
  absl::StatusOr<ExprPtr> ParseOr();
  absl::StatusOr<ExprPtr> ParseXor();
  absl::StatusOr<ExprPtr> ParseAnd();
  absl::StatusOr<ExprPtr> ParseNot();
  absl::StatusOr<ExprPtr> ParseComparison();
  bool AtPredicate(size_t ahead) const;
  absl::StatusOr<ExprPtr> ParsePredicateTail(size_t start, ExprPtr left, int left_height);
  absl::StatusOr<ExprPtr> ParseBitOr();
  absl::StatusOr<ExprPtr> ParseBitAnd();
  absl::StatusOr<ExprPtr> ParseShift();
  absl::StatusOr<ExprPtr> ParseAdditive();
  absl::StatusOr<ExprPtr> ParseMultiplicative();
  absl::StatusOr<ExprPtr> ParseBitXor();
  absl::StatusOr<ExprPtr> ParseUnary();
  // parse_expr_forms.cc (also the function calls and variables above)
  absl::StatusOr<ExprPtr> ParseCase();
  absl::StatusOr<ExprPtr> ParseCast();
  absl::StatusOr<CastTarget> ParseCastTarget();
  // `_charset'text'` and `N'text'`: the string literal after a character set introducer.
  bool AtIntroducedString() const;
  // DATE 'text', TIME 'text', TIMESTAMP 'text' (temporal_syntax.cc).
  bool AtTemporalLiteral() const;
  absl::StatusOr<ExprPtr> ParseTemporalLiteral();
  // INTERVAL expr unit: the expression, with the unit stored in `unit` (uppercase).
  absl::StatusOr<ExprPtr> ParseInterval(std::string* unit);
  // A unit of INTERVAL, TIMESTAMPADD, TIMESTAMPDIFF or EXTRACT.
  absl::StatusOr<std::string> ParseIntervalUnit();
  // x + INTERVAL ..., x - INTERVAL ... as DATE_ADD/DATE_SUB calls.
  absl::StatusOr<ExprPtr> MakeIntervalCall(BinaryOp op, ExprPtr left, size_t first);
  // The arguments of DATE_ADD/DATE_SUB/ADDDATE/SUBDATE, TIMESTAMPADD/TIMESTAMPDIFF and
  // EXTRACT, whose syntax has units; false when `call` is another function.
  bool HasTemporalArguments(const Expr& call) const;
  absl::StatusOr<ExprPtr> ParseTemporalArguments(ExprPtr call);
  // The arguments of TRIM, POSITION, SUBSTRING/SUBSTR and CHAR, whose syntax has keywords
  // (string_syntax.cc); false when `call` is another function.
  bool HasStringArguments(const Expr& call) const;
  absl::StatusOr<ExprPtr> ParseStringArguments(ExprPtr call);
  absl::Status ParseTrimArguments(Expr& call, int* height);
  absl::StatusOr<ExprPtr> ParsePrimary();
  absl::StatusOr<ExprPtr> ParseCollateTail(size_t first, ExprPtr operand);
  absl::StatusOr<ExprPtr> ParseIntroducedString();
  // Subquery expressions (parse_select.cc): `(query)` and EXISTS (query) as operands, and
  // `left op ANY|SOME|ALL (query)` after the comparison operator.
  absl::StatusOr<ExprPtr> ParseSubqueryOperand();
  absl::StatusOr<ExprPtr> ParseQuantified(size_t first, BinaryOp op, ExprPtr left,
                                          int left_height);
  absl::StatusOr<std::shared_ptr<Select>> ParseParenthesizedQuery();
  absl::StatusOr<ExprPtr> ParseLiteral();
  absl::StatusOr<ExprPtr> ParseParameter();
  absl::StatusOr<ExprPtr> ParseColumnRef();
  absl::StatusOr<ExprPtr> ParseJsonPathOperator(ExprPtr column, size_t first);
  absl::StatusOr<ExprPtr> ParseMemberOf(size_t first, ExprPtr left, int left_height);
  absl::StatusOr<ExprPtr> ParseVariable();
  // The variable a kUserVar or kSystemVar token names (@@x.y: scope x must be GLOBAL,
  // SESSION or LOCAL).
  absl::StatusOr<VariableRef> VariableOf(const Token& token) const;
  absl::StatusOr<ExprPtr> ParseFunctionCall();
  // ---- window functions (parse_window.cc) ----
  // After a call's `)`: NTH_VALUE's FROM FIRST, RESPECT NULLS, and OVER w | OVER (spec).
  absl::Status ParseWindowTail(Expr& call, const Token& name_token);
  absl::StatusOr<std::shared_ptr<const WindowSpec>> ParseWindowSpec();
  absl::StatusOr<std::shared_ptr<const WindowFrame>> ParseWindowFrame();
  absl::StatusOr<FrameBound> ParseFrameBound();
  // WINDOW w AS (spec), ... (after the keyword).
  absl::Status ParseWindowClause(Select& select);
  absl::StatusOr<ExprPtr> ParseFunctionArguments(ExprPtr call);
  // GROUP_CONCAT's ORDER BY and SEPARATOR clauses; raises *height to the keys' heights.
  absl::Status ParseGroupConcatTail(Expr& call, int* height);
  bool AtFunctionCall() const;
  bool AtNiladicFunction() const;  // CURRENT_USER etc. without parentheses
  absl::StatusOr<Value> NumberValue(const Token& token) const;

  // Builds nodes: `first` is the index of the node's first token; the node ends at the
  // token before the cursor. Records the node's height in last_height_.
  ExprPtr NewExpr(ExprKind kind, size_t first) const;
  absl::StatusOr<ExprPtr> Finish(ExprPtr expr, size_t first, int height);
  absl::StatusOr<ExprPtr> MakeBinary(BinaryOp op, ExprPtr left, int left_height, ExprPtr right,
                                     int right_height, size_t first);
  // The source text of tokens [first, last], with each gap between tokens (whitespace,
  // comments) written as one space.
  std::string TextOf(size_t first, size_t last) const;

  // Counts one level of syntactic nesting for as long as it lives.
  class DepthGuard {
   public:
    explicit DepthGuard(Parser& parser) : parser_(parser) { ++parser_.depth_; }
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    bool exceeded() const { return parser_.depth_ > kMaxExprDepth; }

   private:
    Parser& parser_;
  };

  std::string_view sql_;
  std::vector<Token> tokens_;
  std::vector<Expr*>* const parameters_;  // `?` markers allowed (and collected) when set
  // Byte ranges [begin, end) of password literals, shown as <secret> in Statement::text.
  std::vector<std::pair<uint32_t, uint32_t>> secrets_;
  size_t pos_ = 0;
  int depth_ = 0;
  int last_height_ = 0;  // height of the expression the last expression parser returned
};

// Wraps a parsed statement in the StatementBody variant. (Going through StatusOr's converting
// constructor instead would instantiate the copy constructors of move-only statements.)
template <typename T>
StatementBody ToBody(T&& statement) {
  return StatementBody(std::in_place_type<std::decay_t<T>>, std::forward<T>(statement));
}
template <typename T>
absl::StatusOr<StatementBody> ToBody(absl::StatusOr<T>&& parsed) {
  if (!parsed.ok()) return std::move(parsed).status();
  return ToBody(std::move(*parsed));
}

// ASCII lowercase / uppercase copies.
std::string Lowercase(std::string_view s);
std::string Uppercase(std::string_view s);

}  // namespace ordinal::engine::sql

#endif  // ORDINAL_ENGINE_SQL_PARSER_IMPL_H_
