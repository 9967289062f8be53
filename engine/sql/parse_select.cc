// SELECT and the clauses it shares with UPDATE and DELETE (WHERE, ORDER BY, LIMIT).
#include <utility>

#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {
namespace {

// Words that may follow a select item or a FROM table. An alias written without AS is
// only taken when one of these (or `,`, `;`, `)`, the end) comes next, so a misspelled
// keyword (`SELECT a FORM t`) is reported where it stands instead of being read as an alias.
constexpr std::string_view kClauseWords[] = {
    "FROM",  "WHERE", "GROUP", "HAVING",  "ORDER",   "LIMIT",         "FOR",   "JOIN",
    "INNER", "CROSS", "LEFT",  "RIGHT",   "NATURAL", "STRAIGHT_JOIN", "ON",    "USING",
    "UNION", "EXCEPT", "INTERSECT", "WINDOW"};

// Words that are never an implicit alias although the lexer does not reserve them.
constexpr std::string_view kNotAliases[] = {"NATURAL", "STRAIGHT_JOIN", "EXCEPT", "INTERSECT",
                                            "WINDOW"};

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

bool Parser::AtQueryStart() const {
  size_t ahead = 0;
  while (IsOp("(", ahead)) ++ahead;
  return IsKeyword("SELECT", ahead);
}

absl::StatusOr<Select> Parser::ParseQueryExpression() {
  if (AcceptOp("(")) {
    DepthGuard guard(*this);
    if (guard.exceeded()) return ErrorHere();
    ORDINAL_ASSIGN_OR_RETURN(Select select, ParseQueryExpression());
    ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    return select;
  }
  return ParseSelect();
}

absl::StatusOr<Select> Parser::ParseSelect() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SELECT"));
  Select select;
  if (AcceptKeyword("DISTINCT") || AcceptKeyword("DISTINCTROW")) {
    select.distinct = true;
  } else {
    AcceptKeyword("ALL");
  }
  do {
    ORDINAL_RETURN_IF_ERROR(ParseSelectItem(select));
  } while (AcceptOp(","));
  if (AcceptKeyword("FROM")) ORDINAL_RETURN_IF_ERROR(ParseFrom(select));
  ORDINAL_ASSIGN_OR_RETURN(select.where, ParseOptionalWhere());
  if (AcceptKeyword("GROUP")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("BY"));
    ORDINAL_ASSIGN_OR_RETURN(select.group_by, ParseExprList());
  }
  if (AcceptKeyword("HAVING")) {
    ORDINAL_ASSIGN_OR_RETURN(select.having, ParseExpr());
  }
  ORDINAL_ASSIGN_OR_RETURN(select.order_by, ParseOrderBy());
  ORDINAL_RETURN_IF_ERROR(ParseLimit(select.limit, &select.offset));
  if (AcceptKeyword("FOR")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("UPDATE"));
    select.for_update = true;
  }
  return select;
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
  return ref;
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
