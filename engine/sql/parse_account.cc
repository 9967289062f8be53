// Account statements (docs/users-and-privileges.md):
//   CREATE USER [IF NOT EXISTS] account [auth] [, account [auth]] ... [WITH resource ...]
//       [ACCOUNT LOCK | ACCOUNT UNLOCK]
//   ALTER USER [IF EXISTS] account [auth] [, ...] [WITH resource ...] [ACCOUNT ...]
//   DROP USER [IF EXISTS] account [, account] ...
//   GRANT privilege [, ...] ON [TABLE] {*.* | * | db.* | db.t | t} TO account [, ...]
//       [WITH {GRANT OPTION | resource} ...]
//   REVOKE privilege [, ...] ON [TABLE] target FROM account [, ...]
//   REVOKE ALL [PRIVILEGES], GRANT OPTION FROM account [, ...]
//   SHOW GRANTS [FOR account]
//   RENAME USER account TO account [, account TO account] ...
//   SET PASSWORD [FOR account] = 'password'   (ALTER USER account IDENTIFIED BY 'password';
//       without FOR, the caller's own account)
// where account is name[@host] (each part a name or a string; CURRENT_USER[()] is the
// caller), auth is IDENTIFIED BY 'password' | IDENTIFIED WITH plugin [BY 'password'], and
// resource is MAX_QUERIES_PER_HOUR n | MAX_USER_CONNECTIONS n | MAX_UPDATES_PER_HOUR n |
// MAX_CONNECTIONS_PER_HOUR n (the last two are accepted and not enforced).
//
// Every password literal is remembered so that the statement's text shows <secret> in its
// place (SHOW PROCESSLIST, logs).
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/auth/privileges.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {

absl::StatusOr<AccountName> Parser::ParseAccountName() {
  AccountName account;
  account.loc = Peek().loc;
  if (AcceptKeyword("CURRENT_USER")) {
    if (AcceptOp("(")) ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    account.current = true;
    return account;
  }
  const Token& token = Peek();
  if (token.kind == TokenKind::kString || token.kind == TokenKind::kQuotedIdent) {
    account.user = Next().value;
  } else if (token.kind == TokenKind::kIdent) {
    account.user = std::string(Next().text);
  } else {
    return ErrorHere();
  }
  if (account.user.size() > 32) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongStringLength,
                    "String '" + account.user.substr(0, 32) +
                        "...' is too long for user name (should be no longer than 32)");
  }
  if (Peek().kind == TokenKind::kUserVar) {
    account.host = Next().value;
  } else if (IsOp("@")) {
    return ErrorHere();
  }
  if (account.host.empty() || account.host.size() > 255) return ErrorHere();
  return account;
}

absl::StatusOr<std::vector<AccountName>> Parser::ParseAccountNames() {
  std::vector<AccountName> accounts;
  do {
    ORDINAL_ASSIGN_OR_RETURN(AccountName account, ParseAccountName());
    accounts.push_back(std::move(account));
  } while (AcceptOp(","));
  return accounts;
}

absl::StatusOr<std::string> Parser::ParseSecretString() {
  if (Peek().kind != TokenKind::kString) return ErrorHere();
  const Token& token = Next();
  secrets_.emplace_back(token.offset, token.end());
  return token.value;
}

absl::StatusOr<AccountAuth> Parser::ParseAccountAuth() {
  AccountAuth auth;
  ORDINAL_ASSIGN_OR_RETURN(auth.name, ParseAccountName());
  if (!AcceptKeyword("IDENTIFIED")) return auth;
  if (AcceptKeyword("WITH")) {
    const Token& plugin = Peek();
    if (plugin.kind == TokenKind::kIdent) {
      auth.plugin = Lowercase(Next().text);
    } else if (plugin.kind == TokenKind::kString || plugin.kind == TokenKind::kQuotedIdent) {
      auth.plugin = Lowercase(Next().value);
    } else {
      return ErrorHere();
    }
    if (!AcceptKeyword("BY")) return auth;
  } else {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("BY"));
  }
  ORDINAL_ASSIGN_OR_RETURN(auth.password, ParseSecretString());
  return auth;
}

