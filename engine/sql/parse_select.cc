// SELECT and the clauses it shares with UPDATE and DELETE (WHERE, ORDER BY, LIMIT).
#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>

#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {
namespace {

// Words that may follow a select item or a FROM table (or UPDATE's tables: SET). An alias written without AS is
// only taken when one of these (or `,`, `;`, `)`, the end) comes next, so a misspelled
// keyword (`SELECT a FORM t`) is reported where it stands instead of being read as an alias.
constexpr std::string_view kClauseWords[] = {
    "FROM",  "WHERE", "GROUP", "HAVING",  "ORDER",   "LIMIT",         "FOR",   "JOIN",
    "INNER", "CROSS", "LEFT",  "RIGHT",   "NATURAL", "STRAIGHT_JOIN", "ON",    "USING",
    "UNION", "EXCEPT", "INTERSECT", "WINDOW", "SET", "USE",  "IGNORE", "FORCE", "LOCK"};

// Words that are never an implicit alias although the lexer does not reserve them.
constexpr std::string_view kNotAliases[] = {"NATURAL", "STRAIGHT_JOIN", "EXCEPT", "INTERSECT",
                                            "WINDOW", "USE", "IGNORE", "FORCE", "LOCK"};

}  // namespace

bool Parser::AtImplicitAlias() const {
  if (!AtName() && Peek().kind != TokenKind::kString) return false;
  if (Peek().kind == TokenKind::kIdent) {
    for (std::string_view word : kNotAliases) {
      if (KeywordEquals(Peek().text, word)) return false;
    }
  }
  const Token& next = Peek(1);
  if (next.kind == TokenKind::kEnd) return true;
  if (next.kind == TokenKind::kOperator) {
    return next.text == "," || next.text == ";" || next.text == ")";
  }
  if (next.kind != TokenKind::kIdent) return false;
  for (std::string_view word : kClauseWords) {
    if (KeywordEquals(next.text, word)) return true;
  }
  return false;
}

bool Parser::AtQueryStart(size_t ahead) const {
  while (IsOp("(", ahead)) ++ahead;
  return IsKeyword("SELECT", ahead) || IsKeyword("WITH", ahead);
}

// [WITH ...] term {UNION|EXCEPT [ALL|DISTINCT] term} [ORDER BY ...] [LIMIT ...], where a
// term is a primary {INTERSECT [ALL|DISTINCT] primary}: INTERSECT binds tighter, as in
// MySQL 8. A trailing ORDER BY / LIMIT applies to the whole compound.
absl::StatusOr<Select> Parser::ParseQueryExpression() {
  std::vector<CommonTable> with;
  bool recursive = false;
  if (AcceptKeyword("WITH")) {
    recursive = AcceptKeyword("RECURSIVE");
    ORDINAL_ASSIGN_OR_RETURN(with, ParseCommonTables());
  }
  bool parenthesized = false;
  ORDINAL_ASSIGN_OR_RETURN(Select query, ParseQueryTerm(&parenthesized));
  if (IsKeyword("UNION") || IsKeyword("EXCEPT")) {
    Select compound;
    ORDINAL_RETURN_IF_ERROR(AddOperand(compound, SetOp::kUnion, false, std::move(query),
                                       parenthesized, /*last=*/false));
    while (IsKeyword("UNION") || IsKeyword("EXCEPT")) {
      const SetOp op = IsKeyword("UNION") ? SetOp::kUnion : SetOp::kExcept;
      Next();
      const bool all = AcceptKeyword("ALL");
      if (!all) AcceptKeyword("DISTINCT");
      ORDINAL_ASSIGN_OR_RETURN(Select operand, ParseQueryTerm(&parenthesized));
      const bool last = !IsKeyword("UNION") && !IsKeyword("EXCEPT");
      ORDINAL_RETURN_IF_ERROR(
          AddOperand(compound, op, all, std::move(operand), parenthesized, last));
    }
    query = std::move(compound);
    parenthesized = false;
  }
  if (parenthesized && (IsKeyword("ORDER") || IsKeyword("LIMIT"))) {
    // (SELECT ...) ORDER BY ... LIMIT ...: a compound of one operand.
    Select wrapper;
    wrapper.compound.push_back(
        {SetOp::kUnion, true, std::make_shared<Select>(std::move(query))});
    query = std::move(wrapper);
  }
  if (!query.compound.empty()) {
    if (query.order_by.empty()) {
      ORDINAL_ASSIGN_OR_RETURN(query.order_by, ParseOrderBy());
    }
    if (!query.limit.has_value()) {
      ORDINAL_RETURN_IF_ERROR(ParseLimit(query.limit, &query.offset));
    }
  }
  if (!with.empty()) {
    if (!query.with.empty()) {
      // WITH ... (WITH ... SELECT): wrap so each list keeps its own scope.
      Select wrapper;
      wrapper.compound.push_back(
          {SetOp::kUnion, true, std::make_shared<Select>(std::move(query))});
      query = std::move(wrapper);
    }
    query.with = std::move(with);
    query.with_recursive = recursive;
  }
  return query;
}

