// A least-recently-used map from statement text to something kept for it (a prepared
// statement, a parse), holding at most `capacity` entries: adding to a full map forgets the
// least recently used entry.
//
// Thread safety: one thread at a time.
#ifndef ORDINAL_SERVER_TEXT_KEYED_LRU_H_
#define ORDINAL_SERVER_TEXT_KEYED_LRU_H_

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"

namespace ordinal::server {

template <typename T>
class TextKeyedLru {
 public:
  explicit TextKeyedLru(size_t capacity) : capacity_(capacity) {}

  // What is kept for `text`, which becomes the most recently used; null when nothing is.
  // The pointer stays valid until the entry is forgotten (at the earliest by the next Add).
  T* Find(std::string_view text) {
    auto it = index_.find(text);
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return &entries_.front().value;
  }

  // Keeps `value` for `text`, for which nothing is kept yet.
  T& Add(std::string text, T value) {
    if (index_.size() >= capacity_ && !entries_.empty()) {
      index_.erase(std::string_view(entries_.back().text));
      entries_.pop_back();
    }
    entries_.push_front(Entry{std::move(text), std::move(value)});
    index_.emplace(std::string_view(entries_.front().text), entries_.begin());
    return entries_.front().value;
  }

  size_t size() const { return index_.size(); }

 private:
  struct Entry {
    std::string text;
    T value;
  };
  using Entries = std::list<Entry>;

  const size_t capacity_;
  Entries entries_;  // the most recently used first; list nodes never move
  // By text; each key views the text of its entry.
  absl::flat_hash_map<std::string_view, typename Entries::iterator> index_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_TEXT_KEYED_LRU_H_
