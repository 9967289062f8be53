#include "tests/testing/sql_stub.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"

namespace ordinal::testing {
namespace {

void Prepare(grpc::ClientContext& context, const Credentials& credentials) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
  // A fresh channel's first connect can fail transiently when many connect at once; tests
  // assert what the server does with a call, so the call waits for a connection (within its
  // deadline) instead of failing on that first attempt.
  context.set_wait_for_ready(true);
  if (!credentials.send) return;
  context.AddMetadata(kUserMetadataKey, credentials.user);
  context.AddMetadata(kPasswordMetadataKey, credentials.password);
}

}  // namespace

std::shared_ptr<grpc::Channel> Connect(const std::string& address,
                                       const std::string& tls_ca_file) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  args.SetMaxSendMessageSize(256 << 20);
  // Reconnect quickly to a server that is starting or restarting; a channel of its own
  // (no connection shared with other channels) so a new channel starts without backoff.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 50);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 250);
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (tls_ca_file.empty()) {
    return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
  }
  std::ifstream in(tls_ca_file);
  std::stringstream pem;
  pem << in.rdbuf();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = pem.str();
  return grpc::CreateCustomChannel(address, grpc::SslCredentials(ssl), args);
}

absl::StatusOr<ordinal::v1::ExecuteResponse> Execute(const std::shared_ptr<grpc::Channel>& channel,
                                                     const std::string& sql,
                                                     const std::string& session_id) {
  ordinal::v1::ExecuteRequest request;
  request.set_sql(sql);
  request.set_session_id(session_id);
  return Execute(channel, request);
}

absl::StatusOr<ordinal::v1::ExecuteResponse> Execute(const std::shared_ptr<grpc::Channel>& channel,
                                                     const ordinal::v1::ExecuteRequest& request,
                                                     const Credentials& credentials) {
  auto stub = ordinal::v1::Sql::NewStub(channel);
  grpc::ClientContext context;
  Prepare(context, credentials);
  ordinal::v1::ExecuteResponse response;
  grpc::Status status = stub->Execute(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status, context);
  return response;
}

absl::StatusOr<std::string> OpenSession(const std::shared_ptr<grpc::Channel>& channel,
                                        const std::string& database,
                                        const Credentials& credentials) {
  auto stub = ordinal::v1::Sql::NewStub(channel);
  grpc::ClientContext context;
  Prepare(context, credentials);
  ordinal::v1::OpenSessionRequest request;
  request.set_database(database);
  ordinal::v1::OpenSessionResponse response;
  grpc::Status status = stub->OpenSession(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status, context);
  return response.session_id();
}

absl::Status CloseSession(const std::shared_ptr<grpc::Channel>& channel,
                          const std::string& session_id) {
  auto stub = ordinal::v1::Sql::NewStub(channel);
  grpc::ClientContext context;
  Prepare(context, Credentials{});
  ordinal::v1::CloseSessionRequest request;
  request.set_session_id(session_id);
  ordinal::v1::CloseSessionResponse response;
  return FromGrpcStatus(stub->CloseSession(&context, request, &response), context);
}

std::string FirstCell(const ordinal::v1::ExecuteResponse& response) {
  if (response.rows_size() == 0 || response.rows(0).values_size() == 0) return "";
  const ordinal::v1::Value& value = response.rows(0).values(0);
  switch (value.kind_case()) {
    case ordinal::v1::Value::kIntValue: return absl::StrCat(value.int_value());
    case ordinal::v1::Value::kDoubleValue: return absl::StrCat(value.double_value());
    case ordinal::v1::Value::kStringValue: return value.string_value();
    default: return "NULL";
  }
}

}  // namespace ordinal::testing
