// The abstract syntax tree the SQL parser produces and the planner consumes.
//
// Every node carries the Location of its first token so later errors (unknown column, type
// mismatch) can point at the source. Names are stored as written, without quotes; database,
// table and column names compare case-insensitively (like MySQL on Linux with
// lower_case_table_names=1): the parser lowercases identifiers it stores in `*_name` fields,
// and keeps the user's spelling in `display_name` where output shows it.
#ifndef ORDINAL_ENGINE_SQL_AST_H_
#define ORDINAL_ENGINE_SQL_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/types/value.h"

namespace ordinal::engine::sql {

struct Location {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
  kLiteral,   // `literal`
  kColumn,    // `table_name` (may be empty) . `column_name`
  kUnary,     // `unary_op` children[0]
  kBinary,    // children[0] `binary_op` children[1]
  kIn,        // children[0] [NOT] IN (children[1..])
  kBetween,   // children[0] [NOT] BETWEEN children[1] AND children[2]
  kLike,      // children[0] [NOT] LIKE children[1] [ESCAPE children[2]]  (default escape \)
  kIsNull,    // children[0] IS [NOT] NULL   (and IS [NOT] UNKNOWN)
  kIsTruth,   // children[0] IS [NOT] TRUE|FALSE: `truth` is the value tested for
  kRegexp,    // children[0] [NOT] REGEXP|RLIKE children[1]
  kCase,      // CASE [operand] WHEN w THEN t ... [ELSE e] END: see `case_operand`, `case_else`
  kCast,      // CAST(children[0] AS cast.type) / CONVERT(children[0], cast.type)
  kFunction,  // function_name(children...) ; COUNT(*) has `star` and no children
  kVariable,  // @name (user variable) or @@[scope.]name (system variable): `variable`
  kAssign,    // @name := children[0]   (assigns and yields the value)
  // Subqueries (`subquery` holds the query):
  kSubquery,     // (SELECT ...) as a value: one column, at most one row
  kExists,       // [NOT] EXISTS (SELECT ...)
  kInSubquery,   // children[0] [NOT] IN (SELECT ...)
  kQuantified,   // children[0] `binary_op` ANY|SOME|ALL (SELECT ...); `quantifier_all`
};

// The aggregate functions (uppercase): COUNT SUM MIN MAX AVG, JSON_ARRAYAGG JSON_OBJECTAGG,
// GROUP_CONCAT, BIT_AND BIT_OR BIT_XOR, and the statistics STD STDDEV STDDEV_POP STDDEV_SAMP
// VARIANCE VAR_POP VAR_SAMP.
bool IsAggregateName(std::string_view name);
// The aggregates that build a JSON document (engine/exec/aggregate.h): they take NULL
// arguments in, and no DISTINCT.
bool IsJsonAggregateName(std::string_view name);
// STD STDDEV STDDEV_POP STDDEV_SAMP VARIANCE VAR_POP VAR_SAMP: DOUBLE results.
bool IsStatisticsAggregateName(std::string_view name);
// BIT_AND BIT_OR BIT_XOR: BIGINT UNSIGNED results, never NULL.
bool IsBitAggregateName(std::string_view name);
// How many arguments aggregate `name` takes (COUNT(*) is written with none).
size_t AggregateArity(std::string_view name);

// Which variable an `@...` expression or a SET assignment names.
enum class VariableScope {
  kUser,     // @name
  kDefault,  // @@name, or a bare name in SET: the session value when the variable has one
  kSession,  // @@session.name, @@local.name, SET SESSION|LOCAL name
  kGlobal,   // @@global.name, SET GLOBAL name
};

struct VariableRef {
  VariableScope scope = VariableScope::kUser;
  std::string name;  // lowercased
};

struct Select;
struct WindowSpec;

// Computes the value of a subquery node over the current row; the planner binds one to
// every subquery node (Expr::subquery_runner), and the evaluator calls it.
class SubqueryRunner {
 public:
  virtual ~SubqueryRunner() = default;
  virtual absl::StatusOr<Value> Run(const Expr& node,
                                    const std::vector<Value>& row) const = 0;
  // The type of the query's (first) column.
  virtual ColumnType ColumnTypeOf() const = 0;
};

enum class UnaryOp { kNegate, kPlus, kNot, kBitNot };  // - + NOT|! ~

enum class BinaryOp {
  kAdd, kSub, kMul, kDiv, kMod,           // + - * / %  (/ is real division, as in MySQL)
  kIntDiv,                                // DIV
  kEq, kNotEq, kLt, kLtEq, kGt, kGtEq,    // = (<> or !=) < <= > >=
  kNullSafeEq,                            // <=>
  kAnd, kOr, kXor,
  kBitAnd, kBitOr, kBitXor, kShiftLeft, kShiftRight,  // & | ^ << >>
};

// `x MEMBER OF (json)` is a kFunction node calling this name (engine/functions, the JSON
// family); no SQL text can name it directly.
inline constexpr std::string_view kMemberOfFunction = "#MEMBER OF";
// `x COLLATE name` is a kFunction node calling this name with children x and the name as a
// string literal (engine/functions/collate_function.cc).
inline constexpr std::string_view kCollateFunction = "#COLLATE";

// The target of CAST / CONVERT.
struct CastTarget {
  enum class Type {
    kSigned, kUnsigned, kChar, kBinary, kDouble, kFloat, kDecimal, kDate, kDateTime,
    kTime, kYear, kJson,
  };
  Type type = Type::kSigned;
  int length = -1;  // CHAR(n)/BINARY(n); DECIMAL precision; FLOAT(p); -1: not given
  int scale = -1;   // DECIMAL scale; DATETIME/TIME fsp; -1: not given
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  Location loc;

