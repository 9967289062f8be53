#include "client/tls_options.h"

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace ordinal {
namespace {

using grpc::experimental::StaticDataCertificateProvider;

constexpr std::pair<SslMode, std::string_view> kModes[] = {
    {SslMode::kDisabled, "DISABLED"},   {SslMode::kPreferred, "PREFERRED"},
    {SslMode::kRequired, "REQUIRED"},   {SslMode::kVerifyCa, "VERIFY_CA"},
    {SslMode::kVerifyIdentity, "VERIFY_IDENTITY"},
};

absl::StatusOr<std::string> ReadPem(std::string_view option, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read --", std::string(option), " '",
                                                   path, "': ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", std::string(option), " '", path, "' holds no PEM data"));
  }
  return text.str();
}

}  // namespace

std::string SslModeName(SslMode mode) {
  for (const auto& [value, name] : kModes) {
    if (value == mode) return std::string(name);
  }
  return "?";
}

absl::StatusOr<SslMode> ParseSslMode(std::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(absl::string_view(text.data(), text.size()));
  for (const auto& [value, name] : kModes) {
    if (upper == name) return value;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("invalid --ssl-mode '", std::string(text),
                   "': expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY"));
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const TlsOptions& options) {
  if (options.mode == SslMode::kDisabled) return grpc::InsecureChannelCredentials();
  const bool verify =
      options.mode == SslMode::kVerifyCa || options.mode == SslMode::kVerifyIdentity;
  if (verify && options.ca_file.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--ssl-mode=", SslModeName(options.mode),
                                                   " needs --ssl-ca (the CA that signed the "
                                                   "server's certificate)"));
  }
  if (options.cert_file.empty() != options.key_file.empty()) {
    return absl::InvalidArgumentError("--ssl-cert and --ssl-key go together: give both or neither");
  }
  std::string root;
  if (verify) {
    absl::StatusOr<std::string> pem = ReadPem("ssl-ca", options.ca_file);
    if (!pem.ok()) return pem.status();
    root = *std::move(pem);
  }
  std::vector<grpc::experimental::IdentityKeyCertPair> identity;
  if (!options.cert_file.empty()) {
    absl::StatusOr<std::string> cert = ReadPem("ssl-cert", options.cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPem("ssl-key", options.key_file);
    if (!key.ok()) return key.status();
    identity.push_back({*std::move(key), *std::move(cert)});
  }
  grpc::experimental::TlsChannelCredentialsOptions tls;
  if (!root.empty() || !identity.empty()) {
    tls.set_certificate_provider(
        std::make_shared<StaticDataCertificateProvider>(root, identity));
    if (!root.empty()) tls.watch_root_certs();
    if (!identity.empty()) tls.watch_identity_key_cert_pairs();
  }
  tls.set_verify_server_certs(verify);
  if (options.mode == SslMode::kVerifyIdentity) {
    tls.set_certificate_verifier(
        std::make_shared<grpc::experimental::HostNameCertificateVerifier>());
    tls.set_check_call_host(true);
  } else {
    tls.set_certificate_verifier(std::make_shared<grpc::experimental::NoOpCertificateVerifier>());
    tls.set_check_call_host(false);
  }
  return grpc::experimental::TlsCredentials(tls);
}

}  // namespace ordinal
