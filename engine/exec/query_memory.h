// Bounded working memory of statements (docs/memory-and-disk.md).
//
// The executor buffers rows in a few places: the rows a query block produces before it is
// made distinct, sorted and limited (which is also the statement's result, a derived table,
// a CTE or a materialized subquery), the groups of GROUP BY, the rows a window function
// needs, and the build side of a join (nested loop or hash join). Each buffer charges what
// it holds, through a MemoryCharge that lives as long as the buffer, to its statement's
// QueryMemory, which charges the database-wide QueryMemoryPool. When either bound would be
// passed, the charge fails and so does the statement, with MySQL's error:
//   a buffer that is being sorted (ORDER BY)  -> 1038 ER_OUT_OF_SORTMEMORY (HY001)
//   any other buffer                          -> 1114 ER_RECORD_FILE_FULL (HY000),
//                                                "The table '#sql-temporary' is full"
// both with gRPC code RESOURCE_EXHAUSTED. Sizes are estimates (RowBytes): a row's Values
// plus the bytes of its strings.
//
// With a spill directory (SetSpill), the buffers that can spill (a sort, DISTINCT, GROUP BY,
// a hash join's build side, window partitions; spill_file.h) write to temporary files
// instead of failing.
// The bytes a statement holds in such files are bounded too (0: unbounded); past the bound
// the statement fails with 1114.
//
// Thread safety: QueryMemoryPool is thread-safe. QueryMemory and MemoryCharge belong to
// one statement, run on one thread; the pool must outlive them.
#ifndef ORDINAL_ENGINE_EXEC_QUERY_MEMORY_H_
#define ORDINAL_ENGINE_EXEC_QUERY_MEMORY_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

// What a buffer is for; decides the error when it cannot grow.
enum class MemoryUse { kSort, kTemporaryTable };

// Bytes of working memory shared by all running statements of one database.
class QueryMemoryPool {
 public:
  // 0: unbounded.
  void SetLimits(uint64_t per_statement_bytes, uint64_t total_bytes);
  uint64_t per_statement_bytes() const { return per_statement_.load(); }
  uint64_t total_bytes() const { return total_.load(); }
  uint64_t used_bytes() const { return used_.load(); }

  // Takes `bytes` when they fit under the total; false (nothing taken) otherwise.
  bool TryReserve(uint64_t bytes);
  void Release(uint64_t bytes);

  // Where statements spill (an existing directory, PrepareSpillDirectory) and how many bytes
  // of temporary files one statement may hold (0: unbounded). An empty `dir`: nothing
  // spills. Set before statements run.
  void SetSpill(std::string dir, uint64_t per_statement_disk_bytes);
  const std::string& spill_dir() const { return spill_dir_; }
  uint64_t per_statement_disk_bytes() const { return disk_per_statement_; }

 private:
  std::string spill_dir_;
  uint64_t disk_per_statement_ = 0;
  std::atomic<uint64_t> per_statement_{0};
  std::atomic<uint64_t> total_{0};
  std::atomic<uint64_t> used_{0};
};

// One statement's working memory, charged to `pool`.
class QueryMemory {
 public:
  explicit QueryMemory(QueryMemoryPool& pool) : pool_(pool) {}
  ~QueryMemory() { pool_.Release(charged_); }
  QueryMemory(const QueryMemory&) = delete;
  QueryMemory& operator=(const QueryMemory&) = delete;

  // Charges `bytes` for a buffer of kind `use`; the error above when a bound would be
  // passed (nothing is charged then).
  absl::Status Charge(uint64_t bytes, MemoryUse use);
  void Release(uint64_t bytes);
  uint64_t charged() const { return charged_; }
  // The statement's bound; 0: unbounded.
  uint64_t statement_limit() const { return pool_.per_statement_bytes(); }

  // The directory for temporary files; empty when the statement cannot spill.
  const std::string& spill_dir() const { return pool_.spill_dir(); }
  // Charges `bytes` written to temporary files: 1114 past the disk bound.
  absl::Status ChargeDisk(uint64_t bytes);
  void ReleaseDisk(uint64_t bytes) { disk_charged_ -= bytes; }
  uint64_t disk_charged() const { return disk_charged_; }

 private:
  QueryMemoryPool& pool_;
  uint64_t charged_ = 0;
  uint64_t disk_charged_ = 0;
};

// What one buffer holds; gives it back when destroyed. A null QueryMemory charges nothing
// (statements run outside a session, such as index backfills, are not bounded).
class MemoryCharge {
 public:
  MemoryCharge(QueryMemory* memory, MemoryUse use) : memory_(memory), use_(use) {}
  ~MemoryCharge() {
    if (memory_ != nullptr) memory_->Release(bytes_);
  }
  MemoryCharge(const MemoryCharge&) = delete;
  MemoryCharge& operator=(const MemoryCharge&) = delete;

  absl::Status Add(uint64_t bytes);
  absl::Status AddRow(const std::vector<Value>& row);
  // Gives back `bytes` (at most what was added) or everything.
  void Release(uint64_t bytes);
  void ReleaseAll() { Release(bytes_); }
  uint64_t bytes() const { return bytes_; }
  QueryMemory* memory() const { return memory_; }

 private:
  QueryMemory* const memory_;
  const MemoryUse use_;
  uint64_t bytes_ = 0;
};

// The estimated bytes a buffered row holds.
uint64_t RowBytes(const std::vector<Value>& row);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_QUERY_MEMORY_H_