  Value literal;                 // kLiteral
  // kLiteral written as 0x41, X'41', 0b101 or B'101': a binary string that reads as an
  // unsigned integer (its bytes, big-endian) where a number is wanted, as in MySQL.
  bool bit_literal = false;
  std::string table_name;        // kColumn qualifier, lowercased ("" when none)
  std::string column_name;       // kColumn, lowercased
  UnaryOp unary_op = UnaryOp::kNot;      // kUnary
  BinaryOp binary_op = BinaryOp::kAnd;   // kBinary
  bool negated = false;          // NOT IN / NOT BETWEEN / NOT LIKE / IS NOT NULL
  std::string function_name;     // kFunction, uppercased: COUNT SUM MIN MAX AVG VALUES ...
  bool star = false;             // COUNT(*)
  bool distinct = false;         // COUNT(DISTINCT x) etc.
  VariableRef variable;          // kVariable, kAssign
  bool truth = false;            // kIsTruth: IS TRUE (true) or IS FALSE (false)
  bool case_operand = false;     // kCase: children[0] is the operand of `CASE x WHEN ...`
  bool case_else = false;        // kCase: the last child is the ELSE result
  CastTarget cast;               // kCast
  // kFunction DATE_ADD / DATE_SUB written with `INTERVAL children[1] unit` (or `x + INTERVAL
  // ...`): the unit, uppercased (DAY, HOUR_MINUTE, ...); "" when the call had no INTERVAL.
  std::string interval_unit;
  std::vector<ExprPtr> children;
  // kFunction GROUP_CONCAT(x, ... [ORDER BY k [ASC|DESC], ...] [SEPARATOR 's']): its ORDER BY
  // keys are the last order_descending.size() children, after the concatenated values; each
  // flag is true for DESC. `separator` is the SEPARATOR string (default ",").
  std::vector<bool> order_descending;
  std::string separator = ",";
  std::shared_ptr<Select> subquery;  // kSubquery, kExists, kInSubquery, kQuantified
  bool quantifier_all = false;       // kQuantified: ALL (else ANY/SOME)
  // kFunction with OVER: a window function call (ROW_NUMBER() OVER w, SUM(x) OVER (...)).
  // Shared, never changed after parsing: copies of the node share it.
  std::shared_ptr<const WindowSpec> over;

  // The source text of the expression as written (whitespace-normalised), used as the
  // result column name when there is no alias: `SELECT k+1` shows a column named "k+1".
  std::string text;

  // Set by the planner's binder, not the parser: where the evaluator finds this node's
  // value in the current row (a column, or an aggregate's or VALUES()'s precomputed result).
  // -1 means unbound.
  int slot = -1;
  // Set by the planner on subquery nodes.
  std::shared_ptr<const SubqueryRunner> subquery_runner;

