#include "engine/exec/join.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "common/status_macros.h"
#include "engine/exec/evaluator.h"
#include "engine/exec/hash_join_spill.h"
#include "engine/exec/join_hash_table.h"
#include "engine/exec/join_key.h"
#include "engine/exec/query_memory.h"
#include "engine/exec/stored_row_filter.h"
#include "engine/exec/table_access.h"
#include "engine/plan/binder.h"
#include "engine/plan/read_slots.h"
#include "engine/types/collation.h"

namespace ordinal::engine::exec {
namespace {

using Row = std::vector<Value>;

absl::StatusOr<bool> AllHold(const std::vector<sql::ExprPtr>& predicates, const Row& row) {
  for (const sql::ExprPtr& p : predicates) {
    ORDINAL_ASSIGN_OR_RETURN(bool holds, EvaluatePredicate(*p, row));
    if (!holds) return false;
  }
  return true;
}

// Whether `e` only compares columns and literals: comparisons, AND, OR, NOT, IS NULL, IN,
// BETWEEN and LIKE (no function, variable, arithmetic, cast or subquery). Its evaluation
// has no side effects (not even a warning), so it may run once more on the same values.
bool IsPureTest(const sql::Expr& e) {
  switch (e.kind) {
    case sql::ExprKind::kColumn:
    case sql::ExprKind::kLiteral:
    case sql::ExprKind::kIsNull:
    case sql::ExprKind::kIn:
    case sql::ExprKind::kBetween:
    case sql::ExprKind::kLike:
      break;
    case sql::ExprKind::kUnary:
      if (e.unary_op != sql::UnaryOp::kNot) return false;
      break;
    case sql::ExprKind::kBinary:
      switch (e.binary_op) {
        case sql::BinaryOp::kEq:
        case sql::BinaryOp::kNotEq:
        case sql::BinaryOp::kLt:
        case sql::BinaryOp::kLtEq:
        case sql::BinaryOp::kGt:
        case sql::BinaryOp::kGtEq:
        case sql::BinaryOp::kNullSafeEq:
        case sql::BinaryOp::kAnd:
        case sql::BinaryOp::kOr:
          break;
        default:
          return false;
      }
      break;
    default:
      return false;
  }
  for (const sql::ExprPtr& child : e.children) {
    if (child == nullptr || !IsPureTest(*child)) return false;
  }
  return true;
}

// Whether `type` holds integers of at most 32 bits, whose hash join keys (doubles,
// join_key.h) are exact.
bool IsNarrowInteger(ColumnType type) {
  return type == ColumnType::kTinyInt || type == ColumnType::kSmallInt ||
         type == ColumnType::kMediumInt || type == ColumnType::kInt;
}

// Whether `condition`, one of a hash join step's conditions over `source`, is decided by
// the hash table's match: an equality of a column of the source with a column outside it
// (so the planner made it a key pair, plan/join_plan.h), both of narrow integer types. Their
// key parts are equal exactly when the values are, and the table compares keys whole.
bool DecidedByHashKey(const sql::Expr& condition, const plan::Scope& scope,
                      const plan::Source& source) {
  if (condition.kind != sql::ExprKind::kBinary || condition.binary_op != sql::BinaryOp::kEq ||
      condition.children.size() != 2) {
    return false;
  }
  int inside = 0;
  for (const sql::ExprPtr& child : condition.children) {
    if (child == nullptr || child->kind != sql::ExprKind::kColumn || child->slot < 0 ||
        !IsNarrowInteger(scope.TypeOf(child->slot))) {
      return false;
    }
    inside += child->slot >= source.offset && child->slot < source.offset + source.width();
  }
  return inside == 1;
}

// Marks the columns of the source at [offset, offset + columns->size()) of the row layout
// that `e` reads.
void MarkColumns(const sql::Expr& e, int offset, std::vector<bool>* columns) {
  if (e.slot >= offset && e.slot < offset + static_cast<int>(columns->size())) {
    (*columns)[e.slot - offset] = true;
  }
  for (const sql::ExprPtr& child : e.children) {
    if (child != nullptr) MarkColumns(*child, offset, columns);
  }
}

// The test a table source's rows get before they are wholly decoded (table_access.h
// RowCheck): its step's leading local conditions that are pure tests (IsPureTest). The
// first of them that a StoredRowFilter can make are tested on the stored bytes; the others
// on the columns they read. Rows they reject are skipped undecoded; rows they accept are
// decoded and tried as before, without those conditions.
struct Prefilter {
  size_t conditions = 0;         // how many leading local conditions; 0: no prefilter
  size_t stored_conditions = 0;  // how many of them `stored` tests
  std::unique_ptr<StoredRowFilter> stored;  // nullptr when stored_conditions is 0
  uint64_t stored_rejected = 0;             // rows `stored` rejected (EXPLAIN ANALYZE)
  // Per column of the source: read by the conditions tested on decoded columns; empty when
  // `stored` tests them all.
  std::vector<bool> columns;
  std::vector<bool> rest;  // the other columns that someone reads
};

// Whether `source` is a table read by VisitRows, one slot per column.
bool IsTableRead(const plan::Source& source) {
  return source.table != nullptr && source.system == nullptr && source.working == nullptr &&
         static_cast<size_t>(source.width()) == source.table->column_types.size();
}

// The columns of `source` (a table read) that the plan reads, per `read_slots` (nullptr:
// all); empty when that is all of them.
std::vector<bool> ColumnsRead(const plan::Source& source, const std::vector<bool>* read_slots) {
  if (read_slots == nullptr || !IsTableRead(source)) return {};
  std::vector<bool> columns(source.width());
  bool all = true;
  for (int c = 0; c < source.width(); ++c) {
    columns[c] = (*read_slots)[source.offset + c];
    all = all && columns[c];
  }
  if (all) return {};
  return columns;
}

// `read`: the columns the plan reads (empty: all); columns read by no one are not decoded
// after the prefilter accepted a row.
Prefilter MakePrefilter(const plan::JoinStep& step, const plan::Source& source,
                        const std::vector<bool>& read) {
  Prefilter filter;
  if (!IsTableRead(source)) return filter;
  const std::vector<sql::ExprPtr>& local = step.local_conditions;
  while (filter.conditions < local.size() && IsPureTest(*local[filter.conditions])) {
    ++filter.conditions;
  }
  if (filter.conditions == 0) return filter;
  auto stored = std::make_unique<StoredRowFilter>(*source.table, source.offset);
  while (filter.stored_conditions < filter.conditions &&
         stored->Add(*local[filter.stored_conditions])) {
    ++filter.stored_conditions;
  }
  if (filter.stored_conditions > 0) filter.stored = std::move(stored);
  if (filter.stored_conditions < filter.conditions) {
    filter.columns.assign(source.width(), false);
    for (size_t i = filter.stored_conditions; i < filter.conditions; ++i) {
      MarkColumns(*local[i], source.offset, &filter.columns);
    }
  }
  filter.rest.resize(source.width());
  for (size_t c = 0; c < filter.rest.size(); ++c) {
    const bool tested = !filter.columns.empty() && filter.columns[c];
    filter.rest[c] = !tested && (read.empty() || read[c]);
  }
  return filter;
}

// What one step keeps while the query runs.
struct StepState {
  sql::ExprPtr path_expr;                 // the plan's, with placeholders to fill
  std::vector<sql::Expr*> placeholders;
  bool loaded = false;                    // rows/hash hold the source's rows
  std::vector<Row> rows;
  JoinHashTable hash;                     // a hash join's: entry i is rows[i]
  uint64_t bytes = 0;                     // what `rows` charge (a hash join's)
  // A hash join's build side past its share of the memory bound: rows and hash are empty,
  // build and probe rows wait in temporary files (hash_join_spill.h).
  std::unique_ptr<HashJoinSpill> spill;
  std::string probe_key;  // a hash join's key of the row probing it (reused)
};

class JoinRunner {
 public:
  JoinRunner(const plan::SelectPlan& plan, ExecContext& ctx, JoinedRowVisitor visit,
             size_t sorted_stop)
      : plan_(plan),
        ctx_(ctx),
        visit_(visit),
        sorted_stop_(sorted_stop),
        states_(plan.steps.size()),
        interrupt_(RunningInterrupt()),
        loaded_charge_(ctx.memory, MemoryUse::kTemporaryTable),
        held_charge_(ctx.memory, MemoryUse::kTemporaryTable) {
    // A build side that can spill takes at most a quarter of the statement's bound, leaving
    // the rest to the steps after it and to the consumer of the rows (grouping, which
    // takes up to half, and sorting).
    if (ctx.memory != nullptr && !ctx.memory->spill_dir().empty()) {
      build_share_ = ctx.memory->statement_limit() / 4;
      can_spill_ = true;
    }
    if (ctx.profiles != nullptr) {
      profile_ = &(*ctx.profiles)[&plan];
      profile_->steps.resize(plan.steps.size() + 1);
    }
  }

