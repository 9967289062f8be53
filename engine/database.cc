#include "engine/database.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/database_impl.h"
#include "engine/metadata.h"
#include "engine/session_impl.h"

namespace ordinal::engine {

DatabaseImpl::DatabaseImpl(const DatabaseOptions& options, std::unique_ptr<kv::Store> store,
                           std::shared_ptr<CommitSignal> signal)
    : role_(options.role),
      signal_(std::move(signal)),
      store_(std::move(store)),
      catalog_(*store_),
      state_{*store_, catalog_, auto_increment_, options.role == DatabaseRole::kReplica,
             options.primary_address} {}

absl::Status DatabaseImpl::Init() {
  ORDINAL_RETURN_IF_ERROR(catalog_.Reload());
  ORDINAL_ASSIGN_OR_RETURN(uint64_t applied, metadata::ReadAppliedPosition(*store_));
  applied_.store(applied);
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> cluster_id,
                           metadata::Read(*store_, metadata::ClusterIdKey()));
  {
    absl::MutexLock lock(&cluster_mu_);
    cluster_id_ = cluster_id.value_or("");
  }
  if (role_ == DatabaseRole::kPrimary) return CreateClusterIdIfMissing();
  return absl::OkStatus();
}

absl::Status DatabaseImpl::CreateClusterIdIfMissing() {
  absl::MutexLock lock(&cluster_mu_);
  if (!cluster_id_.empty()) return absl::OkStatus();
  // The bootstrap write of an empty store: the first batch of its history.
  std::unique_ptr<kv::Transaction> txn = store_->BeginTransaction();
  const std::string id = metadata::NewClusterId();
  ORDINAL_RETURN_IF_ERROR(txn->Put(metadata::ClusterIdKey(), id));
  ORDINAL_RETURN_IF_ERROR(txn->Commit().status());
  cluster_id_ = id;
  return absl::OkStatus();
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

absl::Status DatabaseImpl::WaitForPosition(uint64_t position, absl::Time deadline) {
  if (LatestPosition() >= position) return absl::OkStatus();
  if (signal_->WaitUntil([&] { return LatestPosition() >= position; }, deadline)) {
    return absl::OkStatus();
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
  ORDINAL_ASSIGN_OR_RETURN(uint64_t oldest, store_->OldestRetainedPosition());
  if (after_position < oldest) return kv::LogPurgedError(after_position, oldest);
  return store_->OpenLog(after_position);
}

absl::StatusOr<uint64_t> DatabaseImpl::OldestRetainedPosition() {
  return store_->OldestRetainedPosition();
}

std::string DatabaseImpl::ClusterId() const {
  absl::MutexLock lock(&cluster_mu_);
  return cluster_id_;
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
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<kv::Store> store, kv::Store::Open(store_options));
  auto database = std::make_unique<DatabaseImpl>(options, std::move(store), std::move(signal));
  ORDINAL_RETURN_IF_ERROR(database->Init());
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace ordinal::engine
