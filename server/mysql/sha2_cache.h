// caching_sha2_password's server-side cache, as MySQL keeps it: the accounts that completed
// a full authentication (the password itself, sent over TLS) since the server started, with
// SHA256(SHA256(password)) of the password they proved, keyed by the account and its stored
// hash. A cached user whose password is unchanged
// authenticates on the fast path (the scramble alone); any other user is asked for the
// full exchange. The cache starts empty and is never persisted.
//
// Thread safety: all methods are thread-safe.
#ifndef ORDINAL_SERVER_MYSQL_SHA2_CACHE_H_
#define ORDINAL_SERVER_MYSQL_SHA2_CACHE_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace ordinal::server::mysql {

class Sha2Cache {
 public:
  // The digest cached for `entry` (server/mysql/authenticate.h Sha2CacheEntry), if any.
  std::optional<std::string> Find(std::string_view entry) const {
    absl::MutexLock lock(&mu_);
    auto it = digests_.find(std::string(entry));
    if (it == digests_.end()) return std::nullopt;
    return it->second;
  }

  void Add(std::string_view entry, std::string_view password_digest) {
    absl::MutexLock lock(&mu_);
    if (digests_.size() >= kMaxEntries) digests_.clear();  // bounded; a miss costs a full auth
    digests_[std::string(entry)] = std::string(password_digest);
  }

 private:
  static constexpr size_t kMaxEntries = 100000;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> digests_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_SHA2_CACHE_H_
