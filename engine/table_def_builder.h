// CREATE TABLE validation: turns a parsed CreateTable into the TableDef the catalog stores
// (without its id, which the caller allocates). Checks, with MySQL's error numbers:
//   1059 identifier longer than 64 characters      1060 duplicate column name
//   1068 more than one primary key                 1072 key column doesn't exist
//   1063 AUTO_INCREMENT on a non-integer column    1075 more than one AUTO_INCREMENT column,
//                                                       or one that does not start a key
//   1067 invalid default (wrong type, NULL for NOT NULL, on an AUTO_INCREMENT column)
//   1074 CHAR/BINARY longer than 255, VARCHAR longer than 16383 characters, VARBINARY
//        longer than 65535 bytes
//   1439 display width over 255 (integers, FLOAT/DOUBLE M) or BIT(n) outside 1..64
//   1426/1425/1427 DECIMAL precision over 65, scale over 30, scale above precision
//   1291 duplicate ENUM/SET member        1097 SET with more than 64 members
//   1061 duplicate index name                      1171 NULL column in the primary key
//   1101 a literal DEFAULT on a JSON column        3152 a key on a JSON column
//   1628 a table COMMENT over 2048 characters      1629 a column COMMENT over 1024
// Index names default to the first column's name (then name_2, name_3, ... as MySQL does).
// A table without a primary key gets a hidden "_rowid" INT column as its last column and
// primary key (TableDef.hidden_primary_key).
#ifndef ORDINAL_ENGINE_TABLE_DEF_BUILDER_H_
#define ORDINAL_ENGINE_TABLE_DEF_BUILDER_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "engine/sql/ast.h"
#include "engine/types/collation.h"
#include "ordinal/v1/catalog.pb.h"

namespace ordinal::engine::ddl {

inline constexpr size_t kMaxIdentifierLength = 64;
// MySQL's limits on COMMENT texts, in characters.
inline constexpr size_t kMaxTableCommentLength = 2048;
inline constexpr size_t kMaxColumnCommentLength = 1024;
inline constexpr size_t kMaxIndexCommentLength = 1024;
inline constexpr uint32_t kMaxCharLength = 255;
inline constexpr uint32_t kMaxVarcharLength = 16383;  // 65535 bytes of utf8mb4
inline constexpr char kHiddenRowIdColumn[] = "_rowid";

// 1059 "Identifier name '...' is too long" for names over 64 characters.
absl::Status CheckIdentifier(std::string_view name);

// 1688 "Comment for index 'i' is too long (max = 1024)" for an index COMMENT over 1024
// characters.
absl::Status CheckIndexComment(const sql::IndexDefinition& index);

// `database_collation` is the database's default: the table's when it names none.
absl::StatusOr<ordinal::v1::TableDef> BuildTableDef(const sql::CreateTable& statement,
                                                    std::string_view database,
                                                    const Collation& database_collation);

// The collation that CHARACTER SET `charset` and COLLATE `collation` name (either may be
// absent), else `fallback`: 1115 for an unknown character set, 1273 for an unknown
// collation, 1253 when the collation is not of the character set.
absl::StatusOr<const Collation*> ResolveCollation(const std::optional<std::string>& charset,
                                                  const std::optional<std::string>& collation,
                                                  const Collation& fallback);

// Keeps COMMENT, ROW_FORMAT, AUTO_INCREMENT and the default character set and collation
// of `options` (those given) in `def` (CREATE TABLE and ALTER TABLE); 1628 for a comment
// over 2048 characters, 1115/1273/1253 for an unknown character set, an unknown collation,
// or a collation of another character set.
absl::Status ApplyTableOptions(const sql::TableOptions& options, ordinal::v1::TableDef& def);

// One column as CREATE TABLE builds it, its DEFAULT included (ALTER TABLE ADD/MODIFY/CHANGE).
// Column-level keys (PRIMARY KEY, UNIQUE) are the caller's. A character column declared
// without CHARACTER SET or COLLATE gets `table_collation` (the table's default).
absl::StatusOr<ordinal::v1::ColumnDef> BuildColumnDef(const sql::ColumnDefinition& column,
                                                      const Collation& table_collation);

// The checks CREATE TABLE makes on a whole definition's keys: at most one AUTO_INCREMENT
// column, an integer one that starts a key (1063, 1075).
absl::Status CheckAutoIncrementColumn(const ordinal::v1::TableDef& def);

// 3152 "JSON column 'c' supports indexing only via generated columns on a specified JSON
// path." for a key part on a JSON column (every CREATE TABLE, CREATE INDEX and ALTER TABLE
// key); OK for other columns.
absl::Status CheckKeyColumn(const ordinal::v1::ColumnDef& column);

// ALTER COLUMN c SET DEFAULT literal on a stored column: 1067 when the literal does not fit
// the column (or the column is AUTO_INCREMENT). DEFAULT NULL on a nullable column clears
// the default.
absl::Status SetColumnDefault(const sql::Expr& literal, ordinal::v1::ColumnDef& def);

}  // namespace ordinal::engine::ddl

#endif  // ORDINAL_ENGINE_TABLE_DEF_BUILDER_H_
