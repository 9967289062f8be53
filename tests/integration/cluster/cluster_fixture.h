// A GoogleTest fixture around a real cluster (tests/testing/cluster.h: a primary and two
// replicas on their own loopback addresses) with the verbs the replication tests speak in:
// run SQL on a pod, run a write load, wait for convergence, compare checksums, and check
// that every writer's history arrived whole on every pod. On failure, TearDown prints the
// tail of every pod's log.
#ifndef ORDINAL_TESTS_INTEGRATION_CLUSTER_CLUSTER_FIXTURE_H_
#define ORDINAL_TESTS_INTEGRATION_CLUSTER_CLUSTER_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/time/time.h"
#include "ordinal/v1/sql.pb.h"
#include "tests/integration/cluster/write_load.h"
#include "tests/testing/cluster.h"

namespace ordinal::integration {

using ordinal::testing::ClusterProcess;
using ordinal::testing::ClusterProcessOptions;

// Generous bounds: the machine is shared and slow; a test waits for a state, and these
// only stop a test that would otherwise hang.
inline constexpr absl::Duration kConvergeTimeout = absl::Seconds(60);
inline constexpr absl::Duration kLoadProgressTimeout = absl::Seconds(60);

// What one pod holds of one writer's history (see write_load.h).
struct WriterTally {
  int64_t rows = -1;
  int64_t min_seq = -1;
  int64_t max_seq = -1;
  int64_t counter_n = -1;
  int64_t counter_last_seq = -1;
  friend bool operator==(const WriterTally&, const WriterTally&) = default;
};
std::ostream& operator<<(std::ostream& out, const WriterTally& tally);

class ClusterFixture : public ::testing::Test {
 protected:
  // Options of the cluster SetUp starts; override to change them.
  virtual ClusterProcessOptions Options() { return {}; }

  void SetUp() override;
  void TearDown() override;

  ClusterProcess& cluster() { return *cluster_; }

  // Runs `sql` on the pod and expects success.
  v1::ExecuteResponse Sql(int ordinal, const std::string& sql);
  // The first cell of `sql`'s first row on the pod, as an integer (-1 when there is none).
  int64_t IntCell(int ordinal, const std::string& sql);

  // Creates the write load's tables on the primary and waits for every replica to have them.
  void CreateLoadSchema(int writers);
  // Waits until the load acknowledged at least `total` transactions in all.
  void WaitForAcknowledged(const WriteLoad& load, int64_t total);
  // Expects every running replica to reach the primary's newest position.
  void ExpectConverged();
  // Expects CHECKSUM TABLE of each table to be equal on every running pod.
  void ExpectChecksumsEqual(const std::vector<std::string>& tables);
  // The pod's tally of writer `w`.
  WriterTally Tally(int ordinal, int w);
  // Expects, on every running pod and for every writer: seqs 1..n all present once, the
  // counter row agreeing, the same tally on every pod, and at least `load`'s acknowledged
  // seqs there.
  void ExpectWritersIntact(const WriteLoad& load);

  std::unique_ptr<ClusterProcess> cluster_;
};

}  // namespace ordinal::integration

#endif  // ORDINAL_TESTS_INTEGRATION_CLUSTER_CLUSTER_FIXTURE_H_
