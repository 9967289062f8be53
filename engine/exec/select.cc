// SELECT: a bound plan's joined rows (join.cc) grouped, filtered, projected,
// made distinct, sorted and limited.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/exec/aggregate.h"
#include "engine/exec/bound_select.h"
#include "engine/exec/eval_internal.h"
#include "engine/exec/evaluator.h"
#include "engine/exec/exact_key_cache.h"
#include "engine/exec/group_spill.h"
#include "engine/exec/join.h"
#include "engine/exec/query_memory.h"
#include "engine/exec/recursive_cte.h"
#include "engine/exec/select_buffer.h"
#include "engine/exec/set_operation.h"
#include "engine/exec/statements.h"
#include "engine/exec/streamed_select.h"
#include "engine/exec/window.h"
#include "engine/exec/window_spill.h"
#include "engine/functions/session_context.h"
#include "engine/plan/select_plan.h"
#include "engine/types/temporal.h"

namespace ordinal::engine::exec {
namespace {

// One result row plus the values it sorts by. With `plan.defer_projection`, `values` is the
// row the outputs are computed from later (Finish), after the sort and OFFSET.
using OutputRow = SortRow;

// Where produced rows go: the query block's SelectBuffer.
using RowSink = std::function<absl::Status(OutputRow)>;

absl::StatusOr<std::vector<Value>> EvaluateOutputs(const plan::SelectPlan& plan,
                                                   const std::vector<Value>& row) {
  std::vector<Value> values;
  values.reserve(plan.outputs.size());
  for (const sql::ExprPtr& expr : plan.outputs) {
    ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, row));
    values.push_back(std::move(v));
  }
  return values;
}

// Evaluates the outputs (or, deferred, keeps the row) and sort keys of `plan` over `row`
// (the plan's output layout).
absl::StatusOr<OutputRow> Project(const plan::SelectPlan& plan, const std::vector<Value>& row) {
  OutputRow out;
  if (plan.defer_projection) {
    out.values = row;
  } else {
    ORDINAL_ASSIGN_OR_RETURN(out.values, EvaluateOutputs(plan, row));
  }
  out.keys.reserve(plan.order.size());
  for (const plan::OrderKey& key : plan.order) {
    if (key.output >= 0 && !plan.defer_projection) {
      out.keys.push_back(out.values[key.output]);
    } else {
      const sql::Expr& expr = key.output >= 0 ? *plan.outputs[key.output] : *key.expr;
      ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(expr, row));
      out.keys.push_back(std::move(v));
    }
  }
  return out;
}

// Project for ORDER BY ... LIMIT (SelectBuffer::SortsAfterKept): the sort keys first, with
// the outputs they name, and the other outputs only for a row that sorts before the rows
// kept so far. Only for a plan whose other outputs are plain reads of a slot or constants
// (so skipping them skips no error, warning or assignment); the outputs that are computed
// for every row are computed in Project's order.
class CutProjection {
 public:
  static std::optional<CutProjection> For(const plan::SelectPlan& plan) {
    if (plan.defer_projection || plan.distinct || !plan.window.empty()) return std::nullopt;
    CutProjection projection(plan);
    bool plain = true;
    for (const plan::OrderKey& key : plan.order) {
      if (key.output >= 0) projection.named_[key.output] = true;
    }
    for (size_t i = 0; i < plan.outputs.size(); ++i) {
      const sql::Expr& e = *plan.outputs[i];
      if (!projection.named_[i] && e.slot < 0 && e.kind != sql::ExprKind::kLiteral) plain = false;
    }
    if (!plain) return std::nullopt;
    return projection;
  }

