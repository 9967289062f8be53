#include "engine/exec/sort_prefix.h"

#include <algorithm>
#include <utility>

#include "engine/types/collation.h"
#include "engine/types/collation_derivation.h"

namespace ordinal::engine::exec {
namespace {

constexpr uint32_t kIntegerPrefix = 1;
// String prefixes: this plus the collation id (strings of one collation compare under it).
constexpr uint32_t kStringPrefix = 0x10000;

}  // namespace

SortPrefix SortPrefixOf(const Value& v) {
  if (v.is_int()) {
    // Flipping the sign bit maps int64 order onto uint64 order.
    return {kIntegerPrefix, static_cast<uint64_t>(v.int_value()) ^ (uint64_t{1} << 63)};
  }
  if (!v.is_string() || v.is_json()) return {};
  const uint16_t id = DerivedCollationOf(v).id;
  const Collation* collation = FindCollationById(id);
  SortPrefix prefix;
  if (collation == nullptr || !collation->OrderPrefix(v.string_value(), &prefix.bits)) return {};
  prefix.kind = kStringPrefix + id;
  return prefix;
}

void StableSortRows(std::vector<SortRow>& rows, const ExternalSorter::Less& less,
                    const FirstSortKey& first) {
  if (rows.size() < 2) return;
  if (first.of == nullptr || rows.size() > UINT32_MAX) {
    std::stable_sort(rows.begin(), rows.end(), less);
    return;
  }
  struct Entry {
    uint64_t bits;
    uint32_t kind;
    uint32_t index;
  };
  std::vector<Entry> entries;
  entries.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const SortPrefix prefix = SortPrefixOf(first.of(rows[i]));
    entries.push_back({prefix.bits, prefix.kind, static_cast<uint32_t>(i)});
  }
  const bool descending = first.descending;
  std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    if (a.kind == b.kind && a.kind != 0 && a.bits != b.bits) {
      return descending ? a.bits > b.bits : a.bits < b.bits;
    }
    return less(rows[a.index], rows[b.index]);
  });
  std::vector<SortRow> sorted;
  sorted.reserve(rows.size());
  for (const Entry& e : entries) sorted.push_back(std::move(rows[e.index]));
  rows.swap(sorted);
}

}  // namespace ordinal::engine::exec
