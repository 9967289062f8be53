// SELECT and the clauses it shares with UPDATE and DELETE (WHERE, ORDER BY, LIMIT).
#include <utility>

#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {
namespace {

// Words that may follow a select item or the FROM table. An alias written without AS is
// only taken when one of these (or `,`, `;`, the end) comes next, so a misspelled keyword
// (`SELECT a FORM t`) is reported where it stands instead of being read as an alias.
constexpr std::string_view kClauseWords[] = {"FROM",  "WHERE", "GROUP", "HAVING",
                                             "ORDER", "LIMIT", "FOR"};

}  // namespace

bool Parser::AtImplicitAlias() const {
  if (!AtName() && Peek().kind != TokenKind::kString) return false;
  const Token& next = Peek(1);
  if (next.kind == TokenKind::kEnd) return true;
  if (next.kind == TokenKind::kOperator) return next.text == "," || next.text == ";";
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

// FROM t [[AS] alias], or FROM DUAL (no table).
absl::Status Parser::ParseFrom(Select& select) {
  if (AcceptKeyword("DUAL")) return absl::OkStatus();
  ORDINAL_ASSIGN_OR_RETURN(select.from, ParseTableName());
  if (AcceptKeyword("AS") || (AtName() && AtImplicitAlias())) {
    ORDINAL_ASSIGN_OR_RETURN(select.from_alias, ParseName());
  }
  return absl::OkStatus();
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