  // The projected row, or nullopt when `buffer` would drop it.
  absl::StatusOr<std::optional<OutputRow>> Project(const std::vector<Value>& row,
                                                   const SelectBuffer& buffer) {
    const size_t outputs = plan_->outputs.size();
    values_.resize(outputs);
    for (size_t i = 0; i < outputs; ++i) {
      if (named_[i]) {
        ORDINAL_ASSIGN_OR_RETURN(values_[i], Evaluate(*plan_->outputs[i], row));
      }
    }
    keys_.clear();
    for (const plan::OrderKey& key : plan_->order) {
      if (key.output >= 0) {
        keys_.push_back(values_[key.output]);
      } else {
        ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*key.expr, row));
        keys_.push_back(std::move(v));
      }
    }
    if (buffer.SortsAfterKept(keys_)) return std::nullopt;
    OutputRow out;
    out.values = std::move(values_);
    out.keys = std::move(keys_);
    for (size_t i = 0; i < outputs; ++i) {
      if (!named_[i]) {
        ORDINAL_ASSIGN_OR_RETURN(out.values[i], Evaluate(*plan_->outputs[i], row));
      }
    }
    values_.clear();
    keys_.clear();
    return out;
  }

 private:
  explicit CutProjection(const plan::SelectPlan& plan)
      : plan_(&plan), named_(plan.outputs.size(), false) {}

  const plan::SelectPlan* plan_;
  std::vector<bool> named_;   // per output: named by a sort key
  std::vector<Value> values_;  // the row being projected, reused while rows are cut
  std::vector<Value> keys_;
};

// The result row of a produced row: its values, computed now when projection was deferred.
absl::StatusOr<std::vector<Value>> Finish(const plan::SelectPlan& plan, OutputRow& row) {
  if (!plan.defer_projection) return std::move(row.values);
  return EvaluateOutputs(plan, row.values);
}

absl::StatusOr<bool> Matches(const sql::Expr* predicate, const std::vector<Value>& row) {
  if (predicate == nullptr) return true;
  return EvaluatePredicate(*predicate, row);
}

// Computes the window calls over `rows` (the input layout), then projects every row.
absl::Status ProjectAll(const plan::SelectPlan& plan, std::vector<std::vector<Value>> rows,
                        const RowSink& keep) {
  ORDINAL_RETURN_IF_ERROR(ComputeWindows(plan.window, &rows));
  for (const std::vector<Value>& row : rows) {
    ORDINAL_ASSIGN_OR_RETURN(OutputRow projected, Project(plan, row));
    ORDINAL_RETURN_IF_ERROR(keep(std::move(projected)));
  }
  return absl::OkStatus();
}

// The rows of a plan without aggregation. `stop_after` > 0 ends the scan once that many
// rows were produced (never with window functions, which need every row). With `cut`, the
// rows go to `keep` through it: `*cut_buffer`, where `keep` puts them, drops the rows it
// would not keep before their outputs are computed.
absl::Status ProduceRows(const plan::SelectPlan& plan, ExecContext& ctx,
                         const std::vector<Value>& outer, size_t stop_after,
                         const RowSink& keep, CutProjection* cut = nullptr,
                         const SelectBuffer* cut_buffer = nullptr) {
  if (!plan.window.empty()) {
    // Window functions need every row of a partition. Past the bound, when the windows
    // share their PARTITION BY, the rows spill and come back a partition at a time
    // (window_spill.h); otherwise the failed charge is the error.
    const std::vector<sql::ExprPtr>* partitioning =
        ctx.memory != nullptr && !ctx.memory->spill_dir().empty()
            ? WindowSpill::SharedPartitioning(plan.window)
            : nullptr;
    MemoryCharge charge(ctx.memory, MemoryUse::kTemporaryTable);
    std::vector<std::vector<Value>> rows;
    std::unique_ptr<WindowSpill> spill;
    ORDINAL_RETURN_IF_ERROR(ForEachJoinedRow(
        plan, ctx, outer, [&](const std::vector<Value>& row) -> absl::StatusOr<bool> {
          ORDINAL_ASSIGN_OR_RETURN(bool match, Matches(plan.having.get(), row));
          if (!match) return true;
          if (spill == nullptr) {
            absl::Status charged = charge.AddRow(row);
            if (charged.ok()) {
              rows.push_back(row);
              return true;
            }
            if (partitioning == nullptr) return charged;
            spill = std::make_unique<WindowSpill>(ctx.memory, *partitioning);
            charge.ReleaseAll();
            for (std::vector<Value>& held : rows) ORDINAL_RETURN_IF_ERROR(spill->Add(std::move(held)));
            rows.clear();
          }
          ORDINAL_RETURN_IF_ERROR(spill->Add(row));
          return true;
        }));
    if (spill != nullptr) {
      return spill->Drain([&](std::vector<std::vector<Value>> partition) {
        return ProjectAll(plan, std::move(partition), keep);
      });
    }
    return ProjectAll(plan, std::move(rows), keep);
  }
  size_t produced = 0;
  // Sorting before the join, the join counts the rows itself (they are in order only
  // while its sort fits in memory).
  const bool join_stops = !plan.sort_before_join.empty();
  return ForEachJoinedRow(plan, ctx, outer,
                          [&](const std::vector<Value>& row) -> absl::StatusOr<bool> {
                            ORDINAL_ASSIGN_OR_RETURN(bool match, Matches(plan.having.get(), row));
                            if (!match) return true;
                            if (cut != nullptr) {
                              ORDINAL_ASSIGN_OR_RETURN(std::optional<OutputRow> projected,
                                                       cut->Project(row, *cut_buffer));
                              if (projected) {
                                ORDINAL_RETURN_IF_ERROR(keep(std::move(*projected)));
                              }
                              return true;
                            }
                            ORDINAL_ASSIGN_OR_RETURN(OutputRow projected, Project(plan, row));
                            ORDINAL_RETURN_IF_ERROR(keep(std::move(projected)));
                            return join_stops || stop_after == 0 || ++produced < stop_after;
                          },
                          JoinedColumns::kReadByPlan, join_stops ? stop_after : 0);
}

