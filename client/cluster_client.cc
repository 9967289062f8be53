#include "client/cluster_client.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/status_macros.h"

namespace ordinal {
namespace {

constexpr char kOrdinalPlaceholder[] = "{ordinal}";

// `USE name` with the name quoted, as any name may be.
std::string UseStatement(const std::string& database) {
  return absl::StrCat("USE `", absl::StrReplaceAll(database, {{"`", "``"}}), "`");
}

absl::Status InvalidOptions(std::string_view message) {
  return absl::InvalidArgumentError(absl::string_view(message.data(), message.size()));
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ClusterClient::ExpandPeerTemplate(
    std::string_view peer_template, int pod_count) {
  absl::string_view pattern(peer_template.data(), peer_template.size());
  if (pattern.find(kOrdinalPlaceholder) == absl::string_view::npos) {
    return InvalidOptions(absl::StrCat("peer template '", pattern, "' has no {ordinal}"));
  }
  if (pod_count < 1) return InvalidOptions("a peer template needs a pod count of at least 1");
  std::vector<std::string> addresses;
  for (int ordinal = 0; ordinal < pod_count; ++ordinal) {
    addresses.push_back(
        absl::StrReplaceAll(pattern, {{kOrdinalPlaceholder, std::to_string(ordinal)}}));
  }
  return addresses;
}

absl::StatusOr<std::unique_ptr<ClusterClient>> ClusterClient::Create(
    const ClusterOptions& options) {
  std::vector<std::string> addresses = options.addresses;
  if (addresses.empty()) {
    if (options.peer_template.empty()) {
      return InvalidOptions("no cluster given: set addresses, or peer_template and pod_count");
    }
    ORDINAL_ASSIGN_OR_RETURN(addresses,
                             ExpandPeerTemplate(options.peer_template, options.pod_count));
  }
  for (const std::string& address : addresses) {
    if (address.empty()) return InvalidOptions("empty pod address");
  }
  return std::unique_ptr<ClusterClient>(new ClusterClient(options, std::move(addresses)));
}

ClusterClient::ClusterClient(const ClusterOptions& options, std::vector<std::string> addresses)
    : options_(options),
      addresses_(std::move(addresses)),
      primary_address_(addresses_[0]),
      read_mode_(options.read_mode),
      database_(options.database) {}

ClusterClient::~ClusterClient() = default;

void ClusterClient::ObservePosition(uint64_t position) {
  position_ = std::max(position_, position);
}

bool ClusterClient::in_transaction() const {
  Client* primary = ExistingPodClient(primary_address_);
  return primary != nullptr && primary->in_transaction();
}

int ClusterClient::last_ordinal() const {
  auto it = std::find(addresses_.begin(), addresses_.end(), last_address_);
  return it == addresses_.end() ? -1 : static_cast<int>(it - addresses_.begin());
}

absl::StatusOr<ResultSet> ClusterClient::Execute(std::string_view sql) {
  return Execute(sql, CallOptions{});
}

absl::StatusOr<ResultSet> ClusterClient::Execute(std::string_view sql, const CallOptions& options) {
  if (options.ordinal.has_value() && (*options.ordinal < 0 || *options.ordinal >= pod_count())) {
    return InvalidOptions(absl::StrCat("no pod with ordinal ", *options.ordinal,
                                       " (the cluster has ", pod_count(), ")"));
  }
  StatementKind kind = ClassifyStatement(sql);
  if (options.ordinal.has_value() &&
      (kind == StatementKind::kBegin || kind == StatementKind::kEndTransaction)) {
    return InvalidOptions(
        "transactions run on the primary: BEGIN, COMMIT and ROLLBACK take no "
        "ordinal");
  }
  switch (kind) {
    case StatementKind::kRead:
      return ExecuteRead(sql, options);
    case StatementKind::kUse:
      return ExecuteUse(sql, options);
    default:
      return ExecuteWrite(sql, kind, options);
  }
}

absl::Status ClusterClient::Begin() { return Execute("BEGIN").status(); }
absl::Status ClusterClient::Commit() { return Execute("COMMIT").status(); }
absl::Status ClusterClient::Rollback() { return Execute("ROLLBACK").status(); }

absl::StatusOr<ServerStatus> ClusterClient::Status(int ordinal) {
  if (ordinal < 0 || ordinal >= pod_count()) {
    return InvalidOptions(absl::StrCat("no pod with ordinal ", ordinal));
  }
  ORDINAL_ASSIGN_OR_RETURN(Client * client, PodClient(addresses_[ordinal], ExecuteOptions{}));
  return client->Status();
}

absl::StatusOr<ResultSet> ClusterClient::ExecuteRead(std::string_view sql,
                                                     const CallOptions& options) {
  bool sent = false;
  if (in_transaction()) return RunOn(primary_address_, sql, ExecuteOptions{}, &sent);
  ReadMode mode = options.read_mode.value_or(read_mode_);
  ExecuteOptions execute_options{.min_position = mode == ReadMode::kReadYourWrites ? position_ : 0,
                                 .wait_timeout = options.wait_timeout.count() != 0
                                                     ? options.wait_timeout
                                                     : options_.wait_timeout};
  std::vector<std::string> candidates;
  if (options.ordinal.has_value()) {
    candidates = {addresses_[*options.ordinal]};
  } else if (mode == ReadMode::kPrimary) {
    candidates = {primary_address_};
  } else {
    candidates = ReadCandidates();
  }
  Backoff backoff(options_.retry, Backoff::Clock::now() + options_.timeout);
  while (true) {
    absl::StatusOr<ResultSet> result;
    for (const std::string& address : candidates) {
      result = RunOn(address, sql, execute_options, &sent);
      if (result.ok() || !IsRetryableRead(result.status())) return result;
      if (!backoff.HasTimeLeft()) return result;
    }
    std::optional<std::chrono::milliseconds> delay = backoff.NextDelay();
    if (!delay.has_value()) return result;
    std::this_thread::sleep_for(*delay);
  }
}

absl::StatusOr<ResultSet> ClusterClient::ExecuteUse(std::string_view sql,
                                                    const CallOptions& options) {
  absl::StatusOr<ResultSet> result = ExecuteRead(sql, options);
  if (!result.ok()) return result;
  // The other pods select it before their next statement (PodClient).
  if (Client* client = ExistingPodClient(last_address_); client != nullptr) {
    database_ = client->current_database();
  }
  return result;
}

absl::StatusOr<ResultSet> ClusterClient::ExecuteWrite(std::string_view sql, StatementKind kind,
                                                      const CallOptions& options) {
  bool in_transaction_before = in_transaction();
  bool pinned = options.ordinal.has_value() && !in_transaction_before;
  // Re-sending COMMIT/ROLLBACK to a fresh session would answer for a transaction that is
  // gone, so they are never re-sent; neither is anything inside a transaction.
  bool may_resend = kind != StatementKind::kEndTransaction && !in_transaction_before;
  bool redirected = false;
  Backoff backoff(options_.retry, Backoff::Clock::now() + options_.timeout);
  while (true) {
    std::string target = pinned ? addresses_[*options.ordinal] : primary_address_;
    bool sent = false;
    absl::StatusOr<ResultSet> result = RunOn(target, sql, ExecuteOptions{}, &sent);
    if (result.ok()) return result;
    if (!pinned && !redirected && IsReadOnlyReplicaError(result.status())) {
      redirected = true;
      if (FollowRedirect(target) && may_resend) continue;
      return result;
    }
    bool not_sent = !sent || CertainlyNotSent(result.status());
    if (!may_resend || !not_sent || result.status().code() != absl::StatusCode::kUnavailable) {
      return result;
    }
    std::optional<std::chrono::milliseconds> delay = backoff.NextDelay();
    if (!delay.has_value()) return result;
    std::this_thread::sleep_for(*delay);
  }
}

bool ClusterClient::FollowRedirect(const std::string& refused_by) {
  // The replica names the primary in trailing metadata (kPrimaryMetadataKey), never only in
  // the message's words.
  Client* refusing = ExistingPodClient(refused_by);
  std::string primary = refusing != nullptr ? refusing->redirect_address() : "";
  if (primary.empty() || primary == refused_by) return false;
  primary_address_ = primary;
  // A transaction opened on the pod that turned out to be a replica cannot move: end it.
  if (refusing != nullptr && refusing->in_transaction()) {
    refusing->Rollback().IgnoreError();  // the error being returned already says enough
  }
  return true;
}

std::vector<std::string> ClusterClient::ReadCandidates() {
  std::vector<std::string> replicas;
  for (const std::string& address : addresses_) {
    if (address != primary_address_) replicas.push_back(address);
  }
  std::vector<std::string> candidates;
  for (size_t i = 0; i < replicas.size(); ++i) {
    candidates.push_back(replicas[(next_replica_ + i) % replicas.size()]);
  }
  if (!replicas.empty()) ++next_replica_;
  candidates.push_back(primary_address_);
  return candidates;
}

absl::StatusOr<ResultSet> ClusterClient::RunOn(const std::string& address, std::string_view sql,
                                               const ExecuteOptions& options, bool* sent) {
  last_address_ = address;
  *sent = false;
  ORDINAL_ASSIGN_OR_RETURN(Client * client, PodClient(address, options));
  *sent = true;
  absl::StatusOr<ResultSet> result = client->Execute(sql, options);
  if (result.ok()) ObservePosition(result->commit_position);
  return result;
}

Client* ClusterClient::ExistingPodClient(const std::string& address) const {
  auto it = clients_.find(address);
  return it == clients_.end() ? nullptr : it->second.get();
}

absl::StatusOr<Client*> ClusterClient::PodClient(const std::string& address,
                                                 const ExecuteOptions& options) {
  Client* client = ExistingPodClient(address);
  if (client == nullptr) {
    // No database at connect: opening a session cannot wait for a position, and a replica
    // may not have applied the CREATE DATABASE yet. The USE below can wait.
    ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<Client> connected,
                             Client::Connect({.address = address,
                                              .user = options_.user,
                                              .password = options_.password,
                                              .timeout = options_.timeout,
                                              .tls = options_.tls}));
    client = connected.get();
    clients_[address] = std::move(connected);
  }
  if (client->current_database() != database_ && !database_.empty()) {
    ORDINAL_RETURN_IF_ERROR(client->Execute(UseStatement(database_), options).status());
  }
  return client;
}

}  // namespace ordinal
