// Plain TCP probes of a server's ports, for tests that watch a port across a state change.
#ifndef ORDINAL_TESTS_TESTING_SOCKETS_H_
#define ORDINAL_TESTS_TESTING_SOCKETS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

struct sockaddr_in;

namespace ordinal::testing {

// The IPv4 socket address of host (dotted quad) and port.
sockaddr_in Ipv4Address(const std::string& host, int port);

// Opens and closes (with a reset) one TCP connection to host:port (an IPv4 address). OK
// when it was accepted; UNAVAILABLE when it was refused (nothing listens); INTERNAL naming
// the errno for any other failure (e.g. a timeout).
absl::Status TcpConnect(const std::string& host, int port,
                        absl::Duration timeout = absl::Seconds(2));

// GET http://host:port/metrics: the whole response ("" when the connection fails).
std::string ScrapeMetrics(const std::string& host, int port);

// The value of the sample `series` (a metric name with its labels, exactly as exposed,
// e.g. `ordinal_statements_total{kind="select"}`) in a scrape; -1 when absent.
double MetricValue(const std::string& scrape, const std::string& series);

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_TESTING_SOCKETS_H_
