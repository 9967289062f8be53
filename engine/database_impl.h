// The Database of database.h: one kv::Store, its catalog, the sessions' shared state, and
// the replication state (role, applied position, cluster id, commit signal). Internal to
// engine/; database.cc holds the general part, replica_apply.cc the replica side.
//
// Thread safety: thread-safe (see Database).
#ifndef ORDINAL_ENGINE_DATABASE_IMPL_H_
#define ORDINAL_ENGINE_DATABASE_IMPL_H_

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "engine/catalog/catalog.h"
#include "engine/commit_signal.h"
#include "engine/database.h"
#include "engine/engine_state.h"
#include "engine/exec/auto_increment.h"
#include "engine/kv/store.h"

namespace ordinal::engine {

class DatabaseImpl final : public Database {
 public:
  // `signal` is the one the store notifies after every write.
  DatabaseImpl(const DatabaseOptions& options, std::unique_ptr<kv::Store> store,
               std::shared_ptr<CommitSignal> signal);

  // Loads the catalog and the replication metadata; a primary without a cluster id
  // creates one.
  absl::Status Init();

  absl::StatusOr<std::unique_ptr<Session>> NewSession(std::string_view database) override;
  std::shared_ptr<const auth::AccountSet> Accounts() const override {
    return accounts_.Snapshot();
  }
  absl::Status BootstrapAccounts(const AccountBootstrap& bootstrap) override;
  uint64_t LatestPosition() const override;
  std::optional<uint64_t> GetIntProperty(std::string_view name) const override;
  DatabaseRole role() const override { return role_; }

  bool WaitForCommitAfter(uint64_t position, absl::Time deadline) override;
  absl::Status WaitForPosition(uint64_t position, absl::Time deadline,
                               const std::atomic<bool>* stop = nullptr) override;
  void WakePositionWaiters() override;
  void StopWaits() override;

  absl::StatusOr<std::unique_ptr<LogCursor>> OpenLog(uint64_t after_position) override;
  absl::StatusOr<uint64_t> OldestRetainedPosition() override;

  // replica_apply.cc
  absl::Status ApplyBatches(const std::vector<LogBatch>& batches) override;
  absl::Status SetInitialPosition(uint64_t position) override;
  uint64_t AppliedPosition() const override { return applied_.load(); }
  absl::Status CrossEpochGap(uint64_t previous_end, uint64_t resume_position) override;

  absl::StatusOr<CheckpointInfo> CreateCheckpoint(const std::string& dir) override;

  absl::StatusOr<History> CurrentHistory() const override;
  std::string ClusterId() const override;
  absl::Status AdoptClusterId(std::string_view id) override;

 private:
  absl::Status CheckReplica(std::string_view operation) const;
  // Checks that `batches` continue AppliedPosition() without gaps or overlaps.
  absl::Status CheckConsecutive(const std::vector<LogBatch>& batches) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(apply_mu_);
  // A primary's start: a new cluster id and epoch 1 for an empty store (bootstrap),
  // otherwise the next epoch of the stored history, in one durable write before any other.
  absl::Status OpenEpoch() ABSL_EXCLUSIVE_LOCKS_REQUIRED(cluster_mu_);

  // `deadline`, cut to options' max_position_wait from now.
  absl::Time CapWait(absl::Time deadline) const;

  const DatabaseRole role_;
  const absl::Duration max_position_wait_;
  const std::shared_ptr<CommitSignal> signal_;
  // Set once by StopWaits (shutdown); every position wait checks it.
  std::atomic<bool> waits_stopped_{false};
  // Declaration order is destruction order in reverse: the store outlives the rest.
  std::unique_ptr<kv::Store> store_;
  catalog::Catalog catalog_;
  exec::AutoIncrementCounters auto_increment_;
  vars::GlobalVariables globals_;
  auth::AccountStore accounts_;
  auth::UsageLimits usage_;
  EngineState state_;

  absl::Mutex apply_mu_;  // serializes ApplyBatches / SetInitialPosition
  // Published after the apply's write and catalog reload, before waiters are woken.
  std::atomic<uint64_t> applied_{0};

  mutable absl::Mutex cluster_mu_;  // serializes AdoptClusterId; guards the cache
  std::string cluster_id_ ABSL_GUARDED_BY(cluster_mu_);
  History history_ ABSL_GUARDED_BY(cluster_mu_);  // the primary's (unused on a replica)
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_DATABASE_IMPL_H_
