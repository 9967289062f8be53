// Aggregate functions over groups of rows: COUNT(*), COUNT(x), COUNT(DISTINCT x, ...), SUM,
// AVG, MIN, MAX (DISTINCT allowed on each), JSON_ARRAYAGG(x) and JSON_OBJECTAGG(k, v),
// GROUP_CONCAT (group_concat.h), BIT_AND/BIT_OR/BIT_XOR, and the statistics STD, STDDEV,
// STDDEV_POP, STDDEV_SAMP, VARIANCE, VAR_POP, VAR_SAMP. NULL arguments are skipped, except by
// the JSON aggregates (JSON null; a NULL key is 3158); COUNT(DISTINCT a, b) counts the
// distinct tuples without a NULL. Over no values COUNT is 0, BIT_AND all ones
// (18446744073709551615), BIT_OR and BIT_XOR 0, and the others NULL. SUM of integers stays
// an integer (overflow is errno 1690); SUM of anything else and AVG are doubles. The BIT_*
// results are BIGINT UNSIGNED, the statistics DOUBLE (a running mean and sum of squared
// deviations, Welford's method; the sample forms are NULL over one value). MIN and MAX
// with a comparison key (a second child the planner adds for TIME arguments: the TIME
// number) compare by the key and return the argument. Internal to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_AGGREGATE_H_
#define ORDINAL_ENGINE_EXEC_AGGREGATE_H_

#include <cstdint>
#include <set>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/exec/group_concat.h"
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
  explicit Aggregator(const std::vector<sql::Expr*>& calls);

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
    Value best_key;  // MIN/MAX with a comparison key: the key of `best`
    uint64_t bits = 0;  // BIT_AND, BIT_OR, BIT_XOR so far
    double mean = 0;    // the statistics: the running mean,
    double m2 = 0;      // and the sum of squared deviations from it
    std::set<std::vector<Value>, TupleLess> seen_tuples;  // COUNT(DISTINCT a, b, ...)
    GroupConcatState concat;
  };
  using State = std::vector<CallState>;

  State NewState() const { return State(calls_.size()); }

  // Adds one input row to `state`.
  absl::Status Accumulate(State& state, const std::vector<Value>& row) const;

  // Appends one result per call, in order, to `out`.
  void Finish(const State& state, std::vector<Value>* out) const;

 private:
  // How Accumulate adds a call's rows, decided once from its name (so rows compare no
  // names): COUNT(*); the JSON aggregates; those of aggregate_more.cc (AddMore); or the
  // argument's non-NULL values by Add.
  enum class Route : uint8_t { kCountRows, kJson, kMore, kSumAvg, kMin, kMax, kCount };
  static Route RouteOf(const sql::Expr& call);

  absl::Status Add(Route route, CallState& s, Value v) const;
  absl::Status AddJson(const sql::Expr& call, CallState& s, const std::vector<Value>& row) const;
  // The aggregates of aggregate_more.cc. AddMore adds `row` for the calls it handles
  // (true) and leaves the others to Accumulate (false); FinishMore appends their result.
  absl::StatusOr<bool> AddMore(const sql::Expr& call, CallState& s,
                               const std::vector<Value>& row) const;
  absl::Status AddByKey(const sql::Expr& call, CallState& s, const Value& v,
                        const std::vector<Value>& row) const;
  static void AddBits(const std::string& f, CallState& s, const Value& v);
  static void AddStatistic(CallState& s, const Value& v);
  bool FinishMore(const sql::Expr& call, const CallState& s, std::vector<Value>* out) const;

  const std::vector<sql::Expr*>& calls_;
  std::vector<Route> routes_;  // per call
  uint64_t group_concat_max_length_ = 0;  // read once, when a call is GROUP_CONCAT
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_AGGREGATE_H_
