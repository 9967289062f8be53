// ordinal::Client: a connection to one ordinald, running SQL in one server session.
//
//   ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<Client> client,
//                            Client::Connect({.address = "127.0.0.1:7306",
//                                             .password = password}));
//   ORDINAL_ASSIGN_OR_RETURN(ResultSet rs, client->Execute("SELECT id, name FROM db.t"));
//
// Session. The client owns one server session, opened on the first Execute (or by Connect
// when ClientOptions::database is set) and closed by the destructor, so `USE` and
// multi-statement transactions span calls. If the server forgets the session (it restarted,
// or the session idled out) and no transaction was open, the client opens a new session,
// selects the database it had selected, and runs the statement there; with a transaction
// open it returns the error instead (the transaction is gone) and starts afresh next call.
//
// Transport. By default the session is one Sql.Session stream (ClientOptions::
// session_stream): each statement is one message each way on a call that lasts as long as
// the session, which costs both sides far less CPU than an RPC per statement. A server
// without that method (UNIMPLEMENTED) makes the client fall back to OpenSession and one
// Sql.Execute call per statement, as it does with session_stream off. The two differ in one
// way: a stream ends with its connection or with a statement that timed out, and its
// session ends with it (rolling back), where a unary session stays open on the server until
// it idles out. A stream found ended when a statement is written (the server restarted
// while the client was idle) is replaced by a new session, where the statement runs, as
// after an unknown session; a stream that breaks once the statement was sent fails the
// statement with errno 2013 and, inside a transaction, says that the transaction was rolled
// back; the next statement opens a new session.
//
// Errors. Every method returns absl::Status; SQL errors carry the MySQL error number
// (GetMysqlErrno / FormatSqlError in common/sql_error.h). A server that cannot be reached
// gives UNAVAILABLE with a sentence naming the address (errno 2003 before the first answer,
// 2013 after); a call without an answer within ClientOptions::timeout gives
// DEADLINE_EXCEEDED; a wrong password gives UNAUTHENTICATED (errno 1045).
//
// Positions. Every write's response carries its commit position; the client keeps the
// largest one seen (last_commit_position) so that reads can ask a replica to catch up to it
// (ExecuteOptions::min_position) and read their own writes.
//
// Thread safety: a Client is used by one thread at a time. Create one Client per thread;
// they share nothing. To keep many sessions busy from few threads, use SessionGroup
// (client/session_group.h), whose answers run on the thread that reads them.
#ifndef ORDINAL_CLIENT_CLIENT_H_
#define ORDINAL_CLIENT_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "client/result_set.h"
#include "client/server_status.h"
#include "client/tls_options.h"
#include "client/value.h"

namespace grpc {
class Channel;
}  // namespace grpc

namespace ordinal::v1 {
class ExecuteResponse;
}  // namespace ordinal::v1

namespace ordinal::client_internal {
class SessionStream;
}  // namespace ordinal::client_internal

namespace ordinal {

struct ClientOptions {
  // "host:port" of the server.
  std::string address;
  std::string user = "root";
  std::string password;
  // Database selected when the session opens; empty selects none.
  std::string database;
  // Deadline of each call to the server; on a session stream, of each statement's answer.
  std::chrono::milliseconds timeout{30000};
  // TLS to the server (client/tls_options.h); PREFERRED by default, as mysql.
  TlsOptions tls;
  // Run the session's statements over one Sql.Session stream (see "Transport" above);
  // false sends each as its own Sql.Execute call.
  bool session_stream = true;
};

// Per-statement options.
struct ExecuteOptions {
  // The server first waits until it has applied at least this position (0: no wait), so a
  // read sees every write up to it.
  uint64_t min_position = 0;
  // How long the server may wait for min_position; 0 uses the server's default. When the
  // wait times out the statement fails with UNAVAILABLE.
  std::chrono::milliseconds wait_timeout{0};
};

class Client {
 public:
  // Connects to options.address and checks that the server answers and accepts the
  // credentials (Admin.GetStatus). When options.database is set, also opens the session
  // there, so an unknown database fails here (errno 1049).
  static absl::StatusOr<std::unique_ptr<Client>> Connect(const ClientOptions& options);

