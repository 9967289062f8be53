#include "engine/exec/join_key.h"

#include <utility>

#include "engine/exec/eval_internal.h"

namespace ordinal::engine::exec {

absl::StatusOr<bool> JoinKeys::Make(const std::vector<sql::ExprPtr>& keys,
                                    const std::vector<Value>& row, std::string* key) {
  key->clear();
  for (const sql::ExprPtr& expr : keys) {
    internal::Operand v;  // refers to the row's value when the key is a column
    if (absl::Status s = internal::Eval(*expr, row, &v); !s.ok()) return s;
    if (!Append(v.get(), key)) return false;
  }
  return true;
}

bool JoinKeys::Append(const Value& v, std::string* key) {
  if (v.is_null()) return false;
  if (v.is_string()) {
    const uint16_t id = v.collation_id() != 0 ? v.collation_id() : ConnectionCollationId();
    const Collation* collation = FindCollationById(id);
    // The part is 's', the weights' length (8 bytes) and the weights.
    const size_t at = key->size();
    key->push_back('s');
    key->append(sizeof(uint64_t), '\0');
    if (collation != nullptr) {
      AppendWeights(*collation, v.string_value(), key);
    } else {
      key->append(v.string_value());
    }
    const uint64_t size = key->size() - at - 1 - sizeof(uint64_t);
    key->replace(at + 1, sizeof(size), reinterpret_cast<const char*>(&size), sizeof(size));
    return true;
  }
  // Numbers equal in SQL have one double (BIGINT UNSIGNED and DECIMAL values too); numbers
  // that only round to one double share a key and are told apart by the join's condition,
  // which is tested on every match.
  double d = v.is_int() ? static_cast<double>(v.int_value()) : v.ToDouble();
  if (d == 0) d = 0;  // -0.0 and 0.0 are equal
  key->push_back('n');
  key->append(reinterpret_cast<const char*>(&d), sizeof(d));
  return true;
}

void JoinKeys::AppendWeights(const Collation& collation, std::string_view value,
                             std::string* out) {
  // Binary-ordered collations' weights are the bytes (less trailing spaces): as cheap as a
  // lookup.
  if (collation.is_binary_order() || value.size() > kMaxRememberedBytes) {
    collation.AppendWeights(value, out);
    return;
  }
  Remembered* remembered = nullptr;
  for (Remembered& r : remembered_) {
    if (r.collation_id == collation.id()) remembered = &r;
  }
  if (remembered == nullptr) {
    remembered = &remembered_.emplace_back();
    remembered->collation_id = collation.id();
  }
  auto it = remembered->weights.find(absl::string_view(value.data(), value.size()));
  if (it == remembered->weights.end()) {
    if (remembered->weights.size() >= kMaxRemembered) remembered->weights.clear();
    std::string weights;
    collation.AppendWeights(value, &weights);
    it = remembered->weights.emplace(std::string(value), std::move(weights)).first;
  }
  out->append(it->second);
}

}  // namespace ordinal::engine::exec
