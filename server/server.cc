#include "server/server.h"

#include <filesystem>
#include <system_error>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
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

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const Config& config, int ordinal,
                                                      Authenticator auth) {
  std::unique_ptr<Server> server(new Server());
  server->config_ = config;
  server->auth_ = std::make_unique<Authenticator>(std::move(auth));
  if (absl::Status s = server->OpenDatabase(config); !s.ok()) return s;

  engine::Database& db = *server->db_;
  server->sessions_ = std::make_unique<SessionManager>(
      db, SessionManager::Options{absl::Seconds(config.session_idle_timeout_s),
                                  static_cast<size_t>(config.max_sessions)});
  server->positions_ = std::make_unique<PositionWaiter>([&db] { return db.LatestPosition(); });
  if (config.metrics_port == 0) {
    server->metrics_ = Metrics::Unserved();
  } else {
    SessionManager* sessions = server->sessions_.get();
    absl::StatusOr<std::unique_ptr<Metrics>> metrics = Metrics::Serve(
        config.host, config.metrics_port, db, [sessions] { return sessions->size(); });
    if (!metrics.ok()) return metrics.status();
    server->metrics_ = *std::move(metrics);
    spdlog::info("serving metrics on http://{}:{}/metrics", config.host, config.metrics_port);
  }
  server->sql_service_ = std::make_unique<SqlService>(db, *server->sessions_, *server->auth_,
                                                      *server->positions_, *server->metrics_,
                                                      server->gate_);
  ServerIdentity identity{kVersion, ordinal, RoleForOrdinal(ordinal),
                          PeerAddress(config.peer_template, 0), absl::Now()};
  server->admin_service_ = std::make_unique<AdminService>(std::move(identity), *server->auth_,
                                                          db, *server->sessions_, server->gate_);
  if (absl::Status s = server->StartGrpc(config); !s.ok()) return s;
  spdlog::info("listening on {} as ordinal {} ({})", server->address_, ordinal,
               RoleName(RoleForOrdinal(ordinal)));
  return server;
}

absl::Status Server::OpenDatabase(const Config& config) {
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
  absl::StatusOr<std::unique_ptr<engine::Database>> db = engine::Database::Open(options);
  if (!db.ok()) {
    return absl::Status(db.status().code(), absl::StrCat("cannot open database in '",
                                                         config.data_dir,
                                                         "': ", db.status().message()));
  }
  db_ = *std::move(db);
  spdlog::info("database open at position {}", db_->LatestPosition());
  return absl::OkStatus();
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
  builder.RegisterService(sql_service_.get());
  builder.RegisterService(admin_service_.get());
  grpc_server_ = builder.BuildAndStart();
  if (grpc_server_ == nullptr || bound_port == 0) {
    grpc_server_.reset();
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", address_, ": the address is in use or not available here"));
  }
  SetServing(grpc_server_->GetHealthCheckService(), true);
  return absl::OkStatus();
}

void Server::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
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
  sessions_.reset();  // rolls back open transactions
  metrics_.reset();
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
