// Sorting rows by a cheap number first (ORDER BY and DISTINCT in memory).
//
// A sort compares every pair it meets through CompareForSort: a variant visit, a collation
// lookup and a collation compare. SortPrefixOf reads the first sort key of each row once
// into a 64-bit number whose order agrees with CompareForSort's within one kind of value:
// integers, and strings of one collation that has prefixes (Collation::OrderPrefix). Two
// rows whose prefixes are of one kind and differ are ordered by them; all other pairs
// (equal prefixes, different kinds, values without one) by the full comparison. So the
// order is exactly the full comparison's, and most pairs never reach it.
//
// Thread safety: none needed (plain functions over the caller's rows).
#ifndef ORDINAL_ENGINE_EXEC_SORT_PREFIX_H_
#define ORDINAL_ENGINE_EXEC_SORT_PREFIX_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "engine/exec/external_sort.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

struct SortPrefix {
  // 0: none. Otherwise prefixes of one kind order their values: a smaller `bits` means
  // CompareForSort < 0; equal bits tell nothing.
  uint32_t kind = 0;
  uint64_t bits = 0;
};

SortPrefix SortPrefixOf(const Value& v);

// How StableSortRows finds a row's first sort key, and in which direction it sorts.
struct FirstSortKey {
  std::function<const Value&(const SortRow&)> of;
  bool descending = false;
};

// std::stable_sort(rows, less), where `less` orders rows by their sort keys with the first
// one deciding first (its direction as `first.descending` says), so that the first key's
// prefixes may decide the pairs they tell apart.
void StableSortRows(std::vector<SortRow>& rows, const ExternalSorter::Less& less,
                    const FirstSortKey& first);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_SORT_PREFIX_H_
