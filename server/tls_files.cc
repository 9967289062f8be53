#include "server/tls_files.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace ordinal::server {
namespace {

struct FileCloser {
  void operator()(FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<FILE, FileCloser>;

struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

absl::Status Bad(std::string_view flag, const std::string& path, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("--", std::string(flag), " '", path,
                                                 "': ", std::string(why)));
}

absl::StatusOr<File> Open(std::string_view flag, const std::string& path) {
  File file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) return Bad(flag, path, std::strerror(errno));
  return file;
}

// The first certificate of a PEM file.
absl::StatusOr<std::unique_ptr<X509, X509Free>> ReadCertificates(std::string_view flag,
                                                                  const std::string& path) {
  absl::StatusOr<File> file = Open(flag, path);
  if (!file.ok()) return file.status();
  std::unique_ptr<X509, X509Free> first(PEM_read_X509(file->get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (first == nullptr) return Bad(flag, path, "holds no PEM certificate");
  return first;
}

}  // namespace

TlsFiles TlsFilesFor(const Config& config, int ordinal) {
  const std::string n = std::to_string(ordinal);
  auto expand = [&n](const std::string& path) {
    return absl::StrReplaceAll(path, {{"{ordinal}", n}});
  };
  TlsFiles files;
  files.cert = expand(config.tls_cert_file);
  files.key = expand(config.tls_key_file);
  files.ca = expand(config.tls_ca_file);
  files.reload_interval = absl::Seconds(config.tls_reload_interval_s);
  return files;
}

absl::Status CheckTlsFiles(const TlsFiles& files) {
  if (!files.enabled()) return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<X509, X509Free>> cert =
      ReadCertificates("tls_cert_file", files.cert);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<File> key_file = Open("tls_key_file", files.key);
  if (!key_file.ok()) return key_file.status();
  std::unique_ptr<EVP_PKEY, KeyFree> key(
      PEM_read_PrivateKey(key_file->get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (key == nullptr) {
    return Bad("tls_key_file", files.key, "holds no PEM private key (or it is encrypted)");
  }
  if (X509_check_private_key(cert->get(), key.get()) != 1) {
    ERR_clear_error();
    return Bad("tls_key_file", files.key,
               absl::StrCat("the key does not belong to the certificate in '", files.cert, "'"));
  }
  if (!files.ca.empty()) {
    absl::StatusOr<std::unique_ptr<X509, X509Free>> ca = ReadCertificates("tls_ca_file", files.ca);
    if (!ca.ok()) return ca.status();
  }
  return absl::OkStatus();
}

}  // namespace ordinal::server
