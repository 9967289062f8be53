// SessionImpl's statements about the session itself: SET (system variables, user variables,
// NAMES, CHARACTER SET), SET TRANSACTION, SHOW VARIABLES|STATUS and SHOW WARNINGS|ERRORS.
// See docs/system-variables.md.
#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"
#include "engine/exec/evaluator.h"
#include "engine/plan/binder.h"
#include "engine/session_impl.h"
#include "engine/show.h"

namespace ordinal::engine {
namespace {

using vars::VariableDef;

const VariableDef& Def(std::string_view name) { return *vars::FindVariable(name); }

// One assignment SET will make once every item of the statement checked out.
struct PendingSet {
  const VariableDef* def = nullptr;  // nullptr: a user variable
  std::string user_name;
  bool global = false;
  Value value;
};

absl::StatusOr<Value> EvaluateConstant(const sql::Expr& expr) {
  ORDINAL_RETURN_IF_ERROR(plan::RejectColumns(expr, "field list"));
  return exec::Evaluate(expr, {});
}

bool HasSubquery(const sql::Expr& expr) {
  switch (expr.kind) {
    case sql::ExprKind::kSubquery:
    case sql::ExprKind::kExists:
    case sql::ExprKind::kInSubquery:
    case sql::ExprKind::kQuantified:
      return true;
    default:
      break;
  }
  for (const sql::ExprPtr& child : expr.children) {
    if (child != nullptr && HasSubquery(*child)) return true;
  }
  return false;
}

// The character set and collation SET NAMES / SET CHARACTER SET name, checked.
absl::Status CheckCharset(std::string_view charset) {
  if (!vars::DefaultCollation(charset).empty()) return absl::OkStatus();
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kUnknownCharacterSet,
                  absl::StrCat("Unknown character set: '", std::string(charset), "'"));
}

ResultSet TextColumns(std::initializer_list<std::string_view> names) {
  ResultSet result;
  result.has_rows = true;
  for (std::string_view name : names) result.columns.push_back({std::string(name), ColumnType::kText});
  return result;
}

}  // namespace

absl::StatusOr<Value> SessionImpl::EvaluateConstant(const sql::Expr& expr) {
  if (HasSubquery(expr)) {
    // A value that reads tables (SET @n = (SELECT COUNT(*) FROM t)) is the value of the
    // query SELECT <expr>, run as one in the session's transaction.
    sql::Select select;
    sql::SelectItem item;
    item.expr = plan::CloneExpr(expr);
    select.items.push_back(std::move(item));
    sql::Statement query;
    query.body = std::move(select);
    ORDINAL_ASSIGN_OR_RETURN(ResultSet result, RunData(query));
    if (result.rows.size() != 1 || result.rows[0].size() != 1) {
      return absl::InternalError("SET's value query returned no single value");
    }
    return result.rows[0][0];
  }
  functions::ScopedSessionContext scope(&context_);
  ScopedTemporalMode temporal(temporal_mode_);
  return ::ordinal::engine::EvaluateConstant(expr);
}

