#include "replication/direct_read_ahead.h"

#include <linux/aio_abi.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace ordinal::replication {
namespace {

// glibc has no wrappers for the native AIO calls.
long IoSetup(unsigned nr, aio_context_t* context) { return ::syscall(SYS_io_setup, nr, context); }
long IoDestroy(aio_context_t context) { return ::syscall(SYS_io_destroy, context); }
long IoSubmit(aio_context_t context, long n, iocb** iocbs) {
  return ::syscall(SYS_io_submit, context, n, iocbs);
}
long IoGetEvents(aio_context_t context, long min, long max, io_event* events) {
  return ::syscall(SYS_io_getevents, context, min, max, events, nullptr);
}

}  // namespace

struct DirectReadAhead::Slot {
  enum class State { kFree, kPrepared, kInFlight, kDone };
  State state = State::kFree;  // kPrepared: io_submit refused it; Next reads it itself
  ChunkBuffer chunk;           // its `size` is what the file holds of this chunk
  uint64_t offset = 0;
  iocb request{};
  int64_t result = 0;          // the completed read's byte count, or -errno
};

absl::StatusOr<std::unique_ptr<DirectReadAhead>> DirectReadAhead::Open(const std::string& path,
                                                                       uint64_t size,
                                                                       size_t chunk_bytes,
                                                                       int depth,
                                                                       TakeBuffer take) {
  if (chunk_bytes == 0 || chunk_bytes % kDirectAlignment != 0) return nullptr;
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<DirectFileReader> file,
                           DirectFileReader::Open(path, /*direct=*/true));
  if (!file->direct()) return nullptr;
  depth = std::max(depth, 1);
  aio_context_t context = 0;
  if (IoSetup(static_cast<unsigned>(depth), &context) != 0) return nullptr;
  return std::unique_ptr<DirectReadAhead>(new DirectReadAhead(
      path, size, chunk_bytes, depth, std::move(take), std::move(file), context));
}

DirectReadAhead::DirectReadAhead(std::string path, uint64_t size, size_t chunk_bytes, int depth,
                                 TakeBuffer take, std::unique_ptr<DirectFileReader> file,
                                 unsigned long context)
    : path_(std::move(path)),
      size_(size),
      chunk_bytes_(chunk_bytes),
      take_(std::move(take)),
      file_(std::move(file)),
      context_(context),
      slots_(static_cast<size_t>(depth)) {}

DirectReadAhead::~DirectReadAhead() {
  // Waits for the reads still in flight: only then may their buffers go.
  IoDestroy(context_);
}

absl::Status DirectReadAhead::Submit() {
  std::vector<iocb*> batch;
  const uint64_t window = chunk_bytes_ * slots_.size();
  while (next_submit_ < size_ && next_submit_ < next_out_ + window) {
    Slot& slot = slots_[next_submit_ / chunk_bytes_ % slots_.size()];
    const size_t want = static_cast<size_t>(std::min<uint64_t>(chunk_bytes_, size_ - next_submit_));
    slot.chunk.storage = take_ ? take_() : std::string();
    // A buffer only grows: a reused one is not filled with zeros again.
    const size_t room = RoundUpToDirect(want) + kDirectAlignment;
    if (slot.chunk.storage.size() < room) slot.chunk.storage.resize(room);
    const auto address = reinterpret_cast<uintptr_t>(slot.chunk.storage.data());
    slot.chunk.begin = (kDirectAlignment - address % kDirectAlignment) % kDirectAlignment;
    slot.chunk.size = want;
    slot.offset = next_submit_;
    slot.request = iocb{};
    slot.request.aio_data = reinterpret_cast<uintptr_t>(&slot);
    slot.request.aio_lio_opcode = IOCB_CMD_PREAD;
    slot.request.aio_fildes = static_cast<uint32_t>(file_->fd());
    slot.request.aio_buf = reinterpret_cast<uintptr_t>(slot.chunk.storage.data() + slot.chunk.begin);
    slot.request.aio_nbytes = RoundUpToDirect(want);
    slot.request.aio_offset = static_cast<int64_t>(next_submit_);
    slot.state = Slot::State::kPrepared;
    batch.push_back(&slot.request);
    next_submit_ += want;
  }
  for (size_t at = 0; at < batch.size();) {
    const long n = IoSubmit(context_, static_cast<long>(batch.size() - at), batch.data() + at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // e.g. EAGAIN: the rest stay prepared and are read by Next itself
    for (long i = 0; i < n; ++i) {
      reinterpret_cast<Slot*>(batch[at + i]->aio_data)->state = Slot::State::kInFlight;
    }
    at += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::Status DirectReadAhead::Await(Slot& slot) {
  io_event events[16];
  while (slot.state == Slot::State::kInFlight) {
    const long n = IoGetEvents(context_, 1, 16, events);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::InternalError(absl::StrCat("read ", path_, ": io_getevents: ", strerror(errno)));
    }
    for (long i = 0; i < n; ++i) {
      Slot* done = reinterpret_cast<Slot*>(events[i].data);
      done->result = events[i].res;
      done->state = Slot::State::kDone;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ChunkBuffer> DirectReadAhead::Next() {
  ORDINAL_RETURN_IF_ERROR(Submit());
  Slot& slot = slots_[next_out_ / chunk_bytes_ % slots_.size()];
  ORDINAL_RETURN_IF_ERROR(Await(slot));
  const size_t want = slot.chunk.size;
  char* const bytes = slot.chunk.storage.data() + slot.chunk.begin;
  size_t have = 0;
  if (slot.state == Slot::State::kDone && slot.result < 0 && slot.result != -EINVAL) {
    errno = static_cast<int>(-slot.result);
    return absl::InternalError(absl::StrCat("read ", path_, ": ", strerror(errno)));
  }
  if (slot.state == Slot::State::kDone && slot.result > 0) {
    have = std::min(static_cast<size_t>(slot.result), want);
  }
  // What the asynchronous read did not bring: not submitted, refused, or short.
  if (have < want) {
    ORDINAL_ASSIGN_OR_RETURN(size_t n, file_->ReadAt(slot.offset + have, bytes + have, want - have));
    if (n != want - have) {
      return absl::InternalError(absl::StrCat("short read of ", path_, " at ",
                                              slot.offset + have + n));
    }
  }
  slot.state = Slot::State::kFree;
  next_out_ += want;
  ChunkBuffer chunk = std::move(slot.chunk);
  slot.chunk = ChunkBuffer();
  ORDINAL_RETURN_IF_ERROR(Submit());
  return chunk;
}

}  // namespace ordinal::replication
