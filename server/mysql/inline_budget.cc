#include "server/mysql/inline_budget.h"

#include <algorithm>
#include <utility>

#include "common/sql_error.h"
#include "common/status_reason.h"

namespace ordinal::server::mysql {

void InlineBudget::Watch::Begin(engine::StatementInterrupt* interrupt,
                                std::chrono::steady_clock::time_point deadline) {
  absl::MutexLock lock(&mu_);
  interrupt_ = interrupt;
  deadline_ = deadline;
}

void InlineBudget::Watch::End() {
  absl::MutexLock lock(&mu_);
  interrupt_ = nullptr;
}

void InlineBudget::Watch::Expire(std::chrono::steady_clock::time_point now) {
  absl::MutexLock lock(&mu_);
  // Raised again at every check while it runs: the session clears its interrupt when the
  // statement starts, which may come after the first raise.
  if (interrupt_ != nullptr && now >= deadline_ && !interrupt_->raised()) {
    interrupt_->InterruptUnlessRaised(Rerun());
  }
}

InlineBudget::InlineBudget(absl::Duration budget)
    : budget_(absl::ToChronoNanoseconds(budget)), thread_([this] { Loop(); }) {}

InlineBudget::~InlineBudget() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

std::shared_ptr<InlineBudget::Watch> InlineBudget::NewWatch() {
  auto watch = std::make_shared<Watch>();
  absl::MutexLock lock(&mu_);
  watches_.push_back(watch);
  return watch;
}

absl::Status InlineBudget::Rerun() {
  return WithReason(SqlError(absl::StatusCode::kCancelled, MysqlErrno::kQueryInterrupted,
                             "Query execution was interrupted, to run again off the I/O thread"),
                    StatusReason::kRerunOffEventLoop);
}

bool InlineBudget::IsRerun(const absl::Status& status) {
  return GetStatusReason(status) == StatusReason::kRerunOffEventLoop;
}

void InlineBudget::Loop() {
  const absl::Duration tick = absl::FromChrono(budget_) / 2;
  std::vector<std::shared_ptr<Watch>> live;
  for (;;) {
    live.clear();
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), tick)) return;
      // Dropped watches (closed connections) are forgotten here.
      watches_.erase(std::remove_if(watches_.begin(), watches_.end(),
                                    [&live](const std::weak_ptr<Watch>& weak) {
                                      std::shared_ptr<Watch> watch = weak.lock();
                                      if (watch == nullptr) return true;
                                      live.push_back(std::move(watch));
                                      return false;
                                    }),
                     watches_.end());
    }
    const auto now = std::chrono::steady_clock::now();
    for (const std::shared_ptr<Watch>& watch : live) watch->Expire(now);
  }
}

}  // namespace ordinal::server::mysql
