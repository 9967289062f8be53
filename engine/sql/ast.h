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
#include <variant>
#include <vector>

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
  kLike,      // children[0] [NOT] LIKE children[1]   (patterns: % and _, escape \)
  kIsNull,    // children[0] IS [NOT] NULL
  kFunction,  // function_name(children...) ; COUNT(*) has `star` and no children
  kVariable,  // @name (user variable) or @@[scope.]name (system variable): `variable`
  kAssign,    // @name := children[0]   (assigns and yields the value)
};

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

enum class UnaryOp { kNegate, kPlus, kNot };

enum class BinaryOp {
  kAdd, kSub, kMul, kDiv, kMod,           // + - * / %  (/ is real division, as in MySQL)
  kEq, kNotEq, kLt, kLtEq, kGt, kGtEq,    // = (<> or !=) < <= > >=
  kAnd, kOr,
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  Location loc;

  Value literal;                 // kLiteral
  std::string table_name;        // kColumn qualifier, lowercased ("" when none)
  std::string column_name;       // kColumn, lowercased
  UnaryOp unary_op = UnaryOp::kNot;      // kUnary
  BinaryOp binary_op = BinaryOp::kAnd;   // kBinary
  bool negated = false;          // NOT IN / NOT BETWEEN / NOT LIKE / IS NOT NULL
  std::string function_name;     // kFunction, uppercased: COUNT SUM MIN MAX AVG VALUES ...
  bool star = false;             // COUNT(*)
  bool distinct = false;         // COUNT(DISTINCT x) etc.
  VariableRef variable;          // kVariable, kAssign
  std::vector<ExprPtr> children;

  // The source text of the expression as written (whitespace-normalised), used as the
  // result column name when there is no alias: `SELECT k+1` shows a column named "k+1".
  std::string text;

  // Set by the planner's binder, not the parser: where the evaluator finds this node's
  // value in the current row (a column, or an aggregate's or VALUES()'s precomputed result).
  // -1 means unbound.
  int slot = -1;

  bool IsAggregate() const;  // COUNT, SUM, MIN, MAX, AVG
};

struct TableName {
  std::string database;  // lowercased; "" means the session's current database
  std::string table;     // lowercased
  Location loc;
};

// ---- DDL ----

struct ColumnDefinition {
  std::string name;          // lowercased
  std::string display_name;  // as written
  ColumnType type = ColumnType::kInt;
  uint32_t length = 0;       // CHAR(n)/VARCHAR(n); CHAR without (n) is CHAR(1)
  bool not_null = false;
  bool explicit_null = false;  // `NULL` written
  ExprPtr default_value;       // a literal, possibly with unary minus; nullptr when absent
  bool auto_increment = false;
  bool primary_key = false;  // column-level PRIMARY KEY
  bool unique = false;       // column-level UNIQUE [KEY]
  Location loc;
};

struct IndexDefinition {
  std::string name;  // lowercased; "" when not given (a name is derived from the first column)
  bool primary = false;
  bool unique = false;
  std::vector<std::string> columns;  // lowercased
  Location loc;
};

struct CreateDatabase { std::string name; bool if_not_exists = false; };
struct DropDatabase { std::string name; bool if_exists = false; };
struct UseDatabase { std::string name; };
struct ShowDatabases {};
struct ShowTables { std::string database; };  // "" = current
struct CreateTable {
  TableName table;
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns;
  std::vector<IndexDefinition> indexes;  // table-level PRIMARY KEY / [UNIQUE] INDEX|KEY
};
struct CreateIndex { IndexDefinition index; TableName table; };
struct DropTable { std::vector<TableName> tables; bool if_exists = false; };
struct DescribeTable { TableName table; };
struct ShowCreateTable { TableName table; };

// ---- DML ----

struct Assignment {
  std::string column;  // lowercased
  ExprPtr value;
  Location loc;
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
};

struct Insert {
  TableName table;
  bool replace = false;                // REPLACE INTO
  bool ignore = false;                 // INSERT IGNORE (parsed; rejected as unsupported)
  std::vector<std::string> columns;    // empty = all columns in order
  std::vector<std::vector<ExprPtr>> rows;
  std::vector<Assignment> on_duplicate_update;  // ON DUPLICATE KEY UPDATE ...
};

struct Update {
  TableName table;
  std::vector<Assignment> assignments;
  ExprPtr where;  // nullptr = all rows
  std::vector<OrderItem> order_by;  // UPDATE ... ORDER BY ... LIMIT n (MySQL)
  std::optional<int64_t> limit;
};

struct Delete {
  TableName table;
  ExprPtr where;
  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;
};

struct SelectItem {
  ExprPtr expr;         // nullptr for `*` / `t.*`
  bool star = false;
  std::string star_table;  // `t.*` qualifier, lowercased
  std::string alias;       // as written; "" = none
};

struct Select {
  bool distinct = false;
  std::vector<SelectItem> items;
  std::optional<TableName> from;  // absent: SELECT expr without FROM
  std::string from_alias;         // FROM t AS a / FROM t a, lowercased
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;
  std::optional<int64_t> offset;
  bool for_update = false;  // SELECT ... FOR UPDATE: reads are tracked for conflicts
};

struct Explain { Select select; };
struct ChecksumTable { std::vector<TableName> tables; };

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

// ---- transactions ----
struct Begin {};     // BEGIN | START TRANSACTION
struct Commit {};
struct Rollback {};

using StatementBody =
    std::variant<CreateDatabase, DropDatabase, UseDatabase, ShowDatabases, ShowTables,
                 CreateTable, CreateIndex, DropTable, DescribeTable, ShowCreateTable, Insert,
                 Update, Delete, Select, Explain, ChecksumTable, Begin, Commit, Rollback,
                 ShowReplicaStatus, ShowReplicas, SetStatement, SetTransaction,
                 ShowVariables, ShowWarnings>;

struct Statement {
  StatementBody body;
  Location loc;
};

// A short lowercase name for metrics and logs: "select", "insert", "create_table", ...
std::string_view StatementKindName(const Statement& statement);

// True for statements that change data or schema (everything a replica must refuse).
bool IsWrite(const Statement& statement);

}  // namespace ordinal::engine::sql

#endif  // ORDINAL_ENGINE_SQL_AST_H_
