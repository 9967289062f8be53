#include "client/session_group.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/call_status.h"
#include "client/channel.h"
#include "client/wire_conversion.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"

namespace ordinal {
namespace {

using Clock = std::chrono::system_clock;
using client_internal::CallInfo;
using client_internal::CallStatus;

// How long the destructor waits for the server to end the streams before cancelling them.
constexpr std::chrono::milliseconds kCloseTimeout{2000};
// How often Poll looks for statements past their deadline.
constexpr std::chrono::milliseconds kDeadlineCheckInterval{50};

// The operations of one stream; a completion-queue tag is the session's index plus one and
// one of these (in the low kOpBits bits).
enum Op : uintptr_t { kWrite = 0, kRead, kWritesDone, kFinish };
constexpr int kOpBits = 3;

unsigned Bit(Op op) { return 1u << op; }

void* Tag(int session, Op op) {
  return reinterpret_cast<void*>((static_cast<uintptr_t>(session + 1) << kOpBits) | op);
}

}  // namespace

struct SessionGroup::Queue {
  explicit Queue(const std::shared_ptr<grpc::Channel>& channel)
      : stub(ordinal::v1::Sql::NewStub(channel)) {}

  std::unique_ptr<ordinal::v1::Sql::Stub> stub;
  grpc::CompletionQueue cq;
};

// One session: its stream (null until the first statement, and after the stream ended) and
// the statement in flight.
class SessionGroup::Session {
 public:
  enum class Phase {
    kIdle,      // no statement in flight
    kExchange,  // the statement's write and read are pending
    kFailing,   // the stream failed; its final status is pending
    kClosing,   // half-closed by the destructor; the call's end is pending
  };

  Session(int index, std::string database) : index(index), database(std::move(database)) {}

  void DropStream() {
    stream.reset();
    context.reset();
  }

  const int index;
  std::string database;  // selected after the last answer; a new stream reopens it
  bool in_transaction = false;
  Phase phase = Phase::kIdle;
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientAsyncReaderWriter<ordinal::v1::SessionRequest,
                                                ordinal::v1::SessionResponse>>
      stream;
  ordinal::v1::SessionRequest request;
  ordinal::v1::SessionResponse response;
  grpc::Status final_status;
  unsigned pending = 0;    // Bit()s of the operations not yet completed
  unsigned succeeded = 0;  // Bit()s of those that completed successfully
  unsigned expected = 0;   // Bit()s the exchange started
  bool timed_out = false;  // cancelled for want of an answer in time
  bool resent = false;     // the statement already went out once on a stream found ended
  Clock::time_point deadline;
  Callback done;
};

SessionGroup::SessionGroup(const ClientOptions& options,
                           const std::shared_ptr<grpc::Channel>& channel, int sessions)
    : options_(options), queue_(std::make_unique<Queue>(channel)) {
  for (int i = 0; i < sessions; ++i) {
    sessions_.push_back(std::make_unique<Session>(i, options.database));
  }
}

absl::StatusOr<std::unique_ptr<SessionGroup>> SessionGroup::Connect(const ClientOptions& options,
                                                                    int sessions) {
  if (options.address.empty()) {
    return absl::InvalidArgumentError("no server address given (expected host:port)");
  }
  if (sessions < 1) return absl::InvalidArgumentError("a session group needs a session");
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel,
                           client_internal::ReachServer(options));
  std::unique_ptr<SessionGroup> group(new SessionGroup(options, channel, sessions));
  // An empty statement on a new stream opens the session and checks the database.
  absl::Status first_error;
  for (int i = 0; i < sessions; ++i) {
    group->Execute(i, "", [&first_error](absl::StatusOr<ResultSet> opened) {
      if (!opened.ok() && first_error.ok()) first_error = opened.status();
    });
  }
  while (group->in_flight() > 0) group->Poll(kDeadlineCheckInterval);
  ORDINAL_RETURN_IF_ERROR(first_error);
  return group;
}

