#include "engine/exec/select_buffer.h"

#include <algorithm>
#include <utility>

#include "common/status_macros.h"
#include "engine/exec/sort_prefix.h"

namespace ordinal::engine::exec {
namespace {

// Whether `expr` is computed only from the values of `outputs` (deterministically: no
// variables, subqueries or window calls).
bool ComputedFromOutputs(const sql::Expr& expr, const std::vector<sql::ExprPtr>& outputs) {
  if (expr.slot >= 0) {
    return std::any_of(outputs.begin(), outputs.end(),
                       [&](const sql::ExprPtr& out) { return out->slot == expr.slot; });
  }
  switch (expr.kind) {
    case sql::ExprKind::kVariable:
    case sql::ExprKind::kAssign:
    case sql::ExprKind::kSubquery:
    case sql::ExprKind::kExists:
    case sql::ExprKind::kInSubquery:
    case sql::ExprKind::kQuantified:
      return false;
    case sql::ExprKind::kFunction:
      if (expr.over != nullptr || expr.function_name == "RAND" || expr.function_name == "UUID") {
        return false;
      }
      break;
    default:
      break;
  }
  return std::all_of(expr.children.begin(), expr.children.end(),
                     [&](const sql::ExprPtr& child) { return ComputedFromOutputs(*child, outputs); });
}

}  // namespace

SelectBuffer::SelectBuffer(QueryMemory* memory, Shape shape)
    : memory_(memory),
      shape_(shape),
      charge_(memory, sorted() ? MemoryUse::kSort : MemoryUse::kTemporaryTable) {
  repeats_after_sort_ = shape_.distinct && sorted() && KeysNameEveryOutput();
  if (sorted() && !shape_.distinct) {
    ExternalSorter::Options options;
    options.use = MemoryUse::kSort;
    options.keep = shape_.keep;
    SetFirstKey(&options);
    sorter_ = std::make_unique<ExternalSorter>(
        memory_, [this](const SortRow& a, const SortRow& b) { return KeysLess(a, b); }, options);
  }
}

FirstSortKey SelectBuffer::FirstKey() const {
  if (!sorted()) return {};
  return {[](const SortRow& row) -> const Value& { return row.keys[0]; },
          (*shape_.order)[0].descending};
}

void SelectBuffer::SetFirstKey(ExternalSorter::Options* options) const {
  FirstSortKey first = FirstKey();
  options->first_key = std::move(first.of);
  options->first_key_descending = first.descending;
}

bool SelectBuffer::KeysLess(const std::vector<Value>& a, const std::vector<Value>& b) const {
  if (!sorted()) return false;
  const std::vector<plan::OrderKey>& order = *shape_.order;
  for (size_t i = 0; i < order.size(); ++i) {
    const int c = CompareForSort(a[i], b[i]);
    if (c != 0) return order[i].descending ? c > 0 : c < 0;
  }
  return false;
}

bool SelectBuffer::KeysEqual(const SortRow& a, const SortRow& b) const {
  for (size_t i = 0; i < a.keys.size() && i < b.keys.size(); ++i) {
    if (CompareForSort(a.keys[i], b.keys[i]) != 0) return false;
  }
  return a.keys.size() == b.keys.size();
}

bool SelectBuffer::KeysNameEveryOutput() const {
  if (shape_.outputs == nullptr) return false;
  const std::vector<sql::ExprPtr>& outputs = *shape_.outputs;
  // A key names output i by its position, or by reading the same column (ORDER BY c, which
  // binds as its own expression: its value is the output's value).
  auto names = [&outputs](const plan::OrderKey& key, size_t i) {
    if (key.output >= 0) return static_cast<size_t>(key.output) == i;
    const sql::Expr* e = key.expr.get();
    const sql::Expr& out = *outputs[i];
    return e != nullptr && e->kind == sql::ExprKind::kColumn && e->slot >= 0 &&
           out.kind == sql::ExprKind::kColumn && out.slot == e->slot;
  };
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (std::none_of(shape_.order->begin(), shape_.order->end(),
                     [&](const plan::OrderKey& key) { return names(key, i); })) {
      return false;
    }
  }
  return true;
}

