// Probes of a server's standard gRPC services, which need no password: grpc.health.v1 and
// server reflection.
#ifndef ORDINAL_TESTS_TESTING_PROBES_H_
#define ORDINAL_TESTS_TESTING_PROBES_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ordinal::testing {

enum class HealthStatus { kUnknown, kServing, kNotServing, kServiceUnknown };

// grpc.health.v1.Health/Check of `service` ("" = the whole server). The call's error when
// it fails (e.g. UNAVAILABLE while nothing listens, NOT_FOUND for an unknown service).
absl::StatusOr<HealthStatus> CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                         const std::string& service,
                                         absl::Duration timeout = absl::Seconds(5));

// The full names of the services the server lists through reflection.
absl::StatusOr<std::vector<std::string>> ListServices(const std::shared_ptr<grpc::Channel>& channel,
                                                      absl::Duration timeout = absl::Seconds(5));

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_TESTING_PROBES_H_
