#include "server/blocking_pool.h"

#include <pthread.h>

#include <utility>

namespace ordinal::server {

BlockingPool::BlockingPool(size_t max_threads) : max_threads_(max_threads == 0 ? 1 : max_threads) {}

BlockingPool::~BlockingPool() {
  std::vector<std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    threads.swap(threads_);
  }
  for (std::thread& thread : threads) thread.join();
}

void BlockingPool::Run(std::function<void()> job) {
  absl::MutexLock lock(&mu_);
  jobs_.push_back(std::move(job));
  // Each idle thread takes one queued job; start a thread when the queue outnumbers them.
  if (jobs_.size() > idle_ && threads_.size() < max_threads_) {
    threads_.emplace_back([this] { Loop(); });
  }
}

size_t BlockingPool::threads() const {
  absl::MutexLock lock(&mu_);
  return threads_.size();
}

void BlockingPool::Loop() {
  pthread_setname_np(pthread_self(), "ordinald-block");  // as seen in top and profiles
  auto has_work = [this]()
                      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !jobs_.empty() || stopping_; };
  for (;;) {
    std::function<void()> job;
    {
      absl::MutexLock lock(&mu_);
      ++idle_;
      mu_.Await(absl::Condition(&has_work));
      --idle_;
      if (jobs_.empty()) return;  // stopping, and nothing left to run
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace ordinal::server
