// The floor server's listener: accepts on 127.0.0.1 and hands each connection, round robin,
// to one of a few event loops, each run by one thread (one per core by default), as the
// MySQL front end's listener does (server/mysql/listener.cc). Connections live as long as
// their coroutine.
//
// Thread safety: Start and Stop from one thread; Stop is idempotent and also run by the
// destructor.
#ifndef ORDINAL_BENCH_MYSQL_FLOOR_SERVER_H_
#define ORDINAL_BENCH_MYSQL_FLOOR_SERVER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "absl/status/statusor.h"
#include "bench/mysql-floor/answers.h"

namespace ordinal::bench::mysql_floor {

class Server {
 public:
  struct Options {
    int port = 0;           // 0: any free port (see port())
    size_t io_threads = 0;  // 0: one per core
  };

  // Binds 127.0.0.1:port and starts serving; UNAVAILABLE when the port cannot be bound.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const Options& options);
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  // Stops accepting and stops the event loops (open connections are dropped).
  void Stop();

 private:
  explicit Server(size_t io_threads);
  void AcceptNext();

  const Answers answers_;
  std::vector<std::unique_ptr<asio::io_context>> loops_;  // one per I/O thread
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running_;
  std::atomic<size_t> next_loop_{0};
  asio::ip::tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
  std::atomic<uint32_t> next_id_{1};
  int port_ = 0;
};

}  // namespace ordinal::bench::mysql_floor

#endif  // ORDINAL_BENCH_MYSQL_FLOOR_SERVER_H_
