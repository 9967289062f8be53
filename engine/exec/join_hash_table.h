// The hash table of a hash join's build side: the join key of every build row, found by
// key in the order the rows were added.
//
// Keys are byte strings (equal keys, equal bytes; join.cc makes them so). They are kept in
// one arena, each entry holding its key's 64-bit hash, its place in the arena and the next
// entry of its bucket; the buckets are an array of entry numbers sized once, when the last
// key is in (Build). A probe hashes its key once, compares hashes first and key bytes only
// on equal hashes, and never allocates. Entry i is the i-th key added: the caller keeps its
// rows in a vector indexed alike.
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
  uint32_t Next(uint32_t entry) const;

  size_t size() const { return entries_.size(); }
  // Bytes held (entries, keys, buckets), for memory accounting.
  uint64_t bytes() const;
  // Empties the table (for reuse: Add may follow).
  void Clear();

 private:
  struct Entry {
    uint64_t hash;
    uint64_t key_offset;   // in keys_
    uint32_t key_size;
    uint32_t next = kNone;  // the next entry of the same bucket, in the order added
  };

  static uint64_t Hash(std::string_view key);
  std::string_view KeyOf(const Entry& e) const {
    return std::string_view(keys_).substr(e.key_offset, e.key_size);
  }
  // The next entry from `entry` on (itself included) whose key is `key`.
  uint32_t Match(uint32_t entry, uint64_t hash, std::string_view key) const;

  std::vector<Entry> entries_;
  std::string keys_;
  std::vector<uint32_t> buckets_;  // a power of two of them; each the first entry or kNone
  uint64_t mask_ = 0;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_JOIN_HASH_TABLE_H_
