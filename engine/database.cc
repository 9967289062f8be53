#include "engine/database.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_reason.h"
#include "common/status_macros.h"
#include "engine/alter/alter_table.h"
#include "engine/database_impl.h"
#include "engine/exec/spill_file.h"
#include "engine/kv/checkpoint.h"
#include "engine/metadata.h"
#include "engine/session_impl.h"

namespace ordinal::engine {
namespace {

// An empty key range (no key is ever stored in it), deleted by the plain write that gives
// a freshly recovered memtable its history (OpenEpoch).
constexpr std::string_view kMemtableHistoryKey = "mepoch_barrier";
constexpr std::string_view kMemtableHistoryEnd = "mepoch_barrier~";

// The epoch record, as one optimistic transaction: the new cluster id when bootstrapping
// (`new_cluster_id` not empty), the applied position's removal for a replica's store, and
// the history with the new epoch.
absl::Status WriteEpoch(kv::Store& store, std::string_view new_cluster_id,
                        bool clear_applied, std::string_view history) {
  std::unique_ptr<kv::Transaction> txn = store.BeginTransaction();
  if (!new_cluster_id.empty()) {
    ORDINAL_RETURN_IF_ERROR(txn->Put(metadata::ClusterIdKey(), new_cluster_id));
  }
  if (clear_applied) ORDINAL_RETURN_IF_ERROR(txn->Delete(metadata::AppliedPositionKey()));
  ORDINAL_RETURN_IF_ERROR(txn->Put(metadata::HistoryKey(), history));
  return txn->Commit().status();
}

}  // namespace

std::string SpillDirectory(const DatabaseOptions& options) { return options.data_dir + "/tmp"; }

DatabaseImpl::DatabaseImpl(const DatabaseOptions& options, std::unique_ptr<kv::Store> store,
                           std::shared_ptr<CommitSignal> signal)
    : role_(options.role),
      max_position_wait_(options.max_position_wait),
      signal_(std::move(signal)),
      store_(std::move(store)),
      catalog_(*store_),
      accounts_(*store_),
      state_{*store_, catalog_, auto_increment_, globals_, accounts_, usage_,
             options.role == DatabaseRole::kReplica, options.primary_address} {
  state_.wait_for_position = [this](uint64_t position, absl::Time deadline,
                                    const std::atomic<bool>* stop) {
    auto done = [&] {
      return LatestPosition() >= position || (stop != nullptr && stop->load()) ||
             waits_stopped_.load();
    };
    return done() || signal_->WaitUntil(done, CapWait(deadline)) ? LatestPosition() >= position
                                                                 : false;
  };
  state_.wake_position_waiters = [signal = signal_] { signal->Notify(); };
  state_.query_memory.SetLimits(options.query_memory_bytes, options.query_memory_total_bytes);
  if (options.spill_to_disk) {
    state_.query_memory.SetSpill(SpillDirectory(options), options.query_spill_bytes);
  }
  // A replica refuses writes; @@read_only says so, as it does on a MySQL replica.
  if (options.role == DatabaseRole::kReplica) {
    globals_.Set(*vars::FindVariable("read_only"), Value::Int(1));
  }
}

absl::Status DatabaseImpl::Init() {
  ORDINAL_RETURN_IF_ERROR(catalog_.Reload());
  ORDINAL_RETURN_IF_ERROR(accounts_.Reload());
  ORDINAL_ASSIGN_OR_RETURN(uint64_t applied, metadata::ReadAppliedPosition(*store_));
  applied_.store(applied);
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> cluster_id,
                           metadata::Read(*store_, metadata::ClusterIdKey()));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> history,
                           metadata::Read(*store_, metadata::HistoryKey()));
  absl::MutexLock lock(&cluster_mu_);
  cluster_id_ = cluster_id.value_or("");
  ORDINAL_ASSIGN_OR_RETURN(history_, metadata::HistoryFromRecord(history, cluster_id_));
  if (role_ != DatabaseRole::kPrimary) return absl::OkStatus();
  ORDINAL_RETURN_IF_ERROR(OpenEpoch());
  // An ALTER TABLE that a crash interrupted leaves its table as it was (docs/alter-table.md).
  return alter::DropLeftoverShadows(*store_, catalog_);
}

