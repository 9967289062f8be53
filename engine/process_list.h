// SHOW PROCESSLIST: the sessions of one Database and the statement each one runs, with the
// statement's state (an ALTER TABLE's copy progress, docs/alter-table.md).
//
// Ownership: the Database owns the list (in EngineState); each session owns its Entry,
// which removes itself from the list when destroyed, so the list must outlive every entry.
// Thread safety: thread-safe. An entry is updated by its session's thread and read by any.
#ifndef ORDINAL_ENGINE_PROCESS_LIST_H_
#define ORDINAL_ENGINE_PROCESS_LIST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ordinal::engine {

class ProcessList {
 public:
  // One row of SHOW PROCESSLIST, MySQL's columns.
  struct Row {
    uint64_t id = 0;    // the connection id (CONNECTION_ID())
    std::string user;   // "root"
    std::string host;   // "127.0.0.1:50311" or "" when unknown
    std::string db;     // "" when none is selected
    std::string command;  // "Query" while a statement runs, else "Sleep"
    int64_t time = 0;     // seconds in the current state
    std::string state;    // "executing", "copy to tmp table: 1000 of 5000 rows", ...
    std::optional<std::string> info;  // the running statement's text
  };

  // A session's entry.
  class Entry {
   public:
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;
    ~Entry();

    // `user` as USER() shows it, "name@host".
    void SetConnection(uint64_t id, std::string_view user);
    void StatementStarted(std::string_view text, std::string_view db);
    // The running statement's state, shown until the next call or the statement's end.
    void SetState(std::string_view state);
    void StatementFinished(std::string_view db);

   private:
    friend class ProcessList;
    explicit Entry(ProcessList& list) : list_(list) {}
    Row Snapshot() const;

    ProcessList& list_;
    mutable absl::Mutex mu_;
    Row row_ ABSL_GUARDED_BY(mu_);
    absl::Time since_ ABSL_GUARDED_BY(mu_) = absl::Now();
  };

  ProcessList() = default;
  ProcessList(const ProcessList&) = delete;
  ProcessList& operator=(const ProcessList&) = delete;

  std::unique_ptr<Entry> Register();
  // Every entry's row, by id.
  std::vector<Row> Rows() const;

 private:
  void Remove(Entry* entry);

  mutable absl::Mutex mu_;
  absl::flat_hash_set<Entry*> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_PROCESS_LIST_H_
