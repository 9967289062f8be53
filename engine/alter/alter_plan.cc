#include "engine/alter/alter_plan.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"
#include "engine/check_constraint_ddl.h"
#include "engine/foreign_key_ddl.h"
#include "engine/plan/binder.h"
#include "engine/table_def_builder.h"

namespace ordinal::engine::alter {
namespace {

absl::Status Error(MysqlErrno code, std::string message) {
  return SqlError(absl::StatusCode::kInvalidArgument, code, message);
}

absl::Status CantDrop(const std::string& name) {
  return Error(MysqlErrno::kCantDropFieldOrKey,
               absl::StrCat("Can't DROP '", name, "'; check that column/key exists"));
}

// A column of the definition being built, with the old column it is copied from (-1: new).
struct WorkColumn {
  ordinal::v1::ColumnDef def;
  int source = -1;
};

// A key of the definition being built; its columns by name, so that adding, dropping and
// moving columns needs no renumbering. `id` 0 marks a key this statement adds.
struct WorkIndex {
  std::string name;
  bool unique = false;
  std::vector<std::string> columns;
  uint32_t id = 0;
  std::string comment;
};

// The part of a column definition that decides how its values are stored.
std::string StorageShape(ordinal::v1::ColumnDef def) {
  def.clear_name();
  def.clear_default_value();
  def.clear_has_default();
  def.clear_comment();
  def.clear_default_now();
  def.clear_on_update_now();
  def.clear_display_width();
  def.clear_zerofill();
  return def.SerializeAsString();
}

class Planner {
 public:
  Planner(const ordinal::v1::TableDef& old, const std::string& database)
      : old_(old), database_(database), next_index_id_(std::max<uint32_t>(old.next_index_id(), 1)) {
    const int visible = old.columns_size() - (old.hidden_primary_key() ? 1 : 0);
    for (int i = 0; i < visible; ++i) columns_.push_back({old.columns(i), i});
    if (!old.hidden_primary_key()) primary_ = ToWork(old.primary_key());
    for (const ordinal::v1::IndexDef& index : old.indexes()) {
      indexes_.push_back(ToWork(index));
      next_index_id_ = std::max(next_index_id_, index.id() + 1);
    }
    plan_.definition = old;
    foreign_keys_.assign(old.foreign_keys().begin(), old.foreign_keys().end());
    foreign_key_index_names_.resize(foreign_keys_.size());
    checks_.assign(old.checks().begin(), old.checks().end());
  }

  absl::Status Apply(const sql::AlterSpec& spec);
  absl::StatusOr<AlterPlan> Finish();

 private:
  WorkIndex ToWork(const ordinal::v1::IndexDef& index) const {
    WorkIndex work{index.name(), index.unique(), {}, index.id(), index.comment()};
    for (uint32_t column : index.column_indexes()) work.columns.push_back(old_.columns(column).name());
    return work;
  }
  int Find(const std::string& name) const {
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i].def.name() == name) return static_cast<int>(i);
    }
    return -1;
  }
  absl::Status UnknownColumn(const std::string& name) const {
    return Error(MysqlErrno::kBadField,
                 absl::StrCat("Unknown column '", name, "' in '", old_.name(), "'"));
  }
  bool IndexNameTaken(const std::string& name) const {
    if (name == "primary") return true;
    return std::any_of(indexes_.begin(), indexes_.end(),
                       [&](const WorkIndex& index) { return index.name == name; });
  }
  absl::Status AddColumn(const sql::AlterSpec& spec);
  absl::Status ReplaceColumn(const sql::AlterSpec& spec);
  absl::Status DropColumn(const std::string& name);
  // `display`: the new name as written, to keep its letter case ("" for none).
  absl::Status RenameColumn(const std::string& from, const std::string& to,
                            std::string_view display = "");
  absl::Status Place(const sql::AlterSpec& spec, WorkColumn column, int at);
  absl::Status AddColumnKeys(const sql::ColumnDefinition& column);
  absl::Status AddIndex(const sql::IndexDefinition& index);
  absl::Status DropIndex(const std::string& name);
  absl::Status RenameIndex(const std::string& from, const std::string& to);
  absl::Status SetDefault(const sql::AlterSpec& spec);
  absl::Status AddForeignKey(const sql::ForeignKeyDefinition& clause);
  absl::Status DropForeignKey(const std::string& name);
  // CHECK constraints (docs/check-constraints.md).
  int FindExistingCheck(const std::string& name) const;
  void AddCheckClauses(const sql::ColumnDefinition& column);
  absl::Status DropCheck(const std::string& name, bool any_constraint);
  absl::Status AlterCheck(const sql::AlterSpec& spec);
  absl::Status FinishChecks();
  // Whether the primary key or an index of the work definition has `columns` leading.
  bool Served(const google::protobuf::RepeatedPtrField<std::string>& columns) const;
  absl::Status FinishForeignKeys();
  absl::Status CheckKeysStillServed(const std::string& dropped) const;
  absl::StatusOr<ordinal::v1::IndexDef> Resolve(const WorkIndex& index) const;
  bool SameLayout() const;
  bool KeyPreserved() const;

  const ordinal::v1::TableDef& old_;
  const std::string& database_;
  std::vector<WorkColumn> columns_;
  std::optional<WorkIndex> primary_;
  std::vector<WorkIndex> indexes_;
  uint32_t next_index_id_;
  std::vector<ordinal::v1::ForeignKeyDef> foreign_keys_;
  std::vector<std::string> foreign_key_index_names_;  // one per foreign_keys_ (ADD's names)
  std::vector<int> added_foreign_keys_;               // positions in foreign_keys_
  std::vector<ordinal::v1::CheckDef> checks_;         // the table's, as changed so far
  std::vector<const sql::CheckDefinition*> added_checks_;  // ADD CHECK and column CHECKs
  std::vector<std::string> enforced_checks_;          // ALTER ... ENFORCED switched on
  std::vector<std::string> unbound_columns_;          // old columns dropped or renamed
  AlterPlan plan_;
};