  // `read_slots`: the slots of the row the plan reads (nullptr: all).
  absl::Status Run(const Row& outer, const std::vector<bool>* read_slots) {
    row_.assign(plan_.row_width, Value::Null());
    const int own = plan_.scope.own_width();
    for (size_t i = 0; i < outer.size() && own + i < row_.size(); ++i) row_[own + i] = outer[i];
    prefilters_.clear();
    columns_read_.clear();
    checked_.clear();
    for (size_t k = 0; k < plan_.steps.size(); ++k) {
      const plan::JoinStep& step = plan_.steps[k];
      const plan::Source& source = plan_.scope.sources()[step.source];
      columns_read_.push_back(ColumnsRead(source, read_slots));
      prefilters_.push_back(MakePrefilter(step, source, columns_read_.back()));
      checked_.emplace_back();
      for (const sql::ExprPtr& condition : step.conditions) {
        if (step.method == plan::JoinMethod::kHashJoin &&
            DecidedByHashKey(*condition, plan_.scope, source)) {
          continue;
        }
        checked_.back().push_back(condition.get());
      }
    }
    for (size_t k = 0; k < plan_.steps.size(); ++k) {
      StepState& state = states_[k];
      if (plan_.steps[k].path_expr == nullptr) continue;
      state.path_expr = plan::CloneExpr(*plan_.steps[k].path_expr);
      CollectPlaceholders(*state.path_expr, &state.placeholders);
    }
    holding_ = !plan_.sort_before_join.empty() && plan_.steps.size() > 1;
    ORDINAL_ASSIGN_OR_RETURN(bool more, Step(0));
    if (holding_) {
      holding_ = false;
      ORDINAL_ASSIGN_OR_RETURN(more, JoinHeld(/*sorted=*/true));
    }
    // Hash joins whose build side spilled join the rows deferred to them now, earliest step
    // first: joining step k's rows runs only the steps after it, which may defer more.
    for (size_t k = 0; more && k < states_.size(); ++k) {
      if (states_[k].spill == nullptr) continue;
      ORDINAL_ASSIGN_OR_RETURN(more, JoinSpilled(k));
    }
    return absl::OkStatus();
  }

