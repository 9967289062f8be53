#include "server/mysql/connection.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <system_error>
#include <tuple>

#include <asio/experimental/as_tuple.hpp>
#include <asio/async_result.hpp>
#include <asio/buffer.hpp>
#include <asio/post.hpp>
#include <asio/read.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "server/connection_registry.h"
#include "server/mysql/authenticate.h"
#include "server/mysql/event_loops.h"
#include "server/mysql/handshake.h"
#include "server/mysql/protocol.h"
#include "server/mysql/scramble.h"
#include "spdlog/spdlog.h"

namespace ordinal::server::mysql {
namespace {

constexpr auto kAwait = asio::experimental::as_tuple(asio::use_awaitable);

ErrorInfo DeniedFor(std::string_view user, std::string_view host, bool with_password) {
  return ErrorFromStatus(Authenticator::AccessDenied(user, host, with_password));
}

}  // namespace

Connection::Connection(Socket socket, uint32_t id, ConnectionContext& context)
    : socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      read_timer_(socket_.get_executor()),
      id_(id),
      context_(context),
      decoder_(context.limits.max_packet),
      write_now_([this](std::string& out) { return WriteNow(out); }),
      flush_inline_([this](std::string& out) { return FlushInline(out); }),
      watch_(context.inline_budget != nullptr ? context.inline_budget->NewWatch() : nullptr) {}

void Connection::Kill() {
  killed_.store(true);
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    // Only a read is cancelled: a response being written still reaches the client.
    if (!self->reading_) return;
    std::error_code ignored;
    self->socket_.cancel(ignored);
  });
}

void Connection::Stop() {
  {
    absl::MutexLock lock(&write_mu_);
    writes_stopped_ = true;
    if (waiting_fd_ >= 0) ::shutdown(waiting_fd_, SHUT_RDWR);  // wakes the waiting write
  }
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    self->stop_requested_ = true;
    std::error_code ignored;
    self->socket_.cancel(ignored);
  });
}

asio::awaitable<void> Connection::Run() {
  std::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  std::unique_ptr<CommandProcessor> processor = co_await Handshake();
  if (processor != nullptr) co_await CommandLoop(*processor);
  read_timer_.cancel();
  socket_.shutdown(Socket::shutdown_both, ignored);
  socket_.close(ignored);
}

asio::awaitable<Connection::ReadResult> Connection::ReadPacket(uint8_t expected_seq,
                                                               absl::Duration timeout,
                                                               bool idle, std::string* payload,
                                                               uint8_t* next_seq) {
  for (;;) {
    switch (decoder_.Next(expected_seq, payload, next_seq)) {
      case PacketDecoder::Result::kPacket: co_return ReadResult::kPacket;
      case PacketDecoder::Result::kTooLarge:
        co_await SendError(PacketTooLarge(), static_cast<uint8_t>(expected_seq + 1));
        co_return ReadResult::kClosed;
      case PacketDecoder::Result::kOutOfOrder:
        co_await SendError(PacketsOutOfOrder(), static_cast<uint8_t>(expected_seq + 1));
        co_return ReadResult::kClosed;
      case PacketDecoder::Result::kNeedMore: break;
    }
    if (stop_requested_) {
      co_await SendError(ServerShutdown(), 0);
      co_return ReadResult::kClosed;
    }
    if (killed_.load()) {
      co_await SendError(ErrorFromStatus(ConnectionRegistry::ConnectionKilled()), 0);
      co_return ReadResult::kClosed;
    }
    timed_out_ = false;
    // (Bounded so that the sum cannot overflow.)
    read_deadline_ = std::chrono::steady_clock::now() +
                     absl::ToChronoNanoseconds(std::min(timeout, absl::Hours(24 * 365)));
    if (!read_timer_armed_ || read_timer_.expiry() > read_deadline_) ArmReadTimer();
    reading_ = true;
    auto [ec, n] = tls_ != nullptr
                       ? co_await tls_->async_read_some(asio::buffer(read_buffer_), kAwait)
                       : co_await socket_.async_read_some(asio::buffer(read_buffer_), kAwait);
    reading_ = false;
    if (ec) {
      if (stop_requested_) {
        co_await SendError(ServerShutdown(), 0);
      } else if (killed_.load()) {
        co_await SendError(ErrorFromStatus(ConnectionRegistry::ConnectionKilled()), 0);
      } else if (timed_out_ && idle) {
        co_await SendError(IdleTimeout(), 0);
      }
      co_return ReadResult::kClosed;
    }
    FrontendCounters::Add(context_.counters.bytes_received, n);
    decoder_.Feed(std::string_view(read_buffer_.data(), n));
  }
}