int Planner::FindExistingCheck(const std::string& name) const {
  for (size_t i = 0; i < checks_.size(); ++i) {
    if (absl::EqualsIgnoreCase(checks_[i].name(), name)) return static_cast<int>(i);
  }
  return -1;
}

void Planner::AddCheckClauses(const sql::ColumnDefinition& column) {
  for (const sql::CheckDefinition& check : column.checks) added_checks_.push_back(&check);
}

// DROP CHECK (3821 when there is none) and DROP CONSTRAINT, which also drops a foreign key
// or a unique key of that name (3940 when there is nothing of that name).
absl::Status Planner::DropCheck(const std::string& name, bool any_constraint) {
  const int at = FindExistingCheck(name);
  if (at >= 0) {
    checks_.erase(checks_.begin() + at);
    return absl::OkStatus();
  }
  if (!any_constraint) {
    return Error(MysqlErrno::kCheckNotFound,
                 absl::StrCat("Check constraint '", name, "' is not found in the table."));
  }
  for (const ordinal::v1::ForeignKeyDef& key : foreign_keys_) {
    if (key.name() == name) return DropForeignKey(name);
  }
  for (const WorkIndex& index : indexes_) {
    if (index.name == name && index.unique) return DropIndex(name);
  }
  if (name == "primary" && primary_.has_value()) return DropIndex(name);
  return Error(MysqlErrno::kConstraintNotFound,
               absl::StrCat("Constraint '", name, "' does not exist."));
}

// ALTER {CHECK | CONSTRAINT} name [NOT] ENFORCED.
absl::Status Planner::AlterCheck(const sql::AlterSpec& spec) {
  const int at = FindExistingCheck(spec.name);
  if (at < 0) {
    if (spec.action == sql::AlterAction::kAlterCheck) {
      return Error(MysqlErrno::kCheckNotFound,
                   absl::StrCat("Check constraint '", spec.name, "' is not found in the table."));
    }
    const bool key = std::any_of(foreign_keys_.begin(), foreign_keys_.end(),
                                 [&](const auto& k) { return k.name() == spec.name; }) ||
                     std::any_of(indexes_.begin(), indexes_.end(), [&](const WorkIndex& i) {
                       return i.unique && i.name == spec.name;
                     }) ||
                     (spec.name == "primary" && primary_.has_value());
    if (key) {
      return Error(MysqlErrno::kConstraintEnforcementNotSupported,
                   absl::StrCat("Altering constraint enforcement is not supported for the "
                                "constraint '", spec.name, "'. Enforcement state alter is not "
                                "supported for the PRIMARY, UNIQUE and FOREIGN KEY type "
                                "constraints."));
    }
    return Error(MysqlErrno::kConstraintNotFound,
                 absl::StrCat("Constraint '", spec.name, "' does not exist."));
  }
  ordinal::v1::CheckDef& check = checks_[at];
  if (spec.check.enforced && !check.enforced()) enforced_checks_.push_back(check.name());
  check.set_enforced(spec.check.enforced);
  return absl::OkStatus();
}

