// The aggregates beyond COUNT, SUM, AVG, MIN, MAX and the JSON ones (aggregate.h):
// GROUP_CONCAT, COUNT(DISTINCT a, b, ...), MIN/MAX by a comparison key, BIT_AND, BIT_OR,
// BIT_XOR and the statistics (STD, STDDEV, STDDEV_POP, STDDEV_SAMP, VARIANCE, VAR_POP,
// VAR_SAMP).
#include <cmath>
#include <cstdint>

#include "common/status_macros.h"
#include "engine/exec/aggregate.h"
#include "engine/exec/eval_internal.h"
#include "engine/exec/evaluator.h"
#include "engine/plan/aggregate_calls.h"

namespace ordinal::engine::exec {
namespace {

bool IsMinMax(const std::string& f) { return f == "MIN" || f == "MAX"; }

// A statistic from the count, the mean and the sum of squared deviations: NULL for the
// sample forms over fewer than two values.
Value Statistic(const std::string& f, int64_t count, double m2) {
  const bool sample = f == "STDDEV_SAMP" || f == "VAR_SAMP";
  if (sample && count < 2) return Value::Null();
  const double variance = m2 / static_cast<double>(sample ? count - 1 : count);
  const bool root = f == "STD" || f == "STDDEV" || f == "STDDEV_POP" || f == "STDDEV_SAMP";
  return Value::Double(root ? std::sqrt(variance) : variance);
}

}  // namespace

Aggregator::Aggregator(const std::vector<sql::Expr*>& calls) : calls_(calls) {
  routes_.reserve(calls_.size());
  for (const sql::Expr* call : calls_) routes_.push_back(RouteOf(*call));
  for (const sql::Expr* call : calls_) {
    if (call->function_name == "GROUP_CONCAT") {
      group_concat_max_length_ = plan::GroupConcatMaxLength();
      break;
    }
  }
}

absl::StatusOr<bool> Aggregator::AddMore(const sql::Expr& call, CallState& s,
                                         const std::vector<Value>& row) const {
  const std::string& f = call.function_name;
  if (f == "GROUP_CONCAT") {
    ORDINAL_ASSIGN_OR_RETURN(const bool counted,
                             GroupConcatAdd(call, group_concat_max_length_, s.concat, row));
    if (counted) ++s.count;
    return true;
  }
  if (f == "COUNT" && call.argument_count() > 1) {  // COUNT(DISTINCT a, b, ...)
    std::vector<Value> tuple(call.argument_count());
    for (size_t i = 0; i < tuple.size(); ++i) {
      ORDINAL_ASSIGN_OR_RETURN(tuple[i], Evaluate(*call.children[i], row));
      if (tuple[i].is_null()) return true;
    }
    if (s.seen_tuples.insert(std::move(tuple)).second) ++s.count;
    return true;
  }
  const bool keyed = IsMinMax(f) && call.children.size() > 1;
  const bool bits = sql::IsBitAggregateName(f);
  if (!keyed && !bits && !sql::IsStatisticsAggregateName(f)) return false;
  ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*call.children[0], row));
  if (v.is_null()) return true;
  if (call.distinct && !s.seen.insert(v).second) return true;
  if (keyed) {
    ORDINAL_RETURN_IF_ERROR(AddByKey(call, s, v, row));
  } else if (bits) {
    AddBits(f, s, v);
  } else {
    AddStatistic(s, v);
  }
  return true;
}

// MIN/MAX(x) with children x and its comparison key.
absl::Status Aggregator::AddByKey(const sql::Expr& call, CallState& s, const Value& v,
                                  const std::vector<Value>& row) const {
  ORDINAL_ASSIGN_OR_RETURN(Value key, Evaluate(*call.children[1], row));
  if (s.count++ > 0) {
    const int c = CompareForSort(key, s.best_key);
    if (call.function_name == "MIN" ? c >= 0 : c <= 0) return absl::OkStatus();
  }
  s.best = v;
  s.best_key = std::move(key);
  return absl::OkStatus();
}

void Aggregator::AddBits(const std::string& f, CallState& s, const Value& v) {
  const uint64_t x = internal::AsBits(v);
  if (f == "BIT_AND") {
    s.bits = s.count == 0 ? x : s.bits & x;
  } else if (f == "BIT_OR") {
    s.bits |= x;
  } else {
    s.bits ^= x;
  }
  ++s.count;
}

void Aggregator::AddStatistic(CallState& s, const Value& v) {
  const double x = v.ToDouble();
  ++s.count;
  const double delta = x - s.mean;
  s.mean += delta / static_cast<double>(s.count);
  s.m2 += delta * (x - s.mean);
}

bool Aggregator::FinishMore(const sql::Expr& call, const CallState& s,
                            std::vector<Value>* out) const {
  const std::string& f = call.function_name;
  if (sql::IsBitAggregateName(f)) {
    out->push_back(Value::UInt(f == "BIT_AND" && s.count == 0 ? UINT64_MAX : s.bits));
    return true;
  }
  if (sql::IsStatisticsAggregateName(f)) {
    out->push_back(s.count == 0 ? Value::Null() : Statistic(f, s.count, s.m2));
    return true;
  }
  if (f == "GROUP_CONCAT") {
    out->push_back(s.count == 0 ? Value::Null()
                                : GroupConcatFinish(call, group_concat_max_length_, s.concat));
    return true;
  }
  return false;
}

}  // namespace ordinal::engine::exec
