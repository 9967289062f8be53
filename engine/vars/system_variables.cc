#include "engine/vars/system_variables.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/sql_error.h"
#include "engine/types/charsets.h"

namespace ordinal::engine::vars {
namespace {

constexpr int64_t kMaxUint32 = 4294967295;

// MySQL 8.0's default sql_mode.
constexpr std::string_view kDefaultSqlMode =
    "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

// The modes MySQL 8.0 knows, in the order it prints them.
constexpr std::string_view kSqlModes[] = {
    "REAL_AS_FLOAT", "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "ONLY_FULL_GROUP_BY",
    "NO_UNSIGNED_SUBTRACTION", "NO_DIR_IN_CREATE", "ANSI", "NO_AUTO_VALUE_ON_ZERO",
    "NO_BACKSLASH_ESCAPES", "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "NO_ZERO_IN_DATE",
    "NO_ZERO_DATE", "ALLOW_INVALID_DATES", "ERROR_FOR_DIVISION_BY_ZERO", "TRADITIONAL",
    "HIGH_NOT_PRECEDENCE", "NO_ENGINE_SUBSTITUTION", "PAD_CHAR_TO_FULL_LENGTH",
    "TIME_TRUNCATE_FRACTIONAL",
};

// Combination modes and what they switch on besides themselves.
constexpr std::pair<std::string_view, std::string_view> kCombinationModes[] = {
    {"ANSI", "REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,ONLY_FULL_GROUP_BY"},
    {"TRADITIONAL",
     "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
     "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"},
};

// MySQL 8 reads `utf8` as utf8mb3, in character set and collation names alike.
std::string Unalias(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
  if (lower == "utf8") return "utf8mb3";
  if (absl::StartsWith(lower, "utf8_")) return absl::StrCat("utf8mb3_", lower.substr(5));
  return lower;
}

absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

VariableDef Var(std::string_view name, VarType type, std::string_view value) {
  VariableDef def;
  def.name = name;
  def.type = type;
  def.default_text = value;
  return def;
}
VariableDef Bool(std::string_view name, bool on) {
  return Var(name, VarType::kBool, on ? "1" : "0");
}
VariableDef Int(std::string_view name, std::string_view value, int64_t min, int64_t max) {
  VariableDef def = Var(name, VarType::kInt, value);
  def.min = min;
  def.max = max;
  return def;
}
VariableDef Str(std::string_view name, std::string_view value) {
  return Var(name, VarType::kString, value);
}
VariableDef Charset(std::string_view name, std::string_view value) {
  return Var(name, VarType::kCharset, value);
}
VariableDef Collation(std::string_view name) {
  return Var(name, VarType::kCollation, "utf8mb4_0900_ai_ci");
}
VariableDef Enum(std::string_view name, std::string_view value,
                 std::vector<std::string_view> choices) {
  VariableDef def = Var(name, VarType::kEnum, value);
  def.choices = std::move(choices);
  return def;
}
VariableDef GlobalOnly(VariableDef def) {
  def.session = false;
  return def;
}
VariableDef SessionOnly(VariableDef def) {
  def.global = false;
  return def;
}
VariableDef ReadOnlyVar(VariableDef def) {
  def.read_only = true;
  return def;
}

std::vector<VariableDef> MakeDefinitions() {
  constexpr int64_t kMax = INT64_MAX;
  std::vector<VariableDef> defs = {
      Int("auto_increment_increment", "1", 1, 65535),
      Int("auto_increment_offset", "1", 1, 65535),
      Bool("autocommit", true),
      Bool("big_tables", false),
      Charset("character_set_client", "utf8mb4"),
      Charset("character_set_connection", "utf8mb4"),
      Charset("character_set_database", "utf8mb4"),
      Charset("character_set_filesystem", "binary"),
      Charset("character_set_results", "utf8mb4"),
      Charset("character_set_server", "utf8mb4"),
      ReadOnlyVar(GlobalOnly(Charset("character_set_system", "utf8mb3"))),
      Collation("collation_connection"),
      Collation("collation_database"),
      Collation("collation_server"),
      Int("cte_max_recursion_depth", "1000", 0, kMaxUint32),
      Str("default_storage_engine", "InnoDB"),
      Str("default_tmp_storage_engine", "InnoDB"),
      Int("default_week_format", "0", 0, 7),
      Int("div_precision_increment", "4", 0, 30),
      ReadOnlyVar(SessionOnly(Int("error_count", "0", 0, kMax))),
      Bool("explicit_defaults_for_timestamp", true),
      Bool("foreign_key_checks", true),
      Int("group_concat_max_len", "1024", 4, kMax),
      ReadOnlyVar(GlobalOnly(Str("have_openssl", "DISABLED"))),
      ReadOnlyVar(GlobalOnly(Str("have_ssl", "DISABLED"))),
      ReadOnlyVar(GlobalOnly(Str("hostname", "localhost"))),
      GlobalOnly(Str("init_connect", "")),
      Int("innodb_lock_wait_timeout", "50", 1, 1073741824),
      SessionOnly(Int("insert_id", "0", 0, kMax)),
      Int("interactive_timeout", "28800", 1, 31536000),
      SessionOnly(Int("last_insert_id", "0", 0, kMax)),
      Str("lc_messages", "en_US"),
      Str("lc_time_names", "en_US"),
      ReadOnlyVar(GlobalOnly(Str("license", "GPL"))),
      GlobalOnly(Bool("local_infile", false)),
      ReadOnlyVar(GlobalOnly(Bool("log_bin", false))),
      ReadOnlyVar(GlobalOnly(Int("lower_case_table_names", "1", 0, 2))),
      Int("max_allowed_packet", "67108864", 1024, 1073741824),
      GlobalOnly(Int("max_connections", "151", 1, 100000)),
      Int("max_execution_time", "0", 0, kMaxUint32),
      Int("max_sort_length", "1024", 4, 8388608),
      Int("max_user_connections", "0", 0, kMaxUint32),
      Int("net_buffer_length", "16384", 1024, 1048576),
      Int("net_read_timeout", "30", 1, 31536000),
      Int("net_write_timeout", "60", 1, 31536000),
      ReadOnlyVar(GlobalOnly(Bool("performance_schema", false))),
      ReadOnlyVar(GlobalOnly(Int("port", "3306", 0, 65535))),
      Bool("profiling", false),
      ReadOnlyVar(GlobalOnly(Int("protocol_version", "10", 0, 255))),
      SessionOnly(Int("pseudo_thread_id", "0", 0, kMaxUint32)),
      GlobalOnly(Bool("read_only", false)),
      GlobalOnly(Int("server_id", "1", 0, kMaxUint32)),
      Bool("sql_auto_is_null", false),
      Bool("sql_big_selects", true),
      SessionOnly(Bool("sql_log_bin", true)),
      Var("sql_mode", VarType::kSqlMode, kDefaultSqlMode),
      Bool("sql_notes", true),
      Bool("sql_quote_show_create", true),
      Bool("sql_require_primary_key", false),
      Bool("sql_safe_updates", false),
      Int("sql_select_limit", "18446744073709551615", 0, kMax),
      Bool("sql_warnings", false),
      GlobalOnly(Bool("super_read_only", false)),
      ReadOnlyVar(GlobalOnly(Str("system_time_zone", "UTC"))),
      Str("time_zone", "SYSTEM"),
      Enum("transaction_isolation", "REPEATABLE-READ",
           {"READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ", "SERIALIZABLE"}),
      Bool("transaction_read_only", false),
      Bool("unique_checks", true),
      ReadOnlyVar(GlobalOnly(Str("version", kServerVersion))),
      ReadOnlyVar(GlobalOnly(Str("version_comment", kVersionComment))),
      ReadOnlyVar(GlobalOnly(Str("version_compile_machine", "x86_64"))),
      ReadOnlyVar(GlobalOnly(Str("version_compile_os", "Linux"))),
      Int("wait_timeout", "28800", 1, 31536000),
      ReadOnlyVar(SessionOnly(Int("warning_count", "0", 0, kMax))),
  };
  std::sort(defs.begin(), defs.end(),
            [](const VariableDef& a, const VariableDef& b) { return a.name < b.name; });
  return defs;
}

// Old names MySQL drivers still ask for, read and set as the variable they stand for.
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"tx_isolation", "transaction_isolation"},
    {"tx_read_only", "transaction_read_only"},
    {"identity", "last_insert_id"},
};