SessionGroup::~SessionGroup() {
  closing_ = true;
  for (auto& s : sessions_) {
    if (s->phase == Session::Phase::kExchange) {
      s->context->TryCancel();
    } else if (s->phase == Session::Phase::kIdle && s->stream != nullptr) {
      s->phase = Session::Phase::kClosing;
      s->pending = Bit(kWritesDone);
      s->stream->WritesDone(Tag(s->index, kWritesDone));
    }
  }
  const Clock::time_point give_up = Clock::now() + kCloseTimeout;
  bool cancelled = false;
  auto busy = [this] {
    return std::any_of(sessions_.begin(), sessions_.end(),
                       [](const auto& s) { return s->phase != Session::Phase::kIdle; });
  };
  while (busy()) {
    void* tag = nullptr;
    bool ok = false;
    const auto next = queue_->cq.AsyncNext(&tag, &ok, cancelled ? Clock::time_point::max()
                                                                : give_up);
    if (next == grpc::CompletionQueue::GOT_EVENT) {
      Dispatch(tag, ok);
    } else if (next == grpc::CompletionQueue::TIMEOUT) {
      // Cancelling completes every pending operation promptly.
      for (auto& s : sessions_) {
        if (s->context != nullptr) s->context->TryCancel();
      }
      cancelled = true;
    } else {
      break;
    }
  }
  for (auto& s : sessions_) s->DropStream();
  queue_->cq.Shutdown();
  void* tag;
  bool ok;
  while (queue_->cq.Next(&tag, &ok)) {
  }
}

bool SessionGroup::busy(int session) const {
  return sessions_.at(session)->phase != Session::Phase::kIdle;
}

bool SessionGroup::in_transaction(int session) const {
  return sessions_.at(session)->in_transaction;
}

const std::string& SessionGroup::current_database(int session) const {
  return sessions_.at(session)->database;
}

void SessionGroup::Execute(int session, std::string_view sql, Callback done) {
  Start(session, sql, nullptr, std::move(done));
}

void SessionGroup::Execute(int session, std::string_view sql, absl::Span<const Value> params,
                           Callback done) {
  Start(session, sql, &params, std::move(done));
}

void SessionGroup::Start(int session, std::string_view sql,
                         const absl::Span<const Value>* params, Callback done) {
  if (session < 0 || session >= size()) {
    done(absl::InvalidArgumentError(absl::StrCat("no session ", session, " in the group")));
    return;
  }
  Session& s = *sessions_[session];
  if (s.phase != Session::Phase::kIdle || closing_) {
    done(absl::FailedPreconditionError(closing_ ? "the session group is closing"
                                                : "the session has a statement in flight"));
    return;
  }
  s.done = std::move(done);
  s.resent = false;
  s.request.set_sql(sql.data(), sql.size());
  s.request.clear_params();
  s.request.set_prepared(params != nullptr);
  if (params != nullptr) {
    for (const Value& param : *params) client_internal::ValueToProto(param, s.request.add_params());
  }
  ++in_flight_;
  Send(s);
}

void SessionGroup::Send(Session& s) {
  s.phase = Session::Phase::kExchange;
  s.succeeded = 0;
  s.timed_out = false;
  s.deadline = Clock::now() + options_.timeout;
  s.expected = Bit(kWrite) | Bit(kRead);
  s.pending = s.expected;
  if (s.stream == nullptr) {
    s.context = std::make_unique<grpc::ClientContext>();
    s.context->AddMetadata(kUserMetadataKey, options_.user);
    s.context->AddMetadata(kPasswordMetadataKey, options_.password);
    // The call's metadata goes out with its first request: StartCall completes nothing.
    s.context->set_initial_metadata_corked(true);
    s.stream = queue_->stub->PrepareAsyncSession(s.context.get(), &queue_->cq);
    s.stream->StartCall(nullptr);
    s.request.set_database(s.database);
  } else {
    s.request.clear_database();
  }
  // The request is serialized here: it may change once Write returns.
  s.stream->Write(s.request, Tag(s.index, kWrite));
  s.stream->Read(&s.response, Tag(s.index, kRead));
}

