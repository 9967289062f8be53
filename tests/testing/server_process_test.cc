// The harness itself (server_process.h): what every test that starts a server relies on.
#include <set>

#include "gtest/gtest.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

// A server's ports are picked one after another; a port handed out twice makes the
// server's second listening socket fail to bind.
TEST(PickFreePortTest, NoPortIsHandedOutTwice) {
  std::set<int> seen;
  for (int i = 0; i < 2000; ++i) {
    const int port = PickFreePort();
    ASSERT_NE(port, 0);
    EXPECT_TRUE(seen.insert(port).second) << "port " << port << " again after " << i;
  }
}

}  // namespace
}  // namespace ordinal::testing
