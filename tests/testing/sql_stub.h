// SQL calls for integration tests: the Sql service's RPCs with the password metadata, each
// returning the call's absl::Status (code, message and MySQL errno from the trailing
// metadata, as the client library sees them).
#ifndef ORDINAL_TESTS_TESTING_SQL_STUB_H_
#define ORDINAL_TESTS_TESTING_SQL_STUB_H_

#include <memory>
#include <string>

#include <grpcpp/channel.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ordinal/v1/sql.pb.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {

// A channel to `address` ("127.0.0.1:PORT") that accepts large results and reconnects
// within a fraction of a second after a restart: insecure, or TLS verifying the server
// against the CA in `tls_ca_file` (and its name against the address's host).
std::shared_ptr<grpc::Channel> Connect(const std::string& address,
                                       const std::string& tls_ca_file = "");

// What a call sends as credentials.
struct Credentials {
  std::string user = "root";
  std::string password = kTestPassword;
  bool send = true;  // false sends no credential metadata at all
};

inline constexpr absl::Duration kCallTimeout = absl::Seconds(30);

// Sql.Execute of `sql`, in `session_id` ("" runs a one-statement session).
absl::StatusOr<ordinal::v1::ExecuteResponse> Execute(const std::shared_ptr<grpc::Channel>& channel,
                                                     const std::string& sql,
                                                     const std::string& session_id = "");

// Sql.Execute of a full request.
absl::StatusOr<ordinal::v1::ExecuteResponse> Execute(const std::shared_ptr<grpc::Channel>& channel,
                                                     const ordinal::v1::ExecuteRequest& request,
                                                     const Credentials& credentials = {});

// Sql.OpenSession; returns the session id.
absl::StatusOr<std::string> OpenSession(const std::shared_ptr<grpc::Channel>& channel,
                                        const std::string& database = "",
                                        const Credentials& credentials = {});

// Sql.CloseSession.
absl::Status CloseSession(const std::shared_ptr<grpc::Channel>& channel,
                          const std::string& session_id);

// The first cell of the first row of a result, as text ("" when there is none).
std::string FirstCell(const ordinal::v1::ExecuteResponse& response);

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_TESTING_SQL_STUB_H_
