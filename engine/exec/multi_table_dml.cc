// The multiple-table forms of UPDATE and DELETE (docs/multi-table-dml.md): the joined rows
// of the statement's table references (join.h) are read to the end first, collecting each
// matched row of each target table once (the first joined row that matches it decides its
// new values); then every collected row is changed through the same path as the
// single-table forms (row_changes.h). So the changes never alter which rows match, and a
// failure part way (a duplicate key, a foreign key) fails the statement, whose caller rolls
// it back: nothing changes.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/status_macros.h"
#include "engine/exec/evaluator.h"
#include "engine/exec/foreign_keys.h"
#include "engine/exec/join.h"
#include "engine/exec/query_memory.h"
#include "engine/exec/row_changes.h"
#include "engine/exec/row_writer.h"
#include "engine/exec/statements.h"
#include "engine/exec/table_access.h"
#include "engine/plan/multi_table_dml.h"

namespace ordinal::engine::exec {
namespace {

// A row of a target table that the join matched.
struct MatchedRow {
  const catalog::TableInfo* table = nullptr;
  std::string primary_key;
  // UPDATE: per target (alias) that matched the row, in the order they matched it, its
  // (column, stored value) assignments in statement order. A row matched through two
  // aliases of its table gets both aliases' assignments, the later one last.
  struct Assigned {
    int column;
    Value value;
  };
  std::vector<std::vector<Assigned>> assigned;
};

// The matched rows of every target, each physical row once, in the order first matched.
class MatchedRows {
 public:
  MatchedRows(const plan::MultiTableDmlPlan& plan, ExecContext& ctx)
      : plan_(plan), charge_(ctx.memory, MemoryUse::kTemporaryTable) {
    for (const plan::DmlTarget& target : plan.targets) {
      writers_.push_back(std::make_unique<RowWriter>(ctx.txn, *target.table));
    }
  }

  // Adds the rows of every target that `joined` (the joined row) holds, evaluating the
  // assignments of a target the first time one of its rows is matched.
  absl::Status Add(const std::vector<Value>& joined) {
    ++joined_rows_;
    for (size_t t = 0; t < plan_.targets.size(); ++t) {
      const plan::DmlTarget& target = plan_.targets[t];
      const int offset = plan_.select->scope.sources()[target.source].offset;
      const int width = target.table->def.columns_size();
      std::vector<Value> row(joined.begin() + offset, joined.begin() + offset + width);
      if (IsNullExtended(*target.table, row)) continue;  // an outer join found no row
      std::string key = writers_[t]->PrimaryKey(row);
      if (!seen_.insert({static_cast<int>(t), key}).second) continue;
      auto [it, added] = index_.try_emplace(key, rows_.size());
      if (added) {
        ORDINAL_RETURN_IF_ERROR(charge_.Add(2 * key.size()));
        rows_.push_back({target.table.get(), std::move(key), {}});
      }
      ORDINAL_RETURN_IF_ERROR(Assign(static_cast<int>(t), joined, rows_[it->second]));
    }
    return absl::OkStatus();
  }

  std::vector<MatchedRow>& rows() { return rows_; }
  // Rows matched per target: a row matched through two aliases counts twice (MySQL's
  // "Rows matched").
  uint64_t matches() const { return seen_.size(); }

 private:
  // A row that an outer join NULL-extended has NULL in its primary key, which a stored row
  // never has.
  static bool IsNullExtended(const catalog::TableInfo& table, const std::vector<Value>& row) {
    for (uint32_t column : table.def.primary_key().column_indexes()) {
      if (row[column].is_null()) return true;
    }
    return false;
  }

  // Target `t`'s assignments, left to right over the joined row, each seeing the values
  // assigned to its table before it (as single-table UPDATE does).
  absl::Status Assign(int t, const std::vector<Value>& joined, MatchedRow& matched) {
    matched.assigned.emplace_back();
    std::vector<Value> row;
    for (const plan::DmlAssignment& a : plan_.assignments) {
      if (a.target != t) continue;
      if (row.empty()) row = joined;
      ORDINAL_ASSIGN_OR_RETURN(Value v, Evaluate(*a.value, row));
      ORDINAL_ASSIGN_OR_RETURN(Value stored,
                               StoredValue(*matched.table, a.column, v, joined_rows_));
      row[a.slot] = stored;
      ORDINAL_RETURN_IF_ERROR(charge_.Add(RowBytes({stored})));
      matched.assigned.back().push_back({a.column, std::move(stored)});
    }
    return absl::OkStatus();
  }