void Connection::ArmReadTimer() {
  read_timer_armed_ = true;
  read_timer_.expires_at(read_deadline_);  // a wait still pending ends as cancelled
  read_timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
    const std::shared_ptr<Connection> self = weak.lock();
    if (ec || self == nullptr) return;  // re-armed, or the connection is gone
    self->read_timer_armed_ = false;
    // Not reading: the next read arms the timer again.
    if (!self->reading_) return;
    if (std::chrono::steady_clock::now() < self->read_deadline_) {
      self->ArmReadTimer();  // the read began after the timer was set: wait for its deadline
      return;
    }
    self->timed_out_ = true;
    std::error_code ignored;
    self->socket_.cancel(ignored);
  });
}

asio::awaitable<bool> Connection::Flush() {
  if (out_.empty()) co_return true;
  // Counted when handed to the socket, so that a client that got them sees them counted.
  FrontendCounters::Add(context_.counters.bytes_sent, out_.size());
  if (tls_ != nullptr) {
    auto [ec, n] = co_await asio::async_write(*tls_, asio::buffer(out_), kAwait);
    out_.clear();
    co_return !ec;
  }
  // An answer nearly always fits the socket's buffer: sent at once, the command loop goes on
  // to its next read without a trip through the event loop (an asynchronous write completes
  // through a posted handler, and the loop polls for events before running it). What the
  // kernel does not take now is written asynchronously.
  const std::optional<size_t> sent = SendWithoutWaiting(socket_.native_handle(), out_);
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

bool Connection::WriteNow(std::string& out) {
  if (write_failed_) return false;
  FrontendCounters::Add(context_.counters.bytes_sent, out.size());
  std::error_code ec;
  if (tls_ != nullptr) {
    if (EnterWaitingWrite(socket_.native_handle())) {
      asio::write(*tls_, asio::buffer(out), ec);
      LeaveWaitingWrite();
    } else {
      ec = std::make_error_code(std::errc::operation_canceled);
    }
  } else {
    // The socket is non-blocking (asio's async operations made it so): send what the kernel
    // takes, and wait for room with poll, up to the write timeout without progress.
    const int fd = socket_.native_handle();
    const int timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(context_.limits.net_write_timeout));
    size_t sent = 0;
    while (sent < out.size() && !ec) {
      const ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!EnterWaitingWrite(fd)) {
          ec = std::make_error_code(std::errc::operation_canceled);
          break;
        }
        pollfd waiting{fd, POLLOUT, 0};
        const int ready = ::poll(&waiting, 1, timeout_ms);
        const int poll_errno = errno;
        LeaveWaitingWrite();
        if (ready == 0) ec = std::make_error_code(std::errc::timed_out);
        if (ready < 0 && poll_errno != EINTR) {
          ec = std::error_code(poll_errno, std::generic_category());
        }
      } else {
        ec = std::error_code(n < 0 ? errno : EPIPE, std::generic_category());
      }
    }
  }
  out.clear();
  if (ec) {
    write_failed_ = true;
    spdlog::debug("MySQL connection {}: writing a result set failed: {}", id_, ec.message());
  }
  return !ec;
}

bool Connection::EnterWaitingWrite(int fd) {
  absl::MutexLock lock(&write_mu_);
  if (writes_stopped_) return false;
  waiting_fd_ = fd;
  return true;
}

void Connection::LeaveWaitingWrite() {
  absl::MutexLock lock(&write_mu_);
  waiting_fd_ = -1;
}

void Connection::ArmConnectTimer() {
  const uint64_t generation = ++read_generation_;
  timer_.expires_after(absl::ToChronoNanoseconds(context_.limits.connect_timeout));
  timer_.async_wait([self = shared_from_this(), generation](std::error_code ec) {
    if (ec || generation != self->read_generation_) return;
    std::error_code ignored;
    self->socket_.cancel(ignored);
  });
}

