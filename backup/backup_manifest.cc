#include "backup/backup_manifest.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "replication/clone_files.h"

namespace ordinal::backup {
namespace fs = std::filesystem;
namespace v1 = ordinal::v1;
namespace {

absl::Status Invalid(const std::string& where, std::string_view what) {
  return absl::DataLossError(absl::StrCat("backup manifest ", where, " is invalid: ",
                                          absl::string_view(what.data(), what.size())));
}

absl::Status CheckManifest(const std::string& where, const v1::BackupManifest& manifest) {
  if (manifest.format_version() != kFormatVersion) {
    return Invalid(where, absl::StrCat("unknown format_version ", manifest.format_version()));
  }
  if (manifest.cluster_id().empty()) return Invalid(where, "no cluster_id");
  if (manifest.position() == 0) return Invalid(where, "no position");
  std::set<std::string> names;
  uint64_t total = 0;
  for (const v1::BackupFile& file : manifest.files()) {
    if (!replication::IsSafeRelativeName(file.name())) {
      return Invalid(where, absl::StrCat("unsafe file name '", file.name(), "'"));
    }
    if (!names.insert(file.name()).second) {
      return Invalid(where, absl::StrCat("file '", file.name(), "' listed twice"));
    }
    if (!ParseChecksumHex(file.xxh3())) {
      return Invalid(where, absl::StrCat("bad checksum for '", file.name(), "'"));
    }
    total += file.size();
  }
  if (manifest.files().empty()) return Invalid(where, "no files");
  if (total != manifest.total_bytes()) {
    return Invalid(where, absl::StrCat("total_bytes ", manifest.total_bytes(),
                                     " is not the sum of the file sizes ", total));
  }
  return absl::OkStatus();
}

}  // namespace

std::string ManifestPath(const std::string& dir) { return (fs::path(dir) / kManifestName).string(); }
std::string DataPath(const std::string& dir) { return (fs::path(dir) / kDataDirName).string(); }

std::string ChecksumHex(uint64_t checksum) { return absl::StrFormat("%016x", checksum); }

std::optional<uint64_t> ParseChecksumHex(const std::string& hex) {
  if (hex.size() != 16) return std::nullopt;
  uint64_t value = 0;
  for (char c : hex) {
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return std::nullopt;
    value = value << 4 | static_cast<uint64_t>(digit);
  }
  return value;
}

absl::StatusOr<v1::BackupManifest> LoadManifest(const std::string& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    return absl::NotFoundError(absl::StrCat("no backup directory ", dir));
  }
  const std::string path = ManifestPath(dir);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        "no ", kManifestName, " in ", dir, ": not a backup, or one that did not finish"));
  }
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ParseManifest(json, path);
}

absl::StatusOr<v1::BackupManifest> ParseManifest(const std::string& json,
                                                 const std::string& where) {
  v1::BackupManifest manifest;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(json, &manifest, options);
  if (!parsed.ok()) return Invalid(where, std::string(parsed.message()));
  ORDINAL_RETURN_IF_ERROR(CheckManifest(where, manifest));
  return manifest;
}

absl::StatusOr<std::string> ManifestJson(const v1::BackupManifest& manifest) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  const auto printed = google::protobuf::util::MessageToJsonString(manifest, &json, options);
  if (!printed.ok()) return absl::InternalError(std::string(printed.message()));
  return json;
}

absl::Status SaveManifest(const std::string& dir, const v1::BackupManifest& manifest) {
  ORDINAL_ASSIGN_OR_RETURN(const std::string json, ManifestJson(manifest));
  const std::string path = ManifestPath(dir);
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << json;
    if (!out.flush()) return absl::InternalError(absl::StrCat("cannot write ", temp));
  }
  ORDINAL_RETURN_IF_ERROR(replication::FsyncPath(temp));
  std::error_code error;
  fs::rename(temp, path, error);
  if (error) return absl::InternalError(absl::StrCat("rename ", temp, ": ", error.message()));
  return replication::FsyncPath(dir);
}

}  // namespace ordinal::backup
