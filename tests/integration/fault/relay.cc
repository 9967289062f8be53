#include "tests/integration/fault/relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "tests/testing/sockets.h"

namespace ordinal::integration {
namespace {

// How often idle threads look at the mode and the stop flag. A test helper: the relay's
// reaction time to a mode change, not a synchronization.
constexpr int kPollMs = 20;

// Moves what `from` has to `to`; false when either side closed or failed.
bool Forward(int from, int to) {
  char buffer[16 << 10];
  const ssize_t n = recv(from, buffer, sizeof(buffer), 0);
  if (n <= 0) return false;
  for (ssize_t sent = 0; sent < n;) {
    const ssize_t w = send(to, buffer + sent, n - sent, MSG_NOSIGNAL);
    if (w <= 0) return false;
    sent += w;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Relay>> Relay::Start(const std::string& listen_host, int port,
                                                    const std::string& target_host,
                                                    int target_port) {
  std::unique_ptr<Relay> relay(new Relay());
  relay->target_host_ = target_host;
  relay->target_port_ = target_port;
  relay->listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (relay->listen_fd_ < 0) return absl::InternalError("socket() failed");
  const int one = 1;
  setsockopt(relay->listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr = ordinal::testing::Ipv4Address(listen_host, port);
  if (bind(relay->listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(relay->listen_fd_, 64) != 0) {
    return absl::UnavailableError(absl::StrCat("relay cannot listen on ", listen_host, ":",
                                               port, ": ", std::strerror(errno)));
  }
  relay->acceptor_ = std::thread([raw = relay.get()] { raw->AcceptLoop(); });
  return relay;
}

Relay::~Relay() {
  stop_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> pumps;
  {
    absl::MutexLock lock(&mu_);
    pumps.swap(pumps_);
  }
  for (std::thread& t : pumps) t.join();
  if (listen_fd_ >= 0) close(listen_fd_);
}

void Relay::SetMode(Mode mode) {
  if (mode == Mode::kDrop) ++drop_generation_;
  mode_ = mode;
}

void Relay::AcceptLoop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, kPollMs) <= 0) continue;
    const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    ++accepted_;
    if (mode_ == Mode::kDrop) {
      close(client);  // refused: the peer sees the connection end at once
      continue;
    }
    const int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in target = ordinal::testing::Ipv4Address(target_host_, target_port_);
    if (server < 0 ||
        connect(server, reinterpret_cast<sockaddr*>(&target), sizeof(target)) != 0) {
      if (server >= 0) close(server);
      close(client);
      continue;
    }
    absl::MutexLock lock(&mu_);
    pumps_.emplace_back([this, client, server] { Pump(client, server); });
  }
}

void Relay::Pump(int client, int server) {
  const int generation = drop_generation_.load();
  while (!stop_ && drop_generation_.load() == generation) {
    if (mode_ == Mode::kBlackhole) {
      // Nothing moves; what the peers send waits in the socket buffers, unread.
      poll(nullptr, 0, kPollMs);
      continue;
    }
    pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    if (poll(p, 2, kPollMs) <= 0) continue;
    if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) && !Forward(client, server)) break;
    if ((p[1].revents & (POLLIN | POLLHUP | POLLERR)) && !Forward(server, client)) break;
  }
  shutdown(client, SHUT_RDWR);
  shutdown(server, SHUT_RDWR);
  close(client);
  close(server);
}

absl::StatusOr<std::unique_ptr<RelaySet>> RelaySet::Start(const std::string& relay_net,
                                                          const std::string& cluster_net,
                                                          int port, int pods) {
  auto set = std::make_unique<RelaySet>();
  set->peer_template_ = absl::StrCat(relay_net, ".{ordinal}:", port);
  for (int ordinal = 0; ordinal < pods; ++ordinal) {
    absl::StatusOr<std::unique_ptr<Relay>> relay =
        Relay::Start(absl::StrCat(relay_net, ".", ordinal), port,
                     absl::StrCat(cluster_net, ".", ordinal), port);
    if (!relay.ok()) return relay.status();
    set->relays_.push_back(*std::move(relay));
  }
  return set;
}

void RelaySet::SetAll(Relay::Mode mode) {
  for (auto& relay : relays_) relay->SetMode(mode);
}

}  // namespace ordinal::integration
