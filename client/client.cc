#include "client/client.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/call_status.h"
#include "client/channel.h"
#include "client/session_stream.h"
#include "client/wire_conversion.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"

namespace ordinal {
namespace {

using client_internal::CallInfo;
using client_internal::CallStatus;

// Closing the session must not hold up a destructor for long when the server is gone.
constexpr std::chrono::milliseconds kCloseTimeout{2000};

}  // namespace

class Client::Stubs {
 public:
  explicit Stubs(const std::shared_ptr<grpc::Channel>& channel)
      : sql(ordinal::v1::Sql::NewStub(channel)), admin(ordinal::v1::Admin::NewStub(channel)) {}

  std::unique_ptr<ordinal::v1::Sql::Stub> sql;
  std::unique_ptr<ordinal::v1::Admin::Stub> admin;
};

namespace {

// A call of a client that reached its server (Connect made a first call).
CallInfo Reached(const ClientOptions& options, std::chrono::milliseconds timeout) {
  return CallInfo{options.address, timeout, /*connected=*/true};
}

// A context carrying the credentials and a deadline `timeout` from now.
void PrepareContext(grpc::ClientContext& context, const ClientOptions& options,
                    std::chrono::milliseconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  context.AddMetadata(kUserMetadataKey, options.user);
  context.AddMetadata(kPasswordMetadataKey, options.password);
}

}  // namespace

Client::Client(const ClientOptions& options, const std::shared_ptr<grpc::Channel>& channel)
    : options_(options),
      stubs_(std::make_unique<Stubs>(channel)),
      current_database_(options.database) {}

absl::StatusOr<std::unique_ptr<Client>> Client::Connect(const ClientOptions& options) {
  if (options.address.empty()) {
    return absl::InvalidArgumentError("no server address given (expected host:port)");
  }
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel,
                           client_internal::ReachServer(options));
  std::unique_ptr<Client> client(new Client(options, channel));
  if (!options.database.empty()) ORDINAL_RETURN_IF_ERROR(client->EnsureSession());
  return client;
}

Client::~Client() {
  stream_.reset();  // half-closes: the server closes the session
  if (session_id_.empty()) return;
  grpc::ClientContext context;
  PrepareContext(context, options_, std::min(options_.timeout, kCloseTimeout));
  ordinal::v1::CloseSessionRequest request;
  request.set_session_id(session_id_);
  ordinal::v1::CloseSessionResponse response;
  // Best effort: a session the server cannot be told about idles out on the server.
  stubs_->sql->CloseSession(&context, request, &response).ok();
}

absl::StatusOr<ServerStatus> Client::Status() {
  grpc::ClientContext context;
  PrepareContext(context, options_, options_.timeout);
  ordinal::v1::GetStatusResponse response;
  grpc::Status status = stubs_->admin->GetStatus(&context, {}, &response);
  ORDINAL_RETURN_IF_ERROR(
      CallStatus(status, context, Reached(options_, options_.timeout)));
  return client_internal::ServerStatusFromProto(response);
}

absl::Status Client::OpenStream() {
  // The first session selects options_.database; a reopened one goes back to the database
  // its predecessor had selected.
  ORDINAL_ASSIGN_OR_RETURN(
      stream_, Stream::Open(*stubs_->sql, {options_.user, options_.password}, current_database_,
                            Reached(options_, options_.timeout)));
  in_transaction_ = false;
  return absl::OkStatus();
}

void Client::DropSession() {
  session_id_.clear();
  stream_.reset();
}

absl::Status Client::EnsureSession() {
  if (!session_id_.empty() || stream_ != nullptr) return absl::OkStatus();
  if (options_.session_stream && !stream_unsupported_) {
    absl::Status opened = OpenStream();
    if (opened.code() != absl::StatusCode::kUnimplemented) return opened;
    stream_unsupported_ = true;  // an older server: one call per statement from now on
  }
  grpc::ClientContext context;
  PrepareContext(context, options_, options_.timeout);
  ordinal::v1::OpenSessionRequest request;
  // The first session selects options_.database; a reopened one goes back to the database
  // its predecessor had selected.
  request.set_database(current_database_);
  ordinal::v1::OpenSessionResponse response;
  grpc::Status status = stubs_->sql->OpenSession(&context, request, &response);
  ORDINAL_RETURN_IF_ERROR(
      CallStatus(status, context, Reached(options_, options_.timeout)));
  session_id_ = response.session_id();
  in_transaction_ = false;
  return absl::OkStatus();
}

