// ALTER TABLE t spec, ... and DROP INDEX i ON t (docs/alter-table.md). A statement that is
// only ENABLE|DISABLE KEYS stays AlterTableKeys (mysqldump sends it around every load).
#include <utility>

#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {

absl::StatusOr<StatementBody> Parser::ParseAlter() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("ALTER"));
  if (IsKeyword("USER")) return ParseAlterUser();
  if (AcceptKeyword("DATABASE") || AcceptKeyword("SCHEMA")) return ParseAlterDatabase();
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TABLE"));
  ORDINAL_ASSIGN_OR_RETURN(TableName table, ParseTableName());
  if ((IsKeyword("ENABLE") || IsKeyword("DISABLE")) && IsKeyword("KEYS", 1) &&
      (Peek(2).kind == TokenKind::kEnd || IsOp(";", 2))) {
    AlterTableKeys keys;
    keys.table = std::move(table);
    keys.enable = AcceptKeyword("ENABLE");
    if (!keys.enable) Next();
    Next();  // KEYS
    return ToBody(std::move(keys));
  }
  AlterTable alter;
  alter.table = std::move(table);
  do {
    ORDINAL_RETURN_IF_ERROR(ParseAlterSpec(alter));
  } while (AcceptOp(","));
  return ToBody(std::move(alter));
}

// DROP INDEX name ON t [ALGORITHM [=] x] [LOCK [=] x], after DROP.
absl::StatusOr<StatementBody> Parser::ParseDropIndex() {
  AlterTable alter;
  AlterSpec spec;
  spec.action = AlterAction::kDropIndex;
  spec.loc = Peek().loc;
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("INDEX"));
  if (IsKeyword("PRIMARY") && IsKeyword("ON", 1)) {
    Next();
    spec.action = AlterAction::kDropPrimaryKey;
  } else {
    ORDINAL_ASSIGN_OR_RETURN(spec.name, ParseName());
  }
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("ON"));
  ORDINAL_ASSIGN_OR_RETURN(alter.table, ParseTableName());
  alter.specs.push_back(std::move(spec));
  while (IsKeyword("ALGORITHM") || IsKeyword("LOCK")) {
    Next();
    AcceptOp("=");
    ORDINAL_RETURN_IF_ERROR(SkipOptionValue());
  }
  return ToBody(std::move(alter));
}

// [FIRST | AFTER column] after a column definition.
absl::Status Parser::ParseColumnPlacement(AlterSpec& spec) {
  if (AcceptKeyword("FIRST")) {
    spec.first = true;
  } else if (AcceptKeyword("AFTER")) {
    ORDINAL_ASSIGN_OR_RETURN(spec.after, ParseName());
  }
  return absl::OkStatus();
}

absl::Status Parser::ParseAlterAdd(AlterSpec& spec) {
  std::string constraint;  // as written
  if (AcceptKeyword("CONSTRAINT")) {
    ORDINAL_ASSIGN_OR_RETURN(constraint, ParseConstraintSymbol());
    if (!IsKeyword("PRIMARY") && !IsKeyword("UNIQUE") && !IsKeyword("FOREIGN") &&
        !IsKeyword("CHECK")) {
      return ErrorHere();
    }
  }
  if (IsKeyword("CHECK")) {
    spec.action = AlterAction::kAddCheck;
    ORDINAL_ASSIGN_OR_RETURN(spec.check, ParseCheck(std::move(constraint)));
    return absl::OkStatus();
  }
  if (IsKeyword("FOREIGN")) {
    spec.action = AlterAction::kAddForeignKey;
    ORDINAL_ASSIGN_OR_RETURN(spec.foreign_key, ParseForeignKey(Lowercase(constraint)));
    return absl::OkStatus();
  }
  if (IsKeyword("PRIMARY") || IsKeyword("UNIQUE") || IsKeyword("INDEX") || IsKeyword("KEY")) {
    spec.action = AlterAction::kAddIndex;
    ORDINAL_ASSIGN_OR_RETURN(spec.index, ParseIndexElement());
    return absl::OkStatus();
  }
  AcceptKeyword("COLUMN");
  spec.action = AlterAction::kAddColumn;
  ORDINAL_ASSIGN_OR_RETURN(spec.column, ParseColumnDefinition());
  return ParseColumnPlacement(spec);
}