struct Group {
  std::vector<Value> first_row;
  Aggregator::State state;
  uint64_t bytes = 0;  // charged for it
};

// Groups in GROUP BY order; with ROLLUP a key prefix (a super-aggregate row) follows every
// group it covers: lexicographic, and on a common prefix the longer key first.
struct RollupLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
      const int c = CompareForSort(a[i], b[i]);
      if (c != 0) return c < 0;
    }
    return a.size() > b.size();
  }
};

using Groups = std::map<std::vector<Value>, Group, RollupLess>;
// Groups are only erased once every row was added, so the cached iterators stay valid.
using GroupCache = ExactKeyCache<Groups::iterator>;

// Adds `row` to the group of `key`; the key is copied only for a new group.
absl::Status AddToGroup(const Aggregator& aggregator, const std::vector<Value>& key,
                        const std::vector<Value>& row, MemoryCharge& charge, Groups* groups,
                        GroupCache* cache) {
  if (std::optional<Groups::iterator> cached = cache->Find(key)) {
    return aggregator.Accumulate((*cached)->second.state, row);
  }
  auto it = groups->find(key);
  if (it == groups->end()) {
    const uint64_t bytes = RowBytes(key) + RowBytes(row);
    ORDINAL_RETURN_IF_ERROR(charge.Add(bytes));
    it = groups->emplace(key, Group{row, aggregator.NewState(), bytes}).first;
  }
  cache->Remember(key, it);
  return aggregator.Accumulate(it->second.state, row);
}

// Adds `row` to the group of `key` and, WITH ROLLUP, to the group of each shorter prefix.
absl::Status AddToGroups(const plan::SelectPlan& plan, const Aggregator& aggregator,
                         const std::vector<Value>& key, const std::vector<Value>& row,
                         MemoryCharge& charge, Groups* groups, GroupCache* cache) {
  ORDINAL_RETURN_IF_ERROR(AddToGroup(aggregator, key, row, charge, groups, cache));
  if (!plan.rollup) return absl::OkStatus();
  std::vector<Value> prefix = key;
  while (!prefix.empty()) {
    prefix.pop_back();
    ORDINAL_RETURN_IF_ERROR(AddToGroup(aggregator, prefix, row, charge, groups, cache));
  }
  return absl::OkStatus();
}

// The row of a group whose key has `level` of the GROUP BY columns (fewer for a ROLLUP
// super-aggregate row: the rest are NULL), followed by its GROUPING() values.
void FinishGroup(const plan::SelectPlan& plan, const Aggregator& aggregator, size_t level,
                 Group& group, std::vector<Value>* grouped) {
  *grouped = std::move(group.first_row);
  for (size_t i = level; i < plan.group_by.size() && plan.rollup; ++i) {
    (*grouped)[plan.group_by[i]->slot] = Value::Null();
  }
  aggregator.Finish(group.state, grouped);
  for (const sql::Expr* call : plan.groupings) {
    int64_t bits = 0;
    for (const sql::ExprPtr& arg : call->children) {
      size_t index = 0;
      while (index < plan.group_by.size() && plan.group_by[index]->slot != arg->slot) ++index;
      bits = bits * 2 + (index >= level ? 1 : 0);
    }
    grouped->push_back(Value::Int(bits));
  }
}

