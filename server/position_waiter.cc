#include "server/position_waiter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::server {

void PositionWaiter::Notify() {
  if (waiters_.load() == 0) return;
  absl::MutexLock lock(&mu_);
  advanced_.SignalAll();
}

absl::Status PositionWaiter::WaitFor(uint64_t position, absl::Duration timeout) {
  if (position == 0 || latest_() >= position) return absl::OkStatus();
  const absl::Time deadline = absl::Now() + timeout;
  absl::MutexLock lock(&mu_);
  waiters_.fetch_add(1);
  bool reached = false;
  for (;;) {
    if (latest_() >= position) {
      reached = true;
      break;
    }
    absl::Time now = absl::Now();
    if (now >= deadline) break;
    advanced_.WaitWithDeadline(&mu_, std::min(deadline, now + kRecheckInterval));
  }
  waiters_.fetch_sub(1);
  if (reached) return absl::OkStatus();
  return SqlError(absl::StatusCode::kUnavailable, MysqlErrno::kLockWaitTimeout,
                  absl::StrCat("Timed out after ", absl::FormatDuration(timeout),
                               " waiting for position ", position, " (this server is at ",
                               latest_(), ")"));
}

}  // namespace ordinal::server
