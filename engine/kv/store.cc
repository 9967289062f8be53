#include "engine/kv/store.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/kv/commit_notifier.h"
#include "engine/kv/disk_full_guard.h"
#include "engine/kv/log_batch_copy.h"
#include "engine/kv/rocks_log_cursor.h"
#include "engine/kv/rocks_read_view.h"
#include "engine/kv/rocks_reads.h"
#include "engine/kv/rocks_transaction.h"
#include "engine/kv/rocksdb_status.h"
#include "engine/kv/scan_flush_trigger.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/transaction_log.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/utilities/optimistic_transaction_db.h"
#include "rocksdb/write_batch.h"
#include "rocksdb/write_buffer_manager.h"

namespace ordinal::engine::kv {
namespace {

// RocksDB options for a small server (2 cores): level compaction, one shared LRU block
// cache with bloom filters, the WAL always on. Writers are not pipelined, so concurrent
// commits join one write group and share its fsync (group commit).
rocksdb::Options MakeOptions(const StoreOptions& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.max_background_jobs = 2;
  // The write group's leader inserts every member's batch into the memtable itself.
  // Letting each member insert its own (the default) wakes every member twice per group,
  // once to insert and once when the group is done; with a few cores the extra context
  // switch per commit costs more than the parallel insert gains. For the same reason a
  // waiting member does not spin with sched_yield before it sleeps (the core it would
  // spin on is needed by the leader or by the sessions that feed it).
  db_options.allow_concurrent_memtable_write = false;
  db_options.enable_write_thread_adaptive_yield = false;
  db_options.bytes_per_sync = 1 << 20;
  db_options.compaction_style = rocksdb::kCompactionStyleLevel;
  db_options.level_compaction_dynamic_level_bytes = true;
  db_options.max_open_files = 1000;

  // One cache bounds blocks and memtables together: the memtables are charged to it
  // (WriteBufferManager with the cache), up to a quarter of it (at least 8 MiB, so that a
  // tiny cache does not flush on every write); past that RocksDB flushes.
  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  const uint64_t memtable_bytes = std::max<uint64_t>(options.block_cache_bytes / 4, 8ull << 20);
  db_options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(memtable_bytes, cache, /*allow_stall=*/false);
  // Two memtables (one filling, one flushing) fit in the memtable share; RocksDB's default
  // (64 MiB) caps it.
  db_options.write_buffer_size = std::clamp<uint64_t>(memtable_bytes / 2, 4ull << 20, 64ull << 20);
  // Optimistic commits check conflicts against the memtables only: keep one flushed
  // memtable's worth of history, so that a commit whose snapshot predates a flush can still
  // be checked (otherwise RocksDB answers TryAgain, a 1213 to the client).
  db_options.max_write_buffer_size_to_maintain =
      static_cast<int64_t>(db_options.write_buffer_size);
  // A bloom filter of whole keys per memtable (2% of its size, about 16 bits a key for
  // 100-byte rows): a point read of a key the memtable does not hold (most keys, once rows
  // were flushed) skips the skip-list search, which misses the cache on every level. The
  // optimistic commit's conflict check reads the memtables the same way.
  db_options.memtable_whole_key_filtering = true;
  db_options.memtable_prefix_bloom_size_ratio = 0.02;

  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = cache;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table_options.cache_index_and_filter_blocks = true;
  table_options.pin_l0_filter_and_index_blocks_in_cache = true;
  // 16 KiB data blocks (RocksDB's default is 4 KiB; InnoDB's pages are 16 KiB): a scan
  // looks a block up in the cache once per ~16 KiB of rows instead of per 4 KiB, and a point
  // read still searches one block's restart points. Each table file records its own block
  // size, so files written with another size read as they are.
  table_options.block_size = 16 << 10;
  // Each data block also gets a hash of its keys to their restart intervals, so a point
  // read finds its key's interval at once instead of by binary search over the block's
  // restart points (about 20 in a 16 KiB block); scans do not use it. Files written
  // without it read as before.
  table_options.data_block_index_type =
      rocksdb::BlockBasedTableOptions::kDataBlockBinaryAndHash;
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));

  // The WAL is the replication log. Archiving keeps WAL files RocksDB no longer needs, so
  // GetUpdatesSince serves lagging readers across flushes and restarts (store.h).
  db_options.WAL_ttl_seconds = options.log_retention_seconds;
  db_options.WAL_size_limit_MB = (options.log_retention_bytes + (1 << 20) - 1) >> 20;
  return db_options;
}

class RocksStore final : public Store {
 public:
  RocksStore(std::unique_ptr<rocksdb::OptimisticTransactionDB> db, const StoreOptions& options)
      : db_(std::move(db)),
        disk_full_(db_->GetBaseDB(), options.data_dir),
        notifier_(options.on_commit),
        snapshots_(db_->GetBaseDB()),
        scan_flush_(std::make_unique<ScanFlushTrigger>(db_->GetBaseDB(), disk_full_,
                                                       ScanFlushOptions{})) {
    write_options_.sync = options.sync_commit;
    write_options_.disableWAL = false;
  }

  ~RocksStore() override {
    scan_flush_.reset();  // its worker flushes through the database
    snapshots_.Clear();
    // Closing can only fail on a background error that was already reported to writers.
    db_->GetBaseDB()->Close().PermitUncheckedError();
  }

  std::unique_ptr<Transaction> BeginTransaction() override {
    return std::make_unique<RocksTransaction>(db_.get(), write_options_, disk_full_, notifier_,
                                              *scan_flush_);
  }

  std::unique_ptr<Transaction> BeginRead() override {
    return std::make_unique<RocksReadView>(db_->GetBaseDB(), snapshots_.Latest(), *scan_flush_);
  }

