// The SELECT statements of one connection's text queries, parsed once: a text run again
// finds its parse here, and the engine session finds the plan it keeps for the same text
// (engine/plan/kept_select.h), so a repeated SELECT is neither parsed nor bound again.
//
// Parsing depends on the text alone (engine/sql/parser.h takes no session setting), so a
// kept parse never goes stale. At most kCapacity statements of at most kMaxText bytes each
// are kept; the least recently used one is forgotten to make room. Other statements
// (writes, SET, DDL, ...) are parsed at every run and not kept.
//
// Thread safety: one thread at a time (the connection's).
#ifndef ORDINAL_SERVER_PARSED_SELECTS_H_
#define ORDINAL_SERVER_PARSED_SELECTS_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/sql/ast.h"
#include "server/text_keyed_lru.h"

namespace ordinal::server {

class ParsedSelects {
 public:
  static constexpr size_t kCapacity = 32;
  static constexpr size_t kMaxText = 4096;

  // `sql` parsed (StatementRunner::Parse): the kept statement, or one parsed now and kept
  // when it is a SELECT. The syntax error when it does not parse.
  absl::StatusOr<std::shared_ptr<const engine::sql::Statement>> Parse(std::string_view sql);

  size_t size() const { return selects_.size(); }

 private:
  TextKeyedLru<std::shared_ptr<const engine::sql::Statement>> selects_{kCapacity};
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_PARSED_SELECTS_H_
