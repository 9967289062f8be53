#include "server/store.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "proto/status_mapping.h"
#include "server/peer_identity.h"
#include "server/role.h"
#include "server/tls_files.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const Config& config, int ordinal,
                                                   const Authenticator& auth,
                                                   FollowerStopped on_follower_stopped) {
  std::unique_ptr<Store> store(new Store());
  if (absl::Status s = store->OpenDatabase(config, ordinal); !s.ok()) return s;
  // The primary creates the configured accounts its rules call for (a replica receives
  // them with the log): docs/users-and-privileges.md, "Bootstrap".
  if (absl::Status s = store->db_->BootstrapAccounts(auth.Bootstrap()); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("cannot create the bootstrap accounts: ",
                                               s.message()));
  }
  if (absl::Status s = store->StartReplication(config, ordinal, auth,
                                               std::move(on_follower_stopped));
      !s.ok()) {
    return s;
  }
  return store;
}

Store::~Store() {
  if (replication_ != nullptr) replication_->StopStreams();
  sync_.reset();
  replication_.reset();  // stops the follower and the backlog's tailer
  if (db_ != nullptr) {
    spdlog::info("closing database at position {}", db_->LatestPosition());
    db_.reset();
  }
}

absl::Status Store::OpenDatabase(const Config& config, int ordinal) {
  std::error_code error;
  std::filesystem::create_directories(config.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create --data_dir '", config.data_dir, "': ", error.message()));
  }
  const MemoryPlan memory = PlanMemory(config);
  spdlog::info(
      "opening data directory {} (sync_commit={}, memory_budget_mb={}: block cache "
      "{} MiB with the memtables, {} MiB per statement, {} MiB for all statements)",
      config.data_dir, config.sync_commit ? "on" : "off", config.memory_budget_mb,
      memory.block_cache_bytes >> 20, memory.query_memory_bytes >> 20,
      memory.query_memory_total_bytes >> 20);
  engine::DatabaseOptions options;
  options.data_dir = config.data_dir;
  options.sync_commit = config.sync_commit;
  options.block_cache_bytes = memory.block_cache_bytes;
  options.query_memory_bytes = memory.query_memory_bytes;
  options.query_memory_total_bytes = memory.query_memory_total_bytes;
  options.query_spill_bytes = config.query_spill_mb << 20;
  options.role = RoleForOrdinal(ordinal) == Role::kPrimary ? engine::DatabaseRole::kPrimary
                                                           : engine::DatabaseRole::kReplica;
  options.primary_address = PeerAddress(config.peer_template, 0);
  options.log_retention_seconds = config.log_retention_seconds;
  options.log_retention_bytes = config.log_retention_bytes;
  options.max_position_wait = absl::Milliseconds(config.max_wait_timeout_ms);
  absl::StatusOr<std::unique_ptr<engine::Database>> db = engine::Database::Open(options);
  if (!db.ok()) {
    return absl::Status(db.status().code(), absl::StrCat("cannot open database in '",
                                                         config.data_dir,
                                                         "': ", db.status().message()));
  }
  db_ = *std::move(db);
  spdlog::info("database open at position {} (cluster id '{}')", db_->LatestPosition(),
               db_->ClusterId());
  return absl::OkStatus();
}

absl::Status Store::StartReplication(const Config& config, int ordinal,
                                     const Authenticator& auth,
                                     FollowerStopped on_follower_stopped) {
  ReplicationNode::Options options;
  options.role = RoleForOrdinal(ordinal);
  options.primary_address = PeerAddress(config.peer_template, 0);
  options.ordinal = static_cast<uint32_t>(ordinal);
  options.own_address = PeerAddress(config.peer_template, ordinal);
  const PeerCredentials peer = auth.peer_credentials();
  options.user = peer.user;
  options.password = peer.password;
  options.heartbeat_interval = absl::Milliseconds(config.heartbeat_interval_ms);
  options.clone = CloneSettingsFor(config, ordinal, peer);
  options.on_follower_stopped = std::move(on_follower_stopped);
  options.log_archive_dir = config.log_archive_dir;
  options.log_archive_retention = absl::Seconds(config.log_archive_retention_seconds);
  options.backlog_bytes = PlanMemory(config).replication_backlog_bytes;
  if (TlsFilesFor(config, ordinal).mutual()) {
    options.check_peer = [peer_template = config.peer_template](grpc::ServerContext* context,
                                                                uint32_t claimed) {
      return ToGrpcStatus(CheckPeerOrdinal(*context, peer_template, claimed), context);
    };
  }
  const Authenticator* checker = &auth;
  // Streaming the log and cloning both need REPLICATION SLAVE (docs/users-and-privileges.md).
  absl::StatusOr<std::unique_ptr<ReplicationNode>> node = ReplicationNode::Create(
      *db_, std::move(options), [checker](grpc::ServerContext* context) {
        return ToGrpcStatus(
            checker->CheckPrivilege(*context, engine::auth::kReplicationSlave,
                                    "REPLICATION SLAVE"),
            context);
      });
  if (!node.ok()) {
    return absl::Status(node.status().code(), absl::StrCat("cannot start replication: ",
                                                           node.status().message()));
  }
  replication_ = *std::move(node);
  sync_ = std::make_unique<SyncReplicas>(replication_->acks(), config.sync_replicas,
                                         absl::Milliseconds(config.sync_timeout_ms));
  if (config.sync_replicas > 0 && replication_->acks() != nullptr) {
    spdlog::info("semi-synchronous commits: {} replica(s), timeout {} ms", config.sync_replicas,
                 config.sync_timeout_ms);
  }
  return absl::OkStatus();
}

}  // namespace ordinal::server