// primary {INTERSECT [ALL|DISTINCT] primary}
absl::StatusOr<Select> Parser::ParseQueryTerm(bool* parenthesized) {
  ORDINAL_ASSIGN_OR_RETURN(Select query, ParseQueryPrimary(parenthesized));
  if (!IsKeyword("INTERSECT")) return query;
  Select compound;
  ORDINAL_RETURN_IF_ERROR(AddOperand(compound, SetOp::kIntersect, false, std::move(query),
                                     *parenthesized, /*last=*/false));
  while (AcceptKeyword("INTERSECT")) {
    const bool all = AcceptKeyword("ALL");
    if (!all) AcceptKeyword("DISTINCT");
    ORDINAL_ASSIGN_OR_RETURN(Select operand, ParseQueryPrimary(parenthesized));
    const bool last = !IsKeyword("INTERSECT") && !IsKeyword("UNION") && !IsKeyword("EXCEPT");
    ORDINAL_RETURN_IF_ERROR(AddOperand(compound, SetOp::kIntersect, all, std::move(operand),
                                       *parenthesized, last));
  }
  *parenthesized = false;
  return compound;
}

// SELECT ... | (query)
absl::StatusOr<Select> Parser::ParseQueryPrimary(bool* parenthesized) {
  *parenthesized = IsOp("(");
  if (!*parenthesized) return ParseSelect();
  DepthGuard guard(*this);
  if (guard.exceeded()) return ErrorHere();
  Next();
  ORDINAL_ASSIGN_OR_RETURN(Select select, ParseQueryExpression());
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  return select;
}

// Appends `operand` to `compound`. An unparenthesized operand's ORDER BY and LIMIT belong to
// the compound when it is the last one, and are MySQL's error 1221 otherwise.
absl::Status Parser::AddOperand(Select& compound, SetOp op, bool all, Select operand,
                                bool parenthesized, bool last) {
  if (!parenthesized && (!operand.order_by.empty() || operand.limit.has_value())) {
    if (!last) {
      return SqlError(absl::StatusCode::kInvalidArgument, static_cast<MysqlErrno>(1221),
                      "Incorrect usage of UNION and ORDER BY");
    }
    compound.order_by = std::move(operand.order_by);
    operand.order_by.clear();
    compound.limit = operand.limit;
    compound.offset = operand.offset;
    operand.limit.reset();
    operand.offset.reset();
  }
  compound.compound.push_back({op, all, std::make_shared<Select>(std::move(operand))});
  return absl::OkStatus();
}

// name [(columns)] AS (query), ...
absl::StatusOr<std::vector<CommonTable>> Parser::ParseCommonTables() {
  std::vector<CommonTable> tables;
  do {
    CommonTable table;
    table.loc = Peek().loc;
    ORDINAL_ASSIGN_OR_RETURN(table.name, ParseName());
    if (IsOp("(")) {
      ORDINAL_ASSIGN_OR_RETURN(table.columns, ParseParenthesizedNames(/*allow_empty=*/false));
    }
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("AS"));
    ORDINAL_ASSIGN_OR_RETURN(table.query, ParseParenthesizedQuery());
    tables.push_back(std::move(table));
  } while (AcceptOp(","));
  return tables;
}

