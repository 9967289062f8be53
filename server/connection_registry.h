// The client connections a server holds, by connection id: what KILL [CONNECTION | QUERY]
// and COM_PROCESS_KILL find. A front end registers each connection once it has a session
// and removes it when the connection ends.
//
// KILL QUERY interrupts the statement the connection runs (it ends with ERROR 1317); KILL
// CONNECTION also interrupts it (ERROR 1927) and asks the front end to close the
// connection. Neither waits for the victim. A caller without SUPER may kill only the
// connections of its own user name (MySQL's rule; CONNECTION_ADMIN does not exist here).
//
// Thread safety: thread-safe. The registry holds no lock while it calls into a connection.
#ifndef ORDINAL_SERVER_CONNECTION_REGISTRY_H_
#define ORDINAL_SERVER_CONNECTION_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "engine/interrupt.h"

namespace ordinal::server {

class ConnectionRegistry {
 public:
  struct Entry {
    // The connection's session's interrupt (engine/interrupt.h).
    std::shared_ptr<engine::StatementInterrupt> interrupt;
    // Closes the connection soon: thread-safe, callable after the connection ended.
    std::function<void()> close;
    // The user name it logged in as (engine::Session::user_name()).
    std::string user;
  };

  // Who asks for a KILL.
  struct Killer {
    std::string user;
    bool holds_super = false;  // may kill any connection
  };

  // Registers connection `id` (ids are unique among live connections).
  void Add(uint32_t id, Entry entry);
  // Forgets `id`; KILL no longer finds it.
  void Remove(uint32_t id);

  // KILL [QUERY] id by `killer`. NOT_FOUND errno 1094 "Unknown thread id: <id>" when no
  // connection has `id`; PERMISSION_DENIED errno 1095 "You are not owner of thread <id>"
  // when the connection is another user's and `killer` does not hold SUPER.
  absl::Status Kill(uint64_t id, bool query_only, const Killer& killer);

  // Interrupts the statement every connection runs with ERROR 1053 (08S01) "Server shutdown
  // in progress" (its waits and sleeps end at once); the connections stay open. Shutdown.
  void InterruptAll();

  // ERROR 1317 (70100) "Query execution was interrupted": a statement KILL QUERY stopped.
  static absl::Status QueryInterrupted();
  // ERROR 1927 (70100) "Connection was killed": a statement KILL CONNECTION stopped.
  static absl::Status ConnectionKilled();
  // ERROR 1053 (08S01) "Server shutdown in progress", reason kShuttingDown.
  static absl::Status ServerShutdown();

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<uint32_t, Entry> connections_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_CONNECTION_REGISTRY_H_
