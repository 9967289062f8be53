// LocalCluster: ordinald pods on one machine for the replication benchmark. Ordinal N
// listens on 127.0.X.N:PORT (every 127.x.y.z is loopback), all pods get
// --peer_template=127.0.X.{ordinal}:PORT, and each has a data directory under one temp root.
// Pods are stopped with SIGTERM (Stop) and started again on their own directory (Start).
//
// Thread safety: one thread drives a LocalCluster.
#ifndef ORDINAL_BENCH_REPLICATION_LOCAL_CLUSTER_H_
#define ORDINAL_BENCH_REPLICATION_LOCAL_CLUSTER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ordinal::bench {

struct LocalClusterOptions {
  std::string ordinald_path;
  int pods = 3;
  std::string password;
  // Extra flags for every pod.
  std::vector<std::string> flags;
  // Keep the data directories and logs after the run.
  bool keep_dirs = false;
};

class LocalCluster {
 public:
  // Creates the root directory and picks the network and port; starts nothing.
  static absl::StatusOr<std::unique_ptr<LocalCluster>> Create(LocalClusterOptions options);
  LocalCluster(const LocalCluster&) = delete;
  LocalCluster& operator=(const LocalCluster&) = delete;
  // Kills every pod still running; removes the directories unless keep_dirs.
  ~LocalCluster();

  // Starts pod `ordinal` and waits until it answers Admin.GetStatus.
  absl::Status Start(int ordinal);
  // SIGTERM and wait for exit.
  absl::Status Stop(int ordinal);
  // Adds a flag for every later Start.
  void AddFlag(std::string flag) { options_.flags.push_back(std::move(flag)); }

  std::string address(int ordinal) const;
  std::vector<std::string> addresses() const;
  const std::string& peer_template() const { return peer_template_; }
  const std::string& root_dir() const { return root_dir_; }

 private:
  LocalCluster() = default;

  LocalClusterOptions options_;
  std::string root_dir_;
  std::string net_;
  int port_ = 0;
  std::string peer_template_;
  std::vector<pid_t> pids_;
};

// The ordinald next to this program in the build tree (../../server/ordinald), or "".
std::string DefaultOrdinaldPath();

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_REPLICATION_LOCAL_CLUSTER_H_
