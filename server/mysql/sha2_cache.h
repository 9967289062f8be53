// caching_sha2_password's server-side cache, as MySQL keeps it: the users who completed a
// full authentication (the password itself, sent over TLS) since the server started, with
// the SHA-256 digest of the password they proved. A cached user whose password is unchanged
// authenticates on the fast path (the scramble alone); any other user is asked for the
// full exchange. The cache starts empty and is never persisted.
//
// Thread safety: all methods are thread-safe.
#ifndef ORDINAL_SERVER_MYSQL_SHA2_CACHE_H_
#define ORDINAL_SERVER_MYSQL_SHA2_CACHE_H_

#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace ordinal::server::mysql {

class Sha2Cache {
 public:
  // Whether `user` completed a full authentication with the password whose digest is
  // `password_digest`.
  bool Has(std::string_view user, std::string_view password_digest) const {
    absl::MutexLock lock(&mu_);
    auto it = digests_.find(std::string(user));
    return it != digests_.end() && it->second == password_digest;
  }

  void Add(std::string_view user, std::string_view password_digest) {
    absl::MutexLock lock(&mu_);
    digests_[std::string(user)] = std::string(password_digest);
  }

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> digests_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_SHA2_CACHE_H_
