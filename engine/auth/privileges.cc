#include "engine/auth/privileges.h"

#include <array>
#include <utility>

namespace ordinal::engine::auth {
namespace {

constexpr std::array<std::pair<PrivilegeSet, std::string_view>, 28> kNames = {{
    {kSelect, "SELECT"},
    {kInsert, "INSERT"},
    {kUpdate, "UPDATE"},
    {kDelete, "DELETE"},
    {kCreate, "CREATE"},
    {kDrop, "DROP"},
    {kReload, "RELOAD"},
    {kShutdown, "SHUTDOWN"},
    {kProcess, "PROCESS"},
    {kFile, "FILE"},
    {kReferences, "REFERENCES"},
    {kIndex, "INDEX"},
    {kAlter, "ALTER"},
    {kShowDatabases, "SHOW DATABASES"},
    {kSuper, "SUPER"},
    {kCreateTemporaryTables, "CREATE TEMPORARY TABLES"},
    {kLockTables, "LOCK TABLES"},
    {kExecute, "EXECUTE"},
    {kReplicationSlave, "REPLICATION SLAVE"},
    {kReplicationClient, "REPLICATION CLIENT"},
    {kCreateView, "CREATE VIEW"},
    {kShowView, "SHOW VIEW"},
    {kCreateRoutine, "CREATE ROUTINE"},
    {kAlterRoutine, "ALTER ROUTINE"},
    {kCreateUser, "CREATE USER"},
    {kEvent, "EVENT"},
    {kTrigger, "TRIGGER"},
    {kGrantOption, "GRANT OPTION"},
}};

constexpr PrivilegeSet kTableLevel = kSelect | kInsert | kUpdate | kDelete | kCreate | kDrop |
                                     kReferences | kIndex | kAlter | kCreateView | kShowView |
                                     kTrigger;
constexpr PrivilegeSet kDatabaseLevel = kTableLevel | kCreateTemporaryTables | kLockTables |
                                        kExecute | kCreateRoutine | kAlterRoutine | kEvent;
constexpr PrivilegeSet kGlobalLevel = (kGrantOption - 1);  // every bit below GRANT OPTION

}  // namespace

PrivilegeSet AllAt(GrantLevel level) {
  switch (level) {
    case GrantLevel::kGlobal:
      return kGlobalLevel;
    case GrantLevel::kDatabase:
      return kDatabaseLevel;
    case GrantLevel::kTable:
      return kTableLevel;
  }
  return 0;
}

std::optional<PrivilegeSet> PrivilegeFromName(std::string_view name) {
  if (name == "USAGE") return PrivilegeSet{0};
  for (const auto& [bit, text] : kNames) {
    if (text == name) return bit;
  }
  // MySQL 8's spelling of the replication privileges.
  if (name == "REPLICATION REPLICA") return PrivilegeSet{kReplicationSlave};
  return std::nullopt;
}

std::string_view PrivilegeName(PrivilegeSet privilege) {
  for (const auto& [bit, text] : kNames) {
    if (bit == privilege) return text;
  }
  return "USAGE";
}

std::string PrivilegeListText(PrivilegeSet privileges, GrantLevel level) {
  privileges &= ~PrivilegeSet{kGrantOption};
  if (privileges == 0) return "USAGE";
  if ((privileges & AllAt(level)) == AllAt(level)) return "ALL PRIVILEGES";
  std::string out;
  for (const auto& [bit, text] : kNames) {
    if ((privileges & bit) == 0 || bit == kGrantOption) continue;
    if (!out.empty()) out += ", ";
    out += text;
  }
  return out;
}

}  // namespace ordinal::engine::auth
