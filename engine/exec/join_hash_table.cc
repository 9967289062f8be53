#include "engine/exec/join_hash_table.h"

#include "absl/hash/hash.h"

namespace ordinal::engine::exec {

uint64_t JoinHashTable::Hash(std::string_view key) {
  return absl::Hash<std::string_view>{}(key);
}

void JoinHashTable::Add(std::string_view key) {
  entries_.push_back(Entry{Hash(key), keys_.size(),
                           static_cast<uint32_t>(key.size())});
  keys_.append(key);
}

void JoinHashTable::Build() {
  // At most one entry per bucket on average: chains stay short and the array small
  // (4 bytes a bucket).
  size_t buckets = 1;
  while (buckets < entries_.size()) buckets <<= 1;
  buckets_.assign(buckets, kNone);
  mask_ = buckets - 1;
  // Linked from the last entry to the first, so that each chain runs in the order added.
  for (size_t i = entries_.size(); i-- > 0;) {
    uint32_t& head = buckets_[entries_[i].hash & mask_];
    entries_[i].next = head;
    head = static_cast<uint32_t>(i);
  }
}

uint32_t JoinHashTable::Match(uint32_t entry, uint64_t hash, std::string_view key) const {
  while (entry != kNone) {
    const Entry& e = entries_[entry];
    if (e.hash == hash && KeyOf(e) == key) return entry;
    entry = e.next;
  }
  return kNone;
}

uint32_t JoinHashTable::Find(std::string_view key) const {
  if (buckets_.empty()) return kNone;
  const uint64_t hash = Hash(key);
  return Match(buckets_[hash & mask_], hash, key);
}

uint32_t JoinHashTable::Next(uint32_t entry) const {
  const Entry& e = entries_[entry];
  return Match(e.next, e.hash, KeyOf(e));
}

uint64_t JoinHashTable::bytes() const {
  return entries_.capacity() * sizeof(Entry) + keys_.capacity() +
         buckets_.capacity() * sizeof(uint32_t);
}

void JoinHashTable::Clear() {
  entries_ = {};
  keys_ = {};
  buckets_ = {};
  mask_ = 0;
}

}  // namespace ordinal::engine::exec