absl::Status WrongValue(const VariableDef& def, std::string_view text) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongValueForVar,
                  absl::StrCat("Variable '", Sv(def.name), "' can't be set to the value of '",
                               Sv(text), "'"));
}

absl::Status WrongType(const VariableDef& def) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongTypeForVar,
                  absl::StrCat("Incorrect argument type to variable '", Sv(def.name), "'"));
}

std::string Upper(std::string_view s) {
  return absl::AsciiStrToUpper(absl::string_view(s.data(), s.size()));
}

absl::StatusOr<Value> CanonicalBool(const VariableDef& def, const Value& v) {
  if (v.is_int()) {
    if (v.int_value() == 0 || v.int_value() == 1) return v;
    return WrongValue(def, v.ToString());
  }
  if (!v.is_string()) return v.is_null() ? WrongValue(def, "NULL") : WrongType(def);
  const std::string word = Upper(v.string_value());
  if (word == "ON" || word == "TRUE" || word == "1") return Value::Int(1);
  if (word == "OFF" || word == "FALSE" || word == "0") return Value::Int(0);
  return WrongValue(def, v.string_value());
}

absl::StatusOr<Value> CanonicalSqlMode(const VariableDef& def, const Value& v) {
  if (!v.is_string()) return v.is_null() ? WrongValue(def, "NULL") : WrongType(def);
  std::vector<std::string> wanted;
  for (absl::string_view part : absl::StrSplit(v.string_value(), ',')) {
    const absl::string_view trimmed = absl::StripAsciiWhitespace(part);
    const std::string mode = Upper(std::string_view(trimmed.data(), trimmed.size()));
    if (mode.empty()) continue;
    if (std::find(std::begin(kSqlModes), std::end(kSqlModes), mode) == std::end(kSqlModes)) {
      return WrongValue(def, mode);
    }
    wanted.push_back(mode);
    for (const auto& [combination, parts] : kCombinationModes) {
      if (mode != combination) continue;
      for (absl::string_view p : absl::StrSplit(absl::string_view(parts.data(), parts.size()), ',')) {
        wanted.emplace_back(p);
      }
    }
  }
  std::vector<std::string_view> out;
  for (std::string_view mode : kSqlModes) {
    if (std::find(wanted.begin(), wanted.end(), mode) != wanted.end()) out.push_back(mode);
  }
  std::string joined;
  for (std::string_view mode : out) {
    if (!joined.empty()) joined.push_back(',');
    joined.append(mode);
  }
  return Value::String(std::move(joined));
}

