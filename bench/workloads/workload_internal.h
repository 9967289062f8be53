// Constructors of the workload families, used by MakeWorkload (workload.cc).
#ifndef ORDINAL_BENCH_WORKLOADS_WORKLOAD_INTERNAL_H_
#define ORDINAL_BENCH_WORKLOADS_WORKLOAD_INTERNAL_H_

#include <memory>
#include <string_view>

#include "bench/workloads/workload.h"

namespace ordinal::bench {

// nullptr when `name` is not one of the family's workloads.
std::unique_ptr<Workload> MakeOltpWorkload(std::string_view name, const WorkloadOptions& options);
std::unique_ptr<Workload> MakeYcsbWorkload(std::string_view name, const WorkloadOptions& options);

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_WORKLOADS_WORKLOAD_INTERNAL_H_
