#include "server/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/grpc_tls.h"
#include "server/health.h"
#include "server/peer_identity.h"
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

// How long a new MySQL connection waits for the store while a re-clone is swapped in.
constexpr absl::Duration kStoreWaitForNewConnection = absl::Seconds(10);

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    const Config& config, int ordinal, Authenticator auth,
    std::function<void(const absl::Status&)> on_fatal) {
  // Debian's abseil is built with mutex deadlock detection on, which records a stack trace
  // and updates a global lock graph on every contended lock of ours and of gRPC's; the
  // thread-safety annotations check lock order at compile time instead.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  std::unique_ptr<Server> server(new Server());
  server->config_ = config;
  server->auth_ = std::make_unique<Authenticator>(std::move(auth));
  server->slot_ = std::make_unique<Slot<Store>>("starting: the store is not open yet");
  // Logins are checked against the open store's accounts; while no store is open (a first
  // clone, a swap), against none: only the configured root and replication user get in.
  server->auth_->SetAccountSource(
      [slot = server->slot_.get()]() -> std::shared_ptr<const engine::auth::AccountSet> {
        absl::StatusOr<Slot<Store>::Lease> store = slot->Acquire(absl::InfinitePast());
        if (!store.ok()) return std::make_shared<const engine::auth::AccountSet>();
        return (*store)->db().Accounts();
      });
  server->sessions_ = std::make_unique<SessionManager>(SessionManager::Options{
      absl::Seconds(config.session_idle_timeout_s), static_cast<size_t>(config.max_sessions)});
  server->node_ = std::make_unique<Node>(Node::Parts{server->config_, ordinal, *server->auth_,
                                                     *server->slot_, *server->sessions_,
                                                     std::move(on_fatal)});
  server->waits_ = std::make_unique<WaitBudget>(static_cast<size_t>(config.max_parked_waits));
  server->tls_ = TlsFilesFor(config, ordinal);
  if (absl::Status s = CheckTlsFiles(server->tls_); !s.ok()) return s;
  // With TLS, the only plaintext port is --health_port: it answers health checks only.
  if (server->tls_.enabled()) server->auth_->RequireSecureChannel();
  if (absl::Status s = server->node_->Open(); !s.ok()) return s;
  if (absl::Status s = server->StartMetrics(config); !s.ok()) return s;
  server->StartServices(config, ordinal);
  if (absl::Status s = server->StartGrpc(config); !s.ok()) return s;
  if (absl::Status s = server->StartMysql(config); !s.ok()) return s;
  grpc::HealthCheckServiceInterface* health = server->grpc_server_->GetHealthCheckService();
  server->node_->Start(health);
  server->readiness_ = std::make_unique<ReadinessMonitor>(
      health, [node = server->node_.get()] { return node->RefreshReadiness(); });
  server->readiness_->Start();
  spdlog::info("listening on {} as ordinal {} ({}{})", server->address_, ordinal,
               RoleName(RoleForOrdinal(ordinal)),
               !server->tls_.enabled() ? ", plaintext"
               : server->tls_.mutual() ? ", TLS with mutual TLS between pods"
                                       : ", TLS");
  return server;
}

std::optional<DatabaseFigures> Server::StoreFigures() const {
  absl::StatusOr<Slot<Store>::Lease> store = slot_->Acquire(absl::InfinitePast());
  if (!store.ok()) return std::nullopt;
  DatabaseFigures figures;
  figures.latest_position = (*store)->db().LatestPosition();
  for (const char* property : kDatabaseProperties) {
    if (std::optional<uint64_t> value = (*store)->db().GetIntProperty(property)) {
      figures.properties.emplace_back(property, *value);
    }
  }
  return figures;
}