absl::StatusOr<Select> Parser::ParseSelect() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SELECT"));
  Select select;
  // Select options, in any order. MySQL 8 has no query cache; it accepts the SQL_NO_CACHE
  // modifier mysqldump sends and ignores it. The optimizer and scheduling hints
  // (HIGH_PRIORITY, STRAIGHT_JOIN, SQL_SMALL_RESULT, SQL_BIG_RESULT, SQL_BUFFER_RESULT)
  // change no result and are accepted and ignored too (docs/sql-decisions.md).
  static constexpr std::string_view kIgnoredOptions[] = {
      "SQL_NO_CACHE", "HIGH_PRIORITY", "STRAIGHT_JOIN", "SQL_SMALL_RESULT", "SQL_BIG_RESULT",
      "SQL_BUFFER_RESULT"};
  bool all = false;
  for (;;) {
    if (AcceptKeyword("DISTINCT") || AcceptKeyword("DISTINCTROW")) {
      if (all) return ErrorAt(tokens_[pos_ - 1]);
      select.distinct = true;
    } else if (AcceptKeyword("ALL")) {
      if (select.distinct) return ErrorAt(tokens_[pos_ - 1]);
      all = true;
    } else if (AcceptKeyword("SQL_CALC_FOUND_ROWS")) {
      select.calc_found_rows = true;
    } else if (std::none_of(std::begin(kIgnoredOptions), std::end(kIgnoredOptions),
                            [this](std::string_view word) { return AcceptKeyword(word); })) {
      break;
    }
  }
  do {
    ORDINAL_RETURN_IF_ERROR(ParseSelectItem(select));
  } while (AcceptOp(","));
  if (AcceptKeyword("FROM")) ORDINAL_RETURN_IF_ERROR(ParseFrom(select));
  ORDINAL_ASSIGN_OR_RETURN(select.where, ParseOptionalWhere());
  if (AcceptKeyword("GROUP")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("BY"));
    ORDINAL_ASSIGN_OR_RETURN(select.group_by, ParseExprList());
    if (IsKeyword("WITH") && IsKeyword("ROLLUP", 1)) {
      Next();
      Next();
      select.rollup = true;
    }
  }
  if (AcceptKeyword("HAVING")) {
    ORDINAL_ASSIGN_OR_RETURN(select.having, ParseExpr());
  }
  if (AcceptKeyword("WINDOW")) ORDINAL_RETURN_IF_ERROR(ParseWindowClause(select));
  ORDINAL_ASSIGN_OR_RETURN(select.order_by, ParseOrderBy());
  ORDINAL_RETURN_IF_ERROR(ParseLimit(select.limit, &select.offset));
  ORDINAL_RETURN_IF_ERROR(ParseLockingClause(select));
  return select;
}

// FOR {UPDATE | SHARE} [OF t [, t ...]] [NOWAIT | SKIP LOCKED] (several, one per table
// list) or LOCK IN SHARE MODE. Transactions are optimistic (docs/sql-decisions.md): a row
// read under any of them is validated at commit like an UPDATE's target, nothing waits for
// a lock, so NOWAIT never fails and SKIP LOCKED skips nothing. OF names are checked
// against nothing (a read of every table of the query is tracked).
absl::Status Parser::ParseLockingClause(Select& select) {
  if (IsKeyword("LOCK") && IsKeyword("IN", 1)) {
    Next();
    Next();
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SHARE"));
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("MODE"));
    select.for_update = true;
    return absl::OkStatus();
  }
  while (IsKeyword("FOR") && (IsKeyword("UPDATE", 1) || IsKeyword("SHARE", 1))) {
    Next();
    Next();
    select.for_update = true;
    if (AcceptKeyword("OF")) {
      ORDINAL_RETURN_IF_ERROR(ParseTableNameList().status());
    }
    if (!AcceptKeyword("NOWAIT") && AcceptKeyword("SKIP")) {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("LOCKED"));
    }
  }
  if (IsKeyword("FOR")) return ErrorAt(Peek(1));
  return absl::OkStatus();
}

// *, t.*, or expr [[AS] alias]; an alias may be a name or a string ('x' or "x").
absl::Status Parser::ParseSelectItem(Select& select) {
  SelectItem item;
  if (AcceptOp("*")) {
    item.star = true;
  } else if (AtName() && IsOp(".", 1) && IsOp("*", 2)) {
    ORDINAL_ASSIGN_OR_RETURN(item.star_table, ParseName());
    Next();  // .
    Next();  // *
    item.star = true;
  } else {
    ORDINAL_ASSIGN_OR_RETURN(item.expr, ParseExpr());
    const bool as = AcceptKeyword("AS");
    if (as || AtImplicitAlias()) {
      const Token& token = Peek();
      if (token.kind == TokenKind::kString || token.kind == TokenKind::kQuotedIdent) {
        item.alias = token.value;
      } else if (AtName()) {
        item.alias = std::string(token.text);
      } else {
        return ErrorHere();
      }
      Next();
    }
  }
  select.items.push_back(std::move(item));
  return absl::OkStatus();
}

