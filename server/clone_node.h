// ordinald's part in clones (docs/clone-protocol.md, "Clone" in DESIGN.md):
//   CloneServing  every pod serves snapshots of its database to its successor (a
//                 CloneSource with a scratch directory next to --data_dir, and the Clone
//                 gRPC service);
//   CloneDriver   a replica copies a snapshot into a directory: from its predecessor
//                 (ordinal N-1), waiting with backoff while that pod is unreachable or not
//                 serving, and from the primary instead when the predecessor's snapshot is
//                 already older than the primary's retained log (it could never catch up).
// SwapInReclone installs a finished re-clone (<data_dir>.reclone) in place of <data_dir>
// while the database is closed, through the crash-safe install of clone_install.h.
#ifndef ORDINAL_SERVER_CLONE_NODE_H_
#define ORDINAL_SERVER_CLONE_NODE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <grpcpp/security/credentials.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "engine/roles.h"
#include "replication/clone_service.h"
#include "replication/clone_sink.h"
#include "replication/clone_source.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/metrics.h"

namespace ordinal::server {

struct CloneSettings {
  std::string data_dir;
  std::string scratch_dir;  // <data_dir>.clone-scratch
  uint32_t ordinal = 0;
  std::string own_address;
  std::string predecessor_address;  // peer template of ordinal - 1 (replicas)
  std::string primary_address;      // peer template of ordinal 0
  // What this node presents to other pods: the replication user (or root) and its password.
  std::string user = "root";
  std::string password;
  uint64_t rate_limit_bytes_per_second = 0;
  int max_concurrent = 2;
  bool direct_source_reads = false;  // --clone_source_reads=direct
  bool auto_reclone = true;
  bool reclone_on_divergence = true;  // --on_divergence=reclone
  int testonly_corrupt_chunk = 0;  // TEST ONLY: see --testonly_corrupt_clone_chunk
  // Channels to other pods (replication, clone, probes): TLS with our certificate when
  // configured (server/grpc_tls.h), else insecure. Never null from CloneSettingsFor.
  std::shared_ptr<grpc::ChannelCredentials> peer_credentials;
};

CloneSettings CloneSettingsFor(const Config& config, int ordinal, const PeerCredentials& peer);

// Where a running replica re-clones to before the swap.
std::string RecloneDir(const std::string& data_dir);

// Serves snapshots of `db`. Ownership: references `db`, which must outlive it.
// Lifecycle: register service() with the gRPC server; Shutdown() before the gRPC server
// shuts down (ends open transfers); destroy before the database closes.
class CloneServing {
 public:
  CloneServing(engine::Snapshotter& db, const CloneSettings& settings,
               replication::CloneService::Authenticate authenticate);

  replication::CloneService* service() { return service_.get(); }
  void Shutdown() { source_->Shutdown(); }
  replication::CloneSourceCounters counters() const { return source_->counters(); }

 private:
  std::unique_ptr<replication::CloneSource> source_;
  std::unique_ptr<replication::CloneService> service_;
};

// Copies a snapshot into `target_dir` until it succeeds or Cancel() is called. Each
// attempt is one CloneSink::Run; between attempts it backs off (jittered, up to 5 s) and
// logs "waiting for ordinal N-1 (ADDRESS) to serve: <reason>" at most every 5 s while the
// source refuses or cannot be reached.
// Thread safety: Run on one thread; Cancel, Progress and BytesReceived from any thread.
class CloneDriver {
 public:
  CloneDriver(CloneSettings settings, std::string target_dir);

  // CANCELLED after Cancel(); otherwise the installed clone.
  absl::StatusOr<replication::CloneResult> Run();
  void Cancel();

  // The current attempt's progress (state "idle" before the first one).
  replication::CloneProgress Progress() const;
  // Bytes received over all attempts, including the current one.
  uint64_t BytesReceived() const;

 private:
  // The accept_manifest check: the snapshot's position is still in the primary's log.
  absl::Status CheckRetained(const ordinal::v1::Manifest& manifest);
  void NoteFailure(const std::string& source, const absl::Status& status, bool got_manifest);
  bool Sleep(absl::Duration delay);

  const CloneSettings settings_;
  const std::string target_dir_;
  bool use_primary_ = false;          // Run's thread only
  bool rejected_as_purged_ = false;   // Run's thread only
  absl::Time last_wait_log_ = absl::InfinitePast();  // Run's thread only

  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  replication::CloneSink* sink_ ABSL_GUARDED_BY(mu_) = nullptr;
  replication::CloneProgress last_progress_ ABSL_GUARDED_BY(mu_);
  uint64_t bytes_before_ ABSL_GUARDED_BY(mu_) = 0;  // received by finished attempts
};

// Fills `state` (a replica's ReplicationState) with state "cloning" and the progress.
void FillCloningState(const replication::CloneProgress& progress, ordinal::v1::ReplicationState& state);

// The target half of CloneFigures from a driver (nullptr: not cloning now).
void FillTargetFigures(const CloneDriver* driver, uint64_t bytes_received_before,
                       CloneFigures& figures);

// Installs the complete re-clone <data_dir>.reclone as <data_dir> (the database must be
// closed): it becomes <data_dir>'s complete staging directory, which
// FinishInterruptedInstall installs (keeping <data_dir>.old until the new copy is in
// place). FAILED_PRECONDITION when there is no complete re-clone.
absl::Status SwapInReclone(const std::string& data_dir);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_CLONE_NODE_H_
