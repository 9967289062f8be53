#include "engine/exec/check_constraints.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/exec/evaluator.h"
#include "engine/plan/binder.h"
#include "engine/sql/parser.h"

namespace ordinal::engine::exec {

absl::Status CheckViolatedError(const std::string& name) {
  return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kCheckViolated,
                  absl::StrCat("Check constraint '", name, "' is violated."));
}

absl::StatusOr<CheckEnforcer> CheckEnforcer::ForTable(const catalog::TableInfo& table,
                                                      const std::vector<std::string>* only) {
  CheckEnforcer enforcer;
  for (const ordinal::v1::CheckDef& check : table.def.checks()) {
    if (only != nullptr) {
      if (std::find(only->begin(), only->end(), check.name()) == only->end()) continue;
    } else if (!check.enforced()) {
      continue;
    }
    absl::StatusOr<sql::ExprPtr> expr = sql::ParseExpression(check.expression());
    if (!expr.ok()) {
      return absl::InternalError(absl::StrCat("check constraint '", check.name(),
                                              "' does not parse: ", expr.status().message()));
    }
    ORDINAL_RETURN_IF_ERROR(
        plan::BindColumns(**expr, table, table.def.name(), "check constraint expression"));
    enforcer.checks_.push_back(Bound{check.name(), *std::move(expr)});
  }
  std::sort(enforcer.checks_.begin(), enforcer.checks_.end(),
            [](const Bound& a, const Bound& b) {
              return absl::AsciiStrToLower(a.name) < absl::AsciiStrToLower(b.name);
            });
  return enforcer;
}

absl::Status CheckEnforcer::Verify(const std::vector<Value>& row) const {
  for (const Bound& check : checks_) {
    ORDINAL_ASSIGN_OR_RETURN(Value result, Evaluate(*check.expr, row));
    const std::optional<bool> truth = result.ToBool();
    if (truth.has_value() && !*truth) return CheckViolatedError(check.name);
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::exec