// The checks go into the definition (whose columns are final): 3959 for a dropped or
// renamed column a remaining check uses, then the added ones, validated and named.
absl::Status Planner::FinishChecks() {
  ordinal::v1::TableDef& def = plan_.definition;
  def.clear_checks();
  for (const ordinal::v1::CheckDef& check : checks_) *def.add_checks() = check;
  for (const std::string& column : unbound_columns_) {
    ORDINAL_RETURN_IF_ERROR(ddl::CheckColumnNotInChecks(def, column));
  }
  std::vector<sql::CheckDefinition> clauses;
  for (const sql::CheckDefinition* clause : added_checks_) {
    sql::CheckDefinition copy;
    copy.name = clause->name;
    copy.column = clause->column;
    copy.expr = plan::CloneExpr(*clause->expr);
    copy.enforced = clause->enforced;
    clauses.push_back(std::move(copy));
  }
  ORDINAL_ASSIGN_OR_RETURN(std::vector<std::string> added, ddl::AddChecks(clauses, def));
  for (const std::string& name : added) {
    if (def.checks(ddl::FindCheck(def, name)).enforced()) plan_.validated_checks.push_back(name);
  }
  for (const std::string& name : enforced_checks_) {
    const int at = ddl::FindCheck(def, name);
    if (at >= 0 && def.checks(at).enforced()) plan_.validated_checks.push_back(name);
  }
  if (!plan_.validated_checks.empty() && plan_.needs_copy) plan_.offline = true;
  return absl::OkStatus();
}

bool Planner::Served(const google::protobuf::RepeatedPtrField<std::string>& columns) const {
  auto serves = [&](const WorkIndex& index) {
    if (index.columns.size() < static_cast<size_t>(columns.size())) return false;
    return std::equal(columns.begin(), columns.end(), index.columns.begin());
  };
  if (primary_.has_value() && serves(*primary_)) return true;
  return std::any_of(indexes_.begin(), indexes_.end(), serves);
}

absl::Status Planner::AddForeignKey(const sql::ForeignKeyDefinition& clause) {
  ORDINAL_ASSIGN_OR_RETURN(ordinal::v1::ForeignKeyDef key,
                           ddl::ForeignKeyRecord(clause, old_.database()));
  added_foreign_keys_.push_back(static_cast<int>(foreign_keys_.size()));
  foreign_keys_.push_back(std::move(key));
  foreign_key_index_names_.push_back(!clause.name.empty() ? clause.name : clause.index_name);
  return absl::OkStatus();
}

absl::Status Planner::DropForeignKey(const std::string& name) {
  for (size_t i = 0; i < foreign_keys_.size(); ++i) {
    if (foreign_keys_[i].name() != name) continue;
    foreign_keys_.erase(foreign_keys_.begin() + static_cast<long>(i));
    foreign_key_index_names_.erase(foreign_key_index_names_.begin() + static_cast<long>(i));
    std::vector<int> added;
    for (int a : added_foreign_keys_) {
      if (a != static_cast<int>(i)) added.push_back(a > static_cast<int>(i) ? a - 1 : a);
    }
    added_foreign_keys_ = std::move(added);
    return absl::OkStatus();
  }
  return CantDrop(name);
}

// The keys go into the definition: named, checked on the child's side, and given an index
// where none serves them (which makes the ALTER copy the rows, with writes held off so that
// no row escapes the check of the existing rows).
absl::Status Planner::FinishForeignKeys() {
  ordinal::v1::TableDef& def = plan_.definition;
  def.clear_foreign_keys();
  for (const ordinal::v1::ForeignKeyDef& key : foreign_keys_) *def.add_foreign_keys() = key;
  ORDINAL_RETURN_IF_ERROR(ddl::NameForeignKeys(def));
  ORDINAL_RETURN_IF_ERROR(ddl::CheckChildColumns(def));
  if (ddl::AddForeignKeyIndexes(def, foreign_key_index_names_)) plan_.needs_copy = true;
  for (int added : added_foreign_keys_) {
    plan_.added_foreign_keys.push_back(def.foreign_keys(added).name());
  }
  if (!added_foreign_keys_.empty() && plan_.needs_copy) plan_.offline = true;
  return absl::OkStatus();
}

