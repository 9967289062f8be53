#include "tests/testing/cluster.h"

#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include <grpcpp/client_context.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/testing/sql_stub.h"

namespace ordinal::testing {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(20);
constexpr char kPeerTemplateFlag[] = "--peer_template=";

std::string FileTail(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > max_bytes) text = "..." + text.substr(text.size() - max_bytes);
  return text;
}

std::string DescribeReplication(const v1::GetStatusResponse& status) {
  const v1::ReplicationState& r = status.replication();
  return absl::StrCat("state=", r.state(), " applied=", r.applied_position(),
                      " primary_position=", r.primary_position(), " last_error='",
                      r.last_error(), "'");
}

}  // namespace

std::string RandomLoopbackNet() {
  std::random_device device;
  std::uniform_int_distribution<int> octet(2, 254);
  return absl::StrCat("127.0.", octet(device));
}

absl::StatusOr<std::unique_ptr<ClusterProcess>> ClusterProcess::Start(
    ClusterProcessOptions options) {
  if (options.pods < 1) return absl::InvalidArgumentError("a cluster needs at least one pod");
  std::unique_ptr<ClusterProcess> cluster(new ClusterProcess());
  cluster->options_ = std::move(options);
  cluster->net_ = cluster->options_.net.empty() ? RandomLoopbackNet() : cluster->options_.net;
  cluster->port_ = PickFreePort();
  if (cluster->port_ == 0) return absl::InternalError("no free port");
  cluster->peer_template_ = absl::StrCat(cluster->net_, ".{ordinal}:", cluster->port_);
  for (int ordinal = 0; ordinal < cluster->options_.pods; ++ordinal) {
    absl::StatusOr<std::unique_ptr<ServerProcess>> pod =
        ServerProcess::Start(cluster->PodOptions(ordinal));
    if (!pod.ok()) {
      return absl::Status(pod.status().code(), absl::StrCat("ordinal ", ordinal, " at ",
                                                            cluster->address(ordinal), ": ",
                                                            pod.status().message()));
    }
    cluster->pods_.push_back(*std::move(pod));
    cluster->channels_.push_back(
        Connect(cluster->address(ordinal), cluster->options_.tls_ca_file));
  }
  return cluster;
}

ServerOptions ClusterProcess::PodOptions(int ordinal) const {
  ServerOptions pod;
  pod.ordinal = ordinal;
  pod.host = absl::StrCat(net_, ".", ordinal);
  pod.port = port_;
  pod.start_timeout = options_.start_timeout;
  pod.tls_ca_file = options_.tls_ca_file;
  pod.flags.push_back(kPeerTemplateFlag + peer_template_);
  pod.flags.insert(pod.flags.end(), options_.flags.begin(), options_.flags.end());
  const std::vector<std::string>& role_flags =
      ordinal == 0 ? options_.primary_flags : options_.replica_flags;
  pod.flags.insert(pod.flags.end(), role_flags.begin(), role_flags.end());
  return pod;
}

std::string ClusterProcess::address(int ordinal) const {
  return absl::StrReplaceAll(peer_template_, {{"{ordinal}", absl::StrCat(ordinal)}});
}

std::vector<std::string> ClusterProcess::addresses() const {
  std::vector<std::string> out;
  for (int i = 0; i < pod_count(); ++i) out.push_back(address(i));
  return out;
}

const std::string& ClusterProcess::password() const { return pods_.at(0)->password(); }

absl::Status ClusterProcess::Kill(int ordinal) { return pod(ordinal).Kill(); }

absl::Status ClusterProcess::Stop(int ordinal) { return pod(ordinal).Stop(); }

absl::Status ClusterProcess::Restart(int ordinal) { return pod(ordinal).Restart(); }

absl::Status ClusterProcess::RestartFollowing(int ordinal, const std::string& peer_template) {
  if (absl::Status s = ReplacePeerTemplate(ordinal, peer_template); !s.ok()) return s;
  return pod(ordinal).Restart();
}

absl::Status ClusterProcess::ReplacePeerTemplate(int ordinal, const std::string& peer_template) {
  for (std::string& flag : pod(ordinal).mutable_options().flags) {
    if (absl::StartsWith(flag, kPeerTemplateFlag)) {
      flag = kPeerTemplateFlag + peer_template;
      return absl::OkStatus();
    }
  }
  return absl::InternalError("the pod has no --peer_template flag");
}

std::shared_ptr<grpc::Channel> ClusterProcess::Channel(int ordinal) {
  return channels_.at(ordinal);
}

