// One MySQL client connection, as a C++20 coroutine on the listener's I/O threads: sends
// the greeting, authenticates (server/mysql/auth_exchange.h), then reads commands and
// answers them through a CommandProcessor until the client quits, the connection fails,
// the idle timeout passes or the server shuts down.
//
// Threading: the coroutine runs on the connection's event loop (one thread). Commands that may block (a
// commit waiting for fsync or replicas) run on the blocking pool and resume on the event loop;
// parked waits (WAIT_FOR_EXECUTED_GTID_SET, SLEEP) take a slot of the server's WaitBudget
// and run on a pool of their own (ERR 1637 when no slot is free); the others run inline on
// the I/O thread, with no hand-off.
//
// Errors: a framing error (oversized packet, wrong sequence id), the idle timeout
// (wait_timeout) and shutdown each get an ERR packet, then the connection closes; a
// malformed command gets an ERR and the connection stays. KILL CONNECTION ends the running
// statement with ERR 1927 (or sends that ERR to an idle connection), then closes.
#ifndef ORDINAL_SERVER_MYSQL_CONNECTION_H_
#define ORDINAL_SERVER_MYSQL_CONNECTION_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/auth.h"
#include "server/blocking_pool.h"
#include "server/frontend_counters.h"
#include "server/mysql/commands.h"
#include "server/mysql/framing.h"
#include "server/mysql/handshake.h"
#include "server/mysql/packets.h"
#include "server/mysql/sha2_cache.h"
#include "server/mysql/tls_context.h"

namespace ordinal::server::mysql {

struct ConnectionLimits {
  size_t max_packet = 64u << 20;                    // max_allowed_packet
  absl::Duration wait_timeout = absl::Hours(8);     // idle between commands
  absl::Duration connect_timeout = absl::Seconds(10);  // to finish the handshake
  // How long a streamed result set waits for a client that reads none of it (MySQL's
  // net_write_timeout default); the statement then fails and the connection closes.
  absl::Duration net_write_timeout = absl::Seconds(60);
};

// What every connection shares; owned by the listener and outliving its connections.
struct ConnectionContext {
  Frontend& frontend;
  const Authenticator& auth;
  BlockingPool& blocking;
  // Runs the parked waits (WAIT_FOR_EXECUTED_GTID_SET, SLEEP), each holding a slot of
  // frontend.waits, so that they never delay the commits on `blocking`.
  BlockingPool& parked;
  ConnectionLimits limits;
  std::string server_version;
  FrontendCounters& counters;
  // TLS (docs/tls.md): null offers no SSL capability. With require_secure_transport a login
  // that did not upgrade to TLS gets ERR 3159.
  TlsContextSource* tls = nullptr;
  bool require_secure_transport = false;
  // caching_sha2_password's cache of users that completed a full authentication.
  Sha2Cache* sha2_cache = nullptr;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Socket = asio::ip::tcp::socket;

  Connection(Socket socket, uint32_t id, ConnectionContext& context);

  // Serves the connection to its end; the caller keeps the Connection alive meanwhile.
  asio::awaitable<void> Run();

  // Asks the connection to end with ER_SERVER_SHUTDOWN as soon as it is not running a
  // command. A result the client is not reading cannot hold it: a write waiting for the
  // client to read ends at once (the socket is shut down), and so does every later one that
  // would wait; the command then fails and the connection ends. Thread-safe.
  void Stop();

  // KILL CONNECTION: the connection closes after the command it runs (whose statement the
  // registry interrupted), or at once when idle, with ERR 1927. Thread-safe.
  void Kill();

  uint32_t id() const { return id_; }
  // The connection's event loop, on which Run() must be spawned.
  Socket::executor_type executor() { return socket_.get_executor(); }

 private:
  enum class ReadResult { kPacket, kClosed };

