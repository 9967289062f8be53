// The replica's side of log shipping (docs/replication-protocol.md): one thread that
// follows the primary's log into the local Database.
//
// The thread runs the handshake as a table of named steps (connect -> subscribe -> welcome
// -> stream). A failed step ends the attempt; the follower then waits a jittered backoff
// (100 ms doubling to 5 s) and starts again from `connect`, resuming from the database's
// applied position. While streaming it verifies every batch (checksum, positions,
// continuity) before any byte reaches the engine, applies all batches already received in
// ONE Database::ApplyBatches call, and acknowledges the applied position; it also
// acknowledges every heartbeat so the primary knows it is alive. A stream that brings
// nothing for `stall_heartbeats` heartbeat intervals is cancelled and reconnected.
//
// At Welcome it compares its history and applied position with the primary's history
// (engine/history.h): only a replica whose (history, position) lies on the primary's
// history streams; after ordinal 0's recovery it first crosses the gap between epochs.
//
// A batch that cannot be applied because the replica's volume is full ends the attempt like
// any failed apply (nothing of it was written), with state `waiting-for-disk-space`, an
// error log line, and last_error holding the disk-full error (1021); the follower retries
// at the longest backoff and catches up once space is freed.
//
// Terminal states (the thread stops following; the database stays readable), each with a
// StopReason that the node acts on (never the message text):
//   stopped-needs-clone  kNeedsClone: the primary no longer retains the log after our
//                        position (OUT_OF_RANGE): a re-clone is needed.
//   diverged             kDiverged: our history forked from the primary's (a restored or
//                        recovered primary that lost what we applied): nothing is applied;
//                        both histories are in State() and the log.
//   stopped-error        kOtherCluster: another cluster id: nothing is applied; re-cloning
//                        is an explicit choice.
// Entering one calls Config::on_stop once, on the follower's thread, with the StopReason: the
// owner decides what to do next from the reason, never from the error's text.
//
// Ownership: references the Database (a replica), which must outlive the Follower.
// Thread safety: thread-safe. Start/Stop from the owner's thread.
#ifndef ORDINAL_REPLICATION_FOLLOWER_H_
#define ORDINAL_REPLICATION_FOLLOWER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/security/credentials.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/roles.h"
#include "ordinal/v1/admin.pb.h"
#include "ordinal/v1/replication.grpc.pb.h"
#include "replication/backoff.h"
#include "replication/follower_stream.h"

namespace ordinal::replication {

// ReplicationState.state values.
inline constexpr char kStateConnecting[] = "connecting";
inline constexpr char kStateStreaming[] = "streaming";
inline constexpr char kStateNeedsClone[] = "stopped-needs-clone";
inline constexpr char kStateError[] = "stopped-error";
inline constexpr char kStateDiverged[] = "diverged";
// Not terminal: the last apply found the replica's volume full (StatusReason::kDiskFull).
// The follower retries every max_backoff and returns to `streaming` on the first apply
// that succeeds once space is freed (MySQL's thread state "Waiting for disk space").
inline constexpr char kStateWaitingForDiskSpace[] = "waiting-for-disk-space";

// Why the follower stopped for good (kNone while it follows or retries).
enum class StopReason {
  kNone,
  kNeedsClone,    // the primary purged the log after our position: re-clone
  kDiverged,      // our history is not on the primary's (docs/history.md)
  kOtherCluster,  // another cluster's primary (cluster id mismatch)
};

// "none", "needs-clone", "diverged", "other-cluster": for logs and status.
const char* StopReasonName(StopReason reason);

class Follower {
 public:
  struct Config {
    // The primary's address (the peer template for ordinal 0), host:port.
    std::string primary_address;
    // Credentials for the primary (the SQL service's password metadata).
    std::string user = "root";
    std::string password;
    // Who we are, for the primary's SHOW REPLICAS.
    uint32_t replica_ordinal = 0;
    std::string replica_address;
    // Transport credentials; nullptr means insecure (plain TCP).
    std::shared_ptr<grpc::ChannelCredentials> channel_credentials;
    absl::Duration initial_backoff = absl::Milliseconds(100);
    absl::Duration max_backoff = absl::Seconds(5);
    // Bound on connecting and on waiting for Welcome.
    absl::Duration connect_timeout = absl::Seconds(5);
    // The stream is declared stalled after this many heartbeat intervals of silence.
    int stall_heartbeats = 3;
    // At most about this many bytes of messages go into one ApplyBatches call.
    size_t max_apply_bytes = 8ull << 20;
    // Called once when the follower stops for good (a terminal state above), on the
    // follower's thread, with the status that ended it. Must not call Stop() or destroy
    // the Follower (hand the event to another thread). Not called after Stop(). May be null.
    std::function<void(StopReason, const absl::Status&)> on_stop;
  };

