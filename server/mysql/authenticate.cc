#include "server/mysql/authenticate.h"

#include <openssl/sha.h>

#include "absl/strings/str_cat.h"
#include "engine/auth/password_hash.h"
#include "server/mysql/handshake.h"
#include "server/mysql/scramble.h"

namespace ordinal::server::mysql {

bool KnownAuthPlugin(std::string_view plugin) {
  return plugin.empty() || plugin == kNativePassword || plugin == kCachingSha2Password;
}

bool VerifyNative(const LoginCandidate& candidate, std::string_view scramble,
                  std::string_view response) {
  if (candidate.known_password.has_value()) {
    return VerifyNativePassword(*candidate.known_password, scramble, response);
  }
  if (candidate.native_hash.empty()) return IsEmptyResponse(response);
  std::optional<std::string> stage2 = engine::auth::NativeHashBytes(candidate.native_hash);
  return stage2.has_value() && VerifyNativeHash(*stage2, scramble, response);
}

bool VerifyFastSha2(std::string_view digest, std::string_view scramble,
                    std::string_view response) {
  return VerifyCachingSha2Digest(digest, scramble, response);
}

bool VerifyClear(const LoginCandidate& candidate, std::string_view password) {
  if (candidate.known_password.has_value()) {
    return engine::auth::ConstantTimeEquals(password, *candidate.known_password);
  }
  return engine::auth::VerifyPassword(candidate.plugin, candidate.authentication_string,
                                      password);
}

bool IsEmptyResponse(std::string_view response) {
  return response.empty() || response == std::string_view("\0", 1);
}

bool SendsFastAuthSuccess(std::string_view plugin, std::string_view response) {
  return plugin == kCachingSha2Password && !IsEmptyResponse(response);
}

std::string Sha2CacheKey(std::string_view password) {
  unsigned char once[SHA256_DIGEST_LENGTH];
  unsigned char twice[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(password.data()), password.size(), once);
  SHA256(once, sizeof(once), twice);
  return std::string(reinterpret_cast<const char*>(twice), sizeof(twice));
}

std::string Sha2CacheEntry(const LoginCandidate& candidate) {
  const absl::string_view nul("\0", 1);
  return absl::StrCat(candidate.principal.account_user, nul, candidate.principal.account_host,
                      nul, candidate.authentication_string, nul, candidate.native_hash);
}

}  // namespace ordinal::server::mysql
