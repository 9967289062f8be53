#include "tests/unit/client/fake_server.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/sql_error.h"
#include "common/status_reason.h"
#include "proto/status_mapping.h"

namespace ordinal::testing {

FakeServer::FakeServer() {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(static_cast<ordinal::v1::Sql::Service*>(this));
  builder.RegisterService(static_cast<ordinal::v1::Admin::Service*>(this));
  server_ = builder.BuildAndStart();
}

FakeServer::~FakeServer() { Stop(); }

void FakeServer::Stop() {
  if (server_ == nullptr) return;
  // Cancels open Session streams at once, as a server that goes away does.
  server_->Shutdown(std::chrono::system_clock::now());
  server_->Wait();
  server_.reset();
}

std::vector<FakeServer::Request> FakeServer::requests() const {
  absl::MutexLock lock(&mu_);
  return requests_;
}

void FakeServer::BecomeReplica(const std::string& primary_address, bool in_metadata) {
  absl::MutexLock lock(&mu_);
  replica_ = true;
  primary_address_ = primary_address;
  primary_in_metadata_ = in_metadata;
}

void FakeServer::set_position(uint64_t position) {
  absl::MutexLock lock(&mu_);
  position_ = position;
}

uint64_t FakeServer::position() const {
  absl::MutexLock lock(&mu_);
  return position_;
}

void FakeServer::ForgetSessions() {
  absl::MutexLock lock(&mu_);
  sessions_.clear();
}

int FakeServer::sessions_opened() const {
  absl::MutexLock lock(&mu_);
  return sessions_opened_;
}

int FakeServer::sessions_open() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(sessions_.size());
}

std::vector<std::string> FakeServer::opened_databases() const {
  absl::MutexLock lock(&mu_);
  return opened_databases_;
}

uint64_t FakeServer::last_min_position() const {
  absl::MutexLock lock(&mu_);
  return last_min_position_;
}

grpc::Status FakeServer::CheckPassword(grpc::ServerContext* context) {
  auto it = context->client_metadata().find(kPasswordMetadataKey);
  if (it != context->client_metadata().end() && it->second == kPassword) return grpc::Status::OK;
  return ToGrpcStatus(SqlError(absl::StatusCode::kUnauthenticated, MysqlErrno::kAccessDenied,
                               "Access denied for user 'root'"),
                      context);
}

absl::StatusOr<std::string> FakeServer::Open(const std::string& database) {
  if (database == "missing") {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadDb, "Unknown database 'missing'");
  }
  absl::MutexLock lock(&mu_);
  std::string id = absl::StrCat("s", ++sessions_opened_);
  sessions_[id] = SessionState{database, false};
  opened_databases_.push_back(database);
  return id;
}

grpc::Status FakeServer::OpenSession(grpc::ServerContext* context,
                                     const ordinal::v1::OpenSessionRequest* request,
                                     ordinal::v1::OpenSessionResponse* response) {
  if (grpc::Status s = CheckPassword(context); !s.ok()) return s;
  absl::StatusOr<std::string> id = Open(request->database());
  if (!id.ok()) return ToGrpcStatus(id.status(), context);
  response->set_session_id(*id);
  return grpc::Status::OK;
}

