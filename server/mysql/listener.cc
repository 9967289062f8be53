#include "server/mysql/listener.h"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/ip/address.hpp>
#include <asio/write.hpp>

#include "absl/strings/str_cat.h"
#include "server/mysql/event_loops.h"
#include "server/mysql/framing.h"
#include "server/mysql/packets.h"
#include "spdlog/spdlog.h"

namespace ordinal::server::mysql {
Listener::Listener(const Options& options, Frontend& frontend, const Authenticator& auth,
                   std::shared_ptr<FrontendCounters> counters)
    : options_(options),
      counters_(std::move(counters)),
      loops_(MakeEventLoops(options.io_threads)),
      acceptor_(*loops_.front()),
      blocking_(options.max_blocking_threads),
      parked_(options.max_parked_threads),
      context_{frontend,       auth,          blocking_, parked_, options.limits,
               options.server_version, *counters_, options.tls.get(),
               options.require_secure_transport, &sha2_cache_} {
  if (options.limits.inline_budget > absl::ZeroDuration()) {
    inline_budget_ = std::make_unique<InlineBudget>(options.limits.inline_budget);
    context_.inline_budget = inline_budget_.get();
  }
}

absl::StatusOr<std::unique_ptr<Listener>> Listener::Start(const Options& options,
                                                          Frontend& frontend,
                                                          const Authenticator& auth,
                                                          std::shared_ptr<FrontendCounters> counters) {
  std::unique_ptr<Listener> listener(
      new Listener(options, frontend, auth, std::move(counters)));
  std::error_code ec;
  asio::ip::tcp::resolver resolver(*listener->loops_.front());
  auto endpoints = resolver.resolve(options.host, std::to_string(options.port),
                                    asio::ip::tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) {
    return absl::UnavailableError(absl::StrCat("cannot resolve MySQL listen address ",
                                               options.host, ": ", ec.message()));
  }
  const asio::ip::tcp::endpoint endpoint = endpoints.begin()->endpoint();
  asio::ip::tcp::acceptor& acceptor = listener->acceptor_;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("cannot listen for MySQL clients on ",
                                               options.host, ":", options.port, ": ",
                                               ec.message()));
  }
  listener->port_ = acceptor.local_endpoint().port();
  listener->AcceptNext();
  for (const std::unique_ptr<asio::io_context>& loop : listener->loops_) {
    listener->keep_running_.push_back(asio::make_work_guard(*loop));
    listener->threads_.emplace_back([raw = loop.get()] { raw->run(); });
  }
  return listener;
}

Listener::~Listener() { Shutdown(absl::ZeroDuration()); }

void Listener::AcceptNext() {
  asio::io_context& loop = *loops_[next_loop_.fetch_add(1) % loops_.size()];
  acceptor_.async_accept(loop,
                         [this](std::error_code ec, asio::ip::tcp::socket socket) {
                           if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
                             return;
                           }
                           if (!ec) Serve(std::move(socket));
                           AcceptNext();
                         });
}

void Listener::Serve(asio::ip::tcp::socket socket) {
  const uint32_t id = next_id_.fetch_add(1);
  std::shared_ptr<Connection> connection;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;  // the socket closes as it goes out of scope
    if (live_.size() < options_.max_connections) {
      connection = std::make_shared<Connection>(std::move(socket), id, context_);
      live_.emplace(id, connection);
    }
  }
  if (connection == nullptr) {
    // Too many connections: the refusal replaces the greeting.
    FrontendCounters::Add(counters_->connections_refused, 1);
    auto refused = std::make_shared<asio::ip::tcp::socket>(std::move(socket));
    auto packet = std::make_shared<std::string>();
    uint8_t seq = 0;
    AppendPacket(*packet, ErrPacket(TooManyConnections()), &seq);
    asio::async_write(*refused, asio::buffer(*packet),
                      [refused, packet](std::error_code, size_t) {
                        std::error_code ignored;
                        refused->close(ignored);
                      });
    return;
  }
  FrontendCounters::Add(counters_->connections_total, 1);
  counters_->connections_open.fetch_add(1, std::memory_order_relaxed);
  asio::co_spawn(
      connection->executor(), connection->Run(),
      [this, id, connection](std::exception_ptr error) {
        if (error) {
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            spdlog::warn("mysql connection {} ended with an exception: {}", id, e.what());
          }
        }
        Forget(id);
      });
}

void Listener::Forget(uint32_t id) {
  counters_->connections_open.fetch_sub(1, std::memory_order_relaxed);
  absl::MutexLock lock(&mu_);
  live_.erase(id);
}

size_t Listener::connections() const {
  absl::MutexLock lock(&mu_);
  return live_.size();
}

void Listener::Shutdown(absl::Duration grace) {
  if (stopped_) return;
  stopped_ = true;
  std::vector<std::shared_ptr<Connection>> open;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    for (auto& [id, weak] : live_) {
      if (std::shared_ptr<Connection> c = weak.lock()) open.push_back(std::move(c));
    }
  }
  asio::post(*loops_.front(), [this] {
    std::error_code ignored;
    acceptor_.close(ignored);
  });
  for (const std::shared_ptr<Connection>& c : open) c->Stop();
  open.clear();
  {
    absl::MutexLock lock(&mu_);
    auto drained = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return live_.empty(); };
    mu_.AwaitWithTimeout(absl::Condition(&drained), grace);
  }
  keep_running_.clear();
  for (const std::unique_ptr<asio::io_context>& loop : loops_) loop->stop();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

}  // namespace ordinal::server::mysql
