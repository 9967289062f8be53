#include "engine/exec/window.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "common/status_macros.h"
#include "engine/exec/aggregate.h"
#include "engine/exec/evaluator.h"
#include "engine/exec/table_access.h"

namespace ordinal::engine::exec {
namespace {

using Rows = std::vector<std::vector<Value>>;
using plan::BoundFrameEdge;
using plan::BoundWindow;
using sql::FrameBoundKind;

// A row's place in a window: its index in the input and its key values.
struct Entry {
  size_t row = 0;
  std::vector<Value> partition;
  std::vector<Value> order;
};

// One partition of a window, in window order: position k is input row members[k].
struct Partition {
  const Rows* rows = nullptr;
  const BoundWindow* window = nullptr;
  std::vector<size_t> members;
  std::vector<const std::vector<Value>*> keys;  // ORDER BY values per position
  std::vector<size_t> peer_begin;               // first position of k's peer group
  std::vector<size_t> peer_end;                 // one past its last position
  // Positions whose (single) ORDER BY value is not NULL: [value_begin, value_end).
  size_t value_begin = 0;
  size_t value_end = 0;

  size_t size() const { return members.size(); }
  const std::vector<Value>& row(size_t k) const { return (*rows)[members[k]]; }
};

int CompareKeys(const std::vector<Value>& a, const std::vector<Value>& b,
                const std::vector<bool>* descending) {
  for (size_t i = 0; i < a.size(); ++i) {
    const int c = CompareForSort(a[i], b[i]);
    if (c != 0) return descending != nullptr && (*descending)[i] ? -c : c;
  }
  return 0;
}

absl::StatusOr<std::vector<Value>> EvaluateAll(const std::vector<sql::ExprPtr>& exprs,
                                               const std::vector<Value>& row) {
  std::vector<Value> values;
  values.reserve(exprs.size());
  for (const sql::ExprPtr& e : exprs) {
    ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*e, row));
    values.push_back(std::move(v));
  }
  return values;
}

// The rows in window order: by partition, then by ORDER BY; ties keep input order.
absl::StatusOr<std::vector<Entry>> SortRows(const BoundWindow& window, const Rows& rows,
                                            const StatementInterrupt* interrupt) {
  std::vector<Entry> entries(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt));
    entries[i].row = i;
    ORDINAL_ASSIGN_OR_RETURN(entries[i].partition, EvaluateAll(window.partition_by, rows[i]));
    ORDINAL_ASSIGN_OR_RETURN(entries[i].order, EvaluateAll(window.order_by, rows[i]));
  }
  std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    const int c = CompareKeys(a.partition, b.partition, nullptr);
    if (c != 0) return c < 0;
    return CompareKeys(a.order, b.order, &window.descending) < 0;
  });
  return entries;
}

Partition MakePartition(const BoundWindow& window, const Rows& rows,
                        const std::vector<Entry>& entries, size_t begin, size_t end) {
  Partition p;
  p.rows = &rows;
  p.window = &window;
  const size_t m = end - begin;
  for (size_t i = begin; i < end; ++i) {
    p.members.push_back(entries[i].row);
    p.keys.push_back(&entries[i].order);
  }
  p.peer_begin.resize(m);
  p.peer_end.resize(m);
  for (size_t k = 0; k < m;) {
    size_t last = k + 1;
    while (last < m && CompareKeys(*p.keys[k], *p.keys[last], nullptr) == 0) ++last;
    for (size_t j = k; j < last; ++j) {
      p.peer_begin[j] = k;
      p.peer_end[j] = last;
    }
    k = last;
  }
  p.value_begin = 0;
  p.value_end = m;
  if (window.order_by.size() == 1) {
    // NULL sorts first ascending and last descending.
    while (p.value_begin < m && (*p.keys[p.value_begin])[0].is_null()) ++p.value_begin;
    while (p.value_end > p.value_begin && (*p.keys[p.value_end - 1])[0].is_null()) --p.value_end;
  }
  return p;
}