  // Closes the session (rolling back an open transaction); errors are ignored.
  ~Client();

  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Runs one statement (a trailing ';' is allowed) in the client's session.
  absl::StatusOr<ResultSet> Execute(std::string_view sql);
  absl::StatusOr<ResultSet> Execute(std::string_view sql, const ExecuteOptions& options);
  // Runs one statement with `?` parameter markers, `params` giving their values in the
  // order of the markers (a prepared statement: values travel apart from the text, so
  // strings need no quoting, and the server keeps the statement's parse, and a SELECT's
  // plan, for the next run of the same text in the session; docs/sql-protocol.md).
  // Decimals and unsigned values beyond INT64_MAX travel as strings. A wrong number of
  // params fails with errno 1210. Needs the Session stream: UNIMPLEMENTED with
  // session_stream off or against a server without it.
  //
  //   client->Execute("SELECT c FROM t WHERE id = ? AND name = ?",
  //                   {Value::Int(7), Value::String("O'Brien")});
  absl::StatusOr<ResultSet> Execute(std::string_view sql, absl::Span<const Value> params,
                                    const ExecuteOptions& options = {});

  // BEGIN, COMMIT and ROLLBACK in the client's session.
  absl::Status Begin();
  absl::Status Commit();
  absl::Status Rollback();

  // The server's identity, role and positions.
  absl::StatusOr<ServerStatus> Status();

  // The largest commit position any statement of this client returned (0: none yet).
  uint64_t last_commit_position() const { return last_commit_position_; }
  // The session's database after the last statement ("" when none is selected).
  const std::string& current_database() const { return current_database_; }
  // Whether the session has a transaction open after the last statement.
  bool in_transaction() const { return in_transaction_; }
  const ClientOptions& options() const { return options_; }
  // When the last statement failed because the server is a read-only replica (errno 1290):
  // the primary's address the server named in its trailing metadata (x-ordinal-primary).
  // Empty otherwise, also when the server named none.
  const std::string& redirect_address() const { return redirect_address_; }

 private:
  class Stubs;
  using Stream = client_internal::SessionStream;

  // A client on `channel`, where a first call succeeded (client_internal::ReachServer).
  Client(const ClientOptions& options, const std::shared_ptr<grpc::Channel>& channel);

  absl::Status EnsureSession();
  // Opens the session's stream; UNIMPLEMENTED from an older server.
  absl::Status OpenStream();
  // The session is gone (the server forgot it, or its stream ended): the next statement
  // opens a new one.
  void DropSession();
  // `params`: the statement's parameter values; null for a statement sent as plain text.
  absl::StatusOr<ResultSet> ExecuteInSession(std::string_view sql,
                                             const absl::Span<const Value>* params,
                                             const ExecuteOptions& options);
  // `resent`: the statement is being sent again after its first stream was found ended
  // before it was written (at most once).
  absl::StatusOr<ResultSet> ExecuteOnStream(std::string_view sql,
                                            const absl::Span<const Value>* params,
                                            const ExecuteOptions& options, bool resent = false);
  absl::StatusOr<ResultSet> Run(std::string_view sql, const absl::Span<const Value>* params,
                                const ExecuteOptions& options);
  // Takes a statement's response: the session's state, positions, the result.
  ResultSet TakeResponse(const ordinal::v1::ExecuteResponse& response);
  absl::Status ExecuteForStatus(std::string_view sql);

  ClientOptions options_;
  std::unique_ptr<Stubs> stubs_;
  std::string session_id_;  // a unary session; empty: none open
  std::unique_ptr<Stream> stream_;  // the session's stream; null: none open
  bool stream_unsupported_ = false;  // the server has no Sql.Session method
  std::string current_database_;
  bool in_transaction_ = false;
  uint64_t last_commit_position_ = 0;
  std::string redirect_address_;
};

}  // namespace ordinal

#endif  // ORDINAL_CLIENT_CLIENT_H_
