// The fault suite (docs/faults.md): a 3-ordinal cluster under concurrent writers, and a
// seeded nemesis that kills, pauses, partitions, wipes and reconfigures pods in random
// order. After each fault the suite heals the cluster, checks that every replica holds a
// prefix of the primary's history while it converges, then stops the writers and checks
// that no acknowledged write is lost, nothing appears that was never written, the counter
// rows stay within their acknowledged bounds, and CHECKSUM TABLE agrees on every pod.
//
// ORDINAL_FAULT_SEED replays a run (the seed is printed first); ORDINAL_FAULT_TRIALS sets
// the number of trials and ORDINAL_FAULT_BUDGET_S the wall time after which no new trial
// starts (0: no limit). The defaults fit CI: trials until about three minutes passed.
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/integration/cluster/cluster_fixture.h"
#include "tests/integration/fault/nemesis.h"
#include "tests/integration/fault/relay.h"

namespace ordinal::integration {
namespace {

using ordinal::testing::ServerProcess;

constexpr int kWriters = 3;
constexpr absl::Duration kDefaultBudget = absl::Seconds(180);

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* text = std::getenv(name);
  uint64_t value = 0;
  return text != nullptr && absl::SimpleAtoi(text, &value) ? value : fallback;
}

class FaultSuiteTest : public ClusterFixture {
 protected:
  ClusterProcessOptions Options() override {
    ClusterProcessOptions options;
    options.primary_flags = {"--sync_replicas=1", "--sync_timeout_ms=300"};
    options.flags = {"--heartbeat_interval_ms=100"};
    return options;
  }

  void SetUp() override {
    ClusterFixture::SetUp();
    if (HasFatalFailure()) return;
    // "127.0.X.{ordinal}:PORT": every replica is restarted behind relays of its own.
    std::vector<std::string> parts = absl::StrSplit(cluster().peer_template(), ".{ordinal}:");
    ASSERT_EQ(parts.size(), 2u) << cluster().peer_template();
    const std::string cluster_net = parts[0];
    ASSERT_TRUE(absl::SimpleAtoi(parts[1], &port_));
    for (int r = 1; r < cluster().pod_count(); ++r) {
      std::string relay_net;
      do {
        relay_net = ordinal::testing::RandomLoopbackNet();
      } while (relay_net == cluster_net);
      absl::StatusOr<std::unique_ptr<RelaySet>> relays =
          RelaySet::Start(relay_net, cluster_net, port_, cluster().pod_count());
      ASSERT_TRUE(relays.ok()) << relays.status();
      ASSERT_TRUE(cluster().Kill(r).ok());
      ASSERT_TRUE(cluster().RestartFollowing(r, (*relays)->peer_template()).ok());
      relays_[r] = *std::move(relays);
    }
  }

  // A flag of the pod's next start, replaced or added.
  void SetFlag(int ordinal, const std::string& name, const std::string& value) {
    std::vector<std::string>& flags = cluster().pod(ordinal).mutable_options().flags;
    const std::string prefix = absl::StrCat("--", name, "=");
    for (std::string& flag : flags) {
      if (absl::StartsWith(flag, prefix)) {
        flag = prefix + value;
        return;
      }
    }
    flags.push_back(prefix + value);
  }

  void Signal(int ordinal, int signal) {
    ASSERT_TRUE(cluster().pod(ordinal).running());
    ASSERT_EQ(kill(cluster().pod(ordinal).pid(), signal), 0);
  }

  void Restart(int ordinal) {
    absl::Status s = cluster().Restart(ordinal);
    ASSERT_TRUE(s.ok()) << "ordinal " << ordinal << ": " << s;
  }

  void KillAndWipe(int replica) {
    ASSERT_TRUE(cluster().Kill(replica).ok());
    ordinal::testing::RemoveTree(cluster().pod(replica).data_dir());
  }