  absl::Status DeleteRange(std::string_view begin, std::string_view end) override {
    if (end.empty() || end <= begin) {
      return absl::InvalidArgumentError("DeleteRange needs a non-empty range [begin, end)");
    }
    ORDINAL_RETURN_IF_ERROR(disk_full_.BeforeWrite("delete range", 0));
    ORDINAL_RETURN_IF_ERROR(disk_full_.AfterWrite(
        db_->GetBaseDB()->DeleteRange(write_options_, db_->DefaultColumnFamily(), ToSlice(begin),
                                      ToSlice(end)),
        "delete range"));
    NotifyCommit();
    return absl::OkStatus();
  }

  uint64_t LatestSequence() const override { return db_->GetLatestSequenceNumber(); }

  std::optional<uint64_t> GetIntProperty(std::string_view name) const override {
    uint64_t value = 0;
    if (!db_->GetIntProperty(ToSlice(name), &value)) return std::nullopt;
    return value;
  }

  uint64_t ApproximateSize(std::string_view lower, std::string_view upper) const override {
    rocksdb::SizeApproximationOptions options;
    options.include_memtables = true;
    options.include_files = true;
    const rocksdb::Range range(ToSlice(lower), ToSlice(upper));
    uint64_t size = 0;
    // A failure only loses the estimate.
    db_->GetBaseDB()
        ->GetApproximateSizes(options, db_->DefaultColumnFamily(), &range, 1, &size)
        .PermitUncheckedError();
    return size;
  }

  std::unique_ptr<LogCursor> OpenLog(uint64_t after_position) override {
    return std::make_unique<RocksLogCursor>(db_->GetBaseDB(), after_position,
                                            [this] { return OldestRetainedPosition(); });
  }

  absl::StatusOr<uint64_t> OldestRetainedPosition() override {
    rocksdb::VectorLogPtr files;
    ORDINAL_RETURN_IF_ERROR(
        FromRocksStatus(db_->GetBaseDB()->GetSortedWalFiles(files), "list log files"));
    // Files are sorted oldest first; an empty file (a fresh WAL) reports sequence 0.
    for (const std::unique_ptr<rocksdb::LogFile>& file : files) {
      if (file->StartSequence() > 0) return file->StartSequence() - 1;
    }
    return LatestSequence();
  }

  absl::StatusOr<LogWriteResult> WriteLogBatches(const std::vector<LogBatch>& batches,
                                                 std::string_view put_key,
                                                 std::string_view put_value,
                                                 std::string_view watch_prefix) override {
    rocksdb::WriteBatch combined;
    ORDINAL_ASSIGN_OR_RETURN(LogWriteResult result,
                             CopyLogBatches(batches, watch_prefix, combined));
    ORDINAL_RETURN_IF_ERROR(
        FromRocksStatus(combined.Put(ToSlice(put_key), ToSlice(put_value)), "apply log"));
    ORDINAL_RETURN_IF_ERROR(disk_full_.BeforeWrite("apply log", combined.GetDataSize()));
    ORDINAL_RETURN_IF_ERROR(
        disk_full_.AfterWrite(db_->GetBaseDB()->Write(write_options_, &combined), "apply log"));
    NotifyCommit();
    return result;
  }

  absl::StatusOr<uint64_t> CreateCheckpoint(const std::string& dir) override {
    rocksdb::Checkpoint* raw = nullptr;
    ORDINAL_RETURN_IF_ERROR(
        FromRocksStatus(rocksdb::Checkpoint::Create(db_->GetBaseDB(), &raw), "checkpoint"));
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    uint64_t sequence = 0;
    // log_size_for_flush 0: always flush, so the checkpoint's data is in table files.
    ORDINAL_RETURN_IF_ERROR(FromRocksStatus(
        checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0, &sequence),
        absl::StrCat("checkpoint into ", dir)));
    return sequence;
  }

  absl::Status Flush() override {
    rocksdb::FlushOptions options;
    options.wait = true;
    return FromRocksStatus(db_->GetBaseDB()->Flush(options), "flush");
  }

 private:
  void NotifyCommit() { notifier_.Committed(db_->GetLatestSequenceNumber()); }

  std::unique_ptr<rocksdb::OptimisticTransactionDB> db_;
  DiskFullGuard disk_full_;  // every write goes through it (disk full)
  CommitNotifier notifier_;  // every write's on_commit
  rocksdb::WriteOptions write_options_;
  SnapshotCache snapshots_;  // BeginRead's
  // Flushes the memtable when range reads step over many versions in it; stopped before
  // the database closes.
  std::unique_ptr<ScanFlushTrigger> scan_flush_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("data_dir is empty");
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot create data directory ", options.data_dir, ": ", error.message()));
  }
  const rocksdb::Options db_options = MakeOptions(options);
  // Commit validation locks one of these stripes per key; RocksDB's default (2^20 mutexes,
  // about 50 MiB allocated at open) is out of proportion for a small server's memory budget.
  rocksdb::OptimisticTransactionDBOptions occ_options;
  occ_options.occ_lock_buckets = 1 << 16;
  const std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions(db_options)}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::OptimisticTransactionDB* raw = nullptr;
  rocksdb::Status status = rocksdb::OptimisticTransactionDB::Open(
      rocksdb::DBOptions(db_options), occ_options, options.data_dir, families, &handles, &raw);
  if (!status.ok()) return FromRocksStatus(status, absl::StrCat("open ", options.data_dir));
  // The database keeps its own handle of the default family (DefaultColumnFamily()).
  for (rocksdb::ColumnFamilyHandle* handle : handles) delete handle;
  return std::unique_ptr<Store>(std::make_unique<RocksStore>(
      std::unique_ptr<rocksdb::OptimisticTransactionDB>(raw), options));
}

}  // namespace ordinal::engine::kv