absl::Status DatabaseImpl::OpenEpoch() {
  // Nothing else writes while Init runs, so this write's first sequence is latest + 1.
  uint64_t latest = store_->LatestSequence();
  const uint64_t applied = applied_.load();
  std::string id = cluster_id_;
  if (id.empty()) id = metadata::NewClusterId();  // bootstrap: the first batch of a history
  // A store holding an applied position was a replica's (ordinal 0 recovering from its
  // most advanced replica): its history continues after the position it applied; the
  // sequences in between are the replica's own, in no primary's log.
  for (int attempt = 1;; ++attempt) {
    const uint64_t previous_end = applied != 0 ? applied : latest;
    History opened = history_.Opened(latest + 1, previous_end, NewEpochId());
    absl::Status written = WriteEpoch(*store_, id != cluster_id_ ? id : "", applied != 0,
                                      EncodeHistory(opened));
    if (written.ok()) {
      cluster_id_ = id;
      history_ = std::move(opened);
      applied_.store(0);
      return absl::OkStatus();
    }
    if (!absl::IsAborted(written) || attempt > 1) return written;
    // Nothing can conflict here: ABORTED means the memtable lacks the history an optimistic
    // transaction is checked against. Replaying a log whose last batch filled the memtable
    // flushes it at open and leaves an empty one that begins after the newest sequence.
    // One plain write gives the memtable that history; it ends the previous epoch (only
    // this store ever held a batch at that position), and the epoch record follows it.
    ORDINAL_RETURN_IF_ERROR(store_->DeleteRange(kMemtableHistoryKey, kMemtableHistoryEnd));
    latest = store_->LatestSequence();
  }
}

absl::StatusOr<History> DatabaseImpl::CurrentHistory() const {
  if (role_ == DatabaseRole::kPrimary) {
    absl::MutexLock lock(&cluster_mu_);
    return history_;
  }
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> record,
                           metadata::Read(*store_, metadata::HistoryKey()));
  // A replica that adopted a cluster id but applied nothing yet holds no epoch at all.
  if (!record.has_value() && applied_.load() == 0) return History();
  return metadata::HistoryFromRecord(record, ClusterId());
}

absl::StatusOr<std::unique_ptr<Session>> DatabaseImpl::NewSession(std::string_view database) {
  auto session = std::make_unique<SessionImpl>(state_);
  if (!database.empty()) {
    ORDINAL_RETURN_IF_ERROR(session->Use(database));
  }
  return std::unique_ptr<Session>(std::move(session));
}

uint64_t DatabaseImpl::LatestPosition() const {
  if (role_ == DatabaseRole::kReplica) return applied_.load();
  return store_->LatestSequence();
}

std::optional<uint64_t> DatabaseImpl::GetIntProperty(std::string_view name) const {
  return store_->GetIntProperty(name);
}

bool DatabaseImpl::WaitForCommitAfter(uint64_t position, absl::Time deadline) {
  return signal_->WaitUntil([&] { return LatestPosition() > position; }, deadline);
}

absl::Time DatabaseImpl::CapWait(absl::Time deadline) const {
  if (max_position_wait_ == absl::InfiniteDuration()) return deadline;
  return std::min(deadline, absl::Now() + max_position_wait_);
}

void DatabaseImpl::WakePositionWaiters() { signal_->Notify(); }

void DatabaseImpl::StopWaits() {
  waits_stopped_.store(true);
  signal_->Notify();
}

absl::Status DatabaseImpl::WaitForPosition(uint64_t position, absl::Time deadline,
                                           const std::atomic<bool>* stop) {
  auto ended = [&] {
    return LatestPosition() >= position || waits_stopped_.load() ||
           (stop != nullptr && stop->load());
  };
  if (!ended()) signal_->WaitUntil(ended, CapWait(deadline));
  if (LatestPosition() >= position) return absl::OkStatus();
  if (waits_stopped_.load()) {
    return WithReason(SqlError(absl::StatusCode::kUnavailable, MysqlErrno::kServerShutdown,
                               "Server shutdown in progress"),
                      StatusReason::kShuttingDown);
  }
  if (stop != nullptr && stop->load()) {
    return SqlError(absl::StatusCode::kCancelled, MysqlErrno::kQueryInterrupted,
                    "Query execution was interrupted");
  }
  return SqlError(absl::StatusCode::kUnavailable, MysqlErrno::kLockWaitTimeout,
                  absl::StrCat("Timed out waiting for position ", position,
                               "; this server has reached position ", LatestPosition()));
}

