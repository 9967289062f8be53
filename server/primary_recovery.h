// Ordinal 0 never starts a new history while a replica holds the old one (docs/history.md,
// "Recovering ordinal 0"). When ordinal 0 starts with an empty or missing volume it first
// asks its replicas (through the peer template) what they hold:
//   - a replica whose name resolves but that does not answer may hold the newest data:
//     ordinal 0 waits (log, Admin.GetStatus recovery state, startup probe NOT_SERVING) and
//     never bootstraps meanwhile;
//   - when every replica answered and some hold data of a cluster, ordinal 0 clones the
//     most advanced one (the latest epoch, then the highest applied position) into its data
//     directory; opening that store as the primary opens a new epoch that continues the
//     history after the copy's position (engine/history.h);
//   - when no replica exists or none holds data, ordinal 0 bootstraps as before.
// With --sync_replicas=K >= 1 every acknowledged commit was applied by at least one replica,
// and the most advanced replica holds all that any replica holds, so none is lost.
//
// Which replicas exist: with --peers=N, ordinals 1..N-1 (on one machine, where every
// 127.x.y.z name "resolves", the local runner and the tests say how many ordinals have a
// volume). With --peers=0, ordinals 1, 2, ... up to the first name that does not resolve
// to a non-loopback address (Kubernetes: the headless Service with
// publishNotReadyAddresses has a record for every pod that exists, ready or not); a
// loopback answer carries no information there and ends the list.
//
// The node (server/node.h) runs it in its `recovering` state, on its own thread, while the
// long-lived server answers Admin.GetStatus with State() and keeps the startup probe
// NOT_SERVING.
//
// Thread safety: Run on one thread; Cancel and State from any thread.
#ifndef ORDINAL_SERVER_PRIMARY_RECOVERY_H_
#define ORDINAL_SERVER_PRIMARY_RECOVERY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/history.h"
#include "ordinal/v1/admin.pb.h"
#include "replication/clone_sink.h"
#include "server/auth.h"
#include "server/clone_node.h"
#include "server/config.h"

namespace ordinal::server {

// What one replica said when probed.
struct PeerProbe {
  enum class Answer {
    kSilent,   // resolves (or is listed by --peers) but does not answer, or is swapping its
               // store: it may hold data
    kEmpty,    // answers and holds nothing yet (or is cloning)
    kHasData,  // answers with a cluster id and an applied position
  };
  uint32_t ordinal = 0;
  std::string address;
  Answer answer = Answer::kSilent;
  std::string detail;  // the error of a silent peer
  std::string cluster_id;
  uint64_t position = 0;  // its applied position
  engine::History history;
};

// What ordinal 0 does after one round of probes.
struct RecoveryDecision {
  enum class Kind { kBootstrap, kWait, kClone };
  Kind kind = Kind::kBootstrap;
  std::string why;
  std::optional<PeerProbe> source;  // kClone: the most advanced replica
};

// The decision for `probes` (see the file comment): any silent peer -> kWait; else the most
// advanced peer with data -> kClone; else kBootstrap.
RecoveryDecision DecideRecovery(const std::vector<PeerProbe>& probes);

// The ordinals 1..N-1 that exist (see the file comment) and their addresses.
std::vector<std::pair<uint32_t, std::string>> ListPeers(const std::string& peer_template,
                                                        int peers);

class PrimaryRecovery {
 public:
  PrimaryRecovery(CloneSettings settings, std::string peer_template, int peers);

  // Waits until data_dir holds a prepared copy of the most advanced replica (its position
  // is returned), or until there is nothing to recover (nullopt: bootstrap). CANCELLED
  // after Cancel().
  absl::StatusOr<std::optional<replication::CloneResult>> Run();
  void Cancel();

  // For Admin.GetStatus while ordinal 0 recovers.
  ordinal::v1::RecoveryState State() const;
  // The current clone's progress (state "idle" when not cloning).
  replication::CloneProgress Progress() const;

 private:
  PeerProbe Probe(uint32_t ordinal, const std::string& address) const;
  void SetState(const std::string& state, const std::string& detail,
                const std::optional<PeerProbe>& source);
  bool Sleep(absl::Duration delay);

  const CloneSettings settings_;
  const std::string peer_template_;
  const int peers_;
  std::string last_logged_;  // Run's thread only

  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  replication::CloneSink* sink_ ABSL_GUARDED_BY(mu_) = nullptr;
  ordinal::v1::RecoveryState state_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_PRIMARY_RECOVERY_H_
