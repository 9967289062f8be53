// Admits RPCs while the server runs and lets shutdown drain them: once closed, new calls
// fail at once with UNAVAILABLE (retryable: the client goes elsewhere or retries), and
// CloseAndDrain waits until the calls already admitted have finished.
//
// gRPC's own Shutdown(deadline) waits for idle client connections as well as for calls,
// so a server with connected but idle clients would always wait out the whole deadline;
// draining our calls first lets shutdown end as soon as the real work is done.
//
// Thread safety: thread-safe.
#ifndef ORDINAL_SERVER_CALL_GATE_H_
#define ORDINAL_SERVER_CALL_GATE_H_

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ordinal::server {

class CallGate {
 public:
  // Proof of admission; leaving the scope ends the call.
  class Pass {
   public:
    Pass(Pass&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Pass& operator=(Pass&&) = delete;
    ~Pass() {
      if (gate_ != nullptr) gate_->Leave();
    }

   private:
    friend class CallGate;
    explicit Pass(CallGate* gate) : gate_(gate) {}
    CallGate* gate_;
  };

  // A pass, or UNAVAILABLE when the server is shutting down.
  absl::StatusOr<Pass> Enter();

  // Refuses new calls and waits up to `timeout` for admitted ones; true when none is left.
  bool CloseAndDrain(absl::Duration timeout);

 private:
  void Leave();

  absl::Mutex mu_;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_CALL_GATE_H_
