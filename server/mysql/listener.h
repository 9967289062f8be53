// The MySQL protocol listener (--mysql_port): accepts connections on the server's --host and
// serves each as a Connection coroutine on a few I/O threads (one per core), so that
// thousands of idle connections cost a socket and a small buffer each. Each I/O thread runs
// its own event loop and owns the connections given to it (round robin): a connection's
// reads, commands and writes stay on one thread, with no wake-ups between threads. Statements that may
// block run on a blocking pool the listener owns.
//
// Limits: beyond max_connections a new connection gets ERR 1040 (Too many connections)
// instead of the greeting and is closed. Shutdown() stops accepting, ends every connection
// with ERR 1053 (Server shutdown in progress) as soon as it is between commands, waits for
// them up to a grace period, then stops the I/O threads (closing what is left).
//
// Thread safety: connections() and Shutdown() are thread-safe; Shutdown is idempotent and
// must run before the collaborators in ConnectionContext are destroyed.
#ifndef ORDINAL_SERVER_MYSQL_LISTENER_H_
#define ORDINAL_SERVER_MYSQL_LISTENER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/auth.h"
#include "server/blocking_pool.h"
#include "server/mysql/commands.h"
#include "server/mysql/connection.h"

namespace ordinal::server::mysql {

class Listener {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 3306;  // 0: any free port (see port())
    size_t io_threads = 0;  // 0: one per core
    size_t max_connections = 1000;
    size_t max_blocking_threads = 256;
    // Threads for parked waits; at most the WaitBudget's slots are used at once.
    size_t max_parked_threads = 128;
    ConnectionLimits limits;
    std::string server_version;
    // TLS (docs/tls.md): null offers no SSL capability.
    std::shared_ptr<TlsContextSource> tls;
    bool require_secure_transport = false;
  };

  // Binds host:port and starts serving. UNAVAILABLE when the address cannot be bound.
  // `frontend` and `auth` must outlive the listener (or its Shutdown).
  // `counters` receives the listener's traffic figures (connections, commands, bytes).
  static absl::StatusOr<std::unique_ptr<Listener>> Start(
      const Options& options, Frontend& frontend, const Authenticator& auth,
      std::shared_ptr<FrontendCounters> counters);
  ~Listener();

  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  int port() const { return port_; }
  size_t connections() const;
  void Shutdown(absl::Duration grace);

 private:
  Listener(const Options& options, Frontend& frontend, const Authenticator& auth,
           std::shared_ptr<FrontendCounters> counters);
  void AcceptNext();
  void Serve(asio::ip::tcp::socket socket);
  void Forget(uint32_t id);

  // Destroyed in reverse: the pool's last jobs finish while the event loops (which own the
  // coroutine frames they point into) still exist.
  const Options options_;
  const std::shared_ptr<FrontendCounters> counters_;
  std::vector<std::unique_ptr<asio::io_context>> loops_;  // one per I/O thread
  std::atomic<size_t> next_loop_{0};
  // Keeps every loop running while it has no connection yet.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running_;
  asio::ip::tcp::acceptor acceptor_;
  BlockingPool blocking_;
  BlockingPool parked_;
  Sha2Cache sha2_cache_;
  std::unique_ptr<InlineBudget> inline_budget_;  // null when limits.inline_budget is zero
  ConnectionContext context_;
  std::vector<std::thread> threads_;
  int port_ = 0;
  std::atomic<uint32_t> next_id_{1};

  mutable absl::Mutex mu_;
  absl::flat_hash_map<uint32_t, std::weak_ptr<Connection>> live_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_ = false;
};

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_LISTENER_H_
