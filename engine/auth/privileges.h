// MySQL's static privileges as a bit set, their names, and the levels each may be granted at
// (docs/users-and-privileges.md). A PrivilegeSet is what one GrantDef stores
// (proto/ordinal/v1/account.proto); GRANT OPTION is one of its bits.
//
// Thread safety: pure values and functions.
#ifndef ORDINAL_ENGINE_AUTH_PRIVILEGES_H_
#define ORDINAL_ENGINE_AUTH_PRIVILEGES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ordinal::engine::auth {

using PrivilegeSet = uint64_t;

// One bit each, in the order SHOW GRANTS lists them (MySQL's order).
enum Privilege : PrivilegeSet {
  kSelect = 1ull << 0,
  kInsert = 1ull << 1,
  kUpdate = 1ull << 2,
  kDelete = 1ull << 3,
  kCreate = 1ull << 4,
  kDrop = 1ull << 5,
  kReload = 1ull << 6,
  kShutdown = 1ull << 7,
  kProcess = 1ull << 8,
  kFile = 1ull << 9,
  kReferences = 1ull << 10,
  kIndex = 1ull << 11,
  kAlter = 1ull << 12,
  kShowDatabases = 1ull << 13,
  kSuper = 1ull << 14,
  kCreateTemporaryTables = 1ull << 15,
  kLockTables = 1ull << 16,
  kExecute = 1ull << 17,
  kReplicationSlave = 1ull << 18,
  kReplicationClient = 1ull << 19,
  kCreateView = 1ull << 20,
  kShowView = 1ull << 21,
  kCreateRoutine = 1ull << 22,
  kAlterRoutine = 1ull << 23,
  kCreateUser = 1ull << 24,
  kEvent = 1ull << 25,
  kTrigger = 1ull << 26,
  kGrantOption = 1ull << 27,
};

enum class GrantLevel { kGlobal, kDatabase, kTable };

// Every privilege that may be granted at `level` (GRANT OPTION excluded): what ALL
// [PRIVILEGES] means there.
PrivilegeSet AllAt(GrantLevel level);

// The bit named `name` (uppercase words separated by one space: "REPLICATION SLAVE");
// nullopt for an unknown name. USAGE is 0 (no privilege).
std::optional<PrivilegeSet> PrivilegeFromName(std::string_view name);

// "SELECT, INSERT", in SHOW GRANTS order, without GRANT OPTION; "ALL PRIVILEGES" when
// `privileges` holds AllAt(level); "USAGE" when empty.
std::string PrivilegeListText(PrivilegeSet privileges, GrantLevel level);

// The name of the single privilege `privilege` ("SELECT").
std::string_view PrivilegeName(PrivilegeSet privilege);

}  // namespace ordinal::engine::auth

#endif  // ORDINAL_ENGINE_AUTH_PRIVILEGES_H_
