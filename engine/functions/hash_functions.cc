// Hashing functions: MD5 SHA1 SHA SHA2 CRC32. Digests are OpenSSL's (libcrypto), written as
// lowercase hex as MySQL does; CRC32 is the ISO-HDLC CRC (zlib's) as an unsigned integer.
#include <openssl/evp.h>

#include <array>
#include <string>

#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/registry.h"

namespace ordinal::engine::functions {
namespace {

std::string HexDigest(const EVP_MD* md, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, md, nullptr) != 1) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

const EVP_MD* Md5() { return EVP_md5(); }
const EVP_MD* Sha1() { return EVP_sha1(); }

template <const EVP_MD* (*Md)()>
absl::StatusOr<Value> Digest(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  return Value::String(HexDigest(Md(), TextOf(*v)));
}

// SHA2(s, bits): bits 224, 256 (or 0), 384 or 512; NULL for any other length.
absl::StatusOr<Value> Sha2(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const EVP_MD* md = nullptr;
  switch (IntOf((*v)[1])) {
    case 224: md = EVP_sha224(); break;
    case 0:
    case 256: md = EVP_sha256(); break;
    case 384: md = EVP_sha384(); break;
    case 512: md = EVP_sha512(); break;
    default: return Value::Null();
  }
  return Value::String(HexDigest(md, TextOf((*v)[0])));
}

std::array<uint32_t, 256> Crc32Table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

absl::StatusOr<Value> Crc32(FunctionArgs& args) {
  static const std::array<uint32_t, 256> table = Crc32Table();
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : TextOf(*v)) crc = table[(crc ^ c) & 0xFF] ^ (crc >> 8);
  return Value::Int(static_cast<int64_t>(crc ^ 0xFFFFFFFFu));
}

}  // namespace

std::vector<FunctionDef> HashFunctions() {
  return {
      {"CRC32", 1, 1, ReturnsInt, Crc32},
      {"MD5", 1, 1, ReturnsString, Digest<Md5>},
      {"SHA", 1, 1, ReturnsString, Digest<Sha1>},
      {"SHA1", 1, 1, ReturnsString, Digest<Sha1>},
      {"SHA2", 2, 2, ReturnsString, Sha2},
  };
}

}  // namespace ordinal::engine::functions