  Follower(engine::ReplicaApplier& db, Config config);
  ~Follower();  // Stop()s

  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  // Starts the follower thread. FAILED_PRECONDITION when the database is not a replica or
  // the follower was started before.
  absl::Status Start();

  // Cancels the current stream and joins the thread; prompt (does not wait for a backoff or
  // a deadline). Idempotent.
  void Stop();

  // SHOW REPLICA STATUS / the admin RPC's ReplicationState, now.
  ordinal::v1::ReplicationState State() const;

  // How many streams reached `streaming` (for tests and metrics).
  uint64_t streams_started() const;

  // Why the follower stopped (kNone while it runs).
  StopReason stop_reason() const;

 private:
  struct Attempt;
  using StepFn = absl::Status (Follower::*)(Attempt&);
  struct Step {
    const char* name;
    StepFn run;
  };
  static const Step kSteps[];

  void Run();
  // Runs the steps once; the status of the step that ended the attempt.
  absl::Status RunAttempt();
  absl::Status Connect(Attempt& attempt);
  absl::Status Subscribe(Attempt& attempt);
  absl::Status AwaitWelcome(Attempt& attempt);
  absl::Status StreamBatches(Attempt& attempt);
  // Verifies, applies (one ApplyBatches) and acknowledges what `messages` carry.
  absl::Status ApplyMessages(Attempt& attempt, std::vector<ordinal::v1::PrimaryMessage>& messages);
  void NotePrimary(uint64_t position, int64_t primary_time_micros);
  void NoteApplied(int64_t last_commit_micros);
  absl::Status Ack(Attempt& attempt);
  // Waits `delay` or until Stop(); false when stopping.
  bool SleepUnlessStopped(absl::Duration delay);
  void SetState(const char* state, const absl::Status& error);
  // Logs and records a failed apply for lack of space (kStateWaitingForDiskSpace).
  void WaitForDiskSpace(const absl::Status& status);
  // After a successful apply: leaves kStateWaitingForDiskSpace for kStateStreaming.
  void NoteSpaceAvailable();
  // Enters the terminal state of `reason` (stop_reason(), State()) and tells the owner.
  void StopFor(StopReason reason, const absl::Status& status);
  // Compares our history with Welcome's; crosses a recovery's gap. FAILED_PRECONDITION with
  // StatusReason::kDiverged when we are not on the primary's history.
  absl::Status CheckHistory(Attempt& attempt, const ordinal::v1::Welcome& welcome);
  bool stopping() const;

  engine::ReplicaApplier& db_;
  const Config config_;
  std::thread thread_;
  Backoff backoff_;  // follower thread only

  mutable absl::Mutex mu_;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  FollowerStream* current_ ABSL_GUARDED_BY(mu_) = nullptr;  // cancelled by Stop()
  std::string state_ ABSL_GUARDED_BY(mu_) = kStateConnecting;
  std::string last_error_ ABSL_GUARDED_BY(mu_);
  uint64_t primary_position_ ABSL_GUARDED_BY(mu_) = 0;
  // Primary clock minus local clock, from the last message (micros).
  int64_t clock_offset_micros_ ABSL_GUARDED_BY(mu_) = 0;
  // Local time since which the replica holds less than the primary had (for lag_ms).
  std::optional<absl::Time> behind_since_ ABSL_GUARDED_BY(mu_);
  uint64_t streams_started_ ABSL_GUARDED_BY(mu_) = 0;
  StopReason stop_reason_ ABSL_GUARDED_BY(mu_) = StopReason::kNone;
  engine::History primary_history_ ABSL_GUARDED_BY(mu_);  // as last heard in Welcome
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_FOLLOWER_H_
