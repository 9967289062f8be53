// The byte keys of a hash join's rows (join_hash_table.h): values that compare equal in SQL
// get equal keys. Numbers are keyed as doubles; strings as the weight string of their
// collation (engine/types/collation.h), so 'a' and 'A' share a key under a case-insensitive
// collation. NULL equals nothing: a row with a NULL key part has no key.
//
// Weight strings of the UCA and general_ci collations cost far more than a lookup (ICU sort
// keys), and a join key column often holds few distinct strings (a CHAR code): a JoinKeys
// remembers the weights of the values it met, up to a bound.
//
// Thread safety: none; one statement's, on one thread.
#ifndef ORDINAL_ENGINE_EXEC_JOIN_KEY_H_
#define ORDINAL_ENGINE_EXEC_JOIN_KEY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"
#include "engine/sql/ast.h"
#include "engine/types/collation.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

class JoinKeys {
 public:
  // At most this many values' weights are remembered (per collation), each at most
  // kMaxRememberedBytes long; past the count the memory starts again.
  static constexpr size_t kMaxRemembered = 4096;
  static constexpr size_t kMaxRememberedBytes = 64;

  // Writes to `*key` the key of the values of `keys` (bound expressions) over `row`. False
  // when one of them is NULL.
  absl::StatusOr<bool> Make(const std::vector<sql::ExprPtr>& keys, const std::vector<Value>& row,
                            std::string* key);

  // Appends the key part of `v`; false for NULL.
  bool Append(const Value& v, std::string* key);

 private:
  void AppendWeights(const Collation& collation, std::string_view value, std::string* out);

  struct Remembered {
    uint16_t collation_id = 0;
    absl::flat_hash_map<std::string, std::string> weights;  // by value
  };
  std::vector<Remembered> remembered_;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_JOIN_KEY_H_