// A constant integer argument (NTILE's, LAG's offset, NTH_VALUE's N), which the planner
// checked; clamped to what a position can be.
absl::StatusOr<uint64_t> ConstantArgument(const sql::Expr& expr) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(expr, {}));
  if (!v.is_integer() || v.integer_value() < 0) return uint64_t{0};
  return static_cast<uint64_t>(std::min<__int128>(v.integer_value(), INT64_MAX / 4));
}

uint64_t OffsetOf(const BoundFrameEdge& edge) {
  const Value& v = edge.offset;
  if (!v.is_integer() || v.integer_value() < 0) return 0;
  return static_cast<uint64_t>(std::min<__int128>(v.integer_value(), INT64_MAX / 4));
}

size_t Clamp(int64_t position, size_t m) {
  if (position < 0) return 0;
  return std::min(static_cast<size_t>(position), m);
}

// One end of a ROWS frame for position k: the first position in (start) or the first
// position after (end) the frame.
size_t RowsEdge(const BoundFrameEdge& edge, size_t k, size_t m, bool end) {
  const int64_t here = static_cast<int64_t>(k);
  const int64_t n = static_cast<int64_t>(OffsetOf(edge));
  const int64_t past = end ? 1 : 0;
  switch (edge.kind) {
    case FrameBoundKind::kUnboundedPreceding:
      return 0;
    case FrameBoundKind::kUnboundedFollowing:
      return m;
    case FrameBoundKind::kCurrentRow:
      return Clamp(here + past, m);
    case FrameBoundKind::kPreceding:
      return Clamp(here - n + past, m);
    case FrameBoundKind::kFollowing:
      return Clamp(here + n + past, m);
  }
  return m;
}

