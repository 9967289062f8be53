#include "replication/follower_stream.h"

#include <algorithm>
#include <utility>

#include "proto/status_mapping.h"

namespace ordinal::replication {

namespace v1 = ordinal::v1;

FollowerStream::FollowerStream(v1::Replication::Stub& stub, const std::string& user,
                               const std::string& password, size_t max_queued_bytes)
    : max_queued_bytes_(max_queued_bytes) {
  context_.AddMetadata(kUserMetadataKey, user);
  context_.AddMetadata(kPasswordMetadataKey, password);
  stream_ = stub.Stream(&context_);
  reader_ = std::thread([this] { ReadLoop(); });
}

FollowerStream::~FollowerStream() {
  // A call is always finished, also when the caller gave up on it; the status is moot here.
  if (!finished_) Finish().IgnoreError();
}

void FollowerStream::ReadLoop() {
  while (true) {
    v1::PrimaryMessage message;
    if (!stream_->Read(&message)) break;
    const size_t bytes = message.ByteSizeLong();
    absl::MutexLock lock(&mu_);
    queued_bytes_ += bytes;
    queue_.push_back(std::move(message));
    // Back-pressure: stop reading while the follower has a full queue to apply.
    auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return cancelled_ || queued_bytes_ < max_queued_bytes_;
    };
    while (!room()) mu_.Await(absl::Condition(&room));
  }
  absl::MutexLock lock(&mu_);
  ended_ = true;
}

bool FollowerStream::Write(const v1::ReplicaMessage& message) { return stream_->Write(message); }

FollowerStream::Wait FollowerStream::Take(absl::Time deadline, size_t max_bytes,
                                          std::vector<v1::PrimaryMessage>* out) {
  absl::MutexLock lock(&mu_);
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !queue_.empty() || ended_; };
  mu_.AwaitWithDeadline(absl::Condition(&ready), deadline);
  if (queue_.empty()) return ended_ ? Wait::kEnded : Wait::kTimedOut;
  size_t taken = 0;
  while (!queue_.empty() && (taken == 0 || taken < max_bytes)) {
    const size_t bytes = queue_.front().ByteSizeLong();
    taken += bytes;
    queued_bytes_ -= std::min(queued_bytes_, bytes);
    out->push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return Wait::kMessages;
}

void FollowerStream::Cancel() {
  {
    absl::MutexLock lock(&mu_);
    if (cancelled_) return;
    cancelled_ = true;
  }
  context_.TryCancel();
}

absl::Status FollowerStream::Finish() {
  if (finished_) return final_status_;
  bool ended;
  {
    absl::MutexLock lock(&mu_);
    ended = ended_;
  }
  if (!ended) Cancel();  // still running: the caller gave up on it
  if (reader_.joinable()) reader_.join();
  final_status_ = FromGrpcStatus(stream_->Finish(), context_);
  finished_ = true;
  return final_status_;
}

}  // namespace ordinal::replication
