// What EXPLAIN ANALYZE measures while a query runs: per join step of each plan executed,
// how often the step ran, the rows it read and passed on, and the time spent in it.
// Internal to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_JOIN_PROFILE_H_
#define ORDINAL_ENGINE_EXEC_JOIN_PROFILE_H_

#include <cstdint>
#include <vector>

#include "absl/container/node_hash_map.h"

namespace ordinal::engine::plan {
struct SelectPlan;
}  // namespace ordinal::engine::plan

namespace ordinal::engine::exec {

struct StepProfile {
  uint64_t loops = 0;    // times the step ran: rows of the join before it (1 for the first)
  uint64_t read = 0;     // rows read from the step's source (loaded once for a hash join)
  int64_t nanos = 0;     // time in the step and every step after it, the rows' consumer too
  // A hash join whose build side spilled (hash_join_spill.h): the build and probe rows
  // written to temporary files, and their bytes.
  uint64_t spilled_rows = 0;
  uint64_t spilled_bytes = 0;
};

// steps[k] for join step k; steps[n] (one more) is the consumer of the joined rows
// (grouping, sorting, the result): its loops are the rows of the whole join.
struct JoinProfile {
  std::vector<StepProfile> steps;
};

// One profile per plan (a subquery's plan apart from its enclosing query's), accumulated
// over every run of it in the statement. Entries stay where they are (a running join holds
// a pointer to its own).
using JoinProfiles = absl::node_hash_map<const plan::SelectPlan*, JoinProfile>;

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_JOIN_PROFILE_H_