  bool IsAggregate() const;  // a call of an IsAggregateName() function without OVER
  // The arguments of a function call, without GROUP_CONCAT's ORDER BY keys.
  size_t argument_count() const { return children.size() - order_descending.size(); }
  bool IsWindowCall() const { return kind == ExprKind::kFunction && over != nullptr; }
};

struct TableName {
  std::string database;  // lowercased; "" means the session's current database
  std::string table;     // lowercased
  Location loc;
};

// ---- DDL ----

// [CONSTRAINT [name]] CHECK (expr) [[NOT] ENFORCED] (docs/check-constraints.md), at table
// level or after a column's type.
struct CheckDefinition {
  std::string name;    // the CONSTRAINT symbol as written; "" when not given
  std::string column;  // a column-level check: its column, lowercased; "" at table level
  ExprPtr expr;
  bool enforced = true;
  Location loc;
};

struct ColumnDefinition {
  std::string name;          // lowercased
  std::string display_name;  // as written
  ColumnType type = ColumnType::kInt;
  // As SqlType::length: CHAR(n)/VARCHAR(n) (CHAR without (n) is CHAR(1)), BINARY(n),
  // VARBINARY(n), BIT(n), DECIMAL's precision, FLOAT/DOUBLE's M, integers' display width.
  uint32_t length = 0;
  uint32_t scale = 0;                 // DECIMAL(p,s), FLOAT(m,d)
  bool is_unsigned = false;
  bool zerofill = false;
  std::vector<std::string> elements;  // ENUM/SET members
  bool default_now = false;    // DEFAULT CURRENT_TIMESTAMP / NOW() / LOCALTIMESTAMP
  bool on_update_now = false;  // ON UPDATE CURRENT_TIMESTAMP
  bool not_null = false;
  bool explicit_null = false;  // `NULL` written
  ExprPtr default_value;       // a literal, possibly with unary minus; nullptr when absent
  bool auto_increment = false;
  bool primary_key = false;  // column-level PRIMARY KEY
  bool unique = false;       // column-level UNIQUE [KEY]
  std::vector<CheckDefinition> checks;  // column-level CHECK clauses, in written order
  std::optional<std::string> comment;   // COMMENT 'text'
  // CHARACTER SET x / CHARSET x and COLLATE x, lowercased; nullopt when not written.
  std::optional<std::string> charset;
  std::optional<std::string> collation;
  Location loc;

