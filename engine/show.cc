#include "engine/show.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"
#include "engine/catalog/check_defs.h"
#include "engine/catalog/foreign_key_defs.h"
#include "engine/catalog/information_schema.h"
#include "engine/catalog/table_options.h"
#include "engine/ddl.h"
#include "engine/exec/evaluator.h"
#include "engine/plan/binder.h"

namespace ordinal::engine::show {
namespace {

// CURRENT_TIMESTAMP as DEFAULT and ON UPDATE show it: with the column's precision.
std::string CurrentTimestampText(uint32_t fsp) {
  return fsp > 0 ? absl::StrCat("CURRENT_TIMESTAMP(", fsp, ")") : "CURRENT_TIMESTAMP";
}

ResultSet TextResult(const std::vector<std::string>& names) {
  ResultSet result;
  result.has_rows = true;
  for (const std::string& name : names) result.columns.push_back({name, ColumnType::kText});
  return result;
}

std::string IndexColumns(const ordinal::v1::TableDef& def, const ordinal::v1::IndexDef& index) {
  std::vector<std::string> names;
  for (uint32_t c : index.column_indexes()) names.push_back(QuoteIdentifier(catalog::ColumnDisplayName(def.columns(c))));
  return absl::StrCat("(", absl::StrJoin(names, ","), ")");
}

// MySQL 8's character set clause of a column: CHARACTER SET when its collation is not the
// table's, then COLLATE when the collation is not its character set's default or is a
// utf8mb4 one (MySQL 8 names utf8mb4 collations, as in the table's options).
std::string ColumnCollationText(const ordinal::v1::TableDef& def,
                                const ordinal::v1::ColumnDef& column) {
  const Collation* collation = catalog::ColumnCollation(column);
  if (collation == nullptr || collation == &catalog::TableDefaultCollation(def)) return "";
  std::string text = absl::StrCat(" CHARACTER SET ", collation->charset());
  if (DefaultCollationOf(collation->charset()) != collation ||
      collation->charset() == "utf8mb4") {
    absl::StrAppend(&text, " COLLATE ", collation->name());
  }
  return text;
}

// One column of SHOW CREATE TABLE, as MySQL 8 writes it.
std::string ColumnLine(const ordinal::v1::TableDef& def, const ordinal::v1::ColumnDef& column) {
  const SqlType type = catalog::ColumnSqlType(column);
  std::string line =
      absl::StrCat("  ", QuoteIdentifier(catalog::ColumnDisplayName(column)), " ",
                   SqlTypeText(type), ColumnCollationText(def, column));
  if (!column.nullable()) absl::StrAppend(&line, " NOT NULL");
  // MySQL omits "DEFAULT NULL" for TEXT and BLOB columns, which take no literal default.
  const bool blob = MaxByteLength(type.type) > 0;
  // A nullable TIMESTAMP says NULL explicitly, as MySQL writes it.
  if (column.nullable() && type.type == ColumnType::kTimestamp) absl::StrAppend(&line, " NULL");
  const std::string now = CurrentTimestampText(type.scale);
  if (column.default_now()) {
    absl::StrAppend(&line, " DEFAULT ", now);
  } else if (column.has_default()) {
    absl::StrAppend(&line, " DEFAULT ",
                    QuoteString(catalog::ColumnDefault(column).ToString()));
  } else if (column.nullable() && !blob) {
    absl::StrAppend(&line, " DEFAULT NULL");
  }
  if (column.on_update_now()) absl::StrAppend(&line, " ON UPDATE ", now);
  if (column.auto_increment()) absl::StrAppend(&line, " AUTO_INCREMENT");
  if (!column.comment().empty()) {
    absl::StrAppend(&line, " COMMENT ", catalog::QuoteComment(column.comment()));
  }
  return line;
}

std::string Lower(std::string_view s) {
  return absl::AsciiStrToLower(absl::string_view(s.data(), s.size()));
}

// Gives each column reference in `expr` the slot of the column it names.
absl::Status BindColumns(sql::Expr& expr, const std::vector<std::string>& lowercase_columns) {
  if (expr.kind == sql::ExprKind::kColumn) {
    auto it = std::find(lowercase_columns.begin(), lowercase_columns.end(), expr.column_name);
    if (it == lowercase_columns.end()) {
      return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadField,
                      absl::StrCat("Unknown column '", expr.column_name, "' in 'where clause'"));
    }
    expr.slot = static_cast<int>(it - lowercase_columns.begin());
  }
  for (sql::ExprPtr& child : expr.children) {
    ORDINAL_RETURN_IF_ERROR(BindColumns(*child, lowercase_columns));
  }
  return absl::OkStatus();
}

// DESCRIBE's Extra column, as MySQL 8 fills it.
absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> LookUp(
    const sql::TableName& name, const catalog::Catalog& catalog,
    std::string_view current_database) {
  ORDINAL_ASSIGN_OR_RETURN(std::string database,
                           ddl::ResolveDatabase(name, current_database));
  return catalog.GetTable(database, name.table);
}

// " COMMENT 'text'" after a key with a comment, as MySQL shows it; "" otherwise.
std::string IndexCommentClause(const ordinal::v1::IndexDef& index) {
  if (index.comment().empty()) return "";
  return absl::StrCat(" COMMENT ", catalog::QuoteComment(index.comment()));
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

std::string QuoteString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

absl::StatusOr<ShowFilter> ShowFilter::Make(const std::optional<std::string>& like,
                                            const sql::Expr* where,
                                            const std::vector<std::string>& columns) {
  ShowFilter filter;
  if (like.has_value()) filter.like_ = Lower(*like);
  if (where != nullptr) {
    std::vector<std::string> lowercase;
    for (const std::string& name : columns) lowercase.push_back(Lower(name));
    filter.where_ = plan::CloneExpr(*where);
    ORDINAL_RETURN_IF_ERROR(BindColumns(*filter.where_, lowercase));
  }
  return filter;
}

absl::StatusOr<bool> ShowFilter::Keep(const std::vector<Value>& row) const {
  if (like_.has_value() && !exec::LikeMatch(Lower(row.at(0).ToString()), *like_)) return false;
  if (where_ != nullptr) return exec::EvaluatePredicate(*where_, row);
  return true;
}

std::string ColumnTypeText(const ordinal::v1::ColumnDef& column) {
  return SqlTypeText(catalog::ColumnSqlType(column));
}

std::string CreateTableText(const catalog::TableInfo& table,
                            std::optional<int64_t> next_auto_increment) {
  const ordinal::v1::TableDef& def = table.def;
  std::vector<std::string> lines;
  for (int i = 0; i < table.VisibleColumnCount(); ++i) lines.push_back(ColumnLine(def, def.columns(i)));
  if (!def.hidden_primary_key()) {
    lines.push_back(absl::StrCat("  PRIMARY KEY ", IndexColumns(def, def.primary_key()),
                                 IndexCommentClause(def.primary_key())));
  }
  // MySQL lists unique keys before the others, each group in creation order.
  for (bool unique : {true, false}) {
    for (const ordinal::v1::IndexDef& index : def.indexes()) {
      if (index.unique() != unique) continue;
      lines.push_back(absl::StrCat("  ", unique ? "UNIQUE KEY " : "KEY ",
                                   QuoteIdentifier(index.name()), " ", IndexColumns(def, index),
                                   IndexCommentClause(index)));
    }
  }
  for (const ordinal::v1::ForeignKeyDef& key : def.foreign_keys()) {
    lines.push_back(absl::StrCat("  ", catalog::ForeignKeyClause(def, key)));
  }
  for (const ordinal::v1::CheckDef* check : catalog::ChecksByName(def)) {
    lines.push_back(absl::StrCat("  ", catalog::CheckConstraintClause(*check)));
  }
  return absl::StrCat("CREATE TABLE ", QuoteIdentifier(def.name()), " (\n",
                      absl::StrJoin(lines, ",\n"), "\n) ",
                      catalog::TableOptionsClause(def, next_auto_increment));
}

std::vector<std::vector<Value>> ProcessRows(const std::vector<ProcessList::Row>& rows,
                                            bool full) {
  constexpr size_t kInfoChars = 100;  // MySQL's cut without FULL
  auto text_or_null = [](const std::string& s) {
    return s.empty() ? Value::Null() : Value::String(s);
  };
  std::vector<std::vector<Value>> values;
  values.reserve(rows.size());
  for (const ProcessList::Row& row : rows) {
    Value info = Value::Null();
    if (row.info.has_value()) {
      info = Value::String(full ? *row.info : row.info->substr(0, kInfoChars));
    }
    values.push_back({Value::Int(static_cast<int64_t>(row.id)), Value::String(row.user),
                      Value::String(row.host), text_or_null(row.db), Value::String(row.command),
                      Value::Int(row.time), text_or_null(row.state), std::move(info)});
  }
  return values;
}

ResultSet ShowProcessList(const std::vector<ProcessList::Row>& rows, bool full) {
  ResultSet result =
      TextResult({"Id", "User", "Host", "db", "Command", "Time", "State", "Info"});
  result.columns[0].type = ColumnType::kBigInt;
  result.columns[5].type = ColumnType::kBigInt;
  result.rows = ProcessRows(rows, full);
  return result;
}

absl::StatusOr<ResultSet> ShowCreateDatabase(const sql::ShowCreateDatabase& statement,
                                             const catalog::Catalog& catalog) {
  const bool system = statement.name == catalog::kInformationSchema;
  if (!system && !catalog.DatabaseExists(statement.name)) {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadDb,
                    absl::StrCat("Unknown database '", statement.name, "'"));
  }
  std::string text = "CREATE DATABASE ";
  if (statement.if_not_exists) text += "/*!32312 IF NOT EXISTS*/ ";
  absl::StrAppend(&text, QuoteIdentifier(statement.name));
  if (system) {
    text += " /*!40100 DEFAULT CHARACTER SET utf8mb3 */";
  } else {
    const std::optional<ordinal::v1::DatabaseDef> def = catalog.GetDatabase(statement.name);
    const Collation& collation = def.has_value() ? catalog::DatabaseDefaultCollation(*def)
                                                 : DefaultCollation();
    absl::StrAppend(&text, " /*!40100 DEFAULT CHARACTER SET ", collation.charset());
    // As MySQL 8: the collation unless it is its character set's default, and always
    // for utf8mb4_0900_ai_ci.
    if (collation.charset() == catalog::kTableCharset ||
        DefaultCollationOf(collation.charset()) != &collation) {
      absl::StrAppend(&text, " COLLATE ", collation.name());
    }
    text += " */ /*!80016 DEFAULT ENCRYPTION='N' */";
  }
  ResultSet result = TextResult({"Database", "Create Database"});
  result.rows.push_back({Value::String(statement.name), Value::String(std::move(text))});
  return result;
}

ResultSet ShowDatabases(const catalog::Catalog& catalog) {
  ResultSet result = TextResult({"Database"});
  for (std::string& name : catalog.ListDatabases()) {
    result.rows.push_back({Value::String(std::move(name))});
  }
  return result;
}

absl::StatusOr<ResultSet> ShowTables(const sql::ShowTables& statement,
                                     const catalog::Catalog& catalog,
                                     std::string_view current_database) {
  ORDINAL_ASSIGN_OR_RETURN(
      std::string database,
      ddl::ResolveDatabase(sql::TableName{statement.database, "", {}}, current_database));
  ORDINAL_ASSIGN_OR_RETURN(std::vector<std::string> tables, catalog.ListTables(database));
  std::vector<std::string> names = {absl::StrCat("Tables_in_", database)};
  if (statement.full) names.push_back("Table_type");
  ORDINAL_ASSIGN_OR_RETURN(ShowFilter filter,
                           ShowFilter::Make(statement.like, statement.where.get(), names));
  // MySQL names the column after the pattern too: "Tables_in_db (t%)".
  if (statement.like.has_value()) absl::StrAppend(&names[0], " (", *statement.like, ")");
  ResultSet result = TextResult(names);
  for (std::string& name : tables) {
    std::vector<Value> row = {Value::String(name)};
    if (statement.full) {
      ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const catalog::TableInfo> table,
                               catalog.GetTable(database, name));
      row.push_back(Value::String(table->def.view_definition().empty() ? "BASE TABLE" : "VIEW"));
    }
    ORDINAL_ASSIGN_OR_RETURN(bool keep, filter.Keep(row));
    if (keep) result.rows.push_back(std::move(row));
  }
  return result;
}

