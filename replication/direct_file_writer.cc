#include "replication/direct_file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"

namespace ordinal::replication {
namespace {

constexpr size_t kAlignment = 4096;  // O_DIRECT's alignment of memory, offsets and lengths

size_t RoundUp(size_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment; }

absl::Status ErrnoError(const char* what, const std::string& path) {
  return absl::InternalError(absl::StrCat(what, " ", path, ": ", strerror(errno)));
}

}  // namespace

DirectBlockPool::~DirectBlockPool() {
  absl::MutexLock lock(&mu_);
  for (const auto& [block, bytes] : free_) std::free(block);
}

char* DirectBlockPool::Take(size_t bytes) {
  {
    absl::MutexLock lock(&mu_);
    // The last one kept first: the likeliest to be still in the caches.
    for (auto it = free_.rbegin(); it != free_.rend(); ++it) {
      if (it->second != bytes) continue;
      char* const block = it->first;
      free_.erase(std::next(it).base());
      return block;
    }
  }
  return static_cast<char*>(std::aligned_alloc(kAlignment, bytes));
}

void DirectBlockPool::Put(char* block, size_t bytes) {
  if (block == nullptr) return;
  {
    absl::MutexLock lock(&mu_);
    if (free_.size() < max_blocks_) {
      free_.emplace_back(block, bytes);
      return;
    }
  }
  std::free(block);
}

struct DirectFileWriter::Block {
  Block(size_t bytes, DirectBlockPool* from)
      : data(from != nullptr ? from->Take(bytes)
                             : static_cast<char*>(std::aligned_alloc(kAlignment, bytes))),
        capacity(bytes),
        pool(from) {}
  ~Block() {
    if (pool != nullptr) {
      pool->Put(data, capacity);
    } else {
      std::free(data);
    }
  }
  char* const data;
  const size_t capacity;
  DirectBlockPool* const pool;  // where the block goes back to; null: freed
  size_t length = 0;    // bytes to write, padded to the alignment for O_DIRECT
  uint64_t offset = 0;  // where in the file
  bool busy = false;    // submitted and not written yet (guarded by the writer's mu_)
};

absl::StatusOr<std::unique_ptr<DirectFileWriter>> DirectFileWriter::Create(
    const std::string& path, bool exclusive, size_t block_bytes, DirectBlockPool* pool) {
  block_bytes = std::max(kAlignment, RoundUp(block_bytes));
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC);
  bool direct = true;
  int fd = ::open(path.c_str(), flags | O_DIRECT, 0644);
  if (fd < 0 && errno == EINVAL) {
    // No O_DIRECT on this filesystem (tmpfs); the failed open may have created the file.
    direct = false;
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_TRUNC, 0644);
  }
  if (fd < 0) return ErrnoError("create", path);
  return std::unique_ptr<DirectFileWriter>(
      new DirectFileWriter(path, fd, direct, block_bytes, pool));
}

DirectFileWriter::DirectFileWriter(std::string path, int fd, bool direct, size_t block_bytes,
                                   DirectBlockPool* pool)
    : path_(std::move(path)), fd_(fd), direct_(direct), block_bytes_(block_bytes) {
  for (auto& block : blocks_) block = std::make_unique<Block>(block_bytes_, pool);
  thread_ = std::thread([this] { Run(); });
}

DirectFileWriter::~DirectFileWriter() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

absl::Status DirectFileWriter::Append(std::string_view bytes) {
  while (!bytes.empty()) {
    Block& block = *blocks_[current_];
    const size_t n = std::min(bytes.size(), block_bytes_ - filled_);
    std::memcpy(block.data + filled_, bytes.data(), n);
    filled_ += n;
    size_ += n;
    bytes.remove_prefix(n);
    if (filled_ == block_bytes_) {
      absl::Status submitted = Submit(filled_);
      if (!submitted.ok()) return submitted;
    }
  }
  absl::MutexLock lock(&mu_);
  return error_;
}

std::pair<char*, size_t> DirectFileWriter::Room() {
  return {blocks_[current_]->data + filled_, block_bytes_ - filled_};
}

absl::Status DirectFileWriter::Commit(size_t bytes) {
  bytes = std::min(bytes, block_bytes_ - filled_);
  filled_ += bytes;
  size_ += bytes;
  if (filled_ == block_bytes_) return Submit(filled_);
  absl::MutexLock lock(&mu_);
  return error_;
}

absl::Status DirectFileWriter::Submit(size_t bytes) {
  Block& block = *blocks_[current_];
  block.offset = offset_;
  block.length = direct_.load() ? RoundUp(bytes) : bytes;
  std::memset(block.data + bytes, 0, block.length - bytes);  // past the end: cut by Finish
  offset_ += bytes;
  current_ ^= 1;
  filled_ = 0;
  absl::MutexLock lock(&mu_);
  block.busy = true;
  pending_.push_back(&block);
  Block& next = *blocks_[current_];
  auto free = [&next]() { return !next.busy; };
  mu_.Await(absl::Condition(&free));
  return error_;
}

void DirectFileWriter::Run() {
  for (;;) {
    Block* block = nullptr;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !pending_.empty() || stopping_;
      };
      mu_.Await(absl::Condition(&ready));
      if (pending_.empty()) return;
      block = pending_.front();
      pending_.pop_front();
    }
    absl::Status status = WriteBlock(*block);
    absl::MutexLock lock(&mu_);
    if (error_.ok()) error_ = status;
    block->busy = false;
  }
}

absl::Status DirectFileWriter::WriteBlock(const Block& block) {
  {
    absl::MutexLock lock(&mu_);
    if (!error_.ok()) return absl::OkStatus();  // the file is abandoned anyway
  }
  for (size_t done = 0; done < block.length;) {
    const ssize_t n = ::pwrite(fd_, block.data + done, block.length - done,
                               static_cast<off_t>(block.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EINVAL && direct_.load()) {
      // A filesystem that opens with O_DIRECT but refuses the write (some network and
      // stacked filesystems): go on with buffered writes; Finish cuts the padding.
      const int flags = ::fcntl(fd_, F_GETFL);
      if (flags >= 0 && ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) == 0) {
        direct_.store(false);
        continue;
      }
    }
    if (n < 0) return ErrnoError("write", path_);
    done += static_cast<size_t>(n);
  }
  if (!direct_.load()) {
    // Starts the writeback now, so the fsync at the end has little left to do (a hint).
    (void)::sync_file_range(fd_, static_cast<off64_t>(block.offset),
                            static_cast<off64_t>(block.length), SYNC_FILE_RANGE_WRITE);
  }
  return absl::OkStatus();
}

absl::Status DirectFileWriter::Finish() {
  if (filled_ > 0) {
    absl::Status submitted = Submit(filled_);
    if (!submitted.ok()) return submitted;
  }
  {
    absl::MutexLock lock(&mu_);
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return pending_.empty() && !blocks_[0]->busy && !blocks_[1]->busy;
    };
    mu_.Await(absl::Condition(&idle));
    if (!error_.ok()) return error_;
  }
  if (size_ % kAlignment != 0 && ::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
    return ErrnoError("truncate", path_);
  }
  return absl::OkStatus();
}

int DirectFileWriter::Release() { return std::exchange(fd_, -1); }

}  // namespace ordinal::replication
