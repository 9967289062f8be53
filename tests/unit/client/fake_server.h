// An in-process stand-in for ordinald's Sql and Admin services, for testing the client
// library's session handling without the engine. It understands a handful of statements:
//   USE db (or `db`) | BEGIN | COMMIT | ROLLBACK | WRITE (commits, position +10) |
//   FAIL (1146 error) | anything else returns one row: (session database, statement text).
// Statements arrive on Sql.Session streams (one session per stream, closed when the stream
// ends) or as Sql.Execute calls; DisableSessionStreams makes the fake answer Session with
// UNIMPLEMENTED, as a server from before that method does.
// Several fakes make a cluster: BecomeReplica makes one refuse WRITE as a replica does
// (FAILED_PRECONDITION, errno 1290, naming the primary), set_position sets how far it has
// applied (a statement whose min_position is beyond it fails with UNAVAILABLE, errno 1205),
// and Stop makes its address refuse connections. set_status_extra adds replication fields to
// GetStatus.
#ifndef ORDINAL_TESTS_UNIT_CLIENT_FAKE_SERVER_H_
#define ORDINAL_TESTS_UNIT_CLIENT_FAKE_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "ordinal/v1/sql.grpc.pb.h"

namespace ordinal::testing {

class FakeServer final : public ordinal::v1::Sql::Service, public ordinal::v1::Admin::Service {
 public:
  static constexpr char kPassword[] = "fake-password";

  // Listens on a free loopback port.
  FakeServer();
  ~FakeServer() override;

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  // Forgets every session, as a restarted server would.
  void ForgetSessions();
  int sessions_opened() const;
  int sessions_open() const;
  // Databases named by OpenSession calls, in order.
  std::vector<std::string> opened_databases() const;
  // min_position of the last Execute.
  uint64_t last_min_position() const;

  struct Request {
    std::string session_id;
    std::string sql;
    uint64_t min_position = 0;
    uint32_t wait_timeout_ms = 0;
  };
  // Every Execute received, in order.
  std::vector<Request> requests() const;

  // From now on WRITE fails as on a replica; the error names `primary_address` in its
  // message and, when `in_metadata`, in the trailing metadata x-ordinal-primary.
  void BecomeReplica(const std::string& primary_address, bool in_metadata = true);
  // The position this server has applied (starts at 100; WRITE adds 10).
  void set_position(uint64_t position);
  uint64_t position() const;
  // Shuts the server down: its address refuses connections from now on.
  void Stop();
  // From now on Session fails with UNIMPLEMENTED.
  void DisableSessionStreams();
  // Session streams started (also those refused by DisableSessionStreams).
  int streams_started() const;
  // Fields GetStatus adds to (and, where set, overrides in) its answer, such as the
  // replication state or the replicas list.
  void set_status_extra(const ordinal::v1::GetStatusResponse& extra);

  grpc::Status OpenSession(grpc::ServerContext* context,
                           const ordinal::v1::OpenSessionRequest* request,
                           ordinal::v1::OpenSessionResponse* response) override;
  grpc::Status CloseSession(grpc::ServerContext* context,
                            const ordinal::v1::CloseSessionRequest* request,
                            ordinal::v1::CloseSessionResponse* response) override;
  grpc::Status Execute(grpc::ServerContext* context, const ordinal::v1::ExecuteRequest* request,
                       ordinal::v1::ExecuteResponse* response) override;
  grpc::Status Session(grpc::ServerContext* context,
                       grpc::ServerReaderWriter<ordinal::v1::SessionResponse,
                                                ordinal::v1::SessionRequest>* stream) override;
  grpc::Status GetStatus(grpc::ServerContext* context, const ordinal::v1::GetStatusRequest* request,
                         ordinal::v1::GetStatusResponse* response) override;

 private:
  struct SessionState {
    std::string database;
    bool in_transaction = false;
  };

  grpc::Status CheckPassword(grpc::ServerContext* context);
  // A new session on `database`; the session id.
  absl::StatusOr<std::string> Open(const std::string& database);
  // One statement of either RPC; `primary` gets the primary's address for the trailing
  // metadata (or the stream's error) when a write is refused.
  absl::Status Handle(const Request& request, ordinal::v1::ExecuteResponse* response,
                      std::string* primary);
  absl::Status Run(SessionState& session, const std::string& sql,
                   ordinal::v1::ExecuteResponse* response, std::string* primary)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, SessionState> sessions_ ABSL_GUARDED_BY(mu_);
  int sessions_opened_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> opened_databases_ ABSL_GUARDED_BY(mu_);
  uint64_t position_ ABSL_GUARDED_BY(mu_) = 100;
  uint64_t last_min_position_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<Request> requests_ ABSL_GUARDED_BY(mu_);
  bool replica_ ABSL_GUARDED_BY(mu_) = false;
  std::string primary_address_ ABSL_GUARDED_BY(mu_);
  bool primary_in_metadata_ ABSL_GUARDED_BY(mu_) = true;
  ordinal::v1::GetStatusResponse status_extra_ ABSL_GUARDED_BY(mu_);
  bool streams_ ABSL_GUARDED_BY(mu_) = true;
  int streams_started_ ABSL_GUARDED_BY(mu_) = 0;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_UNIT_CLIENT_FAKE_SERVER_H_
