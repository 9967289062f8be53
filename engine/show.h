// Statements that only read the catalog cache: SHOW DATABASES, SHOW TABLES, DESCRIBE and
// SHOW CREATE TABLE. Their result sets have MySQL's column names and text.
#ifndef ORDINAL_ENGINE_SHOW_H_
#define ORDINAL_ENGINE_SHOW_H_

#include <optional>
#include <string>
#include <vector>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/catalog/information_schema.h"
#include "engine/database.h"
#include "engine/process_list.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::show {

// The LIKE 'pattern' or WHERE condition of a SHOW statement. LIKE matches the first column,
// case-insensitively; WHERE names the result's columns (case-insensitively), and a name
// that is not one of them is errno 1054.
class ShowFilter {
 public:
  // `columns`: the result's column names, in order.
  static absl::StatusOr<ShowFilter> Make(const std::optional<std::string>& like,
                                         const sql::Expr* where,
                                         const std::vector<std::string>& columns);
  // Whether `row` (one value per column) is shown.
  absl::StatusOr<bool> Keep(const std::vector<Value>& row) const;

 private:
  std::optional<std::string> like_;  // lowercased
  sql::ExprPtr where_;               // bound to the columns' slots
};

// Column "Database", one row per database, sorted.
// SHOW [FULL] PROCESSLIST: Id, User, Host, db, Command, Time, State, Info.
ResultSet ShowProcessList(const std::vector<ProcessList::Row>& rows, bool full);
// Those columns' values for `rows`; without `full`, Info is cut to its first 100 characters.
std::vector<std::vector<Value>> ProcessRows(const std::vector<ProcessList::Row>& rows,
                                            bool full);

ResultSet ShowDatabases(const catalog::Catalog& catalog);

// Columns Database, Create Database, as MySQL 8 writes it (with its version comments);
// 1049 for an unknown database.
absl::StatusOr<ResultSet> ShowCreateDatabase(const sql::ShowCreateDatabase& statement,
                                             const catalog::Catalog& catalog);

// Column "Tables_in_<db>" ("Tables_in_<db> (<pattern>)" with LIKE), and Table_type (BASE
// TABLE or VIEW) for SHOW FULL TABLES. 1046 without a database, 1049 for an unknown one.
absl::StatusOr<ResultSet> ShowTables(const sql::ShowTables& statement,
                                     const catalog::Catalog& catalog,
                                     std::string_view current_database);

// Columns Field, Type, Null, Key, Default, Extra; the hidden row id is not shown.
absl::StatusOr<ResultSet> Describe(const sql::DescribeTable& statement,
                                   const catalog::Catalog& catalog,
                                   std::string_view current_database);

// Columns Table, Create Table: a CREATE TABLE statement the parser accepts back, with the
// table's options (AUTO_INCREMENT=n from `facts`).
absl::StatusOr<ResultSet> ShowCreateTable(const sql::ShowCreateTable& statement,
                                          const catalog::Catalog& catalog,
                                          std::string_view current_database,
                                          const catalog::LiveTableFacts& facts = {});

// `name` in backquotes (a backquote doubled), and `text` in single quotes (quote and
// backslash escaped): as SHOW CREATE TABLE writes them, and as the parser reads them back.
std::string QuoteIdentifier(std::string_view name);
std::string QuoteString(std::string_view text);

// The column's type as DESCRIBE and SHOW CREATE TABLE print it: int, double, char(n),
// varchar(n), text, tinyint(1).
std::string ColumnTypeText(const ordinal::v1::ColumnDef& column);

// The text of SHOW CREATE TABLE for `table`; AUTO_INCREMENT=n is shown for a
// `next_auto_increment` over 1.
std::string CreateTableText(const catalog::TableInfo& table,
                            std::optional<int64_t> next_auto_increment = std::nullopt);

}  // namespace ordinal::engine::show

#endif  // ORDINAL_ENGINE_SHOW_H_
