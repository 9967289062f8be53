// Statements about the session rather than data: SET (system and user variables, NAMES,
// CHARACTER SET, TRANSACTION) and SHOW VARIABLES|STATUS|WARNINGS|ERRORS.
//
//   SET item [, item] ...
//     item: [GLOBAL|SESSION|LOCAL] name {=|:=} value | @@[scope.]name {=|:=} value
//         | @user {=|:=} expr | NAMES {charset [COLLATE collation] | DEFAULT}
//         | {CHARACTER SET | CHARSET} {charset | DEFAULT}
//     value: expr | DEFAULT | ON | a bare word (read as the string it spells)
//   A scope keyword applies to the items after it that name none, as in MySQL.
//   SET [GLOBAL|SESSION] TRANSACTION {ISOLATION LEVEL level | READ ONLY | READ WRITE} [, ...]
#include <utility>

#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {
namespace {

std::optional<VariableScope> ScopeKeyword(std::string_view word) {
  if (KeywordEquals(word, "GLOBAL")) return VariableScope::kGlobal;
  if (KeywordEquals(word, "SESSION") || KeywordEquals(word, "LOCAL")) {
    return VariableScope::kSession;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<StatementBody> Parser::ParseSet() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SET"));
  std::optional<VariableScope> scope;
  if (Peek().kind == TokenKind::kIdent && IsKeyword("TRANSACTION", 1)) {
    scope = ScopeKeyword(Peek().text);
    if (scope) Next();
  }
  if (AcceptKeyword("TRANSACTION")) {
    return ToBody(ParseSetTransaction(scope.value_or(VariableScope::kDefault)));
  }
  if (IsKeyword("PASSWORD") && (IsOp("=", 1) || IsKeyword("FOR", 1))) return ParseSetPassword();
  SetStatement set;
  do {
    ORDINAL_RETURN_IF_ERROR(ParseSetAssignment(set));
  } while (AcceptOp(","));
  return ToBody(std::move(set));
}

absl::Status Parser::ParseSetAssignment(SetStatement& set) {
  SetAssignment item;
  item.loc = Peek().loc;
  // The scope in force: the last scope keyword of the statement, if any.
  VariableScope scope = VariableScope::kDefault;
  if (!set.assignments.empty()) {
    const SetAssignment& previous = set.assignments.back();
    if (previous.kind == SetAssignment::Kind::kVariable &&
        previous.target.scope != VariableScope::kUser) {
      scope = previous.target.scope;
    }
  }
  if (Peek().kind == TokenKind::kIdent && !IsOp("=", 1) && !IsOp(":=", 1)) {
    if (std::optional<VariableScope> s = ScopeKeyword(Peek().text)) {
      Next();
      scope = *s;
    }
  }
  if (AcceptKeyword("NAMES")) {
    item.kind = SetAssignment::Kind::kNames;
    if (!AcceptKeyword("DEFAULT")) {
      ORDINAL_ASSIGN_OR_RETURN(item.charset, ParseCharsetName());
      if (AcceptKeyword("COLLATE")) {
        ORDINAL_ASSIGN_OR_RETURN(item.collation, ParseCharsetName());
      }
    }
    set.assignments.push_back(std::move(item));
    return absl::OkStatus();
  }
  bool charset = AcceptKeyword("CHARSET");
  if (!charset && IsKeyword("CHARACTER") && IsKeyword("SET", 1)) {
    Next();
    Next();
    charset = true;
  }
  if (charset) {
    item.kind = SetAssignment::Kind::kCharacterSet;
    if (!AcceptKeyword("DEFAULT")) {
      ORDINAL_ASSIGN_OR_RETURN(item.charset, ParseCharsetName());
    }
    set.assignments.push_back(std::move(item));
    return absl::OkStatus();
  }
  const Token& target = Peek();
  if (target.kind == TokenKind::kUserVar || target.kind == TokenKind::kSystemVar) {
    Next();
    ORDINAL_ASSIGN_OR_RETURN(item.target, VariableOf(target));
    // `SET GLOBAL @@x` is not MySQL syntax, but a scope keyword before `@@x` is harmless.
    if (item.target.scope == VariableScope::kDefault) item.target.scope = scope;
  } else {
    if (target.kind != TokenKind::kIdent && target.kind != TokenKind::kQuotedIdent) {
      return ErrorHere();
    }
    Next();
    item.target.scope = scope;
    item.target.name =
        Lowercase(target.kind == TokenKind::kQuotedIdent ? std::string_view(target.value)
                                                         : target.text);
  }
  if (!AcceptOp("=")) ORDINAL_RETURN_IF_ERROR(ExpectOp(":="));
  const bool system = item.target.scope != VariableScope::kUser;
  if (system && AcceptKeyword("DEFAULT")) {
    // value stays nullptr: the default
  } else if (system && (IsKeyword("ON") || IsKeyword("BINARY")) &&
             (IsOp(",", 1) || IsOp(";", 1) || Peek(1).kind == TokenKind::kEnd)) {
    item.word = Uppercase(Next().text);
  } else {
    ORDINAL_ASSIGN_OR_RETURN(item.value, ParseExpr());
    if (system && item.value->kind == ExprKind::kColumn && item.value->table_name.empty()) {
      item.word = Uppercase(item.value->column_name);
      item.value.reset();
    }
  }
  set.assignments.push_back(std::move(item));
  return absl::OkStatus();
}

// A character set or collation name: a word or a string.
absl::StatusOr<std::string> Parser::ParseCharsetName() {
  const Token& token = Peek();
  if (token.kind == TokenKind::kString || token.kind == TokenKind::kQuotedIdent) {
    Next();
    return Lowercase(token.value);
  }
  if (token.kind != TokenKind::kIdent) return ErrorHere();
  Next();
  return Lowercase(token.text);
}

absl::StatusOr<SetTransaction> Parser::ParseSetTransaction(VariableScope scope) {
  SetTransaction txn;
  txn.scope = scope;
  do {
    if (AcceptKeyword("ISOLATION")) {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("LEVEL"));
      if (AcceptKeyword("SERIALIZABLE")) {
        txn.isolation = "SERIALIZABLE";
      } else if (AcceptKeyword("REPEATABLE")) {
        ORDINAL_RETURN_IF_ERROR(ExpectKeyword("READ"));
        txn.isolation = "REPEATABLE-READ";
      } else {
        ORDINAL_RETURN_IF_ERROR(ExpectKeyword("READ"));
        if (AcceptKeyword("COMMITTED")) {
          txn.isolation = "READ-COMMITTED";
        } else {
          ORDINAL_RETURN_IF_ERROR(ExpectKeyword("UNCOMMITTED"));
          txn.isolation = "READ-UNCOMMITTED";
        }
      }
    } else {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("READ"));
      if (AcceptKeyword("ONLY")) {
        txn.read_only = 1;
      } else {
        ORDINAL_RETURN_IF_ERROR(ExpectKeyword("WRITE"));
        txn.read_only = 0;
      }
    }
  } while (AcceptOp(","));
  return txn;
}

