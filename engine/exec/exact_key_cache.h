// A hash index of exact keys in front of an ordered map of groups (GROUP BY in select.cc).
//
// The groups are kept in a std::map ordered by CompareForSort, which makes equal what SQL
// makes equal (1 and 1.0; strings equal under their collation). A lookup there costs a
// few tuple comparisons. A key that is identical (Value::operator==: same kind, same
// bytes) to one seen before belongs to the same group, so this cache answers it with one
// hash and one exact comparison. Keys the map merges but that are not identical each get
// an entry of their own; keys holding a DECIMAL or JSON value (whose identical forms may
// differ in representation) are never cached. At most `kMaxKeys` keys are kept, so a
// GROUP BY with many groups does not double its memory; past that, lookups go to the map.
//
// The cached iterators must stay valid while the cache is used (std::map iterators do
// until their element is erased). Internal to engine/exec; one statement's, one thread.
#ifndef ORDINAL_ENGINE_EXEC_EXACT_KEY_CACHE_H_
#define ORDINAL_ENGINE_EXEC_EXACT_KEY_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

template <typename Iterator>
class ExactKeyCache {
 public:
  static constexpr size_t kMaxKeys = 4096;

  // The iterator remembered for a key identical to `key`, if any.
  std::optional<Iterator> Find(const std::vector<Value>& key) const {
    if (keys_.empty()) return std::nullopt;
    auto it = keys_.find(key);
    if (it == keys_.end()) return std::nullopt;
    return it->second;
  }

  // The same for a key given by its values' addresses (the key is not copied).
  std::optional<Iterator> Find(const std::vector<const Value*>& key) const {
    if (keys_.empty()) return std::nullopt;
    auto it = keys_.find(key);
    if (it == keys_.end()) return std::nullopt;
    return it->second;
  }

  // Remembers that `key` belongs to `group` (when there is room and the key is cacheable).
  void Remember(const std::vector<Value>& key, Iterator group) {
    if (keys_.size() >= kMaxKeys || !Cacheable(key)) return;
    keys_.emplace(key, group);
  }

 private:
  static bool Cacheable(const std::vector<Value>& key) {
    for (const Value& v : key) {
      if (v.is_decimal() || v.is_json()) return false;
    }
    return true;
  }

  // Consistent with Value::operator== on cacheable values: -0.0 and 0.0 hash alike. Keys
  // may also be looked up as vectors of the values' addresses.
  struct Hash {
    using is_transparent = void;
    size_t operator()(const std::vector<Value>& key) const {
      size_t h = key.size();
      for (const Value& v : key) h = absl::HashOf(h, One(v));
      return h;
    }
    size_t operator()(const std::vector<const Value*>& key) const {
      size_t h = key.size();
      for (const Value* v : key) h = absl::HashOf(h, One(*v));
      return h;
    }
    static uint64_t One(const Value& v) {
      if (v.is_int()) return absl::HashOf(1, v.int_value());
      if (v.is_uint()) return absl::HashOf(2, v.uint_value());
      if (v.is_double()) {
        const double d = v.double_value() == 0 ? 0.0 : v.double_value();
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof(bits));
        return absl::HashOf(3, bits);
      }
      if (v.is_string()) return absl::HashOf(4, v.string_value());
      return 0;  // NULL
    }
  };

  // Value::operator== on the keys' values, with integers and strings (the usual GROUP BY
  // values) compared without visiting the variant.
  struct Eq {
    using is_transparent = void;
    static bool Same(const Value& a, const Value& b) {
      if (a.is_string() && b.is_string()) {
        return a.string_value() == b.string_value() && a.is_json() == b.is_json();
      }
      if (a.is_int() && b.is_int()) return a.int_value() == b.int_value();
      return a == b;
    }
    bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!Same(a[i], b[i])) return false;
      }
      return true;
    }
    bool operator()(const std::vector<Value>& a, const std::vector<const Value*>& b) const {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!Same(a[i], *b[i])) return false;
      }
      return true;
    }
    bool operator()(const std::vector<const Value*>& a, const std::vector<Value>& b) const {
      return (*this)(b, a);
    }
  };

  absl::flat_hash_map<std::vector<Value>, Iterator, Hash, Eq> keys_;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_EXACT_KEY_CACHE_H_
