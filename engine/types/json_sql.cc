#include "engine/types/json_sql.h"

namespace ordinal::engine {

JsonValue JsonOfSqlValue(const Value& v) {
  if (v.is_null()) return JsonValue::Null();
  if (v.is_json()) {
    std::optional<JsonValue> parsed = ParseJsonText(v.string_value());
    if (parsed) return *std::move(parsed);
    return JsonValue::String(v.string_value());
  }
  if (v.is_string()) return JsonValue::String(v.string_value());
  if (v.is_int()) return JsonValue::Int(v.int_value());
  if (v.is_uint()) return JsonValue::UInt(v.uint_value());
  return JsonValue::Double(v.ToDouble());
}

Value SqlValueOfJson(const JsonValue& json) { return Value::Json(JsonToText(json)); }

}  // namespace ordinal::engine