  // The declared type as the catalog keeps it.
  SqlType sql_type() const;
};

struct IndexDefinition {
  std::string name;  // lowercased; "" when not given (a name is derived from the first column)
  bool primary = false;
  bool unique = false;
  std::vector<std::string> columns;  // lowercased
  // One per column: `(c DESC)`. MySQL 8 keeps such a column's entries in descending order;
  // ours are stored ascending and read in either direction, with the same answers.
  std::vector<bool> descending;
  std::optional<std::string> comment;  // COMMENT 'text'
  Location loc;
};

// ON DELETE / ON UPDATE of a foreign key (docs/foreign-keys.md). kUnspecified: no clause
// written, which behaves as NO ACTION (and RESTRICT: InnoDB checks at once) but is not shown.
enum class ForeignKeyAction { kUnspecified, kRestrict, kCascade, kSetNull, kNoAction, kSetDefault };

// [CONSTRAINT [name]] FOREIGN KEY [index_name] (columns) REFERENCES table (columns)
// [MATCH FULL|PARTIAL|SIMPLE] [ON DELETE action] [ON UPDATE action]
struct ForeignKeyDefinition {
  std::string name;        // the CONSTRAINT symbol, lowercased; "" when not given
  std::string index_name;  // FOREIGN KEY index_name, lowercased; "" when not given
  std::vector<std::string> columns;             // lowercased
  TableName referenced;
  std::vector<std::string> referenced_columns;  // lowercased
  ForeignKeyAction on_delete = ForeignKeyAction::kUnspecified;
  ForeignKeyAction on_update = ForeignKeyAction::kUnspecified;
  Location loc;
};

// CREATE DATABASE [IF NOT EXISTS] db [[DEFAULT] CHARACTER SET [=] x] [[DEFAULT] COLLATE [=] y]
struct CreateDatabase {
  std::string name;
  bool if_not_exists = false;
  std::optional<std::string> charset;    // lowercased; nullopt when not written
  std::optional<std::string> collation;  // lowercased; nullopt when not written
};
// ALTER DATABASE|SCHEMA [db] [DEFAULT] CHARACTER SET [=] x | [DEFAULT] COLLATE [=] y ...
struct AlterDatabase {
  std::string name;  // lowercased; "" = the current database
  std::optional<std::string> charset;
  std::optional<std::string> collation;
};
struct DropDatabase { std::string name; bool if_exists = false; };
struct UseDatabase { std::string name; };
struct ShowDatabases {};
// SHOW [FULL] TABLES [FROM|IN db] [LIKE 'pattern' | WHERE expr]
struct ShowTables {
  std::string database;  // "" = current
  bool full = false;     // adds the column Table_type (BASE TABLE or VIEW)
  std::optional<std::string> like;
  ExprPtr where;  // over columns Tables_in_<db> and (FULL) Table_type
};
// The table options CREATE TABLE and ALTER TABLE keep in the catalog (docs/sql-decisions.md,
// "Table options"). ENGINE= is accepted and not kept: every table is in the one storage
// engine. The character set options name the table's default collation.
struct TableOptions {
  std::optional<std::string> charset;     // [DEFAULT] CHARACTER SET|CHARSET [=] x, lowercased
  std::optional<std::string> collation;   // [DEFAULT] COLLATE [=] x, lowercased
  std::optional<std::string> comment;     // COMMENT [=] 'text'
  std::optional<std::string> row_format;  // ROW_FORMAT [=] x, uppercase
  std::optional<uint64_t> auto_increment; // AUTO_INCREMENT [=] n
};

struct CreateTable {
  TableName table;
  TableOptions options;
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns;
  std::vector<IndexDefinition> indexes;  // table-level PRIMARY KEY / [UNIQUE] INDEX|KEY
  std::vector<ForeignKeyDefinition> foreign_keys;  // table-level FOREIGN KEY clauses
  // Every CHECK clause, table- and column-level, in the order written (which numbers the
  // generated names); the columns' `checks` are moved here.
  std::vector<CheckDefinition> checks;
  // CREATE TABLE t [(...)] [IGNORE|REPLACE] [AS] SELECT ...: the query's columns follow the
  // declared ones, and its rows fill the new table.
  std::shared_ptr<Select> as_select;
  bool as_select_ignore = false;
  bool as_select_replace = false;
  // CREATE TABLE t LIKE other: an empty copy of other's definition.
  std::optional<TableName> like;
};
struct CreateIndex { IndexDefinition index; TableName table; };
struct DropTable { std::vector<TableName> tables; bool if_exists = false; };
struct TruncateTable { TableName table; };
// RENAME TABLE a TO b, c TO d: applied in order, all or nothing.
struct RenameTable { std::vector<std::pair<TableName, TableName>> renames; };
struct DescribeTable { TableName table; };
struct ShowCreateTable { TableName table; };
// ALTER TABLE t DISABLE|ENABLE KEYS: as on InnoDB, the table's storage keeps every index
// current, so the statement checks the table and leaves note 1031.
struct AlterTableKeys {
  TableName table;
  bool enable = false;
};

// Statements on stored programs, which OrdinalDB does not have (CREATE TRIGGER, PROCEDURE,
// FUNCTION and EVENT fail to parse with 1235): they find none, as MySQL answers when none
// exists.
//   DROP TRIGGER [IF EXISTS] [db.]name                   kDropTrigger
//   DROP PROCEDURE|FUNCTION|EVENT [IF EXISTS] [db.]name  kDropProcedure, ...
//   CALL [db.]name[(args)]                               kCall
enum class StoredProgramAction { kDropTrigger, kDropProcedure, kDropFunction, kDropEvent, kCall };
struct StoredProgramStatement {
  StoredProgramAction action = StoredProgramAction::kCall;
  TableName name;  // the program's [database.]name (database "" when not written)
  bool if_exists = false;
};

// SHOW statements answered by a query over INFORMATION_SCHEMA (engine/show_queries.h), as
// MySQL 8 defines them:
//   SHOW [FULL] COLUMNS|FIELDS FROM|IN t [FROM|IN db] [LIKE 'p' | WHERE e]   kColumns
//   SHOW INDEX|INDEXES|KEYS FROM|IN t [FROM|IN db] [WHERE e]                 kIndex
//   SHOW TABLE STATUS [FROM|IN db] [LIKE 'p' | WHERE e]                      kTableStatus
//   SHOW CHARACTER SET|CHARSET [LIKE 'p' | WHERE e]                          kCharacterSet
//   SHOW COLLATION [LIKE 'p' | WHERE e]                                      kCollation
//   SHOW [STORAGE] ENGINES                                                   kEngines
// LIKE matches the first column case-insensitively; WHERE names the result's columns.
enum class ShowQueryKind { kColumns, kIndex, kTableStatus, kCharacterSet, kCollation, kEngines };
struct ShowQuery {
  ShowQueryKind kind = ShowQueryKind::kColumns;
  TableName table;       // kColumns, kIndex
  std::string database;  // kTableStatus: FROM db ("" = current)
  bool full = false;     // SHOW FULL COLUMNS
  std::optional<std::string> like;
  ExprPtr where;
  std::string where_text;  // the WHERE condition as written (the query is built as text)
};

// SHOW CREATE DATABASE|SCHEMA [IF NOT EXISTS] db
struct ShowCreateDatabase {
  std::string name;
  bool if_not_exists = false;
};

// LOCK TABLES|TABLE t [[AS] alias] {READ [LOCAL] | [LOW_PRIORITY] WRITE} [, ...]
// (docs/sql-decisions.md, "LOCK TABLES and FLUSH").
struct LockedTable {
  TableName table;
  std::string alias;  // lowercased; "" when none
  bool write = false;
};
struct LockTables {
  std::vector<LockedTable> tables;
};
struct UnlockTables {};  // UNLOCK TABLES|TABLE

// FLUSH [NO_WRITE_TO_BINLOG | LOCAL] option [, option ...]: TABLES [t, ...] [WITH READ LOCK |
// FOR EXPORT], PRIVILEGES, [BINARY | ENGINE | ERROR | GENERAL | RELAY | SLOW] LOGS, STATUS,
// HOSTS, USER_RESOURCES, OPTIMIZER_COSTS.
struct Flush {
  bool read_lock = false;  // FLUSH TABLES [t, ...] WITH READ LOCK
  std::vector<TableName> tables;  // FLUSH TABLES t, ...
};

// SHOW [FULL] PROCESSLIST: the sessions and their running statements (engine/process_list.h);
// without FULL, Info shows the first 100 characters.
struct ShowProcessList {
  bool full = false;
};

// ---- ALTER TABLE (engine/alter/, docs/alter-table.md) ----

enum class AlterAction {
  kAddColumn,      // ADD [COLUMN] def [FIRST | AFTER c]
  kDropColumn,     // DROP [COLUMN] c
  kModifyColumn,   // MODIFY [COLUMN] def [FIRST | AFTER c]
  kChangeColumn,   // CHANGE [COLUMN] old def [FIRST | AFTER c]
  kRenameColumn,   // RENAME COLUMN old TO new
  kRenameIndex,    // RENAME {INDEX|KEY} old TO new
  kSetDefault,     // ALTER [COLUMN] c SET DEFAULT literal
  kDropDefault,    // ALTER [COLUMN] c DROP DEFAULT
  kAddIndex,       // ADD {INDEX|KEY|UNIQUE|PRIMARY KEY} [name] (cols)
  kDropIndex,      // DROP {INDEX|KEY} name; DROP INDEX name ON t
  kDropPrimaryKey,  // DROP PRIMARY KEY
  kAddForeignKey,   // ADD [CONSTRAINT [name]] FOREIGN KEY ... (`foreign_key`)
  kDropForeignKey,  // DROP FOREIGN KEY name
  kAddCheck,        // ADD [CONSTRAINT [name]] CHECK (expr) [[NOT] ENFORCED] (`check`)
  kDropCheck,       // DROP CHECK name
  kDropConstraint,  // DROP CONSTRAINT name: a CHECK, FOREIGN KEY or UNIQUE of that name
  kAlterCheck,      // ALTER CHECK name [NOT] ENFORCED (`check.enforced`)
  kAlterConstraint,  // ALTER CONSTRAINT name [NOT] ENFORCED (`check.enforced`)
  kRenameTable,    // RENAME [TO|AS] new
  kAutoIncrement,  // AUTO_INCREMENT [=] n
  kKeys,           // ENABLE|DISABLE KEYS among other actions (no effect, note 1031)
};

struct AlterSpec {
  AlterAction action = AlterAction::kAddColumn;
  // kAddColumn, kModifyColumn, kChangeColumn: the new definition.
  ColumnDefinition column;
  // The existing column (DROP, CHANGE, RENAME COLUMN, ALTER COLUMN) or index (DROP INDEX,
  // DROP FOREIGN KEY), lowercased.
  std::string name;
  std::string new_name;  // kRenameColumn, kRenameIndex, lowercased
  std::string new_display_name;  // kRenameColumn: new_name as written
  // Placement of an added, modified or changed column: FIRST, or AFTER `after`.
  bool first = false;
  std::string after;
  ExprPtr default_value;   // kSetDefault: a literal, possibly signed
  IndexDefinition index;   // kAddIndex
  ForeignKeyDefinition foreign_key;  // kAddForeignKey
  CheckDefinition check;   // kAddCheck; kAlterCheck: `enforced`
  TableName rename_to;     // kRenameTable
  uint64_t auto_increment = 0;  // kAutoIncrement
  Location loc;
};

// ALTER TABLE t spec, ...; DROP INDEX i ON t is an AlterTable with one kDropIndex.
// ALGORITHM=, LOCK=, ENGINE= and the character set options are accepted and have no
// effect; COMMENT= and ROW_FORMAT= change the table's options (AUTO_INCREMENT= is a spec,
// kAutoIncrement).
struct AlterTable {
  TableName table;
  std::vector<AlterSpec> specs;
  TableOptions options;  // auto_increment unused
};

// ---- DML ----

struct Assignment {
  // `[[db.]table.]column = value`: the qualifier (lowercased; "" when none) names the table
  // or alias the column belongs to; a multiple-table UPDATE needs it to pick the table.
  std::string database;
  std::string table;
  std::string column;  // lowercased
  ExprPtr value;
  Location loc;
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
};

// ---- window functions (docs/window-functions.md) ----

enum class FrameUnit { kRows, kRange };

enum class FrameBoundKind {
  kUnboundedPreceding,
  kPreceding,  // `offset` PRECEDING
  kCurrentRow,
  kFollowing,  // `offset` FOLLOWING
  kUnboundedFollowing,
};

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  ExprPtr offset;             // kPreceding, kFollowing: as written (checked by the planner)
  std::string interval_unit;  // `INTERVAL offset unit PRECEDING` (RANGE only), uppercased
  Location loc;
};

