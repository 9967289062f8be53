#include "server/mysql/commands.h"

#include <algorithm>
#include <variant>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/statement_traits.h"
#include "server/mysql/framing.h"
#include "server/mysql/protocol.h"
#include "server/mysql/result_stream.h"
#include "server/mysql/wire.h"

namespace ordinal::server::mysql {
namespace {

constexpr uint16_t kSetOptionMultiStatementsOn = 0;
constexpr uint16_t kSetOptionMultiStatementsOff = 1;

// An identifier quoted for the engine's parser: backticks, inner backticks doubled.
std::string QuoteIdentifier(std::string_view name) {
  std::string out = "`";
  for (const char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

// The sink of a prepared statement's probe: keeps the columns, drops the rows.
struct ColumnProbe final : engine::RowSink {
  absl::Status Begin(const std::vector<engine::ResultColumn>& result_columns) override {
    columns = result_columns;
    return absl::OkStatus();
  }
  absl::Status Row(const std::vector<engine::Value>&) override { return absl::OkStatus(); }
  std::vector<engine::ResultColumn> columns;
};

}  // namespace

bool CommandProcessor::EndsTransactionWithoutWaiting(const engine::sql::Statement& statement,
                                                     bool transaction_open, bool alone) const {
  const engine::sql::StatementBody& body = statement.body;
  // BEGIN waits only to commit a transaction left open.
  if (std::holds_alternative<engine::sql::Begin>(body)) return !transaction_open;
  // Committing what only read writes nothing and waits for nothing. (Only for a COMMIT
  // alone: in a multi-statement text, the statements before it may write.)
  if (std::holds_alternative<engine::sql::Commit>(body)) {
    return alone && session_->transaction_only_read();
  }
  // A rollback, to a savepoint or of the whole transaction, never waits.
  return std::holds_alternative<engine::sql::Rollback>(body);
}

CommandProcessor::CommandProcessor(Frontend& frontend, uint32_t client_capabilities,
                                   uint32_t connection_id, engine::auth::Principal principal,
                                   std::unique_ptr<engine::Session> session,
                                   std::function<void()> close)
    : frontend_(frontend),
      capabilities_(client_capabilities),
      connection_id_(connection_id),
      principal_(std::move(principal)),
      user_(principal_.UserAtHost()),
      multi_statements_((client_capabilities & cap::kMultiStatements) != 0),
      session_(std::move(session)),
      close_(std::move(close)) {
  session_->SetConnection(connection_id_, user_);
  Register();
}

CommandProcessor::~CommandProcessor() {
  frontend_.runner.connections().Remove(connection_id_);
}

void CommandProcessor::Register() {
  frontend_.runner.connections().Add(connection_id_,
                                     {session_->interrupt(), close_, principal_.user});
}

absl::Status CommandProcessor::ReplaceSession(std::unique_ptr<engine::Session> session) {
  session_->RollbackIfOpen();
  statements_.clear();
  session_.reset();  // gives its account's connection back before the new one takes it
  session_ = std::move(session);
  session_->SetConnection(connection_id_, user_);
  Register();
  return session_->SetPrincipal(principal_);
}

bool CommandProcessor::deprecate_eof() const {
  return (capabilities_ & cap::kDeprecateEof) != 0;
}

uint16_t CommandProcessor::Warnings() const {
  return static_cast<uint16_t>(std::min<uint32_t>(session_->warning_count(), 0xffff));
}

OkInfo CommandProcessor::PlainOk() const {
  OkInfo ok;
  ok.status_flags = StatusFlags(false);
  ok.warnings = Warnings();
  return ok;
}

uint16_t CommandProcessor::StatusFlags(bool more_follow) const {
  uint16_t flags = session_->autocommit() ? status::kAutocommit : 0;
  if (session_->in_transaction()) flags |= status::kInTrans;
  if (more_follow) flags |= status::kMoreResultsExist;
  return flags;
}

namespace {

bool RerunnableSelect(const engine::sql::Statement& statement) {
  const auto* select = std::get_if<engine::sql::Select>(&statement.body);
  return select != nullptr && engine::RerunsSafely(*select);
}

}  // namespace

CommandProcessor::Placement CommandProcessor::Place(std::string_view payload) {
  parsed_query_.reset();
  rerunnable_ = false;
  if (payload.empty()) return Placement::kInline;
  const auto command = static_cast<Command>(payload[0]);
  std::string_view body = payload.substr(1);
  if (command == Command::kStmtExecute) {
    std::optional<uint32_t> id = StatementId(body);
    auto it = id.has_value() ? statements_.find(*id) : statements_.end();
    if (it == statements_.end()) return Placement::kInline;
    const PreparedStatement& statement = *it->second.statement;
    if (statement.parks()) return Placement::kParked;
    if (statement.runs_without_blocking()) {
      const std::vector<std::optional<std::string>>& long_data = it->second.params.long_data;
      rerunnable_ = statement.kept() && statement.reruns_safely() &&
                    std::none_of(long_data.begin(), long_data.end(),
                                 [](const auto& data) { return data.has_value(); });
      return Placement::kInline;
    }
    if (statement.kept() &&
        (EndsTransactionWithoutWaiting(statement.statement(), session_->in_transaction(),
                                       /*alone=*/true) ||
         StatementRunner::ChangesWithoutWaiting(statement.statement(),
                                                session_->in_transaction()))) {
      return Placement::kInline;
    }
    return Placement::kBlocking;
  }
  if (command == Command::kStmtPrepare) {
    // The probe of a prepared statement that calls a blocking function runs it.
    const std::vector<size_t> markers = FindPlaceholders(body);
    return StatementRunner::RunsWithoutBlocking(BindParameters(
               body, markers, std::vector<engine::Value>(markers.size(), engine::Value::Int(0))))
               ? Placement::kInline
               : Placement::kBlocking;
  }
  if (command == Command::kQuery) {
    parsed_query_ = ParseQuery(body);
    Placement placement = Placement::kInline;
    bool transaction_open = session_->in_transaction();
    for (const ParsedSql& parsed : *parsed_query_) {
      if (!parsed.statement.ok()) continue;
      const engine::sql::Statement& statement = **parsed.statement;
      if (StatementRunner::ParksWait(statement)) return Placement::kParked;
      const bool without_waiting =
          EndsTransactionWithoutWaiting(statement, transaction_open,
                                        /*alone=*/parsed_query_->size() == 1) ||
          StatementRunner::ChangesWithoutWaiting(statement, transaction_open);
      const engine::sql::StatementBody& body = statement.body;
      if (std::holds_alternative<engine::sql::Begin>(body)) transaction_open = true;
      const auto* rollback = std::get_if<engine::sql::Rollback>(&body);
      if (std::holds_alternative<engine::sql::Commit>(body) ||
          (rollback != nullptr && rollback->savepoint.empty())) {
        transaction_open = false;
      }
      if (without_waiting) continue;
      if (!StatementRunner::RunsWithoutBlocking(statement)) {
        placement = Placement::kBlocking;
      }
    }
    rerunnable_ = placement == Placement::kInline && parsed_query_->size() == 1 &&
                  parsed_query_->front().statement.ok() &&
                  RerunnableSelect(**parsed_query_->front().statement);
    return placement;
  }
  // Closing or resetting a session rolls back (no fsync); the rest reads or parses.
  return Placement::kInline;
}

std::vector<CommandProcessor::ParsedSql> CommandProcessor::ParseQuery(std::string_view sql) {
  std::vector<std::string_view> pieces;
  if (multi_statements_) pieces = SplitStatements(sql);
  if (pieces.empty()) pieces.push_back(sql);  // one statement, or the engine's empty-query error
  std::vector<ParsedSql> parsed;
  parsed.reserve(pieces.size());
  for (std::string_view piece : pieces) {
    parsed.push_back({piece, parsed_selects_.Parse(piece)});
  }
  return parsed;
}

CommandProcessor::Next CommandProcessor::Handle(std::string_view payload, uint8_t seq,
                                                std::string& out, const Reply::Flush* flush) {
  Reply reply(out, seq, capabilities_, flush);
  if (payload.empty()) {
    reply.Error(MalformedPacket());
    return Next::kContinue;
  }
  ++questions_;
  const std::string_view body = payload.substr(1);
  switch (static_cast<Command>(payload[0])) {
    case Command::kQuit: return Next::kClose;
    case Command::kQuery: Query(body, reply); break;
    case Command::kPing: reply.Ok(PlainOk()); break;
    case Command::kInitDb: InitDb(body, reply); break;
    case Command::kStmtPrepare: Prepare(body, reply); break;
    case Command::kStmtExecute: Execute(body, reply); break;
    case Command::kStmtSendLongData: SendLongData(body); break;
    case Command::kStmtReset: ResetStatement(body, reply); break;
    case Command::kStmtClose: CloseStatement(body); break;
    case Command::kFieldList: FieldList(body, reply); break;
    case Command::kResetConnection: ResetConnection(reply); break;
    case Command::kSetOption: SetOption(body, reply); break;
    case Command::kStatistics: Statistics(reply); break;
    case Command::kProcessKill: ProcessKill(body, reply); break;
    default: reply.Error(UnknownCommand()); break;
  }
  return Next::kContinue;
}

void CommandProcessor::Query(std::string_view sql, Reply& reply) {
  std::vector<ParsedSql> statements =
      parsed_query_.has_value() ? *std::move(parsed_query_) : ParseQuery(sql);
  parsed_query_.reset();
  for (size_t i = 0; i < statements.size(); ++i) {
    // The first error ends a multi-statement query, as in MySQL.
    if (!RunParsed(statements[i], i + 1 < statements.size(), false, reply)) return;
  }
}

bool CommandProcessor::RunStatement(std::string_view sql, bool more_follow, bool binary,
                                    Reply& reply) {
  return RunStatement(sql, nullptr, more_follow, binary, reply);
}

bool CommandProcessor::RunParsed(const ParsedSql& parsed, bool more_follow, bool binary,
                                 Reply& reply) {
  return RunStatement(parsed.sql, parsed.statement.ok() ? parsed.statement->get() : nullptr,
                      more_follow, binary, reply);
}

bool CommandProcessor::RunStatement(std::string_view sql,
                                    const engine::sql::Statement* statement, bool more_follow,
                                    bool binary, Reply& reply) {
  // A SELECT's rows go to the client as they come (result_stream.h). The session is not
  // asked while its statement runs (a gRPC-bound session holds its lock meanwhile), so the
  // flags after the column definitions are read now: with autocommit off, the SELECT opens
  // a transaction.
  uint16_t flags = StatusFlags(more_follow);
  if (!session_->autocommit()) flags |= status::kInTrans;
  ResultStream stream(reply, binary, session_->current_database(), flags);
  const Reply::Mark before = reply.mark();
  absl::StatusOr<engine::ResultSet> result =
      statement != nullptr ? frontend_.runner.Run(*session_, *statement, sql, {}, &stream)
                           : frontend_.runner.Run(*session_, sql, {}, &stream);
  if (!result.ok()) {
    // Rows that reached the client already end with the ERR in place of their terminator;
    // otherwise the ERR is the whole answer.
    reply.Rewind(before);
    reply.Error(ErrorFromStatus(result.status()));
    return false;
  }
  if (result->streamed) {
    reply.EndOfList(StatusFlags(more_follow), /*final=*/true, Warnings());
  } else if (result->has_rows) {
    WriteResultSet(*result, more_follow, binary, reply);
  } else {
    OkInfo ok;
    ok.affected_rows = result->rows_affected;
    ok.last_insert_id = result->last_insert_id;
    ok.status_flags = StatusFlags(more_follow);
    ok.warnings = Warnings();
    ok.info = result->info;
    ok.commit_position = result->commit_position;
    reply.Ok(ok);
  }
  return true;
}

void CommandProcessor::WriteResultSet(const engine::ResultSet& result, bool more_follow,
                                      bool binary, Reply& reply) {
  WireWriter count;
  count.LenencInt(result.columns.size());
  reply.Packet(count.data());
  std::vector<ColumnMeta> columns;
  columns.reserve(result.columns.size());
  for (const engine::ResultColumn& column : result.columns) {
    columns.push_back(ColumnFor(column));
    columns.back().schema = session_->current_database();
    reply.Packet(ColumnDefinitionPacket(columns.back()));
  }
  const uint16_t flags = StatusFlags(more_follow);
  reply.EndOfList(flags, /*final=*/false);
  for (const std::vector<engine::Value>& row : result.rows) {
    reply.Packet(binary ? BinaryRowPacket(columns, row) : TextRowPacket(columns, row));
  }
  reply.EndOfList(flags, /*final=*/true, Warnings());
}

absl::StatusOr<std::vector<ColumnMeta>> CommandProcessor::ProbeColumns(
    const Prepared& prepared) {
  // Statements that return rows report their columns: a SELECT's come from its plan, with
  // every parameter 0 (Session::Describe); the other reads (SHOW, EXPLAIN, ...) are run once
  // with those values to learn them. Other statements return none.
  std::vector<ColumnMeta> columns;
  PreparedStatement& statement = *prepared.statement;
  if (!statement.only_reads()) return columns;
  const std::vector<engine::Value> zeros(statement.parameter_count(), engine::Value::Int(0));
  const engine::sql::Statement* parsed = nullptr;
  absl::StatusOr<engine::sql::Statement> bound = absl::UnknownError("unset");
  if (statement.kept()) {
    parsed = &statement.Bind(zeros);
  } else {
    bound = StatementRunner::Parse(statement.BindText(zeros));
    if (!bound.ok()) return bound.status();
    parsed = &*bound;
  }
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<engine::ResultColumn>> described,
                           session_->Describe(*parsed));
  std::vector<engine::ResultColumn> result_columns;
  if (described.has_value()) {
    result_columns = *std::move(described);
  } else {
    // The probe's rows are dropped as they come: only its columns are kept.
    ColumnProbe sink;
    ORDINAL_ASSIGN_OR_RETURN(engine::ResultSet probe, session_->Execute(*parsed, &sink));
    if (!probe.has_rows) return columns;
    result_columns = probe.streamed ? std::move(sink.columns) : std::move(probe.columns);
  }
  for (const engine::ResultColumn& column : result_columns) {
    columns.push_back(ColumnFor(column));
    columns.back().schema = session_->current_database();
  }
  return columns;
}

void CommandProcessor::Prepare(std::string_view sql, Reply& reply) {
  absl::StatusOr<std::unique_ptr<PreparedStatement>> prepared = PreparedStatement::Prepare(sql);
  if (!prepared.ok()) {
    reply.Error(ErrorFromStatus(prepared.status()));
    return;
  }
  Prepared statement;
  statement.statement = *std::move(prepared);
  absl::StatusOr<std::vector<ColumnMeta>> columns = ProbeColumns(statement);
  if (!columns.ok()) {
    reply.Error(ErrorFromStatus(columns.status()));
    return;
  }
  statement.columns = *std::move(columns);
  const uint32_t id = next_statement_id_++;
  WireWriter w;
  w.Int1(0x00);
  w.Int4(id);
  w.Int2(static_cast<uint16_t>(statement.columns.size()));
  const size_t markers = statement.statement->parameter_count();
  w.Int2(static_cast<uint16_t>(markers));
  w.Int1(0);
  w.Int2(0);  // warnings
  reply.Packet(w.data());
  if (markers > 0) {
    ColumnMeta param;
    param.name = "?";
    param.type = FieldType::kVarString;
    for (size_t i = 0; i < markers; ++i) {
      reply.Packet(ColumnDefinitionPacket(param));
    }
    reply.EndOfList(StatusFlags(false), /*final=*/false);
  }
  if (!statement.columns.empty()) {
    for (const ColumnMeta& column : statement.columns) reply.Packet(ColumnDefinitionPacket(column));
    reply.EndOfList(StatusFlags(false), /*final=*/false);
  }
  statements_.emplace(id, std::move(statement));
}

void CommandProcessor::Execute(std::string_view body, Reply& reply) {
  std::optional<uint32_t> id = StatementId(body);
  auto it = id.has_value() ? statements_.find(*id) : statements_.end();
  if (it == statements_.end()) {
    reply.Error(UnknownStatement(id.value_or(0), "mysqld_stmt_execute"));
    return;
  }
  Prepared& prepared = it->second;
  PreparedStatement& statement = *prepared.statement;
  std::optional<std::vector<engine::Value>> values =
      ParseExecute(body, statement.parameter_count(), prepared.params);
  if (!values.has_value()) {
    reply.Error(WrongArguments("mysqld_stmt_execute"));
    return;
  }
  if (statement.kept()) {
    RunStatement(statement.sql(), &statement.Bind(*std::move(values)), false, /*binary=*/true,
                 reply);
    return;
  }
  RunStatement(statement.BindText(*values), false, /*binary=*/true, reply);
}

void CommandProcessor::SendLongData(std::string_view body) {
  // No response, even to an error: the error surfaces at the next execution, as in MySQL.
  std::optional<LongData> data = ParseLongData(body);
  if (!data.has_value()) return;
  auto it = statements_.find(data->statement_id);
  if (it == statements_.end()) return;
  const size_t markers = it->second.statement->parameter_count();
  if (data->param >= markers) return;
  std::vector<std::optional<std::string>>& long_data = it->second.params.long_data;
  long_data.resize(markers);
  if (!long_data[data->param].has_value()) long_data[data->param].emplace();
  long_data[data->param]->append(data->bytes);
}

void CommandProcessor::ResetStatement(std::string_view body, Reply& reply) {
  std::optional<uint32_t> id = StatementId(body);
  auto it = id.has_value() ? statements_.find(*id) : statements_.end();
  if (it == statements_.end()) {
    reply.Error(UnknownStatement(id.value_or(0), "mysqld_stmt_reset"));
    return;
  }
  it->second.params.long_data.clear();
  reply.Ok(PlainOk());
}

void CommandProcessor::CloseStatement(std::string_view body) {
  if (std::optional<uint32_t> id = StatementId(body)) statements_.erase(*id);
}

void CommandProcessor::InitDb(std::string_view database, Reply& reply) {
  RunStatement("USE " + QuoteIdentifier(database), false, false, reply);
}

void CommandProcessor::FieldList(std::string_view body, Reply& reply) {
  WireReader r(body);
  const std::string_view table = r.NulOrRestString();
  absl::StatusOr<engine::ResultSet> result =
      frontend_.runner.Run(*session_, "SELECT * FROM " + QuoteIdentifier(table) + " LIMIT 0");
  if (!result.ok()) {
    reply.Error(ErrorFromStatus(result.status()));
    return;
  }
  for (const engine::ResultColumn& column : result->columns) {
    ColumnMeta meta = ColumnFor(column);
    meta.schema = session_->current_database();
    meta.table = std::string(table);
    reply.Packet(ColumnDefinitionPacket(meta, /*with_default=*/true));
  }
  reply.EndOfList(StatusFlags(false), /*final=*/true);
}

void CommandProcessor::ResetConnection(Reply& reply) {
  const std::string database = session_->current_database();
  absl::StatusOr<std::unique_ptr<engine::Session>> fresh = frontend_.new_session(database);
  if (!fresh.ok()) fresh = frontend_.new_session("");  // the database was dropped meanwhile
  if (!fresh.ok()) {
    reply.Error(ErrorFromStatus(fresh.status()));
    return;
  }
  if (absl::Status s = ReplaceSession(*std::move(fresh)); !s.ok()) {
    reply.Error(ErrorFromStatus(s));
    close_();
    return;
  }
  reply.Ok(PlainOk());
}

void CommandProcessor::ChangeUser(engine::auth::Principal principal,
                                  std::unique_ptr<engine::Session> session, uint8_t seq,
                                  std::string& out) {
  principal_ = std::move(principal);
  user_ = principal_.UserAtHost();
  Reply reply(out, seq, capabilities_);
  if (absl::Status s = ReplaceSession(std::move(session)); !s.ok()) {
    reply.Error(ErrorFromStatus(s));
    close_();
    return;
  }
  reply.Ok(PlainOk());
}

void CommandProcessor::ProcessKill(std::string_view body, Reply& reply) {
  // COM_PROCESS_KILL is KILL CONNECTION id.
  WireReader r(body);
  std::optional<uint32_t> id = r.Int4();
  if (!id.has_value()) {
    reply.Error(MalformedPacket());
    return;
  }
  session_->interrupt()->Clear();
  absl::Status killed = frontend_.runner.connections().Kill(
      *id, /*query_only=*/false, StatementRunner::KillerOf(*session_));
  if (killed.ok()) killed = session_->interrupt()->Check();  // it killed itself
  if (!killed.ok()) {
    reply.Error(ErrorFromStatus(killed));
    return;
  }
  reply.Ok(PlainOk());
}

void CommandProcessor::SetOption(std::string_view body, Reply& reply) {
  WireReader r(body);
  std::optional<uint16_t> option = r.Int2();
  if (option == kSetOptionMultiStatementsOn) {
    multi_statements_ = true;
  } else if (option == kSetOptionMultiStatementsOff) {
    multi_statements_ = false;
  } else {
    reply.Error(UnknownCommand());
    return;
  }
  reply.EndOfList(StatusFlags(false), /*final=*/true);
}

void CommandProcessor::Statistics(Reply& reply) {
  reply.Packet(absl::StrCat("Questions: ", questions_, "  Opened prepared statements: ",
                            statements_.size()));
}

}  // namespace ordinal::server::mysql
