// The clone target's on-disk protocol (docs/clone-protocol.md, "Staging and install"):
// where a clone is staged, the marker that says a directory is unfinished, and the renames
// that install a finished copy atomically.
//
//   <data_dir>.clone-staging.new  created first; gets the marker; renamed to the next name
//   <data_dir>.clone-staging      the copy being received; holds CLONE_IN_PROGRESS until the
//                                 copy is complete, verified, synced and prepared
//   <data_dir>                    the installed store
//   <data_dir>.old                the previous store during a re-clone's swap
//
// Invariant: a directory holding the marker is never complete; <data_dir> is complete when
// it exists, is not empty and holds no marker. A staging directory without the marker is
// complete and verified (the marker is only removed after verification, fsync and
// PrepareClonedDirectory), so an interrupted install is finished from it.
//
// The marker's content lists the files already verified, one per line:
//   "<checksum as 16 hex digits> <size> <name>"   after a first line "ordinal-clone v1".
// Thread safety: functions on one data_dir must not run concurrently.
#ifndef ORDINAL_REPLICATION_CLONE_INSTALL_H_
#define ORDINAL_REPLICATION_CLONE_INSTALL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ordinal::replication {

inline constexpr char kCloneMarkerName[] = "CLONE_IN_PROGRESS";

struct ClonePaths {
  explicit ClonePaths(const std::string& data_dir);
  std::string data_dir;     // without a trailing '/'
  std::string staging;      // <data_dir>.clone-staging
  std::string staging_new;  // <data_dir>.clone-staging.new
  std::string old;          // <data_dir>.old
  std::string parent;       // the directory holding all of them
};

// A file of the staging directory that was received and verified.
struct StagedFile {
  std::string name;
  uint64_t size = 0;
  uint64_t checksum = 0;
};

// True when `data_dir` is missing, empty, or holds the marker: the server must clone
// before it opens the store. Call FinishInterruptedInstall first, so that a copy whose
// install was interrupted by a crash is installed rather than cloned again.
bool NeedsClone(const std::string& data_dir);

// Completes or undoes what a crash interrupted (the table in docs/clone-protocol.md):
// removes a leftover staging.new; installs a complete staging directory (no marker);
// restores <data_dir>.old when <data_dir> is missing; removes <data_dir>.old once
// <data_dir> is complete. Leaves an unfinished staging directory (with the marker) for the
// next clone to resume. OK when there was nothing to do.
absl::Status FinishInterruptedInstall(const std::string& data_dir);

// Makes an empty staging directory holding only the marker (durably), replacing any
// earlier one.
absl::Status CreateStaging(const ClonePaths& paths);

// Whether the staging directory exists and holds the marker.
bool StagingInProgress(const ClonePaths& paths);

// The files listed in the staging marker (FAILED_PRECONDITION when there is no marker).
absl::StatusOr<std::vector<StagedFile>> ReadStagedFiles(const ClonePaths& paths);

// Rewrites the marker to list exactly `files` (atomically: temp file, fsync, rename).
absl::Status WriteStagedFiles(const ClonePaths& paths, const std::vector<StagedFile>& files);

// Appends one verified file to the marker and fsyncs it.
absl::Status AppendStagedFile(const ClonePaths& paths, const StagedFile& file);
// Appends several verified files to the marker with one write and one fsync.
absl::Status AppendStagedFiles(const ClonePaths& paths, const std::vector<StagedFile>& files);

// Removes the marker and fsyncs the staging directory: the copy is now complete.
absl::Status CompleteStaging(const ClonePaths& paths);

// Installs the complete staging directory as <data_dir>: a non-empty <data_dir> is first
// renamed to <data_dir>.old, then staging is renamed to <data_dir>, the parent is synced,
// and only then <data_dir>.old is deleted.
absl::Status InstallStaging(const ClonePaths& paths);

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_INSTALL_H_
