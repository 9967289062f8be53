// Helpers shared by the TLS tests: what the server's certificate says as a client sees it,
// the CLI run as a user runs it, a channel presenting a client certificate.
#ifndef ORDINAL_TESTS_INTEGRATION_TLS_TLS_FIXTURE_H_
#define ORDINAL_TESTS_INTEGRATION_TLS_TLS_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "absl/status/statusor.h"
#include "tests/testing/test_pki.h"

namespace ordinal::testing {

// The common name of the certificate the server presented on a new connection through
// `channel` (one Health.Check call).
absl::StatusOr<std::string> ServerCommonName(const std::shared_ptr<grpc::Channel>& channel);

// A TLS channel to `address` that verifies the server against `ca_file` and presents
// `client` as its certificate.
std::shared_ptr<grpc::Channel> ConnectAs(const std::string& address, const std::string& ca_file,
                                         const CertFiles& client);

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs the `ordinal` CLI with `args` (ORDINAL_PASSWORD set to `password`).
CliRun RunCli(const std::vector<std::string>& args, const std::string& password);

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_INTEGRATION_TLS_TLS_FIXTURE_H_
