// The Replication and Clone gRPC services of the long-lived server. They are registered
// once; each call borrows the node's current store (server/slot.h) and is handed to that
// store's service (replication/primary_service.h, replication/clone_service.h). While the
// node has no store (first clone, swap) a call fails at once with UNAVAILABLE and the
// reason: a follower or a clone target retries with backoff. A swap ends these streams
// (Store::StopStreams) before it waits for the calls to return.
//
// Ownership: references the Slot, which must outlive the services.
// Thread safety: gRPC calls them concurrently.
#ifndef ORDINAL_SERVER_STORE_SERVICES_H_
#define ORDINAL_SERVER_STORE_SERVICES_H_

#include <cstdint>
#include <functional>
#include <utility>

#include "absl/status/status.h"
#include "ordinal/v1/clone.grpc.pb.h"
#include "ordinal/v1/replication.grpc.pb.h"
#include "replication/clone_raw_service.h"
#include "server/slot.h"
#include "server/store.h"

namespace ordinal::server {

class ReplicationForwarder final : public ordinal::v1::Replication::Service {
 public:
  explicit ReplicationForwarder(Slot<Store>& slot) : slot_(slot) {}

  grpc::Status Stream(grpc::ServerContext* context,
                      grpc::ServerReaderWriter<ordinal::v1::PrimaryMessage,
                                               ordinal::v1::ReplicaMessage>* stream) override;

 private:
  Slot<Store>& slot_;
};

class CloneForwarder final : public replication::CloneRawService {
 public:
  // Checks that the caller may clone as `requester_ordinal` (mutual TLS: its certificate
  // names that ordinal, server/peer_identity.h); OK to proceed.
  using CheckPeer = std::function<absl::Status(const grpc::ServerContext&, uint32_t)>;

  // `check_peer` empty: any authenticated caller may clone. A request marked for_backup
  // (`ordinal backup`) is not checked: it comes from an operator, not from a pod.
  explicit CloneForwarder(Slot<Store>& slot, CheckPeer check_peer = {})
      : slot_(slot), check_peer_(std::move(check_peer)) {}

  grpc::Status Snapshot(grpc::ServerContext* context, const ordinal::v1::SnapshotRequest& request,
                        replication::SnapshotWriter& writer) override;

 private:
  Slot<Store>& slot_;
  const CheckPeer check_peer_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_STORE_SERVICES_H_