// WITH resource ... (after WITH); `grant_option` (GRANT only) receives GRANT OPTION.
absl::Status Parser::ParseResourceOptions(ResourceOptions& resources, bool* grant_option) {
  bool any = false;
  for (;;) {
    if (grant_option != nullptr && IsKeyword("GRANT") && IsKeyword("OPTION", 1)) {
      Next();
      Next();
      *grant_option = true;
    } else if (AcceptKeyword("MAX_QUERIES_PER_HOUR")) {
      ORDINAL_ASSIGN_OR_RETURN(int64_t n, ParseNonNegativeInteger());
      resources.max_queries_per_hour = static_cast<uint64_t>(n);
    } else if (AcceptKeyword("MAX_USER_CONNECTIONS")) {
      ORDINAL_ASSIGN_OR_RETURN(int64_t n, ParseNonNegativeInteger());
      resources.max_user_connections = static_cast<uint64_t>(n);
    } else if (AcceptKeyword("MAX_UPDATES_PER_HOUR") ||
               AcceptKeyword("MAX_CONNECTIONS_PER_HOUR")) {
      ORDINAL_RETURN_IF_ERROR(ParseNonNegativeInteger().status());
    } else {
      break;
    }
    any = true;
  }
  return any ? absl::OkStatus() : ErrorHere();
}

absl::Status Parser::ParseAccountTail(ResourceOptions& resources, std::optional<bool>& lock) {
  if (AcceptKeyword("WITH")) ORDINAL_RETURN_IF_ERROR(ParseResourceOptions(resources, nullptr));
  if (AcceptKeyword("ACCOUNT")) {
    if (AcceptKeyword("LOCK")) {
      lock = true;
    } else {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("UNLOCK"));
      lock = false;
    }
  }
  return absl::OkStatus();
}

// After CREATE.
absl::StatusOr<StatementBody> Parser::ParseCreateUser() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("USER"));
  CreateUser create;
  create.if_not_exists = AcceptIfNotExists();
  do {
    ORDINAL_ASSIGN_OR_RETURN(AccountAuth auth, ParseAccountAuth());
    if (auth.name.current) return ErrorHere();
    create.accounts.push_back(std::move(auth));
  } while (AcceptOp(","));
  ORDINAL_RETURN_IF_ERROR(ParseAccountTail(create.resources, create.lock));
  return ToBody(std::move(create));
}

// After ALTER.
absl::StatusOr<StatementBody> Parser::ParseAlterUser() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("USER"));
  AlterUser alter;
  alter.if_exists = AcceptIfExists();
  do {
    ORDINAL_ASSIGN_OR_RETURN(AccountAuth auth, ParseAccountAuth());
    alter.accounts.push_back(std::move(auth));
  } while (AcceptOp(","));
  ORDINAL_RETURN_IF_ERROR(ParseAccountTail(alter.resources, alter.lock));
  return ToBody(std::move(alter));
}

// After SET, at PASSWORD. MySQL 8's SET PASSWORD is ALTER USER ... IDENTIFIED BY with the
// account's plugin kept; its TO RANDOM, REPLACE and RETAIN CURRENT PASSWORD clauses (and
// 5.7's PASSWORD('...') function) are syntax errors here.
absl::StatusOr<StatementBody> Parser::ParseSetPassword() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("PASSWORD"));
  AccountAuth auth;
  auth.name.loc = Peek().loc;
  auth.name.current = true;
  if (AcceptKeyword("FOR")) {
    ORDINAL_ASSIGN_OR_RETURN(auth.name, ParseAccountName());
  }
  ORDINAL_RETURN_IF_ERROR(ExpectOp("="));
  ORDINAL_ASSIGN_OR_RETURN(auth.password, ParseSecretString());
  AlterUser alter;
  alter.accounts.push_back(std::move(auth));
  return ToBody(std::move(alter));
}

// After DROP.
absl::StatusOr<StatementBody> Parser::ParseDropUser() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("USER"));
  DropUser drop;
  drop.if_exists = AcceptIfExists();
  ORDINAL_ASSIGN_OR_RETURN(drop.accounts, ParseAccountNames());
  for (const AccountName& account : drop.accounts) {
    if (account.current) return ErrorHere();
  }
  return ToBody(std::move(drop));
}

