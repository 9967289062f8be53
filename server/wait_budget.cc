#include "server/wait_budget.h"

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_reason.h"

namespace ordinal::server {

absl::StatusOr<WaitBudget::Slot> WaitBudget::Take() {
  size_t now = parked_.load(std::memory_order_relaxed);
  do {
    if (now >= max_waits_) {
      refused_.fetch_add(1, std::memory_order_relaxed);
      return TooManyWaits(max_waits_);
    }
  } while (!parked_.compare_exchange_weak(now, now + 1, std::memory_order_relaxed));
  return Slot(this);
}

absl::Status WaitBudget::TooManyWaits(size_t max_waits) {
  return WithReason(
      SqlError(absl::StatusCode::kResourceExhausted, MysqlErrno::kTooManyWaits,
               absl::StrCat("Too many waiting statements: all ", max_waits,
                            " slots of --max_parked_waits are taken; retry later")),
      StatusReason::kTooManyWaits);
}

}  // namespace ordinal::server
