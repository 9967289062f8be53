// The MySQL front end's I/O shape, shared with tools that measure it (bench/mysql-floor):
// event loops each run by one thread, and a send that writes what the kernel takes now.
#ifndef ORDINAL_SERVER_MYSQL_EVENT_LOOPS_H_
#define ORDINAL_SERVER_MYSQL_EVENT_LOOPS_H_

#include <sys/socket.h>
#include <sys/types.h>

#include <algorithm>
#include <asio/io_context.hpp>
#include <cerrno>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

namespace ordinal::server::mysql {

// `threads` event loops (0: one per core), each to be run by exactly one thread.
inline std::vector<std::unique_ptr<asio::io_context>> MakeEventLoops(size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<asio::io_context>> loops;
  // Concurrency hint 1: each loop is run by exactly one thread.
  for (size_t i = 0; i < threads; ++i) loops.push_back(std::make_unique<asio::io_context>(1));
  return loops;
}

// Sends from `data` on the non-blocking socket `fd` what the kernel takes without waiting:
// the bytes sent (fewer than data.size() when its buffer is full), or nullopt when the
// connection failed.
inline std::optional<size_t> SendWithoutWaiting(int fd, std::string_view data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n =
        ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      return std::nullopt;
    }
  }
  return sent;
}

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_EVENT_LOOPS_H_