absl::Status Parser::ParseAlterDrop(AlterSpec& spec) {
  if (AcceptKeyword("PRIMARY")) {
    spec.action = AlterAction::kDropPrimaryKey;
    return ExpectKeyword("KEY");
  }
  if (AcceptKeyword("FOREIGN")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("KEY"));
    spec.action = AlterAction::kDropForeignKey;
    ORDINAL_ASSIGN_OR_RETURN(spec.name, ParseName());
    return absl::OkStatus();
  }
  if (AcceptKeyword("INDEX") || AcceptKeyword("KEY")) {
    spec.action = AlterAction::kDropIndex;
    ORDINAL_ASSIGN_OR_RETURN(spec.name, ParseName());
    return absl::OkStatus();
  }
  if (IsKeyword("CHECK") || IsKeyword("CONSTRAINT")) {
    spec.action = IsKeyword("CHECK") ? AlterAction::kDropCheck : AlterAction::kDropConstraint;
    Next();
    ORDINAL_ASSIGN_OR_RETURN(spec.name, ParseName());
    return absl::OkStatus();
  }
  AcceptKeyword("COLUMN");
  spec.action = AlterAction::kDropColumn;
  ORDINAL_ASSIGN_OR_RETURN(spec.name, ParseName());
  return absl::OkStatus();
}

// ALTER [COLUMN] c SET DEFAULT literal | DROP DEFAULT
absl::Status Parser::ParseAlterColumnDefault(AlterSpec& spec) {
  AcceptKeyword("COLUMN");
  ORDINAL_ASSIGN_OR_RETURN(spec.name, ParseName());
  if (AcceptKeyword("DROP")) {
    spec.action = AlterAction::kDropDefault;
    return ExpectKeyword("DEFAULT");
  }
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SET"));
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("DEFAULT"));
  spec.action = AlterAction::kSetDefault;
  if (AcceptOp("(")) {  // MySQL 8 also takes the literal in parentheses
    ORDINAL_ASSIGN_OR_RETURN(spec.default_value, ParseDefaultValue());
    return ExpectOp(")");
  }
  ORDINAL_ASSIGN_OR_RETURN(spec.default_value, ParseDefaultValue());
  return absl::OkStatus();
}

absl::Status Parser::ParseAlterRename(AlterSpec& spec) {
  if (AcceptKeyword("COLUMN")) {
    spec.action = AlterAction::kRenameColumn;
    ORDINAL_ASSIGN_OR_RETURN(spec.name, ParseName());
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TO"));
    ORDINAL_ASSIGN_OR_RETURN(spec.new_name, ParseName(&spec.new_display_name));
    return absl::OkStatus();
  }
  if (AcceptKeyword("INDEX") || AcceptKeyword("KEY")) {
    spec.action = AlterAction::kRenameIndex;
    ORDINAL_ASSIGN_OR_RETURN(spec.name, ParseName());
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("TO"));
    ORDINAL_ASSIGN_OR_RETURN(spec.new_name, ParseName());
    return absl::OkStatus();
  }
  if (!AcceptKeyword("TO")) AcceptKeyword("AS");
  spec.action = AlterAction::kRenameTable;
  ORDINAL_ASSIGN_OR_RETURN(spec.rename_to, ParseTableName());
  return absl::OkStatus();
}

