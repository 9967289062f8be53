#include "server/clone_frontend.h"

#include <utility>

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "ordinal/v1/clone.grpc.pb.h"
#include "ordinal/v1/replication.grpc.pb.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"
#include "replication/clone_install.h"
#include "server/health.h"
#include "server/role.h"
#include "server/server.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {
namespace {

grpc::Status Unavailable(const std::string& why) {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, why);
}

class CloningSql final : public ordinal::v1::Sql::Service {
 public:
  explicit CloningSql(std::string why) : why_(std::move(why)) {}
  grpc::Status OpenSession(grpc::ServerContext*, const ordinal::v1::OpenSessionRequest*,
                           ordinal::v1::OpenSessionResponse*) override {
    return Unavailable(why_);
  }
  grpc::Status CloseSession(grpc::ServerContext*, const ordinal::v1::CloseSessionRequest*,
                            ordinal::v1::CloseSessionResponse*) override {
    return Unavailable(why_);
  }
  grpc::Status Execute(grpc::ServerContext*, const ordinal::v1::ExecuteRequest*,
                       ordinal::v1::ExecuteResponse*) override {
    return Unavailable(why_);
  }

 private:
  const std::string why_;
};

class CloningReplication final : public ordinal::v1::Replication::Service {
 public:
  explicit CloningReplication(std::string why) : why_(std::move(why)) {}
  grpc::Status Stream(grpc::ServerContext*,
                      grpc::ServerReaderWriter<ordinal::v1::PrimaryMessage,
                                               ordinal::v1::ReplicaMessage>*) override {
    return Unavailable(why_);
  }

 private:
  const std::string why_;
};

class CloningClone final : public ordinal::v1::Clone::Service {
 public:
  explicit CloningClone(std::string why) : why_(std::move(why)) {}
  grpc::Status Snapshot(grpc::ServerContext*, const ordinal::v1::SnapshotRequest*,
                        grpc::ServerWriter<ordinal::v1::SnapshotChunk>*) override {
    return Unavailable(absl::StrCat("not serving yet: ", why_));
  }

 private:
  const std::string why_;
};

class CloningAdmin final : public ordinal::v1::Admin::Service {
 public:
  CloningAdmin(const Authenticator& auth, int ordinal, std::string primary_address,
               const CloneDriver* driver, CloneFrontend::Describe describe)
      : auth_(auth),
        ordinal_(ordinal),
        primary_address_(std::move(primary_address)),
        driver_(driver),
        describe_(std::move(describe)) {}

  grpc::Status GetStatus(grpc::ServerContext* context, const ordinal::v1::GetStatusRequest*,
                         ordinal::v1::GetStatusResponse* response) override {
    if (absl::Status s = auth_.Check(*context); !s.ok()) return ToGrpcStatus(s, context);
    response->set_version(kVersion);
    response->set_ordinal(static_cast<uint32_t>(ordinal_));
    response->set_role(std::string(RoleName(RoleForOrdinal(ordinal_))));
    response->set_primary_address(primary_address_);
    if (describe_) {
      describe_(*response);
      return grpc::Status::OK;
    }
    ordinal::v1::ReplicationState* state = response->mutable_replication();
    state->set_primary_address(primary_address_);
    FillCloningState(driver_ != nullptr ? driver_->Progress() : replication::CloneProgress(),
                     *state);
    return grpc::Status::OK;
  }

 private:
  const Authenticator& auth_;
  const int ordinal_;
  const std::string primary_address_;
  const CloneDriver* const driver_;
  const CloneFrontend::Describe describe_;
};

}  // namespace

struct CloneFrontend::Services {
  Services(const Authenticator& auth, int ordinal, std::string primary, const CloneDriver* driver,
           const std::string& why, Describe describe)
      : sql(why),
        replication(why),
        clone(why),
        admin(auth, ordinal, std::move(primary), driver, std::move(describe)) {}
  CloningSql sql;
  CloningReplication replication;
  CloningClone clone;
  CloningAdmin admin;
};

