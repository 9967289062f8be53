#include "replication/clone_file_syncer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace ordinal::replication {

CloneFileSyncer::CloneFileSyncer(ClonePaths paths)
    : paths_(std::move(paths)), thread_([this] { Run(); }) {}

CloneFileSyncer::~CloneFileSyncer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void CloneFileSyncer::Add(int fd, StagedFile file) {
  absl::MutexLock lock(&mu_);
  queue_.emplace_back(fd, std::move(file));
}

absl::Status CloneFileSyncer::Drain() {
  absl::MutexLock lock(&mu_);
  auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return queue_.empty() && !busy_; };
  mu_.Await(absl::Condition(&idle));
  return error_;
}

void CloneFileSyncer::Run() {
  for (;;) {
    Pending batch;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !queue_.empty() || stopping_;
      };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // stopping, and everything added was handled
      batch.swap(queue_);
      busy_ = true;
    }
    absl::Status status = SyncBatch(batch);
    absl::MutexLock lock(&mu_);
    if (error_.ok()) error_ = status;
    busy_ = false;
  }
}

absl::Status CloneFileSyncer::SyncBatch(Pending& batch) {
  {
    absl::MutexLock lock(&mu_);
    if (!error_.ok()) {  // an earlier batch failed: nothing more is recorded
      for (auto& [fd, file] : batch) ::close(fd);
      return absl::OkStatus();
    }
  }
  absl::Status status;
  std::vector<StagedFile> durable;
  for (auto& [fd, file] : batch) {
    if (status.ok() && ::fsync(fd) != 0) {
      status = absl::InternalError(
          absl::StrCat("fsync ", paths_.staging, "/", file.name, ": ", strerror(errno)));
    }
    ::close(fd);
    if (status.ok()) durable.push_back(std::move(file));
  }
  if (!durable.empty()) {
    absl::Status recorded = AppendStagedFiles(paths_, durable);
    if (status.ok()) status = recorded;
  }
  return status;
}

}  // namespace ordinal::replication
