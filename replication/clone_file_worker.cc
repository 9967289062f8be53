#include "replication/clone_file_worker.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "xxhash.h"

namespace ordinal::replication {
namespace {

// The copy into the writer's block and the hash read each slice of this size in turn, so
// the hash finds the bytes the copy just read in the core's cache.
constexpr size_t kSliceBytes = 64 << 10;

// `data` with its own copy of the bytes when nothing keeps the received ones alive.
ChunkData Owned(const ChunkData& data) {
  if (data.owner != nullptr) return data;
  auto bytes = std::make_shared<std::string>();
  bytes->reserve(data.size);
  for (std::string_view piece : data.pieces) bytes->append(piece);
  ChunkData owned;
  owned.pieces.emplace_back(*bytes);
  owned.size = bytes->size();
  owned.owner = std::move(bytes);
  return owned;
}

}  // namespace

struct CloneFileWorker::HashState {
  HashState() : state(XXH3_createState()) { XXH3_64bits_reset(state); }
  ~HashState() { XXH3_freeState(state); }
  XXH3_state_t* const state;
};

CloneFileWorker::CloneFileWorker(std::unique_ptr<DirectFileWriter> writer,
                                 size_t max_queued_bytes)
    : writer_(std::move(writer)),
      max_queued_bytes_(max_queued_bytes),
      hash_(std::make_unique<HashState>()),
      thread_([this] { Run(); }) {}

CloneFileWorker::~CloneFileWorker() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

absl::Status CloneFileWorker::Add(const ChunkData& data) {
  ChunkData owned = Owned(data);
  absl::MutexLock lock(&mu_);
  auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return queued_bytes_ < max_queued_bytes_ || !error_.ok();
  };
  mu_.Await(absl::Condition(&room));
  if (!error_.ok()) return error_;
  queued_bytes_ += owned.size;
  queue_.push_back(std::move(owned));
  return absl::OkStatus();
}

void CloneFileWorker::End() {
  absl::MutexLock lock(&mu_);
  ended_ = true;
}

bool CloneFileWorker::done() {
  absl::MutexLock lock(&mu_);
  return done_;
}

absl::StatusOr<uint64_t> CloneFileWorker::Wait() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(&done_));
  if (!error_.ok()) return error_;
  return checksum_;
}

void CloneFileWorker::Run() {
  for (;;) {
    ChunkData data;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !queue_.empty() || ended_ || stopping_;
      };
      mu_.Await(absl::Condition(&ready));
      if (stopping_) return;
      if (queue_.empty()) break;  // ended, every byte written
      data = std::move(queue_.front());
      queue_.pop_front();
    }
    absl::Status status = Write(data);
    const size_t size = data.size;
    data.clear();  // the received bytes go back before the queue makes room for more
    absl::MutexLock lock(&mu_);
    queued_bytes_ -= size;
    if (error_.ok()) error_ = status;
    if (!error_.ok()) {
      queue_.clear();
      queued_bytes_ = 0;
    }
  }
  absl::Status finished = absl::OkStatus();
  {
    absl::MutexLock lock(&mu_);
    finished = error_;
  }
  if (finished.ok()) finished = writer_->Finish();
  const uint64_t checksum = XXH3_64bits_digest(hash_->state);
  absl::MutexLock lock(&mu_);
  error_ = finished;
  checksum_ = checksum;
  done_ = true;
}

absl::Status CloneFileWorker::Write(const ChunkData& data) {
  {
    absl::MutexLock lock(&mu_);
    if (!error_.ok()) return absl::OkStatus();  // the file is abandoned anyway
  }
  for (std::string_view piece : data.pieces) {
    while (!piece.empty()) {
      const std::string_view slice = piece.substr(0, kSliceBytes);
      absl::Status appended = writer_->Append(slice);
      if (!appended.ok()) return appended;
      XXH3_64bits_update(hash_->state, slice.data(), slice.size());
      piece.remove_prefix(slice.size());
    }
  }
  return absl::OkStatus();
}

}  // namespace ordinal::replication
