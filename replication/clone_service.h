// The Clone gRPC service (proto/ordinal/v1/clone.proto): a thin adapter that checks the
// caller's credentials and hands the call to a CloneSource, whose file chunks go out without
// a copy (clone_raw_service.h). Register it on the server of
// every pod: any ordinal may be a clone source for its successor.
//
// Ownership: references the CloneSource, which must outlive the service and the
// grpc::Server it is registered with. Call CloneSource::Shutdown before
// grpc::Server::Shutdown so that open transfers end promptly.
// Thread safety: gRPC calls Snapshot concurrently.
#ifndef ORDINAL_REPLICATION_CLONE_SERVICE_H_
#define ORDINAL_REPLICATION_CLONE_SERVICE_H_

#include <functional>

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include "replication/clone_raw_service.h"
#include "replication/clone_source.h"

namespace ordinal::replication {

class CloneService final : public CloneRawService {
 public:
  // Checks a call's credentials (the same check as the SQL service); OK to proceed.
  // nullptr accepts every call.
  using Authenticate = std::function<grpc::Status(grpc::ServerContext*)>;

  CloneService(CloneSource& source, Authenticate authenticate);

  grpc::Status Snapshot(grpc::ServerContext* context,
                        const ordinal::v1::SnapshotRequest& request,
                        SnapshotWriter& writer) override;

 private:
  CloneSource& source_;
  const Authenticate authenticate_;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_SERVICE_H_
