// The prepared statements of one gRPC Session stream, keyed by their text (the contract of
// SessionRequest.params in ordinal/v1/sql.proto): a request with params finds the
// statement its session prepared from the same text, or prepares it now. At most
// kCapacity statements are kept, the least recently used one forgotten to make room, so
// that a client never prepares, names or closes a statement itself.
//
// kCapacity is the engine's cap on a session's kept plans (engine::Session::kMaxKeptPlans),
// so that every statement kept here may keep its plan too.
//
// Thread safety: one thread at a time (the stream handles one request at a time).
#ifndef ORDINAL_SERVER_PREPARED_CACHE_H_
#define ORDINAL_SERVER_PREPARED_CACHE_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/database.h"
#include "server/prepared_statement.h"
#include "server/text_keyed_lru.h"

namespace ordinal::server {

class PreparedCache {
 public:
  static constexpr size_t kCapacity = engine::Session::kMaxKeptPlans;

  // The statement prepared from `sql`: the kept one, or one prepared now and kept (which
  // may forget the least recently used). PreparedStatement::Prepare's error when `sql` does
  // not prepare; nothing is kept then. The pointer stays valid until the statement is
  // forgotten: at the earliest, by the next Get of another text.
  absl::StatusOr<PreparedStatement*> Get(std::string_view sql);

  size_t size() const { return statements_.size(); }

 private:
  TextKeyedLru<std::unique_ptr<PreparedStatement>> statements_{kCapacity};
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_PREPARED_CACHE_H_
