#include "engine/kv/checkpoint.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/kv/rocksdb_status.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"

namespace ordinal::engine::kv {

absl::StatusOr<ClosedStoreView> ReadClosedStore(const std::string& dir,
                                                const std::vector<std::string>& keys) {
  rocksdb::Options options;
  options.create_if_missing = false;
  options.max_open_files = 64;
  rocksdb::DB* raw = nullptr;
  ORDINAL_RETURN_IF_ERROR(FromRocksStatus(rocksdb::DB::OpenForReadOnly(options, dir, &raw),
                                          absl::StrCat("open ", dir, " read-only")));
  std::unique_ptr<rocksdb::DB> db(raw);
  ClosedStoreView view;
  view.latest_sequence = db->GetLatestSequenceNumber();
  for (const std::string& key : keys) {
    std::string value;
    rocksdb::Status status = db->Get(rocksdb::ReadOptions(), key, &value);
    if (status.IsNotFound()) {
      view.values[key] = std::nullopt;
      continue;
    }
    ORDINAL_RETURN_IF_ERROR(FromRocksStatus(status, absl::StrCat("read ", dir)));
    view.values[key] = std::move(value);
  }
  // Closing a read-only instance writes nothing and cannot lose data.
  db->Close().PermitUncheckedError();
  return view;
}

absl::StatusOr<std::vector<DirectoryFile>> ListDirectoryFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<DirectoryFile> files;
  std::error_code error;
  fs::recursive_directory_iterator it(dir, error), end;
  for (; !error && it != end; it.increment(error)) {
    if (!it->is_regular_file(error) || error) continue;
    const uint64_t size = it->file_size(error);
    if (error) break;
    files.push_back(DirectoryFile{fs::relative(it->path(), dir, error).generic_string(), size});
    if (error) break;
  }
  if (error) return absl::InternalError(absl::StrCat("list ", dir, ": ", error.message()));
  std::sort(files.begin(), files.end(),
            [](const DirectoryFile& a, const DirectoryFile& b) { return a.name < b.name; });
  return files;
}

}  // namespace ordinal::engine::kv