void Connection::DisarmConnectTimer() {
  ++read_generation_;
  timer_.cancel();
}

asio::awaitable<bool> Connection::ReadFirstPacket(uint8_t expected_seq, std::string* payload,
                                                  uint8_t* next_seq) {
  std::array<unsigned char, 4> header{};
  ArmConnectTimer();
  auto [ec, n] = co_await asio::async_read(socket_, asio::buffer(header), kAwait);
  size_t length = static_cast<size_t>(header[0]) | (static_cast<size_t>(header[1]) << 8) |
                  (static_cast<size_t>(header[2]) << 16);
  if (!ec && header[3] == expected_seq && length <= context_.limits.max_packet) {
    payload->resize(length);
    std::tie(ec, n) = co_await asio::async_read(socket_, asio::buffer(*payload), kAwait);
  }
  DisarmConnectTimer();
  if (ec) co_return false;
  if (header[3] != expected_seq) {
    co_await SendError(PacketsOutOfOrder(), static_cast<uint8_t>(expected_seq + 1));
    co_return false;
  }
  if (length > context_.limits.max_packet) {
    co_await SendError(PacketTooLarge(), static_cast<uint8_t>(expected_seq + 1));
    co_return false;
  }
  FrontendCounters::Add(context_.counters.bytes_received, header.size() + length);
  *next_seq = static_cast<uint8_t>(expected_seq + 1);
  co_return true;
}

asio::awaitable<bool> Connection::StartTls() {
  // The first packet was read to its last byte and no further (ReadFirstPacket): whatever
  // follows the SSLRequest belongs to the TLS handshake, and plaintext there fails it.
  tls_context_ = context_.tls->Current();
  tls_ = std::make_unique<asio::ssl::stream<Socket&>>(socket_, *tls_context_);
  ArmConnectTimer();
  auto [ec] = co_await tls_->async_handshake(asio::ssl::stream_base::server, kAwait);
  DisarmConnectTimer();
  if (ec) {
    spdlog::debug("MySQL connection {}: TLS handshake failed: {}", id_, ec.message());
    co_return false;
  }
  co_return true;
}

asio::awaitable<bool> Connection::FullAuthentication(const LoginCandidate& candidate,
                                                     uint8_t* seq, bool* failed) {
  *failed = true;
  AppendPacket(out_, AuthMoreDataPacket("\x04"), seq);  // perform_full_authentication
  if (!co_await Flush()) co_return false;
  std::string payload;
  if (co_await ReadPacket(*seq, context_.limits.connect_timeout, false, &payload, seq) !=
      ReadResult::kPacket) {
    co_return false;
  }
  *failed = false;
  std::string_view password(payload);
  if (!password.empty() && password.back() == '\0') password.remove_suffix(1);
  if (!VerifyClear(candidate, password)) {
    co_await SendError(DeniedFor(candidate.principal.user, ClientHost(), true), *seq);
    co_return false;
  }
  if (context_.sha2_cache != nullptr) {
    context_.sha2_cache->Add(Sha2CacheEntry(candidate), Sha2CacheKey(password));
  }
  co_return true;  // the OK follows, without fast_auth_success
}

asio::awaitable<bool> Connection::SwitchToNative(uint8_t* seq, std::string* response) {
  AppendPacket(out_, AuthSwitchPacket(std::string(kNativePassword), scramble_), seq);
  if (!co_await Flush()) co_return false;
  co_return co_await ReadPacket(*seq, context_.limits.connect_timeout, false, response, seq) ==
      ReadResult::kPacket;
}

asio::awaitable<void> Connection::SendError(const ErrorInfo& error, uint8_t seq) {
  AppendPacket(out_, ErrPacket(error), &seq);
  co_await Flush();
}

