// The MySQL listener's TLS context (docs/tls.md): built with OpenSSL through Asio from the
// server's certificate files (server/tls_files.h), and rebuilt for new connections when the
// files change (a certificate rotated in place). TLS 1.2 and 1.3 only. With a CA, a client
// certificate is asked for and verified when given (never required).
//
// Current() checks the files' modification times at most every reload interval; a rotated
// pair that does not load (bad PEM, key of another certificate) is logged once and the last
// good context stays in use. Connections keep the context they started with.
//
// Thread safety: Current() may be called from any thread.
#ifndef ORDINAL_SERVER_MYSQL_TLS_CONTEXT_H_
#define ORDINAL_SERVER_MYSQL_TLS_CONTEXT_H_

#include <filesystem>
#include <memory>

#include <asio/ssl/context.hpp>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/tls_files.h"

namespace ordinal::server::mysql {

class TlsContextSource {
 public:
  // INVALID_ARGUMENT naming the file when the first load fails.
  static absl::StatusOr<std::unique_ptr<TlsContextSource>> Create(const TlsFiles& files);

  // The context for a new connection.
  std::shared_ptr<asio::ssl::context> Current();

 private:
  struct Stamp {
    std::filesystem::file_time_type cert, key, ca;
    bool operator==(const Stamp&) const = default;
  };

  explicit TlsContextSource(const TlsFiles& files) : files_(files) {}
  absl::StatusOr<std::shared_ptr<asio::ssl::context>> Load() const;
  Stamp ReadStamp() const;

  const TlsFiles files_;
  absl::Mutex mu_;
  std::shared_ptr<asio::ssl::context> context_ ABSL_GUARDED_BY(mu_);
  Stamp stamp_ ABSL_GUARDED_BY(mu_);
  absl::Time next_check_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_TLS_CONTEXT_H_
