// The replica side of DatabaseImpl: applying the primary's batches with the applied
// position in the same write (invariant 3), the starting position, and the cluster id.
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/database_impl.h"
#include "engine/metadata.h"

namespace ordinal::engine {
namespace {

// Catalog records ('c' keys): a batch touching one changes the schema.
constexpr std::string_view kCatalogPrefix = "c";

}  // namespace

absl::Status DatabaseImpl::CheckReplica(std::string_view operation) const {
  if (role_ == DatabaseRole::kReplica) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(absl::string_view(operation.data(), operation.size()),
                   " is for replicas; this is the primary"));
}

absl::Status DatabaseImpl::CheckConsecutive(const std::vector<LogBatch>& batches) const {
  uint64_t expected = applied_.load() + 1;
  for (const LogBatch& batch : batches) {
    if (batch.first_sequence != expected) {
      return absl::FailedPreconditionError(absl::StrCat(
          "log batch starts at sequence ", batch.first_sequence, " but the next expected is ",
          expected, " (applied position ", applied_.load(), "): nothing was applied"));
    }
    if (batch.last_sequence < batch.first_sequence) {
      return absl::DataLossError(absl::StrCat("malformed log batch: last sequence ",
                                              batch.last_sequence, " before its first ",
                                              batch.first_sequence));
    }
    expected = batch.last_sequence + 1;
  }
  return absl::OkStatus();
}

absl::Status DatabaseImpl::ApplyBatches(const std::vector<LogBatch>& batches) {
  ORDINAL_RETURN_IF_ERROR(CheckReplica("applying the log"));
  if (ClusterId().empty()) {
    return absl::FailedPreconditionError(
        "this replica has no cluster id yet: adopt the primary's before applying its log");
  }
  if (batches.empty()) return absl::OkStatus();
  absl::MutexLock lock(&apply_mu_);
  ORDINAL_RETURN_IF_ERROR(CheckConsecutive(batches));
  const uint64_t position = batches.back().last_sequence;
  ORDINAL_ASSIGN_OR_RETURN(kv::LogWriteResult written,
                           store_->WriteLogBatches(batches, metadata::AppliedPositionKey(),
                                                   metadata::EncodeU64(position), kCatalogPrefix));
  // Readers that wait for `position` must find the schema it implies.
  absl::Status reloaded = absl::OkStatus();
  if (written.touched_watched_prefix) {
    reloaded = catalog_.Reload();
    // Account records are catalog records too ('c' 'a'): a replicated CREATE USER, GRANT
    // or DROP USER holds on this replica from the next login and statement.
    if (reloaded.ok()) reloaded = accounts_.Reload();
  }
  applied_.store(position);
  signal_->Notify();
  return reloaded;
}

absl::Status DatabaseImpl::SetInitialPosition(uint64_t position) {
  ORDINAL_RETURN_IF_ERROR(CheckReplica("setting the initial position"));
  absl::MutexLock lock(&apply_mu_);
  const uint64_t applied = applied_.load();
  if (applied == position) return absl::OkStatus();
  if (applied != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the replica already follows the log from position ", applied,
                     "; its starting position cannot change to ", position));
  }
  std::unique_ptr<kv::Transaction> txn = store_->BeginTransaction();
  ORDINAL_RETURN_IF_ERROR(txn->Put(metadata::AppliedPositionKey(), metadata::EncodeU64(position)));
  ORDINAL_RETURN_IF_ERROR(txn->Commit().status());
  applied_.store(position);
  signal_->Notify();
  return absl::OkStatus();
}

absl::Status DatabaseImpl::CrossEpochGap(uint64_t previous_end, uint64_t resume_position) {
  ORDINAL_RETURN_IF_ERROR(CheckReplica("crossing an epoch gap"));
  absl::MutexLock lock(&apply_mu_);
  if (applied_.load() != previous_end || resume_position <= previous_end) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot move the applied position from ", previous_end, " to ",
                     resume_position, ": this replica applied ", applied_.load()));
  }
  std::unique_ptr<kv::Transaction> txn = store_->BeginTransaction();
  ORDINAL_RETURN_IF_ERROR(
      txn->Put(metadata::AppliedPositionKey(), metadata::EncodeU64(resume_position)));
  ORDINAL_RETURN_IF_ERROR(txn->Commit().status());
  applied_.store(resume_position);
  signal_->Notify();
  return absl::OkStatus();
}

absl::Status DatabaseImpl::AdoptClusterId(std::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError("empty cluster id");
  const absl::string_view wanted(id.data(), id.size());
  absl::MutexLock lock(&cluster_mu_);
  if (cluster_id_ == wanted) return absl::OkStatus();
  if (!cluster_id_.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("this server holds the history of cluster ", cluster_id_,
                     " and cannot follow the log of cluster ", wanted,
                     ": re-clone it from the new cluster to follow it"));
  }
  std::unique_ptr<kv::Transaction> txn = store_->BeginTransaction();
  ORDINAL_RETURN_IF_ERROR(txn->Put(metadata::ClusterIdKey(), id));
  ORDINAL_RETURN_IF_ERROR(txn->Commit().status());
  cluster_id_ = std::string(id);
  return absl::OkStatus();
}

}  // namespace ordinal::engine