// ROWS|RANGE start, or ROWS|RANGE BETWEEN start AND end (then `end` is set).
struct WindowFrame {
  FrameUnit unit = FrameUnit::kRows;
  FrameBound start;
  FrameBound end;  // CURRENT ROW when the frame was written without BETWEEN
  Location loc;
};

// OVER (...) or WINDOW w AS (...): [base] [PARTITION BY ...] [ORDER BY ...] [frame].
struct WindowSpec {
  // `OVER w` or `OVER (w ...)`: the named window this one refines, lowercased; "" = none.
  std::string base_name;
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  std::shared_ptr<const WindowFrame> frame;  // nullptr: the default frame
  Location loc;
};

// WINDOW name AS (spec), ...
struct NamedWindow {
  std::string name;  // lowercased
  std::shared_ptr<const WindowSpec> spec;
  Location loc;
};

struct Insert {
  TableName table;
  bool replace = false;                // REPLACE INTO
  bool ignore = false;                 // INSERT IGNORE: rows that duplicate a key are skipped
  std::vector<std::string> columns;    // empty = all columns in order
  std::vector<std::vector<ExprPtr>> rows;
  std::shared_ptr<Select> select;      // INSERT ... SELECT (then `rows` is empty)
  std::vector<Assignment> on_duplicate_update;  // ON DUPLICATE KEY UPDATE ...
};

