// The open SQL sessions of a server, by id. An id is 128 random bits in hex, the handle a
// client passes with every ExecuteRequest of its session.
//
// One statement at a time per session: Acquire() returns a Lease holding the session's own
// mutex, so statements of one session run in arrival order while different sessions run in
// parallel (the map lock is held only to look an id up).
//
// The manager outlives the stores it opens sessions in: when the node replaces its store
// (a re-clone), EndAll closes every session of the old one, and a later call with one of
// their ids gets NOT_FOUND saying why the session ended (the client opens a new one).
//
// Sessions that see no statement for `idle_timeout` are closed by a background thread, which
// rolls their open transaction back (like MySQL's wait_timeout). A session busy with a
// statement is never expired. Closing or expiring a session rolls back its transaction.
//
// Thread safety: all methods are thread-safe.
#ifndef ORDINAL_SERVER_SESSION_MANAGER_H_
#define ORDINAL_SERVER_SESSION_MANAGER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/database.h"

namespace ordinal::server {

class SessionManager {
 public:
  struct Options {
    absl::Duration idle_timeout = absl::Hours(8);
    size_t max_sessions = 10000;
  };

  // Starts the expiry thread.
  explicit SessionManager(Options options);
  // Stops the expiry thread and closes every session (rolling back).
  ~SessionManager();

  SessionManager(const SessionManager&) = delete;
  SessionManager& operator=(const SessionManager&) = delete;

  // Opens a session of `db` with `database` selected ("" for none). NOT_FOUND from the
  // engine when the database does not exist; RESOURCE_EXHAUSTED when max_sessions are open.
  // `db` must stay open until EndAll or CloseAll closed the session.
  absl::StatusOr<std::string> Open(engine::SqlEngine& db, std::string_view database);

  // Closes a session, waiting for its running statement, and rolls it back. Unknown ids
  // are ignored.
  void Close(std::string_view id);

  class Entry;

  // Exclusive use of one session; releasing it marks the session as used now.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    engine::Session& session() const;

   private:
    friend class SessionManager;
    explicit Lease(std::shared_ptr<Entry> entry);
    std::shared_ptr<Entry> entry_;
  };

  // Waits until the session is free and returns it. NOT_FOUND when the id is unknown: it was
  // never opened, was closed, expired, or ended with its store (the message says which).
  absl::StatusOr<Lease> Acquire(std::string_view id);

  // Number of open sessions.
  size_t size() const;

  // Closes sessions idle since before `now - idle_timeout`; returns how many. Called by the
  // expiry thread; public for tests.
  size_t ExpireIdle(absl::Time now);

  // Closes every session (rolling back); used at shutdown.
  void CloseAll();

  // Closes every session (rolling back) because their store is being replaced; later
  // Acquires of their ids fail with NOT_FOUND naming `why`. Remembers at most max_sessions
  // such ids (the most recent ending). Also ends every session handed out by Bind.
  void EndAll(const std::string& why);

  // Wraps a session that a front end keeps for a whole connection (the MySQL listener), so
  // that EndAll ends it with its store: afterwards every statement fails with UNAVAILABLE
  // naming why (the client reconnects). The wrapper is thread-safe as an engine::Session
  // is; it may outlive the manager.
  std::unique_ptr<engine::Session> Bind(std::unique_ptr<engine::Session> session);
  class BoundEntry;

 private:
  void ExpiryLoop();
  std::string NewId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<Entry>> sessions_ ABSL_GUARDED_BY(mu_);
  // Sessions handed out by Bind (expired ones are pruned on the next Bind).
  std::vector<std::weak_ptr<BoundEntry>> bound_ ABSL_GUARDED_BY(mu_);
  // Ids of sessions that ended with their store, and why.
  absl::flat_hash_map<std::string, std::string> ended_ ABSL_GUARDED_BY(mu_);
  absl::BitGen bitgen_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread expiry_thread_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_SESSION_MANAGER_H_
