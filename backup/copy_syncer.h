// Makes a restore's copies durable while the next files are still being copied
// (docs/operations.md, "Restore"): each finished copy is handed over with its descriptor and
// a thread of its own fsyncs it. A restore then ends with the fsyncs of its last files only,
// instead of one fsync per file after the whole copy (on this project's VMs the first fsync
// after a gigabyte of O_DIRECT writes waited 0.3 s for the journal and the device's cache,
// and every further one about 4 ms for another cache flush).
//
// Errors: the first failed fsync (INTERNAL, naming the file); Finish returns it.
// Ownership: the descriptors stay the caller's (they must stay open until Finish returns);
// owns its thread, which the destructor joins after the fsyncs already added.
// Thread safety: Add from any thread; Finish from one.
#ifndef ORDINAL_BACKUP_COPY_SYNCER_H_
#define ORDINAL_BACKUP_COPY_SYNCER_H_

#include <deque>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace ordinal::backup {

class CopySyncer {
 public:
  CopySyncer();
  ~CopySyncer();

  CopySyncer(const CopySyncer&) = delete;
  CopySyncer& operator=(const CopySyncer&) = delete;

  // Queues an fsync of `fd`, a complete copy at `path` (named in an error).
  void Add(int fd, std::string path);

  // Waits until every queued fsync is done; the first error, if any. Stops the thread.
  absl::Status Finish();

 private:
  void Run();

  absl::Mutex mu_;
  std::deque<std::pair<int, std::string>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_COPY_SYNCER_H_
