#include "engine/exec/group_spill.h"

#include <optional>
#include <utility>

#include "common/status_macros.h"

namespace ordinal::engine::exec {
namespace {

ExternalSorter::Options SpillOptions() {
  ExternalSorter::Options options;
  options.use = MemoryUse::kTemporaryTable;
  options.spill = true;
  return options;
}

bool KeyLess(const SortRow& a, const SortRow& b) { return TupleLess()(a.keys, b.keys); }

}  // namespace

GroupSpill::GroupSpill(QueryMemory* memory) : sorter_(memory, KeyLess, SpillOptions()) {}

absl::Status GroupSpill::Add(std::vector<Value> key, std::vector<Value> row) {
  return sorter_.Add(SortRow{std::move(row), std::move(key)});
}

absl::Status GroupSpill::Drain(const Aggregator& aggregator, const Emit& emit) {
  struct Current {
    std::vector<Value> key;
    std::vector<Value> first_row;
    Aggregator::State state;
  };
  std::optional<Current> current;
  const TupleLess less;
  ORDINAL_RETURN_IF_ERROR(sorter_.Drain([&](SortRow row) -> absl::StatusOr<bool> {
    if (current.has_value() && !less(current->key, row.keys)) {
      ORDINAL_RETURN_IF_ERROR(aggregator.Accumulate(current->state, row.values));
      return true;
    }
    if (current.has_value()) {
      ORDINAL_RETURN_IF_ERROR(
          emit(std::move(current->key), std::move(current->first_row), std::move(current->state)));
    }
    current.emplace(Current{std::move(row.keys), std::move(row.values), aggregator.NewState()});
    ORDINAL_RETURN_IF_ERROR(aggregator.Accumulate(current->state, current->first_row));
    return true;
  }));
  if (!current.has_value()) return absl::OkStatus();
  return emit(std::move(current->key), std::move(current->first_row), std::move(current->state));
}

}  // namespace ordinal::engine::exec
