// Logins against stored accounts and the configured stand-ins (server/auth.h), and the MySQL
// plugins' checks from stored hashes (server/mysql/authenticate.h).
#include "server/auth.h"

#include <memory>
#include <string>

#include "common/sql_error.h"
#include "engine/auth/account_statements.h"
#include "engine/auth/password_hash.h"
#include "gtest/gtest.h"
#include "server/mysql/authenticate.h"
#include "server/mysql/scramble.h"

namespace ordinal::server {
namespace {

namespace auth = engine::auth;

Authenticator WithReplication() {
  Authenticator::Options options;
  options.root_password = "root-pw";
  options.replication_user = "repl";
  options.replication_password = "repl-pw";
  return Authenticator(std::move(options));
}

void UseAccounts(Authenticator& a, std::vector<ordinal::v1::AccountDef> accounts) {
  auto set = std::make_shared<const auth::AccountSet>(std::move(accounts));
  a.SetAccountSource([set] { return set; });
}

TEST(AuthTest, WithoutAccountsTheConfiguredIdentitiesStandIn) {
  Authenticator a = WithReplication();
  UseAccounts(a, {});
  absl::StatusOr<auth::Principal> root = a.Login("root", "root-pw", "10.0.0.1");
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(*root->fixed_privileges & auth::kCreateUser, auth::kCreateUser);
  absl::StatusOr<auth::Principal> repl = a.Login("repl", "repl-pw", "10.0.0.1");
  ASSERT_TRUE(repl.ok()) << repl.status();
  EXPECT_EQ(*repl->fixed_privileges, auth::kReplicationSlave);
  absl::Status wrong = a.Login("root", "nope", "10.0.0.1").status();
  EXPECT_EQ(GetMysqlErrno(wrong), MysqlErrno::kAccessDenied);
  EXPECT_EQ(wrong.message(), "Access denied for user 'root'@'10.0.0.1' (using password: YES)");
  EXPECT_EQ(a.Login("app", "", "10.0.0.1").status().message(),
            "Access denied for user 'app'@'10.0.0.1' (using password: NO)");
}

TEST(AuthTest, StoredAccountsAreCheckedAgainstTheirHashes) {
  Authenticator a = WithReplication();
  ordinal::v1::AccountDef app = auth::BootstrapAccount("app", "app-pw", auth::kSelect);
  app.set_host("10.0.%");
  UseAccounts(a, {auth::BootstrapAccount("root", "root-pw", auth::kSuper), app});
  absl::StatusOr<auth::Principal> p = a.Login("app", "app-pw", "10.0.3.3");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->account_host, "10.0.%");
  EXPECT_FALSE(p->fixed_privileges.has_value());
  EXPECT_TRUE(a.Login("app", "app-pw", "10.0.3.3").ok());  // remembered
  EXPECT_FALSE(a.Login("app", "app-pw", "192.168.0.1").ok());  // no account for that host
  EXPECT_FALSE(a.Login("app", "wrong", "10.0.3.3").ok());
  // The replication user is no stand-in once accounts exist.
  EXPECT_FALSE(a.Login("repl", "repl-pw", "10.0.3.3").ok());
}

TEST(AuthTest, ALockedAccountIsRefused) {
  Authenticator a = WithReplication();
  ordinal::v1::AccountDef locked = auth::BootstrapAccount("l", "pw", 0);
  locked.set_locked(true);
  UseAccounts(a, {locked});
  EXPECT_EQ(GetMysqlErrno(a.Login("l", "pw", "h").status()), MysqlErrno::kAccountLocked);
}

TEST(AuthTest, InsecureModeAcceptsEveryoneAsTheSuperuser) {
  Authenticator a = Authenticator::AllowAll();
  absl::StatusOr<auth::Principal> p = a.Login("anyone", "anything", "10.0.0.1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->user, "anyone");
  EXPECT_TRUE(a.Bootstrap().when_no_accounts.empty());
}

TEST(AuthTest, BootstrapCreatesRootAndTheReplicationUser) {
  engine::AccountBootstrap b = WithReplication().Bootstrap();
  ASSERT_EQ(b.when_no_accounts.size(), 1u);
  EXPECT_EQ(b.when_no_accounts[0].user(), "root");
  EXPECT_TRUE(auth::VerifyPassword(b.when_no_accounts[0].plugin(),
                                   b.when_no_accounts[0].authentication_string(), "root-pw"));
  ASSERT_EQ(b.when_missing.size(), 1u);
  EXPECT_EQ(b.when_missing[0].grants(0).privileges(), auth::kReplicationSlave);
  EXPECT_EQ(WithReplication().peer_credentials().user, "repl");
  EXPECT_EQ(Authenticator::WithPassword("x").peer_credentials().user, "root");
}

TEST(AuthTest, AReplicationUserNeedsAPassword) {
  EXPECT_FALSE(Authenticator::FromSources(std::string("r"), "", false, "repl").ok());
  EXPECT_TRUE(
      Authenticator::FromSources(std::string("r"), "", false, "repl", std::string("p")).ok());
}

TEST(AuthTest, PeerHostStripsThePort) {
  EXPECT_EQ(PeerHost("ipv4:127.0.0.1:5000"), "127.0.0.1");
  EXPECT_EQ(PeerHost("ipv6:[::1]:5000"), "::1");
  EXPECT_EQ(PeerHost("unix:/tmp/x"), "localhost");
}

TEST(MysqlPluginTest, NativeScrambleIsCheckedFromTheStoredHash) {
  LoginCandidate c;
  c.found = true;
  c.native_hash = auth::NativePasswordHash("pw");
  const std::string scramble = mysql::NewScramble();
  EXPECT_TRUE(mysql::VerifyNative(c, scramble, mysql::NativePasswordResponse("pw", scramble)));
  EXPECT_FALSE(mysql::VerifyNative(c, scramble, mysql::NativePasswordResponse("px", scramble)));
  EXPECT_FALSE(mysql::VerifyNative(c, scramble, ""));
}

TEST(MysqlPluginTest, CachingSha2FastPathIsCheckedFromTheCachedDigest) {
  const std::string scramble = mysql::NewScramble();
  const std::string digest = mysql::Sha2CacheKey("pw");
  EXPECT_TRUE(mysql::VerifyFastSha2(digest, scramble, mysql::CachingSha2Response("pw", scramble)));
  EXPECT_FALSE(
      mysql::VerifyFastSha2(digest, scramble, mysql::CachingSha2Response("pX", scramble)));
}

}  // namespace
}  // namespace ordinal::server