absl::StatusOr<v1::ExecuteResponse> ClusterProcess::Execute(int ordinal, const std::string& sql) {
  return testing::Execute(Channel(ordinal), sql);
}

absl::StatusOr<v1::GetStatusResponse> ClusterProcess::AdminStatus(int ordinal) {
  auto stub = v1::Admin::NewStub(Channel(ordinal));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  context.AddMetadata(kUserMetadataKey, "root");
  context.AddMetadata(kPasswordMetadataKey, pod(ordinal).password());
  v1::GetStatusResponse response;
  grpc::Status status = stub->GetStatus(&context, v1::GetStatusRequest(), &response);
  if (!status.ok()) return FromGrpcStatus(status, context);
  return response;
}

absl::StatusOr<uint64_t> ClusterProcess::Position(int ordinal) {
  absl::StatusOr<v1::GetStatusResponse> status = AdminStatus(ordinal);
  if (!status.ok()) return status.status();
  if (status->has_replication()) return status->replication().applied_position();
  return status->latest_position();
}

absl::StatusOr<std::string> ClusterProcess::Checksum(int ordinal, const std::string& table) {
  absl::StatusOr<v1::ExecuteResponse> response =
      Execute(ordinal, absl::StrCat("CHECKSUM TABLE ", table));
  if (!response.ok()) return response.status();
  if (response->rows_size() != 1 || response->rows(0).values_size() == 0) {
    return absl::InternalError(absl::StrCat("unexpected CHECKSUM answer on ordinal ", ordinal,
                                            ": ", response->ShortDebugString()));
  }
  const v1::Value& cell = response->rows(0).values(response->rows(0).values_size() - 1);
  switch (cell.kind_case()) {
    case v1::Value::kIntValue:
      return absl::StrCat(cell.int_value());
    case v1::Value::kStringValue:
      return cell.string_value();
    default:
      return std::string("NULL");
  }
}

absl::Status ClusterProcess::WaitApplied(int ordinal, uint64_t position, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  std::string last = "no answer";
  while (true) {
    absl::StatusOr<v1::GetStatusResponse> status = AdminStatus(ordinal);
    if (status.ok()) {
      if (status->replication().applied_position() >= position) return absl::OkStatus();
      last = DescribeReplication(*status);
    } else {
      last = status.status().ToString();
    }
    if (absl::Now() >= deadline) break;
    std::this_thread::sleep_for(kPollInterval);
  }
  return absl::DeadlineExceededError(absl::StrCat("ordinal ", ordinal, " did not apply position ",
                                                  position, " within ",
                                                  absl::FormatDuration(timeout), ": ", last));
}

absl::Status ClusterProcess::WaitConverged(absl::Duration timeout) {
  absl::StatusOr<uint64_t> latest = Position(0);
  if (!latest.ok()) return latest.status();
  const absl::Time deadline = absl::Now() + timeout;
  for (int ordinal = 1; ordinal < pod_count(); ++ordinal) {
    if (!pod(ordinal).running()) continue;
    absl::Status s = WaitApplied(ordinal, *latest, std::max(deadline - absl::Now(),
                                                            absl::ZeroDuration()));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ClusterProcess::WaitReplicaState(int ordinal, const std::string& state,
                                              absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  std::string last = "no answer";
  while (true) {
    absl::StatusOr<v1::GetStatusResponse> status = AdminStatus(ordinal);
    if (status.ok()) {
      if (status->replication().state() == state) return absl::OkStatus();
      last = DescribeReplication(*status);
    } else {
      last = status.status().ToString();
    }
    if (absl::Now() >= deadline) break;
    std::this_thread::sleep_for(kPollInterval);
  }
  return absl::DeadlineExceededError(absl::StrCat("ordinal ", ordinal, " did not reach state ",
                                                  state, " within ",
                                                  absl::FormatDuration(timeout), ": ", last));
}

std::string ClusterProcess::LogTail(int ordinal, size_t max_bytes) const {
  return FileTail(pods_.at(ordinal)->log_path(), max_bytes);
}

std::string ClusterProcess::AllLogTails(size_t max_bytes) const {
  std::string out;
  for (int i = 0; i < pod_count(); ++i) {
    absl::StrAppend(&out, "---- ordinal ", i, " (", address(i), ") log:\n", LogTail(i, max_bytes),
                    "\n");
  }
  return out;
}

}  // namespace ordinal::testing