// Whether the groups of `plan` may spill (group_spill.h): not WITH ROLLUP (a super-aggregate
// row covers groups on both sides) nor with window functions (which need every group row).
bool GroupsCanSpill(const plan::SelectPlan& plan, const ExecContext& ctx) {
  return !plan.rollup && plan.window.empty() && !plan.group_by.empty() &&
         ctx.memory != nullptr && !ctx.memory->spill_dir().empty();
}

// Adds `row` to its group in memory, or, once a group did not fit (`*spill` set), to the
// spill when its group is not in memory. While spilling is possible the groups in memory
// take at most half the statement's bound, leaving the rest to the spill's sort.
absl::Status AddToSpillingGroups(const Aggregator& aggregator, QueryMemory& memory,
                                 const std::vector<Value>& key, const std::vector<Value>& row,
                                 MemoryCharge& charge, Groups* groups,
                                 std::unique_ptr<GroupSpill>* spill, GroupCache* cache) {
  if (std::optional<Groups::iterator> cached = cache->Find(key)) {
    return aggregator.Accumulate((*cached)->second.state, row);
  }
  auto it = groups->find(key);
  if (it == groups->end()) {
    const uint64_t bytes = RowBytes(key) + RowBytes(row);
    const uint64_t half = memory.statement_limit() / 2;
    absl::Status charged = absl::OkStatus();
    if (*spill == nullptr) {
      charged = half != 0 && charge.bytes() + bytes > half ? absl::ResourceExhaustedError("")
                                                           : charge.Add(bytes);
    }
    if (*spill != nullptr || !charged.ok()) {
      if (*spill == nullptr) *spill = std::make_unique<GroupSpill>(&memory);
      return (*spill)->Add(key, row);
    }
    it = groups->emplace(key, Group{row, aggregator.NewState(), bytes}).first;
  }
  cache->Remember(key, it);
  return aggregator.Accumulate(it->second.state, row);
}

