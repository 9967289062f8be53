// Internals of the evaluator shared by its files (evaluator.cc: dispatch, arithmetic,
// comparisons, IN/BETWEEN/LIKE, calls and variables; eval_operators.cc: bit operators, DIV,
// XOR, <=>, IS TRUE/FALSE, CASE, REGEXP; eval_cast.cc: CAST/CONVERT). Private to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_EVAL_INTERNAL_H_
#define ORDINAL_ENGINE_EXEC_EVAL_INTERNAL_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "engine/sql/ast.h"
#include "engine/types/collation_derivation.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec::internal {

// The result of evaluating a node: a reference to a value that outlives the evaluation
// (a literal in the tree or a slot of the row), or a value computed here. Referencing
// avoids copying strings on the way to a comparison.
class Operand {
 public:
  void Refer(const Value& v) { ref_ = &v; }
  void Set(Value v) {
    owned_ = std::move(v);
    ref_ = nullptr;
  }
  const Value& get() const { return ref_ != nullptr ? *ref_ : owned_; }
  Value Take() && { return ref_ != nullptr ? *ref_ : std::move(owned_); }
  // Gives the value to `out`: copied over it when referred to (a string into the buffer
  // `out` holds, when it holds one), moved when owned.
  void AssignTo(Value& out) && {
    if (ref_ != nullptr) {
      out = *ref_;
    } else {
      out = std::move(owned_);
    }
  }

 private:
  const Value* ref_ = nullptr;
  Value owned_;
};

using Row = std::vector<Value>;

// Evaluates `e` over `row` into `out`.
absl::Status Eval(const sql::Expr& e, const Row& row, Operand* out);

// INVALID_ARGUMENT errno 1690 "<type> value is out of range in '<expr>'".
absl::Status OutOfRange(std::string_view type, const sql::Expr& e);

// INVALID_ARGUMENT errno 1365 "Division by 0".
absl::Status DivisionByZero();

// What a division by zero gives, as MySQL decides it: an error (`status`, errno 1365) in a
// statement that changes data under strict mode with ERROR_FOR_DIVISION_BY_ZERO (and
// outside any session); otherwise NULL, with warning 1365 when that mode is on.
absl::Status AfterDivisionByZero(absl::Status status, Operand* out);

// Three-valued truth: 1, 0 or NULL as an SQL value.
Value Truth(std::optional<bool> b);

// eval_operators.cc
absl::Status EvalBitwise(const sql::Expr& e, const Value& a, const Value& b, Operand* out);
absl::Status EvalBitNot(const Value& v, Operand* out);
absl::Status EvalIntDiv(const sql::Expr& e, const Value& a, const Value& b, Operand* out);
Value NullSafeEqual(const Value& a, const Value& b);
Value Xor(const Value& a, const Value& b);
absl::Status EvalIsTruth(const sql::Expr& e, const Row& row, Operand* out);
absl::Status EvalCase(const sql::Expr& e, const Row& row, Operand* out);
absl::Status EvalRegexp(const sql::Expr& e, const Row& row, Operand* out);

// eval_collation.cc
// OK unless `a` and `b` are strings without a common collation for `operation` ("=",
// "in", "like", ...): then error 1267, as MySQL refuses to compare them.
absl::Status CheckCollationMix(const Value& a, const Value& b, std::string_view operation);

// The collation of a string function's result (functions::ResultCollation): the
// aggregation of the string arguments the call evaluated.
class ArgumentCollations {
 public:
  void Add(const Value& argument);
  // Gives a string `result` the aggregated collation and derivation; error 1267 when two
  // arguments mixed illegally (two different COLLATE clauses, or character sets that do
  // not convert), named after `function`.
  absl::Status Apply(std::string_view function, Value* result) const;

 private:
  std::optional<DerivedCollation> common_;
  std::optional<std::pair<DerivedCollation, DerivedCollation>> illegal_;
};

// eval_operators.cc: a value as the bit operators and BIT_AND/OR/XOR read it, as MySQL
// does: integers in two's complement, other numbers rounded (and clamped) to 64 bits,
// strings by their leading number.
uint64_t AsBits(const Value& v);

// Whether a comparison's three-way result `c` satisfies `op` (= <> < <= > >=); nullopt when
// `c` is (unknown) or `op` is no such comparison.
std::optional<bool> ComparisonHolds(sql::BinaryOp op, std::optional<int> c);

// eval_cast.cc
absl::Status EvalCast(const sql::Expr& e, const Row& row, Operand* out);

}  // namespace ordinal::engine::exec::internal

#endif  // ORDINAL_ENGINE_EXEC_EVAL_INTERNAL_H_