  const plan::MultiTableDmlPlan& plan_;
  std::vector<std::unique_ptr<RowWriter>> writers_;  // one per target, for PrimaryKey
  absl::flat_hash_set<std::pair<int, std::string>> seen_;  // (target, key)
  absl::flat_hash_map<std::string, size_t> index_;  // key -> rows_ index
  std::vector<MatchedRow> rows_;
  MemoryCharge charge_;
  uint64_t joined_rows_ = 0;  // joined rows seen, MySQL's "at row N" of a value's message
};

// Collects the matches of every joined row of the plan's query.
absl::Status Match(const plan::MultiTableDmlPlan& plan, ExecContext& ctx,
                   MatchedRows* matched) {
  return ForEachJoinedRow(
      *plan.select, ctx, {}, [&](const std::vector<Value>& joined) -> absl::StatusOr<bool> {
        ORDINAL_RETURN_IF_ERROR(matched->Add(joined));
        return true;
      });
}

// One writer per changed table, shared by its aliases.
class Writers {
 public:
  explicit Writers(kv::Transaction& txn) : txn_(txn) {}
  RowWriter& For(const catalog::TableInfo& table) {
    std::unique_ptr<RowWriter>& writer = writers_[table.def.id()];
    if (writer == nullptr) writer = std::make_unique<RowWriter>(txn_, table);
    return *writer;
  }

 private:
  kv::Transaction& txn_;
  absl::flat_hash_map<uint64_t, std::unique_ptr<RowWriter>> writers_;
};

}  // namespace

absl::StatusOr<ResultSet> ExecuteMultiTableUpdate(const sql::Update& update, ExecContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(plan::MultiTableDmlPlan plan,
                           plan::BindMultiTableUpdate(update, MakeBindContext(ctx)));
  MatchedRows matched(plan, ctx);
  ORDINAL_RETURN_IF_ERROR(Match(plan, ctx, &matched));
  Writers writers(ctx.txn);
  ForeignKeyEnforcer foreign_keys(ctx.txn, ctx.catalog);
  const StatementInterrupt* interrupt = RunningInterrupt();
  absl::flat_hash_map<uint64_t, CheckEnforcer> checks_by_table;  // CHECK constraints
  uint64_t changed = 0;
  for (MatchedRow& row : matched.rows()) {
    ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt));
    RowWriter& writer = writers.For(*row.table);
    // Read again, for update: an earlier change of this statement (a cascade) may have
    // changed or removed the row since it matched.
    ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> current,
                             writer.ReadRow(row.primary_key));
    if (!current) continue;
    // Each alias's assignments count as one change of the row when they change it (as
    // MySQL counts a row updated through two aliases twice); the row is written once.
    std::vector<Value> new_row = *current;
    std::vector<int> assigned;
    uint64_t alias_changes = 0;
    for (std::vector<MatchedRow::Assigned>& by_alias : row.assigned) {
      bool differs = false;
      for (MatchedRow::Assigned& a : by_alias) {
        differs |= new_row[a.column] != a.value;
        new_row[a.column] = std::move(a.value);
        assigned.push_back(a.column);
      }
      alias_changes += differs ? 1 : 0;
    }
    auto checks = checks_by_table.find(row.table->def.id());
    if (checks == checks_by_table.end()) {
      ORDINAL_ASSIGN_OR_RETURN(CheckEnforcer enforcer, CheckEnforcer::ForTable(*row.table));
      checks = checks_by_table.emplace(row.table->def.id(), std::move(enforcer)).first;
    }
    ORDINAL_ASSIGN_OR_RETURN(bool did_change,
                             ChangeRow(ctx, *row.table, writer, foreign_keys, checks->second,
                                       row.primary_key, *current, std::move(new_row), assigned));
    if (did_change) changed += alias_changes;
  }
  ResultSet result;
  result.rows_affected = changed;
  result.info = UpdateInfo(matched.matches(), changed);
  return result;
}

absl::StatusOr<ResultSet> ExecuteMultiTableDelete(const sql::Delete& del, ExecContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(plan::MultiTableDmlPlan plan,
                           plan::BindMultiTableDelete(del, MakeBindContext(ctx)));
  MatchedRows matched(plan, ctx);
  ORDINAL_RETURN_IF_ERROR(Match(plan, ctx, &matched));
  Writers writers(ctx.txn);
  ForeignKeyEnforcer foreign_keys(ctx.txn, ctx.catalog);
  const StatementInterrupt* interrupt = RunningInterrupt();
  uint64_t deleted = 0;
  for (const MatchedRow& row : matched.rows()) {
    ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt));
    ORDINAL_ASSIGN_OR_RETURN(bool removed, RemoveRow(*row.table, writers.For(*row.table),
                                                     foreign_keys, row.primary_key));
    deleted += removed ? 1 : 0;
  }
  ResultSet result;
  result.rows_affected = deleted;
  return result;
}

}  // namespace ordinal::engine::exec