  // Starts the wiped replica without waiting for its clone, then kills `victim` (the
  // replica itself, or its clone source) while the copy runs.
  void KillDuringClone(const Trial& trial, int victim) {
    KillAndWipe(trial.replica);
    ServerProcess& target = cluster().pod(trial.replica);
    target.mutable_options().wait_for_service = "ordinal.liveness";
    absl::Status started = target.Restart();
    target.mutable_options().wait_for_service = "";
    ASSERT_TRUE(started.ok()) << started;
    std::this_thread::sleep_for(absl::ToChronoMilliseconds(trial.hold / 10));
    ASSERT_TRUE(cluster().Kill(victim).ok());
    Restart(victim);
    if (victim != trial.replica && !target.running()) Restart(trial.replica);
  }

  // Applies `trial`'s fault and heals it: every pod runs again afterwards.
  void ApplyAndHeal(const Trial& trial) {
    const auto hold = absl::ToChronoMilliseconds(trial.hold);
    switch (trial.fault) {
      case Fault::kKillPrimary:
        ASSERT_TRUE(cluster().Kill(0).ok());
        Restart(0);
        break;
      case Fault::kKillReplica:
        ASSERT_TRUE(cluster().Kill(trial.replica).ok());
        Restart(trial.replica);
        break;
      case Fault::kKillBoth:
        ASSERT_TRUE(cluster().Kill(0).ok());
        ASSERT_TRUE(cluster().Kill(trial.replica).ok());
        Restart(0);
        Restart(trial.replica);
        break;
      case Fault::kPause:
        Signal(trial.pod, SIGSTOP);
        std::this_thread::sleep_for(hold);
        Signal(trial.pod, SIGCONT);
        break;
      case Fault::kPartition: {
        Relay& link = relays_[trial.replica]->to(0);
        link.SetMode(trial.blackhole ? Relay::Mode::kBlackhole : Relay::Mode::kDrop);
        std::this_thread::sleep_for(hold);
        link.SetMode(Relay::Mode::kPass);
        break;
      }
      case Fault::kWipeReplica:
        KillAndWipe(trial.replica);
        Restart(trial.replica);
        break;
      case Fault::kKillCloneSource:
        KillDuringClone(trial, trial.replica - 1);
        break;
      case Fault::kKillCloneTarget:
        KillDuringClone(trial, trial.replica);
        break;
      case Fault::kSyncReplicas:
        ASSERT_TRUE(cluster().Stop(0).ok());
        SetFlag(0, "sync_replicas", absl::StrCat(trial.sync_replicas));
        Restart(0);
        break;
    }
  }

  // Waits until every replica streams from the primary again (a wiped one has cloned).
  void WaitFollowing() {
    for (int r = 1; r < cluster().pod_count(); ++r) {
      absl::Status s = cluster().WaitReplicaState(r, "streaming", kConvergeTimeout);
      ASSERT_TRUE(s.ok()) << "ordinal " << r << ": " << s;
    }
  }

  // One statement's view of writer `w`'s events on a pod: {rows, min seq, max seq}.
  std::vector<int64_t> EventsOf(int ordinal, int w) {
    v1::ExecuteResponse r = Sql(ordinal, absl::StrCat("SELECT COUNT(*), MIN(seq), MAX(seq) FROM ",
                                                      kEventsTable, " WHERE writer = ", w));
    std::vector<int64_t> out;
    if (r.rows_size() != 1) return out;
    for (const v1::Value& cell : r.rows(0).values()) {
      out.push_back(cell.has_int_value() ? cell.int_value() : 0);
    }
    return out;
  }

  // While replicas converge: each holds a prefix of every writer's history. The counter
  // row moves with each insert, so n read before the events is <= rows <= n read after.
  void ExpectPrefixes(const WriteLoad& load) {
    for (int ordinal = 1; ordinal < cluster().pod_count(); ++ordinal) {
      for (int w = 0; w < kWriters; ++w) {
        SCOPED_TRACE(absl::StrCat("writer ", w, " on converging ordinal ", ordinal));
        const std::string n_sql =
            absl::StrCat("SELECT n FROM ", kCountersTable, " WHERE writer = ", w);
        const int64_t n_before = IntCell(ordinal, n_sql);
        const std::vector<int64_t> events = EventsOf(ordinal, w);
        const int64_t n_after = IntCell(ordinal, n_sql);
        ASSERT_EQ(events.size(), 3u);
        const int64_t rows = events[0];
        if (rows > 0) {
          EXPECT_EQ(events[1], 1) << "a gap at the start";
          EXPECT_EQ(events[2], rows) << "a gap or a duplicate";
        }
        EXPECT_LE(n_before, rows);
        EXPECT_LE(rows, n_after);
        EXPECT_LE(events[2], load.attempted(w)) << "a seq that was never written";
      }
    }
  }

