#include "client/session_stream.h"

#include "proto/status_mapping.h"

namespace ordinal::client_internal {
namespace {

using Clock = std::chrono::system_clock;

// How long closing waits for the server to end the stream before cancelling it.
constexpr std::chrono::milliseconds kCloseTimeout{2000};
// How long a failed stream waits for its final status once cancelled.
constexpr std::chrono::milliseconds kFinishTimeout{2000};

unsigned Bit(intptr_t tag) { return 1u << tag; }

}  // namespace

absl::StatusOr<std::unique_ptr<SessionStream>> SessionStream::Open(
    ordinal::v1::Sql::Stub& stub, const Credentials& credentials, const std::string& database,
    const CallInfo& info) {
  std::unique_ptr<SessionStream> stream(new SessionStream());
  stream->context_ = std::make_unique<grpc::ClientContext>();
  stream->context_->AddMetadata(kUserMetadataKey, credentials.user);
  stream->context_->AddMetadata(kPasswordMetadataKey, credentials.password);
  stream->stream_ = stub.PrepareAsyncSession(stream->context_.get(), &stream->cq_);
  stream->stream_->StartCall(reinterpret_cast<void*>(kStart));
  unsigned ok = 0;
  const bool in_time = stream->Await(Bit(kStart), Clock::now() + info.timeout, &ok);
  if (!in_time || ok == 0) return stream->Fail(info, !in_time);
  ordinal::v1::SessionRequest open;
  open.set_database(database);
  absl::StatusOr<const ordinal::v1::SessionResponse*> opened = stream->Exchange(open, info);
  if (!opened.ok()) return opened.status();
  return stream;
}

SessionStream::~SessionStream() {
  if (!broken_ && stream_ != nullptr) {
    unsigned ok = 0;
    const Clock::time_point deadline = Clock::now() + kCloseTimeout;
    stream_->WritesDone(reinterpret_cast<void*>(kWritesDone));
    // Await cancels the call when the server does not answer in time; what was started
    // has completed either way.
    if (Await(Bit(kWritesDone), deadline, &ok)) {
      grpc::Status status;
      stream_->Finish(&status, reinterpret_cast<void*>(kFinish));
      Await(Bit(kFinish), deadline, &ok);
    }
  }
  stream_.reset();
  context_.reset();
  cq_.Shutdown();
  void* tag;
  bool ok;
  while (cq_.Next(&tag, &ok)) {
  }
}

bool SessionStream::Await(unsigned tags, Clock::time_point deadline, unsigned* ok) {
  bool in_time = true;
  while (tags != 0) {
    void* tag = nullptr;
    bool succeeded = false;
    switch (cq_.AsyncNext(&tag, &succeeded, deadline)) {
      case grpc::CompletionQueue::GOT_EVENT: {
        const unsigned bit = Bit(reinterpret_cast<intptr_t>(tag));
        tags &= ~bit;
        if (succeeded) *ok |= bit;
        break;
      }
      case grpc::CompletionQueue::TIMEOUT:
        // Cancelling ends every pending operation at once (unsuccessfully).
        if (in_time) context_->TryCancel();
        in_time = false;
        deadline = Clock::now() + kFinishTimeout;
        break;
      case grpc::CompletionQueue::SHUTDOWN:
        return false;
    }
  }
  return in_time;
}

absl::Status SessionStream::Fail(const CallInfo& info, bool timed_out) {
  broken_ = true;
  if (timed_out) {
    return CallStatus(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "deadline exceeded"),
                      *context_, info);
  }
  grpc::Status status;
  stream_->Finish(&status, reinterpret_cast<void*>(kFinish));
  unsigned ok = 0;
  if (!Await(Bit(kFinish), Clock::now() + kFinishTimeout, &ok)) {
    status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "the stream ended without a status");
  }
  if (status.ok()) {
    // The server ended the session's stream without an error (it should not, while
    // requests are outstanding): the session is gone all the same.
    status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server ended the session's stream");
  }
  return CallStatus(status, *context_, info);
}

absl::StatusOr<const ordinal::v1::SessionResponse*> SessionStream::Exchange(
    const ordinal::v1::SessionRequest& request, const CallInfo& info) {
  if (broken_) return absl::FailedPreconditionError("the session's stream has ended");
  stream_->Write(request, reinterpret_cast<void*>(kWrite));
  stream_->Read(&response_, reinterpret_cast<void*>(kRead));
  unsigned ok = 0;
  const bool in_time = Await(Bit(kWrite) | Bit(kRead), Clock::now() + info.timeout, &ok);
  // A write that failed never reached the transport: the call was over before it.
  request_sent_ = (ok & Bit(kWrite)) != 0;
  if (!in_time || ok != (Bit(kWrite) | Bit(kRead))) return Fail(info, !in_time);
  return &response_;
}

}  // namespace ordinal::client_internal
