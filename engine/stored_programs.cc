#include "engine/stored_programs.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::engine {
absl::StatusOr<ResultSet> RunStoredProgramStatement(const sql::StoredProgramStatement& statement,
                                                    std::string_view current_database,
                                                    functions::SessionContext& context) {
  using sql::StoredProgramAction;
  std::string database = statement.name.database.empty() ? std::string(current_database)
                                                         : statement.name.database;
  if (database.empty()) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kNoDb,
                    "No database selected");
  }
  const std::string& name = statement.name.table;
  MysqlErrno code = MysqlErrno::kFunctionDoesNotExist;
  std::string message;
  switch (statement.action) {
    case StoredProgramAction::kDropTrigger:
      code = MysqlErrno::kTriggerDoesNotExist;
      message = "Trigger does not exist";
      break;
    case StoredProgramAction::kDropProcedure:
    case StoredProgramAction::kCall:
      message = absl::StrCat("PROCEDURE ", database, ".", name, " does not exist");
      break;
    case StoredProgramAction::kDropFunction:
      message = absl::StrCat("FUNCTION ", database, ".", name, " does not exist");
      break;
    case StoredProgramAction::kDropEvent:
      if (statement.if_exists) {
        message = absl::StrCat("Event ", name, " does not exist");
      } else {
        code = MysqlErrno::kEventDoesNotExist;
        message = absl::StrCat("Unknown event '", name, "'");
      }
      break;
  }
  if (statement.if_exists) {
    context.Warn(static_cast<int>(code), std::move(message), functions::Diagnostic::Level::kNote);
    return ResultSet{};
  }
  return SqlError(absl::StatusCode::kNotFound, code, std::move(message));
}

}  // namespace ordinal::engine
