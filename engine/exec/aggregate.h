// Aggregate functions over groups of rows: COUNT(*), COUNT(x), COUNT(DISTINCT x), SUM, AVG,
// MIN, MAX (DISTINCT allowed on each), JSON_ARRAYAGG(x) and JSON_OBJECTAGG(k, v). NULL
// arguments are skipped, except by the JSON aggregates (JSON null; a NULL key is 3158);
// over no values COUNT is 0 and the others NULL. SUM of integers stays an integer (overflow is errno 1690); SUM of
// anything else and AVG are doubles. Internal to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_AGGREGATE_H_
#define ORDINAL_ENGINE_EXEC_AGGREGATE_H_

#include <cstdint>
#include <set>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/sql/ast.h"
#include "engine/types/json.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

struct SortLess {
  bool operator()(const Value& a, const Value& b) const { return CompareForSort(a, b) < 0; }
};

// Lexicographic CompareForSort order of value tuples (group keys, DISTINCT rows).
struct TupleLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};

class Aggregator {
 public:
  // `calls` are bound aggregate nodes (arguments bound to the input row layout); they must
  // outlive the Aggregator.
  explicit Aggregator(const std::vector<sql::Expr*>& calls) : calls_(calls) {}

  struct CallState {
    int64_t count = 0;
    // SUM and AVG of exact numbers (integers, decimals) are exact: int64 values add up in
    // int_sum while it does not overflow, everything else in exact_sum.
    bool all_exact = true;
    int64_t int_sum = 0;
    Decimal exact_sum;
    double double_sum = 0;
    Value best;  // MIN/MAX so far
    std::set<Value, SortLess> seen;  // DISTINCT values so far
    JsonValue json;  // JSON_ARRAYAGG's array, JSON_OBJECTAGG's object so far
  };
  using State = std::vector<CallState>;

  State NewState() const { return State(calls_.size()); }

  // Adds one input row to `state`.
  absl::Status Accumulate(State& state, const std::vector<Value>& row) const;

  // Appends one result per call, in order, to `out`.
  void Finish(const State& state, std::vector<Value>* out) const;

 private:
  absl::Status Add(const sql::Expr& call, CallState& s, const Value& v) const;
  absl::Status AddJson(const sql::Expr& call, CallState& s, const std::vector<Value>& row) const;

  const std::vector<sql::Expr*>& calls_;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_AGGREGATE_H_