 private:
  static void CollectPlaceholders(sql::Expr& e, std::vector<sql::Expr*>* out) {
    if (e.kind == sql::ExprKind::kLiteral && e.slot >= 0) {
      out->push_back(&e);
      return;
    }
    for (sql::ExprPtr& child : e.children) CollectPlaceholders(*child, out);
  }

  // Reads the rows of step k's source that its path reaches with the current row's values.
  absl::Status Read(size_t k, absl::FunctionRef<absl::StatusOr<bool>(Row&)> each) {
    const plan::JoinStep& step = plan_.steps[k];
    const plan::Source& source = plan_.scope.sources()[step.source];
    auto visit = [&](Row& row) -> absl::StatusOr<bool> {
      if (profile_ != nullptr) ++profile_->steps[k].read;
      return each(row);
    };
    if (source.system != nullptr) {
      for (const Row& stored : source.system->rows) {
        Row row = stored;
        ORDINAL_ASSIGN_OR_RETURN(bool more, visit(row));
        if (!more) break;
      }
      return absl::OkStatus();
    }
    if (source.working != nullptr) {  // a recursive CTE's previous iteration
      for (const Row& stored : source.working->rows) {
        Row row = stored;
        ORDINAL_ASSIGN_OR_RETURN(bool more, visit(row));
        if (!more) break;
      }
      return absl::OkStatus();
    }
    if (source.table == nullptr) {
      ORDINAL_ASSIGN_OR_RETURN(std::vector<Row> rows,
                               RunSelectPlan(*source.derived, ctx_, Row{}));
      for (Row& row : rows) {
        ORDINAL_ASSIGN_OR_RETURN(bool more, visit(row));
        if (!more) break;
      }
      return absl::OkStatus();
    }
    StepState& state = states_[k];
    for (sql::Expr* placeholder : state.placeholders) {
      placeholder->literal = row_[placeholder->slot];
    }
    const plan::AccessPath path = plan::ChooseAccessPath(
        *source.table, state.path_expr.get(), source.index_choice.get(), /*describe=*/false);
    if ((path.decided & step.decided_by_path) != step.decided_by_path) {
      // The plan left these conditions to the path (plan/join_plan.h): never so.
      return absl::InternalError("the access path no longer decides the conditions it took");
    }
    Prefilter& prefilter = prefilters_[k];
    // The decoded test's columns are placed in the joined row at the source's offset, where
    // the conditions read them (and where the row's values go once accepted).
    auto holds = [&](const Row& partial) -> absl::StatusOr<bool> {
      for (size_t c = 0; c < partial.size(); ++c) {
        if (prefilter.columns[c]) row_[source.offset + c] = partial[c];
      }
      for (size_t i = prefilter.stored_conditions; i < prefilter.conditions; ++i) {
        ORDINAL_ASSIGN_OR_RETURN(bool holds, EvaluatePredicate(*step.local_conditions[i], row_));
        if (!holds) {
          if (profile_ != nullptr) ++profile_->steps[k].read;  // read, then rejected
          return false;
        }
      }
      return true;
    };
    const RowCheck check{prefilter.stored.get(), &prefilter.stored_rejected,
                         prefilter.columns.empty() ? nullptr : &prefilter.columns,
                         &prefilter.rest, holds};
    const std::vector<bool>& columns = columns_read_[k];
    absl::Status read = VisitRows(ctx_.txn, *source.table, path, plan_.for_update,
                                  [&](std::string_view, Row& row) { return visit(row); },
                                  prefilter.conditions > 0 ? &check : nullptr,
                                  columns.empty() ? nullptr : &columns);
    // Rows the stored-row test rejected were read, then rejected.
    if (profile_ != nullptr) profile_->steps[k].read += prefilter.stored_rejected;
    prefilter.stored_rejected = 0;
    return read;
  }

