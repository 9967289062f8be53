#include "engine/show_queries.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/ddl.h"
#include "engine/show.h"
#include "engine/sql/parser.h"

namespace ordinal::engine::show {
namespace {

// One column of a SHOW result: the INFORMATION_SCHEMA expression and SHOW's name.
struct Output {
  const char* source;
  const char* name;
};

// What a SHOW statement reads.
struct Definition {
  std::vector<Output> columns;
  const char* table = "";  // in INFORMATION_SCHEMA
  std::string filter;      // the WHERE of the inner query ("" = none)
  std::string order;       // an INFORMATION_SCHEMA column to order by ("" = the table's order)
};

Definition ColumnsOf(const sql::ShowQuery& show, const std::string& database) {
  Definition d;
  d.table = "COLUMNS";
  d.columns = {{"COLUMN_NAME", "Field"}, {"COLUMN_TYPE", "Type"}};
  if (show.full) d.columns.push_back({"COLLATION_NAME", "Collation"});
  d.columns.insert(d.columns.end(), {{"IS_NULLABLE", "Null"},
                                     {"COLUMN_KEY", "Key"},
                                     {"COLUMN_DEFAULT", "Default"},
                                     {"EXTRA", "Extra"}});
  if (show.full) {
    d.columns.insert(d.columns.end(), {{"PRIVILEGES", "Privileges"}, {"COLUMN_COMMENT", "Comment"}});
  }
  d.filter = absl::StrCat("TABLE_SCHEMA = ", QuoteString(database),
                          " AND TABLE_NAME = ", QuoteString(show.table.table));
  d.order = "ORDINAL_POSITION";
  return d;
}

Definition IndexOf(const sql::ShowQuery& show, const std::string& database) {
  Definition d;
  d.table = "STATISTICS";
  d.columns = {{"TABLE_NAME", "Table"},       {"NON_UNIQUE", "Non_unique"},
               {"INDEX_NAME", "Key_name"},    {"SEQ_IN_INDEX", "Seq_in_index"},
               {"COLUMN_NAME", "Column_name"}, {"COLLATION", "Collation"},
               {"CARDINALITY", "Cardinality"}, {"SUB_PART", "Sub_part"},
               {"PACKED", "Packed"},           {"NULLABLE", "Null"},
               {"INDEX_TYPE", "Index_type"},   {"COMMENT", "Comment"},
               {"INDEX_COMMENT", "Index_comment"}, {"IS_VISIBLE", "Visible"},
               {"EXPRESSION", "Expression"}};
  d.filter = absl::StrCat("TABLE_SCHEMA = ", QuoteString(database),
                          " AND TABLE_NAME = ", QuoteString(show.table.table));
  return d;  // STATISTICS lists the primary key first, then the indexes in creation order
}

Definition TableStatusOf(const std::string& database) {
  Definition d;
  d.table = "TABLES";
  d.columns = {{"TABLE_NAME", "Name"},          {"ENGINE", "Engine"},
               {"VERSION", "Version"},           {"ROW_FORMAT", "Row_format"},
               {"TABLE_ROWS", "Rows"},           {"AVG_ROW_LENGTH", "Avg_row_length"},
               {"DATA_LENGTH", "Data_length"},   {"MAX_DATA_LENGTH", "Max_data_length"},
               {"INDEX_LENGTH", "Index_length"}, {"DATA_FREE", "Data_free"},
               {"AUTO_INCREMENT", "Auto_increment"}, {"CREATE_TIME", "Create_time"},
               {"UPDATE_TIME", "Update_time"},   {"CHECK_TIME", "Check_time"},
               {"TABLE_COLLATION", "Collation"}, {"CHECKSUM", "Checksum"},
               {"CREATE_OPTIONS", "Create_options"}, {"TABLE_COMMENT", "Comment"}};
  d.filter = absl::StrCat("TABLE_SCHEMA = ", QuoteString(database));
  d.order = "TABLE_NAME";
  return d;
}

Definition ServerTableOf(sql::ShowQueryKind kind) {
  Definition d;
  switch (kind) {
    case sql::ShowQueryKind::kCharacterSet:
      d.table = "CHARACTER_SETS";
      d.columns = {{"CHARACTER_SET_NAME", "Charset"},
                   {"DESCRIPTION", "Description"},
                   {"DEFAULT_COLLATE_NAME", "Default collation"},
                   {"MAXLEN", "Maxlen"}};
      d.order = "CHARACTER_SET_NAME";
      break;
    case sql::ShowQueryKind::kCollation:
      d.table = "COLLATIONS";
      d.columns = {{"COLLATION_NAME", "Collation"}, {"CHARACTER_SET_NAME", "Charset"},
                   {"ID", "Id"},                     {"IS_DEFAULT", "Default"},
                   {"IS_COMPILED", "Compiled"},      {"SORTLEN", "Sortlen"},
                   {"PAD_ATTRIBUTE", "Pad_attribute"}};
      d.order = "COLLATION_NAME";
      break;
    default:
      d.table = "ENGINES";
      d.columns = {{"ENGINE", "Engine"},      {"SUPPORT", "Support"},
                   {"COMMENT", "Comment"},    {"TRANSACTIONS", "Transactions"},
                   {"XA", "XA"},              {"SAVEPOINTS", "Savepoints"}};
      break;
  }
  return d;
}

absl::StatusOr<Definition> DefinitionOf(const sql::ShowQuery& show,
                                        const catalog::Catalog& catalog,
                                        std::string_view current_database) {
  switch (show.kind) {
    case sql::ShowQueryKind::kColumns:
    case sql::ShowQueryKind::kIndex: {
      ORDINAL_ASSIGN_OR_RETURN(std::string database,
                               ddl::ResolveDatabase(show.table, current_database));
      ORDINAL_RETURN_IF_ERROR(catalog.GetTable(database, show.table.table).status());
      return show.kind == sql::ShowQueryKind::kColumns ? ColumnsOf(show, database)
                                                       : IndexOf(show, database);
    }
    case sql::ShowQueryKind::kTableStatus: {
      ORDINAL_ASSIGN_OR_RETURN(
          std::string database,
          ddl::ResolveDatabase(sql::TableName{show.database, "", {}}, current_database));
      if (!catalog.DatabaseExists(database)) {
        return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadDb,
                        absl::StrCat("Unknown database '", database, "'"));
      }
      return TableStatusOf(database);
    }
    default:
      return ServerTableOf(show.kind);
  }
}

}  // namespace