absl::Status Planner::Place(const sql::AlterSpec& spec, WorkColumn column, int at) {
  if (spec.first) {
    at = 0;
  } else if (!spec.after.empty()) {
    const int after = Find(spec.after);
    if (after < 0) return UnknownColumn(spec.after);
    at = after + 1;
  }
  columns_.insert(columns_.begin() + at, std::move(column));
  return absl::OkStatus();
}

absl::Status Planner::AddColumnKeys(const sql::ColumnDefinition& column) {
  if (column.primary_key) {
    sql::IndexDefinition key;
    key.primary = true;
    key.columns = {column.name};
    ORDINAL_RETURN_IF_ERROR(AddIndex(key));
  }
  if (column.unique) {
    sql::IndexDefinition key;
    key.unique = true;
    key.columns = {column.name};
    ORDINAL_RETURN_IF_ERROR(AddIndex(key));
  }
  return absl::OkStatus();
}

absl::Status Planner::AddColumn(const sql::AlterSpec& spec) {
  if (Find(spec.column.name) >= 0 || spec.column.name == ddl::kHiddenRowIdColumn) {
    return Error(MysqlErrno::kDupFieldName,
                 absl::StrCat("Duplicate column name '", spec.column.display_name, "'"));
  }
  ORDINAL_ASSIGN_OR_RETURN(ordinal::v1::ColumnDef def, ddl::BuildColumnDef(spec.column, catalog::TableDefaultCollation(old_)));
  ORDINAL_RETURN_IF_ERROR(Place(spec, {std::move(def), -1}, static_cast<int>(columns_.size())));
  AddCheckClauses(spec.column);
  return AddColumnKeys(spec.column);
}

// MODIFY (same name) and CHANGE (possibly renamed): a new definition in place of a column.
absl::Status Planner::ReplaceColumn(const sql::AlterSpec& spec) {
  const int at = Find(spec.name);
  if (at < 0) return UnknownColumn(spec.name);
  if (spec.column.name != spec.name) {
    if (Find(spec.column.name) >= 0 || spec.column.name == ddl::kHiddenRowIdColumn) {
      return Error(MysqlErrno::kDupFieldName,
                   absl::StrCat("Duplicate column name '", spec.column.display_name, "'"));
    }
    ORDINAL_RETURN_IF_ERROR(RenameColumn(spec.name, spec.column.name));
  }
  ORDINAL_ASSIGN_OR_RETURN(ordinal::v1::ColumnDef def, ddl::BuildColumnDef(spec.column, catalog::TableDefaultCollation(old_)));
  WorkColumn column{std::move(def), columns_[at].source};
  columns_.erase(columns_.begin() + at);
  ORDINAL_RETURN_IF_ERROR(Place(spec, std::move(column), at));
  AddCheckClauses(spec.column);
  return AddColumnKeys(spec.column);
}

absl::Status Planner::DropColumn(const std::string& name) {
  const int at = Find(name);
  if (at < 0) return CantDrop(name);
  for (const ordinal::v1::ForeignKeyDef& key : foreign_keys_) {
    if (std::find(key.columns().begin(), key.columns().end(), name) != key.columns().end()) {
      return Error(MysqlErrno::kFkColumnCannotDrop,
                   absl::StrCat("Cannot drop column '", name,
                                "': needed in a foreign key constraint '", key.name(), "'"));
    }
  }
  if (columns_.size() == 1) {
    return Error(MysqlErrno::kCantRemoveAllFields,
                 "You can't delete all columns with ALTER TABLE; use DROP TABLE instead");
  }
  unbound_columns_.push_back(name);
  columns_.erase(columns_.begin() + at);
  // As MySQL: the column leaves every key; a key left without columns goes.
  auto strip = [&](WorkIndex& index) {
    index.columns.erase(std::remove(index.columns.begin(), index.columns.end(), name),
                        index.columns.end());
    return index.columns.empty();
  };
  if (primary_.has_value() && strip(*primary_)) primary_.reset();
  indexes_.erase(std::remove_if(indexes_.begin(), indexes_.end(), strip), indexes_.end());
  return absl::OkStatus();
}

