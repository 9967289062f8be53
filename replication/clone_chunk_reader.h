// Reads the files of a clone's checkpoint ahead of the sending thread
// (docs/clone-protocol.md, "Source steps"): up to `files_in_flight` reader threads each take
// the next file of the list, read it in chunks of `chunk_bytes`, hash it (XXH3-64) as they
// read, and queue its chunks, then an end item with the file's checksum. The sender takes
// the items in queue order, so each file's chunks come in offset order and before its end,
// while the chunks of different files may be interleaved; the disk reads overlap the
// sending, and with several files in flight the disk gets several reads at once. At most
// `max_queued` chunks wait in the queue (bounded memory: about max_queued x chunk_bytes).
// With one file in flight there are no threads: Next reads the next chunk itself, on the
// sender's thread, which keeps the buffer in that core's cache from the read through the
// hash to the serialization (measured: a third less CPU per byte than handing chunks from
// a reader thread; the kernel's read-ahead still overlaps the disk with the sending).
//
// Reader threads read with O_DIRECT when `direct_reads` is set and `chunk_bytes` is a
// multiple of kDirectAlignment (direct_file_reader.h): a checkpoint's files are mostly not in
// the page cache, and the device then writes each chunk straight into its buffer instead
// of the kernel copying it out of the cache (bench/RESULTS.md). Each chunk's bytes then
// start at an aligned address inside its buffer (ChunkBuffer::begin). The reading on the
// sender's thread (one file in flight) stays buffered: there only the kernel's read-ahead
// overlaps the disk with the sending.
//
// Every file gets at least one chunk (an empty file one chunk without data).
//
// Errors: INTERNAL naming the file (open, read, a file shorter than its listed size); the
// first one ends the reading, and Next returns it.
// Ownership: owns its threads; the destructor stops them (unsent items are dropped). Its
// pool of chunk buffers is shared with the Recycler()s handed out, so a buffer may come back
// after the reader is gone.
// Thread safety: Next and Recycle from one thread (the sender's); a Recycler from any.
#ifndef ORDINAL_REPLICATION_CLONE_CHUNK_READER_H_
#define ORDINAL_REPLICATION_CLONE_CHUNK_READER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "replication/chunk_wire.h"

namespace ordinal::replication {

class CloneChunkReader {
 public:
  struct File {
    uint32_t index = 0;  // the file's index in the manifest
    std::string path;
    uint64_t size = 0;  // the manifest's size: exactly this many bytes are read
  };
  // A chunk of a file, or (`end`) the end of a file with its checksum.
  struct Item {
    uint32_t file_index = 0;
    uint64_t offset = 0;
    ChunkBuffer data;
    bool end = false;
    uint64_t checksum = 0;
  };

  CloneChunkReader(std::vector<File> files, size_t chunk_bytes, int files_in_flight,
                   size_t max_queued, bool direct_reads = true);
  ~CloneChunkReader();

  CloneChunkReader(const CloneChunkReader&) = delete;
  CloneChunkReader& operator=(const CloneChunkReader&) = delete;

  // Waits for the next item; false when every file was read and its items taken.
  absl::StatusOr<bool> Next(Item& item);
  // Gives a sent chunk's buffer back for reuse (saves an allocation per chunk).
  void Recycle(std::string buffer);
  // Recycle for a buffer the transport still holds after the send returned: callable on
  // any thread, also after this reader is destroyed.
  std::function<void(std::string)> Recycler();

 private:
  class FileCursor;
  class BufferPool;

  void Run();
  absl::Status ReadFile(const File& file);
  // Next for one file in flight: reads the next item on the caller's thread.
  absl::StatusOr<bool> NextInline(Item& item);
  // Queues `item` once there is room; false when stopping.
  bool Push(Item item);
  std::string TakeBuffer();

  const std::vector<File> files_;
  const size_t chunk_bytes_;
  const size_t max_queued_;
  const bool inline_;  // one file in flight: no reader threads
  const bool direct_;  // reader threads read with O_DIRECT
  std::unique_ptr<FileCursor> inline_file_;  // the file NextInline is reading
  size_t inline_next_ = 0;  // the next file NextInline opens

  absl::Mutex mu_;
  size_t next_file_ ABSL_GUARDED_BY(mu_) = 0;
  int running_ ABSL_GUARDED_BY(mu_) = 0;  // reader threads not yet finished
  size_t chunks_queued_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<Item> queue_ ABSL_GUARDED_BY(mu_);
  const std::shared_ptr<BufferPool> pool_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_CHUNK_READER_H_
