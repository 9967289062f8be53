// The hash table of a hash join's build side: the join key of every build row, found by
// key in the order the rows were added.
//
// Keys are byte strings (equal keys, equal bytes; join.cc makes them so). While rows are
// added, each key goes to one arena and its hash to an entry. Build makes one slot per
// distinct key in an open-addressing table (linear probing, at most half full): the slot
// holds the key's 64-bit hash, its size, the key itself when it is short (join keys of a
// few numbers or a short string usually are) and the first entry under it; the later
// entries of the same key are chained in the order added. A probe hashes its key once and
// most often reads one slot, comparing hash, size and the inline bytes there, without
// touching the arena; the next match is one array read. It never allocates. Entry i is the
// i-th key added: the caller keeps its rows in a vector indexed alike.
//
// Inputs read in key order (both sides of a join on a primary key prefix) probe the keys in
// the order they were added: the key after the last one found is then tried first, a
// comparison of bytes that are in cache, before hashing. Probes that do not follow the
// build order soon stop trying it.
//
// Thread safety: none; one statement's, on one thread.
#ifndef ORDINAL_ENGINE_EXEC_JOIN_HASH_TABLE_H_
#define ORDINAL_ENGINE_EXEC_JOIN_HASH_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ordinal::engine::exec {

class JoinHashTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Adds entry size() under `key`. Only before Build.
  void Add(std::string_view key);
  // Makes the entries findable. Call once, after the last Add.
  void Build();

  // The first entry under `key` (in the order added), or kNone. Only after Build.
  uint32_t Find(std::string_view key) const;
  // The entry after `entry` under the same key, or kNone.
  uint32_t Next(uint32_t entry) const {
    const uint32_t next = next_same_[entry];
    if (next == kNone) hint_ = entry + 1;
    return next;
  }

  size_t size() const { return size_; }
  // Bytes held (entries or slots, keys, chains), for memory accounting.
  uint64_t bytes() const;
  // Empties the table (for reuse: Add may follow).
  void Clear();

 private:
  // Keys up to this many bytes are kept in their slot.
  static constexpr uint32_t kInlineKey = 16;

  struct Entry {  // a key added
    uint64_t hash;
    uint64_t key_offset;  // in keys_
    uint32_t key_size;
  };
  struct Slot {  // one distinct key, after Build
    uint64_t hash = 0;
    uint32_t first = kNone;  // its first entry; kNone: an empty slot
    uint32_t key_size = 0;
    // The key when key_size <= kInlineKey, else its offset in keys_ in the first 8 bytes.
    char key[kInlineKey] = {};
  };

  static uint64_t Hash(std::string_view key);
  bool SlotHolds(const Slot& slot, uint64_t hash, std::string_view key) const;
  // Whether `key` is that of entry hint_, the first of its key (see Find).
  bool HintHolds(std::string_view key) const;

  size_t size_ = 0;
  std::vector<Entry> entries_;
  std::string keys_;
  std::vector<Slot> slots_;          // a power of two of them, after Build
  std::vector<uint32_t> next_same_;  // per entry: the next entry of its key, or kNone
  std::vector<bool> first_;          // per entry: the first of its key
  uint64_t mask_ = 0;
  // The entry after the last key found (its chain read to the end), and how often trying it
  // first was right and wrong.
  mutable uint32_t hint_ = 0;
  mutable uint64_t hint_hits_ = 0;
  mutable uint64_t hint_misses_ = 0;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_JOIN_HASH_TABLE_H_
