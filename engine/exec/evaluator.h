// Expression evaluation with MySQL semantics over one bound row.
//
// The planner binds every kColumn node, every aggregate call and every VALUES(col) call to
// a slot (Expr::slot) in the row it will evaluate against; the evaluator reads those slots
// and computes everything else. Semantics:
//   - NULL propagates through arithmetic and comparisons; AND/OR use three-valued logic
//     (FALSE AND NULL = FALSE, TRUE OR NULL = TRUE); NOT NULL = NULL.
//   - Arithmetic: int op int stays int for + - * and % (overflow of 64 bits is
//     INVALID_ARGUMENT errno 1690 "BIGINT value is out of range"); `/` always yields a
//     double; a string operand is converted with Value::ToDouble(). Division or modulo by
//     zero is INVALID_ARGUMENT errno 1365 "Division by 0" (strict mode).
//   - Comparisons yield Int 1/0 (or NULL) via CompareValues.
//   - x IN (a, b, ...): 1 if any equal; else NULL if x or any item is NULL; else 0.
//   - BETWEEN a AND b: a <= x AND x <= b. LIKE: % any run, _ one character (UTF-8
//     aware), backslash escapes; byte-wise case-sensitive like the binary collation.
//   - Subquery nodes are computed by the runner the planner bound to them.
//   - Scalar functions come from the registry (engine/functions/registry.h): an unknown
//     name is errno 1305, a wrong argument count 1582. Aggregates and VALUES() must be
//     bound to slots; an unbound one is INTERNAL.
//   - @@variables and @user variables read the session installed on this thread
//     (engine/functions/session_context.h); `@x := v` stores v there. Without one, system
//     variables read as their defaults and user variables as NULL.
#ifndef ORDINAL_ENGINE_EXEC_EVALUATOR_H_
#define ORDINAL_ENGINE_EXEC_EVALUATOR_H_

#include <vector>

#include "absl/status/statusor.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

absl::StatusOr<Value> Evaluate(const sql::Expr& expr, const std::vector<Value>& row);

// Evaluates `expr` as a WHERE condition: true only when the result is non-NULL and true.
absl::StatusOr<bool> EvaluatePredicate(const sql::Expr& expr, const std::vector<Value>& row);

// Whether `pattern` (LIKE syntax) matches `text`; `escape` is the escape byte (-1: none).
bool LikeMatch(std::string_view text, std::string_view pattern, int escape = '\\');

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_EVALUATOR_H_
