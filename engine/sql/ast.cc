#include "engine/sql/ast.h"

#include <type_traits>

namespace ordinal::engine::sql {
namespace {

template <typename T>
constexpr bool kIsWrite = std::is_same_v<T, CreateDatabase> || std::is_same_v<T, DropDatabase> ||
                          std::is_same_v<T, AlterDatabase> ||
                          std::is_same_v<T, CreateTable> || std::is_same_v<T, CreateIndex> ||
                          std::is_same_v<T, DropTable> || std::is_same_v<T, TruncateTable> ||
                          std::is_same_v<T, RenameTable> || std::is_same_v<T, CreateView> ||
                          std::is_same_v<T, DropView> || std::is_same_v<T, Insert> ||
                          std::is_same_v<T, Update> || std::is_same_v<T, Delete> ||
                          std::is_same_v<T, AlterTableKeys> || std::is_same_v<T, AlterTable> ||
                          std::is_same_v<T, CreateUser> || std::is_same_v<T, AlterUser> ||
                          std::is_same_v<T, DropUser> || std::is_same_v<T, RenameUser> ||
                          std::is_same_v<T, GrantStatement> ||
                          std::is_same_v<T, StoredProgramStatement>;

struct KindName {
  std::string_view operator()(const CreateDatabase&) const { return "create_database"; }
  std::string_view operator()(const DropDatabase&) const { return "drop_database"; }
  std::string_view operator()(const AlterDatabase&) const { return "alter_database"; }
  std::string_view operator()(const UseDatabase&) const { return "use"; }
  std::string_view operator()(const ShowDatabases&) const { return "show_databases"; }
  std::string_view operator()(const ShowTables&) const { return "show_tables"; }
  std::string_view operator()(const CreateTable&) const { return "create_table"; }
  std::string_view operator()(const CreateIndex&) const { return "create_index"; }
  std::string_view operator()(const DropTable&) const { return "drop_table"; }
  std::string_view operator()(const TruncateTable&) const { return "truncate_table"; }
  std::string_view operator()(const RenameTable&) const { return "rename_table"; }
  std::string_view operator()(const CreateView&) const { return "create_view"; }
  std::string_view operator()(const DropView&) const { return "drop_view"; }
  std::string_view operator()(const ShowCreateView&) const { return "show_create_view"; }
  std::string_view operator()(const DescribeTable&) const { return "describe"; }
  std::string_view operator()(const ShowCreateTable&) const { return "show_create_table"; }
  std::string_view operator()(const AlterTableKeys&) const { return "alter_table"; }
  std::string_view operator()(const AlterTable&) const { return "alter_table"; }
  std::string_view operator()(const ShowProcessList&) const { return "show_processlist"; }
  std::string_view operator()(const ShowQuery& s) const {
    switch (s.kind) {
      case ShowQueryKind::kColumns: return "show_columns";
      case ShowQueryKind::kIndex: return "show_index";
      case ShowQueryKind::kTableStatus: return "show_table_status";
      case ShowQueryKind::kCharacterSet: return "show_character_set";
      case ShowQueryKind::kCollation: return "show_collation";
      case ShowQueryKind::kEngines: return "show_engines";
    }
    return "show";
  }
  std::string_view operator()(const ShowCreateDatabase&) const { return "show_create_database"; }
  std::string_view operator()(const LockTables&) const { return "lock_tables"; }
  std::string_view operator()(const UnlockTables&) const { return "unlock_tables"; }
  std::string_view operator()(const Flush&) const { return "flush"; }
  std::string_view operator()(const StoredProgramStatement& s) const {
    switch (s.action) {
      case StoredProgramAction::kDropTrigger: return "drop_trigger";
      case StoredProgramAction::kDropProcedure: return "drop_procedure";
      case StoredProgramAction::kDropFunction: return "drop_function";
      case StoredProgramAction::kDropEvent: return "drop_event";
      case StoredProgramAction::kCall: return "call";
    }
    return "call";
  }
  std::string_view operator()(const Insert& insert) const {
    return insert.replace ? "replace" : "insert";
  }
  std::string_view operator()(const Update&) const { return "update"; }
  std::string_view operator()(const Delete&) const { return "delete"; }
  std::string_view operator()(const Select&) const { return "select"; }
  std::string_view operator()(const Explain&) const { return "explain"; }
  std::string_view operator()(const ChecksumTable&) const { return "checksum_table"; }
  std::string_view operator()(const AnalyzeTable&) const { return "analyze_table"; }
  std::string_view operator()(const Begin&) const { return "begin"; }
  std::string_view operator()(const Commit&) const { return "commit"; }
  std::string_view operator()(const Rollback& s) const {
    return s.savepoint.empty() ? "rollback" : "rollback_to_savepoint";
  }
  std::string_view operator()(const Savepoint& s) const {
    return s.release ? "release_savepoint" : "savepoint";
  }
  std::string_view operator()(const ShowReplicaStatus&) const { return "show_replica_status"; }
  std::string_view operator()(const ShowReplicas&) const { return "show_replicas"; }
  std::string_view operator()(const SetStatement&) const { return "set"; }
  std::string_view operator()(const SetTransaction&) const { return "set_transaction"; }
  std::string_view operator()(const ShowVariables& s) const {
    return s.status ? "show_status" : "show_variables";
  }
  std::string_view operator()(const Kill&) const { return "kill"; }
  std::string_view operator()(const CreateUser&) const { return "create_user"; }
  std::string_view operator()(const AlterUser&) const { return "alter_user"; }
  std::string_view operator()(const DropUser&) const { return "drop_user"; }
  std::string_view operator()(const RenameUser&) const { return "rename_user"; }
  std::string_view operator()(const GrantStatement& s) const {
    return s.revoke ? "revoke" : "grant";
  }
  std::string_view operator()(const ShowGrants&) const { return "show_grants"; }
  std::string_view operator()(const ShowWarnings& s) const {
    return s.errors ? "show_errors" : "show_warnings";
  }
};

}  // namespace

bool IsAggregateName(std::string_view name) {
  return name == "COUNT" || name == "SUM" || name == "MIN" || name == "MAX" || name == "AVG" ||
         name == "GROUP_CONCAT" || IsJsonAggregateName(name) || IsBitAggregateName(name) ||
         IsStatisticsAggregateName(name);
}

bool IsStatisticsAggregateName(std::string_view name) {
  return name == "STD" || name == "STDDEV" || name == "STDDEV_POP" || name == "STDDEV_SAMP" ||
         name == "VARIANCE" || name == "VAR_POP" || name == "VAR_SAMP";
}

bool IsBitAggregateName(std::string_view name) {
  return name == "BIT_AND" || name == "BIT_OR" || name == "BIT_XOR";
}

bool IsJsonAggregateName(std::string_view name) {
  return name == "JSON_ARRAYAGG" || name == "JSON_OBJECTAGG";
}

size_t AggregateArity(std::string_view name) { return name == "JSON_OBJECTAGG" ? 2 : 1; }

bool Expr::IsAggregate() const {
  return kind == ExprKind::kFunction && over == nullptr && IsAggregateName(function_name);
}

std::string_view StatementKindName(const Statement& statement) {
  return std::visit(KindName{}, statement.body);
}

bool IsWrite(const Statement& statement) {
  return std::visit(
      [](const auto& body) { return kIsWrite<std::decay_t<decltype(body)>>; }, statement.body);
}

}  // namespace ordinal::engine::sql
