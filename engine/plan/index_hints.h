// Index hints: which indexes a table's access path may use, from the hints of its FROM item
// (`t USE INDEX (a)`, `t IGNORE KEY (b)`, `t FORCE INDEX (PRIMARY)`; docs/sql-decisions.md,
// "Index hints").
//
// Hints for row access (no FOR clause, or FOR JOIN) narrow the candidates of
// ChooseAccessPath: USE and FORCE list the only indexes it may read (several hints add up;
// `USE INDEX ()` allows none), IGNORE removes indexes. FORCE also makes a join read the
// table through an index lookup whenever one applies, whatever the cost model says. Hints
// FOR ORDER BY and FOR GROUP BY are checked and change nothing: the executor never reads an
// index only for its order. A table scan stays possible when no allowed index applies, as
// in MySQL. Results never depend on hints, only the plan does.
#ifndef ORDINAL_ENGINE_PLAN_INDEX_HINTS_H_
#define ORDINAL_ENGINE_PLAN_INDEX_HINTS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

struct IndexChoice {
  // USE/FORCE: the only index ids an access path may read (0 is the primary key); unset
  // when no such hint was given.
  std::optional<absl::flat_hash_set<uint32_t>> only;
  absl::flat_hash_set<uint32_t> ignored;  // IGNORE
  bool force = false;                     // a FORCE hint for row access was given

  bool Allows(uint32_t index_id) const {
    return !ignored.contains(index_id) && (!only || only->contains(index_id));
  }
};

// The choice `hints` make for `table`; nullptr when they change nothing. A name that is
// not an index of the table (PRIMARY when it has no declared primary key) is error 1176,
// as in MySQL.
absl::StatusOr<std::shared_ptr<const IndexChoice>> ResolveIndexHints(
    const std::vector<sql::IndexHint>& hints, const catalog::TableInfo& table);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_INDEX_HINTS_H_
