// ALTER TABLE end to end (docs/alter-table.md): plans the change, then either rewrites the
// definition in one commit (metadata-only changes), or copies the rows into a shadow table
// in batches while writers keep the shadow current, and switches the catalog to it in one
// commit. Crash-safe: until the switch commits, the stored catalog holds the old table (its
// definition names the shadow, which DropLeftoverShadows removes at the primary's next
// start); from then on, the new one. Every step is an ordinary commit, so replicas apply
// the same states in the same order.
//
// Thread safety: runs on the calling session's thread; takes EngineState::schema_change_mu
// exclusively for the short steps that change the catalog (and for the whole copy when the
// copy numbers rows itself: AlterPlan::offline), shared for each copy batch.
#ifndef ORDINAL_ENGINE_ALTER_ALTER_TABLE_H_
#define ORDINAL_ENGINE_ALTER_ALTER_TABLE_H_

#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/database.h"
#include "engine/engine_state.h"
#include "engine/functions/session_context.h"
#include "engine/interrupt.h"
#include "engine/kv/store.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::alter {

struct AlterContext {
  EngineState& state;
  std::string current_database;
  functions::SessionContext& session;  // receives note 1031 (ENABLE|DISABLE KEYS)
  // Called with the statement's state as SHOW PROCESSLIST shows it ("copy to tmp table:
  // 1200 of 5000 rows"); may be empty.
  std::function<void(std::string_view state)> progress;
  // KILL QUERY of the session: checked between copy batches; the ALTER then ends with its
  // error and the table stays as it was. May be null.
  const StatementInterrupt* interrupt = nullptr;
};

// Rows copied per transaction (at most: a batch that conflicts with writers is retried
// with fewer rows).
inline constexpr size_t kCopyBatchRows = 1000;

// Runs the statement. Errors: those of alter_plan.h; 1146 unknown table; 1050 RENAME TO an
// existing table; 1205 when another ALTER of the table is running; 1062, 1138 and the
// conversion errors when the rows do not fit the new definition (the table is unchanged).
absl::StatusOr<ResultSet> RunAlterTable(const sql::AlterTable& statement, AlterContext& ctx);

// At a primary's start, before sessions run: every table whose definition names a shadow
// (an ALTER that a crash interrupted) gets its definition back without it, in one commit,
// and the shadow's rows are deleted.
absl::Status DropLeftoverShadows(kv::Store& store, catalog::Catalog& catalog);

}  // namespace ordinal::engine::alter

#endif  // ORDINAL_ENGINE_ALTER_ALTER_TABLE_H_
