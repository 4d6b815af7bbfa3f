// Bearer-token checks. Both tokens are hashed (SHA-256) and the digests compared with
// OpenSSL's CRYPTO_memcmp, so neither the token's length nor its first wrong byte shows in
// the time taken. Input: the token file; headers. Output: yes or no.
#include "server/admin_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace icp::server {
namespace {

std::array<unsigned char, 32> digest_of(std::string_view text) {
  std::array<unsigned char, 32> out{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data());
  return out;
}

std::string_view trimmed(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<AdminAuth> AdminAuth::from_file(const std::string& path, std::string& error) {
  std::ifstream file(path, std::ios::binary);
  std::string line;
  if (!file || !std::getline(file, line)) {
    error = fmt::format("cannot read the admin token file `{}`", path);
    return std::nullopt;
  }
  const std::string_view token = trimmed(line);
  if (token.empty()) {
    error = fmt::format("the admin token file `{}` holds no token on its first line", path);
    return std::nullopt;
  }
  AdminAuth auth;
  auth.required_ = true;
  auth.digest_ = digest_of(token);
  return auth;
}

bool AdminAuth::allows(std::string_view authorization) const {
  if (!required_) return true;
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size()) return false;
  // RFC 9110: the scheme is case-insensitive.
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != std::tolower(static_cast<unsigned char>(kScheme[i]))) {
      return false;
    }
  }
  const std::array<unsigned char, 32> given = digest_of(trimmed(authorization.substr(kScheme.size())));
  return CRYPTO_memcmp(given.data(), digest_.data(), given.size()) == 0;
}

}  // namespace icp::server
