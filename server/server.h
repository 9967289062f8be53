// ordinald's wiring: one long-lived server per process. It binds the gRPC server (Sql,
// Admin, Replication, Clone, health, reflection) on --host:--port, the MySQL protocol
// listener on --host:--mysql_port (server/mysql/listener.h) and the metrics port once, and
// never rebinds; the node (server/node.h) opens, clones and swaps the database behind them
// in a Slot (server/slot.h), moving through the states of server/node_state.h.
//
// Lifecycle: Start() returns once the ports are bound and the node started: with the store
// open (primary, or a replica with a complete data directory; health SERVING), or with the
// first clone running (health NOT_SERVING but "ordinal.liveness"; SQL answers UNAVAILABLE
// with the reason). Shutdown() reports NOT_SERVING, stops the node (cancelling a clone),
// ends the replication and clone streams, refuses new calls (UNAVAILABLE), lets running
// calls finish up to a grace period, stops gRPC (cancelling what is left), closes the
// sessions (rolling back) and the database.
//
// Thread safety: Shutdown may be called from any one thread; it is idempotent.
#ifndef ORDINAL_SERVER_SERVER_H_
#define ORDINAL_SERVER_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include <grpcpp/server.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/admin_service.h"
#include "server/auth.h"
#include "server/call_gate.h"
#include "server/config.h"
#include "server/metrics.h"
#include "server/mysql/listener.h"
#include "server/node.h"
#include "server/readiness.h"
#include "server/session_manager.h"
#include "server/slot.h"
#include "server/sql_service.h"
#include "server/statement_runner.h"
#include "server/store.h"
#include "server/store_services.h"
#include "server/tls_files.h"
#include "server/wait_budget.h"

namespace ordinal::server {

inline constexpr char kVersion[] = "0.1.0";
// The MySQL version the MySQL protocol front end reports itself compatible with.
inline constexpr char kMysqlVersion[] = "8.0.36";

class Server {
 public:
  // `ordinal` is the resolved ordinal (config.ordinal may be -1). Fails with the reason when
  // a port cannot be bound (e.g. already in use) or a complete store cannot be opened.
  // `on_fatal` is called from another thread when the node cannot go on later (e.g. a
  // cloned store that does not open); the process should then exit.
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      const Config& config, int ordinal, Authenticator auth,
      std::function<void(const absl::Status&)> on_fatal);
  ~Server();

  // Ends every parked wait and semi-sync wait at once (they answer UNAVAILABLE errno 1053,
  // or as a semi-sync fallback), so that the grace period is spent only on real work.
  void Shutdown(absl::Duration grace = absl::Seconds(5));

  // "host:port" the gRPC server listens on.
  const std::string& address() const { return address_; }
  // The MySQL listener's port (0 when --mysql_port=0).
  int mysql_port() const { return mysql_listener_ ? mysql_listener_->port() : 0; }

 private:
  Server() = default;
  absl::Status StartMetrics(const Config& config);
  void StartServices(const Config& config, int ordinal);
  absl::Status StartGrpc(const Config& config);
  absl::Status StartMysql(const Config& config);
  // The open store's figures for a scrape; nullopt while none is open.
  std::optional<DatabaseFigures> StoreFigures() const;

  Config config_;
  TlsFiles tls_;  // this ordinal's certificate files (disabled: plaintext)
  std::string address_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<Slot<Store>> slot_;
  std::unique_ptr<SessionManager> sessions_;
  std::unique_ptr<Node> node_;
  std::unique_ptr<Metrics> metrics_;
  CallGate gate_;
  std::unique_ptr<WaitBudget> waits_;  // outlives the front ends that park waits in it
  std::unique_ptr<StatementRunner> runner_;
  std::unique_ptr<SqlService> sql_service_;
  std::unique_ptr<AdminService> admin_service_;
  std::unique_ptr<ReplicationForwarder> replication_service_;
  std::unique_ptr<CloneForwarder> clone_service_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<mysql::Frontend> mysql_frontend_;
  std::unique_ptr<mysql::Listener> mysql_listener_;
  std::unique_ptr<ReadinessMonitor> readiness_;
  bool shut_down_ = false;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_SERVER_H_
