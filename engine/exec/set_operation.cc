#include "engine/exec/set_operation.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "common/status_macros.h"
#include "engine/exec/aggregate.h"
#include "engine/exec/external_sort.h"
#include "engine/exec/spill_file.h"

namespace ordinal::engine::exec {
namespace {

using Rows = std::vector<std::vector<Value>>;
// Receives one row; false stops.
using RowVisitor = std::function<absl::StatusOr<bool>(std::vector<Value>)>;

// Rows in the order they were added: in memory while they fit, then (with a spill
// directory) in a temporary file. A bag that can spill holds at most a quarter of the
// statement's bound in memory: two of them (the rows so far and an operand's) leave half of
// it to the operand's own buffers and to the sort of a step.
class RowBag {
 public:
  explicit RowBag(QueryMemory* memory)
      : memory_(memory),
        charge_(memory, MemoryUse::kTemporaryTable),
        share_(CanSpill() ? memory->statement_limit() / 4 : 0) {}

  absl::Status Add(std::vector<Value> row) {
    if (file_ == nullptr) {
      const uint64_t bytes = RowBytes(row);
      absl::Status charged = share_ != 0 && charge_.bytes() + bytes > share_
                                 ? absl::ResourceExhaustedError("over the bag's share")
                                 : charge_.Add(bytes);
      if (charged.ok()) {
        rows_.push_back(std::move(row));
        return absl::OkStatus();
      }
      if (!CanSpill()) return charged;
      ORDINAL_ASSIGN_OR_RETURN(file_, SpillFile::Create(*memory_));
    }
    return file_->Append(row);
  }

  bool spilled() const { return file_ != nullptr; }

  // The rows of a bag that did not spill, which stays charged until Clear.
  Rows& rows() { return rows_; }
  void Clear() {
    rows_.clear();
    charge_.ReleaseAll();
    file_.reset();
  }

  // Gives every row to `visit` in order, each given back to the statement's memory first;
  // the bag is empty afterwards.
  absl::Status Drain(const RowVisitor& visit) {
    Rows rows = std::move(rows_);
    rows_.clear();
    std::unique_ptr<SpillFile> file = std::move(file_);
    for (std::vector<Value>& row : rows) {
      charge_.Release(RowBytes(row));
      ORDINAL_ASSIGN_OR_RETURN(bool more, visit(std::move(row)));
      if (!more) break;
    }
    charge_.ReleaseAll();
    rows.clear();
    if (file == nullptr) return absl::OkStatus();
    ORDINAL_RETURN_IF_ERROR(file->Flush());
    SpillFile::Reader reader(*file, 0, file->size());
    for (;;) {
      std::vector<Value> row;
      ORDINAL_ASSIGN_OR_RETURN(bool read, reader.Next(&row));
      if (!read) return absl::OkStatus();
      ORDINAL_ASSIGN_OR_RETURN(bool more, visit(std::move(row)));
      if (!more) return absl::OkStatus();
    }
  }

 private:
  bool CanSpill() const { return memory_ != nullptr && !memory_->spill_dir().empty(); }

