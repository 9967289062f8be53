#include "engine/auth/multi_table_privileges.h"

#include <algorithm>
#include <utility>

namespace ordinal::engine::auth {
namespace {

// A named table of the statement's table references.
struct Leaf {
  const sql::TableName* name = nullptr;
  std::string source;    // what qualified columns call it: its alias, else its name
  std::string database;  // resolved with the current database
  std::optional<std::vector<std::string>> columns;  // nullopt: unknown (holds any column)
  bool changed = false;
  bool read = false;
};

class Analysis {
 public:
  Analysis(std::string_view current, const ColumnLookup& lookup)
      : current_(current), lookup_(lookup) {}

  void AddReferences(const std::vector<sql::TableRef>& from) {
    for (const sql::TableRef& ref : from) Add(ref);
  }

  // Marks what `expr` reads (nullptr: nothing).
  void Reads(const sql::Expr* expr) {
    if (expr == nullptr) return;
    if (expr->subquery != nullptr) {
      for (Leaf& leaf : leaves_) leaf.read = true;
    }
    if (expr->kind == sql::ExprKind::kColumn) {
      for (Leaf* leaf : Owners("", expr->table_name, expr->column_name)) leaf->read = true;
    }
    for (const sql::ExprPtr& child : expr->children) Reads(child.get());
  }

  // The leaves column `[[database.]table.]column` may belong to.
  std::vector<Leaf*> Owners(const std::string& database, const std::string& table,
                            const std::string& column) {
    std::vector<Leaf*> owners;
    for (Leaf& leaf : leaves_) {
      if (!table.empty() && leaf.source != table) continue;
      if (!database.empty() && leaf.database != database) continue;
      if (table.empty() && leaf.columns.has_value() &&
          std::find(leaf.columns->begin(), leaf.columns->end(), column) ==
              leaf.columns->end()) {
        continue;
      }
      owners.push_back(&leaf);
    }
    return owners;
  }

  // The leaves a DELETE target names: `t` the leaf called t; `db.t` the leaf called t that
  // is table t of db (the rule of plan/multi_table_dml.h).
  std::vector<Leaf*> Named(const sql::TableName& target) {
    std::vector<Leaf*> found;
    for (Leaf& leaf : leaves_) {
      if (leaf.source != target.table) continue;
      if (!target.database.empty() &&
          (leaf.database != target.database || leaf.name->table != target.table)) {
        continue;
      }
      found.push_back(&leaf);
    }
    return found;
  }

  std::vector<TableNeed> Needs(PrivilegeSet change) const {
    std::vector<TableNeed> needs;
    for (const Leaf& leaf : leaves_) {
      PrivilegeSet needed = leaf.changed ? change : 0;
      if (!leaf.changed || leaf.read) needed |= kSelect;
      needs.push_back({*leaf.name, needed});
    }
    return needs;
  }

 private:
  // Adds the named tables of `ref` (derived tables are checked as queries) and marks what
  // its join conditions read.
  void Add(const sql::TableRef& ref) {
    if (ref.is_join()) {
      const size_t first = leaves_.size();
      Add(*ref.left);
      Add(*ref.right);
      Reads(ref.on.get());
      if (ref.natural || !ref.using_columns.empty()) {
        for (size_t i = first; i < leaves_.size(); ++i) leaves_[i].read = true;
      }
      return;
    }
    if (ref.subquery != nullptr) return;
    Leaf leaf;
    leaf.name = &ref.name;
    leaf.source = ref.alias.empty() ? ref.name.table : ref.alias;
    leaf.database = ref.name.database.empty() ? std::string(current_) : ref.name.database;
    if (lookup_) leaf.columns = lookup_(leaf.database, ref.name.table);
    leaves_.push_back(std::move(leaf));
  }

  std::string_view current_;
  const ColumnLookup& lookup_;
  std::vector<Leaf> leaves_;
};

}  // namespace

std::vector<TableNeed> MultiTableUpdateNeeds(const sql::Update& update,
                                             std::string_view current_database,
                                             const ColumnLookup& columns) {
  Analysis analysis(current_database, columns);
  analysis.AddReferences(update.from);
  analysis.Reads(update.where.get());
  for (const sql::Assignment& a : update.assignments) {
    for (Leaf* leaf : analysis.Owners(a.database, a.table, a.column)) leaf->changed = true;
    analysis.Reads(a.value.get());
  }
  return analysis.Needs(kUpdate);
}

std::vector<TableNeed> MultiTableDeleteNeeds(const sql::Delete& del,
                                             std::string_view current_database,
                                             const ColumnLookup& columns) {
  Analysis analysis(current_database, columns);
  analysis.AddReferences(del.from);
  analysis.Reads(del.where.get());
  for (const sql::TableName& target : del.targets) {
    for (Leaf* leaf : analysis.Named(target)) leaf->changed = true;
  }
  return analysis.Needs(kDelete);
}

}  // namespace ordinal::engine::auth