  // Reads the next logical packet; on framing errors, timeouts and shutdown writes the ERR
  // the protocol allows and returns kClosed.
  asio::awaitable<ReadResult> ReadPacket(uint8_t expected_seq, absl::Duration timeout,
                                         bool idle, std::string* payload, uint8_t* next_seq);
  // Sets read_timer_ to read_deadline_. The timer is set lazily: a read only moves the
  // deadline, and the timer is set again only when the deadline comes earlier than the
  // timer's expiry, or when the timer fires before the read's own deadline (so a command
  // costs no timer operations). When it fires past the deadline of a read in progress,
  // the read is cancelled and ends as timed out.
  void ArmReadTimer();
  // Writes out_ and clears it; false when the socket failed.
  asio::awaitable<bool> Flush();
  // The same from the thread running a command (a streamed result set, reply.h), which
  // holds the connection meanwhile: a blocking write of `out`, bounded by
  // limits.net_write_timeout for a plain socket. False when the socket failed or the
  // client read nothing for that long.
  bool WriteNow(std::string& out);
  // Around a write in WriteNow that may wait for the client: Enter records the descriptor
  // that Stop may shut down meanwhile, and is false once Stop was called (fail the write);
  // Leave clears it.
  bool EnterWaitingWrite(int fd);
  void LeaveWaitingWrite();
  // The client's first packet when TLS is offered, read to its last byte and not one byte
  // further, since after an SSLRequest the client's TLS handshake follows at once. Bounded
  // by the connect timeout; false when the connection is to be closed (after the ERR a
  // wrong sequence id or an oversized packet get).
  asio::awaitable<bool> ReadFirstPacket(uint8_t expected_seq, std::string* payload,
                                        uint8_t* next_seq);
  // After an SSLRequest: the TLS handshake, bounded by the connect timeout. False (the
  // connection is to be closed) when it failed.
  asio::awaitable<bool> StartTls();
  // A connect-timeout timer that cancels the socket's operations; Disarm before the next.
  void ArmConnectTimer();
  void DisarmConnectTimer();
  // caching_sha2_password's full authentication over TLS: AuthMoreData 0x04, then the
  // client's password in clear (NUL-terminated) over the secure channel. Same result
  // convention as AuthExchange.
  asio::awaitable<bool> FullAuthentication(const LoginCandidate& candidate, uint8_t* seq,
                                           bool* failed);
  // AuthSwitchRequest to mysql_native_password with this connection's scramble, and the
  // client's answer in `*response`. False when the socket failed.
  asio::awaitable<bool> SwitchToNative(uint8_t* seq, std::string* response);
  asio::awaitable<void> SendError(const ErrorInfo& error, uint8_t seq);
  // The connection phase: a processor with an open session, or null (the ERR was sent).
  asio::awaitable<std::unique_ptr<CommandProcessor>> Handshake();
  // The authentication exchange that follows a HandshakeResponse41 or a COM_CHANGE_USER
  // (`seq` is the next sequence id): an AuthSwitchRequest when the client's plugin is
  // unknown, the password check, caching_sha2_password's fast-auth result. True when the
  // client proved the password (the OK is the caller's to send); false after an ERR or a
  // failed socket (`*failed` says which).
  // On success `*principal` is whom the client logged in as.
  asio::awaitable<bool> AuthExchange(const ClientHandshake& client, uint8_t* seq,
                                     bool* failed, engine::auth::Principal* principal);
  // After a proven password: ERR 3118 when the account is locked (false), else true.
  asio::awaitable<bool> RefuseLocked(const LoginCandidate& candidate, uint8_t seq, bool* failed);
  // The client's address ("localhost" when unknown).
  std::string ClientHost();
  // COM_CHANGE_USER: authenticates again and gives the processor a fresh session.
  asio::awaitable<CommandProcessor::Next> ChangeUser(CommandProcessor& processor,
                                                     std::string_view body);
  asio::awaitable<void> CommandLoop(CommandProcessor& processor);
  // While a parked wait runs: when the client hangs up, `interrupt` stops the statement
  // (its slot is given back). Cancelled with the socket's operations when the command ends.
  void WatchForHangUp(std::shared_ptr<engine::StatementInterrupt> interrupt);
  // Runs `processor.Handle` on `pool` and resumes on the event loop; `slot` (may be null)
  // is held until the command ends.
  asio::awaitable<CommandProcessor::Next> HandleOn(BlockingPool& pool,
                                                   std::shared_ptr<WaitBudget::Slot> slot,
                                                   CommandProcessor& processor,
                                                   std::string_view payload, uint8_t seq);

  Socket socket_;
  std::shared_ptr<asio::ssl::context> tls_context_;  // outlives tls_
  std::unique_ptr<asio::ssl::stream<Socket&>> tls_;  // set once the client upgraded
  asio::steady_timer timer_;       // the connect timeout (ArmConnectTimer)
  asio::steady_timer read_timer_;  // a read's timeout (ArmReadTimer)
  const uint32_t id_;
  ConnectionContext& context_;
  PacketDecoder decoder_;
  std::array<char, 16 << 10> read_buffer_{};
  std::string out_;
  const Reply::Flush write_now_;  // WriteNow, for CommandProcessor::Handle
  bool write_failed_ = false;     // a WriteNow failed: the connection ends after the command
  // A WriteNow waiting for the client (see EnterWaitingWrite). The descriptor stays open
  // while it waits: only the event loop closes it, after the command ends.
  absl::Mutex write_mu_;
  int waiting_fd_ ABSL_GUARDED_BY(write_mu_) = -1;
  bool writes_stopped_ ABSL_GUARDED_BY(write_mu_) = false;
  uint64_t read_generation_ = 0;  // the connect timer's generation (ArmConnectTimer)
  // The running read's deadline; read_timer_ is waiting while read_timer_armed_.
  std::chrono::steady_clock::time_point read_deadline_;
  bool read_timer_armed_ = false;
  bool timed_out_ = false;        // read_timer_ cancelled the running read
  bool stop_requested_ = false;
  std::string scramble_;      // this connection's, from the greeting
  uint32_t capabilities_ = 0; // negotiated in the handshake
  std::atomic<bool> killed_{false};
  bool reading_ = false;      // waiting for the client (on the event loop only)
};

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_CONNECTION_H_
