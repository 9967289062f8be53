#include "engine/exec/external_sort.h"

#include <algorithm>
#include <queue>
#include <utility>

#include "common/status_macros.h"
#include "engine/exec/aggregate.h"
#include "engine/exec/sort_prefix.h"
#include "engine/exec/table_access.h"

namespace ordinal::engine::exec {
namespace {

uint64_t SortRowBytes(const SortRow& row) { return RowBytes(row.values) + RowBytes(row.keys); }

bool SameValues(const SortRow& a, const SortRow& b) {
  const TupleLess less;
  return !less(a.values, b.values) && !less(b.values, a.values);
}

}  // namespace

// The next row of one sorted run: a range of the spill file.
class ExternalSorter::Cursor {
 public:
  Cursor(const SpillFile& file, Run run) : reader_(file, run.begin, run.end) {}

  // Moves to the next row; false at the end.
  absl::StatusOr<bool> Next() {
    ORDINAL_ASSIGN_OR_RETURN(bool more, reader_.Next(&row_.values));
    if (!more) return false;
    ORDINAL_ASSIGN_OR_RETURN(more, reader_.Next(&row_.keys));
    if (!more) return absl::DataLossError("spill file: a row without its sort keys");
    return true;
  }
  SortRow& row() { return row_; }

 private:
  SpillFile::Reader reader_;
  SortRow row_;
};

ExternalSorter::ExternalSorter(QueryMemory* memory, Less less, Options options)
    : memory_(memory),
      less_(std::move(less)),
      options_(options),
      charge_(memory, options.use) {}

ExternalSorter::~ExternalSorter() = default;

bool ExternalSorter::CanSpill() const {
  return options_.spill && memory_ != nullptr && !memory_->spill_dir().empty();
}

// Sorts the buffer stably, drops repeated values (distinct) and rows past `keep`.
void ExternalSorter::SortBuffer() {
  StableSortRows(buffer_, less_, {options_.first_key, options_.first_key_descending});
  if (options_.distinct) {
    auto last = std::unique(buffer_.begin(), buffer_.end(), SameValues);
    buffer_.erase(last, buffer_.end());
  }
  if (options_.keep > 0 && buffer_.size() > options_.keep) buffer_.resize(options_.keep);
  // The buffer holds only rows that sort before the cutoff (Add), so its keep-th row is at
  // or before the cutoff: the cutoff only moves forward in the order.
  if (options_.keep > 0 && !options_.distinct && buffer_.size() == options_.keep &&
      (!cutoff_.has_value() || less_(buffer_.back(), *cutoff_))) {
    cutoff_ = buffer_.back();
  }
}

absl::Status ExternalSorter::ShrinkToKeep() {
  SortBuffer();
  uint64_t bytes = 0;
  for (const SortRow& row : buffer_) bytes += SortRowBytes(row);
  charge_.Release(charge_.bytes() - std::min(bytes, charge_.bytes()));
  return absl::OkStatus();
}

absl::Status ExternalSorter::SpillBuffer() {
  SortBuffer();
  if (file_ == nullptr) {
    ORDINAL_ASSIGN_OR_RETURN(file_, SpillFile::Create(*memory_));
  }
  Run run;
  run.begin = file_->size();
  for (const SortRow& row : buffer_) {
    ORDINAL_RETURN_IF_ERROR(file_->Append(row.values));
    ORDINAL_RETURN_IF_ERROR(file_->Append(row.keys));
  }
  ORDINAL_RETURN_IF_ERROR(file_->Flush());
  run.end = file_->size();
  runs_.push_back(run);
  ++runs_written_;
  buffer_.clear();
  buffer_.shrink_to_fit();
  charge_.ReleaseAll();
  return absl::OkStatus();
}

absl::Status ExternalSorter::Add(SortRow row) {
  if (cutoff_.has_value() && !less_(row, *cutoff_)) return absl::OkStatus();
  const uint64_t bytes = SortRowBytes(row);
  absl::Status charged = charge_.Add(bytes);
  if (!charged.ok() && options_.keep > 0 && buffer_.size() > options_.keep) {
    ORDINAL_RETURN_IF_ERROR(ShrinkToKeep());
    charged = charge_.Add(bytes);
  }
  if (!charged.ok()) {
    if (!CanSpill() || buffer_.empty()) return charged;
    ORDINAL_RETURN_IF_ERROR(SpillBuffer());
    ORDINAL_RETURN_IF_ERROR(charge_.Add(bytes));
  }
  buffer_.push_back(std::move(row));
  // A top-n buffer holds at most 2 * keep rows: sorting then costs O(log keep) a row.
  if (options_.keep > 0 && options_.keep <= buffer_.size() / 2) {
    ORDINAL_RETURN_IF_ERROR(ShrinkToKeep());
  }
  return absl::OkStatus();
}

// Merges `cursors` (each sorted; on ties the lower index first) into `emit`, dropping
// repeated values (distinct) and stopping after `keep` rows.
absl::Status ExternalSorter::Merge(std::vector<std::unique_ptr<Cursor>> cursors,
                                   const Emit& emit) const {
  auto after = [&](size_t a, size_t b) {
    const SortRow& ra = cursors[a]->row();
    const SortRow& rb = cursors[b]->row();
    if (less_(rb, ra)) return true;
    if (less_(ra, rb)) return false;
    return a > b;
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(after)> heap(after);
  for (size_t i = 0; i < cursors.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(bool has, cursors[i]->Next());
    if (has) heap.push(i);
  }
  std::optional<SortRow> last;  // the last emitted row's values (distinct)
  size_t emitted = 0;
  const StatementInterrupt* const interrupt = RunningInterrupt();  // KILL
  for (uint64_t merged = 0; !heap.empty() && (options_.keep == 0 || emitted < options_.keep);
       ++merged) {
    if (merged % 1024 == 0) ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt));
    const size_t top = heap.top();
    heap.pop();
    SortRow& row = cursors[top]->row();
    if (!options_.distinct || !last.has_value() || !SameValues(*last, row)) {
      if (options_.distinct) last = SortRow{row.values, {}};
      ++emitted;
      ORDINAL_ASSIGN_OR_RETURN(bool more, emit(std::move(row)));
      if (!more) return absl::OkStatus();
    }
    ORDINAL_ASSIGN_OR_RETURN(bool has, cursors[top]->Next());
    if (has) heap.push(top);
  }
  return absl::OkStatus();
}