// ALGORITHM [=] x, LOCK [=] x and ENGINE [=] x and the character set options: accepted, no
// effect; COMMENT and ROW_FORMAT: into `options`. Returns false when the next words are none
// of them (or AUTO_INCREMENT, which is a spec of its own).
absl::StatusOr<bool> Parser::SkipAlterOption(AlterSpec& spec, TableOptions& options) {
  if (AcceptKeyword("ALGORITHM") || AcceptKeyword("LOCK")) {
    AcceptOp("=");
    if (!AcceptKeyword("DEFAULT")) ORDINAL_RETURN_IF_ERROR(SkipOptionValue());
    return true;
  }
  if (AcceptKeyword("FORCE")) return true;
  if (AcceptKeyword("AUTO_INCREMENT")) {
    AcceptOp("=");
    spec.action = AlterAction::kAutoIncrement;
    ORDINAL_ASSIGN_OR_RETURN(int64_t value, ParseNonNegativeInteger());
    spec.auto_increment = static_cast<uint64_t>(value);
    return false;  // a spec of its own, not an ignored option
  }
  // One table option per spec: commas separate the specs here.
  ORDINAL_ASSIGN_OR_RETURN(bool kept, ParseKeptTableOption(options));
  if (kept) return true;
  if (AcceptKeyword("ENGINE")) {
    AcceptOp("=");
    ORDINAL_RETURN_IF_ERROR(SkipOptionValue());
    return true;
  }
  if (IsKeyword("DEFAULT") || IsKeyword("CHARACTER") || IsKeyword("CHARSET") ||
      IsKeyword("COLLATE")) {
    const size_t before = pos_;
    ORDINAL_RETURN_IF_ERROR(ParseCharsetOptions(&options.charset, &options.collation));
    if (pos_ != before) return true;
  }
  return ErrorHere();
}

absl::Status Parser::ParseAlterSpec(AlterTable& alter) {
  AlterSpec spec;
  spec.loc = Peek().loc;
  if (AcceptKeyword("ADD")) {
    ORDINAL_RETURN_IF_ERROR(ParseAlterAdd(spec));
  } else if (AcceptKeyword("DROP")) {
    ORDINAL_RETURN_IF_ERROR(ParseAlterDrop(spec));
  } else if (AcceptKeyword("MODIFY")) {
    AcceptKeyword("COLUMN");
    spec.action = AlterAction::kModifyColumn;
    ORDINAL_ASSIGN_OR_RETURN(spec.column, ParseColumnDefinition());
    spec.name = spec.column.name;
    ORDINAL_RETURN_IF_ERROR(ParseColumnPlacement(spec));
  } else if (AcceptKeyword("CHANGE")) {
    AcceptKeyword("COLUMN");
    spec.action = AlterAction::kChangeColumn;
    ORDINAL_ASSIGN_OR_RETURN(spec.name, ParseName());
    ORDINAL_ASSIGN_OR_RETURN(spec.column, ParseColumnDefinition());
    ORDINAL_RETURN_IF_ERROR(ParseColumnPlacement(spec));
  } else if (AcceptKeyword("ALTER")) {
    if (IsKeyword("CHECK") || IsKeyword("CONSTRAINT")) {
      ORDINAL_RETURN_IF_ERROR(ParseAlterCheck(spec));
    } else {
      ORDINAL_RETURN_IF_ERROR(ParseAlterColumnDefault(spec));
    }
  } else if (AcceptKeyword("RENAME")) {
    ORDINAL_RETURN_IF_ERROR(ParseAlterRename(spec));
  } else if (AcceptKeyword("ENABLE") || AcceptKeyword("DISABLE")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("KEYS"));
    spec.action = AlterAction::kKeys;
  } else {
    ORDINAL_ASSIGN_OR_RETURN(bool ignored, SkipAlterOption(spec, alter.options));
    if (ignored) return absl::OkStatus();
  }
  alter.specs.push_back(std::move(spec));
  return absl::OkStatus();
}

}  // namespace ordinal::engine::sql
