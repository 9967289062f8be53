// MySQL's system variables: the ones clients and drivers read on connect (@@version,
// @@autocommit, @@sql_mode, @@character_set_*, @@transaction_isolation, ...) with their
// scopes, types, defaults and the errors MySQL gives for them.
//
// A variable has a global value (GlobalVariables, one per Database, changed by SET GLOBAL,
// not persisted across restarts) and, when it has session scope, a session value
// (SessionVariables, copied from the global values when the session starts, changed by SET
// [SESSION]). Values are stored in their canonical form: booleans as Int 0/1, integers as
// Int, enums and sql_mode as uppercase strings, character sets and collations lowercase.
//
// Errors carry MySQL's numbers: 1193 unknown variable, 1228 SESSION-only variable set
// GLOBAL, 1229 GLOBAL-only variable set SESSION, 1238 read-only variable (or the wrong scope
// asked in @@scope.name), 1231 a value the variable does not take, 1232 a value of the
// wrong type, 1115 unknown character set, 1273 unknown collation, 1253 a collation of
// another character set.
#ifndef ORDINAL_ENGINE_VARS_SYSTEM_VARIABLES_H_
#define ORDINAL_ENGINE_VARS_SYSTEM_VARIABLES_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "engine/types/value.h"

namespace ordinal::engine::vars {

// What VERSION() and @@version say: MySQL 8.0 compatible (drivers parse the leading
// number), naming OrdinalDB. The MySQL front end sends the same string in its handshake.
inline constexpr std::string_view kServerVersion = "8.0.36-OrdinalDB";
inline constexpr std::string_view kVersionComment = "OrdinalDB (MySQL-compatible, replicated)";

enum class VarType {
  kBool,       // ON/OFF, TRUE/FALSE, 1/0; SELECT shows 1/0, SHOW VARIABLES shows ON/OFF
  kInt,        // clamped to [min, max]
  kString,     // any text
  kEnum,       // one of `choices`, case-insensitive, stored uppercase
  kSqlMode,    // a comma-separated set of known modes, stored uppercase
  kCharset,    // a character set name
  kCollation,  // a collation name
};

struct VariableDef {
  std::string_view name;  // lowercase
  VarType type = VarType::kString;
  bool session = true;    // has a session value
  bool global = true;     // has a global value
  bool read_only = false;
  std::string_view default_text;  // canonical text of the default
  int64_t min = 0;        // kInt
  int64_t max = INT64_MAX;
  std::vector<std::string_view> choices;  // kEnum
};

// The definition named `name` (any case), or nullptr.
const VariableDef* FindVariable(std::string_view name);

// Every definition, sorted by name.
const std::vector<VariableDef>& AllVariables();

// The default value of `def`, in canonical form.
Value DefaultValue(const VariableDef& def);

// Converts what SET gives (`value`, or `word` for a bare word like ON or ANSI) to the
// canonical form for `def`. Integers out of range are clamped, as MySQL does (the caller
// may warn). Errors 1231, 1232, 1115, 1273.
absl::StatusOr<Value> CanonicalValue(const VariableDef& def, const Value& value);

// The text SHOW VARIABLES shows: ON/OFF for booleans, the value otherwise.
std::string DisplayText(const VariableDef& def, const Value& value);

// The default collation of a character set ("" when unknown) and the character set of a
// collation ("" when unknown). Names are lowercase; "utf8" means utf8mb3.
std::string_view DefaultCollation(std::string_view charset);
std::string_view CharsetOfCollation(std::string_view collation);

// ---- errors ----
absl::Status UnknownVariable(std::string_view name);          // 1193
absl::Status WrongScope(const VariableDef& def, bool global);  // 1228 / 1229
absl::Status ReadOnly(const VariableDef& def);                 // 1238

// The global values. Thread-safe.
class GlobalVariables {
 public:
  GlobalVariables();

  Value Get(const VariableDef& def) const;
  // `value` must be canonical (CanonicalValue).
  void Set(const VariableDef& def, Value value);

 private:
  mutable absl::Mutex mu_;
  std::map<std::string_view, Value> values_ ABSL_GUARDED_BY(mu_);
};

// One session's values of the variables with session scope. Not thread-safe (a session is
// used by one thread at a time). Values are held by the definition's place in
// AllVariables(), so a read or a write is an index, not a lookup by name (statements read
// several variables each).
class SessionVariables {
 public:
  explicit SessionVariables(const GlobalVariables& globals);

  // `def` must be one of AllVariables() (FindVariable's result) with session scope; other
  // variables read as NULL.
  const Value& Get(const VariableDef& def) const;
  void Set(const VariableDef& def, Value value);

  // Shortcuts for the values the session itself acts on.
  bool autocommit() const;

 private:
  // AllVariables()'s index of `def`.
  static size_t Index(const VariableDef& def);

  std::vector<Value> values_;  // by AllVariables() index; NULL for global-only variables
};

}  // namespace ordinal::engine::vars

#endif  // ORDINAL_ENGINE_VARS_SYSTEM_VARIABLES_H_