absl::Status Planner::RenameColumn(const std::string& from, const std::string& to,
                                   std::string_view display) {
  const int at = Find(from);
  if (at < 0) return UnknownColumn(from);
  auto keep_case = [&] {
    if (display.empty() || display == to) {
      columns_[at].def.clear_display_name();
    } else {
      columns_[at].def.set_display_name(std::string(display));
    }
  };
  if (from == to) {
    keep_case();  // RENAME COLUMN a TO A changes only the letter case
    return absl::OkStatus();
  }
  if (Find(to) >= 0 || to == ddl::kHiddenRowIdColumn) {
    return Error(MysqlErrno::kDupFieldName, absl::StrCat("Duplicate column name '", to, "'"));
  }
  ORDINAL_RETURN_IF_ERROR(ddl::CheckIdentifier(to));
  unbound_columns_.push_back(from);
  columns_[at].def.set_name(to);
  keep_case();
  auto rename = [&](WorkIndex& index) {
    std::replace(index.columns.begin(), index.columns.end(), from, to);
  };
  if (primary_.has_value()) rename(*primary_);
  for (WorkIndex& index : indexes_) rename(index);
  for (ordinal::v1::ForeignKeyDef& key : foreign_keys_) {
    for (std::string& column : *key.mutable_columns()) {
      if (column == from) column = to;
    }
  }
  return absl::OkStatus();
}

absl::Status Planner::AddIndex(const sql::IndexDefinition& index) {
  ORDINAL_RETURN_IF_ERROR(ddl::CheckIndexComment(index));
  WorkIndex work{index.name, index.unique || index.primary, index.columns, 0,
                 index.comment.value_or("")};
  for (size_t i = 0; i < index.columns.size(); ++i) {
    if (Find(index.columns[i]) < 0) {
      return Error(MysqlErrno::kKeyColumnDoesNotExist,
                   absl::StrCat("Key column '", index.columns[i], "' doesn't exist in table"));
    }
    ORDINAL_RETURN_IF_ERROR(ddl::CheckKeyColumn(columns_[Find(index.columns[i])].def));
    for (size_t j = 0; j < i; ++j) {
      if (index.columns[j] == index.columns[i]) {
        return Error(MysqlErrno::kDupFieldName,
                     absl::StrCat("Duplicate column name '", index.columns[i], "'"));
      }
    }
  }
  if (index.primary) {
    if (primary_.has_value()) {
      return Error(MysqlErrno::kMultiplePrimaryKey, "Multiple primary key defined");
    }
    work.name = "PRIMARY";
    for (const std::string& name : index.columns) {
      columns_[Find(name)].def.set_nullable(false);  // as MySQL: key columns become NOT NULL
    }
    primary_ = std::move(work);
    return absl::OkStatus();
  }
  if (work.name.empty()) {
    const std::string& base = index.columns[0];
    work.name = base;
    for (int n = 2; IndexNameTaken(work.name); ++n) work.name = absl::StrCat(base, "_", n);
  } else if (IndexNameTaken(work.name)) {
    return Error(MysqlErrno::kDupKeyName, absl::StrCat("Duplicate key name '", work.name, "'"));
  }
  ORDINAL_RETURN_IF_ERROR(ddl::CheckIdentifier(work.name));
  indexes_.push_back(std::move(work));
  return absl::OkStatus();
}

absl::Status Planner::DropIndex(const std::string& name) {
  if (name == "primary") {
    if (!primary_.has_value()) return CantDrop("PRIMARY");
    primary_.reset();
    return CheckKeysStillServed("PRIMARY");
  }
  for (auto it = indexes_.begin(); it != indexes_.end(); ++it) {
    if (it->name != name) continue;
    indexes_.erase(it);
    return CheckKeysStillServed(name);
  }
  return CantDrop(name);
}

// 1553 when a foreign key the table had before this statement lost its last index.
absl::Status Planner::CheckKeysStillServed(const std::string& dropped) const {
  for (size_t i = 0; i < foreign_keys_.size(); ++i) {
    const bool added = std::find(added_foreign_keys_.begin(), added_foreign_keys_.end(),
                                 static_cast<int>(i)) != added_foreign_keys_.end();
    if (added || Served(foreign_keys_[i].columns())) continue;
    return Error(MysqlErrno::kDropIndexFk,
                 absl::StrCat("Cannot drop index '", dropped,
                              "': needed in a foreign key constraint"));
  }
  return absl::OkStatus();
}

