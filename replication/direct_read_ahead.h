// Reads one file front to back with O_DIRECT while the next chunks are already being read:
// up to `depth` reads of `chunk_bytes` are in flight at once (Linux native AIO, io_submit),
// so the device works on the following chunks while the caller hashes and sends this one.
// A synchronous direct read keeps one request at a time in the device's queue: on the
// virtual disks we run on that reads about half as fast as the kernel's read-ahead of a
// buffered file (bench/RESULTS.md), while a direct read saves the copy out of the page
// cache, the largest item of a clone source's CPU profile (docs/clone-protocol.md,
// "Source steps").
//
// Each chunk's bytes start at an aligned address inside its buffer (ChunkBuffer::begin);
// buffers come from `take` (an empty string is fine: it is grown) and are handed out with
// the chunks. A read that ends short of its chunk where the file does not end, or that the
// kernel refuses (EINVAL: a filesystem that opens with O_DIRECT and refuses the read), is
// finished by a plain read (DirectFileReader, which turns buffered for good on EINVAL).
//
// Open returns nullptr (and no error) when the file cannot be read this way: the kernel has
// no native AIO (or no room for another AIO context), or the filesystem refuses O_DIRECT.
// The caller then reads it another way.
//
// Errors: INTERNAL naming the file (open, read, a file shorter than `size`).
// Ownership: owns the descriptor and the buffers of the reads in flight; the destructor
// waits for those reads (io_destroy) before it frees them.
// Thread safety: one thread at a time.
#ifndef ORDINAL_REPLICATION_DIRECT_READ_AHEAD_H_
#define ORDINAL_REPLICATION_DIRECT_READ_AHEAD_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "replication/chunk_wire.h"
#include "replication/direct_file_reader.h"

namespace ordinal::replication {

class DirectReadAhead {
 public:
  using TakeBuffer = std::function<std::string()>;

  // `size`: exactly this many bytes are read (the file's listed size). `chunk_bytes`: a
  // multiple of kDirectAlignment. `depth`: reads in flight at most (at least 1).
  static absl::StatusOr<std::unique_ptr<DirectReadAhead>> Open(const std::string& path,
                                                               uint64_t size,
                                                               size_t chunk_bytes, int depth,
                                                               TakeBuffer take);
  ~DirectReadAhead();

  DirectReadAhead(const DirectReadAhead&) = delete;
  DirectReadAhead& operator=(const DirectReadAhead&) = delete;

  // The next chunk in offset order (min(chunk_bytes, what is left) bytes); waits for its read.
  // Not to be called once done().
  absl::StatusOr<ChunkBuffer> Next();
  // Every byte of the file was handed out.
  bool done() const { return next_out_ >= size_; }

 private:
  struct Slot;

  DirectReadAhead(std::string path, uint64_t size, size_t chunk_bytes, int depth,
                  TakeBuffer take, std::unique_ptr<DirectFileReader> file, unsigned long context);

  // Starts reads until `depth` are in flight or the file is covered.
  absl::Status Submit();
  // Waits until the read in `slot` completed.
  absl::Status Await(Slot& slot);

  const std::string path_;
  const uint64_t size_;
  const size_t chunk_bytes_;
  const TakeBuffer take_;
  const std::unique_ptr<DirectFileReader> file_;
  const unsigned long context_;  // aio_context_t
  std::vector<Slot> slots_;       // a ring: slot of the chunk at offset o is (o / chunk) % depth
  uint64_t next_submit_ = 0;      // offset of the next read to start
  uint64_t next_out_ = 0;         // offset of the next chunk Next hands out
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_DIRECT_READ_AHEAD_H_
