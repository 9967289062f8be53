// A real OrdinalDB cluster for integration tests: one primary (ordinal 0) and replicas
// (ordinals 1..N-1), each a ServerProcess with its own data directory, all on one port and
// each on its own loopback address, like pods: ordinal N listens on 127.0.X.N, where X is
// picked at random per cluster so that tests running in parallel do not collide, and
// every pod gets --peer_template=127.0.X.{ordinal}:PORT.
//
// The pods start in ordinal order, each waited for until SERVING. The destructor kills every
// pod (SIGKILL) and removes its directory, also when a test fails half-way.
//
// Waiting helpers poll Admin.GetStatus every few milliseconds up to a deadline: they wait
// for a state, never for a fixed time.
//
// Thread safety: the pod controls (Kill, Restart, ...) from one thread; Execute, AdminStatus
// and the waits may run from several threads while no pod is being restarted.
#ifndef ORDINAL_TESTS_TESTING_CLUSTER_H_
#define ORDINAL_TESTS_TESTING_CLUSTER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ordinal/v1/admin.pb.h"
#include "ordinal/v1/sql.pb.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {

struct ClusterProcessOptions {
  // Pods to start: ordinal 0 and pods - 1 replicas.
  int pods = 3;
  // Extra flags for every pod, for the primary only, and for the replicas only.
  std::vector<std::string> flags;
  std::vector<std::string> primary_flags;
  std::vector<std::string> replica_flags;
  // How long each pod may take to become SERVING.
  std::chrono::seconds start_timeout{60};
  // When the pods speak TLS (TLS flags in `flags`): the CA that signed their certificates,
  // for the harness's own channels (ServerOptions::tls_ca_file).
  std::string tls_ca_file;
  // "127.0.X" to use; "" picks one at random (RandomLoopbackNet). Tests that issue
  // certificates naming the pods' addresses pick it first.
  std::string net;
};

class ClusterProcess {
 public:
  // Picks 127.0.X and a free port, then starts the pods in ordinal order.
  static absl::StatusOr<std::unique_ptr<ClusterProcess>> Start(ClusterProcessOptions options = {});

  int pod_count() const { return static_cast<int>(pods_.size()); }
  ServerProcess& pod(int ordinal) { return *pods_.at(ordinal); }
  // "127.0.X.N:PORT" of ordinal N.
  std::string address(int ordinal) const;
  std::vector<std::string> addresses() const;
  // "127.0.X.{ordinal}:PORT", as every pod is given it.
  const std::string& peer_template() const { return peer_template_; }
  const std::string& password() const;

  // SIGKILL / SIGTERM of one pod; Restart starts it again on its own data directory with
  // its flags and waits SERVING.
  absl::Status Kill(int ordinal);
  absl::Status Stop(int ordinal);
  absl::Status Restart(int ordinal);
  // Restarts a stopped pod with --peer_template replaced, e.g. to point a replica at the
  // primary of another cluster.
  absl::Status RestartFollowing(int ordinal, const std::string& peer_template);

  // Sql.Execute of one statement on one pod, outside any session.
  absl::StatusOr<v1::ExecuteResponse> Execute(int ordinal, const std::string& sql);
  // Admin.GetStatus of one pod.
  absl::StatusOr<v1::GetStatusResponse> AdminStatus(int ordinal);
  // The primary's newest position (ordinal 0) or a replica's applied position.
  absl::StatusOr<uint64_t> Position(int ordinal);
  // The Checksum cell of `CHECKSUM TABLE table` on one pod.
  absl::StatusOr<std::string> Checksum(int ordinal, const std::string& table);

  // Waits until the replica `ordinal` has applied at least `position`. DEADLINE_EXCEEDED
  // naming both positions and the replica's state when `timeout` passes first.
  absl::Status WaitApplied(int ordinal, uint64_t position, absl::Duration timeout);
  // Waits until every running replica has applied the primary's current newest position.
  absl::Status WaitConverged(absl::Duration timeout);
  // Waits until the replica's SHOW REPLICA STATUS state is `state` ("streaming",
  // "stopped-needs-clone", ...); DEADLINE_EXCEEDED with the last state and error otherwise.
  absl::Status WaitReplicaState(int ordinal, const std::string& state, absl::Duration timeout);

  // The last lines of the pod's log, for failure messages.
  std::string LogTail(int ordinal, size_t max_bytes = 3000) const;
  // Every pod's log tail, one after the other.
  std::string AllLogTails(size_t max_bytes = 2000) const;

 private:
  ClusterProcess() = default;
  ServerOptions PodOptions(int ordinal) const;
  absl::Status ReplacePeerTemplate(int ordinal, const std::string& peer_template);
  std::shared_ptr<grpc::Channel> Channel(int ordinal);

  ClusterProcessOptions options_;
  std::string net_;  // "127.0.X"
  int port_ = 0;
  std::string peer_template_;
  std::vector<std::unique_ptr<ServerProcess>> pods_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
};

// "127.0.X" with X random in 2..254.
std::string RandomLoopbackNet();

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_TESTING_CLUSTER_H_
