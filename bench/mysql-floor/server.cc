#include "bench/mysql-floor/server.h"

#include <algorithm>
#include <system_error>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/ip/address_v4.hpp>
#include <asio/post.hpp>

#include "absl/strings/str_cat.h"
#include "bench/mysql-floor/connection.h"
#include "server/mysql/event_loops.h"

namespace ordinal::bench::mysql_floor {
Server::Server(size_t io_threads)
    : loops_(server::mysql::MakeEventLoops(io_threads)), acceptor_(*loops_.front()) {}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const Options& options) {
  std::unique_ptr<Server> server(new Server(options.io_threads));
  const asio::ip::tcp::endpoint endpoint(asio::ip::address_v4::loopback(),
                                         static_cast<uint16_t>(options.port));
  std::error_code ec;
  server->acceptor_.open(endpoint.protocol(), ec);
  if (!ec) server->acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) server->acceptor_.bind(endpoint, ec);
  if (!ec) server->acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on 127.0.0.1:", options.port, ": ", ec.message()));
  }
  server->port_ = server->acceptor_.local_endpoint().port();
  server->AcceptNext();
  for (const std::unique_ptr<asio::io_context>& loop : server->loops_) {
    server->keep_running_.push_back(asio::make_work_guard(*loop));
    server->threads_.emplace_back([raw = loop.get()] { raw->run(); });
  }
  return server;
}

Server::~Server() { Stop(); }

void Server::AcceptNext() {
  asio::io_context& loop = *loops_[next_loop_.fetch_add(1) % loops_.size()];
  acceptor_.async_accept(loop, [this](std::error_code ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      auto connection = std::make_shared<Connection>(std::move(socket), next_id_++, answers_);
      asio::co_spawn(connection->executor(), connection->Run(),
                     [connection](std::exception_ptr) {});
    }
    AcceptNext();
  });
}

void Server::Stop() {
  if (threads_.empty()) return;
  asio::post(*loops_.front(), [this] {
    std::error_code ignored;
    acceptor_.close(ignored);
  });
  keep_running_.clear();
  for (const std::unique_ptr<asio::io_context>& loop : loops_) loop->stop();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

}  // namespace ordinal::bench::mysql_floor
