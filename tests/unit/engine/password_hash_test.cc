// The stored password formats (engine/auth/password_hash.h) and host matching
// (engine/auth/accounts.h).
#include "engine/auth/password_hash.h"

#include <string>

#include "engine/auth/accounts.h"
#include "gtest/gtest.h"

namespace ordinal::engine::auth {
namespace {

TEST(PasswordHashTest, NativeHashIsMysqlsDoubleSha1) {
  // MySQL: SELECT PASSWORD('password') (5.x) / authentication_string of a native account.
  EXPECT_EQ(NativePasswordHash("password"), "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
  EXPECT_EQ(NativePasswordHash("root"), "*81F5E21E35407D884A6CD4A731AEBFB6AF209E1B");
  EXPECT_EQ(NativePasswordHash(""), "");
}

TEST(PasswordHashTest, NativeHashBytesDecodeTheHex) {
  std::optional<std::string> bytes = NativeHashBytes(NativePasswordHash("x"));
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(bytes->size(), 20u);
  EXPECT_FALSE(NativeHashBytes("*XYZ").has_value());
  EXPECT_FALSE(NativeHashBytes("").has_value());
}

TEST(PasswordHashTest, Sha256CryptMatchesGlibcsAndOpensslsVectors) {
  // `openssl passwd -5 -salt saltstring 'Hello world!'` (5,000 rounds, the default).
  EXPECT_EQ(Sha256Crypt("Hello world!", "saltstring", 5000),
            "5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5");
  // `openssl passwd -5 -salt abcdefghijklmnop secret`: a 16-byte salt, glibc's longest.
  EXPECT_EQ(Sha256Crypt("secret", "abcdefghijklmnop", 5000),
            "i7zHaTeYqXlesRXJ8dXj6o.MEFQdzfIJpJpcWAtszs6");
}

TEST(PasswordHashTest, CachingSha2HashHasMysqlsLayout) {
  const std::string hash = NewCachingSha2Hash("s3cret");
  ASSERT_EQ(hash.size(), 70u);  // "$A$005$" + 20 salt bytes + 43 crypt characters
  EXPECT_EQ(hash.substr(0, 7), "$A$005$");
  EXPECT_EQ(hash.find('$', 7), std::string::npos);
  EXPECT_EQ(hash.find("s3cret"), std::string::npos);
  EXPECT_EQ(CachingSha2Hash("s3cret", hash.substr(7, 20)), hash);
  EXPECT_NE(NewCachingSha2Hash("s3cret"), hash);  // a fresh salt each time
}

TEST(PasswordHashTest, VerifyRoundTripsForBothPlugins) {
  for (std::string_view plugin : {kNativePlugin, kCachingSha2Plugin}) {
    const std::string stored = HashFor(plugin, "right");
    EXPECT_TRUE(VerifyPassword(plugin, stored, "right")) << plugin;
    EXPECT_FALSE(VerifyPassword(plugin, stored, "wrong")) << plugin;
    EXPECT_FALSE(VerifyPassword(plugin, stored, "")) << plugin;
  }
  EXPECT_TRUE(VerifyPassword(kCachingSha2Plugin, "", ""));
  EXPECT_FALSE(VerifyPassword(kCachingSha2Plugin, "$A$005$short", "x"));
  EXPECT_FALSE(VerifyPassword("sha256_password", HashFor(kNativePlugin, "x"), "x"));
}

TEST(HostMatchTest, PercentMatchesEveryHost) {
  EXPECT_TRUE(HostMatches("%", "10.1.2.3"));
  EXPECT_TRUE(HostMatches("%", "::1"));
}

TEST(HostMatchTest, LocalhostMatchesLoopbackOnly) {
  EXPECT_TRUE(HostMatches("localhost", "127.0.0.1"));
  EXPECT_TRUE(HostMatches("localhost", "127.0.1.2"));
  EXPECT_TRUE(HostMatches("localhost", "::1"));
  EXPECT_FALSE(HostMatches("localhost", "10.0.0.1"));
}

TEST(HostMatchTest, PatternsAndExactHosts) {
  EXPECT_TRUE(HostMatches("10.0.%", "10.0.3.4"));
  EXPECT_FALSE(HostMatches("10.0.%", "10.1.3.4"));
  EXPECT_TRUE(HostMatches("10.0.0._", "10.0.0.7"));
  EXPECT_FALSE(HostMatches("10.0.0._", "10.0.0.17"));
  EXPECT_TRUE(HostMatches("DB.example.com", "db.example.COM"));
  EXPECT_FALSE(HostMatches("db.example.com", "db.example.org"));
}

ordinal::v1::AccountDef Account(const std::string& user, const std::string& host) {
  ordinal::v1::AccountDef a;
  a.set_user(user);
  a.set_host(host);
  return a;
}

TEST(AccountSetTest, TheMostSpecificHostWins) {
  AccountSet set({Account("u", "%"), Account("u", "10.0.%"), Account("u", "10.0.0.1"),
                  Account("v", "10.0.0.1")});
  ASSERT_NE(set.Match("u", "10.0.0.1"), nullptr);
  EXPECT_EQ(set.Match("u", "10.0.0.1")->host(), "10.0.0.1");
  EXPECT_EQ(set.Match("u", "10.0.9.9")->host(), "10.0.%");
  EXPECT_EQ(set.Match("u", "192.168.0.1")->host(), "%");
  EXPECT_EQ(set.Match("v", "10.0.0.2"), nullptr);
  EXPECT_EQ(set.Match("U", "10.0.0.1"), nullptr);  // user names are case-sensitive
}

TEST(AccountSetTest, PrivilegesAddUpOverTheLevels) {
  ordinal::v1::AccountDef a = Account("u", "%");
  auto* global = a.add_grants();
  global->set_privileges(kProcess);
  auto* db = a.add_grants();
  db->set_db("d");
  db->set_privileges(kSelect);
  auto* table = a.add_grants();
  table->set_db("d");
  table->set_table("t");
  table->set_privileges(kInsert | kGrantOption);
  EXPECT_EQ(AccountPrivilegesOn(a, "d", "t"), kProcess | kSelect | kInsert | kGrantOption);
  EXPECT_EQ(AccountPrivilegesOn(a, "d", "other"), kProcess | kSelect);
  EXPECT_EQ(AccountPrivilegesOn(a, "e", "t"), kProcess);
  EXPECT_EQ(AccountPrivilegesOn(a, "d", ""), kProcess | kSelect);
}

TEST(PrivilegesTest, NamesAndLevels) {
  EXPECT_EQ(PrivilegeFromName("REPLICATION SLAVE"), kReplicationSlave);
  EXPECT_EQ(PrivilegeFromName("REPLICATION REPLICA"), kReplicationSlave);
  EXPECT_EQ(PrivilegeFromName("USAGE"), 0u);
  EXPECT_FALSE(PrivilegeFromName("FLY").has_value());
  EXPECT_EQ(PrivilegeListText(kSelect | kInsert, GrantLevel::kDatabase), "SELECT, INSERT");
  EXPECT_EQ(PrivilegeListText(AllAt(GrantLevel::kTable), GrantLevel::kTable), "ALL PRIVILEGES");
  EXPECT_EQ(PrivilegeListText(0, GrantLevel::kGlobal), "USAGE");
  EXPECT_EQ(AllAt(GrantLevel::kDatabase) & kSuper, 0u);
}

}  // namespace
}  // namespace ordinal::engine::auth