absl::StatusOr<std::unique_ptr<LogCursor>> DatabaseImpl::OpenLog(uint64_t after_position) {
  if (role_ != DatabaseRole::kPrimary) {
    return absl::FailedPreconditionError(
        "a replica serves no log: its own log is not in the primary's numbering");
  }
  // Fail fast at subscription; the cursor checks again at every batch.
  ORDINAL_ASSIGN_OR_RETURN(uint64_t oldest, OldestRetainedPosition());
  if (after_position < oldest) return kv::LogPurgedError(after_position, oldest);
  return store_->OpenLog(after_position);
}

absl::StatusOr<uint64_t> DatabaseImpl::OldestRetainedPosition() {
  ORDINAL_ASSIGN_OR_RETURN(uint64_t oldest, store_->OldestRetainedPosition());
  uint64_t floor = 0;
  if (role_ == DatabaseRole::kPrimary) {
    absl::MutexLock lock(&cluster_mu_);
    floor = history_.LogFloor();
  }
  return std::max(oldest, floor);
}

std::string DatabaseImpl::ClusterId() const {
  absl::MutexLock lock(&cluster_mu_);
  return cluster_id_;
}

absl::StatusOr<CheckpointInfo> DatabaseImpl::CreateCheckpoint(const std::string& dir) {
  if (role_ == DatabaseRole::kReplica && (ClusterId().empty() || applied_.load() == 0)) {
    return absl::FailedPreconditionError(
        "this replica has no history yet (no cluster id or nothing applied): nothing to copy");
  }
  ORDINAL_RETURN_IF_ERROR(store_->CreateCheckpoint(dir).status());
  ORDINAL_ASSIGN_OR_RETURN(
      kv::ClosedStoreView view,
      kv::ReadClosedStore(dir, {metadata::ClusterIdKey(), metadata::AppliedPositionKey(),
                                metadata::HistoryKey()}));
  CheckpointInfo info;
  info.cluster_id = view.values[metadata::ClusterIdKey()].value_or("");
  ORDINAL_ASSIGN_OR_RETURN(info.history, metadata::HistoryFromRecord(
                                             view.values[metadata::HistoryKey()], info.cluster_id));
  if (role_ == DatabaseRole::kPrimary) {
    // The copy's newest sequence is the last sequence of a committed WriteBatch: RocksDB
    // publishes a write group's last sequence only after all its batches are in the
    // memtable, the flush and the copied WAL hold whole batches, and recovering the copy
    // replays only complete WAL records. So this is a batch boundary, i.e. a position.
    info.position = view.latest_sequence;
  } else {
    // A replica stores the applied position in the same batch as the data it applied
    // (invariant 3), so the copy's stored value describes exactly the copy's content.
    const std::optional<std::string>& stored = view.values[metadata::AppliedPositionKey()];
    if (!stored.has_value()) return absl::DataLossError("replica checkpoint has no position");
    ORDINAL_ASSIGN_OR_RETURN(info.position, metadata::DecodeU64(*stored));
  }
  if (info.cluster_id.empty()) return absl::DataLossError("checkpoint has no cluster id");
  ORDINAL_ASSIGN_OR_RETURN(std::vector<kv::DirectoryFile> files, kv::ListDirectoryFiles(dir));
  for (const kv::DirectoryFile& file : files) {
    info.files.push_back(file.name);
    info.total_bytes += file.size;
  }
  return info;
}

namespace {

// PrepareClonedDirectory's work on the copy's open store.
absl::Status AdoptCopy(kv::Store& store, const std::string& dir, uint64_t position,
                       std::string_view cluster_id) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> stored_id,
                           metadata::Read(store, metadata::ClusterIdKey()));
  ORDINAL_ASSIGN_OR_RETURN(uint64_t stored_position, metadata::ReadAppliedPosition(store));
  const absl::string_view id(cluster_id.data(), cluster_id.size());
  if (stored_id.has_value() && *stored_id != id) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the copy in ", dir, " belongs to cluster ", *stored_id, ", not ", id));
  }
  if (stored_position != 0 && stored_position != position) {
    return absl::FailedPreconditionError(absl::StrCat("the copy in ", dir, " is at position ",
                                                      stored_position, ", not ", position));
  }
  if (stored_id.has_value() && stored_position == position) return absl::OkStatus();
  std::unique_ptr<kv::Transaction> txn = store.BeginTransaction();
  ORDINAL_RETURN_IF_ERROR(txn->Put(metadata::ClusterIdKey(), cluster_id));
  ORDINAL_RETURN_IF_ERROR(txn->Put(metadata::AppliedPositionKey(), metadata::EncodeU64(position)));
  return txn->Commit().status();
}

}  // namespace