// FROM DUAL (no table), or FROM a comma-separated list of table references.
absl::Status Parser::ParseFrom(Select& select) {
  if (AcceptKeyword("DUAL")) return absl::OkStatus();
  do {
    ORDINAL_ASSIGN_OR_RETURN(TableRef ref, ParseTableReference());
    select.from.push_back(std::move(ref));
  } while (AcceptOp(","));
  return absl::OkStatus();
}

// A table factor followed by any number of joins, left-associative:
//   [INNER|CROSS] JOIN f [ON e | USING (cols)] | STRAIGHT_JOIN f [ON e]
//   LEFT|RIGHT [OUTER] JOIN f ON e | USING (cols)
//   NATURAL [INNER | LEFT [OUTER] | RIGHT [OUTER]] JOIN f
absl::StatusOr<TableRef> Parser::ParseTableReference() {
  ORDINAL_ASSIGN_OR_RETURN(TableRef left, ParseTableFactor());
  for (;;) {
    TableRef join;
    join.loc = Peek().loc;
    const bool natural = AcceptKeyword("NATURAL");
    bool needs_condition = false;
    if (IsKeyword("LEFT") || IsKeyword("RIGHT")) {
      join.join = IsKeyword("LEFT") ? JoinKind::kLeft : JoinKind::kRight;
      Next();
      AcceptKeyword("OUTER");
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
      needs_condition = !natural;
    } else if (AcceptKeyword("INNER") || AcceptKeyword("CROSS")) {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
    } else if (!AcceptKeyword("JOIN") && !AcceptKeyword("STRAIGHT_JOIN")) {
      if (natural) return ErrorHere();
      return left;
    }
    join.natural = natural;
    ORDINAL_ASSIGN_OR_RETURN(TableRef right, ParseTableFactor());
    if (!natural && AcceptKeyword("ON")) {
      ORDINAL_ASSIGN_OR_RETURN(join.on, ParseExpr());
    } else if (!natural && IsKeyword("USING")) {
      Next();
      ORDINAL_ASSIGN_OR_RETURN(join.using_columns,
                               ParseParenthesizedNames(/*allow_empty=*/false));
    } else if (needs_condition) {
      return ErrorHere();
    }
    join.left = std::make_unique<TableRef>(std::move(left));
    join.right = std::make_unique<TableRef>(std::move(right));
    left = std::move(join);
  }
}

// t [[AS] alias] | (query) [AS] alias | (table references)
absl::StatusOr<TableRef> Parser::ParseTableFactor() {
  TableRef ref;
  ref.loc = Peek().loc;
  if (IsOp("(")) {
    DepthGuard guard(*this);
    if (guard.exceeded()) return ErrorHere();
    if (AtQueryStart()) {
      ORDINAL_ASSIGN_OR_RETURN(Select select, ParseQueryExpression());
      ref.subquery = std::make_shared<Select>(std::move(select));
      AcceptKeyword("AS");
      if (!AtName()) {
        return SqlError(absl::StatusCode::kInvalidArgument,
                        static_cast<MysqlErrno>(1248),
                        "Every derived table must have its own alias");
      }
      ORDINAL_ASSIGN_OR_RETURN(ref.alias, ParseName());
      return ref;
    }
    Next();  // (
    ORDINAL_ASSIGN_OR_RETURN(ref, ParseTableReference());
    while (AcceptOp(",")) {  // (a, b) is (a CROSS JOIN b)
      TableRef join;
      join.loc = ref.loc;
      ORDINAL_ASSIGN_OR_RETURN(TableRef right, ParseTableReference());
      join.left = std::make_unique<TableRef>(std::move(ref));
      join.right = std::make_unique<TableRef>(std::move(right));
      ref = std::move(join);
    }
    ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    return ref;
  }
  ORDINAL_ASSIGN_OR_RETURN(ref.name, ParseTableName());
  if (AcceptKeyword("AS") || (AtName() && AtImplicitAlias())) {
    ORDINAL_ASSIGN_OR_RETURN(ref.alias, ParseName());
  }
  ORDINAL_RETURN_IF_ERROR(ParseIndexHints(ref.index_hints));
  return ref;
}