  // Loads the rows of a source read once (nested loop, hash join).
  absl::Status Load(size_t k) {
    StepState& state = states_[k];
    if (state.loaded) return absl::OkStatus();
    const plan::JoinStep& step = plan_.steps[k];
    const int offset = plan_.scope.sources()[step.source].offset;
    std::string key;
    ORDINAL_RETURN_IF_ERROR(Read(k, [&](Row& row) -> absl::StatusOr<bool> {
      // Conditions are bound to the joined row: evaluate them on a row holding this
      // source's values at its offset.
      PlaceSource(offset, row);
      ORDINAL_ASSIGN_OR_RETURN(bool holds, LocalConditionsHold(k));
      if (!holds) return true;
      if (step.method == plan::JoinMethod::kHashJoin) {
        ORDINAL_ASSIGN_OR_RETURN(bool keyed, join_keys_.Make(step.build_keys, row_, &key));
        if (!keyed) return true;
        if (state.spill == nullptr) {
          ORDINAL_ASSIGN_OR_RETURN(bool held, HoldBuildRow(state, row));
          if (held) {
            state.hash.Add(key);
            state.rows.push_back(std::move(row));
            return true;
          }
          ORDINAL_RETURN_IF_ERROR(SpillBuild(k));
        }
        ORDINAL_RETURN_IF_ERROR(state.spill->AddBuild(key, std::move(row)));
        return true;
      }
      ORDINAL_RETURN_IF_ERROR(loaded_charge_.AddRow(row));
      state.rows.push_back(std::move(row));
      return true;
    }));
    if (step.method == plan::JoinMethod::kHashJoin && state.spill == nullptr) {
      state.hash.Build();
      ORDINAL_RETURN_IF_ERROR(HoldHashTable(k));
    }
    state.loaded = true;
    return absl::OkStatus();
  }

