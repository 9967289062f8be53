// Password checks of the two authentication plugins, on the server's side. The server knows
// the root password itself (server/auth.h), so it recomputes what the client must have sent
// for this connection's scramble and compares in constant time.
//
//   mysql_native_password:  SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw)))
//   caching_sha2_password:  SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + scramble)
//
// An empty password is answered by an empty response in both. Thread-safe (pure functions).
#ifndef ORDINAL_SERVER_MYSQL_SCRAMBLE_H_
#define ORDINAL_SERVER_MYSQL_SCRAMBLE_H_

#include <string>
#include <string_view>

namespace ordinal::server::mysql {

// kScrambleBytes random bytes, none of them NUL (clients may treat it as a C string).
std::string NewScramble();

// What a client sends for `password` and `scramble` (for tests and fuzz seeds).
std::string NativePasswordResponse(std::string_view password, std::string_view scramble);
std::string CachingSha2Response(std::string_view password, std::string_view scramble);

bool VerifyNativePassword(std::string_view password, std::string_view scramble,
                          std::string_view response);
bool VerifyCachingSha2(std::string_view password, std::string_view scramble,
                       std::string_view response);

// The same checks from what the server stores instead of the password: `stage2` is
// SHA1(SHA1(pw)) (20 bytes, the native hash) or SHA256(SHA256(pw)) (32 bytes, what
// caching_sha2_password's cache holds). The response yields the client's stage1, whose hash
// must be `stage2`.
bool VerifyNativeHash(std::string_view stage2, std::string_view scramble,
                      std::string_view response);
bool VerifyCachingSha2Digest(std::string_view stage2, std::string_view scramble,
                             std::string_view response);

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_SCRAMBLE_H_