absl::StatusOr<ResultSet> Client::ExecuteOnStream(std::string_view sql,
                                                  const absl::Span<const Value>* params,
                                                  const ExecuteOptions& options, bool resent) {
  ordinal::v1::SessionRequest request;
  request.set_sql(std::string(sql));
  if (params != nullptr) {
    request.set_prepared(true);
    request.mutable_params()->Reserve(static_cast<int>(params->size()));
    for (const Value& param : *params) client_internal::ValueToProto(param, request.add_params());
  }
  request.set_min_position(options.min_position);
  request.set_wait_timeout_ms(static_cast<uint32_t>(options.wait_timeout.count()));
  absl::StatusOr<const ordinal::v1::SessionResponse*> response = stream_->Exchange(
      request, Reached(options_, options_.timeout + options.wait_timeout));
  if (!response.ok()) {
    // The stream ended, and the server closed the session with it.
    const bool unsent = !stream_->request_sent();
    DropSession();
    if (unsent && !in_transaction_ && !resent) {
      // It ended while idle (a server restart, say) and the statement never left: run it in
      // a new session, as after an unknown-session error.
      ORDINAL_RETURN_IF_ERROR(EnsureSession());
      return ExecuteOnStream(sql, params, options, /*resent=*/true);
    }
    if (!in_transaction_) return response.status();
    in_transaction_ = false;
    absl::Status lost = response.status();
    absl::Status out(lost.code(), absl::StrCat(lost.message(),
                                               "; the open transaction was rolled back"));
    if (GetMysqlErrno(lost) != MysqlErrno::kUnknown) {
      SetMysqlErrno(out, static_cast<int>(GetMysqlErrno(lost)));
    }
    return out;
  }
  if ((*response)->has_error()) {
    const ordinal::v1::StatementError& error = (*response)->error();
    redirect_address_ = error.primary_address();
    absl::Status status = client_internal::StatusFromProto(error);
    // The server ends the stream after this error: its session is gone.
    if (client_internal::IsUnknownSession(status)) stream_.reset();
    return status;
  }
  return TakeResponse((*response)->result());
}

ResultSet Client::TakeResponse(const ordinal::v1::ExecuteResponse& response) {
  current_database_ = response.current_database();
  in_transaction_ = response.in_transaction();
  last_commit_position_ = std::max(last_commit_position_, response.commit_position());
  return client_internal::ResultSetFromProto(response);
}

absl::StatusOr<ResultSet> Client::ExecuteInSession(std::string_view sql,
                                                   const absl::Span<const Value>* params,
                                                   const ExecuteOptions& options) {
  if (stream_ != nullptr) return ExecuteOnStream(sql, params, options);
  if (params != nullptr) {
    return absl::UnimplementedError(
        "statement parameters need a Session stream (ClientOptions::session_stream, and a "
        "server that has the Session method)");
  }
  grpc::ClientContext context;
  PrepareContext(context, options_, options_.timeout + options.wait_timeout);
  ordinal::v1::ExecuteRequest request;
  request.set_session_id(session_id_);
  request.set_sql(std::string(sql));
  request.set_min_position(options.min_position);
  request.set_wait_timeout_ms(static_cast<uint32_t>(options.wait_timeout.count()));
  ordinal::v1::ExecuteResponse response;
  grpc::Status status = stubs_->sql->Execute(&context, request, &response);
  if (!status.ok()) {
    const auto& trailing = context.GetServerTrailingMetadata();
    auto it = trailing.find(kPrimaryMetadataKey);
    if (it != trailing.end()) redirect_address_.assign(it->second.data(), it->second.size());
  }
  ORDINAL_RETURN_IF_ERROR(
      CallStatus(status, context, Reached(options_, options_.timeout)));
  return TakeResponse(response);
}

absl::StatusOr<ResultSet> Client::Execute(std::string_view sql) {
  return Execute(sql, ExecuteOptions{});
}

absl::StatusOr<ResultSet> Client::Execute(std::string_view sql, const ExecuteOptions& options) {
  return Run(sql, nullptr, options);
}

absl::StatusOr<ResultSet> Client::Execute(std::string_view sql, absl::Span<const Value> params,
                                          const ExecuteOptions& options) {
  return Run(sql, &params, options);
}

absl::StatusOr<ResultSet> Client::Run(std::string_view sql, const absl::Span<const Value>* params,
                                      const ExecuteOptions& options) {
  redirect_address_.clear();
  ORDINAL_RETURN_IF_ERROR(EnsureSession());
  absl::StatusOr<ResultSet> result = ExecuteInSession(sql, params, options);
  if (result.ok() || !client_internal::IsUnknownSession(result.status())) return result;
  // The server no longer knows the session: it restarted or closed it when idle.
  DropSession();
  if (in_transaction_) {
    in_transaction_ = false;
    absl::Status lost = result.status();
    return absl::Status(
        lost.code(),
        absl::StrCat(lost.message(), "; the open transaction was rolled back by the server"));
  }
  ORDINAL_RETURN_IF_ERROR(EnsureSession());
  return ExecuteInSession(sql, params, options);
}

absl::Status Client::ExecuteForStatus(std::string_view sql) { return Execute(sql).status(); }

absl::Status Client::Begin() { return ExecuteForStatus("BEGIN"); }
absl::Status Client::Commit() { return ExecuteForStatus("COMMIT"); }
absl::Status Client::Rollback() { return ExecuteForStatus("ROLLBACK"); }

}  // namespace ordinal
