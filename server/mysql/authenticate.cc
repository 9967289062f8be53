#include "server/mysql/authenticate.h"

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

bool SendsFastAuthSuccess(std::string_view plugin, std::string_view response) {
  const bool no_password = response.empty() || response == std::string_view("\0", 1);
  return plugin == kCachingSha2Password && !no_password;
}

}  // namespace ordinal::server::mysql
