#include "backup/copy_syncer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace ordinal::backup {

CopySyncer::CopySyncer() : thread_([this] { Run(); }) {}

CopySyncer::~CopySyncer() { (void)Finish(); }

void CopySyncer::Add(int fd, std::string path) {
  absl::MutexLock lock(&mu_);
  queue_.emplace_back(fd, std::move(path));
}

absl::Status CopySyncer::Finish() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  absl::MutexLock lock(&mu_);
  return error_;
}

void CopySyncer::Run() {
  for (;;) {
    std::pair<int, std::string> next;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !queue_.empty() || stopping_;
      };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;
      next = std::move(queue_.front());
      queue_.pop_front();
      if (!error_.ok()) continue;  // the copy is discarded anyway
    }
    if (::fsync(next.first) != 0) {
      absl::Status failed =
          absl::InternalError(absl::StrCat("fsync ", next.second, ": ", strerror(errno)));
      absl::MutexLock lock(&mu_);
      if (error_.ok()) error_ = std::move(failed);
    }
  }
}

}  // namespace ordinal::backup