struct SelectItem {
  ExprPtr expr;         // nullptr for `*` / `t.*`
  bool star = false;
  std::string star_table;  // `t.*` qualifier, lowercased
  std::string alias;       // as written; "" = none
};

enum class JoinKind {
  kInner,  // [INNER] JOIN, CROSS JOIN, STRAIGHT_JOIN, and the comma
  kLeft,   // LEFT [OUTER] JOIN
  kRight,  // RIGHT [OUTER] JOIN
};

// An index hint after a table name in FROM (docs/sql-decisions.md, "Index hints"):
//   {USE | IGNORE | FORCE} {INDEX | KEY} [FOR {JOIN | ORDER BY | GROUP BY}] (name, ...)
struct IndexHint {
  enum class Kind { kUse, kIgnore, kForce };
  enum class Scope { kAll, kJoin, kOrderBy, kGroupBy };
  Kind kind = Kind::kUse;
  Scope scope = Scope::kAll;
  // Lowercased index names, "primary" for the primary key; empty for `USE INDEX ()`.
  std::vector<std::string> indexes;
  Location loc;
};

// One item of FROM: a named table, a derived table `(SELECT ...) AS d`, or a join of two
// table references.
struct TableRef {
  TableName name;                       // a named table
  std::shared_ptr<Select> subquery;     // a derived table (then `alias` is set)
  std::string alias;                    // lowercased; "" = none
  std::vector<IndexHint> index_hints;   // a named table's, in written order
  // A join when `left` is set: left JOIN right [ON on | USING (using_columns)].
  std::unique_ptr<TableRef> left;
  std::unique_ptr<TableRef> right;
  JoinKind join = JoinKind::kInner;
  bool natural = false;                  // NATURAL [LEFT|RIGHT] JOIN
  ExprPtr on;                            // nullptr: no ON (CROSS JOIN, USING, NATURAL)
  std::vector<std::string> using_columns;  // lowercased
  Location loc;

  bool is_join() const { return left != nullptr; }
};

// UPDATE t [[AS] a] SET ... [WHERE] [ORDER BY] [LIMIT]: the single-table form, `table` set.
// UPDATE table_references SET [t.]c = expr, ... [WHERE]: the multiple-table form (a join, a
// comma list or an aliased table), `from` non-empty and `table` empty; each assignment's
// qualifier picks the updated table (docs/multi-table-dml.md).
struct Update {
  TableName table;
  std::string alias;           // the single-table form's alias, lowercased; "" = none
  std::vector<TableRef> from;  // the multiple-table form's table references
  std::vector<Assignment> assignments;
  ExprPtr where;  // nullptr = all rows
  std::vector<OrderItem> order_by;  // UPDATE ... ORDER BY ... LIMIT n (MySQL)
  std::optional<int64_t> limit;

  bool multi_table() const { return !from.empty(); }
};

// DELETE FROM t [[AS] a] [WHERE] [ORDER BY] [LIMIT]: the single-table form, `table` set.
// DELETE t1[.*], ... FROM table_references [WHERE] and
// DELETE FROM t1[.*], ... USING table_references [WHERE]: the multiple-table form, `targets`
// (aliases or table names of `from`) and `from` set, `table` empty.
struct Delete {
  TableName table;
  std::string alias;  // the single-table form's alias, lowercased; "" = none
  std::vector<TableName> targets;
  std::vector<TableRef> from;
  ExprPtr where;
  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;

