// The JSON document model: construction, object member order, sizes, and the comparator.
#include <algorithm>
#include <cmath>

#include "engine/types/json.h"

namespace ordinal::engine {
namespace {

template <typename T>
int ThreeWay(T x, T y) {
  return (x > y) - (x < y);
}

// MySQL's comparison precedence of JSON types (higher ranks compare greater).
int Rank(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::kNull: return 0;
    case JsonValue::Kind::kInt:
    case JsonValue::Kind::kUInt:
    case JsonValue::Kind::kDouble: return 1;
    case JsonValue::Kind::kString: return 2;
    case JsonValue::Kind::kObject: return 3;
    case JsonValue::Kind::kArray: return 4;
    case JsonValue::Kind::kBool: return 5;
  }
  return 0;
}

// Numbers exactly: integers as 128-bit values, a double against an integer by value.
int CompareNumbers(const JsonValue& a, const JsonValue& b) {
  using Kind = JsonValue::Kind;
  auto wide = [](const JsonValue& v) -> __int128 {
    return v.kind() == Kind::kInt ? __int128{v.int_value()} : __int128{v.uint_value()};
  };
  if (a.kind() != Kind::kDouble && b.kind() != Kind::kDouble) return ThreeWay(wide(a), wide(b));
  if (a.kind() == Kind::kDouble && b.kind() == Kind::kDouble) {
    return ThreeWay(a.double_value(), b.double_value());
  }
  const bool a_double = a.kind() == Kind::kDouble;
  const double d = a_double ? a.double_value() : b.double_value();
  const __int128 i = a_double ? wide(b) : wide(a);
  int c;
  if (d >= 1.8446744073709552e19) {
    c = 1;
  } else if (d < -9.2233720368547758e18) {
    c = -1;
  } else {
    const double t = std::trunc(d);
    const __int128 ti = static_cast<__int128>(t);
    c = ti != i ? ThreeWay(ti, i) : ThreeWay(d, t);
  }
  return a_double ? c : -c;
}

}  // namespace

int CompareJsonKeys(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return (c > 0) - (c < 0);
}

JsonValue JsonValue::Bool(bool b) {
  JsonValue v;
  v.kind_ = Kind::kBool;
  v.b_ = b;
  return v;
}

JsonValue JsonValue::Int(int64_t i) {
  JsonValue v;
  v.kind_ = Kind::kInt;
  v.i_ = i;
  return v;
}

JsonValue JsonValue::UInt(uint64_t u) {
  if (u <= static_cast<uint64_t>(INT64_MAX)) return Int(static_cast<int64_t>(u));
  JsonValue v;
  v.kind_ = Kind::kUInt;
  v.u_ = u;
  return v;
}

JsonValue JsonValue::Double(double d) {
  JsonValue v;
  v.kind_ = Kind::kDouble;
  v.d_ = d;
  return v;
}

JsonValue JsonValue::String(std::string s) {
  JsonValue v;
  v.kind_ = Kind::kString;
  v.s_ = std::move(s);
  return v;
}

JsonValue JsonValue::Array(std::vector<JsonValue> elements) {
  JsonValue v;
  v.kind_ = Kind::kArray;
  v.elements_ = std::move(elements);
  return v;
}

JsonValue JsonValue::Object() {
  JsonValue v;
  v.kind_ = Kind::kObject;
  return v;
}

double JsonValue::number_as_double() const {
  switch (kind_) {
    case Kind::kInt: return static_cast<double>(i_);
    case Kind::kUInt: return static_cast<double>(u_);
    case Kind::kDouble: return d_;
    default: return 0;
  }
}

namespace {

auto LowerBound(std::vector<JsonValue::Member>& members, std::string_view key) {
  return std::lower_bound(members.begin(), members.end(), key,
                          [](const JsonValue::Member& m, std::string_view k) {
                            return CompareJsonKeys(m.first, k) < 0;
                          });
}

}  // namespace

const JsonValue* JsonValue::Find(std::string_view key) const {
  return const_cast<JsonValue*>(this)->Find(key);
}

JsonValue* JsonValue::Find(std::string_view key) {
  auto it = LowerBound(members_, key);
  if (it == members_.end() || it->first != key) return nullptr;
  return &it->second;
}

void JsonValue::Put(std::string key, JsonValue value) {
  auto it = LowerBound(members_, key);
  if (it != members_.end() && it->first == key) {
    it->second = std::move(value);
    return;
  }
  members_.insert(it, Member(std::move(key), std::move(value)));
}

bool JsonValue::Erase(std::string_view key) {
  auto it = LowerBound(members_, key);
  if (it == members_.end() || it->first != key) return false;
  members_.erase(it);
  return true;
}

size_t JsonValue::Length() const {
  if (is_array()) return elements_.size();
  if (is_object()) return members_.size();
  return 1;
}

int JsonValue::Depth() const {
  int deepest = 0;
  if (is_array()) {
    for (const JsonValue& e : elements_) deepest = std::max(deepest, e.Depth());
  } else if (is_object()) {
    for (const Member& m : members_) deepest = std::max(deepest, m.second.Depth());
  }
  return 1 + deepest;
}

std::string_view JsonValue::TypeName() const {
  switch (kind_) {
    case Kind::kNull: return "NULL";
    case Kind::kBool: return "BOOLEAN";
    case Kind::kInt: return "INTEGER";
    case Kind::kUInt: return "UNSIGNED INTEGER";
    case Kind::kDouble: return "DOUBLE";
    case Kind::kString: return "STRING";
    case Kind::kArray: return "ARRAY";
    case Kind::kObject: return "OBJECT";
  }
  return "NULL";
}

bool JsonValue::operator==(const JsonValue& other) const { return CompareJson(*this, other) == 0; }

int CompareJson(const JsonValue& a, const JsonValue& b) {
  const int ra = Rank(a.kind()), rb = Rank(b.kind());
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.kind()) {
    case JsonValue::Kind::kNull: return 0;
    case JsonValue::Kind::kBool: return ThreeWay(a.bool_value(), b.bool_value());
    case JsonValue::Kind::kString: {
      const int c = a.string_value().compare(b.string_value());
      return (c > 0) - (c < 0);
    }
    case JsonValue::Kind::kArray: {
      const auto& x = a.elements();
      const auto& y = b.elements();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = CompareJson(x[i], y[i]); c != 0) return c;
      }
      return ThreeWay(x.size(), y.size());
    }
    case JsonValue::Kind::kObject: {
      const auto& x = a.members();
      const auto& y = b.members();
      if (x.size() != y.size()) return ThreeWay(x.size(), y.size());
      for (size_t i = 0; i < x.size(); ++i) {
        if (int c = CompareJsonKeys(x[i].first, y[i].first); c != 0) return c;
        if (int c = CompareJson(x[i].second, y[i].second); c != 0) return c;
      }
      return 0;
    }
    default: return CompareNumbers(a, b);
  }
}

}  // namespace ordinal::engine