// The first position in [lo, hi) for which `pred` is false (`pred` holds on a prefix).
template <typename Pred>
size_t FirstNot(size_t lo, size_t hi, Pred pred) {
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (pred(mid)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// One end of a RANGE frame. With an offset, the frame holds the rows whose ORDER BY value
// lies within `offset` of the current row's, in the window's direction; a NULL value's
// frame is its peers (the other NULLs).
size_t RangeEdge(const Partition& p, const BoundFrameEdge& edge, size_t k, bool end) {
  switch (edge.kind) {
    case FrameBoundKind::kUnboundedPreceding:
      return 0;
    case FrameBoundKind::kUnboundedFollowing:
      return p.size();
    case FrameBoundKind::kCurrentRow:
      return end ? p.peer_end[k] : p.peer_begin[k];
    default:
      break;
  }
  const Value& key = (*p.keys[k])[0];
  if (key.is_null()) return end ? p.peer_end[k] : p.peer_begin[k];
  const double direction = p.window->descending[0] ? -1 : 1;
  const auto position = [&](size_t j) { return direction * (*p.keys[j])[0].ToDouble(); };
  const double n = edge.offset.ToDouble();
  const double target = position(k) + (edge.kind == FrameBoundKind::kPreceding ? -n : n);
  if (end) {
    return FirstNot(p.value_begin, p.value_end, [&](size_t j) { return position(j) <= target; });
  }
  return FirstNot(p.value_begin, p.value_end, [&](size_t j) { return position(j) < target; });
}

// The frame of position k: positions [first, second); empty when first >= second.
std::pair<size_t, size_t> FrameOf(const Partition& p, size_t k) {
  const BoundWindow& w = *p.window;
  if (w.unit == sql::FrameUnit::kRows) {
    return {RowsEdge(w.start, k, p.size(), false), RowsEdge(w.end, k, p.size(), true)};
  }
  return {RangeEdge(p, w.start, k, false), RangeEdge(p, w.end, k, true)};
}

// Results of one call, by input row.
using Column = std::vector<Value>;

void Ranking(const std::string& f, const Partition& p, Column* out) {
  const size_t m = p.size();
  int64_t dense = 0;
  for (size_t k = 0; k < m; ++k) {
    if (p.peer_begin[k] == k) ++dense;
    const int64_t rank = static_cast<int64_t>(p.peer_begin[k]) + 1;
    Value v;
    if (f == "ROW_NUMBER") {
      v = Value::Int(static_cast<int64_t>(k) + 1);
    } else if (f == "RANK") {
      v = Value::Int(rank);
    } else if (f == "DENSE_RANK") {
      v = Value::Int(dense);
    } else if (f == "PERCENT_RANK") {
      v = Value::Double(m > 1 ? static_cast<double>(rank - 1) / static_cast<double>(m - 1) : 0);
    } else {  // CUME_DIST
      v = Value::Double(static_cast<double>(p.peer_end[k]) / static_cast<double>(m));
    }
    (*out)[p.members[k]] = std::move(v);
  }
}

// NTILE(n): n buckets as equal as can be, the first m % n one row larger.
absl::Status Ntile(const sql::Expr& call, const Partition& p, Column* out) {
  ORDINAL_ASSIGN_OR_RETURN(uint64_t n, ConstantArgument(*call.children[0]));
  const uint64_t m = p.size();
  if (n == 0) n = 1;
  const uint64_t small = m / n;
  const uint64_t large_buckets = m % n;
  const uint64_t large_rows = large_buckets * (small + 1);
  for (uint64_t k = 0; k < m; ++k) {
    const uint64_t bucket =
        k < large_rows ? k / (small + 1) : large_buckets + (k - large_rows) / small;
    (*out)[p.members[k]] = Value::Int(static_cast<int64_t>(bucket) + 1);
  }
  return absl::OkStatus();
}

// LAG(x [, n [, default]]) and LEAD: x on the row n before (after) this one, else default.
absl::Status Shifted(const sql::Expr& call, const Partition& p, Column* out) {
  uint64_t n = 1;
  if (call.children.size() >= 2) {
    ORDINAL_ASSIGN_OR_RETURN(n, ConstantArgument(*call.children[1]));
  }
  const bool lag = call.function_name == "LAG";
  const int64_t m = static_cast<int64_t>(p.size());
  const int64_t shift = lag ? -static_cast<int64_t>(n) : static_cast<int64_t>(n);
  for (int64_t k = 0; k < m; ++k) {
    const int64_t j = k + shift;
    Value v;
    if (j >= 0 && j < m) {
      ORDINAL_ASSIGN_OR_RETURN(v, Evaluate(*call.children[0], p.row(static_cast<size_t>(j))));
    } else if (call.children.size() >= 3) {
      ORDINAL_ASSIGN_OR_RETURN(v, Evaluate(*call.children[2], p.row(static_cast<size_t>(k))));
    }
    (*out)[p.members[k]] = std::move(v);
  }
  return absl::OkStatus();
}

// FIRST_VALUE, LAST_VALUE, NTH_VALUE: x on one row of the frame, NULL when there is none.
absl::Status FrameValue(const sql::Expr& call, const Partition& p, Column* out) {
  uint64_t nth = 1;
  if (call.function_name == "NTH_VALUE") {
    ORDINAL_ASSIGN_OR_RETURN(nth, ConstantArgument(*call.children[1]));
  }
  for (size_t k = 0; k < p.size(); ++k) {
    const auto [first, last] = FrameOf(p, k);
    std::optional<size_t> pick;
    if (first < last) {
      if (call.function_name == "LAST_VALUE") {
        pick = last - 1;
      } else if (nth >= 1 && nth <= last - first) {
        pick = first + nth - 1;
      }
    }
    Value v;
    if (pick) {
      ORDINAL_ASSIGN_OR_RETURN(v, Evaluate(*call.children[0], p.row(*pick)));
    }
    (*out)[p.members[k]] = std::move(v);
  }
  return absl::OkStatus();
}

// An aggregate over each row's frame. While the frame's start stays and its end moves
// forward (the default frames), rows are added to the running state; otherwise the state
// is rebuilt from the frame's rows.
absl::Status FrameAggregate(sql::Expr* call, const Partition& p,
                            const StatementInterrupt* interrupt, Column* out) {
  const std::vector<sql::Expr*> calls = {call};
  const Aggregator aggregator(calls);
  Aggregator::State state = aggregator.NewState();
  size_t state_first = 0;
  size_t state_last = 0;  // the state holds positions [state_first, state_last)
  std::vector<Value> result;
  for (size_t k = 0; k < p.size(); ++k) {
    ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt));
    auto [first, last] = FrameOf(p, k);
    last = std::max(first, last);
    if (first != state_first || last < state_last) {
      state = aggregator.NewState();
      state_first = state_last = first;
    }
    for (; state_last < last; ++state_last) {
      ORDINAL_RETURN_IF_ERROR(aggregator.Accumulate(state, p.row(state_last)));
    }
    result.clear();
    aggregator.Finish(state, &result);
    (*out)[p.members[k]] = std::move(result[0]);
  }
  return absl::OkStatus();
}

