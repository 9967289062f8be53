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

// Whether `select` may be run a second time from the start, after a first run whose rows
// nobody saw, with nothing of the first run left behind: it takes no locks (FOR UPDATE,
// LOCK IN SHARE MODE), assigns no user variable (@v := ...), sets no LAST_INSERT_ID(expr)
// and calls no blocking function, in the same places CallsBlockingFunction looks.
bool RerunsSafely(const sql::Select& select);

// Whether running `statement` may wait: false only for an INSERT, REPLACE, UPDATE or DELETE
// that calls no blocking function (in its values, assignments, WHERE, ORDER BY, table
// references or INSERT ... SELECT, subqueries included); true for every other statement.
// Such a data change never waits by itself; only the commit that makes it durable does.
bool DataChangeMayBlock(const sql::Statement& statement);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_STATEMENT_TRAITS_H_
