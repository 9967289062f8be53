// The fault suite's nemesis: which fault comes next, drawn from a seeded generator so that
// a failing run replays exactly (docs/faults.md). The suite applies each fault to a real
// 3-ordinal cluster under a write load, heals it, and checks the invariants.
//
// Thread safety: none; one thread draws.
#ifndef ORDINAL_TESTS_INTEGRATION_FAULT_NEMESIS_H_
#define ORDINAL_TESTS_INTEGRATION_FAULT_NEMESIS_H_

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace ordinal::integration {

enum class Fault {
  kKillPrimary,      // kill -9 ordinal 0, restart it
  kKillReplica,      // kill -9 one replica, restart it
  kKillBoth,         // kill -9 the primary and one replica, restart both
  kPause,            // SIGSTOP one pod for a while, then SIGCONT
  kPartition,        // cut one replica's link to the primary (drop or blackhole), heal
  kWipeReplica,      // kill -9 a replica, empty its volume, restart: it re-clones
  kKillCloneSource,  // wipe a replica, and kill -9 its clone source while it copies
  kKillCloneTarget,  // wipe a replica, and kill -9 it while it copies
  kSyncReplicas,     // restart the primary (SIGTERM) with another --sync_replicas
};
inline constexpr int kFaultKinds = 9;

const char* FaultName(Fault fault);

// What one trial does: the fault and its random parameters.
struct Trial {
  Fault fault = Fault::kKillPrimary;
  int replica = 1;              // the replica it hits (1 or 2)
  int pod = 0;                  // kPause: the pod it stops (0..2)
  bool blackhole = false;       // kPartition: blackhole (true) or drop (false)
  int sync_replicas = 0;        // kSyncReplicas: the new setting (0..2)
  absl::Duration hold;          // how long the fault lasts before it heals
};

class Nemesis {
 public:
  explicit Nemesis(uint64_t seed) : random_(seed) {}

  Trial Next();
  // Trials drawn so far, by fault name.
  const std::map<std::string, int>& counts() const { return counts_; }

 private:
  int Uniform(int low, int high);  // inclusive

  std::mt19937_64 random_;
  std::map<std::string, int> counts_;
};

}  // namespace ordinal::integration

#endif  // ORDINAL_TESTS_INTEGRATION_FAULT_NEMESIS_H_
