#include "server/blocking_pool.h"

#include <vector>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace ordinal::server {
namespace {

// Jobs that wait until `expected` of them are running at once.
class Rendezvous {
 public:
  explicit Rendezvous(int expected) : expected_(expected) {}

  void Arrive() {
    absl::MutexLock lock(&mu_);
    ++arrived_;
    auto all_here = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return arrived_ >= expected_; };
    mu_.Await(absl::Condition(&all_here));
  }

 private:
  absl::Mutex mu_;
  const int expected_;
  int arrived_ ABSL_GUARDED_BY(mu_) = 0;
};

TEST(BlockingPoolTest, BlockedJobsRunSideBySide) {
  Rendezvous rendezvous(8);
  {
    BlockingPool pool(8);
    for (int i = 0; i < 8; ++i) pool.Run([&] { rendezvous.Arrive(); });
  }  // the destructor returns only once every job has met the others
}

TEST(BlockingPoolTest, StartsNoMoreThanMaxThreads) {
  absl::Mutex mu;  // outlives the pool, whose destructor runs the queued jobs
  bool release = false;
  BlockingPool pool(2);
  for (int i = 0; i < 5; ++i) {
    pool.Run([&] {
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(&release));
    });
  }
  EXPECT_EQ(pool.threads(), 2u);
  absl::MutexLock lock(&mu);
  release = true;
}

TEST(BlockingPoolTest, QueuedJobsRunInArrivalOrder) {
  std::vector<int> order;
  absl::Mutex mu;
  {
    BlockingPool pool(1);
    for (int i = 0; i < 10; ++i) {
      pool.Run([&, i] {
        absl::MutexLock lock(&mu);
        order.push_back(i);
      });
    }
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

}  // namespace
}  // namespace ordinal::server