// After RENAME, at USER.
absl::StatusOr<StatementBody> Parser::ParseRenameUser() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("USER"));
  RenameUser rename;
  do {
    ORDINAL_ASSIGN_OR_RETURN(AccountName from, ParseAccountName());
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TO"));
    ORDINAL_ASSIGN_OR_RETURN(AccountName to, ParseAccountName());
    if (from.current || to.current) return ErrorHere();
    rename.renames.emplace_back(std::move(from), std::move(to));
  } while (AcceptOp(","));
  return ToBody(std::move(rename));
}

// privilege [, privilege] ... up to ON (or FROM/TO); ALL [PRIVILEGES] and GRANT OPTION.
absl::Status Parser::ParsePrivilegeList(GrantStatement& grant) {
  do {
    if (AcceptKeyword("ALL")) {
      AcceptKeyword("PRIVILEGES");
      grant.all = true;
      continue;
    }
    std::string name;
    const Token& first = Peek();
    while (Peek().kind == TokenKind::kIdent && !IsKeyword("ON") && !IsKeyword("FROM") &&
           !IsKeyword("TO")) {
      if (!name.empty()) name += ' ';
      name += Uppercase(Next().text);
    }
    if (name == "GRANT OPTION" && grant.revoke) {
      grant.grant_option = true;
      continue;
    }
    const std::optional<uint64_t> bit = name.empty() ? std::nullopt
                                                     : auth::PrivilegeFromName(name);
    if (!bit.has_value() || *bit == auth::kGrantOption) return ErrorAt(first);
    grant.privileges |= *bit;
  } while (AcceptOp(","));
  return absl::OkStatus();
}

// ON [TABLE] {*.* | * | db.* | db.t | t}
absl::Status Parser::ParseGrantTarget(GrantStatement& grant) {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("ON"));
  AcceptKeyword("TABLE");
  if (AcceptOp("*")) {
    if (AcceptOp(".")) return ExpectOp("*");  // *.*: global
    grant.current_database = true;              // *: the current database
    return absl::OkStatus();
  }
  ORDINAL_ASSIGN_OR_RETURN(std::string first, ParseName());
  if (!AcceptOp(".")) {
    grant.current_database = true;
    grant.table = std::move(first);
    return absl::OkStatus();
  }
  grant.database = std::move(first);
  if (AcceptOp("*")) return absl::OkStatus();
  ORDINAL_ASSIGN_OR_RETURN(grant.table, ParseName());
  return absl::OkStatus();
}

absl::StatusOr<StatementBody> Parser::ParseGrant() {
  GrantStatement grant;
  grant.revoke = AcceptKeyword("REVOKE");
  if (!grant.revoke) ORDINAL_RETURN_IF_ERROR(ExpectKeyword("GRANT"));
  ORDINAL_RETURN_IF_ERROR(ParsePrivilegeList(grant));
  if (grant.revoke && IsKeyword("FROM")) {
    // REVOKE ALL [PRIVILEGES], GRANT OPTION FROM ...: everything, at every level.
    if (!grant.all || !grant.grant_option) return ErrorHere();
    Next();
    ORDINAL_ASSIGN_OR_RETURN(grant.accounts, ParseAccountNames());
    grant.table = "*";  // marks the every-level form (database "" and table "*")
    return ToBody(std::move(grant));
  }
  ORDINAL_RETURN_IF_ERROR(ParseGrantTarget(grant));
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword(grant.revoke ? "FROM" : "TO"));
  ORDINAL_ASSIGN_OR_RETURN(grant.accounts, ParseAccountNames());
  if (!grant.revoke && AcceptKeyword("WITH")) {
    ORDINAL_RETURN_IF_ERROR(ParseResourceOptions(grant.resources, &grant.grant_option));
  }
  return ToBody(std::move(grant));
}

// After SHOW GRANTS.
absl::StatusOr<StatementBody> Parser::ParseShowGrants() {
  ShowGrants show;
  if (AcceptKeyword("FOR")) {
    ORDINAL_ASSIGN_OR_RETURN(AccountName account, ParseAccountName());
    if (!account.current) show.account = std::move(account);
  }
  return ToBody(std::move(show));
}

}  // namespace ordinal::engine::sql
