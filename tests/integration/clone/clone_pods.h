// Pods for the clone tests: ordinald processes that share one port on 127.0.X.N (X random
// per test), started without waiting (a cloning replica is not SERVING for a while), killed
// for real, each with its own data directory under one temp root that the destructor
// removes. Waits poll a condition up to a deadline; none sleeps a fixed time.
#ifndef ORDINAL_TESTS_INTEGRATION_CLONE_CLONE_PODS_H_
#define ORDINAL_TESTS_INTEGRATION_CLONE_CLONE_PODS_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ordinal/v1/admin.pb.h"
#include "ordinal/v1/sql.pb.h"

namespace ordinal::testing {

class ClonePods {
 public:
  ClonePods();
  ~ClonePods();

  std::string address(int ordinal) const;
  std::string data_dir(int ordinal) const;
  std::string log(int ordinal) const;  // the pod's whole log so far

  // Spawns ordinal N (not waiting) with the common flags plus `flags`.
  absl::Status Spawn(int ordinal, const std::vector<std::string>& flags = {});
  absl::Status Kill(int ordinal);  // SIGKILL and reap
  absl::Status Stop(int ordinal);  // SIGTERM and reap
  bool Running(int ordinal);
  // The process id of a spawned ordinal (-1 once it was killed or stopped).
  pid_t pid(int ordinal) const;
  // The loopback host of an ordinal (its address without the port), and the shared port.
  std::string host(int ordinal) const;
  int port() const { return port_; }

  // Waits until `condition` holds; DEADLINE_EXCEEDED with `what` otherwise.
  absl::Status WaitFor(const std::function<bool()>& condition, absl::Duration timeout,
                       const std::string& what);
  absl::Status WaitServing(int ordinal, absl::Duration timeout = absl::Seconds(120));
  absl::Status WaitLog(int ordinal, const std::string& text,
                       absl::Duration timeout = absl::Seconds(60));

  absl::StatusOr<v1::ExecuteResponse> Sql(int ordinal, const std::string& sql);
  absl::StatusOr<v1::GetStatusResponse> Status(int ordinal);
  // Serving health of "" (false when not answering or NOT_SERVING).
  bool Serving(int ordinal);
  // Waits until `ordinal` applied the primary's newest position.
  absl::Status WaitCaughtUp(int ordinal, absl::Duration timeout = absl::Seconds(120));
  // CHECKSUM TABLE `table` on one pod: the row's cells joined.
  absl::StatusOr<std::string> Checksum(int ordinal, const std::string& table);

 private:
  std::shared_ptr<grpc::Channel> Channel(int ordinal);

  std::string root_;
  std::string net_;
  int port_ = 0;
  std::map<int, pid_t> pids_;
  std::map<int, std::shared_ptr<grpc::Channel>> channels_;
};

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_INTEGRATION_CLONE_CLONE_PODS_H_