  QueryMemory* const memory_;
  MemoryCharge charge_;
  const uint64_t share_;  // 0: bounded only by the statement
  Rows rows_;
  std::unique_ptr<SpillFile> file_;
};

void Distinct(Rows* rows) {
  std::set<std::vector<Value>, TupleLess> seen;
  Rows kept;
  for (std::vector<Value>& row : *rows) {
    if (seen.insert(row).second) kept.push_back(std::move(row));
  }
  *rows = std::move(kept);
}

// One step in memory: `left` (the rows so far) combined with `right`, in the order of
// first occurrences.
void CombineInMemory(plan::SelectPlan::SetStep step, Rows right, Rows* left) {
  if (step.op == sql::SetOp::kUnion) {
    for (std::vector<Value>& row : right) left->push_back(std::move(row));
    if (!step.all) Distinct(left);
    return;
  }
  std::map<std::vector<Value>, size_t, TupleLess> counts;
  for (std::vector<Value>& row : right) ++counts[std::move(row)];
  if (!step.all) Distinct(left);
  Rows kept;
  for (std::vector<Value>& row : *left) {
    auto it = counts.find(row);
    const bool in_right = it != counts.end() && it->second > 0;
    if (step.all && in_right) --it->second;
    if (in_right == (step.op == sql::SetOp::kIntersect)) kept.push_back(std::move(row));
  }
  *left = std::move(kept);
}

// How many copies of a row that the left side holds `l` times and the right side `r` times
// the step keeps (UNION ALL never gets here).
size_t Copies(plan::SelectPlan::SetStep step, size_t l, size_t r) {
  switch (step.op) {
    case sql::SetOp::kUnion: return 1;
    case sql::SetOp::kIntersect:
      if (step.all) return std::min(l, r);
      return l > 0 && r > 0 ? 1 : 0;
    case sql::SetOp::kExcept:
      if (step.all) return l > r ? l - r : 0;
      return l > 0 && r == 0 ? 1 : 0;
  }
  return 0;
}

bool SameRow(const std::vector<Value>& a, const std::vector<Value>& b) {
  return !TupleLess()(a, b) && !TupleLess()(b, a);
}

// One step over sorted rows: both sides sorted together by value (left rows first among
// equal ones), then each run of equal rows counted and kept Copies() times, into `out`.
absl::Status CombineSorted(plan::SelectPlan::SetStep step, QueryMemory* memory, RowBag& left,
                           RowBag& right, RowBag* out) {
  ExternalSorter::Options options;
  options.use = MemoryUse::kTemporaryTable;
  ExternalSorter sorter(
      memory, [](const SortRow& a, const SortRow& b) { return TupleLess()(a.values, b.values); },
      options);
  auto add_side = [&sorter](int64_t side) {
    return [&sorter, side](std::vector<Value> row) -> absl::StatusOr<bool> {
      ORDINAL_RETURN_IF_ERROR(sorter.Add(SortRow{std::move(row), {Value::Int(side)}}));
      return true;
    };
  };
  ORDINAL_RETURN_IF_ERROR(left.Drain(add_side(0)));
  ORDINAL_RETURN_IF_ERROR(right.Drain(add_side(1)));
  std::optional<std::vector<Value>> current;
  size_t l = 0;
  size_t r = 0;
  auto finish_run = [&]() -> absl::Status {
    if (!current.has_value()) return absl::OkStatus();
    const size_t copies = Copies(step, l, r);
    for (size_t i = 0; i < copies; ++i) ORDINAL_RETURN_IF_ERROR(out->Add(*current));
    return absl::OkStatus();
  };
  ORDINAL_RETURN_IF_ERROR(sorter.Drain([&](SortRow row) -> absl::StatusOr<bool> {
    if (!current.has_value() || !SameRow(*current, row.values)) {
      ORDINAL_RETURN_IF_ERROR(finish_run());
      current = std::move(row.values);
      l = r = 0;
    }
    ++(row.keys[0].int_value() == 0 ? l : r);
    return true;
  }));
  return finish_run();
}

// Combines `left` with `right` by `step` into a new bag: in memory while both are, else
// sorted (CombineSorted).
absl::StatusOr<std::unique_ptr<RowBag>> CombineStep(plan::SelectPlan::SetStep step,
                                                    QueryMemory* memory, RowBag& left,
                                                    RowBag& right) {
  auto out = std::make_unique<RowBag>(memory);
  if (!left.spilled() && !right.spilled()) {
    Rows combined = std::move(left.rows());
    CombineInMemory(step, std::move(right.rows()), &combined);
    left.Clear();
    right.Clear();
    for (std::vector<Value>& row : combined) ORDINAL_RETURN_IF_ERROR(out->Add(std::move(row)));
    return out;
  }
  ORDINAL_RETURN_IF_ERROR(CombineSorted(step, memory, left, right, out.get()));
  return out;
}

// The rows [offset, offset + limit) of what `produce` gives in order, each to `emit`;
// counted into *total when asked (then every row is read).
class Window {
 public:
  Window(const plan::SelectPlan& plan, size_t max_rows, uint64_t* total, const RowCallback& emit)
      : begin_(static_cast<size_t>(plan.offset)), total_(total), emit_(emit) {
    if (plan.limit.has_value()) {
      end_ = begin_ + static_cast<size_t>(std::max<int64_t>(*plan.limit, 0));
    }
    if (max_rows > 0) end_ = std::min(end_, begin_ + max_rows);
  }
  // The rows a sort must keep: all of them when counting.
  size_t keep() const { return total_ != nullptr || end_ == SIZE_MAX ? 0 : end_; }

