// LOCK TABLES, UNLOCK TABLES and FLUSH (ast.h):
//
//   LOCK {TABLES | TABLE} t [[AS] alias] {READ [LOCAL] | [LOW_PRIORITY] WRITE} [, ...]
//   UNLOCK {TABLES | TABLE}
//   FLUSH [NO_WRITE_TO_BINLOG | LOCAL] option [, option ...]
//     option: {TABLES | TABLE} [t [, t ...]] [WITH READ LOCK | FOR EXPORT] | PRIVILEGES
//           | [BINARY | ENGINE | ERROR | GENERAL | RELAY | SLOW] LOGS | STATUS | HOSTS
//           | USER_RESOURCES | OPTIMIZER_COSTS
#include <string_view>
#include <utility>

#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {

absl::StatusOr<StatementBody> Parser::ParseLockTables() {
  if (AcceptKeyword("UNLOCK")) {
    if (!AcceptKeyword("TABLES")) ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TABLE"));
    return UnlockTables{};
  }
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("LOCK"));
  if (!AcceptKeyword("TABLES")) ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TABLE"));
  LockTables lock;
  do {
    LockedTable item;
    ORDINAL_ASSIGN_OR_RETURN(item.table, ParseTableName());
    const bool as = AcceptKeyword("AS");
    if (as || (!IsKeyword("READ") && !IsKeyword("WRITE") && !IsKeyword("LOW_PRIORITY"))) {
      ORDINAL_ASSIGN_OR_RETURN(item.alias, ParseName());
    }
    if (AcceptKeyword("READ")) {
      AcceptKeyword("LOCAL");
    } else {
      AcceptKeyword("LOW_PRIORITY");
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("WRITE"));
      item.write = true;
    }
    lock.tables.push_back(std::move(item));
  } while (AcceptOp(","));
  return ToBody(std::move(lock));
}

absl::StatusOr<StatementBody> Parser::ParseFlush() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("FLUSH"));
  if (!AcceptKeyword("NO_WRITE_TO_BINLOG")) AcceptKeyword("LOCAL");
  Flush flush;
  do {
    if (AcceptKeyword("TABLES") || AcceptKeyword("TABLE")) {
      if (!IsKeyword("WITH") && !IsKeyword("FOR") && !IsOp(",") && !IsOp(";") &&
          Peek().kind != TokenKind::kEnd) {
        ORDINAL_ASSIGN_OR_RETURN(flush.tables, ParseTableNameList());
      }
      if (AcceptKeyword("WITH")) {
        ORDINAL_RETURN_IF_ERROR(ExpectKeyword("READ"));
        ORDINAL_RETURN_IF_ERROR(ExpectKeyword("LOCK"));
        flush.read_lock = true;
      } else if (AcceptKeyword("FOR")) {
        ORDINAL_RETURN_IF_ERROR(ExpectKeyword("EXPORT"));
      }
      continue;
    }
    static constexpr std::string_view kLogKinds[] = {"BINARY", "ENGINE", "ERROR",
                                                     "GENERAL", "RELAY", "SLOW"};
    bool log_kind = false;
    for (std::string_view kind : kLogKinds) log_kind = log_kind || AcceptKeyword(kind);
    if (log_kind || IsKeyword("LOGS")) {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("LOGS"));
      continue;
    }
    if (AcceptKeyword("PRIVILEGES") || AcceptKeyword("STATUS") || AcceptKeyword("HOSTS") ||
        AcceptKeyword("USER_RESOURCES") || AcceptKeyword("OPTIMIZER_COSTS")) {
      continue;
    }
    return ErrorHere();
  } while (AcceptOp(","));
  return ToBody(std::move(flush));
}

}  // namespace ordinal::engine::sql
