// Prometheus metrics served on --metrics_port, scraped with a plain HTTP/1.0 request.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/server_fixture.h"

namespace ordinal::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// GET http://127.0.0.1:port/metrics; the whole response ("" when the connection fails).
std::string Scrape(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    const std::string request = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, n);
    }
  }
  close(fd);
  return response;
}

class MetricsTest : public ServerFixture {
 protected:
  ServerOptions Options() override {
    metrics_port_ = ordinal::testing::PickFreePort();
    ServerOptions options;
    options.flags = {absl::StrCat("--metrics_port=", metrics_port_)};
    return options;
  }
  int metrics_port_ = 0;
};

// A MySQL client that reads the greeting and leaves: one connection, bytes sent.
TEST_F(MetricsTest, ScrapeCountsTheMysqlFrontEndsConnectionsAndBytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server_->mysql_port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  char greeting[256];
  EXPECT_GT(read(fd, greeting, sizeof(greeting)), 0);
  close(fd);
  std::string text = Scrape(metrics_port_);
  EXPECT_THAT(text, HasSubstr("ordinal_frontend_connections_total{frontend=\"mysql\"} 1"));
  EXPECT_THAT(text, HasSubstr("ordinal_frontend_connections_refused_total{frontend=\"mysql\"} 0"));
  EXPECT_THAT(text, HasSubstr("ordinal_frontend_sent_bytes_total{frontend=\"mysql\"}"));
  EXPECT_THAT(text, Not(HasSubstr("ordinal_frontend_sent_bytes_total{frontend=\"mysql\"} 0\n")));
}

TEST_F(MetricsTest, ScrapeShowsStatementsAndRocksdbFigures) {
  CreateTable();
  Sql("INSERT INTO d.t VALUES (1, 'a')");
  Try("SELEC oops").IgnoreError();  // counted as an error
  std::string text = Scrape(metrics_port_);
  EXPECT_THAT(text, HasSubstr("200 OK"));
  EXPECT_THAT(text, HasSubstr("ordinal_statements_total{kind=\"insert\"} 1"));
  EXPECT_THAT(text, HasSubstr("ordinal_statement_errors_total{code=\"INVALID_ARGUMENT\"} 1"));
  EXPECT_THAT(text, HasSubstr("ordinal_statement_duration_seconds_bucket"));
  EXPECT_THAT(text, HasSubstr("ordinal_open_sessions"));
  EXPECT_THAT(text, HasSubstr("ordinal_latest_position"));
  EXPECT_THAT(text, HasSubstr("ordinal_rocksdb_estimate_num_keys"));
}

TEST_F(MetricsTest, ScrapeShowsTheStoresBackgroundWork) {
  CreateTable();
  const std::string text = Scrape(metrics_port_);
  for (const char* gauge :
       {"\nordinal_rocksdb_running_flushes ", "\nordinal_rocksdb_running_compactions ",
        "\nordinal_rocksdb_flush_pending ", "\nordinal_rocksdb_compaction_pending "}) {
    EXPECT_THAT(text, HasSubstr(gauge));
  }
}

TEST(MetricsStartTest, MetricsPortInUseFailsAtStart) {
  int port = ordinal::testing::PickFreePort();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  ServerOptions options;
  options.flags = {absl::StrCat("--metrics_port=", port)};
  auto server = ServerProcess::Start(options);
  close(fd);
  ASSERT_FALSE(server.ok());
  EXPECT_THAT(server.status().message(), HasSubstr("cannot serve metrics"));
}

}  // namespace
}  // namespace ordinal::integration
