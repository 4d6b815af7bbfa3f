// SHA-256 through OpenSSL's one-shot EVP_Digest (libcrypto), kept out of the header so
// users of the runtime never include OpenSSL.
#include "runtime/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace icp {

std::array<std::uint8_t, 32> sha256(std::string_view bytes) {
  std::array<std::uint8_t, 32> digest{};
  unsigned int length = 0;
  // EVP_Digest fails only when libcrypto cannot allocate its context.
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != digest.size()) {
    throw std::runtime_error("libcrypto could not compute a SHA-256 digest");
  }
  return digest;
}

std::string sha256_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(64);
  for (std::uint8_t byte : sha256(bytes)) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0F]);
  }
  return hex;
}

}  // namespace icp
