// The set operations of a compound query (UNION, EXCEPT, INTERSECT and their ALL forms)
// within the statement's memory bound (docs/memory-and-disk.md, "Spilling to disk").
//
// The operands' rows are combined left to right, as MySQL 8 does: the DISTINCT forms make
// the result distinct; the ALL forms keep multiplicities (EXCEPT ALL removes one left row
// per right row, INTERSECT ALL keeps the smaller count). Rows compare with NULLs equal
// (TupleLess). While the rows fit the statement's bound a step runs in memory and keeps the
// order of first occurrences. Past it, with a spill directory, the rows so far and the
// operand's rows go to temporary files (spill_file.h) and the step sorts both by value
// (external_sort.h), so that equal rows meet and are counted: the same multiset, in value
// order (SQL leaves the order open without ORDER BY). UNION ALL only appends; a compound of
// UNION ALL alone, without ORDER BY, holds nothing: its rows pass through as they come. The
// compound's ORDER BY sorts on disk too when it must; its LIMIT keeps only the rows it
// returns. Without a spill directory a full buffer is the statement's error (1114, or 1038
// for the ORDER BY's sort), as for any buffer.
//
// Thread safety: one statement's, on one thread.
#ifndef ORDINAL_ENGINE_EXEC_SET_OPERATION_H_
#define ORDINAL_ENGINE_EXEC_SET_OPERATION_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "engine/exec/query_memory.h"
#include "engine/plan/select_plan.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

// Receives one row. It may move the row's values out; otherwise the caller may write the
// next row over them.
using RowCallback = std::function<absl::Status(std::vector<Value>& row)>;
// Runs operand `i` of the compound, giving each of its rows to `emit`.
using OperandRunner = std::function<absl::Status(size_t i, const RowCallback& emit)>;

// Runs the compound `plan` (plan.operands not empty, not a recursive CTE) and gives its rows,
// ordered, offset and limited, to `emit`. `max_rows` > 0 caps the rows emitted (after
// OFFSET). With `total`, *total receives the number of rows before OFFSET and LIMIT
// (SQL_CALC_FOUND_ROWS). `memory` may be null (unbounded).
absl::Status RunSetOperations(const plan::SelectPlan& plan, QueryMemory* memory,
                              const OperandRunner& run_operand, size_t max_rows,
                              uint64_t* total, const RowCallback& emit);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_SET_OPERATION_H_