absl::Status ComputeCall(sql::Expr* call, const Partition& p, const StatementInterrupt* interrupt,
                         Column* out) {
  const std::string& f = call->function_name;
  if (f == "ROW_NUMBER" || f == "RANK" || f == "DENSE_RANK" || f == "PERCENT_RANK" ||
      f == "CUME_DIST") {
    Ranking(f, p, out);
    return absl::OkStatus();
  }
  if (f == "NTILE") return Ntile(*call, p, out);
  if (f == "LAG" || f == "LEAD") return Shifted(*call, p, out);
  if (f == "FIRST_VALUE" || f == "LAST_VALUE" || f == "NTH_VALUE") {
    return FrameValue(*call, p, out);
  }
  return FrameAggregate(call, p, interrupt, out);
}

// Computes the calls over window `w` into `results` (one column per call of the plan).
absl::Status ComputeWindow(const plan::WindowPlan& plan, int w, const Rows& rows,
                           const StatementInterrupt* interrupt, std::vector<Column>* results) {
  const BoundWindow& window = plan.windows[w];
  ORDINAL_ASSIGN_OR_RETURN(std::vector<Entry> entries, SortRows(window, rows, interrupt));
  for (size_t begin = 0; begin < entries.size();) {
    size_t end = begin + 1;
    while (end < entries.size() &&
           CompareKeys(entries[begin].partition, entries[end].partition, nullptr) == 0) {
      ++end;
    }
    const Partition partition = MakePartition(window, rows, entries, begin, end);
    for (size_t c = 0; c < plan.calls.size(); ++c) {
      if (plan.calls[c].window != w) continue;
      ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt));
      ORDINAL_RETURN_IF_ERROR(
          ComputeCall(plan.calls[c].call, partition, interrupt, &(*results)[c]));
    }
    begin = end;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ComputeWindows(const plan::WindowPlan& plan, Rows* rows) {
  if (plan.calls.empty()) return absl::OkStatus();
  const StatementInterrupt* interrupt = RunningInterrupt();
  std::vector<Column> results(plan.calls.size(), Column(rows->size()));
  for (size_t w = 0; w < plan.windows.size(); ++w) {
    const bool used =
        std::any_of(plan.calls.begin(), plan.calls.end(),
                    [&](const plan::WindowCall& c) { return c.window == static_cast<int>(w); });
    if (!used) continue;
    ORDINAL_RETURN_IF_ERROR(ComputeWindow(plan, static_cast<int>(w), *rows, interrupt, &results));
  }
  for (size_t i = 0; i < rows->size(); ++i) {
    std::vector<Value>& row = (*rows)[i];
    row.resize(plan.input_width);
    for (Column& column : results) row.push_back(std::move(column[i]));
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::exec