  // Charges the built hash table of step k (its keys, slots and chains) with the rows; when
  // it does not fit and the build side can spill, the build side spills, as it does when a
  // row does not fit.
  absl::Status HoldHashTable(size_t k) {
    StepState& state = states_[k];
    const uint64_t bytes = state.hash.bytes();
    if (build_share_ == 0 || state.bytes + bytes <= build_share_) {
      absl::Status charged = loaded_charge_.Add(bytes);
      if (charged.ok()) {
        state.bytes += bytes;
        return absl::OkStatus();
      }
      if (!can_spill_) return charged;
    }
    return SpillBuild(k);
  }

  // Charges a hash join's build row; false when it does not fit and the build side can
  // spill instead (without a spill directory the failed charge is the error).
  absl::StatusOr<bool> HoldBuildRow(StepState& state, const Row& row) {
    const uint64_t bytes = RowBytes(row);
    if (build_share_ != 0 && state.bytes + bytes > build_share_) return false;
    absl::Status charged = loaded_charge_.Add(bytes);
    if (!charged.ok()) {
      if (can_spill_) return false;
      return charged;
    }
    state.bytes += bytes;
    return true;
  }

  // Moves the build rows step k holds to a HashJoinSpill and gives their memory back.
  absl::Status SpillBuild(size_t k) {
    StepState& state = states_[k];
    const plan::JoinStep& step = plan_.steps[k];
    const int offset = plan_.scope.sources()[step.source].offset;
    state.spill = std::make_unique<HashJoinSpill>(*ctx_.memory, step.outer_join, build_share_);
    std::string key;
    for (Row& row : state.rows) {
      // Keys are computed on the joined row, as when the rows were loaded; each had one.
      PlaceSource(offset, row);
      ORDINAL_ASSIGN_OR_RETURN(bool keyed, join_keys_.Make(step.build_keys, row_, &key));
      if (keyed) ORDINAL_RETURN_IF_ERROR(state.spill->AddBuild(key, std::move(row)));
    }
    state.rows = {};
    state.hash.Clear();
    loaded_charge_.Release(state.bytes);
    state.bytes = 0;
    return absl::OkStatus();
  }

  // Step k's build side spilled: the row so far waits in the spill, under its probe key.
  // Without a key it matches nothing: NULL-extended now (outer join) or dropped.
  absl::StatusOr<bool> DeferProbe(size_t k) {
    const plan::JoinStep& step = plan_.steps[k];
    std::string key;
    ORDINAL_ASSIGN_OR_RETURN(bool keyed, join_keys_.Make(step.probe_keys, row_, &key));
    if (!keyed) return step.outer_join ? NullExtend(k) : true;
    Row probe = row_;
    // The values of step k's source and later ones are not the probe's: store NULLs.
    for (size_t j = k; j < plan_.steps.size(); ++j) {
      const plan::Source& source = plan_.scope.sources()[plan_.steps[j].source];
      for (int i = 0; i < source.width(); ++i) probe[source.offset + i] = Value::Null();
    }
    ORDINAL_RETURN_IF_ERROR(states_[k].spill->AddProbe(std::move(key), std::move(probe)));
    return true;
  }