absl::StatusOr<ResultSet> SessionImpl::RunSet(const sql::SetStatement& set) {
  // MySQL checks every item before it changes anything: a failing item changes nothing.
  std::vector<PendingSet> pending;
  auto add = [&](std::string_view name, Value value) {
    pending.push_back({&Def(name), "", false, std::move(value)});
  };
  for (const sql::SetAssignment& item : set.assignments) {
    if (item.kind == sql::SetAssignment::Kind::kNames) {
      const std::string charset = item.charset.empty() ? "utf8mb4" : item.charset;
      ORDINAL_RETURN_IF_ERROR(CheckCharset(charset));
      ORDINAL_ASSIGN_OR_RETURN(Value canonical,
                               vars::CanonicalValue(Def("character_set_client"),
                                                    Value::String(charset)));
      std::string collation(vars::DefaultCollation(charset));
      if (!item.collation.empty()) {
        ORDINAL_ASSIGN_OR_RETURN(Value c, vars::CanonicalValue(Def("collation_connection"),
                                                               Value::String(item.collation)));
        if (vars::CharsetOfCollation(c.string_value()) != canonical.string_value()) {
          return SqlError(absl::StatusCode::kInvalidArgument,
                          MysqlErrno::kCollationCharsetMismatch,
                          absl::StrCat("COLLATION '", item.collation,
                                       "' is not valid for CHARACTER SET '", charset, "'"));
        }
        collation = c.string_value();
      }
      for (std::string_view name :
           {"character_set_client", "character_set_connection", "character_set_results"}) {
        add(name, canonical);
      }
      add("collation_connection", Value::String(collation));
      continue;
    }
    if (item.kind == sql::SetAssignment::Kind::kCharacterSet) {
      const std::string charset = item.charset.empty() ? "utf8mb4" : item.charset;
      ORDINAL_RETURN_IF_ERROR(CheckCharset(charset));
      ORDINAL_ASSIGN_OR_RETURN(Value canonical,
                               vars::CanonicalValue(Def("character_set_client"),
                                                    Value::String(charset)));
      add("character_set_client", canonical);
      add("character_set_results", canonical);
      add("character_set_connection", context_.variables.Get(Def("character_set_database")));
      add("collation_connection", context_.variables.Get(Def("collation_database")));
      continue;
    }
    if (item.target.scope == sql::VariableScope::kUser) {
      ORDINAL_ASSIGN_OR_RETURN(Value v, EvaluateConstant(*item.value));
      pending.push_back({nullptr, item.target.name, false, std::move(v)});
      continue;
    }
    const VariableDef* def = vars::FindVariable(item.target.name);
    if (def == nullptr) return vars::UnknownVariable(item.target.name);
    if (def->read_only) return vars::ReadOnly(*def);
    const bool global = item.target.scope == sql::VariableScope::kGlobal;
    if (global && !def->global) return vars::WrongScope(*def, /*global=*/true);
    if (!global && !def->session) return vars::WrongScope(*def, /*global=*/false);
    Value value;
    if (item.value == nullptr && item.word.empty()) {  // = DEFAULT
      value = global || !def->global ? vars::DefaultValue(*def) : state_.globals.Get(*def);
    } else {
      Value given = Value::String(item.word);
      if (item.value != nullptr) {
        ORDINAL_ASSIGN_OR_RETURN(given, EvaluateConstant(*item.value));
      }
      ORDINAL_ASSIGN_OR_RETURN(value, vars::CanonicalValue(*def, given));
    }
    pending.push_back({def, "", global, std::move(value)});
  }

  for (PendingSet& p : pending) {
    if (p.def == nullptr) {
      context_.user_variables[p.user_name] = std::move(p.value);
      continue;
    }
    if (p.global) {
      state_.globals.Set(*p.def, p.value);
      continue;
    }
    // SET autocommit = 1 commits an open transaction, as MySQL does.
    if (p.def->name == "autocommit" && p.value == Value::Int(1) && !autocommit()) {
      ORDINAL_RETURN_IF_ERROR(CommitOpenTransaction().status());
    }
    context_.variables.Set(*p.def, p.value);
    // A collation and its character set move together, both ways.
    const std::string_view name = p.def->name;
    if (absl::StartsWith(absl::string_view(name.data(), name.size()), "collation_")) {
      const std::string suffix(name.substr(10));
      context_.variables.Set(Def("character_set_" + suffix),
                             Value::String(std::string(vars::CharsetOfCollation(p.value.string_value()))));
    } else if (name == "character_set_connection" || name == "character_set_database" ||
               name == "character_set_server") {
      const std::string suffix(name.substr(14));
      context_.variables.Set(Def("collation_" + suffix),
                             Value::String(std::string(vars::DefaultCollation(p.value.string_value()))));
    }
  }
  return ResultSet{};
}

void SessionImpl::SetDatabaseVariables() {
  std::optional<ordinal::v1::DatabaseDef> def;
  if (!current_database_.empty()) def = state_.catalog.GetDatabase(current_database_);
  Value collation = context_.variables.Get(Def("collation_server"));
  if (def.has_value()) {
    collation = Value::String(catalog::DatabaseDefaultCollation(*def).name());
  }
  context_.variables.Set(Def("character_set_database"),
                         Value::String(std::string(vars::CharsetOfCollation(collation.string_value()))));
  context_.variables.Set(Def("collation_database"), collation);
}

