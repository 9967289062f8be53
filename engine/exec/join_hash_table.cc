#include "engine/exec/join_hash_table.h"

#include <cstring>

#include "absl/hash/hash.h"

namespace ordinal::engine::exec {

uint64_t JoinHashTable::Hash(std::string_view key) {
  return absl::Hash<std::string_view>{}(key);
}

void JoinHashTable::Add(std::string_view key) {
  entries_.push_back(Entry{Hash(key), keys_.size(), static_cast<uint32_t>(key.size())});
  keys_.append(key);
  ++size_;
}

bool JoinHashTable::SlotHolds(const Slot& slot, uint64_t hash, std::string_view key) const {
  if (slot.hash != hash || slot.key_size != key.size()) return false;
  if (key.size() <= kInlineKey) return std::memcmp(slot.key, key.data(), key.size()) == 0;
  uint64_t offset;
  std::memcpy(&offset, slot.key, sizeof(offset));
  return std::memcmp(keys_.data() + offset, key.data(), key.size()) == 0;
}

void JoinHashTable::Build() {
  // At most two thirds full: a probe of a missing key ends at an empty slot after a few
  // steps.
  size_t capacity = 2;
  while (capacity < entries_.size() + entries_.size() / 2) capacity <<= 1;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  next_same_.assign(entries_.size(), kNone);
  first_.assign(entries_.size(), false);
  std::vector<uint32_t> last(capacity, kNone);  // per slot: its key's last entry so far
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    const std::string_view key(keys_.data() + e.key_offset, e.key_size);
    size_t s = e.hash & mask_;
    while (slots_[s].first != kNone && !SlotHolds(slots_[s], e.hash, key)) s = (s + 1) & mask_;
    Slot& slot = slots_[s];
    if (slot.first == kNone) {
      first_[i] = true;
      slot.hash = e.hash;
      slot.first = i;
      slot.key_size = e.key_size;
      if (e.key_size <= kInlineKey) {
        std::memcpy(slot.key, key.data(), key.size());
      } else {
        std::memcpy(slot.key, &e.key_offset, sizeof(e.key_offset));
      }
    } else {
      next_same_[last[s]] = i;
    }
    last[s] = i;
  }
  hint_ = 0;
  hint_hits_ = 0;
  hint_misses_ = 0;
}

bool JoinHashTable::HintHolds(std::string_view key) const {
  if (hint_ >= size_ || !first_[hint_]) return false;
  const Entry& e = entries_[hint_];
  return e.key_size == key.size() && std::memcmp(keys_.data() + e.key_offset, key.data(),
                                                 key.size()) == 0;
}

uint32_t JoinHashTable::Find(std::string_view key) const {
  if (slots_.empty()) return kNone;
  // Probes in build order find their key at the hint; after many wrong tries (probes in
  // another order), only the hash is used.
  if (hint_misses_ < 64 + 4 * hint_hits_) {
    if (HintHolds(key)) {
      ++hint_hits_;
      return hint_;
    }
    ++hint_misses_;
  }
  const uint64_t hash = Hash(key);
  for (size_t s = hash & mask_;; s = (s + 1) & mask_) {
    const Slot& slot = slots_[s];
    if (slot.first == kNone) return kNone;
    if (SlotHolds(slot, hash, key)) return slot.first;
  }
}

uint64_t JoinHashTable::bytes() const {
  return entries_.capacity() * sizeof(Entry) + keys_.capacity() +
         slots_.capacity() * sizeof(Slot) + next_same_.capacity() * sizeof(uint32_t) +
         first_.capacity() / 8;
}

void JoinHashTable::Clear() {
  size_ = 0;
  entries_ = {};
  keys_ = {};
  slots_ = {};
  next_same_ = {};
  first_ = {};
  mask_ = 0;
  hint_ = 0;
}

}  // namespace ordinal::engine::exec