absl::Status Server::StartMetrics(const Config& config) {
  if (config.metrics_port == 0) {
    metrics_ = Metrics::Unserved();
    return absl::OkStatus();
  }
  SessionManager* sessions = sessions_.get();
  const Node* node = node_.get();
  Slot<Store>* slot = slot_.get();
  absl::StatusOr<std::unique_ptr<Metrics>> metrics = Metrics::Serve(
      config.host, config.metrics_port, [this] { return StoreFigures(); },
      [sessions] { return sessions->size(); },
      [node, slot] {
        ReplicationFigures figures;
        figures.node_state = std::string(NodeStateName(node->state().state));
        figures.replica = node->ReplicationStatus();
        figures.clone = node->Clones();
        if (absl::StatusOr<Slot<Store>::Lease> store = slot->Acquire(absl::InfinitePast());
            store.ok()) {
          if (node->role() == Role::kPrimary) {
            figures.replicas_connected = (*store)->replication().ConnectedReplicas();
          }
          figures.sync_fallbacks = (*store)->sync().fallbacks();
          if (auto archive = (*store)->replication().ArchiveFigures()) {
            figures.archive_position = archive->archived_position;
            figures.archive_gaps = archive->gaps;
            figures.archive_healthy = archive->last_error.empty();
          }
        }
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
  sql_options.max_parked_threads = waits_->max_waits();
  metrics_->AddWaits(*waits_);
  runner_ = std::make_unique<StatementRunner>(*node_, *slot_, *metrics_);
  sql_service_ = std::make_unique<SqlService>(
      SqlService::Parts{*slot_, *sessions_, *auth_, gate_, *node_, *runner_, *waits_},
      sql_options);
  ServerIdentity identity{kVersion, ordinal, RoleForOrdinal(ordinal),
                          PeerAddress(config.peer_template, 0), absl::Now()};
  admin_service_ = std::make_unique<AdminService>(std::move(identity), *auth_, *slot_,
                                                  *sessions_, gate_, *node_);
  replication_service_ = std::make_unique<ReplicationForwarder>(*slot_);
  CloneForwarder::CheckPeer check_clone_peer;
  if (tls_.mutual()) {
    check_clone_peer = [peer_template = config.peer_template](const grpc::ServerContext& context,
                                                              uint32_t requester) {
      return CheckPeerOrdinal(context, peer_template, requester);
    };
  }
  clone_service_ = std::make_unique<CloneForwarder>(*slot_, std::move(check_clone_peer));
}

absl::Status Server::StartGrpc(const Config& config) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  address_ = absl::StrCat(config.host, ":", config.port);
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(address_, GrpcServerCredentials(tls_), &bound_port);
  int health_bound_port = 0;
  if (config.health_port != 0) {
    builder.AddListeningPort(absl::StrCat(config.host, ":", config.health_port),
                             grpc::InsecureServerCredentials(), &health_bound_port);
  }
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, kMinPollers);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, kMaxPollers);
  builder.RegisterService(sql_service_.get());
  builder.RegisterService(admin_service_.get());
  builder.RegisterService(replication_service_.get());
  builder.RegisterService(clone_service_.get());
  grpc_server_ = builder.BuildAndStart();
  if (grpc_server_ == nullptr || bound_port == 0 ||
      (config.health_port != 0 && health_bound_port == 0)) {
    grpc_server_.reset();
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", address_, ": the address is in use or not available here"));
  }
  // NOT_SERVING but liveness until the node installs a store.
  grpc::HealthCheckServiceInterface* health = grpc_server_->GetHealthCheckService();
  SetServing(health, false);
  if (health != nullptr) health->SetServingStatus("ordinal.liveness", true);
  return absl::OkStatus();
}

absl::Status Server::StartMysql(const Config& config) {
  if (config.mysql_port == 0) return absl::OkStatus();
  Slot<Store>* slot = slot_.get();
  SessionManager* sessions = sessions_.get();
  // A connection's session belongs to the store open when it connected; a swap ends it
  // (SessionManager::Bind) and the client reconnects to the new store.
  mysql_frontend_ = std::make_unique<mysql::Frontend>(mysql::Frontend{
      [slot, sessions](std::string_view database)
          -> absl::StatusOr<std::unique_ptr<engine::Session>> {
        absl::StatusOr<Slot<Store>::Lease> store =
            slot->Acquire(absl::Now() + kStoreWaitForNewConnection);
        if (!store.ok()) return store.status();
        absl::StatusOr<std::unique_ptr<engine::Session>> session =
            (*store)->db().NewSession(database);
        if (!session.ok()) return session.status();
        return sessions->Bind(*std::move(session));
      },
      *runner_, *waits_});
  mysql::Listener::Options options;
  options.host = config.host;
  options.port = config.mysql_port;
  options.max_connections = static_cast<size_t>(config.mysql_max_connections);
  options.max_parked_threads = waits_->max_waits();
  options.limits.max_packet = config.mysql_max_allowed_packet;
  options.limits.wait_timeout = absl::Seconds(config.session_idle_timeout_s);
  options.limits.connect_timeout = absl::Seconds(config.mysql_connect_timeout_s);
  options.server_version = absl::StrCat(kMysqlVersion, "-OrdinalDB-", kVersion);
  if (tls_.enabled()) {
    absl::StatusOr<std::unique_ptr<mysql::TlsContextSource>> tls =
        mysql::TlsContextSource::Create(tls_);
    if (!tls.ok()) return tls.status();
    options.tls = *std::move(tls);
  }
  options.require_secure_transport = config.require_secure_transport;
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
  if (grpc_server_ != nullptr) {
    spdlog::info("shutting down: health NOT_SERVING, draining calls for up to {}",
                 absl::FormatDuration(grace));
    SetServing(grpc_server_->GetHealthCheckService(), false);
  }
  if (node_ != nullptr) node_->Stop();
  // MySQL statements first (their waits and sleeps end with ERROR 1053), then every wait of
  // the store: min_position reads, WAIT_FOR_EXECUTED_GTID_SET, semi-sync commits.
  if (runner_ != nullptr) runner_->connections().InterruptAll();
  if (slot_ != nullptr) {
    if (Store* store = slot_->Close("the server is shutting down", /*swap=*/false)) {
      store->StopWaits();
      store->StopStreams();
    }
  }
  if (grpc_server_ != nullptr) {
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
  metrics_.reset();   // reads the node, the sessions and the store on scrape
  // Rolls back open transactions, before the store they belong to closes.
  if (sessions_ != nullptr) sessions_->EndAll("when the server shut down");
  if (slot_ != nullptr) slot_->TakeWhenIdle().reset();  // closes the database
  if (grpc_server_ != nullptr) spdlog::info("shutdown complete");
}

Server::~Server() {
  // Members referencing each other are torn down in dependency order by Shutdown.
  Shutdown(absl::ZeroDuration());
}

}  // namespace ordinal::server
