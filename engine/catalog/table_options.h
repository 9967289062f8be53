// How a table's options read back: the `) ENGINE=... COMMENT='...'` tail of SHOW CREATE TABLE
// and the option columns of information_schema.TABLES and SHOW TABLE STATUS
// (docs/sql-decisions.md, "Table options").
//
// Every table is stored the same way, whatever CREATE TABLE asked: in the one transactional
// storage engine (named InnoDB, as MySQL's default engine, whose behaviour it keeps:
// transactions, foreign keys, row-level conflicts), in utf8mb4. What a table keeps of its
// own is its COMMENT, an explicit ROW_FORMAT and AUTO_INCREMENT start (TableDef.options).
#ifndef ORDINAL_ENGINE_CATALOG_TABLE_OPTIONS_H_
#define ORDINAL_ENGINE_CATALOG_TABLE_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ordinal/v1/catalog.pb.h"

namespace ordinal::engine::catalog {

inline constexpr char kTableEngine[] = "InnoDB";
inline constexpr char kTableCharset[] = "utf8mb4";
inline constexpr char kTableCollation[] = "utf8mb4_0900_ai_ci";
// ROW_FORMAT as information_schema.TABLES reports the stored rows.
inline constexpr char kStoredRowFormat[] = "Dynamic";

// `text` as MySQL quotes a COMMENT in SHOW CREATE TABLE: in single quotes, a quote doubled,
// backslash, NUL, newline and carriage return escaped.
std::string QuoteComment(std::string_view text);

// The text after the closing parenthesis of SHOW CREATE TABLE:
//   ENGINE=InnoDB [AUTO_INCREMENT=n] DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci
//   [ROW_FORMAT=x] [COMMENT='...']
// AUTO_INCREMENT=n is shown when `next_auto_increment` is over 1, as MySQL does.
std::string TableOptionsClause(const ordinal::v1::TableDef& def,
                               std::optional<int64_t> next_auto_increment);

// information_schema.TABLES.CREATE_OPTIONS: "row_format=X" for an explicit ROW_FORMAT, else "".
std::string CreateOptionsText(const ordinal::v1::TableDef& def);

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_TABLE_OPTIONS_H_