absl::StatusOr<Value> CanonicalTimeZone(const VariableDef& def, const Value& v) {
  if (!v.is_string()) return v.is_null() ? WrongValue(def, "NULL") : WrongType(def);
  const std::string& text = v.string_value();
  auto unknown = [&] {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kUnknownTimeZone,
                    absl::StrCat("Unknown or incorrect time zone: '", text, "'"));
  };
  if (Upper(text) == "SYSTEM") return Value::String("SYSTEM");
  // [+-]HH:MM between -13:59 and +14:00.
  if (text.size() >= 5 && (text[0] == '+' || text[0] == '-')) {
    int hours = 0, minutes = 0;
    const size_t colon = text.find(':');
    if (colon == std::string::npos || colon < 2 || colon > 3 || text.size() - colon != 3 ||
        !absl::SimpleAtoi(text.substr(1, colon - 1), &hours) ||
        !absl::SimpleAtoi(text.substr(colon + 1), &minutes) || minutes > 59 || hours < 0) {
      return unknown();
    }
    const int total = hours * 60 + minutes;
    if ((text[0] == '+' && total > 14 * 60) || (text[0] == '-' && total > 13 * 60 + 59)) {
      return unknown();
    }
    char buffer[16];
    std::snprintf(buffer, sizeof(buffer), "%c%02d:%02d", text[0], hours, minutes);
    return Value::String(buffer);
  }
  // A named zone of the system's tzdata.
  const bool plain = !text.empty() && text.find("..") == std::string::npos && text[0] != '/' &&
                     std::all_of(text.begin(), text.end(), [](char c) {
                       return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '/' ||
                              c == '_' || c == '-' || c == '+';
                     });
  std::error_code ec;
  if (plain && std::filesystem::is_regular_file("/usr/share/zoneinfo/" + text, ec)) return v;
  return unknown();
}

}  // namespace

