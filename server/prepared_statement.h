// A statement prepared once and run many times with values for its `?` parameter markers:
// what both front ends keep for a prepared statement (the MySQL protocol's COM_STMT_PREPARE,
// the gRPC Session's requests with params; server/prepared_cache.h).
//
// Preparing parses the text once with its markers. SELECT, INSERT, REPLACE, UPDATE and
// DELETE whose markers the parser takes keep that parse: each run sets the markers' values
// into it (Bind) and the engine runs the same parsed statement, so that a SELECT of the
// shape engine/plan/prepared_plan.h describes also keeps its plan (the engine keys kept
// plans by the statement's address, which stays put: hold a PreparedStatement by pointer).
// BEGIN, COMMIT and ROLLBACK keep their parse too (no markers). Other statements, and texts
// whose markers the parser does not take (such as LIMIT ?), bind the values as SQL literals
// into the text (BindText) and are parsed at each run.
//
// Thread safety: one thread at a time (Bind changes the kept parse).
#ifndef ORDINAL_SERVER_PREPARED_STATEMENT_H_
#define ORDINAL_SERVER_PREPARED_STATEMENT_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/sql/parser.h"
#include "engine/types/value.h"

namespace ordinal::server {

class PreparedStatement {
 public:
  // Prepares `sql`. Fails as the statement would with every marker set to 0: a syntax
  // error (1064), an empty statement, a statement over the size limit.
  static absl::StatusOr<std::unique_ptr<PreparedStatement>> Prepare(std::string_view sql);

  PreparedStatement(const PreparedStatement&) = delete;
  PreparedStatement& operator=(const PreparedStatement&) = delete;

  const std::string& sql() const { return sql_; }
  // How many `?` markers the text has: each run gives that many values.
  size_t parameter_count() const { return markers_.size(); }

  // Where a run belongs (StatementRunner's predicates of the same names): a statement that
  // may block (commits, DDL) runs off the I/O threads; one that parks waits as long as its
  // client asks (SLEEP, WAIT_FOR_EXECUTED_GTID_SET); one that only reads may be probed.
  bool runs_without_blocking() const { return runs_without_blocking_; }
  bool parks() const { return parks_; }
  bool only_reads() const { return only_reads_; }
  // A SELECT that may run a second time from the start (engine::RerunsSafely).
  bool reruns_safely() const { return reruns_safely_; }

  // Whether the parse is kept (see above): runs then Bind; otherwise they run BindText.
  bool kept() const { return kept_.has_value(); }
  // The kept parse, with the values of the last Bind (kept() only).
  const engine::sql::Statement& statement() const { return kept_->statement; }
  // kept() only: sets the markers to `values` (parameter_count() of them) and returns the
  // parse to run, valid until the next Bind.
  const engine::sql::Statement& Bind(std::vector<engine::Value> values);
  // The text with `values` (parameter_count() of them) as literals at the markers.
  std::string BindText(const std::vector<engine::Value>& values) const;

 private:
  PreparedStatement() = default;

  std::string sql_;
  std::vector<size_t> markers_;  // byte offsets of the markers in sql_
  bool runs_without_blocking_ = true;
  bool parks_ = false;
  bool only_reads_ = false;
  bool reruns_safely_ = false;
  std::optional<engine::sql::ParameterizedStatement> kept_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_PREPARED_STATEMENT_H_
