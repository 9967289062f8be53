#include "replication/clone_chunk_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "replication/direct_file_reader.h"
#include "xxhash.h"

namespace ordinal::replication {
namespace {

constexpr size_t kSliceBytes = 256 << 10;

// Asks the kernel to read the whole file into the page cache in the background (advice only).
void ReadAhead(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;  // ReadFile reports the error when it gets there
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
  ::close(fd);
}

}  // namespace

// Chunk buffers for reuse, kept while they are still warm in the caches; at most `limit`.
class CloneChunkReader::BufferPool {
 public:
  explicit BufferPool(size_t limit) : limit_(limit) {}

  void Put(std::string buffer) {
    absl::MutexLock lock(&mu_);
    if (free_.size() < limit_) free_.push_back(std::move(buffer));
  }

  std::string Take() {
    absl::MutexLock lock(&mu_);
    if (free_.empty()) return {};
    std::string buffer = std::move(free_.back());
    free_.pop_back();
    return buffer;
  }

 private:
  const size_t limit_;
  absl::Mutex mu_;
  std::vector<std::string> free_ ABSL_GUARDED_BY(mu_);
};

// One file read front to back in chunks, hashed as it is read.
class CloneChunkReader::FileCursor {
 public:
  FileCursor(const File& file, bool direct) : file_(file), direct_(direct) {}
  ~FileCursor() {
    if (state_ != nullptr) XXH3_freeState(state_);
  }
  FileCursor(const FileCursor&) = delete;
  FileCursor& operator=(const FileCursor&) = delete;

  absl::Status Open() {
    ORDINAL_ASSIGN_OR_RETURN(reader_, DirectFileReader::Open(file_.path, direct_));
    if (!reader_->direct()) {
      ::posix_fadvise(reader_->fd(), 0, 0, POSIX_FADV_SEQUENTIAL);
      ::posix_fadvise(reader_->fd(), 0, 0, POSIX_FADV_WILLNEED);
    }
    state_ = XXH3_createState();
    XXH3_64bits_reset(state_);
    return absl::OkStatus();
  }

  // The next chunk (read into `storage`), or after the last chunk the end item.
  absl::Status Read(std::string storage, size_t chunk_bytes, Item& item) {
    if (sent_chunk_ && offset_ == file_.size) {
      item = Item{.file_index = file_.index, .end = true, .checksum = XXH3_64bits_digest(state_)};
      done_ = true;
      return absl::OkStatus();
    }
    const size_t want = static_cast<size_t>(std::min<uint64_t>(chunk_bytes, file_.size - offset_));
    item = Item{.file_index = file_.index, .offset = offset_};
    ChunkBuffer& data = item.data;
    data.storage = std::move(storage);
    // A buffer only grows: a reused one is not filled with zeros again.
    const size_t room = reader_->direct() ? RoundUpToDirect(want) + kDirectAlignment : want;
    if (data.storage.size() < room) data.storage.resize(room);
    const auto address = reinterpret_cast<uintptr_t>(data.storage.data());
    data.begin = reader_->direct() ? (kDirectAlignment - address % kDirectAlignment) %
                                         kDirectAlignment
                                   : 0;
    data.size = want;
    char* const bytes = data.storage.data() + data.begin;
    // Buffered: read and hash in slices, each hashed while it is still in the core's cache.
    // Direct: the device wrote the bytes to memory, not to a cache: one read, then the hash.
    const size_t step = reader_->direct() ? want : kSliceBytes;
    for (size_t done = 0; done < want;) {
      const size_t slice = std::min(step, want - done);
      ORDINAL_ASSIGN_OR_RETURN(size_t n, reader_->ReadAt(offset_ + done, bytes + done, slice));
      if (n != slice) {
        return absl::InternalError(absl::StrCat("short read of ", file_.path, " at ",
                                                offset_ + done + n));
      }
      XXH3_64bits_update(state_, bytes + done, slice);
      done += slice;
    }
    offset_ += want;
    sent_chunk_ = true;
    return absl::OkStatus();
  }

  bool done() const { return done_; }