const std::vector<VariableDef>& AllVariables() {
  static const std::vector<VariableDef>* defs = new std::vector<VariableDef>(MakeDefinitions());
  return *defs;
}

const VariableDef* FindVariable(std::string_view name) {
  std::string lower = absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
  for (const auto& [alias, target] : kAliases) {
    if (lower == alias) lower = std::string(target);
  }
  const std::vector<VariableDef>& defs = AllVariables();
  auto it = std::lower_bound(defs.begin(), defs.end(), lower,
                             [](const VariableDef& d, const std::string& n) { return d.name < n; });
  if (it == defs.end() || it->name != lower) return nullptr;
  return &*it;
}

Value DefaultValue(const VariableDef& def) {
  if (def.type == VarType::kBool || def.type == VarType::kInt) {
    int64_t v = 0;
    if (!absl::SimpleAtoi(absl::string_view(def.default_text.data(), def.default_text.size()), &v)) {
      v = def.max;  // sql_select_limit's "unlimited"
    }
    return Value::Int(v);
  }
  return Value::String(std::string(def.default_text));
}

std::string_view DefaultCollation(std::string_view charset) {
  const std::string name = Unalias(charset);
  for (const CharsetInfo& c : Charsets()) {
    if (c.name == name) return c.default_collation;
  }
  return "";
}

std::string_view CharsetOfCollation(std::string_view collation) {
  const std::string name = Unalias(collation);
  for (const CollationInfo& c : Collations()) {
    if (c.name == name) return c.charset;
  }
  return "";
}

absl::StatusOr<Value> CanonicalValue(const VariableDef& def, const Value& value) {
  switch (def.type) {
    case VarType::kBool:
      return CanonicalBool(def, value);
    case VarType::kInt: {
      if (value.is_null()) return WrongValue(def, "NULL");
      if (!value.is_int()) return WrongType(def);
      return Value::Int(std::clamp(value.int_value(), def.min, def.max));
    }
    case VarType::kEnum: {
      if (value.is_int() && value.int_value() >= 0 &&
          value.int_value() < static_cast<int64_t>(def.choices.size())) {
        return Value::String(std::string(def.choices[value.int_value()]));
      }
      if (!value.is_string()) return WrongValue(def, value.is_null() ? "NULL" : value.ToString());
      const std::string word = Upper(value.string_value());
      for (std::string_view choice : def.choices) {
        if (choice == word) return Value::String(word);
      }
      return WrongValue(def, value.string_value());
    }
    case VarType::kSqlMode:
      return CanonicalSqlMode(def, value);
    case VarType::kCharset: {
      if (value.is_null() && def.name == "character_set_results") return value;
      if (!value.is_string()) return value.is_null() ? WrongValue(def, "NULL") : WrongType(def);
      const std::string name = Unalias(value.string_value());
      if (DefaultCollation(name).empty()) {
        return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kUnknownCharacterSet,
                        absl::StrCat("Unknown character set: '", value.string_value(), "'"));
      }
      return Value::String(name);
    }
    case VarType::kCollation: {
      if (!value.is_string()) return value.is_null() ? WrongValue(def, "NULL") : WrongType(def);
      const std::string name = Unalias(value.string_value());
      if (CharsetOfCollation(name).empty()) {
        return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kUnknownCollation,
                        absl::StrCat("Unknown collation: '", value.string_value(), "'"));
      }
      return Value::String(name);
    }
    case VarType::kString:
      if (def.name == "time_zone") return CanonicalTimeZone(def, value);
      if (value.is_null()) return WrongValue(def, "NULL");
      return Value::String(value.ToString());
  }
  return WrongType(def);
}

