// Checkpoints of a Store, and reading a closed store's directory (a checkpoint, a clone's
// staging copy) without opening it for writing. Part of the storage seam: callers see
// directories, sequence numbers and bytes, never rocksdb:: types.
//
// A checkpoint is an openable copy of a store made by RocksDB (rocksdb::Checkpoint): table
// files are hard links when the checkpoint lies on the store's filesystem, other files
// (MANIFEST, CURRENT, OPTIONS, the live WAL) are copies. It changes nothing in the store.
#ifndef ORDINAL_ENGINE_KV_CHECKPOINT_H_
#define ORDINAL_ENGINE_KV_CHECKPOINT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ordinal::engine::kv {

// What a closed store's directory holds, read through a read-only open.
struct ClosedStoreView {
  // The newest sequence number of the content (after replaying the copied WAL, exactly as
  // a later read-write open will see it).
  uint64_t latest_sequence = 0;
  // The values of the asked keys; nullopt for an absent key.
  std::map<std::string, std::optional<std::string>> values;
};

// Opens the store in `dir` read-only (the directory is not modified), reads `keys` and
// its latest sequence, and closes it. NOT_FOUND-like errors come from RocksDB (the
// directory holds no store); the directory must not be open read-write by anyone.
absl::StatusOr<ClosedStoreView> ReadClosedStore(const std::string& dir,
                                                const std::vector<std::string>& keys);

// A regular file of a directory tree, relative to the tree's root.
struct DirectoryFile {
  std::string name;  // relative path, '/'-separated
  uint64_t size = 0;
};

// Every regular file under `dir`, sorted by name.
absl::StatusOr<std::vector<DirectoryFile>> ListDirectoryFiles(const std::string& dir);

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_CHECKPOINT_H_
