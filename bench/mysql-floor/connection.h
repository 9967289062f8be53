// One client of the floor server: a C++20 coroutine on one event loop, with the MySQL front
// end's I/O shape (server/mysql/connection.cc) and none of its statement work. It sends the
// greeting, accepts any login, then reads commands into the front end's PacketDecoder and
// answers each from Answers: the reply is sent with a non-blocking send() straight from the
// command loop, and only what the kernel does not take goes through an asynchronous write.
// No timeouts, TLS, sessions or storage.
//
// Commands: COM_QUERY (a SELECT gets the point-select row, anything else OK),
// COM_STMT_PREPARE / EXECUTE / CLOSE / RESET (binary rows), COM_PING, COM_INIT_DB,
// COM_RESET_CONNECTION, COM_SET_OPTION (OK), COM_QUIT; others get ERR 1047.
//
// Thread safety: runs on its event loop's thread only.
#ifndef ORDINAL_BENCH_MYSQL_FLOOR_CONNECTION_H_
#define ORDINAL_BENCH_MYSQL_FLOOR_CONNECTION_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include "absl/container/flat_hash_map.h"
#include "bench/mysql-floor/answers.h"
#include "server/mysql/framing.h"

namespace ordinal::bench::mysql_floor {

class Connection {
 public:
  using Socket = asio::ip::tcp::socket;

  // `answers` must outlive the connection.
  Connection(Socket socket, uint32_t id, const Answers& answers);

  // Serves the client until it quits or the socket fails; the caller keeps the Connection
  // alive meanwhile.
  asio::awaitable<void> Run();

  Socket::executor_type executor() { return socket_.get_executor(); }

 private:
  // The next logical packet; false when the socket failed, the client closed it, or the
  // framing was wrong.
  asio::awaitable<bool> ReadPacket(uint8_t expected_seq, std::string* payload,
                                   uint8_t* next_seq);
  // Writes out_ and clears it; false when the socket failed.
  asio::awaitable<bool> Flush();
  asio::awaitable<bool> Handshake();
  // Appends the answer to one command (`seq`: its reply's first sequence id) to out_;
  // false for COM_QUIT.
  bool Answer(std::string_view payload, uint8_t seq);
  void Prepare(std::string_view sql, uint8_t seq);
  void Execute(std::string_view body, uint8_t seq);

  Socket socket_;
  const uint32_t id_;
  const Answers& answers_;
  server::mysql::PacketDecoder decoder_;
  std::array<char, 16 << 10> read_buffer_{};
  std::string out_;
  uint32_t capabilities_ = 0;
  // Prepared statements: id -> whether executing it returns the point-select row.
  absl::flat_hash_map<uint32_t, bool> statements_;
  uint32_t next_statement_id_ = 1;
};

}  // namespace ordinal::bench::mysql_floor

#endif  // ORDINAL_BENCH_MYSQL_FLOOR_CONNECTION_H_
