// `ordinal backup`: an online, consistent physical backup of a running ordinald through the
// clone path (docs/clone-protocol.md, docs/operations.md "Backups"). The server makes a
// checkpoint and streams it; the files land in <dir>/data.clone-staging, each verified
// against the checksum the server computed while reading it, fsynced, then the directory is
// renamed to <dir>/data and the manifest is written last, atomically. An interrupted backup
// resumes into the same directory (verified table files are not sent again).
//
// Incremental: with `incremental_from`, the previous backup's table files (.sst, immutable
// and uniquely named) are hard-linked into staging first and offered to the server, which
// sends only the files the previous backup lacks; the manifest marks the linked ones.
//
// Errors: INVALID_ARGUMENT (no address or directory); ALREADY_EXISTS (the directory holds a
// finished backup); FAILED_PRECONDITION (the directory holds something that is not a backup
// in progress; the previous backup belongs to another cluster; the previous backup and the
// new one are on different filesystems); the previous backup's own errors (LoadManifest);
// otherwise the clone's (CloneSink::Run). Nothing outside <dir> is ever written.
//
// Thread safety: one call at a time per directory.
#ifndef ORDINAL_BACKUP_BACKUP_WRITER_H_
#define ORDINAL_BACKUP_BACKUP_WRITER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "ordinal/v1/backup.pb.h"
#include "replication/clone_sink.h"

namespace ordinal::backup {

struct BackupOptions {
  std::string from;  // host:port of any ordinal's gRPC port (a replica, preferably)
  std::string to;    // the backup directory: missing, empty, or an unfinished backup
  std::string incremental_from;  // a previous backup of the same cluster; "" for a full one
  std::string user = "root";
  std::string password;
  // Transport credentials for `from` (backup/transport.h); nullptr means plaintext.
  std::shared_ptr<grpc::ChannelCredentials> channel_credentials;
  int max_attempts = 5;
  // Files received at once (replication::CloneSinkOptions::files_in_flight).
  int files_in_flight = 2;
  // Called often while files arrive (on the calling thread); must be cheap.
  std::function<void(const replication::CloneProgress&)> on_progress;
};

struct BackupResult {
  ordinal::v1::BackupManifest manifest;
  double seconds = 0;
  // From the manifest's arrival until every file was received, verified and synced.
  double transfer_seconds = 0;
  int files_linked = 0;
};

absl::StatusOr<BackupResult> TakeBackup(const BackupOptions& options);

// The manifest of a finished backup of `clone`: its files as verified, sorted by name; a file
// the server skipped because `offered` (the previous backup's) held it is marked linked.
ordinal::v1::BackupManifest BuildManifest(const BackupOptions& options,
                                          const replication::CloneResult& clone,
                                          const std::set<std::string>& offered,
                                          int& files_linked);

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_BACKUP_WRITER_H_
