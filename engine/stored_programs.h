// Statements on stored programs (triggers, procedures, functions, events), which OrdinalDB
// does not have: CREATE of one fails to parse with 1235 (engine/sql), and DROP and CALL find
// none, answering as MySQL does when the program does not exist.
//
// Thread safety: the function is thread-safe.
#ifndef ORDINAL_ENGINE_STORED_PROGRAMS_H_
#define ORDINAL_ENGINE_STORED_PROGRAMS_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "engine/database.h"
#include "engine/functions/session_context.h"
#include "engine/sql/ast.h"

namespace ordinal::engine {

// DROP ... IF EXISTS: an empty result and a note in `context` (1360 for a trigger, 1305
// otherwise). DROP without IF EXISTS: 1360 "Trigger does not exist", 1305 "PROCEDURE
// db.name does not exist" (FUNCTION alike), 1539 "Unknown event 'name'". CALL: 1305. A name
// without a database needs `current_database`, else 1046.
absl::StatusOr<ResultSet> RunStoredProgramStatement(const sql::StoredProgramStatement& statement,
                                                    std::string_view current_database,
                                                    functions::SessionContext& context);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_STORED_PROGRAMS_H_