asio::awaitable<std::unique_ptr<CommandProcessor>> Connection::Handshake() {
  scramble_ = NewScramble();
  uint8_t seq = 0;
  const uint32_t offered = cap::kServer | (context_.tls != nullptr ? cap::kSsl : 0);
  AppendPacket(out_,
               HandshakeV10Packet({context_.server_version, id_, scramble_, offered,
                                   kCollationUtf8mb4GeneralCi, status::kAutocommit,
                                   std::string(kDefaultAuthPlugin)}),
               &seq);
  if (!co_await Flush()) co_return nullptr;
  const absl::Duration timeout = context_.limits.connect_timeout;
  std::string payload;
  const bool first_read =
      context_.tls != nullptr ? co_await ReadFirstPacket(seq, &payload, &seq)
                              : co_await ReadPacket(seq, timeout, false, &payload, &seq) ==
                                    ReadResult::kPacket;
  if (!first_read) {
    co_return nullptr;
  }
  std::optional<ClientHandshake> client = ParseHandshakeResponse(payload);
  if (client.has_value() && client->ssl_request && context_.tls != nullptr) {
    if (!co_await StartTls()) co_return nullptr;
    if (co_await ReadPacket(seq, timeout, false, &payload, &seq) != ReadResult::kPacket) {
      co_return nullptr;
    }
    client = ParseHandshakeResponse(payload);
    if (client.has_value() && client->ssl_request) client.reset();  // a second SSLRequest
  }
  if (!client.has_value() || client->ssl_request) {
    // Malformed, or an SSLRequest to a server that offered no SSL capability.
    co_await SendError(BadHandshake(), seq);
    co_return nullptr;
  }
  if (tls_ == nullptr && context_.require_secure_transport) {
    co_await SendError(InsecureTransport(), seq);
    co_return nullptr;
  }
  bool failed = false;
  engine::auth::Principal principal;
  if (!co_await AuthExchange(*client, &seq, &failed, &principal)) co_return nullptr;
  absl::StatusOr<std::unique_ptr<engine::Session>> session =
      context_.frontend.new_session(client->database.value_or(""));
  // The session runs as the caller: its database must be one the caller may use, and the
  // account's MAX_USER_CONNECTIONS applies (error 1226).
  if (session.ok()) {
    if (absl::Status s = (*session)->SetPrincipal(principal); !s.ok()) session = s;
  }
  if (!session.ok()) {
    co_await SendError(ErrorFromStatus(session.status()), seq);
    co_return nullptr;
  }
  capabilities_ = client->capabilities & cap::kServer;
  AppendPacket(out_, OkPacket(OkInfo{0, 0, status::kAutocommit, 0, "", 0}, capabilities_),
               &seq);  // a new session autocommits
  if (!co_await Flush()) co_return nullptr;
  std::weak_ptr<Connection> weak = weak_from_this();
  co_return std::make_unique<CommandProcessor>(
      context_.frontend, capabilities_, id_, std::move(principal), *std::move(session),
      [weak] {
        if (std::shared_ptr<Connection> self = weak.lock()) self->Kill();
      });
}

std::string Connection::ClientHost() {
  std::error_code ec;
  const asio::ip::tcp::endpoint peer = socket_.remote_endpoint(ec);
  return ec ? std::string("localhost") : peer.address().to_string();
}

