#include "engine/exec/query_memory.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::engine::exec {
namespace {

absl::Status OutOfMemory(MemoryUse use, uint64_t limit) {
  const std::string bound =
      absl::StrCat(" (a statement's working memory is bounded: ", limit >> 10,
                   " KiB per statement, --query_memory_mb; docs/memory-and-disk.md)");
  if (use == MemoryUse::kSort) {
    return SqlError(absl::StatusCode::kResourceExhausted, MysqlErrno::kOutOfSortMemory,
                    absl::StrCat("Out of sort memory, consider increasing server sort buffer "
                                 "size",
                                 bound));
  }
  return SqlError(absl::StatusCode::kResourceExhausted, MysqlErrno::kRecordFileFull,
                  absl::StrCat("The table '#sql-temporary' is full", bound));
}

}  // namespace

void QueryMemoryPool::SetLimits(uint64_t per_statement_bytes, uint64_t total_bytes) {
  per_statement_.store(per_statement_bytes);
  total_.store(total_bytes);
}

bool QueryMemoryPool::TryReserve(uint64_t bytes) {
  const uint64_t total = total_.load();
  uint64_t used = used_.load();
  do {
    if (total != 0 && used + bytes > total) return false;
  } while (!used_.compare_exchange_weak(used, used + bytes));
  return true;
}

void QueryMemoryPool::Release(uint64_t bytes) { used_.fetch_sub(bytes); }

void QueryMemoryPool::SetSpill(std::string dir, uint64_t per_statement_disk_bytes) {
  spill_dir_ = std::move(dir);
  disk_per_statement_ = per_statement_disk_bytes;
}

absl::Status QueryMemory::ChargeDisk(uint64_t bytes) {
  const uint64_t limit = pool_.per_statement_disk_bytes();
  if (limit != 0 && disk_charged_ + bytes > limit) {
    return SqlError(absl::StatusCode::kResourceExhausted, MysqlErrno::kRecordFileFull,
                    absl::StrCat("The table '#sql-temporary' is full (a statement's temporary "
                                 "files are bounded: ",
                                 limit >> 10,
                                 " KiB per statement, --query_spill_mb; "
                                 "docs/memory-and-disk.md)"));
  }
  disk_charged_ += bytes;
  return absl::OkStatus();
}

absl::Status QueryMemory::Charge(uint64_t bytes, MemoryUse use) {
  const uint64_t limit = pool_.per_statement_bytes();
  if (limit != 0 && charged_ + bytes > limit) return OutOfMemory(use, limit);
  if (!pool_.TryReserve(bytes)) {
    return OutOfMemory(use, limit != 0 ? limit : pool_.total_bytes());
  }
  charged_ += bytes;
  return absl::OkStatus();
}

void QueryMemory::Release(uint64_t bytes) {
  charged_ -= bytes;
  pool_.Release(bytes);
}

absl::Status MemoryCharge::Add(uint64_t bytes) {
  if (memory_ == nullptr) return absl::OkStatus();
  if (absl::Status s = memory_->Charge(bytes, use_); !s.ok()) return s;
  bytes_ += bytes;
  return absl::OkStatus();
}

void MemoryCharge::Release(uint64_t bytes) {
  if (memory_ == nullptr) return;
  bytes = std::min(bytes, bytes_);
  memory_->Release(bytes);
  bytes_ -= bytes;
}

absl::Status MemoryCharge::AddRow(const std::vector<Value>& row) { return Add(RowBytes(row)); }

uint64_t RowBytes(const std::vector<Value>& row) {
  uint64_t bytes = sizeof(row) + row.capacity() * sizeof(Value);
  for (const Value& v : row) {
    if (v.is_string()) bytes += v.string_value().capacity();
  }
  return bytes;
}

}  // namespace ordinal::engine::exec
