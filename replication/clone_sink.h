// The target side of a clone (docs/clone-protocol.md): copies a source's snapshot into
// <data_dir> so that a replica opening it follows the primary from the snapshot's position.
//
// Run() first finishes an install a crash interrupted (FinishInterruptedInstall), then makes
// attempts, each one Snapshot call: resume or create the staging directory, offer the files
// it already verified, receive and verify every file (CloneReceiver), then
// PrepareClonedDirectory (applied position + cluster id), remove the marker, and install by
// renames (an existing <data_dir> is kept as <data_dir>.old until the new copy is in place).
// A failed attempt is retried after a jittered backoff, up to `max_attempts`, when the
// failure may pass: UNAVAILABLE, RESOURCE_EXHAUSTED, DATA_LOSS (checksum mismatch or a broken
// stream), DEADLINE_EXCEEDED, ABORTED, INTERNAL, or CANCELLED by the source. Other errors
// (UNAUTHENTICATED, FAILED_PRECONDITION, INVALID_ARGUMENT, ...) and Cancel() end Run at once.
// Nothing is ever installed that was not verified; a failed Run leaves <data_dir> as it was
// (NeedsClone still true for a first clone) and the staging directory for the next Run.
//
// Progress (bytes, files, rate, ETA) is logged every `progress_log_interval` and available
// at any time from Progress(), for SHOW REPLICA STATUS and metrics.
//
// Thread safety: Run on one thread; Cancel and Progress from any thread.
#ifndef ORDINAL_REPLICATION_CLONE_SINK_H_
#define ORDINAL_REPLICATION_CLONE_SINK_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ordinal/v1/clone.pb.h"
#include "replication/clone_install.h"

namespace ordinal::replication {

struct CloneSinkOptions {
  // The source's address (the peer template for ordinal N-1), host:port.
  std::string source_address;
  // Credentials for the source (the SQL service's password metadata).
  std::string user = "root";
  std::string password;
  // Transport credentials; nullptr means insecure (plain TCP).
  std::shared_ptr<grpc::ChannelCredentials> channel_credentials;
  // Where the store must end up (--data_dir). Staging is a sibling on the same filesystem.
  std::string data_dir;
  // Who we are, for the source's log.
  uint32_t requester_ordinal = 0;
  std::string requester_address;
  // A backup (`ordinal backup`), not a replica: under mutual TLS the source does not ask for
  // a certificate naming requester_ordinal (SnapshotRequest.for_backup).
  bool for_backup = false;
  // Files received at once (SnapshotRequest.files_in_flight): their chunks are interleaved
  // on the stream, read and written in parallel on both sides. 1 is one file at a time.
  int files_in_flight = 2;
  // Largest chunk accepted from the source (SnapshotRequest.max_chunk_bytes); the source
  // picks its chunk size up to this.
  uint32_t max_chunk_bytes = 4 << 20;
  // Attempts before Run gives up; 1 disables retries.
  int max_attempts = 10;
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(10);
  absl::Duration progress_log_interval = absl::Seconds(5);
  // Checks the manifest before any file is received (for example that its position is still
  // in the primary's retained log); an error ends the attempt with that status, retried or
  // not by the rules above.
  std::function<absl::Status(const ordinal::v1::Manifest&)> accept_manifest;
  // Called after every received chunk and state change, on Run's thread; must be cheap.
  std::function<void()> on_progress;
  // False keeps the copy exactly as the source sent it (no PrepareClonedDirectory): a backup
  // (backup/backup_writer.h) whose files must keep the checksums it records.
  bool prepare_store = true;
  // Test-only crash simulation: called at "received" (all files verified), "prepared"
  // (PrepareClonedDirectory done) and "completed" (marker removed); an error ends Run there,
  // without retries and without cleanup, as a crash would.
  std::function<absl::Status(std::string_view step)> test_only_step_hook;
};

// A snapshot of a clone's progress.
struct CloneProgress {
  // "idle", "connecting", "receiving", "installing", "done", "retrying", "failed".
  std::string state = "idle";
  std::string source_address;
  int attempt = 0;
  uint64_t position = 0;  // from the manifest; 0 before it arrived
  std::string cluster_id;
  uint64_t files_total = 0;     // files of the snapshot
  uint64_t files_verified = 0;  // received and verified in this attempt, plus kept ones
  uint64_t bytes_total = 0;     // bytes to receive in this attempt
  uint64_t bytes_received = 0;  // received in this attempt
  uint64_t bytes_kept = 0;      // kept from an earlier attempt (not sent again)
  double bytes_per_second = 0;  // average over this attempt
  double eta_seconds = 0;       // remaining bytes at that rate; 0 when unknown
  std::string last_error;
};

// What a finished clone installed.
struct CloneResult {
  uint64_t position = 0;  // the replica follows the primary from the batch after it
  std::string cluster_id;
  uint64_t bytes = 0;     // received, all attempts
  double seconds = 0;     // Run's duration
  // The last attempt's transfer: from the manifest's arrival until every file was received,
  // verified and synced (the checkpoint, the connection and the install excluded).
  double transfer_seconds = 0;
  int attempts = 0;
  // The last attempt's manifest (which files the source skipped because we held them).
  ordinal::v1::Manifest manifest;
  // Every file of the installed copy with its verified size and checksum, before
  // PrepareClonedDirectory changed anything (so exact for prepare_store = false).
  std::vector<StagedFile> files;
};

class CloneSink {
 public:
  explicit CloneSink(CloneSinkOptions options);

  CloneSink(const CloneSink&) = delete;
  CloneSink& operator=(const CloneSink&) = delete;

  // Clones into data_dir (see the file comment). On success data_dir holds the prepared
  // store, ready for Database::Open as a replica.
  absl::StatusOr<CloneResult> Run();

  // Ends Run promptly with CANCELLED (the staging directory stays for a later resume).
  void Cancel();

  CloneProgress Progress() const;

 private:
  class Consumer;

  int FilesInFlight() const { return std::clamp(options_.files_in_flight, 1, 16); }
  absl::Status RunAttempt(CloneResult& result);
  // Reads the stream into `receiver`; the call's final status.
  absl::Status ReceiveStream(class CloneReceiver& receiver, grpc::ClientContext& context,
                             const std::vector<StagedFile>& kept);
  absl::Status Install(const ordinal::v1::Manifest& manifest, std::vector<StagedFile>& files);
  absl::Status Step(std::string_view step);
  void OnWritten(uint64_t bytes, bool file_verified);
  void SetState(const char* state);
  bool WaitBackoff(absl::Duration delay);
  bool cancelled() const;

  const CloneSinkOptions options_;
  const ClonePaths paths_;
  bool simulated_crash_ = false;  // Run's thread only

  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;
  CloneProgress progress_ ABSL_GUARDED_BY(mu_);
  absl::Time attempt_started_ ABSL_GUARDED_BY(mu_);
  absl::Time last_log_ ABSL_GUARDED_BY(mu_);
  uint64_t total_received_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_SINK_H_