 private:
  const File& file_;
  const bool direct_;
  std::unique_ptr<DirectFileReader> reader_;
  XXH3_state_t* state_ = nullptr;
  uint64_t offset_ = 0;
  bool sent_chunk_ = false;  // every file gets one chunk, an empty one too
  bool done_ = false;
};

CloneChunkReader::CloneChunkReader(std::vector<File> files, size_t chunk_bytes,
                                   int files_in_flight, size_t max_queued, bool direct_reads)
    : files_(std::move(files)),
      chunk_bytes_(std::max<size_t>(chunk_bytes, 1)),
      max_queued_(std::max<size_t>(max_queued, 1)),
      inline_(files_in_flight <= 1),
      direct_(direct_reads && !inline_ && chunk_bytes_ % kDirectAlignment == 0),
      // Room for the queue, one buffer per reader and a few still held by the transport.
      pool_(std::make_shared<BufferPool>(max_queued_ + std::max(files_in_flight, 1) + 4)) {
  if (inline_) return;
  const int threads = std::clamp<int>(files_in_flight, 1, std::max<int>(1, files_.size()));
  {
    absl::MutexLock lock(&mu_);
    running_ = threads;
  }
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

CloneChunkReader::~CloneChunkReader() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

void CloneChunkReader::Run() {
  while (true) {
    const File* file = nullptr;
    const File* after = nullptr;
    {
      absl::MutexLock lock(&mu_);
      if (!stopping_ && error_.ok() && next_file_ < files_.size()) {
        file = &files_[next_file_++];
        if (next_file_ < files_.size()) after = &files_[next_file_];
      }
    }
    if (file == nullptr) break;
    // The file after this one is read ahead too, so a reader that moves on to it does not
    // wait for the disk at the file boundary (a direct reader does not use the cache).
    if (after != nullptr && !direct_) ReadAhead(after->path);
    absl::Status status = ReadFile(*file);
    if (!status.ok()) {
      absl::MutexLock lock(&mu_);
      if (error_.ok()) error_ = status;
      break;
    }
  }
  absl::MutexLock lock(&mu_);
  --running_;
}

absl::Status CloneChunkReader::ReadFile(const File& file) {
  FileCursor cursor(file, direct_);
  ORDINAL_RETURN_IF_ERROR(cursor.Open());
  while (!cursor.done()) {
    Item item;
    ORDINAL_RETURN_IF_ERROR(cursor.Read(TakeBuffer(), chunk_bytes_, item));
    if (!Push(std::move(item))) return absl::OkStatus();  // stopping
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> CloneChunkReader::NextInline(Item& item) {
  if (inline_file_ == nullptr || inline_file_->done()) {
    inline_file_.reset();
    if (inline_next_ >= files_.size()) return false;
    // The next file is read ahead while this one is on the wire, so the stream does not
    // wait for the disk at the file boundary.
    if (inline_next_ + 1 < files_.size()) ReadAhead(files_[inline_next_ + 1].path);
    inline_file_ = std::make_unique<FileCursor>(files_[inline_next_++], /*direct=*/false);
    ORDINAL_RETURN_IF_ERROR(inline_file_->Open());
  }
  ORDINAL_RETURN_IF_ERROR(inline_file_->Read(TakeBuffer(), chunk_bytes_, item));
  return true;
}

bool CloneChunkReader::Push(Item item) {
  absl::MutexLock lock(&mu_);
  const bool chunk = !item.end;
  if (chunk) {
    auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return stopping_ || chunks_queued_ < max_queued_;
    };
    mu_.Await(absl::Condition(&room));
  }
  if (stopping_) return false;
  if (chunk) ++chunks_queued_;
  queue_.push_back(std::move(item));
  return true;
}

absl::StatusOr<bool> CloneChunkReader::Next(Item& item) {
  if (inline_) return NextInline(item);
  absl::MutexLock lock(&mu_);
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !queue_.empty() || running_ == 0 || !error_.ok();
  };
  mu_.Await(absl::Condition(&ready));
  if (!error_.ok()) return error_;
  if (queue_.empty()) return false;
  item = std::move(queue_.front());
  queue_.pop_front();
  if (!item.end) --chunks_queued_;
  return true;
}

void CloneChunkReader::Recycle(std::string buffer) { pool_->Put(std::move(buffer)); }

std::function<void(std::string)> CloneChunkReader::Recycler() {
  return [pool = pool_](std::string buffer) { pool->Put(std::move(buffer)); };
}

std::string CloneChunkReader::TakeBuffer() { return pool_->Take(); }

}  // namespace ordinal::replication