// Merges the runs kMaxFanIn at a time into a new file: fewer, longer runs.
absl::Status ExternalSorter::MergePass() {
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<SpillFile> out, SpillFile::Create(*memory_));
  std::vector<Run> merged;
  for (size_t first = 0; first < runs_.size(); first += kMaxFanIn) {
    std::vector<std::unique_ptr<Cursor>> cursors;
    for (size_t i = first; i < std::min(runs_.size(), first + kMaxFanIn); ++i) {
      cursors.push_back(std::make_unique<Cursor>(*file_, runs_[i]));
    }
    Run run;
    run.begin = out->size();
    ORDINAL_RETURN_IF_ERROR(
        Merge(std::move(cursors), [&](SortRow row) -> absl::StatusOr<bool> {
          ORDINAL_RETURN_IF_ERROR(out->Append(row.values));
          ORDINAL_RETURN_IF_ERROR(out->Append(row.keys));
          return true;
        }));
    ORDINAL_RETURN_IF_ERROR(out->Flush());
    run.end = out->size();
    merged.push_back(run);
  }
  file_ = std::move(out);
  runs_ = std::move(merged);
  return absl::OkStatus();
}

absl::Status ExternalSorter::Drain(const Emit& emit) {
  if (runs_.empty()) {
    // Sorted, the buffer holds no repeats (distinct) and at most `keep` rows. They move to
    // the consumer, which charges what it keeps.
    SortBuffer();
    charge_.ReleaseAll();
    std::vector<SortRow> rows = std::move(buffer_);
    buffer_.clear();
    const StatementInterrupt* const interrupt = RunningInterrupt();  // KILL
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i % 1024 == 1023) ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt));
      ORDINAL_ASSIGN_OR_RETURN(bool more, emit(std::move(rows[i])));
      if (!more) break;
    }
    return absl::OkStatus();
  }
  // Everything to disk, so that the merge holds one row per run and the consumer has the
  // statement's memory.
  if (!buffer_.empty()) ORDINAL_RETURN_IF_ERROR(SpillBuffer());
  while (runs_.size() > kMaxFanIn) ORDINAL_RETURN_IF_ERROR(MergePass());
  std::vector<std::unique_ptr<Cursor>> cursors;
  for (const Run& run : runs_) cursors.push_back(std::make_unique<Cursor>(*file_, run));
  return Merge(std::move(cursors), emit);
}

}  // namespace ordinal::engine::exec
