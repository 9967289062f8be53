// A backup directory's layout and its manifest (proto/ordinal/v1/backup.proto;
// docs/operations.md, "Backups"):
//
//   <dir>/data/                   the store's files, exactly as the server's checkpoint held them
//   <dir>/data.clone-staging/     while the backup runs (a clone's staging directory)
//   <dir>/backup-manifest.json    written last, atomically: its presence means "finished"
//
// Thread safety: stateless functions.
#ifndef ORDINAL_BACKUP_BACKUP_MANIFEST_H_
#define ORDINAL_BACKUP_BACKUP_MANIFEST_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "ordinal/v1/backup.pb.h"

namespace ordinal::backup {

inline constexpr char kManifestName[] = "backup-manifest.json";
inline constexpr char kDataDirName[] = "data";
inline constexpr uint32_t kFormatVersion = 1;

std::string ManifestPath(const std::string& dir);
std::string DataPath(const std::string& dir);

// Reads and checks <dir>/backup-manifest.json. NOT_FOUND when `dir` or the manifest is
// missing (not a backup, or one that never finished); DATA_LOSS when the manifest is not
// valid JSON of BackupManifest, or breaks its rules (unknown format version, empty cluster
// id, zero position, unsafe or repeated file name, a checksum that is not 16 hex digits,
// sizes that do not add up).
absl::StatusOr<ordinal::v1::BackupManifest> LoadManifest(const std::string& dir);

// Writes the manifest atomically and durably (temp file, fsync, rename, fsync of `dir`).
absl::Status SaveManifest(const std::string& dir, const ordinal::v1::BackupManifest& manifest);

// The manifest as saved (protobuf's JSON mapping, field names as in the .proto), and back
// with LoadManifest's checks; `where` names the manifest in errors.
absl::StatusOr<std::string> ManifestJson(const ordinal::v1::BackupManifest& manifest);
absl::StatusOr<ordinal::v1::BackupManifest> ParseManifest(const std::string& json,
                                                          const std::string& where);

// 16 lowercase hex digits, and back (nullopt when `hex` is not that).
std::string ChecksumHex(uint64_t checksum);
std::optional<uint64_t> ParseChecksumHex(const std::string& hex);

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_BACKUP_MANIFEST_H_
