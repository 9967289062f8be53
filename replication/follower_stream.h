// One Stream call from a replica to the primary, as the Follower uses it: owns the call's
// ClientContext and a reader thread that queues every incoming message, so the follower
// can wait for messages with a deadline (the stall check), take everything already
// received at once (to coalesce applies), and cancel the call from any thread.
//
// The queue is bounded by bytes: when it is full the reader stops reading and gRPC's flow
// control holds the primary back.
//
// Thread safety: Take, Write and Finish from the owning thread; Cancel from any thread.
#ifndef ORDINAL_REPLICATION_FOLLOWER_STREAM_H_
#define ORDINAL_REPLICATION_FOLLOWER_STREAM_H_

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/client_context.h>
#include <grpcpp/support/sync_stream.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ordinal/v1/replication.grpc.pb.h"

namespace ordinal::replication {

class FollowerStream {
 public:
  enum class Wait {
    kMessages,  // at least one message was taken
    kTimedOut,  // nothing arrived before the deadline
    kEnded,     // the call ended (Finish() tells how) and nothing is queued
  };

  // Starts the call on `stub` with the password metadata and the reader thread.
  FollowerStream(ordinal::v1::Replication::Stub& stub, const std::string& user,
                 const std::string& password, size_t max_queued_bytes);
  ~FollowerStream();  // Cancel()s and joins the reader

  FollowerStream(const FollowerStream&) = delete;
  FollowerStream& operator=(const FollowerStream&) = delete;

  // Sends `message`; false when the call is broken (Finish() tells why).
  bool Write(const ordinal::v1::ReplicaMessage& message);

  // Moves the queued messages into `out` (in order; about `max_bytes` at most, never fewer
  // than one), waiting until one is there, the call ends or `deadline` passes.
  Wait Take(absl::Time deadline, size_t max_bytes, std::vector<ordinal::v1::PrimaryMessage>* out);

  // Ends the call (the reader thread then stops). Idempotent, thread-safe.
  void Cancel();

  // Cancels the call if it is still running, waits for the reader, and returns the call's
  // status (the primary's error, or CANCELLED).
  absl::Status Finish();

 private:
  void ReadLoop();

  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<ordinal::v1::ReplicaMessage,
                                           ordinal::v1::PrimaryMessage>>
      stream_;
  const size_t max_queued_bytes_;
  std::thread reader_;
  bool finished_ = false;
  absl::Status final_status_;

  absl::Mutex mu_;
  std::deque<ordinal::v1::PrimaryMessage> queue_ ABSL_GUARDED_BY(mu_);
  size_t queued_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_FOLLOWER_STREAM_H_
