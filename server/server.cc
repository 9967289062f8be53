#include "server/server.h"

#include <filesystem>
#include <system_error>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "proto/status_mapping.h"
#include "server/health.h"
#include "server/role.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {
namespace {

// Requests up to this size reach the service; larger ones fail with RESOURCE_EXHAUSTED in
// gRPC itself. Statements over the engine's 4 MiB limit are refused by the engine.
constexpr int kMaxReceiveMessageBytes = 16 << 20;

// How long gRPC may take to stop once our own calls are drained.
constexpr absl::Duration kStopDeadline = absl::Milliseconds(200);

// The synchronous API (sessions, admin, replication streams; Sql.Execute uses the callback
// API) runs each call on a poller thread and starts a new poller when none is idle; idle
// pollers beyond MAX_POLLERS exit. gRPC's default of 2 makes a server with a few concurrent
// calls create and destroy a thread for most of them, so idle pollers are kept up to a
// bound instead. More idle pollers than gRPC's one minimum only add contention.
constexpr int kMinPollers = 1;
constexpr int kMaxPollers = 64;

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const Config& config, int ordinal,
                                                      Authenticator auth) {
  // Debian's abseil is built with mutex deadlock detection on, which records a stack trace
  // and updates a global lock graph on every contended lock of ours and of gRPC's; the
  // thread-safety annotations check lock order at compile time instead.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  std::unique_ptr<Server> server(new Server());
  server->config_ = config;
  server->auth_ = std::make_unique<Authenticator>(std::move(auth));
  if (absl::Status s = server->OpenDatabase(config, ordinal); !s.ok()) return s;
  server->sessions_ = std::make_unique<SessionManager>(
      *server->db_, SessionManager::Options{absl::Seconds(config.session_idle_timeout_s),
                                            static_cast<size_t>(config.max_sessions)});
  if (absl::Status s = server->StartReplication(config, ordinal); !s.ok()) return s;
  if (absl::Status s = server->StartMetrics(config); !s.ok()) return s;
  server->StartServices(config, ordinal);
  if (absl::Status s = server->StartGrpc(config); !s.ok()) return s;
  if (absl::Status s = server->StartMysql(config); !s.ok()) return s;
  if (absl::Status s = server->replication_->StartFollowing(); !s.ok()) return s;
  server->readiness_ = std::make_unique<ReadinessMonitor>(
      server->grpc_server_->GetHealthCheckService(),
      [raw = server.get()] { return raw->Ready(); });
  server->readiness_->Start();
  spdlog::info("listening on {} as ordinal {} ({})", server->address_, ordinal,
               RoleName(RoleForOrdinal(ordinal)));
  return server;
}