  // With the writers stopped and every pod converged.
  void ExpectQuiescentInvariants(const WriteLoad& load) {
    ExpectWritersIntact(load);  // contiguous, >= acknowledged, equal on every pod
    for (int w = 0; w < kWriters; ++w) {
      const WriterTally t = Tally(0, w);
      SCOPED_TRACE(absl::StrCat("writer ", w));
      EXPECT_LE(t.max_seq, load.attempted(w)) << "a seq that was never written: " << t;
      EXPECT_GE(t.counter_n, load.acknowledged(w)) << "the counter lost increments: " << t;
      EXPECT_LE(t.counter_n, load.attempted(w)) << "the counter has phantom increments: " << t;
    }
    EXPECT_EQ(IntCell(0, absl::StrCat("SELECT COUNT(*) FROM ", kEventsTable,
                                      " WHERE writer < 0 OR writer >= ", kWriters)),
              0);
    ExpectChecksumsEqual({kEventsTable, kCountersTable});
  }

  int port_ = 0;
  std::unique_ptr<RelaySet> relays_[3];
};

TEST_F(FaultSuiteTest, NoAcknowledgedWriteIsLostUnderRandomFaults) {
  const uint64_t seed = EnvNumber("ORDINAL_FAULT_SEED", absl::ToUnixNanos(absl::Now()));
  const uint64_t trials = EnvNumber("ORDINAL_FAULT_TRIALS", 1000);
  const uint64_t budget_s =
      EnvNumber("ORDINAL_FAULT_BUDGET_S", absl::ToInt64Seconds(kDefaultBudget));
  std::cout << "fault suite: ORDINAL_FAULT_SEED=" << seed << " (trials " << trials
            << ", budget " << budget_s << " s)" << std::endl;
  RecordProperty("seed", std::to_string(seed));
  CreateLoadSchema(kWriters);
  WriteLoad load(cluster().address(0), cluster().password(), kWriters);
  Nemesis nemesis(seed);
  const absl::Time end = absl::Now() + absl::Seconds(budget_s);
  uint64_t done = 0;
  for (; done < trials && (budget_s == 0 || absl::Now() < end); ++done) {
    const Trial trial = nemesis.Next();
    SCOPED_TRACE(absl::StrCat("trial ", done, ": ", FaultName(trial.fault), " (replica ",
                              trial.replica, ", pod ", trial.pod, ", seed ", seed, ")"));
    std::cout << "trial " << done << ": " << FaultName(trial.fault) << std::endl;
    load.Start();
    WaitForAcknowledged(load, load.total_acknowledged() + 5);
    ApplyAndHeal(trial);
    if (HasFatalFailure()) break;
    WaitFollowing();
    if (HasFatalFailure()) break;
    WaitForAcknowledged(load, load.total_acknowledged() + 5);
    ExpectPrefixes(load);
    load.Stop();
    ExpectConverged();
    ExpectQuiescentInvariants(load);
    if (HasFailure()) break;
  }
  int64_t in_doubt = 0;
  for (int w = 0; w < kWriters; ++w) in_doubt += load.attempted(w) - load.acknowledged(w);
  std::cout << "fault suite: seed " << seed << ", " << done << " trials;";
  for (const auto& [name, count] : nemesis.counts()) std::cout << " " << name << "=" << count;
  std::cout << "; acknowledged " << load.total_acknowledged() << ", failed attempts "
            << load.failures() << ", in doubt at the end " << in_doubt << std::endl;
}

}  // namespace
}  // namespace ordinal::integration
