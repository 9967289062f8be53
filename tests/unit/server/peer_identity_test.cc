// Which host names an ordinal, and which certificate names match it (server/peer_identity.h).
#include "server/peer_identity.h"

#include <gtest/gtest.h>

namespace ordinal::server {
namespace {

TEST(PeerIdentityTest, HostComesFromThePeerTemplate) {
  EXPECT_EQ(PeerHost("ordinal-{ordinal}.ordinal:7306", 2), "ordinal-2.ordinal");
  EXPECT_EQ(PeerHost("127.0.1.{ordinal}:7306", 3), "127.0.1.3");
  EXPECT_EQ(PeerHost("[fd00::{ordinal}]:7306", 1), "fd00::1");
}

TEST(PeerIdentityTest, ExactNameOrALongerDnsNameUnderItMatches) {
  EXPECT_TRUE(NamesHost({"ordinal-2.ordinal"}, "ordinal-2.ordinal"));
  EXPECT_TRUE(NamesHost({"x", "ORDINAL-2.ordinal.db.svc.cluster.local"}, "ordinal-2.ordinal"));
  EXPECT_TRUE(NamesHost({"127.0.1.2"}, "127.0.1.2"));
}

TEST(PeerIdentityTest, AnotherOrdinalsNameDoesNotMatch) {
  EXPECT_FALSE(NamesHost({"ordinal-12.ordinal"}, "ordinal-1.ordinal"));
  EXPECT_FALSE(NamesHost({"ordinal-1.ordinalx"}, "ordinal-1.ordinal"));
  EXPECT_FALSE(NamesHost({"127.0.1.21"}, "127.0.1.2"));
  EXPECT_FALSE(NamesHost({"ordinal-1.ordinal"}, ""));
  EXPECT_FALSE(NamesHost({}, "ordinal-1.ordinal"));
}

}  // namespace
}  // namespace ordinal::server
