#include "engine/kv/log_batch_copy.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "engine/kv/rocksdb_status.h"
#include "engine/kv/write_batch_format.h"

namespace ordinal::engine::kv {
namespace {

// Re-issues each record of a batch into `out_`. Only the default column family exists
// (ParseWriteBatch has rejected any other), so every record goes to it.
class CopyHandler final : public rocksdb::WriteBatch::Handler {
 public:
  explicit CopyHandler(rocksdb::WriteBatch& out) : out_(out) {}

  rocksdb::Status PutCF(uint32_t, const rocksdb::Slice& key, const rocksdb::Slice& value) override {
    return out_.Put(key, value);
  }
  rocksdb::Status DeleteCF(uint32_t, const rocksdb::Slice& key) override {
    return out_.Delete(key);
  }
  rocksdb::Status SingleDeleteCF(uint32_t, const rocksdb::Slice& key) override {
    return out_.SingleDelete(key);
  }
  rocksdb::Status DeleteRangeCF(uint32_t, const rocksdb::Slice& begin,
                                const rocksdb::Slice& end) override {
    return out_.DeleteRange(begin, end);
  }
  rocksdb::Status MergeCF(uint32_t, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
    return out_.Merge(key, value);
  }
  void LogData(const rocksdb::Slice&) override {}  // not data; not replicated
  rocksdb::Status MarkNoop(bool) override { return rocksdb::Status::OK(); }

 private:
  rocksdb::WriteBatch& out_;
};

absl::Status CheckFraming(const LogBatch& batch, const WriteBatchSummary& summary) {
  if (summary.sequence != batch.first_sequence) {
    return absl::DataLossError(absl::StrCat("malformed log batch: its header says sequence ",
                                            summary.sequence, ", the batch was sent as ",
                                            batch.first_sequence));
  }
  if (batch.last_sequence < batch.first_sequence ||
      batch.last_sequence - batch.first_sequence + 1 != summary.count) {
    return absl::DataLossError(absl::StrCat("malformed log batch: sequences ", batch.first_sequence,
                                            "..", batch.last_sequence, " do not match its ",
                                            summary.count, " records"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LogWriteResult> CopyLogBatches(const std::vector<LogBatch>& batches,
                                              std::string_view watch_prefix,
                                              rocksdb::WriteBatch& out) {
  LogWriteResult result;
  // Every batch is checked before any is parsed by RocksDB.
  for (const LogBatch& batch : batches) {
    absl::StatusOr<WriteBatchSummary> summary = ParseWriteBatch(batch.data, watch_prefix);
    if (!summary.ok()) return summary.status();
    if (absl::Status s = CheckFraming(batch, *summary); !s.ok()) return s;
    result.touched_watched_prefix |= summary->touches_prefix;
  }
  for (const LogBatch& batch : batches) {
    rocksdb::WriteBatch source(batch.data);
    CopyHandler handler(out);
    rocksdb::Status status = source.Iterate(&handler);
    if (!status.ok()) {
      return absl::DataLossError(absl::StrCat("log batch at sequence ", batch.first_sequence,
                                              " could not be copied: ", status.ToString()));
    }
  }
  return result;
}

}  // namespace ordinal::engine::kv
