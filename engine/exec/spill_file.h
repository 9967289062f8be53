// Temporary files of statements whose working memory passes its bound
// (docs/memory-and-disk.md, "Spilling to disk").
//
// A SpillFile is an anonymous file in the spill directory on the data volume
// (<data_dir>/tmp): it is unlinked as soon as it is opened, so it disappears when closed and
// nothing is left behind after a crash either. Rows are appended through a small buffer and
// read back sequentially by Readers over byte ranges, several at once (the runs of a merge).
// Every byte written is charged to the statement's disk bound (QueryMemory::ChargeDisk) and
// given back when the file is destroyed.
//
// Errors: the volume filling up is MySQL's disk-full error 1021 (common/disk_full.h); the
// statement's disk bound is 1114 (query_memory.h); other I/O errors are INTERNAL. A file
// whose write failed must not be read.
//
// Thread safety: a SpillFile and its Readers belong to one statement, run on one thread.
#ifndef ORDINAL_ENGINE_EXEC_SPILL_FILE_H_
#define ORDINAL_ENGINE_EXEC_SPILL_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/exec/query_memory.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

// Creates `dir` if needed and removes whatever it holds (files of a process that ended
// without closing them). Called once when the database opens.
absl::Status PrepareSpillDirectory(const std::string& dir);

// The encoding of a spilled row: varint count, then per value a tag byte and its payload
// (ints zigzag varints, doubles 8 bytes, decimals and strings varint length + bytes).
void EncodeSpillRow(const std::vector<Value>& row, std::string* out);
// Decodes one row written by EncodeSpillRow from the front of `*in`, advancing it.
// Corrupt input is DATA_LOSS.
absl::Status DecodeSpillRow(std::string_view* in, std::vector<Value>* row);

class SpillFile {
 public:
  // Opens a new file in `memory`'s spill directory, charged to `memory`'s disk bound.
  // FAILED_PRECONDITION when the statement has no spill directory.
  static absl::StatusOr<std::unique_ptr<SpillFile>> Create(QueryMemory& memory);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends one row (as one record) to the buffer, writing the buffer out when it is full.
  absl::Status Append(const std::vector<Value>& row);
  // Writes out what is buffered. Rows appended before are readable after it.
  absl::Status Flush();
  // The bytes appended so far: where the next row will start.
  uint64_t size() const { return written_ + buffer_.size(); }

  // Reads the rows of [begin, end) (offsets returned by size()) in order.
  class Reader {
   public:
    Reader(const SpillFile& file, uint64_t begin, uint64_t end)
        : file_(&file), next_(begin), end_(end) {}
    // The next row into *row; false at the end of the range.
    absl::StatusOr<bool> Next(std::vector<Value>* row);

   private:
    absl::Status Fill();

    const SpillFile* file_;
    uint64_t next_;  // file offset of the first byte not yet in buffer_
    uint64_t end_;
    std::string buffer_;
    size_t used_ = 0;  // bytes of buffer_ already decoded
  };

 private:
  SpillFile(int fd, std::string dir, QueryMemory& memory) : fd_(fd), dir_(std::move(dir)), memory_(memory) {}
  absl::Status WriteBuffer();

  const int fd_;
  const std::string dir_;
  QueryMemory& memory_;
  uint64_t written_ = 0;  // bytes on disk (charged)
  std::string buffer_;
  bool failed_ = false;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_SPILL_FILE_H_