absl::Status ProduceGroups(const plan::SelectPlan& plan, ExecContext& ctx,
                           const std::vector<Value>& outer, const RowSink& keep) {
  Aggregator aggregator(plan.aggregates);
  MemoryCharge groups_charge(ctx.memory, MemoryUse::kTemporaryTable);
  Groups groups;
  const bool can_spill = GroupsCanSpill(plan, ctx);
  std::unique_ptr<GroupSpill> spill;
  std::vector<Value> key(plan.group_by.size());  // the current row's, reused row after row
  GroupCache cache;
  // The key's values as evaluated (a column's is referred to, not copied), and their
  // addresses: a key seen before is found in the cache without being copied.
  std::vector<internal::Operand> key_values(plan.group_by.size());
  std::vector<const Value*> key_refs(plan.group_by.size());
  ORDINAL_RETURN_IF_ERROR(ForEachJoinedRow(
      plan, ctx, outer, [&](const std::vector<Value>& row) -> absl::StatusOr<bool> {
        for (size_t i = 0; i < plan.group_by.size(); ++i) {
          ORDINAL_RETURN_IF_ERROR(internal::Eval(*plan.group_by[i], row, &key_values[i]));
          key_refs[i] = &key_values[i].get();
        }
        // WITH ROLLUP adds the row to the groups of the key's prefixes as well.
        if (!plan.rollup) {
          if (std::optional<Groups::iterator> cached = cache.Find(key_refs)) {
            ORDINAL_RETURN_IF_ERROR(aggregator.Accumulate((*cached)->second.state, row));
            return true;
          }
        }
        for (size_t i = 0; i < plan.group_by.size(); ++i) key[i] = *key_refs[i];
        if (can_spill) {
          ORDINAL_RETURN_IF_ERROR(AddToSpillingGroups(aggregator, *ctx.memory, key, row,
                                                      groups_charge, &groups, &spill, &cache));
        } else {
          ORDINAL_RETURN_IF_ERROR(
              AddToGroups(plan, aggregator, key, row, groups_charge, &groups, &cache));
        }
        return true;
      },
      JoinedColumns::kReadByPlan));
  // Aggregates without GROUP BY over no rows still give one row (the enclosing query's
  // values stay visible to it).
  if (groups.empty() && plan.group_by.empty()) {
    std::vector<Value> empty(plan.row_width);
    const size_t own = plan.row_width - plan.outer_width;
    for (size_t i = 0; i < outer.size() && own + i < empty.size(); ++i) empty[own + i] = outer[i];
    groups.emplace(std::vector<Value>{}, Group{std::move(empty), aggregator.NewState()});
  }
  // Finished groups go on to HAVING and the projection one at a time, unless window
  // functions need them all.
  std::vector<std::vector<Value>> rows;
  auto finish = [&](size_t level, Group& group) -> absl::Status {
    std::vector<Value> grouped;
    FinishGroup(plan, aggregator, level, group, &grouped);
    ORDINAL_ASSIGN_OR_RETURN(bool match, Matches(plan.having.get(), grouped));
    if (!match) return absl::OkStatus();
    if (!plan.window.empty()) {
      rows.push_back(std::move(grouped));
      return absl::OkStatus();
    }
    ORDINAL_ASSIGN_OR_RETURN(OutputRow projected, Project(plan, grouped));
    return keep(std::move(projected));
  };
  // The groups in memory before `key` (all of them without one), in key order, each freed
  // once finished.
  auto finish_in_memory = [&](const std::vector<Value>* key) -> absl::Status {
    while (!groups.empty() && (key == nullptr || groups.key_comp()(groups.begin()->first, *key))) {
      auto it = groups.begin();
      ORDINAL_RETURN_IF_ERROR(finish(it->first.size(), it->second));
      groups_charge.Release(it->second.bytes);
      groups.erase(it);
    }
    return absl::OkStatus();
  };
  if (spill != nullptr) {
    ORDINAL_RETURN_IF_ERROR(spill->Drain(
        aggregator, [&](std::vector<Value> key, std::vector<Value> first_row,
                        Aggregator::State state) -> absl::Status {
          ORDINAL_RETURN_IF_ERROR(finish_in_memory(&key));
          Group group{std::move(first_row), std::move(state)};
          return finish(key.size(), group);
        }));
  }
  ORDINAL_RETURN_IF_ERROR(finish_in_memory(nullptr));
  return ProjectAll(plan, std::move(rows), keep);
}

using Rows = std::vector<std::vector<Value>>;

// Below: a query block's rows, ordered and limited; a compound's operands run through it.
absl::StatusOr<Rows> RunSelect(const plan::SelectPlan& plan, ExecContext& ctx,
                               const std::vector<Value>& outer, size_t max_rows,
                               uint64_t* total, const RowCallback* emit);

// A compound query (UNION, EXCEPT, INTERSECT; set_operation.h), or a recursive CTE. With
// `emit`, the rows go to it and the returned rows are empty.
absl::StatusOr<Rows> RunCompound(const plan::SelectPlan& plan, ExecContext& ctx,
                                 const std::vector<Value>& outer, size_t max_rows,
                                 uint64_t* total, const RowCallback* emit) {
  Rows rows;
  MemoryCharge charge(ctx.memory, MemoryUse::kTemporaryTable);
  const RowCallback keep = [&](std::vector<Value>& row) -> absl::Status {
    if (emit != nullptr) return (*emit)(row);
    ORDINAL_RETURN_IF_ERROR(charge.AddRow(row));
    rows.push_back(std::move(row));
    return absl::OkStatus();
  };
  if (plan.working != nullptr) {
    ORDINAL_ASSIGN_OR_RETURN(Rows all, RunRecursiveCte(plan, ctx, max_rows));
    if (total != nullptr) *total = all.size();
    if (emit == nullptr) return all;
    for (std::vector<Value>& row : all) ORDINAL_RETURN_IF_ERROR(keep(row));
    return Rows{};
  }
  const OperandRunner run_operand = [&](size_t i, const RowCallback& operand_rows) {
    return RunSelect(*plan.operands[i], ctx, outer, 0, nullptr, &operand_rows).status();
  };
  ORDINAL_RETURN_IF_ERROR(RunSetOperations(plan, ctx.memory, run_operand, max_rows, total, keep));
  return rows;
}