absl::StatusOr<ResultSet> Describe(const sql::DescribeTable& statement,
                                   const catalog::Catalog& catalog,
                                   std::string_view current_database) {
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const catalog::TableInfo> table,
                           LookUp(statement.table, catalog, current_database));
  ResultSet result = TextResult({"Field", "Type", "Null", "Key", "Default", "Extra"});
  for (int i = 0; i < table->VisibleColumnCount(); ++i) {
    const ordinal::v1::ColumnDef& column = table->def.columns(i);
    Value default_value = catalog::ColumnDefaultText(column);
    result.rows.push_back({Value::String(catalog::ColumnDisplayName(column)), Value::String(ColumnTypeText(column)),
                           Value::String(column.nullable() ? "YES" : "NO"),
                           Value::String(catalog::ColumnKeyText(*table, static_cast<uint32_t>(i))),
                           std::move(default_value),
                           Value::String(catalog::ColumnExtraText(column))});
  }
  return result;
}

absl::StatusOr<ResultSet> ShowCreateTable(const sql::ShowCreateTable& statement,
                                          const catalog::Catalog& catalog,
                                          std::string_view current_database,
                                          const catalog::LiveTableFacts& facts) {
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const catalog::TableInfo> table,
                           LookUp(statement.table, catalog, current_database));
  std::optional<int64_t> next_auto_increment;
  if (facts.next_auto_increment) next_auto_increment = facts.next_auto_increment(*table);
  ResultSet result = TextResult({"Table", "Create Table"});
  result.rows.push_back({Value::String(table->def.name()),
                         Value::String(CreateTableText(*table, next_auto_increment))});
  return result;
}

}  // namespace ordinal::engine::show
