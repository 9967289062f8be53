#include "server/mysql/authenticate.h"

#include <openssl/sha.h>

#include "server/mysql/handshake.h"
#include "server/mysql/scramble.h"

namespace ordinal::server::mysql {

bool KnownAuthPlugin(std::string_view plugin) {
  return plugin.empty() || plugin == kNativePassword || plugin == kCachingSha2Password;
}

bool Authenticate(const Authenticator& auth, std::string_view user, std::string_view plugin,
                  std::string_view scramble, std::string_view response) {
  if (!auth.requires_password()) return true;
  if (user != kRootUser) return false;
  const std::string password = auth.password();
  if (plugin == kCachingSha2Password) return VerifyCachingSha2(password, scramble, response);
  if (plugin.empty() || plugin == kNativePassword) {
    return VerifyNativePassword(password, scramble, response);
  }
  return false;
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

}  // namespace ordinal::server::mysql
