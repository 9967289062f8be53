// GROUP_CONCAT([DISTINCT] x, ... [ORDER BY k [ASC|DESC], ...] [SEPARATOR 's']), as MySQL 8:
// - a row where any x is NULL is skipped; the x of one row are joined without separator,
//   the rows' texts with the separator (default ",");
// - DISTINCT keeps the first row of each distinct tuple of x values (compared as
//   CompareForSort compares them);
// - ORDER BY sorts the rows by the keys (stable: rows with equal keys keep their order);
//   without it the rows come in the order they were added;
// - the result is cut to @@group_concat_max_len bytes (at a character boundary of UTF-8
//   text), with warning 1260 "Row N was cut by GROUP_CONCAT()", N counting the group's
//   concatenated rows up to the one that did not fit;
// - NULL when no row was concatenated.
// The call node's children are the x values followed by the ORDER BY keys
// (sql::Expr::order_descending). Internal to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_GROUP_CONCAT_H_
#define ORDINAL_ENGINE_EXEC_GROUP_CONCAT_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

// CompareForSort order of value tuples (TupleLess of aggregate.h, which includes this).
struct GroupConcatTupleLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};

// The state of one GROUP_CONCAT call over one group.
struct GroupConcatState {
  struct Entry {
    std::vector<Value> keys;  // the ORDER BY keys
    std::string text;         // the row's concatenated values
  };
  // Without ORDER BY: the result so far, and the row that made it too long (0: none yet).
  std::string text;
  uint64_t rows = 0;
  uint64_t cut_at_row = 0;
  // With ORDER BY: every row, sorted when the group is finished.
  std::vector<Entry> entries;
  // DISTINCT: the value tuples seen.
  std::set<std::vector<Value>, GroupConcatTupleLess> seen;
};

// Adds one input row. Returns whether the row counted (no NULL among its values and, with
// DISTINCT, not seen before).
absl::StatusOr<bool> GroupConcatAdd(const sql::Expr& call, uint64_t max_length,
                                    GroupConcatState& state, const std::vector<Value>& row);

// The result of a state that counted at least one row; raises warning 1260 when cut.
Value GroupConcatFinish(const sql::Expr& call, uint64_t max_length, const GroupConcatState& state);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_GROUP_CONCAT_H_