absl::StatusOr<sql::Statement> ShowQueryStatement(const sql::ShowQuery& show,
                                                  const catalog::Catalog& catalog,
                                                  std::string_view current_database) {
  ORDINAL_ASSIGN_OR_RETURN(Definition d, DefinitionOf(show, catalog, current_database));
  // SELECT <SHOW's names> FROM (SELECT <sources> AS <names> ... ) AS `#show`
  //   [WHERE LOWER(<first>) LIKE LOWER('pattern') | WHERE (<condition>)] [ORDER BY `#order`]
  std::vector<std::string> inner;
  std::vector<std::string> outer;
  for (const Output& column : d.columns) {
    inner.push_back(absl::StrCat(column.source, " AS ", QuoteIdentifier(column.name)));
    outer.push_back(absl::StrCat(QuoteIdentifier(column.name), " AS ", QuoteIdentifier(column.name)));
  }
  if (!d.order.empty()) inner.push_back(absl::StrCat(d.order, " AS `#order`"));
  std::string text = absl::StrCat("SELECT ", absl::StrJoin(outer, ", "), " FROM (SELECT ",
                                  absl::StrJoin(inner, ", "), " FROM information_schema.",
                                  d.table);
  if (!d.filter.empty()) absl::StrAppend(&text, " WHERE ", d.filter);
  absl::StrAppend(&text, ") AS `#show`");
  if (show.like.has_value()) {
    absl::StrAppend(&text, " WHERE LOWER(", QuoteIdentifier(d.columns.front().name), ") LIKE LOWER(",
                    QuoteString(*show.like), ")");
  } else if (!show.where_text.empty()) {
    absl::StrAppend(&text, " WHERE (", show.where_text, ")");
  }
  if (!d.order.empty()) absl::StrAppend(&text, " ORDER BY `#order`");
  return sql::ParseStatement(text);
}

}  // namespace ordinal::engine::show