absl::StatusOr<ResultSet> SessionImpl::RunSetTransaction(const sql::SetTransaction& set) {
  // Without a scope the characteristics are for the next transaction only; MySQL refuses
  // that while one is open. OrdinalDB accepts every level and runs snapshot isolation
  // (docs/system-variables.md), so only the values are kept, for @@ and SHOW.
  if (set.scope == sql::VariableScope::kDefault && txn_ != nullptr) {
    return SqlError(absl::StatusCode::kFailedPrecondition,
                    MysqlErrno::kCantChangeTxCharacteristics,
                    "Transaction characteristics can't be changed while a transaction is in "
                    "progress");
  }
  const bool global = set.scope == sql::VariableScope::kGlobal;
  auto apply = [&](const VariableDef& def, Value value) {
    if (global) {
      state_.globals.Set(def, std::move(value));
    } else if (set.scope == sql::VariableScope::kSession) {
      context_.variables.Set(def, std::move(value));
    }
  };
  if (!set.isolation.empty()) apply(Def("transaction_isolation"), Value::String(set.isolation));
  if (set.read_only >= 0) apply(Def("transaction_read_only"), Value::Int(set.read_only));
  return ResultSet{};
}

absl::StatusOr<ResultSet> SessionImpl::ShowVariables(const sql::ShowVariables& show) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (show.status) {
    static const absl::Time started = absl::Now();
    const int64_t uptime = absl::ToInt64Seconds(absl::Now() - started);
    rows = {{"Ordinal_plan_reuses", absl::StrCat(plan_reuses_)},
            {"Questions", absl::StrCat(questions_)},
            {"Ssl_cipher", ""},
            {"Ssl_version", ""},
            {"Threads_connected", "1"},
            {"Uptime", absl::StrCat(uptime)}};
  } else {
    for (const VariableDef& def : vars::AllVariables()) {
      if (show.global && !def.global) continue;
      const Value value = (!show.global && def.session) ? context_.variables.Get(def)
                                                        : state_.globals.Get(def);
      rows.emplace_back(std::string(def.name), vars::DisplayText(def, value));
    }
  }
  ORDINAL_ASSIGN_OR_RETURN(
      show::ShowFilter filter,
      show::ShowFilter::Make(show.like, show.where.get(), {"Variable_name", "Value"}));
  ResultSet result = TextColumns({"Variable_name", "Value"});
  for (auto& [name, value] : rows) {
    std::vector<Value> row = {Value::String(std::move(name)), Value::String(std::move(value))};
    ORDINAL_ASSIGN_OR_RETURN(bool keep, filter.Keep(row));
    if (keep) result.rows.push_back(std::move(row));
  }
  return result;
}

ResultSet SessionImpl::ShowWarnings(const sql::ShowWarnings& show) const {
  using functions::Diagnostic;
  if (show.count_only) {
    int64_t n = 0;
    for (const Diagnostic& d : context_.diagnostics) {
      n += !show.errors || d.level == Diagnostic::Level::kError;
    }
    if (!show.errors) n += static_cast<int64_t>(context_.diagnostics_dropped);
    ResultSet result;
    result.has_rows = true;
    result.columns.push_back(
        {show.errors ? "@@session.error_count" : "@@session.warning_count", ColumnType::kInt});
    result.rows.push_back({Value::Int(n)});
    return result;
  }
  ResultSet result = TextColumns({"Level", "Code", "Message"});
  result.columns[1].type = ColumnType::kInt;
  int64_t skip = show.offset.value_or(0);
  for (const Diagnostic& d : context_.diagnostics) {
    if (show.errors && d.level != Diagnostic::Level::kError) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    if (show.limit && static_cast<int64_t>(result.rows.size()) >= *show.limit) break;
    result.rows.push_back({Value::String(std::string(functions::LevelName(d.level))),
                           Value::Int(d.code), Value::String(d.message)});
  }
  return result;
}

}  // namespace ordinal::engine
