// Names of the window functions the parser accepts and the planner evaluates
// (docs/window-functions.md). Shared by engine/sql and engine/plan; no state.
#ifndef ORDINAL_ENGINE_SQL_WINDOW_FUNCTIONS_H_
#define ORDINAL_ENGINE_SQL_WINDOW_FUNCTIONS_H_

#include <string_view>

namespace ordinal::engine::sql {

// Whether `name` (uppercase) is a function that exists only with OVER: ROW_NUMBER, RANK,
// DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE.
bool IsWindowOnlyFunction(std::string_view name);

// Whether `name` (uppercase) is an aggregate that may also be called with OVER: COUNT, SUM,
// AVG, MIN, MAX.
bool IsWindowableAggregate(std::string_view name);

// Whether the window function `name` reads its window's frame (the aggregates and
// FIRST_VALUE, LAST_VALUE, NTH_VALUE); the others see the whole partition.
bool UsesWindowFrame(std::string_view name);

}  // namespace ordinal::engine::sql

#endif  // ORDINAL_ENGINE_SQL_WINDOW_FUNCTIONS_H_