absl::Status Planner::RenameIndex(const std::string& from, const std::string& to) {
  for (WorkIndex& index : indexes_) {
    if (index.name != from) continue;
    if (from != to && IndexNameTaken(to)) {
      return Error(MysqlErrno::kDupKeyName, absl::StrCat("Duplicate key name '", to, "'"));
    }
    ORDINAL_RETURN_IF_ERROR(ddl::CheckIdentifier(to));
    index.name = to;
    return absl::OkStatus();
  }
  return Error(MysqlErrno::kKeyDoesNotExist,
               absl::StrCat("Key '", from, "' doesn't exist in table '", old_.name(), "'"));
}

absl::Status Planner::SetDefault(const sql::AlterSpec& spec) {
  const int at = Find(spec.name);
  if (at < 0) return UnknownColumn(spec.name);
  ordinal::v1::ColumnDef& def = columns_[at].def;
  if (spec.action == sql::AlterAction::kDropDefault) {
    def.clear_default_value();
    def.set_has_default(false);
    def.set_default_now(false);
    return absl::OkStatus();
  }
  return ddl::SetColumnDefault(*spec.default_value, def);
}

absl::Status Planner::Apply(const sql::AlterSpec& spec) {
  using sql::AlterAction;
  switch (spec.action) {
    case AlterAction::kAddColumn: return AddColumn(spec);
    case AlterAction::kModifyColumn:
    case AlterAction::kChangeColumn: return ReplaceColumn(spec);
    case AlterAction::kDropColumn: return DropColumn(spec.name);
    case AlterAction::kRenameColumn:
      return RenameColumn(spec.name, spec.new_name, spec.new_display_name);
    case AlterAction::kSetDefault:
    case AlterAction::kDropDefault: return SetDefault(spec);
    case AlterAction::kAddIndex: return AddIndex(spec.index);
    case AlterAction::kDropIndex: return DropIndex(spec.name);
    case AlterAction::kDropPrimaryKey: return DropIndex("primary");
    case AlterAction::kRenameIndex: return RenameIndex(spec.name, spec.new_name);
    case AlterAction::kAddForeignKey: return AddForeignKey(spec.foreign_key);
    case AlterAction::kDropForeignKey: return DropForeignKey(spec.name);
    case AlterAction::kAddCheck:
      added_checks_.push_back(&spec.check);
      return absl::OkStatus();
    case AlterAction::kDropCheck: return DropCheck(spec.name, /*any_constraint=*/false);
    case AlterAction::kDropConstraint: return DropCheck(spec.name, /*any_constraint=*/true);
    case AlterAction::kAlterCheck:
    case AlterAction::kAlterConstraint: return AlterCheck(spec);
    case AlterAction::kRenameTable: {
      const std::string& database =
          spec.rename_to.database.empty() ? database_ : spec.rename_to.database;
      ORDINAL_RETURN_IF_ERROR(ddl::CheckIdentifier(spec.rename_to.table));
      plan_.definition.set_database(database);
      plan_.definition.set_name(spec.rename_to.table);
      return absl::OkStatus();
    }
    case AlterAction::kAutoIncrement:
      plan_.auto_increment = spec.auto_increment;
      return absl::OkStatus();
    case AlterAction::kKeys:
      plan_.keys_note = true;
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::StatusOr<ordinal::v1::IndexDef> Planner::Resolve(const WorkIndex& index) const {
  ordinal::v1::IndexDef def;
  def.set_name(index.name);
  def.set_unique(index.unique);
  def.set_id(index.id);
  def.set_comment(index.comment);
  for (const std::string& name : index.columns) {
    def.add_column_indexes(static_cast<uint32_t>(Find(name)));
  }
  return def;
}

// Whether every old row is stored, unchanged, as a row of the new definition.
bool Planner::SameLayout() const {
  const int visible = old_.columns_size() - (old_.hidden_primary_key() ? 1 : 0);
  if (static_cast<int>(columns_.size()) != visible) return false;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].source != static_cast<int>(i)) return false;
    if (StorageShape(columns_[i].def) != StorageShape(old_.columns(static_cast<int>(i)))) {
      return false;
    }
  }
  if (primary_.has_value() == old_.hidden_primary_key()) return false;
  if (primary_.has_value() && primary_->columns != ToWork(old_.primary_key()).columns) {
    return false;
  }
  return std::none_of(indexes_.begin(), indexes_.end(),
                      [](const WorkIndex& index) { return index.id == 0; });
}

