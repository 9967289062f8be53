#include "server/mysql/tls_context.h"

#include <system_error>

#include <openssl/ssl.h>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace ordinal::server::mysql {
namespace {

std::filesystem::file_time_type ModifiedAt(const std::string& path) {
  std::error_code error;
  if (path.empty()) return {};
  const std::filesystem::file_time_type time = std::filesystem::last_write_time(path, error);
  return error ? std::filesystem::file_time_type{} : time;
}

absl::Status Failed(std::string_view flag, const std::string& path, const std::error_code& ec) {
  return absl::InvalidArgumentError(absl::StrCat("--", std::string(flag), " '", path,
                                                 "': ", ec.message()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<TlsContextSource>> TlsContextSource::Create(
    const TlsFiles& files) {
  std::unique_ptr<TlsContextSource> source(new TlsContextSource(files));
  absl::StatusOr<std::shared_ptr<asio::ssl::context>> context = source->Load();
  if (!context.ok()) return context.status();
  absl::MutexLock lock(&source->mu_);
  source->context_ = *std::move(context);
  source->stamp_ = source->ReadStamp();
  source->next_check_ = absl::Now() + files.reload_interval;
  return source;
}

TlsContextSource::Stamp TlsContextSource::ReadStamp() const {
  return Stamp{ModifiedAt(files_.cert), ModifiedAt(files_.key), ModifiedAt(files_.ca)};
}

absl::StatusOr<std::shared_ptr<asio::ssl::context>> TlsContextSource::Load() const {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  std::error_code ec;
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                       ec);
  context->use_certificate_chain_file(files_.cert, ec);
  if (ec) return Failed("tls_cert_file", files_.cert, ec);
  context->use_private_key_file(files_.key, asio::ssl::context::pem, ec);
  if (ec) return Failed("tls_key_file", files_.key, ec);
  if (!files_.ca.empty()) {
    context->load_verify_file(files_.ca, ec);
    if (ec) return Failed("tls_ca_file", files_.ca, ec);
    context->set_verify_mode(asio::ssl::verify_peer, ec);
    // OpenSSL refuses to resume (and, under TLS 1.3, to finish) a handshake that verified
    // a peer unless the context names its sessions.
    static constexpr unsigned char kSessionContext[] = "ordinaldb-mysql";
    SSL_CTX_set_session_id_context(context->native_handle(), kSessionContext,
                                   sizeof(kSessionContext) - 1);
  }
  return context;
}

std::shared_ptr<asio::ssl::context> TlsContextSource::Current() {
  absl::MutexLock lock(&mu_);
  const absl::Time now = absl::Now();
  if (now < next_check_) return context_;
  next_check_ = now + files_.reload_interval;
  const Stamp stamp = ReadStamp();
  if (stamp == stamp_) return context_;
  stamp_ = stamp;
  absl::StatusOr<std::shared_ptr<asio::ssl::context>> reloaded = Load();
  if (!reloaded.ok()) {
    spdlog::warn("MySQL TLS: keeping the previous certificate: {}",
                 std::string(reloaded.status().message()));
    return context_;
  }
  spdlog::info("MySQL TLS: new connections get the certificate now in {}", files_.cert);
  context_ = *std::move(reloaded);
  return context_;
}

}  // namespace ordinal::server::mysql