  bool multi_table() const { return !from.empty(); }
};

enum class SetOp { kUnion, kExcept, kIntersect };

// One operand of a compound query (UNION, EXCEPT, INTERSECT).
struct SetOperand {
  SetOp op = SetOp::kUnion;  // how it combines with the operands before it (ignored first)
  bool all = false;          // UNION ALL etc. (else DISTINCT)
  std::shared_ptr<Select> query;
};

// WITH name [(columns)] AS (query)
struct CommonTable {
  std::string name;  // lowercased
  std::vector<std::string> columns;
  std::shared_ptr<Select> query;
  Location loc;
};

struct Select {
  // WITH [RECURSIVE] ...: common table expressions visible to this query.
  std::vector<CommonTable> with;
  bool with_recursive = false;
  // A compound query when non-empty: compound[0] op compound[1] op ... ; then only
  // `with`, `order_by`, `limit` and `offset` of this Select apply (to the combined rows).
  std::vector<SetOperand> compound;

  bool distinct = false;
  std::vector<SelectItem> items;
  // FROM a, b JOIN c ...: one entry per comma-separated item; empty without FROM (or with
  // FROM DUAL).
  std::vector<TableRef> from;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  bool rollup = false;  // GROUP BY ... WITH ROLLUP
  ExprPtr having;
  std::vector<NamedWindow> windows;  // WINDOW w AS (...), ...
  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;
  std::optional<int64_t> offset;
  bool for_update = false;  // SELECT ... FOR UPDATE: reads are tracked for conflicts
  // SELECT SQL_CALC_FOUND_ROWS ...: FOUND_ROWS() then counts the rows without LIMIT/OFFSET
  // (of the whole statement; in a compound query the first operand carries it).
  bool calc_found_rows = false;
};

// EXPLAIN <query>; EXPLAIN ANALYZE <query> also runs it (analyze).
struct Explain {
  Select select;
  bool analyze = false;
};

// ---- views ----
struct CreateView {
  TableName view;
  bool or_replace = false;
  std::vector<std::string> columns;  // (c1, c2, ...) after the name, lowercased; may be empty
  std::shared_ptr<Select> query;
  std::string definition;  // the query's text as written
};
struct DropView { std::vector<TableName> views; bool if_exists = false; };
struct ShowCreateView { TableName view; };
struct ChecksumTable { std::vector<TableName> tables; };
struct AnalyzeTable { std::vector<TableName> tables; };  // ANALYZE TABLE t [, t2]

// ---- replication status (answered by the server's replication layer) ----
struct ShowReplicaStatus {};  // SHOW REPLICA STATUS | SHOW SLAVE STATUS
struct ShowReplicas {};       // SHOW REPLICAS | SHOW SLAVE HOSTS

// ---- session state: SET, SHOW VARIABLES|STATUS, SHOW WARNINGS|ERRORS ----

// One item of a SET statement.
struct SetAssignment {
  enum class Kind {
    kVariable,      // [SESSION|GLOBAL|@@scope.]name = value | @user = value
    kNames,         // SET NAMES charset [COLLATE collation] | SET NAMES DEFAULT
    kCharacterSet,  // SET CHARACTER SET charset | SET CHARSET charset | ... DEFAULT
  };
  Kind kind = Kind::kVariable;
  VariableRef target;  // kVariable
  ExprPtr value;       // kVariable; nullptr for `= DEFAULT`
  // A bare word or ON as the value (`SET sql_mode = ANSI`, `SET autocommit = ON`): MySQL
  // reads it as the string it spells. Takes the place of `value`.
  std::string word;
  std::string charset;    // kNames, kCharacterSet: lowercased; "" for DEFAULT
  std::string collation;  // kNames: lowercased; "" when not given
  Location loc;
};
struct SetStatement { std::vector<SetAssignment> assignments; };

// SET [GLOBAL|SESSION] TRANSACTION ISOLATION LEVEL ... | READ ONLY | READ WRITE
struct SetTransaction {
  VariableScope scope = VariableScope::kDefault;  // kDefault: the next transaction only
  std::string isolation;  // "READ-COMMITTED", ... ; "" when not given
  int read_only = -1;     // 1 READ ONLY, 0 READ WRITE, -1 not given
};

// SHOW [GLOBAL|SESSION] VARIABLES|STATUS [LIKE 'pattern' | WHERE expr]
struct ShowVariables {
  bool status = false;  // SHOW STATUS
  bool global = false;
  std::optional<std::string> like;
  ExprPtr where;  // over columns Variable_name and Value
};

// SHOW WARNINGS|ERRORS [LIMIT [offset,] n] | SHOW COUNT(*) WARNINGS|ERRORS
struct ShowWarnings {
  bool errors = false;
  bool count_only = false;
  std::optional<int64_t> limit;
  std::optional<int64_t> offset;
};