  // Joins the rows deferred to step k with its spilled build side, partition by partition,
  // and completes each joined row with the steps after k. False once the visitor stopped.
  absl::StatusOr<bool> JoinSpilled(size_t k) {
    HashJoinSpill& spill = *states_[k].spill;
    if (profile_ != nullptr) {
      profile_->steps[k].spilled_rows += spill.build_rows() + spill.probe_rows();
      profile_->steps[k].spilled_bytes += spill.bytes_written();
    }
    const absl::Time start = absl::Now();
    absl::StatusOr<bool> more = spill.Join(
        [&](const Row& probe, const std::vector<const Row*>& builds,
            bool* matched) -> absl::StatusOr<bool> {
          row_ = probe;
          for (const Row* build : builds) {
            ORDINAL_ASSIGN_OR_RETURN(bool more, Try(k, *build, /*loaded=*/true, matched));
            if (!more) return false;
          }
          return true;
        },
        [&](const Row& probe) -> absl::StatusOr<bool> {
          row_ = probe;
          return NullExtend(k);
        });
    states_[k].spill.reset();  // the temporary files go
    if (profile_ != nullptr) {
      // Time in steps [0, k] includes the steps after them (join_profile.h).
      const int64_t nanos = absl::ToInt64Nanoseconds(absl::Now() - start);
      for (size_t j = 0; j <= k; ++j) profile_->steps[j].nanos += nanos;
    }
    return more;
  }

  void PlaceSource(int offset, const Row& row) {
    for (size_t i = 0; i < row.size(); ++i) row_[offset + i] = row[i];
  }

  // Tries one row of step k's source against the row built so far.
  // `loaded`: the row came from a loaded source, already filtered by the local conditions.
  absl::StatusOr<bool> Try(size_t k, const Row& source_row, bool loaded, bool* matched) {
    ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt_));
    const plan::JoinStep& step = plan_.steps[k];
    PlaceSource(plan_.scope.sources()[step.source].offset, source_row);
    if (!loaded) {
      ORDINAL_ASSIGN_OR_RETURN(bool holds, AllHold(step.local_conditions, row_));
      if (!holds) return true;
    }
    return TryPlaced(k, matched);
  }