absl::Status Server::OpenDatabase(const Config& config, int ordinal) {
  std::error_code error;
  std::filesystem::create_directories(config.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create --data_dir '", config.data_dir, "': ", error.message()));
  }
  spdlog::info("opening data directory {} (sync_commit={}, block_cache_mb={})", config.data_dir,
               config.sync_commit ? "on" : "off", config.block_cache_mb);
  engine::DatabaseOptions options;
  options.data_dir = config.data_dir;
  options.sync_commit = config.sync_commit;
  options.block_cache_bytes = config.block_cache_mb << 20;
  options.role = RoleForOrdinal(ordinal) == Role::kPrimary ? engine::DatabaseRole::kPrimary
                                                           : engine::DatabaseRole::kReplica;
  options.primary_address = PeerAddress(config.peer_template, 0);
  options.log_retention_seconds = config.log_retention_seconds;
  options.log_retention_bytes = config.log_retention_bytes;
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

absl::Status Server::StartReplication(const Config& config, int ordinal) {
  ReplicationNode::Options options;
  options.role = RoleForOrdinal(ordinal);
  options.primary_address = PeerAddress(config.peer_template, 0);
  options.ordinal = static_cast<uint32_t>(ordinal);
  options.own_address = PeerAddress(config.peer_template, ordinal);
  options.password = auth_->password();
  options.heartbeat_interval = absl::Milliseconds(config.heartbeat_interval_ms);
  options.clone = CloneSettingsFor(config, ordinal, auth_->password());
  const Authenticator* auth = auth_.get();
  absl::StatusOr<std::unique_ptr<ReplicationNode>> node = ReplicationNode::Create(
      *db_, std::move(options), [auth](grpc::ServerContext* context) {
        return ToGrpcStatus(auth->Check(*context), context);
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

absl::Status Server::StartMetrics(const Config& config) {
  if (config.metrics_port == 0) {
    metrics_ = Metrics::Unserved();
    return absl::OkStatus();
  }
  SessionManager* sessions = sessions_.get();
  const ReplicationNode* replication = replication_.get();
  const SyncReplicas* sync = sync_.get();
  absl::StatusOr<std::unique_ptr<Metrics>> metrics = Metrics::Serve(
      config.host, config.metrics_port, *db_, [sessions] { return sessions->size(); },
      [replication, sync] {
        ReplicationFigures figures;
        figures.replica = replication->FollowerState();
        if (replication->role() == Role::kPrimary) {
          figures.replicas_connected = replication->ConnectedReplicas();
        }
        figures.sync_fallbacks = sync->fallbacks();
        figures.clone = replication->Clones();
        return figures;
      });
  if (!metrics.ok()) return metrics.status();
  metrics_ = *std::move(metrics);
  spdlog::info("serving metrics on http://{}:{}/metrics", config.host, config.metrics_port);
  return absl::OkStatus();
}

void Server::StartServices(const Config& config, int ordinal) {
  SqlService::Options sql_options;
  sql_options.default_position_wait = absl::Milliseconds(config.min_position_timeout_ms);
  runner_ = std::make_unique<StatementRunner>(*replication_, *sync_, *metrics_);
  sql_service_ = std::make_unique<SqlService>(
      SqlService::Parts{*db_, *sessions_, *auth_, gate_, *replication_, *runner_},
      sql_options);
  ServerIdentity identity{kVersion, ordinal, RoleForOrdinal(ordinal),
                          PeerAddress(config.peer_template, 0), absl::Now()};
  admin_service_ = std::make_unique<AdminService>(std::move(identity), *auth_, *db_, *sessions_,
                                                  gate_, *replication_, *sync_);
}

bool Server::Ready() const {
  std::optional<ordinal::v1::ReplicationState> state = replication_->FollowerState();
  if (!state.has_value()) return true;  // the primary is ready while it serves
  return state->state() == replication::kStateStreaming &&
         state->lag_ms() < static_cast<double>(config_.readiness_max_lag_ms);
}

absl::Status Server::StartGrpc(const Config& config) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  address_ = absl::StrCat(config.host, ":", config.port);
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(address_, grpc::InsecureServerCredentials(), &bound_port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, kMinPollers);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, kMaxPollers);
  builder.RegisterService(sql_service_.get());
  builder.RegisterService(admin_service_.get());
  builder.RegisterService(replication_->service());
  if (grpc::Service* clone = replication_->clone_service()) builder.RegisterService(clone);
  grpc_server_ = builder.BuildAndStart();
  if (grpc_server_ == nullptr || bound_port == 0) {
    grpc_server_.reset();
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", address_, ": the address is in use or not available here"));
  }
  SetServing(grpc_server_->GetHealthCheckService(), true);
  return absl::OkStatus();
}

absl::Status Server::StartMysql(const Config& config) {
  if (config.mysql_port == 0) return absl::OkStatus();
  engine::Database* db = db_.get();
  mysql_frontend_ = std::make_unique<mysql::Frontend>(mysql::Frontend{
      [db](std::string_view database) { return db->NewSession(database); }, *runner_});
  mysql::Listener::Options options;
  options.host = config.host;
  options.port = config.mysql_port;
  options.max_connections = static_cast<size_t>(config.mysql_max_connections);
  options.limits.max_packet = config.mysql_max_allowed_packet;
  options.limits.wait_timeout = absl::Seconds(config.session_idle_timeout_s);
  options.limits.connect_timeout = absl::Seconds(config.mysql_connect_timeout_s);
  options.server_version = absl::StrCat(kMysqlVersion, "-OrdinalDB-", kVersion);
  auto counters = std::make_shared<FrontendCounters>();
  metrics_->AddFrontend("mysql", counters);
  absl::StatusOr<std::unique_ptr<mysql::Listener>> listener =
      mysql::Listener::Start(options, *mysql_frontend_, *auth_, std::move(counters));
  if (!listener.ok()) return listener.status();
  mysql_listener_ = *std::move(listener);
  spdlog::info("MySQL protocol on {}:{}", config.host, mysql_listener_->port());
  return absl::OkStatus();
}

void Server::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  if (readiness_ != nullptr) readiness_->Stop();
  if (replication_ != nullptr) replication_->StopStreams();
  if (grpc_server_ != nullptr) {
    spdlog::info("shutting down: health NOT_SERVING, draining calls for up to {}",
                 absl::FormatDuration(grace));
    SetServing(grpc_server_->GetHealthCheckService(), false);
    if (!gate_.CloseAndDrain(grace)) spdlog::warn("calls still running after {}: cancelling them",
                                                  absl::FormatDuration(grace));
    // What is left are idle connections and health checks: a short deadline suffices.
    grpc_server_->Shutdown(absl::ToChronoTime(absl::Now() + kStopDeadline));
    grpc_server_->Wait();
  }
  if (mysql_listener_ != nullptr) {
    mysql_listener_->Shutdown(grace);  // ERR 1053 to every client, then closes
    mysql_listener_.reset();
  }
  metrics_.reset();  // reads the sessions and replication on scrape
  sessions_.reset();  // rolls back open transactions
  replication_.reset();  // stops the backlog's tailer
  if (db_ != nullptr) {
    spdlog::info("closing database at position {}", db_->LatestPosition());
    db_.reset();
  }
  if (grpc_server_ != nullptr) spdlog::info("shutdown complete");
}

Server::~Server() {
  // Members referencing each other are torn down in dependency order by Shutdown.
  Shutdown(absl::ZeroDuration());
}

}  // namespace ordinal::server
