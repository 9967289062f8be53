// The primary's side of the Replication gRPC service (proto/ordinal/v1/replication.proto,
// docs/replication-protocol.md): a thin adapter over Backlog, LogSource and AckTracker.
//
// One Stream call per replica. The handler checks the password, that this server is the
// primary, and the first message (Subscribe: same cluster id unless empty, a (history,
// position) on the primary's history (docs/history.md), a position still retained), then
// answers Welcome and sends every batch after the replica's position as soon as it is
// available, packed several per message, and a
// Heartbeat whenever it has sent nothing for `heartbeat_interval`. A reader thread per
// stream feeds the replica's Acks into the AckTracker. The stream ends when the replica
// cancels, when it has sent nothing for `replica_silence_timeout`, on a storage error, or on
// Shutdown().
//
// Errors before Welcome come back as the call's status (OUT_OF_RANGE, FAILED_PRECONDITION,
// INVALID_ARGUMENT, UNAUTHENTICATED, UNAVAILABLE). An error after Welcome cancels the call
// (the replica sees CANCELLED, reconnects, and gets the precise status at its next
// subscribe).
//
// Ownership: references the Database, Backlog and AckTracker, which must outlive the
// service (and the grpc::Server it is registered with). On the primary the Backlog must be
// started; on a replica an unstarted Backlog is fine (every stream is refused before it is
// used).
// Thread safety: gRPC calls Stream concurrently; Shutdown and the test hooks are
// thread-safe.
#ifndef ORDINAL_REPLICATION_PRIMARY_SERVICE_H_
#define ORDINAL_REPLICATION_PRIMARY_SERVICE_H_

#include <atomic>
#include <functional>
#include <set>

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>
#include <grpcpp/support/sync_stream.h>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/roles.h"
#include "ordinal/v1/replication.grpc.pb.h"
#include "replication/ack_tracker.h"
#include "replication/backlog.h"
#include "replication/log_source.h"

namespace ordinal::replication {

class PrimaryService final : public ordinal::v1::Replication::Service {
 public:
  // Checks a call's credentials (the same check as the SQL service); OK to proceed.
  using Authenticate = std::function<grpc::Status(grpc::ServerContext*)>;
  // Checks that the call's peer may act as replica `ordinal` (mutual TLS: its certificate
  // names that ordinal); OK to proceed.
  using CheckPeer = std::function<grpc::Status(grpc::ServerContext*, uint32_t ordinal)>;

  struct Config {
    // An idle stream gets a Heartbeat this often (also announced in Welcome).
    absl::Duration heartbeat_interval = absl::Milliseconds(500);
    // A stream whose replica sent nothing (it acks every heartbeat) for this long is ended.
    absl::Duration replica_silence_timeout = absl::Seconds(10);
    LogSource::Config source;
    // Called with the ordinal a Subscribe claims, before anything is sent; empty: none.
    CheckPeer check_peer;
  };

  PrimaryService(engine::CommitLog& db, Backlog& backlog, AckTracker& acks,
                 Authenticate authenticate, Config config);
  ~PrimaryService() override;

  grpc::Status Stream(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<ordinal::v1::PrimaryMessage, ordinal::v1::ReplicaMessage>* stream)
      override;

  // Ends every open stream promptly and refuses new ones (UNAVAILABLE). Call before
  // grpc::Server::Shutdown. Idempotent.
  void Shutdown();

  // Streams currently open.
  int active_streams() const;

  // Test hooks, for the failure tests: flip one byte of every batch after its checksum was
  // computed; send nothing at all (no batches, no heartbeats) while `stalled`.
  void TestOnlySetCorruptBatches(bool corrupt) { corrupt_batches_ = corrupt; }
  void TestOnlySetStalled(bool stalled);

 private:
  using ServerStream =
      grpc::ServerReaderWriter<ordinal::v1::PrimaryMessage, ordinal::v1::ReplicaMessage>;
  class StreamState;

  // Reads and validates Subscribe; any failure is the call's status.
  grpc::Status Handshake(grpc::ServerContext* context, ServerStream* stream,
                         ordinal::v1::Subscribe* subscribe);
  // Sends batches and heartbeats until the stream should end.
  void SendLoop(const AckTracker::StreamId& id, StreamState& state, LogSource& source,
                ServerStream* stream);
  // Welcome: the cluster id, our newest position and our history.
  bool SendWelcome(const engine::History& history, ServerStream* stream);
  // A replica whose (history, position) is not on ours: Welcome, so it sees why, then
  // FAILED_PRECONDITION.
  grpc::Status RefuseDiverged(const ordinal::v1::Subscribe& subscribe,
                              const engine::History& history, const std::string& reason,
                              grpc::ServerContext* context, ServerStream* stream);
  bool SendBatches(const std::vector<ShippedBatchPtr>& batches, ServerStream* stream);
  bool SendHeartbeat(ServerStream* stream);
  // Waits while the stall hook is on; false when the stream should end meanwhile.
  bool WaitWhileStalled(StreamState& state);
  bool StallOver() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool Register(grpc::ServerContext* context);
  void Unregister(grpc::ServerContext* context);
  bool shutting_down() const;

  engine::CommitLog& db_;
  Backlog& backlog_;
  AckTracker& acks_;
  const Authenticate authenticate_;
  const Config config_;
  std::atomic<bool> corrupt_batches_{false};

  mutable absl::Mutex mu_;
  std::set<grpc::ServerContext*> open_ ABSL_GUARDED_BY(mu_);
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  bool stalled_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_PRIMARY_SERVICE_H_
