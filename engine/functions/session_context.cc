#include "engine/functions/session_context.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::engine::functions {
namespace {

thread_local SessionContext* current_context = nullptr;

absl::Status WrongScopeForRead(const vars::VariableDef& def, bool is_global) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kIncorrectGlobalLocalVar,
                  absl::StrCat("Variable '", std::string(def.name), "' is a ",
                               is_global ? "GLOBAL" : "SESSION", " variable"));
}

}  // namespace

std::string_view LevelName(Diagnostic::Level level) {
  switch (level) {
    case Diagnostic::Level::kNote: return "Note";
    case Diagnostic::Level::kWarning: return "Warning";
    case Diagnostic::Level::kError: return "Error";
  }
  return "Warning";
}

void SessionContext::Warn(int code, std::string message, Diagnostic::Level level) {
  if (diagnostics.size() >= kMaxDiagnostics) {
    ++diagnostics_dropped;
    return;
  }
  diagnostics.push_back({level, code, std::move(message)});
}

uint64_t SessionContext::last_insert_id() const {
  static const vars::VariableDef* def = vars::FindVariable("last_insert_id");
  const Value& v = variables.Get(*def);
  return v.is_int() ? static_cast<uint64_t>(v.int_value()) : 0;
}

void SessionContext::set_last_insert_id(uint64_t id) {
  static const vars::VariableDef* def = vars::FindVariable("last_insert_id");
  variables.Set(*def, Value::Int(static_cast<int64_t>(id)));
}

SessionContext* CurrentSessionContext() { return current_context; }

ScopedSessionContext::ScopedSessionContext(SessionContext* context)
    : previous_(current_context) {
  current_context = context;
}

ScopedSessionContext::~ScopedSessionContext() { current_context = previous_; }

absl::StatusOr<Value> ReadSystemVariable(const sql::VariableRef& ref,
                                         const SessionContext* context) {
  const vars::VariableDef* def = vars::FindVariable(ref.name);
  if (def == nullptr) return vars::UnknownVariable(ref.name);
  bool global = false;
  switch (ref.scope) {
    case sql::VariableScope::kGlobal:
      if (!def->global) return WrongScopeForRead(*def, /*is_global=*/false);
      global = true;
      break;
    case sql::VariableScope::kSession:
      if (!def->session) return WrongScopeForRead(*def, /*is_global=*/true);
      break;
    default:
      global = !def->session;
      break;
  }
  if (context == nullptr) return vars::DefaultValue(*def);
  return global ? context->globals->Get(*def) : context->variables.Get(*def);
}

}  // namespace ordinal::engine::functions