absl::Status Parser::ParseShowFilter(std::optional<std::string>& like, ExprPtr& where) {
  if (AcceptKeyword("LIKE")) {
    if (Peek().kind != TokenKind::kString) return ErrorHere();
    like = Next().value;
  } else if (AcceptKeyword("WHERE")) {
    ORDINAL_ASSIGN_OR_RETURN(where, ParseExpr());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<StatementBody>> Parser::ParseShowSession() {
  bool global = false;
  const size_t scope_words =
      (IsKeyword("GLOBAL") || IsKeyword("SESSION") || IsKeyword("LOCAL")) ? 1 : 0;
  if (IsKeyword("VARIABLES", scope_words) || IsKeyword("STATUS", scope_words)) {
    if (scope_words == 1) global = KeywordEquals(Next().text, "GLOBAL");
    ShowVariables show;
    show.global = global;
    show.status = KeywordEquals(Next().text, "STATUS");
    ORDINAL_RETURN_IF_ERROR(ParseShowFilter(show.like, show.where));
    return std::optional<StatementBody>(ToBody(std::move(show)));
  }
  ShowWarnings show;
  if (IsKeyword("COUNT") && IsOp("(", 1) && IsOp("*", 2) && IsOp(")", 3) &&
      (IsKeyword("WARNINGS", 4) || IsKeyword("ERRORS", 4))) {
    pos_ += 4;
    show.count_only = true;
    show.errors = KeywordEquals(Next().text, "ERRORS");
    return std::optional<StatementBody>(ToBody(std::move(show)));
  }
  if (IsKeyword("WARNINGS") || IsKeyword("ERRORS")) {
    show.errors = KeywordEquals(Next().text, "ERRORS");
    ORDINAL_RETURN_IF_ERROR(ParseLimit(show.limit, &show.offset));
    return std::optional<StatementBody>(ToBody(std::move(show)));
  }
  return std::optional<StatementBody>();
}

}  // namespace ordinal::engine::sql
