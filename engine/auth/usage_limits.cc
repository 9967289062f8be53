#include "engine/auth/usage_limits.h"

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::engine::auth {
namespace {

absl::Status LimitReached(const std::string& user, std::string_view resource, uint64_t value) {
  return SqlError(absl::StatusCode::kResourceExhausted, MysqlErrno::kUserLimitReached,
                  absl::StrCat("User '", user, "' has exceeded the '",
                               absl::string_view(resource.data(), resource.size()),
                               "' resource (current value: ", value, ")"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<UsageLimits::Ticket>> UsageLimits::Connect(
    const std::string& account, uint64_t max) {
  {
    absl::MutexLock lock(&mu_);
    uint64_t& open = connections_[account];
    if (max > 0 && open >= max) {
      const uint64_t current = open;
      if (open == 0) connections_.erase(account);
      return LimitReached(account.substr(0, account.rfind('@')), "max_user_connections",
                          current);
    }
    ++open;
  }
  return std::make_unique<Ticket>(*this, account);
}

void UsageLimits::Release(const std::string& account) {
  absl::MutexLock lock(&mu_);
  auto it = connections_.find(account);
  if (it == connections_.end()) return;
  if (--it->second == 0) connections_.erase(it);
}

uint64_t UsageLimits::Connections(const std::string& account) const {
  absl::MutexLock lock(&mu_);
  auto it = connections_.find(account);
  return it == connections_.end() ? 0 : it->second;
}

absl::Status UsageLimits::CountStatement(const std::string& account, const std::string& user,
                                         uint64_t max, absl::Time now) {
  if (max == 0) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  Hour& hour = hours_[account];
  if (now - hour.start >= absl::Hours(1)) hour = Hour{now, 0};
  if (hour.statements >= max) return LimitReached(user, "max_questions", hour.statements);
  ++hour.statements;
  return absl::OkStatus();
}

}  // namespace ordinal::engine::auth
