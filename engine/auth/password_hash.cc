#include "engine/auth/password_hash.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <cstdint>

namespace ordinal::engine::auth {
namespace {

constexpr char kCryptAlphabet[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kSha2Prefix = "$A$005$";
constexpr size_t kSha2SaltBytes = 20;
constexpr size_t kSha2CryptChars = 43;
constexpr int kSha2Rounds = 5000;

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

class Sha256 {
 public:
  Sha256() { SHA256_Init(&ctx_); }
  Sha256& Add(std::string_view bytes) {
    SHA256_Update(&ctx_, bytes.data(), bytes.size());
    return *this;
  }
  Sha256& Add(const Digest& d, size_t n = SHA256_DIGEST_LENGTH) {
    SHA256_Update(&ctx_, d.data(), n);
    return *this;
  }
  Digest Finish() {
    Digest d;
    SHA256_Final(d.data(), &ctx_);
    return d;
  }

 private:
  SHA256_CTX ctx_;
};

// `length` bytes of `digest` repeated.
std::string Repeat(const Digest& digest, size_t length) {
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    const size_t n = std::min(length - out.size(), digest.size());
    out.append(reinterpret_cast<const char*>(digest.data()), n);
  }
  return out;
}

void AppendBase64(std::string& out, unsigned b2, unsigned b1, unsigned b0, int chars) {
  uint32_t w = (b2 << 16) | (b1 << 8) | b0;
  for (int i = 0; i < chars; ++i) {
    out.push_back(kCryptAlphabet[w & 0x3f]);
    w >>= 6;
  }
}

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0xf]);
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < b.size(); ++i) {
    const unsigned char ca = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    diff |= ca ^ static_cast<unsigned char>(b[i]);
  }
  return diff == 0;
}

std::string NativePasswordHash(std::string_view password) {
  if (password.empty()) return "";
  unsigned char once[SHA_DIGEST_LENGTH];
  unsigned char twice[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(password.data()), password.size(), once);
  SHA1(once, sizeof(once), twice);
  return "*" + Hex(twice, sizeof(twice));
}

std::optional<std::string> NativeHashBytes(std::string_view hash) {
  if (hash.size() != 1 + 2 * SHA_DIGEST_LENGTH || hash[0] != '*') return std::nullopt;
  std::string out;
  for (size_t i = 1; i < hash.size(); i += 2) {
    const int hi = HexValue(hash[i]);
    const int lo = HexValue(hash[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return out;
}

std::string Sha256Crypt(std::string_view password, std::string_view salt, int rounds) {
  const Digest b = Sha256().Add(password).Add(salt).Add(password).Finish();
  Sha256 a_ctx;
  a_ctx.Add(password).Add(salt);
  size_t left = password.size();
  for (; left > b.size(); left -= b.size()) a_ctx.Add(b);
  a_ctx.Add(b, left);
  for (size_t bits = password.size(); bits > 0; bits >>= 1) {
    if (bits & 1) {
      a_ctx.Add(b);
    } else {
      a_ctx.Add(password);
    }
  }
  Digest a = a_ctx.Finish();
  Sha256 dp_ctx;
  for (size_t i = 0; i < password.size(); ++i) dp_ctx.Add(password);
  const std::string p = Repeat(dp_ctx.Finish(), password.size());
  Sha256 ds_ctx;
  for (int i = 0; i < 16 + a[0]; ++i) ds_ctx.Add(salt);
  const std::string s = Repeat(ds_ctx.Finish(), salt.size());
  for (int i = 0; i < rounds; ++i) {
    Sha256 c;
    if (i & 1) {
      c.Add(p);
    } else {
      c.Add(a);
    }
    if (i % 3 != 0) c.Add(s);
    if (i % 7 != 0) c.Add(p);
    if (i & 1) {
      c.Add(a);
    } else {
      c.Add(p);
    }
    a = c.Finish();
  }
  std::string out;
  static constexpr int kOrder[10][3] = {{0, 10, 20},  {21, 1, 11},  {12, 22, 2}, {3, 13, 23},
                                        {24, 4, 14},  {15, 25, 5},  {6, 16, 26}, {27, 7, 17},
                                        {18, 28, 8},  {9, 19, 29}};
  for (const auto& o : kOrder) AppendBase64(out, a[o[0]], a[o[1]], a[o[2]], 4);
  AppendBase64(out, 0, a[31], a[30], 3);
  return out;
}

std::string CachingSha2Hash(std::string_view password, std::string_view salt) {
  if (password.empty()) return "";
  return std::string(kSha2Prefix) + std::string(salt) + Sha256Crypt(password, salt, kSha2Rounds);
}

std::string NewCachingSha2Hash(std::string_view password) {
  std::array<unsigned char, kSha2SaltBytes> random{};
  RAND_bytes(random.data(), static_cast<int>(random.size()));
  std::string salt;
  for (unsigned char c : random) salt.push_back(kCryptAlphabet[c & 0x3f]);
  return CachingSha2Hash(password, salt);
}

bool KnownPlugin(std::string_view plugin) {
  return plugin == kNativePlugin || plugin == kCachingSha2Plugin;
}

std::string HashFor(std::string_view plugin, std::string_view password) {
  return plugin == kNativePlugin ? NativePasswordHash(password) : NewCachingSha2Hash(password);
}

bool VerifyPassword(std::string_view plugin, std::string_view authentication_string,
                    std::string_view password) {
  if (authentication_string.empty()) return password.empty();
  if (plugin == kNativePlugin) {
    return ConstantTimeEquals(NativePasswordHash(password), authentication_string);
  }
  if (plugin != kCachingSha2Plugin) return false;
  if (authentication_string.size() != kSha2Prefix.size() + kSha2SaltBytes + kSha2CryptChars ||
      authentication_string.substr(0, kSha2Prefix.size()) != kSha2Prefix) {
    return false;
  }
  const std::string_view salt = authentication_string.substr(kSha2Prefix.size(), kSha2SaltBytes);
  return ConstantTimeEquals(CachingSha2Hash(password, salt), authentication_string);
}

}  // namespace ordinal::engine::auth