// Whether every old primary key column is, unconverted, part of the new primary key: then
// distinct old rows have distinct new keys, and a writer's copy of a row is found under the
// key the copy computes for it. Otherwise the copy runs with writes held off.
bool Planner::KeyPreserved() const {
  if (old_.hidden_primary_key()) return !primary_.has_value();
  if (!primary_.has_value()) return false;
  for (uint32_t old_column : old_.primary_key().column_indexes()) {
    const auto it = std::find_if(columns_.begin(), columns_.end(), [&](const WorkColumn& c) {
      return c.source == static_cast<int>(old_column);
    });
    if (it == columns_.end() ||
        std::find(primary_->columns.begin(), primary_->columns.end(), it->def.name()) ==
            primary_->columns.end() ||
        StorageShape(it->def) != StorageShape(old_.columns(static_cast<int>(old_column)))) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<AlterPlan> Planner::Finish() {
  ordinal::v1::TableDef& def = plan_.definition;
  plan_.needs_copy = !SameLayout();
  def.clear_columns();
  def.clear_indexes();
  def.clear_primary_key();
  def.set_hidden_primary_key(!primary_.has_value());
  for (const WorkColumn& column : columns_) {
    *def.add_columns() = column.def;
    plan_.source_columns.push_back(column.source);
    if (column.source < 0 && column.def.auto_increment()) plan_.offline = true;
  }
  if (primary_.has_value()) {
    ORDINAL_ASSIGN_OR_RETURN(*def.mutable_primary_key(), Resolve(*primary_));
    def.mutable_primary_key()->set_id(0);
  } else {
    ordinal::v1::ColumnDef* row_id = def.add_columns();
    *row_id = old_.columns(old_.columns_size() - 1);
    if (!old_.hidden_primary_key()) {
      row_id->Clear();
      row_id->set_name(ddl::kHiddenRowIdColumn);
      SqlType type;
      type.type = ColumnType::kBigInt;
      catalog::SetColumnSqlType(type, row_id);
      plan_.offline = true;  // new row ids are numbered by the copy
    }
    plan_.source_columns.push_back(old_.hidden_primary_key() ? old_.columns_size() - 1 : -1);
    ordinal::v1::IndexDef* primary = def.mutable_primary_key();
    primary->set_name("PRIMARY");
    primary->set_unique(true);
    primary->add_column_indexes(static_cast<uint32_t>(def.columns_size() - 1));
  }
  if (!KeyPreserved()) plan_.offline = true;
  for (WorkIndex& index : indexes_) {
    if (index.id == 0) index.id = next_index_id_++;
    ORDINAL_ASSIGN_OR_RETURN(*def.add_indexes(), Resolve(index));
  }
  def.set_next_index_id(next_index_id_);
  ORDINAL_RETURN_IF_ERROR(FinishForeignKeys());
  ORDINAL_RETURN_IF_ERROR(FinishChecks());
  for (const ordinal::v1::IndexDef& index : old_.indexes()) {
    const bool kept = std::any_of(indexes_.begin(), indexes_.end(),
                                  [&](const WorkIndex& w) { return w.id == index.id(); });
    if (!kept && !plan_.needs_copy) plan_.dropped_index_ids.push_back(index.id());
  }
  ORDINAL_RETURN_IF_ERROR(ddl::CheckAutoIncrementColumn(def));
  return std::move(plan_);
}

}  // namespace

absl::StatusOr<AlterPlan> PlanAlter(const sql::AlterTable& statement,
                                    const ordinal::v1::TableDef& old,
                                    const std::string& database) {
  Planner planner(old, database);
  for (const sql::AlterSpec& spec : statement.specs) {
    ORDINAL_RETURN_IF_ERROR(planner.Apply(spec));
  }
  ORDINAL_ASSIGN_OR_RETURN(AlterPlan plan, planner.Finish());
  // Options change the definition only: no copy.
  ORDINAL_RETURN_IF_ERROR(ddl::ApplyTableOptions(statement.options, plan.definition));
  if (plan.auto_increment.has_value()) {
    plan.definition.mutable_options()->set_auto_increment(*plan.auto_increment);
  }
  return plan;
}

}  // namespace ordinal::engine::alter
