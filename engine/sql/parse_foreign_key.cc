// FOREIGN KEY clauses of CREATE TABLE and ALTER TABLE ADD (docs/foreign-keys.md), and the
// column-level REFERENCES clause, which MySQL 8.0 parses and ignores.
#include <utility>

#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {

// FOREIGN KEY [index_name] (cols) REFERENCES t (cols) [MATCH FULL|PARTIAL|SIMPLE]
// [ON DELETE action] [ON UPDATE action] (the two ON clauses in either order).
absl::StatusOr<ForeignKeyDefinition> Parser::ParseForeignKey(std::string name) {
  ForeignKeyDefinition key;
  key.loc = Peek().loc;
  key.name = std::move(name);
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("FOREIGN"));
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("KEY"));
  if (AtName() && !IsOp("(")) {
    ORDINAL_ASSIGN_OR_RETURN(key.index_name, ParseName());
  }
  ORDINAL_ASSIGN_OR_RETURN(key.columns, ParseParenthesizedNames(/*allow_empty=*/false));
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("REFERENCES"));
  ORDINAL_ASSIGN_OR_RETURN(key.referenced, ParseTableName());
  ORDINAL_ASSIGN_OR_RETURN(key.referenced_columns,
                           ParseParenthesizedNames(/*allow_empty=*/false));
  if (AcceptKeyword("MATCH")) {
    if (!AcceptKeyword("FULL") && !AcceptKeyword("PARTIAL")) {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SIMPLE"));
    }
  }
  bool seen_delete = false;
  bool seen_update = false;
  while (IsKeyword("ON")) {
    Next();
    if (!seen_delete && AcceptKeyword("DELETE")) {
      seen_delete = true;
      ORDINAL_ASSIGN_OR_RETURN(key.on_delete, ParseForeignKeyAction());
    } else if (!seen_update && AcceptKeyword("UPDATE")) {
      seen_update = true;
      ORDINAL_ASSIGN_OR_RETURN(key.on_update, ParseForeignKeyAction());
    } else {
      return ErrorHere();
    }
  }
  return key;
}

// RESTRICT | CASCADE | SET NULL | SET DEFAULT | NO ACTION
absl::StatusOr<ForeignKeyAction> Parser::ParseForeignKeyAction() {
  if (AcceptKeyword("RESTRICT")) return ForeignKeyAction::kRestrict;
  if (AcceptKeyword("CASCADE")) return ForeignKeyAction::kCascade;
  if (AcceptKeyword("SET")) {
    if (AcceptKeyword("DEFAULT")) return ForeignKeyAction::kSetDefault;
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("NULL"));
    return ForeignKeyAction::kSetNull;
  }
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("NO"));
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("ACTION"));
  return ForeignKeyAction::kNoAction;
}

// REFERENCES t [(cols)] [MATCH ...] [ON DELETE|UPDATE action]... in a column definition.
absl::Status Parser::SkipColumnReferences() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("REFERENCES"));
  ORDINAL_RETURN_IF_ERROR(ParseTableName().status());
  if (IsOp("(")) ORDINAL_RETURN_IF_ERROR(ParseParenthesizedNames(false).status());
  if (AcceptKeyword("MATCH")) {
    if (!AcceptKeyword("FULL") && !AcceptKeyword("PARTIAL")) {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SIMPLE"));
    }
  }
  while (IsKeyword("ON") && (IsKeyword("DELETE", 1) || IsKeyword("UPDATE", 1))) {
    Next();
    Next();
    ORDINAL_RETURN_IF_ERROR(ParseForeignKeyAction().status());
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::sql
