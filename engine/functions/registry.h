// The built-in scalar functions: one registry of name, arity, result type rule and
// evaluation. The parser knows nothing per function (a call is a name and arguments); the
// binder asks the registry for result types and the evaluator for the code. Each family
// lives in its own file (session_functions.cc, control_functions.cc, math_functions.cc,
// string_functions.cc, ...) and contributes a table; registry.cc merges them. Families share
// their argument handling through args.h.
//
// Aggregates (COUNT, SUM, ...) and VALUES() are not here: the planner binds them to slots.
#ifndef ORDINAL_ENGINE_FUNCTIONS_REGISTRY_H_
#define ORDINAL_ENGINE_FUNCTIONS_REGISTRY_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/functions/session_context.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::functions {

// The arguments of one call being evaluated. Arguments are evaluated on demand, so control
// functions (IF, COALESCE, ...) evaluate only the branches they take.
class FunctionArgs {
 public:
  virtual ~FunctionArgs() = default;
  virtual size_t size() const = 0;
  // Evaluates argument `i` (< size()) over the current row.
  virtual absl::StatusOr<Value> Arg(size_t i) = 0;
  // The call node (its text names it in error messages).
  virtual const sql::Expr& call() const = 0;
  // The running statement's session, or nullptr.
  SessionContext* session() const { return CurrentSessionContext(); }
};

using EvalFn = absl::StatusOr<Value> (*)(FunctionArgs& args);
// The result column type, given the argument types.
using TypeFn = ColumnType (*)(const std::vector<ColumnType>& arg_types);

inline constexpr int kVariadic = -1;

// Which collation a string result carries (docs/collations.md): part of a function's type
// rule, applied by the evaluator to whatever the function returns.
enum class ResultCollation : uint8_t {
  // Coercible, the connection's collation: text made from numbers, bytes or nothing
  // (HEX, CHAR, FORMAT, SPACE, DATE_FORMAT, ...).
  kConnection,
  // MySQL's aggregation of the string arguments' collations and derivations
  // (AggregateCollations): CONCAT(col, 'x') keeps col's collation, implicitly.
  kOfStrings,
  // The same over the arguments after the first (IF(cond, a, b), ELT(n, a, ...)).
  kOfStringsAfterFirst,
};

struct FunctionDef {
  std::string_view name;  // uppercase
  int min_args = 0;
  int max_args = 0;  // kVariadic: no upper bound
  TypeFn type = nullptr;
  EvalFn eval = nullptr;
  ResultCollation collation = ResultCollation::kConnection;
  // The call may block its thread for a long time (it waits for something outside the
  // statement: a commit position, a timer). A statement that calls such a function runs on a
  // front end's blocking pool, never on an I/O thread (WAIT_FOR_EXECUTED_GTID_SET, SLEEP).
  bool blocking = false;
};

// The function named `name` (uppercase), or nullptr.
const FunctionDef* FindFunction(std::string_view name);

// OK when `count` arguments suit `def`; else INVALID_ARGUMENT errno 1582 "Incorrect parameter
// count in the call to native function 'NAME'".
absl::Status CheckArity(const FunctionDef& def, size_t count);

// Whether `e` (or any expression below it, outside subqueries) calls a function whose
// definition is `blocking`.
bool CallsBlockingFunction(const sql::Expr& e);

// INVALID_ARGUMENT errno 1305 "FUNCTION NAME does not exist" for a name nothing defines.
absl::Status UnknownFunction(std::string_view name);

// Result type rules shared by the families.
ColumnType ReturnsInt(const std::vector<ColumnType>& args);
ColumnType ReturnsDouble(const std::vector<ColumnType>& args);
ColumnType ReturnsString(const std::vector<ColumnType>& args);
// The common type of all arguments: INT when all are, DOUBLE when all are numeric, else a
// string (COALESCE, GREATEST, ...).
ColumnType ReturnsCommonType(const std::vector<ColumnType>& args);

// The family tables.
std::vector<FunctionDef> SessionFunctions();
std::vector<FunctionDef> ControlFunctions();
std::vector<FunctionDef> MathFunctions();
std::vector<FunctionDef> StringFunctions();
std::vector<FunctionDef> StringSearchFunctions();
std::vector<FunctionDef> StringEncodingFunctions();
std::vector<FunctionDef> HashFunctions();
std::vector<FunctionDef> TemporalContextFunctions();
std::vector<FunctionDef> JsonQueryFunctions();
std::vector<FunctionDef> JsonBuildFunctions();
std::vector<FunctionDef> JsonModifyFunctions();
std::vector<FunctionDef> JsonSearchFunctions();

// The internal conversions the planner inserts around temporal operands (MySQL's numeric and
// comparison contexts; temporal_contexts.cc). No SQL text can name them.
inline constexpr std::string_view kTemporalNumber = "#TEMPORAL NUMBER";
inline constexpr std::string_view kDateTimeNumber = "#DATETIME NUMBER";
inline constexpr std::string_view kTimeNumber = "#TIME NUMBER";
inline constexpr std::string_view kSessionTimestamp = "#SESSION TIMESTAMP";
std::vector<FunctionDef> TemporalFunctions();

// The internal conversion the planner inserts around an ENUM column in numeric context and
// ORDER BY (engine/plan/enum_contexts.h): its member index. No SQL text can name it.
inline constexpr std::string_view kEnumIndex = "#ENUM INDEX";
std::vector<FunctionDef> EnumIndexFunctions();

// `x COLLATE name` (sql::kCollateFunction, collate_function.cc).
std::vector<FunctionDef> CollateFunctions();

}  // namespace ordinal::engine::functions

#endif  // ORDINAL_ENGINE_FUNCTIONS_REGISTRY_H_
