#include "engine/exec/aggregate.h"

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/exec/evaluator.h"
#include "engine/types/json_sql.h"

namespace ordinal::engine::exec {

bool TupleLess::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    const int c = CompareForSort(a[i], b[i]);
    if (c != 0) return c < 0;
  }
  return a.size() < b.size();
}

Aggregator::Route Aggregator::RouteOf(const sql::Expr& call) {
  const std::string& f = call.function_name;
  if (call.star || call.children.empty()) return Route::kCountRows;
  if (sql::IsJsonAggregateName(f)) return Route::kJson;
  const bool min_max = f == "MIN" || f == "MAX";
  if (f == "GROUP_CONCAT" || (f == "COUNT" && call.argument_count() > 1) ||
      (min_max && call.children.size() > 1) || sql::IsBitAggregateName(f) ||
      sql::IsStatisticsAggregateName(f)) {
    return Route::kMore;
  }
  if (f == "SUM" || f == "AVG") return Route::kSumAvg;
  if (f == "MIN") return Route::kMin;
  if (f == "MAX") return Route::kMax;
  return Route::kCount;
}

absl::Status Aggregator::Add(Route route, CallState& s, Value v) const {
  ++s.count;
  switch (route) {
    case Route::kSumAvg:
      if (s.all_exact && (v.is_integer() || v.is_decimal())) {
        int64_t sum;
        if (v.is_int() && !__builtin_add_overflow(s.int_sum, v.int_value(), &sum)) {
          s.int_sum = sum;
        } else {
          s.exact_sum = Decimal::Add(s.exact_sum, *v.ToDecimal());
        }
      } else {
        s.all_exact = false;
      }
      s.double_sum += v.ToDouble();
      break;
    case Route::kMin:
    case Route::kMax:
      if (s.best.is_null()) {
        s.best = std::move(v);
      } else {
        const int c = CompareForSort(v, s.best);
        if (route == Route::kMin ? c < 0 : c > 0) s.best = std::move(v);
      }
      break;
    default:
      break;
  }
  return absl::OkStatus();
}

// JSON_ARRAYAGG(x) appends x (NULL as JSON null); JSON_OBJECTAGG(k, v) puts member k (the
// last value of a repeated key wins).
absl::Status Aggregator::AddJson(const sql::Expr& call, CallState& s,
                                 const std::vector<Value>& row) const {
  ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*call.children.back(), row));
  if (s.count++ == 0) {
    s.json = call.function_name == "JSON_ARRAYAGG" ? JsonValue::Array() : JsonValue::Object();
  }
  if (s.json.is_array()) {
    s.json.elements().push_back(JsonOfSqlValue(v));
    return absl::OkStatus();
  }
  ORDINAL_ASSIGN_OR_RETURN(Value key, Evaluate(*call.children[0], row));
  if (key.is_null()) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kJsonDocumentNullKey,
                    "JSON documents may not contain NULL member names.");
  }
  s.json.Put(key.ToString(), JsonOfSqlValue(v));
  return absl::OkStatus();
}

absl::Status Aggregator::Accumulate(State& state, const std::vector<Value>& row) const {
  for (size_t i = 0; i < calls_.size(); ++i) {
    const sql::Expr& call = *calls_[i];
    CallState& s = state[i];
    const Route route = routes_[i];
    if (route == Route::kCountRows) {
      ++s.count;
      continue;
    }
    if (route == Route::kJson) {
      ORDINAL_RETURN_IF_ERROR(AddJson(call, s, row));
      continue;
    }
    if (route == Route::kMore) {
      ORDINAL_ASSIGN_OR_RETURN(const bool added, AddMore(call, s, row));
      if (added) continue;
    }
    ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*call.children[0], row));
    if (v.is_null()) continue;
    if (call.distinct && !s.seen.insert(v).second) continue;
    ORDINAL_RETURN_IF_ERROR(Add(route, s, std::move(v)));
  }
  return absl::OkStatus();
}

void Aggregator::Finish(const State& state, std::vector<Value>* out) const {
  for (size_t i = 0; i < calls_.size(); ++i) {
    const std::string& f = calls_[i]->function_name;
    const CallState& s = state[i];
    if (FinishMore(*calls_[i], s, out)) continue;
    if (f == "COUNT") {
      out->push_back(Value::Int(s.count));
    } else if (s.count == 0) {
      out->push_back(Value::Null());
    } else if (sql::IsJsonAggregateName(f)) {
      out->push_back(SqlValueOfJson(s.json));
    } else if (f == "SUM" || f == "AVG") {
      // Exact arguments give a DECIMAL (AVG with 4 more digits of scale), as in MySQL.
      if (!s.all_exact) {
        const double sum = s.double_sum;
        out->push_back(Value::Double(f == "SUM" ? sum : sum / static_cast<double>(s.count)));
        continue;
      }
      const Decimal sum = Decimal::Add(s.exact_sum, Decimal::FromInt(s.int_sum));
      out->push_back(Value::FromDecimal(
          f == "SUM" ? sum : *Decimal::Div(sum, Decimal::FromInt(s.count))));
    } else {
      out->push_back(s.best);
    }
  }
}

}  // namespace ordinal::engine::exec
