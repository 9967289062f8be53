#include "server/mysql/scramble.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <random>

#include "server/mysql/handshake.h"

namespace ordinal::server::mysql {
namespace {

std::string Sha1(std::string_view data) {
  std::string out(SHA_DIGEST_LENGTH, '\0');
  SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string Sha256(std::string_view data) {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string Xor(std::string a, std::string_view b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) a[i] ^= b[i];
  return a;
}

bool SameBytes(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string NewScramble() {
  std::string out(kScrambleBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())) !=
      1) {
    std::random_device device;
    for (char& c : out) c = static_cast<char>(device());
  }
  for (char& c : out) {
    c = static_cast<char>(c & 0x7f);
    if (c == '\0') c = 'a';
  }
  return out;
}

std::string NativePasswordResponse(std::string_view password, std::string_view scramble) {
  if (password.empty()) return "";
  const std::string stage1 = Sha1(password);
  const std::string stage2 = Sha1(stage1);
  return Xor(stage1, Sha1(std::string(scramble) + stage2));
}

std::string CachingSha2Response(std::string_view password, std::string_view scramble) {
  if (password.empty()) return "";
  const std::string stage1 = Sha256(password);
  const std::string stage2 = Sha256(stage1);
  return Xor(stage1, Sha256(stage2 + std::string(scramble)));
}

bool VerifyNativePassword(std::string_view password, std::string_view scramble,
                          std::string_view response) {
  return SameBytes(NativePasswordResponse(password, scramble), response);
}

bool VerifyCachingSha2(std::string_view password, std::string_view scramble,
                       std::string_view response) {
  return SameBytes(CachingSha2Response(password, scramble), response);
}

bool VerifyNativeHash(std::string_view stage2, std::string_view scramble,
                      std::string_view response) {
  if (stage2.size() != SHA_DIGEST_LENGTH || response.size() != SHA_DIGEST_LENGTH) return false;
  const std::string stage1 = Xor(std::string(response), Sha1(std::string(scramble) + std::string(stage2)));
  return SameBytes(Sha1(stage1), stage2);
}

bool VerifyCachingSha2Digest(std::string_view stage2, std::string_view scramble,
                             std::string_view response) {
  if (stage2.size() != SHA256_DIGEST_LENGTH || response.size() != SHA256_DIGEST_LENGTH) {
    return false;
  }
  const std::string stage1 =
      Xor(std::string(response), Sha256(std::string(stage2) + std::string(scramble)));
  return SameBytes(Sha256(stage1), stage2);
}

}  // namespace ordinal::server::mysql
