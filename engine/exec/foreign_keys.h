// Foreign key enforcement inside a data statement's transaction (docs/foreign-keys.md).
//
// Child side: after a row is inserted, or updated so that a foreign key's columns change,
// the referenced (parent) row must exist: a lookup through the parent's index on the
// referenced columns, with the found row read by GetForUpdate, so that a parent delete or
// update committing first makes this transaction's commit fail. A NULL in any of the key's
// columns skips the check (MATCH SIMPLE). The child also deletes, untracked, the parent
// value's reference lock key, which a concurrent parent delete has read with GetForUpdate:
// so of a parent delete and a child insert racing on one value, at most one commits.
//
// Parent side: before a row is deleted, or updated so that referenced columns change, the
// referencing rows (found through the child's index on the foreign key columns, read with
// GetForUpdate) get the key's action: RESTRICT / NO ACTION fail with 1451, CASCADE deletes
// or updates them (recursively, at most 15 levels: 3008), SET NULL sets their key columns
// to NULL. The parent first reads the value's reference lock key with GetForUpdate.
//
// With foreign_key_checks = 0 (session) nothing is checked and nothing cascades.
// Internal to engine/exec. One enforcer per statement; not thread-safe.
#ifndef ORDINAL_ENGINE_EXEC_FOREIGN_KEYS_H_
#define ORDINAL_ENGINE_EXEC_FOREIGN_KEYS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/kv/store.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

// The running session's foreign_key_checks (true outside a session).
bool ForeignKeyChecksEnabled();

// 1452 "Cannot add or update a child row: a foreign key constraint fails (...)".
absl::Status NoReferencedRowError(const ordinal::v1::TableDef& child,
                                  const ordinal::v1::ForeignKeyDef& key);

class ForeignKeyEnforcer {
 public:
  ForeignKeyEnforcer(kv::Transaction& txn, const catalog::Catalog& catalog);

  // Whether `table` takes part in any foreign key (as child or parent) and checks are on.
  bool Applies(const catalog::TableInfo& table) const;

  // After `row` was written to `table`: every foreign key of `table` whose columns are all
  // non-NULL (and, when `old_row` is given, changed) must find its parent row; else 1452.
  absl::Status CheckParents(const catalog::TableInfo& table, const std::vector<Value>& row,
                            const std::vector<Value>* old_row = nullptr);

  // Whether the parent row of `key` (of `table`) for `row` exists; for ALTER TABLE ADD
  // FOREIGN KEY's check of the existing rows. True when a key column is NULL.
  absl::StatusOr<bool> ParentExists(const catalog::TableInfo& table,
                                    const ordinal::v1::ForeignKeyDef& key,
                                    const std::vector<Value>& row);

  // Before `row` (stored under `primary_key`) of `table` is deleted: the ON DELETE actions.
  absl::Status BeforeDelete(const catalog::TableInfo& table, std::string_view primary_key,
                            const std::vector<Value>& row) {
    return OnDelete(table, primary_key, row, 0);
  }

  // Before `old_row` of `table` becomes `new_row`: the ON UPDATE actions of the foreign
  // keys whose referenced columns change.
  absl::Status BeforeUpdate(const catalog::TableInfo& table, std::string_view primary_key,
                            const std::vector<Value>& old_row,
                            const std::vector<Value>& new_row) {
    return OnUpdate(table, primary_key, old_row, new_row, 0);
  }

 private:
  struct ChildRow {
    std::string primary_key;
    std::vector<Value> row;
  };

  absl::Status OnDelete(const catalog::TableInfo& table, std::string_view primary_key,
                        const std::vector<Value>& row, int depth);
  absl::Status OnUpdate(const catalog::TableInfo& table, std::string_view primary_key,
                        const std::vector<Value>& old_row, const std::vector<Value>& new_row,
                        int depth);
  // The rows of `child` whose key columns equal `values`, read for update; the parent's
  // own row (`self_key` in the same table) left out.
  absl::StatusOr<std::vector<ChildRow>> FindChildren(const catalog::TableInfo& child,
                                                     const ordinal::v1::ForeignKeyDef& key,
                                                     const std::vector<Value>& values,
                                                     std::string_view self_key);
  absl::Status LockReferencedValue(const catalog::TableInfo& parent,
                                   const ordinal::v1::ForeignKeyDef& key,
                                   const std::vector<Value>& values, bool writer);

  kv::Transaction& txn_;
  const catalog::Catalog& catalog_;
  const bool enabled_;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_FOREIGN_KEYS_H_