asio::awaitable<bool> Connection::AuthExchange(const ClientHandshake& client, uint8_t* seq,
                                               bool* failed,
                                               engine::auth::Principal* principal) {
  std::string plugin = client.auth_plugin;
  std::string response = client.auth_response;
  *failed = true;
  if (!KnownAuthPlugin(plugin) || ((client.capabilities & cap::kPluginAuth) && plugin.empty())) {
    plugin = std::string(kDefaultAuthPlugin);
    AppendPacket(out_, AuthSwitchPacket(plugin, scramble_), seq);
    if (!co_await Flush()) co_return false;
    std::string payload;
    if (co_await ReadPacket(*seq, context_.limits.connect_timeout, false, &payload, seq) !=
        ReadResult::kPacket) {
      co_return false;
    }
    response = payload;
  }
  const std::string host = ClientHost();
  absl::StatusOr<LoginCandidate> candidate = context_.auth.Lookup(client.user, host);
  *failed = false;
  if (!candidate.ok()) {
    co_await SendError(ErrorFromStatus(candidate.status()), *seq);
    co_return false;
  }
  bool proven = false;
  if (candidate->accept_any) {
    proven = true;
  } else if (candidate->found && plugin == kCachingSha2Password && !IsEmptyResponse(response)) {
    std::optional<std::string> digest;
    if (context_.sha2_cache != nullptr) {
      digest = context_.sha2_cache->Find(Sha2CacheEntry(*candidate));
    }
    if (!digest.has_value() && tls_ != nullptr) {
      if (!co_await FullAuthentication(*candidate, seq, failed)) co_return false;
      *principal = candidate->principal;
      co_return co_await RefuseLocked(*candidate, *seq, failed);
    }
    if (!digest.has_value() && candidate->known_password.has_value()) {
      digest = Sha2CacheKey(*candidate->known_password);
    }
    if (digest.has_value()) {
      proven = VerifyFastSha2(*digest, scramble_, response);
    } else {
      // No RSA exchange here: the client proves the password with mysql_native_password.
      *failed = true;
      if (!co_await SwitchToNative(seq, &response)) co_return false;
      *failed = false;
      plugin = std::string(kNativePassword);
      proven = VerifyNative(*candidate, scramble_, response);
    }
  } else if (candidate->found) {
    proven = VerifyNative(*candidate, scramble_, response);  // also an empty password
  }
  if (!proven) {
    co_await SendError(DeniedFor(client.user.empty() ? std::string(kRootUser) : client.user,
                                 host, !IsEmptyResponse(response)),
                       *seq);
    co_return false;
  }
  if (!co_await RefuseLocked(*candidate, *seq, failed)) co_return false;
  *principal = candidate->principal;
  if (SendsFastAuthSuccess(plugin, response)) {
    AppendPacket(out_, AuthMoreDataPacket("\x03"), seq);  // fast_auth_success
  }
  co_return true;
}

asio::awaitable<bool> Connection::RefuseLocked(const LoginCandidate& candidate, uint8_t seq,
                                               bool* failed) {
  if (!candidate.locked) co_return true;
  *failed = false;
  co_await SendError(ErrorFromStatus(SqlError(
                         absl::StatusCode::kUnauthenticated, MysqlErrno::kAccountLocked,
                         "Access denied for user '" + candidate.principal.user + "'@'" +
                             candidate.principal.client_host + "'. Account is locked.")),
                     seq);
  co_return false;
}

asio::awaitable<CommandProcessor::Next> Connection::ChangeUser(CommandProcessor& processor,
                                                               std::string_view body) {
  uint8_t seq = 1;
  std::optional<ClientHandshake> client = ParseChangeUser(body, capabilities_);
  if (!client.has_value()) {
    co_await SendError(MalformedPacket(), seq);
    co_return CommandProcessor::Next::kContinue;
  }
  bool failed = false;
  engine::auth::Principal principal;
  if (!co_await AuthExchange(*client, &seq, &failed, &principal)) {
    // A wrong password keeps the connection and its user, as in MySQL; a failed socket ends it.
    co_return failed ? CommandProcessor::Next::kClose : CommandProcessor::Next::kContinue;
  }
  absl::StatusOr<std::unique_ptr<engine::Session>> session =
      context_.frontend.new_session(client->database.value_or(""));
  if (!session.ok()) {
    AppendPacket(out_, ErrPacket(ErrorFromStatus(session.status())), &seq);
    co_return CommandProcessor::Next::kContinue;
  }
  // The new session runs as the new principal (a refusal, such as error 1226, ends the
  // connection, as a failed COM_CHANGE_USER does in MySQL).
  processor.ChangeUser(std::move(principal), *std::move(session), seq, out_);
  co_return CommandProcessor::Next::kContinue;
}