int SessionGroup::Poll(std::chrono::milliseconds timeout) {
  const Clock::time_point until = Clock::now() + timeout;
  int ran = 0;
  for (;;) {
    Clock::time_point now = Clock::now();
    if (now >= next_deadline_check_) {
      CancelOverdue(now);
      next_deadline_check_ = now + kDeadlineCheckInterval;
    }
    // Block until the first answer (or `until`); then take only what is ready.
    const Clock::time_point deadline =
        ran > 0 ? Clock::time_point() : std::min(until, next_deadline_check_);
    void* tag = nullptr;
    bool ok = false;
    switch (queue_->cq.AsyncNext(&tag, &ok, deadline)) {
      case grpc::CompletionQueue::GOT_EVENT:
        ran += Dispatch(tag, ok);
        break;
      case grpc::CompletionQueue::TIMEOUT:
        if (ran > 0 || Clock::now() >= until) return ran;
        break;
      case grpc::CompletionQueue::SHUTDOWN:
        return ran;
    }
  }
}

void SessionGroup::CancelOverdue(Clock::time_point now) {
  for (auto& s : sessions_) {
    if (s->phase == Session::Phase::kExchange && !s->timed_out && s->deadline < now) {
      s->timed_out = true;
      s->context->TryCancel();  // completes the pending operations, unsuccessfully
    }
  }
}

int SessionGroup::Dispatch(void* tag, bool ok) {
  const auto value = reinterpret_cast<uintptr_t>(tag);
  Session& s = *sessions_[(value >> kOpBits) - 1];
  const Op op = static_cast<Op>(value & ((1u << kOpBits) - 1));
  s.pending &= ~Bit(op);
  if (ok) s.succeeded |= Bit(op);
  if (s.pending != 0) return 0;
  switch (s.phase) {
    case Session::Phase::kExchange:
      return Exchanged(s);
    case Session::Phase::kFailing:
      return Failed(s);
    case Session::Phase::kClosing:
      if (op == kWritesDone) {
        s.pending = Bit(kFinish);
        s.stream->Finish(&s.final_status, Tag(s.index, kFinish));
      } else {
        s.phase = Session::Phase::kIdle;
        s.DropStream();
      }
      return 0;
    case Session::Phase::kIdle:
      break;
  }
  return 0;
}

int SessionGroup::Exchanged(Session& s) {
  if ((s.succeeded & s.expected) != s.expected) {
    // The stream failed: collect its status. What the write did tells whether the
    // statement may have reached the server.
    s.phase = Session::Phase::kFailing;
    s.pending = Bit(kFinish);
    s.stream->Finish(&s.final_status, Tag(s.index, kFinish));
    return 0;
  }
  if (s.response.has_error()) {
    absl::Status status = client_internal::StatusFromProto(s.response.error());
    // The server ends the stream after this error: its session is gone.
    if (client_internal::IsUnknownSession(status)) {
      s.DropStream();
      s.in_transaction = false;
    }
    return Complete(s, std::move(status));
  }
  const ordinal::v1::ExecuteResponse& result = s.response.result();
  s.database = result.current_database();
  s.in_transaction = result.in_transaction();
  return Complete(s, client_internal::ResultSetFromProto(result));
}

int SessionGroup::Failed(Session& s) {
  grpc::Status status = s.final_status;
  if (s.timed_out) {
    status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "deadline exceeded");
  } else if (status.ok()) {
    // The server ended the session's stream without an error while a statement was
    // outstanding: the session is gone all the same.
    status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server ended the session's stream");
  }
  absl::Status error = CallStatus(status, *s.context, CallInfo{options_.address, options_.timeout,
                                                               /*connected=*/true});
  const bool sent = (s.succeeded & Bit(kWrite)) != 0;
  s.DropStream();
  if (!sent && !s.in_transaction && !s.resent && !closing_) {
    // The stream had ended before the statement was written (a server restart while the
    // session was idle, say): send it once more on a new stream.
    s.resent = true;
    Send(s);
    return 0;
  }
  if (s.in_transaction) {
    s.in_transaction = false;
    absl::Status lost(error.code(),
                      absl::StrCat(error.message(), "; the open transaction was rolled back"));
    if (GetMysqlErrno(error) != MysqlErrno::kUnknown) {
      SetMysqlErrno(lost, static_cast<int>(GetMysqlErrno(error)));
    }
    error = std::move(lost);
  }
  return Complete(s, std::move(error));
}

int SessionGroup::Complete(Session& s, absl::StatusOr<ResultSet> result) {
  s.phase = Session::Phase::kIdle;
  --in_flight_;
  Callback done = std::move(s.done);
  s.done = nullptr;
  done(std::move(result));
  return 1;
}

}  // namespace ordinal
