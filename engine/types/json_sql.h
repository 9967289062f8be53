// Conversions between SQL values and JSON values, as MySQL makes them when a SQL value meets
// JSON (JSON_ARRAY/JSON_OBJECT arguments, the values of JSON_SET, comparison with a JSON
// value), and the SQL value of a JSON result.
#ifndef ORDINAL_ENGINE_TYPES_JSON_SQL_H_
#define ORDINAL_ENGINE_TYPES_JSON_SQL_H_

#include "engine/types/json.h"
#include "engine/types/value.h"

namespace ordinal::engine {

// NULL is JSON null; a JSON value is itself; a string is a JSON string (not parsed); integers
// are integers; doubles and decimals are doubles (MySQL keeps decimals as a DECIMAL scalar:
// docs/json.md).
JsonValue JsonOfSqlValue(const Value& v);

// The SQL value of a JSON result: Value::Json of its canonical text.
Value SqlValueOfJson(const JsonValue& json);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_JSON_SQL_H_