absl::StatusOr<std::unique_ptr<CloneFrontend>> CloneFrontend::Start(
    const Config& config, int ordinal, const Authenticator& auth, const CloneDriver* driver,
    std::string why, Describe describe) {
  std::unique_ptr<CloneFrontend> frontend(new CloneFrontend());
  frontend->services_ = std::make_unique<Services>(
      auth, ordinal, PeerAddress(config.peer_template, 0), driver, why, std::move(describe));
  grpc::EnableDefaultHealthCheckService(true);
  const std::string address = absl::StrCat(config.host, ":", config.port);
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &bound_port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(&frontend->services_->sql);
  builder.RegisterService(&frontend->services_->replication);
  builder.RegisterService(&frontend->services_->clone);
  builder.RegisterService(&frontend->services_->admin);
  frontend->server_ = builder.BuildAndStart();
  if (frontend->server_ == nullptr || bound_port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address,
                                               ": the address is in use or not available"));
  }
  grpc::HealthCheckServiceInterface* health = frontend->server_->GetHealthCheckService();
  SetServing(health, false);
  if (health != nullptr) health->SetServingStatus("ordinal.liveness", true);
  if (config.metrics_port != 0) {
    absl::StatusOr<std::unique_ptr<Metrics>> metrics = Metrics::ServeReplicationOnly(
        config.host, config.metrics_port, [driver] {
          ReplicationFigures figures;
          FillTargetFigures(driver, 0, figures.clone);
          return figures;
        });
    if (!metrics.ok()) return metrics.status();
    frontend->metrics_ = *std::move(metrics);
  }
  spdlog::info("listening on {} while {} (health NOT_SERVING)", address, why);
  return frontend;
}

CloneFrontend::~CloneFrontend() {
  metrics_.reset();
  if (server_ != nullptr) {
    SetServing(server_->GetHealthCheckService(), false);
    server_->Shutdown(absl::ToChronoTime(absl::Now() + absl::Milliseconds(200)));
    server_->Wait();
  }
}

absl::Status RunInitialClone(const Config& config, int ordinal, const Authenticator& auth,
                             const std::function<void(std::function<void()>)>& register_cancel) {
  if (ordinal == 0) return absl::OkStatus();  // an empty primary bootstraps a new history
  const CloneSettings settings = CloneSettingsFor(config, ordinal, auth.password());
  if (absl::Status s = replication::FinishInterruptedInstall(settings.data_dir); !s.ok()) {
    return s;
  }
  if (!replication::NeedsClone(settings.data_dir)) {
    spdlog::info("data directory {} holds a complete store: resuming without a clone",
                 settings.data_dir);
    return absl::OkStatus();
  }
  const std::string why = absl::StrCat("cloning from ordinal ", ordinal - 1, " (",
                                       settings.predecessor_address, ")");
  spdlog::info("data directory {} is empty or an unfinished clone: {}", settings.data_dir, why);
  CloneDriver driver(settings, settings.data_dir);
  register_cancel([&driver] { driver.Cancel(); });
  absl::StatusOr<std::unique_ptr<CloneFrontend>> frontend =
      CloneFrontend::Start(config, ordinal, auth, &driver, why);
  if (!frontend.ok()) {
    register_cancel(nullptr);
    return frontend.status();
  }
  absl::StatusOr<replication::CloneResult> result = driver.Run();
  register_cancel(nullptr);
  frontend->reset();  // frees the port for the server
  if (!result.ok()) return result.status();
  spdlog::info("clone complete: position {}, {:.1f} MB in {:.1f} s ({} attempt(s)); opening "
               "the database", result->position, static_cast<double>(result->bytes) / (1 << 20),
               result->seconds, result->attempts);
  return absl::OkStatus();
}

}  // namespace ordinal::server
