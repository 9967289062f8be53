// Per-account resource limits (MySQL's MAX_USER_CONNECTIONS and MAX_QUERIES_PER_HOUR):
// the connections each account holds open now, and the statements it ran in the current
// hour. Counted per server (each pod counts its own), reset when the server restarts, as
// MySQL's are. The hour is a fixed window that starts with the account's first statement
// after the previous window ended.
//
// Thread safety: thread-safe.
#ifndef ORDINAL_ENGINE_AUTH_USAGE_LIMITS_H_
#define ORDINAL_ENGINE_AUTH_USAGE_LIMITS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ordinal::engine::auth {

class UsageLimits {
 public:
  // One open connection of an account; destroying it ends the connection's count.
  class Ticket {
   public:
    Ticket(UsageLimits& limits, std::string account) : limits_(limits), account_(std::move(account)) {}
    ~Ticket() { limits_.Release(account_); }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    const std::string& account() const { return account_; }

   private:
    UsageLimits& limits_;
    const std::string account_;
  };

  // Counts one more connection of `account` ("user@host" of the account); 1226
  // (max_user_connections) when it holds `max` already. `max` 0: unlimited (still counted).
  absl::StatusOr<std::unique_ptr<Ticket>> Connect(const std::string& account, uint64_t max);

  // Counts one statement of `account` at `now`; 1226 (max_questions) when `max` were run in
  // the current hour. `max` 0: unlimited (not counted).
  absl::Status CountStatement(const std::string& account, const std::string& user, uint64_t max,
                              absl::Time now);

  // Connections `account` holds now (for tests and SHOW).
  uint64_t Connections(const std::string& account) const;

 private:
  void Release(const std::string& account);

  struct Hour {
    absl::Time start = absl::InfinitePast();
    uint64_t statements = 0;
  };
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, uint64_t> connections_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Hour> hours_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::engine::auth

#endif  // ORDINAL_ENGINE_AUTH_USAGE_LIMITS_H_