  absl::StatusOr<bool> Visit(std::vector<Value> row) {
    const size_t index = position_++;
    if (index >= begin_ && index < end_) ORDINAL_RETURN_IF_ERROR(emit_(row));
    return total_ != nullptr || position_ < end_;
  }
  void Finish() {
    if (total_ != nullptr) *total_ = position_;
  }

 private:
  const size_t begin_;
  size_t end_ = SIZE_MAX;
  uint64_t* const total_;
  const RowCallback& emit_;
  size_t position_ = 0;
};

}  // namespace

absl::Status RunSetOperations(const plan::SelectPlan& plan, QueryMemory* memory,
                              const OperandRunner& run_operand, size_t max_rows,
                              uint64_t* total, const RowCallback& emit) {
  Window window(plan, max_rows, total, emit);
  const auto visit = [&window](std::vector<Value> row) { return window.Visit(std::move(row)); };
  const bool only_union_all =
      std::all_of(plan.set_ops.begin(), plan.set_ops.end(), [](plan::SelectPlan::SetStep step) {
        return step.op == sql::SetOp::kUnion && step.all;
      });
  if (only_union_all && plan.order.empty()) {
    // Nothing to compare or sort: the operands' rows go out as they come.
    bool more = true;
    const RowCallback pass = [&](std::vector<Value>& row) -> absl::Status {
      if (!more) return absl::OkStatus();
      ORDINAL_ASSIGN_OR_RETURN(more, visit(std::move(row)));
      return absl::OkStatus();
    };
    for (size_t i = 0; i < plan.operands.size() && more; ++i) {
      ORDINAL_RETURN_IF_ERROR(run_operand(i, pass));
    }
    window.Finish();
    return absl::OkStatus();
  }

  auto left = std::make_unique<RowBag>(memory);
  auto add_to = [](RowBag& bag) {
    return [&bag](std::vector<Value>& row) { return bag.Add(std::move(row)); };
  };
  ORDINAL_RETURN_IF_ERROR(run_operand(0, add_to(*left)));
  for (size_t i = 1; i < plan.operands.size(); ++i) {
    const plan::SelectPlan::SetStep step = plan.set_ops[i - 1];
    if (step.op == sql::SetOp::kUnion && step.all) {
      ORDINAL_RETURN_IF_ERROR(run_operand(i, add_to(*left)));
      continue;
    }
    RowBag right(memory);
    ORDINAL_RETURN_IF_ERROR(run_operand(i, add_to(right)));
    ORDINAL_ASSIGN_OR_RETURN(left, CombineStep(step, memory, *left, right));
  }

  if (plan.order.empty()) {
    ORDINAL_RETURN_IF_ERROR(left->Drain(visit));
    window.Finish();
    return absl::OkStatus();
  }
  ExternalSorter::Options options;
  options.use = MemoryUse::kSort;
  options.keep = window.keep();
  ExternalSorter sorter(
      memory,
      [&plan](const SortRow& a, const SortRow& b) {
        for (const plan::OrderKey& key : plan.order) {
          const int c = CompareForSort(a.values[key.output], b.values[key.output]);
          if (c != 0) return key.descending ? c > 0 : c < 0;
        }
        return false;
      },
      options);
  ORDINAL_RETURN_IF_ERROR(left->Drain([&sorter](std::vector<Value> row) -> absl::StatusOr<bool> {
    ORDINAL_RETURN_IF_ERROR(sorter.Add(SortRow{std::move(row), {}}));
    return true;
  }));
  ORDINAL_RETURN_IF_ERROR(
      sorter.Drain([&visit](SortRow row) { return visit(std::move(row.values)); }));
  window.Finish();
  return absl::OkStatus();
}

}  // namespace ordinal::engine::exec
