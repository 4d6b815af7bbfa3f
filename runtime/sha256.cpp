// SHA-256 through OpenSSL's libcrypto, kept out of the header so users of the runtime
// never include OpenSSL. The low-level SHA256_* calls, not EVP: `icpc eval --audit` hashes
// every record (~200 bytes), and EVP's per-call set-up cost ~100 ns a record (4-5% of an
// audited run); both reach the same SHA extensions code.
#define OPENSSL_SUPPRESS_DEPRECATED  // SHA256_* are deprecated in OpenSSL 3, not removed
#include "runtime/sha256.hpp"

#include <openssl/sha.h>

#include <stdexcept>

namespace icp {

std::array<std::uint8_t, 32> sha256(std::string_view bytes) {
  std::array<std::uint8_t, 32> digest{};
  SHA256_CTX context;
  // These report failure only for a null argument; checked all the same.
  if (SHA256_Init(&context) != 1 || SHA256_Update(&context, bytes.data(), bytes.size()) != 1 ||
      SHA256_Final(digest.data(), &context) != 1) {
    throw std::runtime_error("libcrypto could not compute a SHA-256 digest");
  }
  return digest;
}

void append_sha256_hex(std::string_view bytes, std::string& out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char hex[64];
  char* to = hex;
  for (std::uint8_t byte : sha256(bytes)) {
    *to++ = kDigits[byte >> 4];
    *to++ = kDigits[byte & 0x0F];
  }
  out.append(hex, sizeof hex);
}

std::string sha256_hex(std::string_view bytes) {
  std::string hex;
  append_sha256_hex(bytes, hex);
  return hex;
}

}  // namespace icp
