#include "bench/mysql-floor/connection.h"

#include <sys/socket.h>

#include <cerrno>
#include <optional>
#include <system_error>
#include <tuple>

#include <asio/buffer.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "server/mysql/event_loops.h"
#include "server/mysql/handshake.h"
#include "server/mysql/packets.h"
#include "server/mysql/prepared.h"
#include "server/mysql/protocol.h"
#include "server/mysql/scramble.h"

namespace ordinal::bench::mysql_floor {
namespace {

namespace my = ::ordinal::server::mysql;

constexpr auto kAwait = asio::experimental::as_tuple(asio::use_awaitable);
constexpr size_t kMaxPacket = 64u << 20;

// Whether a statement's text is a SELECT (answered with the point-select row).
bool IsSelect(std::string_view sql) {
  while (!sql.empty() && absl::ascii_isspace(static_cast<unsigned char>(sql.front()))) {
    sql.remove_prefix(1);
  }
  return absl::StartsWithIgnoreCase(absl::string_view(sql.data(), sql.size()), "select");
}

}  // namespace

Connection::Connection(Socket socket, uint32_t id, const Answers& answers)
    : socket_(std::move(socket)), id_(id), answers_(answers), decoder_(kMaxPacket) {}

asio::awaitable<void> Connection::Run() {
  std::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  if (co_await Handshake()) {
    std::string payload;
    uint8_t seq = 0;
    while (co_await ReadPacket(0, &payload, &seq)) {
      if (!Answer(payload, seq) || !co_await Flush()) break;
    }
  }
  socket_.shutdown(Socket::shutdown_both, ignored);
  socket_.close(ignored);
}

asio::awaitable<bool> Connection::ReadPacket(uint8_t expected_seq, std::string* payload,
                                             uint8_t* next_seq) {
  for (;;) {
    switch (decoder_.Next(expected_seq, payload, next_seq)) {
      case my::PacketDecoder::Result::kPacket: co_return true;
      case my::PacketDecoder::Result::kTooLarge:
      case my::PacketDecoder::Result::kOutOfOrder: co_return false;
      case my::PacketDecoder::Result::kNeedMore: break;
    }
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(read_buffer_), kAwait);
    if (ec) co_return false;
    decoder_.Feed(std::string_view(read_buffer_.data(), n));
  }
}

asio::awaitable<bool> Connection::Flush() {
  // As the front end does: send at once, and wait on the event loop only for what the
  // kernel does not take.
  const std::optional<size_t> sent =
      server::mysql::SendWithoutWaiting(socket_.native_handle(), out_);
  if (!sent.has_value()) {
    out_.clear();
    co_return false;
  }
  std::error_code ec;
  if (*sent < out_.size()) {
    std::tie(ec, std::ignore) = co_await asio::async_write(
        socket_, asio::buffer(out_.data() + *sent, out_.size() - *sent), kAwait);
  }
  out_.clear();
  co_return !ec;
}

asio::awaitable<bool> Connection::Handshake() {
  uint8_t seq = 0;
  my::AppendPacket(out_, answers_.Greeting(id_, my::NewScramble()), &seq);
  if (!co_await Flush()) co_return false;
  std::string payload;
  if (!co_await ReadPacket(seq, &payload, &seq)) co_return false;
  std::optional<my::ClientHandshake> client = my::ParseHandshakeResponse(payload);
  if (!client.has_value() || client->ssl_request) {
    answers_.Error(out_, seq, my::BadHandshake());
    co_await Flush();
    co_return false;
  }
  // Any user and password: the floor has nothing to protect.
  capabilities_ = client->capabilities & my::cap::kServer;
  answers_.Ok(out_, seq, capabilities_);
  co_return co_await Flush();
}

bool Connection::Answer(std::string_view payload, uint8_t seq) {
  if (payload.empty()) {
    answers_.Error(out_, seq, my::MalformedPacket());
    return true;
  }
  const std::string_view body = payload.substr(1);
  switch (static_cast<my::Command>(payload[0])) {
    case my::Command::kQuit: return false;
    case my::Command::kQuery:
      if (IsSelect(body)) {
        answers_.TextRow(out_, seq, capabilities_);
      } else {
        answers_.Ok(out_, seq, capabilities_);
      }
      break;
    case my::Command::kStmtPrepare: Prepare(body, seq); break;
    case my::Command::kStmtExecute: Execute(body, seq); break;
    case my::Command::kStmtClose:  // no answer
      if (std::optional<uint32_t> id = my::StatementId(body)) statements_.erase(*id);
      break;
    case my::Command::kStmtReset:
    case my::Command::kPing:
    case my::Command::kInitDb:
    case my::Command::kResetConnection:
    case my::Command::kSetOption: answers_.Ok(out_, seq, capabilities_); break;
    default: answers_.Error(out_, seq, my::UnknownCommand()); break;
  }
  return true;
}

void Connection::Prepare(std::string_view sql, uint8_t seq) {
  const uint32_t id = next_statement_id_++;
  const bool has_row = IsSelect(sql);
  statements_[id] = has_row;
  answers_.Prepared(out_, seq, capabilities_, id,
                    static_cast<uint16_t>(my::FindPlaceholders(sql).size()), has_row);
}

void Connection::Execute(std::string_view body, uint8_t seq) {
  // The parameters are not read: every point select has the same answer.
  const std::optional<uint32_t> id = my::StatementId(body);
  const auto it = id.has_value() ? statements_.find(*id) : statements_.end();
  if (it == statements_.end()) {
    answers_.Error(out_, seq, my::UnknownStatement(id.value_or(0), "mysqld_stmt_execute"));
  } else if (it->second) {
    answers_.BinaryRow(out_, seq, capabilities_);
  } else {
    answers_.Ok(out_, seq, capabilities_);
  }
}

}  // namespace ordinal::bench::mysql_floor