void SelectBuffer::SortAndDropRepeats() {
  StableSortRows(
      rows_, [this](const SortRow& a, const SortRow& b) { return KeysLess(a, b); }, FirstKey());
  if (!repeats_after_sort_ || rows_.empty()) return;
  size_t kept = 1;
  for (size_t i = 1; i < rows_.size(); ++i) {
    if (KeysEqual(rows_[kept - 1], rows_[i])) {
      charge_.Release(RowBytes(rows_[i].values) + RowBytes(rows_[i].keys));
      continue;
    }
    if (kept != i) rows_[kept] = std::move(rows_[i]);
    ++kept;
  }
  rows_.resize(kept);
}

absl::Status SelectBuffer::StopKeepingRepeats() {
  SortAndDropRepeats();
  repeats_after_sort_ = false;
  for (const SortRow& row : rows_) {
    if (absl::Status charged = charge_.Add(RowBytes(row.values)); !charged.ok()) {
      const bool can_spill = memory_ != nullptr && !memory_->spill_dir().empty();
      if (!can_spill) return charged;
      return MoveToSorter(/*distinct=*/true);
    }
    seen_.insert(row.values);
  }
  return absl::OkStatus();
}

bool SelectBuffer::SortsAfterKept(const std::vector<Value>& keys) const {
  if (!sorted() || shape_.distinct || shape_.keep == 0 || sorter_ == nullptr) return false;
  const SortRow* cutoff = sorter_->cutoff();
  return cutoff != nullptr && !KeysLess(keys, cutoff->keys);
}

bool SelectBuffer::KeysFollowValues() const {
  if (!sorted()) return true;
  for (const plan::OrderKey& key : *shape_.order) {
    if (key.output >= 0) continue;
    if (shape_.outputs == nullptr || key.expr == nullptr ||
        !ComputedFromOutputs(*key.expr, *shape_.outputs)) {
      return false;
    }
  }
  return true;
}

// Moves the rows held in memory to an external sorter ordered by (sort keys, values).
absl::Status SelectBuffer::MoveToSorter(bool distinct) {
  ExternalSorter::Options options;
  options.use = sorted() ? MemoryUse::kSort : MemoryUse::kTemporaryTable;
  options.keep = shape_.keep;
  options.distinct = distinct;
  options.spill = true;
  SetFirstKey(&options);
  sorter_ = std::make_unique<ExternalSorter>(
      memory_,
      [this](const SortRow& a, const SortRow& b) {
        if (KeysLess(a, b)) return true;
        if (KeysLess(b, a)) return false;
        return TupleLess()(a.values, b.values);
      },
      options);
  seen_.clear();
  charge_.ReleaseAll();
  std::vector<SortRow> rows = std::move(rows_);
  rows_.clear();
  for (SortRow& row : rows) ORDINAL_RETURN_IF_ERROR(sorter_->Add(std::move(row)));
  return absl::OkStatus();
}

absl::Status SelectBuffer::Add(SortRow row) {
  if (sorter_ != nullptr) return sorter_->Add(std::move(row));
  uint64_t bytes = RowBytes(row.values) + RowBytes(row.keys);
  const bool look_up = shape_.distinct && !repeats_after_sort_;
  if (look_up) {
    if (seen_.count(row.values) > 0) return absl::OkStatus();
    bytes += RowBytes(row.values);  // the copy in seen_
  }
  if (absl::Status charged = charge_.Add(bytes); !charged.ok()) {
    if (repeats_after_sort_) {
      ORDINAL_RETURN_IF_ERROR(StopKeepingRepeats());
      return Add(std::move(row));
    }
    const bool can_spill = shape_.distinct && KeysFollowValues() && memory_ != nullptr &&
                           !memory_->spill_dir().empty();
    if (!can_spill) return charged;
    ORDINAL_RETURN_IF_ERROR(MoveToSorter(/*distinct=*/true));
    return sorter_->Add(std::move(row));
  }
  if (look_up) seen_.insert(row.values);
  rows_.push_back(std::move(row));
  return absl::OkStatus();
}

absl::Status SelectBuffer::Drain(const ExternalSorter::Emit& emit) {
  if (sorter_ != nullptr) return sorter_->Drain(emit);
  seen_.clear();
  if (sorted()) SortAndDropRepeats();
  charge_.ReleaseAll();
  for (SortRow& row : rows_) {
    ORDINAL_ASSIGN_OR_RETURN(bool more, emit(std::move(row)));
    if (!more) break;
  }
  rows_.clear();
  return absl::OkStatus();
}

}  // namespace ordinal::engine::exec
