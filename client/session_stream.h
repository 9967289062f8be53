// One Sql.Session stream (ordinal/v1/sql.proto): the client's server session, each statement
// one request answered by one response on the same call, so that a statement costs one
// message each way instead of a whole RPC. Internal to the client library (Client uses it).
//
// The stream has no deadline of its own (a session may last hours); each exchange has one:
// when no answer arrives in time the stream is cancelled, which ends the session on the
// server (rolling back its transaction). Any failure of the stream itself (timeout, lost
// connection, the server ending the call) leaves it broken: the caller opens a new one.
//
// Thread safety: used by one thread at a time. The stream owns its completion queue and
// polls it only from the calling thread; no thread of its own.
#ifndef ORDINAL_CLIENT_SESSION_STREAM_H_
#define ORDINAL_CLIENT_SESSION_STREAM_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "client/call_status.h"
#include "ordinal/v1/sql.grpc.pb.h"

namespace ordinal::client_internal {

class SessionStream {
 public:
  struct Credentials {
    std::string user;
    std::string password;
  };

  // Starts a stream on `stub` and opens its session with `database` selected. Returns once
  // the server answered: the stream, or the call's error as CallStatus words it (for a
  // server without the Session method, UNIMPLEMENTED).
  static absl::StatusOr<std::unique_ptr<SessionStream>> Open(ordinal::v1::Sql::Stub& stub,
                                                             const Credentials& credentials,
                                                             const std::string& database,
                                                             const CallInfo& info);

  // Half-closes the stream and waits briefly for the server to end it (closing the
  // session); cancels it when the server does not answer in time.
  ~SessionStream();

  SessionStream(const SessionStream&) = delete;
  SessionStream& operator=(const SessionStream&) = delete;

  // Sends `request` and waits up to info.timeout for its response, which stays valid until
  // the next call. An error is the stream's own failure (see above), as CallStatus words it
  // (DEADLINE_EXCEEDED errno 2013 after a timeout); the stream is broken afterwards.
  absl::StatusOr<const ordinal::v1::SessionResponse*> Exchange(
      const ordinal::v1::SessionRequest& request, const CallInfo& info);

  bool broken() const { return broken_; }
  // After a failed Exchange: whether its request may have reached the server. False when
  // the stream had ended before the request was written (its write failed), for instance
  // after a server restart while the client was idle.
  bool request_sent() const { return request_sent_; }

 private:
  SessionStream() = default;

  enum Tag : intptr_t { kStart = 1, kWrite, kRead, kWritesDone, kFinish };
  // Waits until the operations of `tags` (a bit per Tag) have completed, or `deadline`;
  // `ok` gets the bits of those that succeeded. False when the deadline passed first.
  bool Await(unsigned tags, std::chrono::system_clock::time_point deadline, unsigned* ok);
  // Ends a failed stream: cancels it when `cancel`, collects its status and returns it as
  // CallStatus words it (DEADLINE_EXCEEDED when `timed_out`).
  absl::Status Fail(const CallInfo& info, bool timed_out);

  grpc::CompletionQueue cq_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientAsyncReaderWriter<ordinal::v1::SessionRequest,
                                                ordinal::v1::SessionResponse>>
      stream_;
  ordinal::v1::SessionResponse response_;
  bool broken_ = false;
  bool request_sent_ = true;
};

}  // namespace ordinal::client_internal

#endif  // ORDINAL_CLIENT_SESSION_STREAM_H_
