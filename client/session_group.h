// ordinal::SessionGroup: many server sessions driven from one thread, for programs that keep
// many statements in flight without a thread for each (load generators, proxies).
//
//   ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<SessionGroup> group,
//                            SessionGroup::Connect(options, /*sessions=*/16));
//   for (int i = 0; i < group->size(); ++i) {
//     group->Execute(i, "SELECT 1", [](absl::StatusOr<ResultSet> rs) { ... });
//   }
//   while (group->in_flight() > 0) group->Poll(std::chrono::milliseconds(100));
//
// Each session is what a Client's is: one Sql.Session stream, statements run one at a time
// in order, `USE` and transactions span statements. A session has at most one statement in
// flight; the sessions of a group run concurrently on the server. Answers arrive as
// callbacks run by Poll on the calling thread, so the thread that reads an answer is the
// one that acts on it (no hand-off to a waiting thread): that is the point of the class.
//
// Failures are a Client's too (client.h): statement errors carry their MySQL error number;
// a session whose stream ended (server restart, lost connection, a statement without an
// answer within ClientOptions::timeout, errno 2013) opens a new stream on its next
// statement, with the database it had selected. A statement whose stream was found ended
// before it was written, outside a transaction, is sent once more on a new stream; a stream
// that broke once the statement was sent fails the statement, saying so when a transaction
// was rolled back with it.
//
// Thread safety: one thread at a time calls a group's methods (its callbacks run inside
// Poll, and may call Execute). Groups share nothing but gRPC's connection to the server.
#ifndef ORDINAL_CLIENT_SESSION_GROUP_H_
#define ORDINAL_CLIENT_SESSION_GROUP_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "client/client.h"
#include "client/result_set.h"

namespace grpc {
class Channel;
}  // namespace grpc

namespace ordinal {

class SessionGroup {
 public:
  // Runs once per Execute, inside Poll (or inside the destructor, with CANCELLED, for a
  // statement still in flight then).
  using Callback = absl::AnyInvocable<void(absl::StatusOr<ResultSet>)>;

  // Reaches options.address as Client::Connect does and opens `sessions` sessions with
  // options.database selected; the first failure otherwise (an unknown database: 1049).
  // options.session_stream is ignored: a group needs the Session method.
  static absl::StatusOr<std::unique_ptr<SessionGroup>> Connect(const ClientOptions& options,
                                                               int sessions);

  // Closes every session (rolling back open transactions), waiting briefly for the server;
  // statements still in flight are cancelled.
  ~SessionGroup();

  SessionGroup(const SessionGroup&) = delete;
  SessionGroup& operator=(const SessionGroup&) = delete;

  int size() const { return static_cast<int>(sessions_.size()); }

  // Sends `sql` in session `session` (0 <= session < size()); `done` gets its result in a
  // later Poll. A session with a statement in flight, or an index out of range, fails the
  // statement at once (`done` runs before Execute returns).
  void Execute(int session, std::string_view sql, Callback done);
  // The same for a statement with `?` parameter markers and their values, as
  // Client::Execute with params (a prepared statement the server keeps per session).
  void Execute(int session, std::string_view sql, absl::Span<const Value> params,
               Callback done);

  // Waits up to `timeout` for answers and runs their callbacks; returns how many ran. Also
  // cancels statements that have waited longer than ClientOptions::timeout.
  int Poll(std::chrono::milliseconds timeout);

  // Statements sent and not yet answered.
  int in_flight() const { return in_flight_; }
  // Whether `session` has a statement in flight.
  bool busy(int session) const;
  // Whether `session` had a transaction open after its last answered statement.
  bool in_transaction(int session) const;
  // The database `session` had selected after its last answered statement.
  const std::string& current_database(int session) const;

 private:
  class Session;

  SessionGroup(const ClientOptions& options, const std::shared_ptr<grpc::Channel>& channel,
               int sessions);
  // Starts `sql` (with `params` when not null) in session `session`.
  void Start(int session, std::string_view sql, const absl::Span<const Value>* params,
             Callback done);
  // Writes the session's request (on a new stream when it has none) and reads its answer.
  void Send(Session& s);
  // Handles one completion-queue event; returns how many callbacks ran (0 or 1).
  int Dispatch(void* tag, bool ok);
  // The session's exchange completed: its answer, or the stream failed.
  int Exchanged(Session& s);
  // The failed stream's final status arrived.
  int Failed(Session& s);
  // Ends the session's statement with `result` and runs its callback.
  int Complete(Session& s, absl::StatusOr<ResultSet> result);
  // Cancels the statements past their deadline.
  void CancelOverdue(std::chrono::system_clock::time_point now);

  struct Queue;
  ClientOptions options_;
  std::unique_ptr<Queue> queue_;
  std::vector<std::unique_ptr<Session>> sessions_;
  int in_flight_ = 0;
  bool closing_ = false;  // in the destructor: no new statements
  std::chrono::system_clock::time_point next_deadline_check_;
};

}  // namespace ordinal

#endif  // ORDINAL_CLIENT_SESSION_GROUP_H_