// ER_WARN_DEPRECATED_SYNTAX_NO_REPLACEMENT, as MySQL 8.0.17+ warns about SQL_CALC_FOUND_ROWS.
constexpr int kDeprecatedSyntax = 1287;

// TIMESTAMP columns hold UTC; a selected TIMESTAMP column shows in the session's time zone.
void ShowTimestampsInZone(const std::vector<ResultColumn>& columns, const absl::TimeZone zone,
                          std::vector<Value>& row) {
  for (size_t c = 0; c < columns.size() && c < row.size(); ++c) {
    if (columns[c].type == ColumnType::kTimestamp && row[c].is_string()) {
      row[c] = Value::String(TimestampToZone(row[c].string_value(), zone));
    }
  }
}

void ShowTimestampsInSessionZone(ResultSet* result) {
  const absl::TimeZone zone = CurrentTemporalMode().time_zone;
  if (zone == absl::UTCTimeZone()) return;
  for (std::vector<Value>& row : result->rows) ShowTimestampsInZone(result->columns, zone, row);
}

// RunSelectPlan; with `total`, every row is produced (no early stop) and *total receives
// their number before OFFSET and LIMIT (SQL_CALC_FOUND_ROWS). With `emit`, the final rows go
// to it as they are finished, uncharged, and the returned rows are empty.
absl::StatusOr<Rows> RunSelect(const plan::SelectPlan& plan, ExecContext& ctx,
                               const std::vector<Value>& outer, size_t max_rows,
                               uint64_t* total, const RowCallback* emit) {
  if (!plan.operands.empty()) return RunCompound(plan, ctx, outer, max_rows, total, emit);
  const size_t offset = static_cast<size_t>(plan.offset);
  const bool limited = plan.limit.has_value();
  size_t limit = limited && *plan.limit > 0 ? static_cast<size_t>(*plan.limit) : 0;
  if (max_rows > 0 && (!limited || max_rows < limit)) limit = max_rows;
  const bool capped = limited || max_rows > 0;

  // The buffer is charged while it lives; sorted buffers fail with 1038 (query_memory.h)
  // unless they can spill (select_buffer.h).
  const bool sorted = !plan.order.empty() && !plan.order_satisfied_by_path;
  SelectBuffer::Shape shape;
  shape.order = sorted ? &plan.order : nullptr;
  shape.outputs = &plan.outputs;
  shape.distinct = plan.distinct;
  if (capped && total == nullptr) shape.keep = offset > SIZE_MAX - limit ? 0 : offset + limit;
  SelectBuffer buffer(ctx.memory, shape);
  // Streamed with nothing to sort or make distinct, rows skip the buffer: each goes out as
  // it is produced, past OFFSET and up to LIMIT.
  const bool pass_through = emit != nullptr && !sorted && !plan.distinct;
  if (pass_through && !plan.aggregated && plan.window.empty() && total == nullptr) {
    ORDINAL_RETURN_IF_ERROR(StreamSelect(plan, ctx, outer, {offset, limit, capped}, *emit));
    return Rows{};
  }
  size_t passed = 0;
  const RowSink keep =
      pass_through ? RowSink([&](OutputRow row) -> absl::Status {
                       const size_t index = passed++;
                       if (index < offset || (capped && index - offset >= limit)) {
                         return absl::OkStatus();
                       }
                       ORDINAL_ASSIGN_OR_RETURN(std::vector<Value> values, Finish(plan, row));
                       return (*emit)(values);
                     })
                   : RowSink([&buffer](OutputRow row) { return buffer.Add(std::move(row)); });
  if (plan.aggregated) {
    ORDINAL_RETURN_IF_ERROR(ProduceGroups(plan, ctx, outer, keep));
  } else {
    // A plan that sorts before joining (plan/sort_before_join.h) produces its rows in
    // ORDER BY order too.
    const bool early_stop = capped && total == nullptr && !plan.distinct &&
                            plan.window.empty() &&
                            (plan.order.empty() || plan.order_satisfied_by_path ||
                             !plan.sort_before_join.empty());
    // ORDER BY ... LIMIT: rows that sort after the rows kept so far are not projected.
    std::optional<CutProjection> cut;
    if (sorted && !pass_through && shape.keep > 0) cut = CutProjection::For(plan);
    if (!(early_stop && limit == 0)) {
      ORDINAL_RETURN_IF_ERROR(ProduceRows(plan, ctx, outer, early_stop ? offset + limit : 0,
                                          keep, cut ? &*cut : nullptr, &buffer));
    }
  }

  if (pass_through) return Rows{};

  // The result is charged as the buffer was (a streamed row is not: it leaves at once);
  // OFFSET rows are skipped, LIMIT stops the drain.
  MemoryCharge result_charge(ctx.memory, MemoryUse::kTemporaryTable);
  std::vector<std::vector<Value>> result;
  size_t position = 0;
  ORDINAL_RETURN_IF_ERROR(buffer.Drain([&](OutputRow row) -> absl::StatusOr<bool> {
    const size_t index = position++;
    if (index < offset) return true;
    // Past LIMIT rows are only counted (SQL_CALC_FOUND_ROWS).
    if (capped && index - offset >= limit) return total != nullptr;
    ORDINAL_ASSIGN_OR_RETURN(std::vector<Value> values, Finish(plan, row));
    if (emit != nullptr) {
      ORDINAL_RETURN_IF_ERROR((*emit)(values));
    } else {
      ORDINAL_RETURN_IF_ERROR(result_charge.AddRow(values));
      result.push_back(std::move(values));
    }
    return total != nullptr || !capped || index + 1 - offset < limit;
  }));
  if (total != nullptr) *total = position;
  return result;
}

