// ordinald's wiring: opens the database in the role of its ordinal (0: primary, else
// replica of the peer template's ordinal 0), builds the gRPC server (Sql, Admin,
// Replication, health, reflection) on --host:--port and the MySQL protocol listener on
// --host:--mysql_port (server/mysql/listener.h), starts replication (the primary's
// backlog, or the replica's follower), and serves metrics when --metrics_port is set.
//
// Lifecycle: Start() returns once the port is bound and health reports SERVING (readiness
// follows server/readiness.h). Shutdown() reports NOT_SERVING, ends the replication
// streams, refuses new calls (UNAVAILABLE), lets running calls finish up to a grace period,
// stops gRPC (cancelling what is left), stops replication, closes the sessions (rolling
// back) and the database.
//
// Thread safety: Shutdown may be called from any one thread; it is idempotent.
#ifndef ORDINAL_SERVER_SERVER_H_
#define ORDINAL_SERVER_SERVER_H_

#include <memory>
#include <string>

#include <grpcpp/server.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/database.h"
#include "server/admin_service.h"
#include "server/auth.h"
#include "server/call_gate.h"
#include "server/config.h"
#include "server/metrics.h"
#include "server/mysql/listener.h"
#include "server/readiness.h"
#include "server/replication_node.h"
#include "server/session_manager.h"
#include "server/sql_service.h"
#include "server/statement_runner.h"
#include "server/sync_replicas.h"

namespace ordinal::server {

inline constexpr char kVersion[] = "0.1.0";
// The MySQL version the MySQL protocol front end reports itself compatible with.
inline constexpr char kMysqlVersion[] = "8.0.36";

class Server {
 public:
  // `ordinal` is the resolved ordinal (config.ordinal may be -1). Fails with the reason when
  // the database cannot be opened or a port cannot be bound (e.g. already in use).
  static absl::StatusOr<std::unique_ptr<Server>> Start(const Config& config, int ordinal,
                                                       Authenticator auth);
  ~Server();

  void Shutdown(absl::Duration grace = absl::Seconds(5));

  // "host:port" the gRPC server listens on.
  const std::string& address() const { return address_; }
  // The MySQL listener's port (0 when --mysql_port=0).
  int mysql_port() const { return mysql_listener_ ? mysql_listener_->port() : 0; }

 private:
  Server() = default;
  absl::Status OpenDatabase(const Config& config, int ordinal);
  absl::Status StartReplication(const Config& config, int ordinal);
  absl::Status StartMetrics(const Config& config);
  void StartServices(const Config& config, int ordinal);
  absl::Status StartGrpc(const Config& config);
  absl::Status StartMysql(const Config& config);
  // Whether "ordinal.readiness" should say SERVING now.
  bool Ready() const;

  Config config_;
  std::string address_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<engine::Database> db_;
  std::unique_ptr<SessionManager> sessions_;
  std::unique_ptr<ReplicationNode> replication_;
  std::unique_ptr<SyncReplicas> sync_;
  std::unique_ptr<Metrics> metrics_;
  CallGate gate_;
  std::unique_ptr<StatementRunner> runner_;
  std::unique_ptr<SqlService> sql_service_;
  std::unique_ptr<AdminService> admin_service_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<mysql::Frontend> mysql_frontend_;
  std::unique_ptr<mysql::Listener> mysql_listener_;
  std::unique_ptr<ReadinessMonitor> readiness_;
  bool shut_down_ = false;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_SERVER_H_