std::string DisplayText(const VariableDef& def, const Value& value) {
  if (def.type == VarType::kBool && value.is_int()) return value.int_value() ? "ON" : "OFF";
  if (def.name == "sql_select_limit" && value.is_int() && value.int_value() == INT64_MAX) {
    return "18446744073709551615";
  }
  return value.is_null() ? "" : value.ToString();
}

absl::Status UnknownVariable(std::string_view name) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kUnknownSystemVariable,
                  absl::StrCat("Unknown system variable '", Sv(name), "'"));
}

absl::Status WrongScope(const VariableDef& def, bool global) {
  if (global) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kLocalVariable,
                    absl::StrCat("Variable '", Sv(def.name),
                                 "' is a SESSION variable and can't be used with SET GLOBAL"));
  }
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kGlobalVariable,
                  absl::StrCat("Variable '", Sv(def.name),
                               "' is a GLOBAL variable and should be set with SET GLOBAL"));
}

absl::Status ReadOnly(const VariableDef& def) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kIncorrectGlobalLocalVar,
                  absl::StrCat("Variable '", Sv(def.name), "' is a read only variable"));
}

GlobalVariables::GlobalVariables() {
  absl::MutexLock lock(&mu_);
  for (const VariableDef& def : AllVariables()) {
    if (def.global) values_[def.name] = DefaultValue(def);
  }
}

Value GlobalVariables::Get(const VariableDef& def) const {
  absl::MutexLock lock(&mu_);
  auto it = values_.find(def.name);
  return it == values_.end() ? DefaultValue(def) : it->second;
}

void GlobalVariables::Set(const VariableDef& def, Value value) {
  absl::MutexLock lock(&mu_);
  values_[def.name] = std::move(value);
}

SessionVariables::SessionVariables(const GlobalVariables& globals)
    : values_(AllVariables().size()) {
  const std::vector<VariableDef>& defs = AllVariables();
  for (size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].session) values_[i] = defs[i].global ? globals.Get(defs[i]) : DefaultValue(defs[i]);
  }
}

size_t SessionVariables::Index(const VariableDef& def) {
  const std::vector<VariableDef>& defs = AllVariables();
  const VariableDef* const begin = defs.data();
  const VariableDef* const end = begin + defs.size();
  const std::less<const VariableDef*> before;
  if (before(&def, begin) || !before(&def, end)) return defs.size();
  return static_cast<size_t>(&def - begin);
}

const Value& SessionVariables::Get(const VariableDef& def) const {
  static const Value* null = new Value();
  const size_t i = Index(def);
  return i < values_.size() ? values_[i] : *null;
}

void SessionVariables::Set(const VariableDef& def, Value value) {
  const size_t i = Index(def);
  if (i < values_.size()) values_[i] = std::move(value);
}

bool SessionVariables::autocommit() const {
  static const VariableDef* def = FindVariable("autocommit");
  const Value& v = Get(*def);
  return !v.is_int() || v.int_value() != 0;
}

}  // namespace ordinal::engine::vars
