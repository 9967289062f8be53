// Writes whole files sequentially with O_DIRECT, the way a clone, a backup and a restore
// write their copies (docs/clone-protocol.md, "Target steps"). On this project's machines
// a buffered write() of a new file costs several times a plain memory copy (page-cache
// allocation, dirty accounting, writeback); O_DIRECT sends the bytes from an aligned buffer
// straight to the device. Appended bytes are gathered into aligned blocks of `block_bytes`
// and written by a background thread while the caller appends the next ones (two blocks in
// flight). Finish pads the last block, writes it and truncates the file to its exact size.
// A filesystem without O_DIRECT (tmpfs: the open fails; some stacked filesystems: a write
// fails with EINVAL) gets ordinary buffered writes, with the same API.
//
// Durability is the caller's: fsync the descriptor after Finish (the data is on the device
// then, but its size and allocation are metadata).
//
// Errors: INTERNAL naming the file (open, write, truncate); the first write error is kept
// and returned by the next Append or by Finish.
// Ownership: owns the descriptor until Release; the destructor waits for pending writes and
// closes what it still owns.
// Thread safety: one thread calls Append/Finish/Release; the writes run on a thread of its own.
#ifndef ORDINAL_REPLICATION_DIRECT_FILE_WRITER_H_
#define ORDINAL_REPLICATION_DIRECT_FILE_WRITER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace ordinal::replication {

// Aligned blocks kept for the DirectFileWriters that write one file after another (a
// clone's or a backup's copies): a writer's blocks come back here when it is destroyed and go
// to the next writer, instead of being freed and allocated again. A fresh block's pages are
// faulted in and zeroed by the kernel on first touch, which on our VMs cost as much CPU as
// the copy into the block itself (bench/RESULTS.md); a server's thread arenas return freed
// blocks of this size to the kernel. Keeps at most `max_blocks`.
// Thread safety: thread-safe. Must outlive the writers that use it.
class DirectBlockPool {
 public:
  explicit DirectBlockPool(size_t max_blocks) : max_blocks_(max_blocks) {}
  ~DirectBlockPool();

  DirectBlockPool(const DirectBlockPool&) = delete;
  DirectBlockPool& operator=(const DirectBlockPool&) = delete;

  // An aligned block of `bytes` (a kept one of that size when there is one).
  char* Take(size_t bytes);
  // Keeps `block` (of `bytes`) for a later Take, or frees it when the pool is full.
  void Put(char* block, size_t bytes);

 private:
  const size_t max_blocks_;
  absl::Mutex mu_;
  std::vector<std::pair<char*, size_t>> free_ ABSL_GUARDED_BY(mu_);
};

class DirectFileWriter {
 public:
  // Creates (or truncates) `path`. `exclusive` fails when it exists. `pool` (optional)
  // supplies the blocks and gets them back.
  static absl::StatusOr<std::unique_ptr<DirectFileWriter>> Create(const std::string& path,
                                                                  bool exclusive = false,
                                                                  size_t block_bytes = 4 << 20,
                                                                  DirectBlockPool* pool = nullptr);
  ~DirectFileWriter();

  DirectFileWriter(const DirectFileWriter&) = delete;
  DirectFileWriter& operator=(const DirectFileWriter&) = delete;

  absl::Status Append(std::string_view bytes);
  // The unfilled rest of the block being filled (never empty), for the caller to fill in
  // place, e.g. by reading into it; Commit(n) then appends its first n bytes. Saves Append's
  // copy. The span is valid until the next Append, Commit or Finish.
  std::pair<char*, size_t> Room();
  absl::Status Commit(size_t bytes);
  // Writes what is left, waits for every write and sets the file's exact size.
  absl::Status Finish();
  // The descriptor, owned by the caller from now on (after Finish).
  int Release();

  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  struct Block;
  DirectFileWriter(std::string path, int fd, bool direct, size_t block_bytes,
                   DirectBlockPool* pool);

  // Hands the current block (its first `bytes`, padded to the alignment) to the thread.
  absl::Status Submit(size_t bytes);
  void Run();
  absl::Status WriteBlock(const Block& block);

  const std::string path_;
  int fd_;
  std::atomic<bool> direct_;  // false after a fallback to buffered writes
  const size_t block_bytes_;
  uint64_t size_ = 0;    // appended so far
  uint64_t offset_ = 0;  // file offset of the current block
  std::unique_ptr<Block> blocks_[2];
  int current_ = 0;      // the block being filled
  size_t filled_ = 0;

  absl::Mutex mu_;
  std::deque<Block*> pending_ ABSL_GUARDED_BY(mu_);  // handed to the thread, in order
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_DIRECT_FILE_WRITER_H_
