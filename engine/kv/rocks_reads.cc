#include "engine/kv/rocks_reads.h"

#include <utility>

#include "engine/kv/rocksdb_status.h"
#include "rocksdb/perf_context.h"
#include "rocksdb/perf_level.h"

namespace ordinal::engine::kv {
namespace {

// One iterator in kSampleEvery (per thread) measures its first kSampledRows steps.
constexpr uint32_t kSampleEvery = 8;
constexpr uint64_t kSampledRows = 256;

// Memtable entries visited by this thread's iterators, while its perf level counts them.
uint64_t MemtableSteps() {
  const rocksdb::PerfContext* perf = rocksdb::get_perf_context();
  return perf->next_on_memtable_count + perf->seek_on_memtable_count;
}

// An iterator over [lower, upper). RocksDB is given the bounds (so it can skip work), and the
// bounds are also checked here: a transaction's own writes are merged in by a delta
// iterator, and the bound strings must outlive the RocksDB iterator, so this object owns
// them. A transaction that has written nothing yet (and a read view) reads its snapshot
// through a plain database iterator: there is nothing to merge, and the delta iterator's
// layer costs a few percent of a scan.
class BoundedIterator final : public Iterator {
 public:
  // `txn`: the transaction whose writes are merged in; nullptr reads `db` alone.
  BoundedIterator(rocksdb::DB* db, rocksdb::Transaction* txn, rocksdb::ReadOptions options,
                  std::string_view lower, std::string_view upper, ScanFlushTrigger& flush)
      : flush_(flush),
        lower_(lower),
        upper_(upper),
        lower_slice_(lower_),
        upper_slice_(upper_),
        check_upper_(txn != nullptr && !upper_.empty()) {
    if (!lower_.empty()) options.iterate_lower_bound = &lower_slice_;
    if (!upper_.empty()) options.iterate_upper_bound = &upper_slice_;
    // RocksDB counts every step of an iterator in per-thread perf counters unless the
    // thread's perf level says not to. Only sampled steps are counted (SampledNext):
    // counting every step costs a few percent of a scan.
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
    it_.reset(txn != nullptr ? txn->GetIterator(options) : db->NewIterator(options));
    thread_local uint32_t iterators = 0;
    sampling_ = ++iterators % kSampleEvery == 0;
  }

  ~BoundedIterator() override {
    if (sampled_rows_ > 0) flush_.Report(sampled_rows_, sampled_steps_);
  }

  void SeekToFirst() override {
    backward_ = false;
    it_->Seek(lower_slice_);
  }

  void Seek(std::string_view key) override {
    if (key < std::string_view(lower_)) {
      SeekToFirst();
    } else {
      backward_ = false;
      it_->Seek(ToSlice(key));
    }
  }

  void SeekToLast() override {
    backward_ = true;
    if (upper_.empty()) {
      it_->SeekToLast();
      return;
    }
    // The last key < upper: the last key <= upper, stepping back over upper itself.
    it_->SeekForPrev(upper_slice_);
    if (it_->Valid() && it_->key().compare(upper_slice_) >= 0) it_->Prev();
  }

  bool Valid() const override {
    if (!it_->Valid()) return false;
    rocksdb::Slice key = it_->key();
    if (check_upper_ && key.compare(upper_slice_) >= 0) return false;
    // Moving forward from a seek at or past `lower`, keys never fall below it.
    return !backward_ || key.compare(lower_slice_) >= 0;
  }

  void Next() override {
    if (sampling_ && !backward_) {
      SampledNext();
    } else {
      it_->Next();
    }
  }
  void Prev() override {
    backward_ = true;
    it_->Prev();
  }
  std::string_view key() const override { return it_->key().ToStringView(); }
  std::string_view value() const override { return it_->value().ToStringView(); }
  absl::Status status() const override { return FromRocksStatus(it_->status(), "iterate"); }

 private:
  // Counts the memtable entries this step visits. The thread's perf level is raised for
  // the step only, so other iterators of the thread (a join's inner reads) count nothing.
  void SampledNext() {
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
    const uint64_t before = MemtableSteps();
    it_->Next();
    sampled_steps_ += MemtableSteps() - before;
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
    sampling_ = ++sampled_rows_ < kSampledRows;
  }

  ScanFlushTrigger& flush_;
  const std::string lower_;
  const std::string upper_;
  const rocksdb::Slice lower_slice_;
  const rocksdb::Slice upper_slice_;
  // A database iterator stops at iterate_upper_bound itself; the delta iterator over a
  // transaction's writes is checked here.
  const bool check_upper_;
  std::unique_ptr<rocksdb::Iterator> it_;
  bool backward_ = false;  // a SeekToLast or Prev since the last forward seek
  bool sampling_ = false;  // forward steps still being measured
  uint64_t sampled_rows_ = 0;
  uint64_t sampled_steps_ = 0;
};

}  // namespace

std::unique_ptr<Iterator> NewBoundedIterator(rocksdb::DB* db, rocksdb::Transaction* txn,
                                             rocksdb::ReadOptions options,
                                             std::string_view lower, std::string_view upper,
                                             ScanFlushTrigger& flush) {
  return std::make_unique<BoundedIterator>(db, txn, std::move(options), lower, upper, flush);
}

absl::StatusOr<std::optional<std::string>> FoundOrNull(const rocksdb::Status& status,
                                                       const rocksdb::PinnableSlice& value,
                                                       std::string_view context) {
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok()) return FromRocksStatus(status, context);
  return std::optional<std::string>(value.ToString());
}

}  // namespace ordinal::engine::kv