grpc::Status FakeServer::CloseSession(grpc::ServerContext* context,
                                      const ordinal::v1::CloseSessionRequest* request,
                                      ordinal::v1::CloseSessionResponse* response) {
  if (grpc::Status s = CheckPassword(context); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  sessions_.erase(request->session_id());
  return grpc::Status::OK;
}

grpc::Status FakeServer::Execute(grpc::ServerContext* context,
                                 const ordinal::v1::ExecuteRequest* request,
                                 ordinal::v1::ExecuteResponse* response) {
  if (grpc::Status s = CheckPassword(context); !s.ok()) return s;
  std::string primary;
  absl::Status status = Handle({request->session_id(), request->sql(), request->min_position(),
                                request->wait_timeout_ms()},
                               response, &primary);
  if (!primary.empty()) context->AddTrailingMetadata(kPrimaryMetadataKey, primary);
  return ToGrpcStatus(status, context);
}

void FakeServer::DisableSessionStreams() {
  absl::MutexLock lock(&mu_);
  streams_ = false;
}

int FakeServer::streams_started() const {
  absl::MutexLock lock(&mu_);
  return streams_started_;
}

grpc::Status FakeServer::Session(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<ordinal::v1::SessionResponse, ordinal::v1::SessionRequest>* stream) {
  {
    absl::MutexLock lock(&mu_);
    ++streams_started_;
    if (!streams_) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no Session method");
  }
  if (grpc::Status s = CheckPassword(context); !s.ok()) return s;
  ordinal::v1::SessionRequest request;
  if (!stream->Read(&request)) return grpc::Status::OK;
  absl::StatusOr<std::string> id = Open(request.database());
  if (!id.ok()) return ToGrpcStatus(id.status(), context);
  bool first = true;
  do {
    ordinal::v1::SessionResponse response;
    absl::Status status;
    std::string primary;
    if (first && request.sql().empty()) {
      absl::MutexLock lock(&mu_);
      response.mutable_result()->set_current_database(sessions_[*id].database);
    } else {
      status = Handle({*id, request.sql(), request.min_position(), request.wait_timeout_ms()},
                      response.mutable_result(), &primary);
    }
    first = false;
    if (!status.ok()) {
      ordinal::v1::StatementError* error = response.mutable_error();
      error->set_code(static_cast<int>(status.code()));
      error->set_message(std::string(status.message()));
      if (GetMysqlErrno(status) != MysqlErrno::kUnknown) {
        error->set_mysql_errno(static_cast<uint32_t>(GetMysqlErrno(status)));
      }
      error->set_reason(std::string(StatusReasonName(GetStatusReason(status))));
      error->set_primary_address(primary);
      if (GetStatusReason(status) == StatusReason::kUnknownSession) {
        stream->Write(response);
        return ToGrpcStatus(status, context);
      }
    }
    if (!stream->Write(response)) break;
  } while (stream->Read(&request));
  absl::MutexLock lock(&mu_);
  sessions_.erase(*id);
  return grpc::Status::OK;
}

absl::Status FakeServer::Handle(const Request& request, ordinal::v1::ExecuteResponse* response,
                                std::string* primary) {
  absl::MutexLock lock(&mu_);
  last_min_position_ = request.min_position;
  requests_.push_back(request);
  auto it = sessions_.find(request.session_id);
  if (it == sessions_.end()) {
    return WithReason(
        absl::NotFoundError(absl::StrCat("Unknown session '", request.session_id, "'")),
        StatusReason::kUnknownSession);
  }
  if (request.min_position > position_) {
    return SqlError(absl::StatusCode::kUnavailable, MysqlErrno::kLockWaitTimeout,
                    absl::StrCat("Timed out waiting for position ", request.min_position,
                                 " (applied ", position_, ")"));
  }
  absl::Status status = Run(it->second, request.sql, response, primary);
  response->set_current_database(it->second.database);
  response->set_in_transaction(it->second.in_transaction);
  return status;
}

absl::Status FakeServer::Run(SessionState& session, const std::string& sql,
                             ordinal::v1::ExecuteResponse* response, std::string* primary) {
  if (absl::StartsWith(sql, "USE ")) {
    session.database = std::string(absl::StripPrefix(absl::StripSuffix(sql.substr(4), "`"), "`"));
  } else if (sql == "BEGIN") {
    session.in_transaction = true;
  } else if (sql == "COMMIT" || sql == "ROLLBACK") {
    session.in_transaction = false;
  } else if (sql == "WRITE" && replica_) {
    if (primary_in_metadata_) *primary = primary_address_;
    return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kReadOnly,
                    absl::StrCat("This server is a read-only replica; send writes to the primary at ",
                                 primary_address_));
  } else if (sql == "WRITE") {
    position_ += 10;
    response->set_commit_position(position_);
    response->set_rows_affected(1);
  } else if (sql == "FAIL") {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kNoSuchTable,
                    "Table 'db.session' doesn't exist");
  } else {
    response->set_has_result_set(true);
    auto* column = response->add_columns();
    column->set_name("db");
    column->set_type(ordinal::v1::COLUMN_TYPE_VARCHAR);
    column = response->add_columns();
    column->set_name("sql");
    column->set_type(ordinal::v1::COLUMN_TYPE_TEXT);
    auto* row = response->add_rows();
    row->add_values()->set_string_value(session.database);
    row->add_values()->set_string_value(sql);
  }
  return absl::OkStatus();
}

grpc::Status FakeServer::GetStatus(grpc::ServerContext* context,
                                   const ordinal::v1::GetStatusRequest* request,
                                   ordinal::v1::GetStatusResponse* response) {
  if (grpc::Status s = CheckPassword(context); !s.ok()) return s;
  response->set_version("fake");
  absl::MutexLock lock(&mu_);
  response->set_role(replica_ ? "replica" : "primary");
  response->set_latest_position(position_);
  response->set_uptime_seconds(3661);
  response->MergeFrom(status_extra_);
  return grpc::Status::OK;
}

void FakeServer::set_status_extra(const ordinal::v1::GetStatusResponse& extra) {
  absl::MutexLock lock(&mu_);
  status_extra_ = extra;
}

}  // namespace ordinal::testing