asio::awaitable<void> Connection::CommandLoop(CommandProcessor& processor) {
  std::string payload;
  uint8_t seq = 0;
  for (;;) {
    if (co_await ReadPacket(0, context_.limits.wait_timeout, true, &payload, &seq) !=
        ReadResult::kPacket) {
      co_return;
    }
    FrontendCounters::Add(context_.counters.commands_total, 1);
    CommandProcessor::Next next;
    if (!payload.empty() && static_cast<Command>(payload[0]) == Command::kChangeUser) {
      next = co_await ChangeUser(processor, std::string_view(payload).substr(1));
    } else {
      const CommandProcessor::Placement placement = processor.Place(payload);
      if (placement == CommandProcessor::Placement::kBlocking) {
        FrontendCounters::Add(context_.counters.commands_blocking, 1);
        next = co_await HandleOn(context_.blocking, nullptr, processor, payload, seq);
      } else if (placement == CommandProcessor::Placement::kParked) {
        absl::StatusOr<WaitBudget::Slot> slot = context_.frontend.waits.Take();
        if (slot.ok()) {
          WatchForHangUp(processor.session().interrupt());
          next = co_await HandleOn(context_.parked,
                                   std::make_shared<WaitBudget::Slot>(*std::move(slot)),
                                   processor, payload, seq);
          std::error_code ignored;
          socket_.cancel(ignored);  // ends the watch
        } else {
          AppendPacket(out_, ErrPacket(ErrorFromStatus(slot.status())), &seq);
          next = CommandProcessor::Next::kContinue;
        }
      } else if (watch_ != nullptr && processor.rerunnable()) {
        if (!HandleInline(processor, payload, seq, &next)) {
          FrontendCounters::Add(context_.counters.commands_blocking, 1);
          next = co_await HandleOn(context_.blocking, nullptr, processor, payload, seq);
        }
      } else {
        next = processor.Handle(payload, seq, out_, &write_now_);
      }
    }
    if (next == CommandProcessor::Next::kClose || write_failed_ || !co_await Flush()) co_return;
    // KILL CONNECTION: the command's answer (its ERR 1927) was sent; now the connection ends.
    if (killed_.load()) co_return;
  }
}

bool Connection::HandleInline(CommandProcessor& processor, std::string_view payload,
                              uint8_t seq, CommandProcessor::Next* next) {
  engine::StatementInterrupt* const interrupt = processor.session().interrupt().get();
  inline_interrupt_ = interrupt;
  inline_sent_ = false;
  watch_->Begin(interrupt, std::chrono::steady_clock::now() + context_.inline_budget->budget());
  *next = processor.Handle(payload, seq, out_, &flush_inline_);
  watch_->End();
  inline_interrupt_ = nullptr;
  // Ended to run again (its interrupt still holds the reason until the next statement
  // starts). A KILL raised after the budget's request replaced it, and stands.
  if (inline_sent_ || !interrupt->raised() || !InlineBudget::IsRerun(interrupt->Check())) {
    return true;
  }
  // Nothing of the answer was sent, and the loop flushes after every command: out_ holds
  // this command's answer only (the ERR the ended statement wrote).
  out_.clear();
  FrontendCounters::Add(context_.counters.statements_rerun, 1);
  return false;
}

bool Connection::FlushInline(std::string& out) {
  if (inline_interrupt_->InterruptUnlessRaised(InlineBudget::Rerun()) ||
      InlineBudget::IsRerun(inline_interrupt_->Check())) {
    return false;  // the reply drops `out`; the statement ends with a write error
  }
  inline_sent_ = true;
  return WriteNow(out);
}

void Connection::WatchForHangUp(std::shared_ptr<engine::StatementInterrupt> interrupt) {
  socket_.async_wait(Socket::wait_read, [self = shared_from_this(),
                                         interrupt = std::move(interrupt)](std::error_code ec) {
    if (ec) return;  // cancelled: the command ended first
    // Readable during a command: the client hung up (EOF or reset), or pipelined its next
    // command, which stays in the socket for the command loop.
    char byte;
    const ssize_t n =
        ::recv(self->socket_.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
      interrupt->Interrupt(ConnectionRegistry::QueryInterrupted());
    }
  });
}

asio::awaitable<CommandProcessor::Next> Connection::HandleOn(
    BlockingPool& pool, std::shared_ptr<WaitBudget::Slot> slot, CommandProcessor& processor,
    std::string_view payload, uint8_t seq) {
  auto executor = co_await asio::this_coro::executor;
  std::string* out = &out_;
  const Reply::Flush* flush = &write_now_;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable),
                                          void(CommandProcessor::Next)>(
      [&pool, &slot, &processor, payload, seq, out, flush, executor](auto handler) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        // The slot (if any) is given back when the job ends, with its lambda.
        pool.Run([shared, slot, &processor, payload, seq, out, flush, executor] {
          const CommandProcessor::Next next = processor.Handle(payload, seq, *out, flush);
          asio::post(executor, [shared, next]() mutable { std::move (*shared)(next); });
        });
      },
      asio::use_awaitable);
}

}  // namespace ordinal::server::mysql