// {USE | IGNORE | FORCE} {INDEX | KEY} [FOR {JOIN | ORDER BY | GROUP BY}] (name, ...), any
// number of them; PRIMARY names the primary key. Only USE may list no index.
absl::Status Parser::ParseIndexHints(std::vector<IndexHint>& hints) {
  for (;;) {
    IndexHint hint;
    hint.loc = Peek().loc;
    if (!IsKeyword("INDEX", 1) && !IsKeyword("KEY", 1)) return absl::OkStatus();
    if (IsKeyword("USE")) {
      hint.kind = IndexHint::Kind::kUse;
    } else if (IsKeyword("IGNORE")) {
      hint.kind = IndexHint::Kind::kIgnore;
    } else if (IsKeyword("FORCE")) {
      hint.kind = IndexHint::Kind::kForce;
    } else {
      return absl::OkStatus();
    }
    Next();
    Next();
    if (AcceptKeyword("FOR")) {
      if (AcceptKeyword("JOIN")) {
        hint.scope = IndexHint::Scope::kJoin;
      } else if (AcceptKeyword("ORDER")) {
        ORDINAL_RETURN_IF_ERROR(ExpectKeyword("BY"));
        hint.scope = IndexHint::Scope::kOrderBy;
      } else {
        ORDINAL_RETURN_IF_ERROR(ExpectKeyword("GROUP"));
        ORDINAL_RETURN_IF_ERROR(ExpectKeyword("BY"));
        hint.scope = IndexHint::Scope::kGroupBy;
      }
    }
    ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
    if (hint.kind != IndexHint::Kind::kUse || !IsOp(")")) {
      do {
        if (AcceptKeyword("PRIMARY")) {
          hint.indexes.push_back("primary");
          continue;
        }
        ORDINAL_ASSIGN_OR_RETURN(std::string name, ParseName());
        hint.indexes.push_back(std::move(name));
      } while (AcceptOp(","));
    }
    ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    hints.push_back(std::move(hint));
  }
}

absl::StatusOr<std::shared_ptr<Select>> Parser::ParseParenthesizedQuery() {
  DepthGuard guard(*this);
  if (guard.exceeded()) return ErrorHere();
  ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
  ORDINAL_ASSIGN_OR_RETURN(Select select, ParseQueryExpression());
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  return std::make_shared<Select>(std::move(select));
}

absl::StatusOr<ExprPtr> Parser::ParseSubqueryOperand() {
  const size_t first = pos_;
  ExprPtr node = NewExpr(AcceptKeyword("EXISTS") ? ExprKind::kExists : ExprKind::kSubquery,
                         first);
  ORDINAL_ASSIGN_OR_RETURN(node->subquery, ParseParenthesizedQuery());
  return Finish(std::move(node), first, 1);
}

absl::StatusOr<ExprPtr> Parser::ParseQuantified(size_t first, BinaryOp op, ExprPtr left,
                                                int left_height) {
  ExprPtr node = NewExpr(ExprKind::kQuantified, first);
  node->binary_op = op;
  node->quantifier_all = AcceptKeyword("ALL");
  if (!node->quantifier_all) Next();  // ANY or SOME
  node->children.push_back(std::move(left));
  ORDINAL_ASSIGN_OR_RETURN(node->subquery, ParseParenthesizedQuery());
  return Finish(std::move(node), first, left_height + 1);
}

absl::StatusOr<ExprPtr> Parser::ParseOptionalWhere() {
  if (!AcceptKeyword("WHERE")) return ExprPtr();
  return ParseExpr();
}

absl::StatusOr<std::vector<OrderItem>> Parser::ParseOrderBy() {
  std::vector<OrderItem> items;
  if (!AcceptKeyword("ORDER")) return items;
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("BY"));
  do {
    OrderItem item;
    ORDINAL_ASSIGN_OR_RETURN(item.expr, ParseExpr());
    if (AcceptKeyword("DESC")) {
      item.descending = true;
    } else {
      AcceptKeyword("ASC");
    }
    items.push_back(std::move(item));
  } while (AcceptOp(","));
  return items;
}

// LIMIT n, LIMIT n OFFSET m, or LIMIT m, n (offset first). `offset` is null where the
// statement has no offset (UPDATE, DELETE).
absl::Status Parser::ParseLimit(std::optional<int64_t>& limit, std::optional<int64_t>* offset) {
  if (!AcceptKeyword("LIMIT")) return absl::OkStatus();
  ORDINAL_ASSIGN_OR_RETURN(int64_t first, ParseNonNegativeInteger());
  limit = first;
  if (offset == nullptr) return absl::OkStatus();
  if (AcceptKeyword("OFFSET")) {
    ORDINAL_ASSIGN_OR_RETURN(int64_t skip, ParseNonNegativeInteger());
    *offset = skip;
  } else if (AcceptOp(",")) {
    ORDINAL_ASSIGN_OR_RETURN(int64_t count, ParseNonNegativeInteger());
    *offset = first;
    limit = count;
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::sql