// ---- connections ----

// KILL [CONNECTION | QUERY] id: ends another connection (or only the statement it runs).
// The server's front ends answer it; `id` is any constant expression.
struct Kill {
  bool query_only = false;  // KILL QUERY
  ExprPtr id;
};

// ---- accounts and privileges (engine/auth/, docs/users-and-privileges.md) ----

// 'user'@'host' (host "%" when not written). CURRENT_USER[()] sets `current`.
struct AccountName {
  std::string user;  // as written (case-sensitive)
  std::string host = "%";
  bool current = false;
  Location loc;
};

// One account of CREATE USER / ALTER USER, with its IDENTIFIED clause.
struct AccountAuth {
  AccountName name;
  std::string plugin;  // IDENTIFIED WITH plugin: lowercased; "" when not given
  std::optional<std::string> password;  // IDENTIFIED [WITH plugin] BY 'password'
};

// WITH MAX_QUERIES_PER_HOUR n MAX_USER_CONNECTIONS n ... (0: unlimited)
struct ResourceOptions {
  std::optional<uint64_t> max_queries_per_hour;
  std::optional<uint64_t> max_user_connections;
};

struct CreateUser {
  std::vector<AccountAuth> accounts;
  bool if_not_exists = false;
  ResourceOptions resources;
  std::optional<bool> lock;  // ACCOUNT LOCK | ACCOUNT UNLOCK
};
struct AlterUser {
  std::vector<AccountAuth> accounts;
  bool if_exists = false;
  ResourceOptions resources;
  std::optional<bool> lock;
};
struct DropUser {
  std::vector<AccountName> accounts;
  bool if_exists = false;
};
// RENAME USER old TO new [, old TO new] ..., applied in order.
struct RenameUser {
  std::vector<std::pair<AccountName, AccountName>> renames;
};

// GRANT privileges ON target TO accounts [WITH GRANT OPTION | resource options], and
// REVOKE privileges ON target FROM accounts.
struct GrantStatement {
  bool revoke = false;
  // Bits of engine/auth/privileges.h; `all` for ALL [PRIVILEGES] (resolved at the level).
  uint64_t privileges = 0;
  bool all = false;
  bool grant_option = false;  // WITH GRANT OPTION, or GRANT OPTION in REVOKE's list
  // ON *.* (global: database "" and table ""), db.* (table ""), db.t, t or * (the current
  // database, resolved when the statement runs: `current_database` set).
  std::string database;  // lowercased
  std::string table;     // lowercased
  bool current_database = false;
  std::vector<AccountName> accounts;
  ResourceOptions resources;  // GRANT ... WITH MAX_... (MySQL 5.7's form)
};

// SHOW GRANTS [FOR account]; `account` unset: the current user.
struct ShowGrants {
  std::optional<AccountName> account;
};

// ---- transactions ----
struct Begin {};     // BEGIN | START TRANSACTION
struct Commit {};
// ROLLBACK [WORK] [TO [SAVEPOINT] name]
struct Rollback {
  std::string savepoint;  // lowercased; "" rolls back the whole transaction
};
// SAVEPOINT name | RELEASE SAVEPOINT name (names compare case-insensitively: lowercased)
struct Savepoint {
  std::string name;
  bool release = false;
};

using StatementBody =
    std::variant<CreateDatabase, DropDatabase, UseDatabase, ShowDatabases, ShowTables,
                 CreateTable, CreateIndex, DropTable, TruncateTable, RenameTable,
                 DescribeTable, ShowCreateTable, CreateView, DropView, ShowCreateView,
                 Insert, Update, Delete, Select, Explain, ChecksumTable, AnalyzeTable, Begin, Commit, Rollback,
                 ShowReplicaStatus, ShowReplicas, SetStatement, SetTransaction, ShowVariables,
                 ShowWarnings, AlterTableKeys, Kill, AlterTable, ShowProcessList, CreateUser,
                 AlterUser, DropUser, RenameUser, GrantStatement, ShowGrants, ShowQuery,
                 ShowCreateDatabase, LockTables, UnlockTables, Flush, StoredProgramStatement,
                 Savepoint, AlterDatabase>;

struct Statement {
  StatementBody body;
  Location loc;
  // The statement as written (what SHOW PROCESSLIST shows while it runs).
  std::string text;
};

// A short lowercase name for metrics and logs: "select", "insert", "create_table", ...
std::string_view StatementKindName(const Statement& statement);

// True for statements that change data or schema (everything a replica must refuse).
bool IsWrite(const Statement& statement);

}  // namespace ordinal::engine::sql

#endif  // ORDINAL_ENGINE_SQL_AST_H_
