// MySQL's canonical JSON text: ", " between elements and members, ": " after keys, members
// in canonical key order, doubles as MySQL prints them.
#include "absl/strings/str_cat.h"
#include "engine/types/json.h"
#include "engine/types/value.h"

namespace ordinal::engine {
namespace {

// A double as MySQL's JSON output shows it: the shortest digits that read back as the same
// double, exponents without '+' (1e20), and ".0" after an integral value (100.0).
std::string DoubleText(double d) {
  std::string text = Value::Double(d).ToString();
  if (text.find_first_of(".eEni") == std::string::npos) text += ".0";
  return text;
}

void AppendQuoted(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void AppendText(const JsonValue& v, std::string* out) {
  switch (v.kind()) {
    case JsonValue::Kind::kNull: out->append("null"); return;
    case JsonValue::Kind::kBool: out->append(v.bool_value() ? "true" : "false"); return;
    case JsonValue::Kind::kInt: absl::StrAppend(out, v.int_value()); return;
    case JsonValue::Kind::kUInt: absl::StrAppend(out, v.uint_value()); return;
    case JsonValue::Kind::kDouble: out->append(DoubleText(v.double_value())); return;
    case JsonValue::Kind::kString: AppendQuoted(v.string_value(), out); return;
    case JsonValue::Kind::kArray: {
      out->push_back('[');
      bool first = true;
      for (const JsonValue& e : v.elements()) {
        if (!first) out->append(", ");
        first = false;
        AppendText(e, out);
      }
      out->push_back(']');
      return;
    }
    case JsonValue::Kind::kObject: {
      out->push_back('{');
      bool first = true;
      for (const JsonValue::Member& m : v.members()) {
        if (!first) out->append(", ");
        first = false;
        AppendQuoted(m.first, out);
        out->append(": ");
        AppendText(m.second, out);
      }
      out->push_back('}');
      return;
    }
  }
}

}  // namespace

std::string JsonToText(const JsonValue& value) {
  std::string out;
  AppendText(value, &out);
  return out;
}

std::string QuoteJsonString(std::string_view s) {
  std::string out;
  AppendQuoted(s, &out);
  return out;
}

}  // namespace ordinal::engine
