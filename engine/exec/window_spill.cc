#include "engine/exec/window_spill.h"

#include <utility>

#include "common/status_macros.h"
#include "engine/exec/evaluator.h"

namespace ordinal::engine::exec {
namespace {

int CompareKeys(const std::vector<Value>& a, const std::vector<Value>& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    const int c = CompareForSort(a[i], b[i]);
    if (c != 0) return c;
  }
  return 0;
}

ExternalSorter::Options SortOptions() {
  ExternalSorter::Options options;
  options.use = MemoryUse::kTemporaryTable;
  return options;
}

// Whether two PARTITION BY lists are the same columns, in the same order.
bool SameColumns(const std::vector<sql::ExprPtr>& a, const std::vector<sql::ExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i]->kind != sql::ExprKind::kColumn || b[i]->kind != sql::ExprKind::kColumn ||
        a[i]->slot < 0 || a[i]->slot != b[i]->slot) {
      return false;
    }
  }
  return true;
}

}  // namespace

const std::vector<sql::ExprPtr>* WindowSpill::SharedPartitioning(const plan::WindowPlan& plan) {
  int first = -1;
  for (const plan::WindowCall& call : plan.calls) {
    if (first < 0) first = call.window;
    if (call.window == first) continue;
    if (!SameColumns(plan.windows[first].partition_by, plan.windows[call.window].partition_by)) {
      return nullptr;
    }
  }
  if (first < 0 || plan.windows[first].partition_by.empty()) return nullptr;
  return &plan.windows[first].partition_by;
}

WindowSpill::WindowSpill(QueryMemory* memory, const std::vector<sql::ExprPtr>& partition_by)
    : memory_(memory),
      partition_by_(partition_by),
      sorter_(
          memory,
          [](const SortRow& a, const SortRow& b) { return CompareKeys(a.keys, b.keys) < 0; },
          SortOptions()) {}

absl::Status WindowSpill::Add(std::vector<Value> row) {
  SortRow sorted;
  sorted.keys.reserve(partition_by_.size());
  for (const sql::ExprPtr& expr : partition_by_) {
    ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, row));
    sorted.keys.push_back(std::move(v));
  }
  sorted.values = std::move(row);
  return sorter_.Add(std::move(sorted));
}

absl::Status WindowSpill::Drain(absl::FunctionRef<absl::Status(Rows partition)> emit) {
  MemoryCharge charge(memory_, MemoryUse::kTemporaryTable);
  Rows partition;
  std::vector<Value> key;
  // Hands over the partition held; its charge lasts while the caller computes over it.
  auto flush = [&]() -> absl::Status {
    absl::Status emitted = emit(std::move(partition));
    partition.clear();
    charge.ReleaseAll();
    return emitted;
  };
  ORDINAL_RETURN_IF_ERROR(sorter_.Drain([&](SortRow row) -> absl::StatusOr<bool> {
    if (!partition.empty() && CompareKeys(key, row.keys) != 0) ORDINAL_RETURN_IF_ERROR(flush());
    if (partition.empty()) key = std::move(row.keys);
    ORDINAL_RETURN_IF_ERROR(charge.AddRow(row.values));
    partition.push_back(std::move(row.values));
    return true;
  }));
  if (!partition.empty()) return flush();
  return absl::OkStatus();
}

}  // namespace ordinal::engine::exec
