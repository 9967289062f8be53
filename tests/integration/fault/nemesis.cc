#include "tests/integration/fault/nemesis.h"

namespace ordinal::integration {

const char* FaultName(Fault fault) {
  switch (fault) {
    case Fault::kKillPrimary: return "kill-primary";
    case Fault::kKillReplica: return "kill-replica";
    case Fault::kKillBoth: return "kill-both";
    case Fault::kPause: return "pause";
    case Fault::kPartition: return "partition";
    case Fault::kWipeReplica: return "wipe-replica";
    case Fault::kKillCloneSource: return "kill-clone-source";
    case Fault::kKillCloneTarget: return "kill-clone-target";
    case Fault::kSyncReplicas: return "sync-replicas";
  }
  return "?";
}

int Nemesis::Uniform(int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random_);
}

Trial Nemesis::Next() {
  Trial trial;
  // Every draw happens whatever the fault, so that one seed always gives one sequence.
  trial.fault = static_cast<Fault>(Uniform(0, kFaultKinds - 1));
  trial.replica = Uniform(1, 2);
  trial.pod = Uniform(0, 2);
  trial.blackhole = Uniform(0, 1) == 1;
  trial.sync_replicas = Uniform(0, 2);
  trial.hold = absl::Milliseconds(Uniform(200, 2500));
  ++counts_[std::string(FaultName(trial.fault))];
  return trial;
}

}  // namespace ordinal::integration
