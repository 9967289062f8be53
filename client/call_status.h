// How the client library turns a finished gRPC call into an absl::Status.
//
// Every call goes through FromGrpcStatus (proto/status_mapping.h), which keeps the server's
// code, message and MySQL error number. On top of that, errors that the server did not
// produce (the transport's own, which carry no MySQL error number) get a sentence naming the
// address, the way the mysql client reports them:
//   UNAVAILABLE        "Can't connect to OrdinalDB server on 'ADDR' (detail)"   errno 2003
//                      or "Lost connection to OrdinalDB server on 'ADDR' (...)" errno 2013
//   DEADLINE_EXCEEDED  "No answer from OrdinalDB server on 'ADDR' within N ms" errno 2013
// and a rejected password without an error number gets ER_ACCESS_DENIED_ERROR (1045).
#ifndef ORDINAL_CLIENT_CALL_STATUS_H_
#define ORDINAL_CLIENT_CALL_STATUS_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <string_view>

#include "absl/status/status.h"

namespace ordinal::client_internal {

// MySQL client error numbers (CR_*), outside the server's range.
inline constexpr int kConnectionErrno = 2003;      // CR_CONN_HOST_ERROR
inline constexpr int kLostConnectionErrno = 2013;  // CR_SERVER_LOST

struct CallInfo {
  std::string_view address;
  std::chrono::milliseconds timeout;
  // False until one call reached the server: picks "Can't connect" over "Lost connection".
  bool connected = false;
};

absl::Status CallStatus(const grpc::Status& status, const grpc::ClientContext& context,
                        const CallInfo& info);

// Whether `status` says that the server does not know the session the call named: it
// restarted, or closed the session after its idle timeout.
bool IsUnknownSession(const absl::Status& status);

}  // namespace ordinal::client_internal

#endif  // ORDINAL_CLIENT_CALL_STATUS_H_
