// What a front end needs to know about a parsed statement before it runs it.
//
// Thread safety: pure functions.
#ifndef ORDINAL_ENGINE_STATEMENT_TRAITS_H_
#define ORDINAL_ENGINE_STATEMENT_TRAITS_H_

#include "engine/sql/ast.h"

namespace ordinal::engine {

// Whether running `select` may call a function the registry marks `blocking`
// (engine/functions/registry.h: WAIT_FOR_EXECUTED_GTID_SET, SLEEP, ...): anywhere in its
// select list, FROM (derived tables, ON), WHERE, GROUP BY, HAVING, ORDER BY, WITH and
// compound operands, subqueries included.
bool CallsBlockingFunction(const sql::Select& select);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_STATEMENT_TRAITS_H_
