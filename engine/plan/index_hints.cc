#include "engine/plan/index_hints.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::engine::plan {
namespace {

// The id of the index `name` names (0: the primary key), or 1176.
absl::StatusOr<uint32_t> IndexId(const std::string& name, const catalog::TableInfo& table) {
  if (name == "primary" && table.VisibleColumnCount() == table.def.columns_size()) return 0;
  if (name != "primary") {
    if (const ordinal::v1::IndexDef* index = table.FindIndex(name)) return index->id();
  }
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kKeyDoesNotExist,
                  absl::StrCat("Key '", name, "' doesn't exist in table '", table.def.name(),
                               "'"));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const IndexChoice>> ResolveIndexHints(
    const std::vector<sql::IndexHint>& hints, const catalog::TableInfo& table) {
  if (hints.empty()) return nullptr;
  auto choice = std::make_shared<IndexChoice>();
  bool narrows = false;
  for (const sql::IndexHint& hint : hints) {
    absl::flat_hash_set<uint32_t> ids;
    for (const std::string& name : hint.indexes) {
      absl::StatusOr<uint32_t> id = IndexId(name, table);
      if (!id.ok()) return id.status();
      ids.insert(*id);
    }
    if (hint.scope == sql::IndexHint::Scope::kOrderBy ||
        hint.scope == sql::IndexHint::Scope::kGroupBy) {
      continue;
    }
    narrows = true;
    if (hint.kind == sql::IndexHint::Kind::kIgnore) {
      choice->ignored.insert(ids.begin(), ids.end());
      continue;
    }
    if (!choice->only) choice->only.emplace();
    choice->only->insert(ids.begin(), ids.end());
    choice->force = choice->force || hint.kind == sql::IndexHint::Kind::kForce;
  }
  if (!narrows) return nullptr;
  return choice;
}

}  // namespace ordinal::engine::plan