absl::Status Database::PrepareClonedDirectory(const std::string& dir, uint64_t position,
                                              std::string_view cluster_id) {
  if (cluster_id.empty()) return absl::InvalidArgumentError("empty cluster id");
  std::error_code error;
  if (!std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", error)) {
    return absl::NotFoundError(absl::StrCat(dir, " holds no store to prepare"));
  }
  kv::StoreOptions options;
  options.data_dir = dir;
  options.sync_commit = true;
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<kv::Store> store, kv::Store::Open(options));
  return AdoptCopy(*store, dir, position, cluster_id);
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  auto signal = std::make_shared<CommitSignal>();
  const bool primary = options.role == DatabaseRole::kPrimary;
  kv::StoreOptions store_options;
  store_options.data_dir = options.data_dir;
  store_options.sync_commit = options.sync_commit;
  store_options.block_cache_bytes = options.block_cache_bytes;
  store_options.log_retention_seconds = primary ? options.log_retention_seconds : 0;
  store_options.log_retention_bytes = primary ? options.log_retention_bytes : 0;
  store_options.on_commit = [signal] { signal->Notify(); };
  if (options.copied_position.has_value()) {
    std::error_code error;
    if (options.copied_cluster_id.empty()) return absl::InvalidArgumentError("empty cluster id");
    if (!std::filesystem::exists(std::filesystem::path(options.data_dir) / "CURRENT", error)) {
      return absl::NotFoundError(absl::StrCat(options.data_dir, " holds no store to prepare"));
    }
  }
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<kv::Store> store, kv::Store::Open(store_options));
  if (options.copied_position.has_value()) {
    // Before the database reads its history, which the copy's cluster id anchors.
    ORDINAL_RETURN_IF_ERROR(AdoptCopy(*store, options.data_dir, *options.copied_position,
                                      options.copied_cluster_id));
  }
  // Opened after the store, whose lock keeps a second process out of the directory.
  if (options.spill_to_disk) {
    ORDINAL_RETURN_IF_ERROR(exec::PrepareSpillDirectory(SpillDirectory(options)));
  }
  auto database = std::make_unique<DatabaseImpl>(options, std::move(store), std::move(signal));
  ORDINAL_RETURN_IF_ERROR(database->Init());
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace ordinal::engine

namespace ordinal::engine {

absl::Status DatabaseImpl::BootstrapAccounts(const AccountBootstrap& bootstrap) {
  if (role_ != DatabaseRole::kPrimary) return absl::OkStatus();
  std::unique_ptr<kv::Transaction> txn = store_->BeginTransaction();
  ORDINAL_ASSIGN_OR_RETURN(std::vector<ordinal::v1::AccountDef> existing,
                           auth::AccountStore::ReadAll(*txn));
  std::vector<const ordinal::v1::AccountDef*> create;
  if (existing.empty()) {
    for (const auto& account : bootstrap.when_no_accounts) create.push_back(&account);
  }
  for (const auto& account : bootstrap.when_missing) {
    bool found = false;
    for (const auto& e : existing) found |= e.user() == account.user() && e.host() == account.host();
    for (const auto* c : create) found |= c->user() == account.user() && c->host() == account.host();
    if (!found) create.push_back(&account);
  }
  if (create.empty()) return absl::OkStatus();
  for (const auto* account : create) {
    // Reads the key for update, so two primaries racing (never expected) conflict.
    ORDINAL_RETURN_IF_ERROR(
        auth::AccountStore::ReadForUpdate(*txn, account->user(), account->host()).status());
    ORDINAL_RETURN_IF_ERROR(auth::AccountStore::Put(*txn, *account));
  }
  ORDINAL_RETURN_IF_ERROR(txn->Commit().status());
  return accounts_.Reload();
}

}  // namespace ordinal::engine