bool CalcFoundRows(const sql::Select& select) {
  if (select.calc_found_rows) return true;
  return !select.compound.empty() && select.compound[0].query != nullptr &&
         select.compound[0].query->calc_found_rows;
}

}  // namespace

absl::StatusOr<std::vector<std::vector<Value>>> RunSelectPlan(const plan::SelectPlan& plan,
                                                              ExecContext& ctx,
                                                              const std::vector<Value>& outer,
                                                              size_t max_rows) {
  return RunSelect(plan, ctx, outer, max_rows, nullptr, nullptr);
}

absl::StatusOr<ResultSet> ExecuteSelect(const sql::Select& select, ExecContext& ctx) {
  const plan::BindContext bind = MakeBindContext(ctx);
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<plan::SelectPlan> plan,
                           plan::BindSelect(select, bind));
  return ExecuteBoundSelect(select, *plan, ctx);
}

absl::StatusOr<ResultSet> ExecuteBoundSelect(const sql::Select& select,
                                             const plan::SelectPlan& bound, ExecContext& ctx) {
  // Only the statement's outermost query streams; the queries inside it fill their rows.
  engine::RowSink* const sink = std::exchange(ctx.sink, nullptr);
  const plan::SelectPlan* const plan = &bound;
  ResultSet result;
  result.has_rows = true;
  result.columns = plan->columns;
  // SQL_CALC_FOUND_ROWS keeps its rows until it knows the total (FOUND_ROWS() bookkeeping).
  if (sink != nullptr && !CalcFoundRows(select)) {
    ORDINAL_RETURN_IF_ERROR(sink->Begin(result.columns));
    const absl::TimeZone zone = CurrentTemporalMode().time_zone;
    const bool convert = zone != absl::UTCTimeZone();
    const RowCallback emit = [&](std::vector<Value>& row) {
      if (convert) ShowTimestampsInZone(result.columns, zone, row);
      return sink->Row(row);
    };
    ORDINAL_RETURN_IF_ERROR(RunSelect(*plan, ctx, {}, 0, nullptr, &emit).status());
    result.streamed = true;
    return result;
  }
  if (CalcFoundRows(select)) {
    uint64_t total = 0;
    ORDINAL_ASSIGN_OR_RETURN(result.rows, RunSelect(*plan, ctx, {}, 0, &total, nullptr));
    result.found_rows = total;
    if (functions::SessionContext* session = functions::CurrentSessionContext()) {
      session->Warn(kDeprecatedSyntax,
                    "SQL_CALC_FOUND_ROWS is deprecated and will be removed in a future release. "
                    "Consider using two separate queries instead.");
    }
  } else {
    ORDINAL_ASSIGN_OR_RETURN(result.rows, RunSelectPlan(*plan, ctx, {}));
  }
  ShowTimestampsInSessionZone(&result);
  return result;
}

}  // namespace ordinal::engine::exec
