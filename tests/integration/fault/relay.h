// A TCP relay the fault suite puts between a replica and the pods it reaches, so that a
// test can cut the link without root or firewall rules: the replica's --peer_template
// points at the relay's loopback addresses, and the relay forwards each connection to the
// real pod. Loopback only.
//
// Modes: kPass forwards both ways; kDrop closes every open connection and every new one at
// once (a refused link); kBlackhole keeps connections open but moves no byte either way
// (a partition: the peers find out only through their own timeouts and heartbeats).
//
// Thread safety: SetMode is thread-safe. The destructor closes every connection and joins
// the relay's threads.
#ifndef ORDINAL_TESTS_INTEGRATION_FAULT_RELAY_H_
#define ORDINAL_TESTS_INTEGRATION_FAULT_RELAY_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace ordinal::integration {

class Relay {
 public:
  enum class Mode { kPass, kDrop, kBlackhole };

  // Listens on listen_host:port (a 127.x.y.z address) and forwards to target_host:port.
  static absl::StatusOr<std::unique_ptr<Relay>> Start(const std::string& listen_host, int port,
                                                      const std::string& target_host,
                                                      int target_port);
  ~Relay();

  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void SetMode(Mode mode);
  Mode mode() const { return mode_.load(); }
  // Connections accepted so far.
  int accepted() const { return accepted_.load(); }

 private:
  Relay() = default;
  void AcceptLoop();
  void Pump(int client, int server);

  std::string target_host_;
  int target_port_ = 0;
  int listen_fd_ = -1;
  std::atomic<Mode> mode_{Mode::kPass};
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  // Bumped by every kDrop: pumps of an older generation close their connection.
  std::atomic<int> drop_generation_{0};
  std::thread acceptor_;
  absl::Mutex mu_;
  std::vector<std::thread> pumps_ ABSL_GUARDED_BY(mu_);
};

// Relays for one replica: one per ordinal of the cluster, on 127.0.`net`.{ordinal}:`port`,
// each forwarding to the real pod `cluster_net`.{ordinal}:`port`. The replica runs with
// --peer_template=127.0.`net`.{ordinal}:`port`.
class RelaySet {
 public:
  static absl::StatusOr<std::unique_ptr<RelaySet>> Start(const std::string& relay_net,
                                                         const std::string& cluster_net,
                                                         int port, int pods);
  // The --peer_template that routes through the relays.
  const std::string& peer_template() const { return peer_template_; }
  Relay& to(int ordinal) { return *relays_.at(ordinal); }
  void SetAll(Relay::Mode mode);

 private:
  std::string peer_template_;
  std::vector<std::unique_ptr<Relay>> relays_;
};

}  // namespace ordinal::integration

#endif  // ORDINAL_TESTS_INTEGRATION_FAULT_RELAY_H_