  // Try for a row just read from step k's source (kScan, kIndexLookup): its values are
  // moved into the joined row, and the local conditions its read already checked
  // (Prefilter) are not checked again.
  absl::StatusOr<bool> TryRead(size_t k, Row& source_row, bool* matched) {
    ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt_));
    const plan::JoinStep& step = plan_.steps[k];
    const int offset = plan_.scope.sources()[step.source].offset;
    // Columns nobody reads (ColumnsRead) are not decoded: their slots are left as they are.
    // A string is copied into the string the joined row holds there (its buffer reused;
    // the source's row keeps its own for the next decode); other values are moved.
    const std::vector<bool>& read = columns_read_[k];
    for (size_t i = 0; i < source_row.size(); ++i) {
      if (!read.empty() && !read[i]) continue;
      Value& to = row_[offset + i];
      if (to.is_string() && source_row[i].is_string()) {
        to = source_row[i];
      } else {
        to = std::move(source_row[i]);
      }
    }
    ORDINAL_ASSIGN_OR_RETURN(bool holds, LocalConditionsHold(k));
    if (!holds) return true;
    return TryPlaced(k, matched);
  }

  // Whether step k's local conditions hold for the row in place, its source's row just
  // read: those its read already tested (Prefilter) are not tested again. A read for
  // update is not prefiltered (table_access.h).
  absl::StatusOr<bool> LocalConditionsHold(size_t k) {
    const std::vector<sql::ExprPtr>& local = plan_.steps[k].local_conditions;
    const size_t checked = plan_.for_update ? 0 : prefilters_[k].conditions;
    for (size_t i = checked; i < local.size(); ++i) {
      ORDINAL_ASSIGN_OR_RETURN(bool holds, EvaluatePredicate(*local[i], row_));
      if (!holds) return false;
    }
    return true;
  }

  // The rest of Try, once the source's row is in place and passed its local conditions.
  absl::StatusOr<bool> TryPlaced(size_t k, bool* matched) {
    const plan::JoinStep& step = plan_.steps[k];
    bool holds = true;
    for (const sql::Expr* condition : checked_[k]) {
      ORDINAL_ASSIGN_OR_RETURN(holds, EvaluatePredicate(*condition, row_));
      if (!holds) return true;
    }
    *matched = true;
    ORDINAL_ASSIGN_OR_RETURN(holds, AllHold(step.filters, row_));
    if (!holds) return true;
    if (k == 0 && holding_) return Hold();
    return Step(k + 1);
  }

  // Sort before join (plan.sort_before_join): keeps the first step's row in place for the
  // sort. When the held rows pass the statement's memory bound, they are joined as they
  // came, and so is every later row: the rows are then not in order, and all are produced.
  absl::StatusOr<bool> Hold() {
    if (held_charge_.AddRow(row_).ok()) {
      held_.push_back(row_);
      return true;
    }
    holding_ = false;
    Row current = row_;
    ORDINAL_ASSIGN_OR_RETURN(bool more, JoinHeld(/*sorted=*/false));
    if (!more) return false;
    row_ = std::move(current);
    return Step(1);
  }

  // Joins the held rows with the steps after the first, in the order of the plan's slots
  // (ties in the order the first step read them) or as they came. Sorted, the join stops
  // after `sorted_stop_` joined rows, so the rows are ordered a chunk at a time: the first
  // `sorted_stop_` of them, then twice as many of the rest (rows that found no match leave
  // the chunk short), and so on.
  absl::StatusOr<bool> JoinHeld(bool sorted) {
    const absl::Time start = absl::Now();
    std::vector<Row> held = std::move(held_);
    held_.clear();
    // Positions into `held`, ordered chunk by chunk; the position breaks ties.
    std::vector<uint32_t> order(held.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
    const auto& slots = plan_.sort_before_join;
    auto less = [&slots, &held](uint32_t a, uint32_t b) {
      for (const plan::SelectPlan::SortSlot& key : slots) {
        const int c = CompareForSort(held[a][key.slot], held[b][key.slot]);
        if (c != 0) return key.descending ? c > 0 : c < 0;
      }
      return a < b;
    };
    counting_ = sorted && sorted_stop_ > 0;
    size_t chunk = sorted_stop_ > 0 ? std::max<size_t>(sorted_stop_, 16) : order.size();
    size_t ordered = 0;  // order[0, ordered) is in its final place
    bool more = true;
    for (size_t i = 0; more && i < order.size(); ++i) {
      if (sorted && i == ordered) {
        ordered = std::min(order.size(), i + chunk);
        std::partial_sort(order.begin() + i, order.begin() + ordered, order.end(), less);
        chunk *= 2;
      }
      Row& next = held[order[i]];
      // The row leaves the held rows: its charge goes to what the later steps keep.
      held_charge_.Release(RowBytes(next));
      row_ = std::move(next);
      ORDINAL_ASSIGN_OR_RETURN(more, Step(1));
    }
    held_charge_.ReleaseAll();
    counting_ = false;
    // Time in step 0 includes the steps after it (join_profile.h).
    if (profile_ != nullptr) {
      profile_->steps[0].nanos += absl::ToInt64Nanoseconds(absl::Now() - start);
    }
    return more;
  }

  // Produces every completion of the current row from step k on; false once the visitor
  // asked to stop.
  absl::StatusOr<bool> Step(size_t k) {
    if (profile_ == nullptr) return RunStep(k);
    const absl::Time start = absl::Now();
    absl::StatusOr<bool> more = RunStep(k);
    StepProfile& counters = profile_->steps[k];
    ++counters.loops;
    counters.nanos += absl::ToInt64Nanoseconds(absl::Now() - start);
    return more;
  }

  absl::StatusOr<bool> RunStep(size_t k) {
    if (k == plan_.steps.size()) {
      ORDINAL_ASSIGN_OR_RETURN(bool more, visit_(row_));
      return more && !(counting_ && ++visited_ >= sorted_stop_);
    }
    const plan::JoinStep& step = plan_.steps[k];
    bool matched = false;
    bool more = true;
    switch (step.method) {
      case plan::JoinMethod::kScan:
      case plan::JoinMethod::kIndexLookup:
        ORDINAL_RETURN_IF_ERROR(Read(k, [&](Row& row) -> absl::StatusOr<bool> {
          ORDINAL_ASSIGN_OR_RETURN(more, TryRead(k, row, &matched));
          return more;
        }));
        break;
      case plan::JoinMethod::kNestedLoop: {
        ORDINAL_RETURN_IF_ERROR(Load(k));
        for (size_t i = 0; more && i < states_[k].rows.size(); ++i) {
          ORDINAL_ASSIGN_OR_RETURN(more, Try(k, states_[k].rows[i], /*loaded=*/true, &matched));
        }
        break;
      }
      case plan::JoinMethod::kHashJoin: {
        ORDINAL_RETURN_IF_ERROR(Load(k));
        if (states_[k].spill != nullptr) return DeferProbe(k);
        std::string& key = states_[k].probe_key;
        ORDINAL_ASSIGN_OR_RETURN(bool keyed, join_keys_.Make(step.probe_keys, row_, &key));
        if (!keyed) break;
        // Deeper steps never touch this step's state: its table stays as it is.
        const JoinHashTable& hash = states_[k].hash;
        for (uint32_t i = hash.Find(key); more && i != JoinHashTable::kNone; i = hash.Next(i)) {
          ORDINAL_ASSIGN_OR_RETURN(more, Try(k, states_[k].rows[i], /*loaded=*/true, &matched));
        }
        break;
      }
    }
    if (!more) return false;
    if (matched || !step.outer_join) return true;
    return NullExtend(k);
  }

  // Completes the row so far with NULLs for step k's source (an outer join that found no
  // match).
  absl::StatusOr<bool> NullExtend(size_t k) {
    const plan::JoinStep& step = plan_.steps[k];
    const plan::Source& source = plan_.scope.sources()[step.source];
    for (int i = 0; i < source.width(); ++i) row_[source.offset + i] = Value::Null();
    ORDINAL_ASSIGN_OR_RETURN(bool holds, AllHold(step.filters, row_));
    if (!holds) return true;
    return Step(k + 1);
  }

  const plan::SelectPlan& plan_;
  ExecContext& ctx_;
  JoinedRowVisitor visit_;
  const size_t sorted_stop_;  // sort before join: joined rows after which to stop (0: none)
  std::vector<StepState> states_;
  std::vector<Prefilter> prefilters_;          // per step
  std::vector<std::vector<bool>> columns_read_;  // per step: ColumnsRead
  // Per step: the conditions a row reaching it is tested with (a hash join's match decides
  // some: DecidedByHashKey).
  std::vector<std::vector<const sql::Expr*>> checked_;
  const StatementInterrupt* const interrupt_;  // KILL, checked per row tried
  MemoryCharge loaded_charge_;                 // the rows of loaded sources (query_memory.h)
  bool can_spill_ = false;                     // the statement has a spill directory
  uint64_t build_share_ = 0;                   // a hash join build side's bound; 0: none
  JoinProfile* profile_ = nullptr;             // EXPLAIN ANALYZE (join_profile.h)
  JoinKeys join_keys_;                         // hash join keys (and their weights)
  // Sort before join: whether the first step's rows are being held, the rows held and
  // their charge, and whether joined rows are counted towards sorted_stop_.
  bool holding_ = false;
  std::vector<Row> held_;
  MemoryCharge held_charge_;
  bool counting_ = false;
  size_t visited_ = 0;
  Row row_;
};

}  // namespace

absl::Status ForEachJoinedRow(const plan::SelectPlan& plan, ExecContext& ctx,
                              const std::vector<Value>& outer, JoinedRowVisitor visit,
                              JoinedColumns columns, size_t sorted_stop) {
  if (plan.steps.empty()) {
    Row row(plan.row_width, Value::Null());
    for (size_t i = 0; i < outer.size() && i < row.size(); ++i) row[i] = outer[i];
    for (const plan::Conjunct& c : plan.where_without_from) {
      ORDINAL_ASSIGN_OR_RETURN(bool holds, EvaluatePredicate(*c.expr, row));
      if (!holds) return absl::OkStatus();
    }
    return visit(row).status();
  }
  std::optional<std::vector<bool>> read_slots;
  if (columns == JoinedColumns::kReadByPlan) read_slots = plan::SlotsReadByPlan(plan);
  JoinRunner runner(plan, ctx, visit, sorted_stop);
  return runner.Run(outer, read_slots ? &*read_slots : nullptr);
}

}  // namespace ordinal::engine::exec
