#include "client/retry_policy.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/sql_error.h"

namespace ordinal {

Backoff::Backoff(const RetryPolicy& policy, Clock::time_point deadline)
    : policy_(policy), deadline_(deadline), next_(policy.initial_backoff) {}

std::optional<std::chrono::milliseconds> Backoff::NextDelay() {
  std::chrono::milliseconds delay = next_;
  if (Clock::now() + delay >= deadline_) return std::nullopt;
  auto grown = std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(next_.count()) * policy_.multiplier));
  next_ = std::min(std::max(grown, next_), policy_.max_backoff);
  return delay;
}

bool IsRetryableRead(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable;
}

bool CertainlyNotSent(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kUnavailable) return false;
  // The server's own UNAVAILABLE errors carry a MySQL errno 1205 or similar; the transport's
  // connect failures carry the client's 2003/2013 and gRPC's wording in the message.
  MysqlErrno mysql_errno = GetMysqlErrno(status);
  if (static_cast<int>(mysql_errno) != 2003 && static_cast<int>(mysql_errno) != 2013 &&
      mysql_errno != MysqlErrno::kUnknown) {
    return false;
  }
  std::string message = absl::AsciiStrToLower(status.message());
  return absl::StrContains(message, "failed to connect to all addresses") ||
         absl::StrContains(message, "connection refused");
}

bool IsReadOnlyReplicaError(const absl::Status& status) {
  return status.code() == absl::StatusCode::kFailedPrecondition &&
         GetMysqlErrno(status) == MysqlErrno::kReadOnly;
}

}  // namespace ordinal
