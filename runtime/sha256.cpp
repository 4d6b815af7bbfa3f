// SHA-256 through OpenSSL's EVP interface (libcrypto), kept out of the header so
// users of the runtime never include OpenSSL.
#include "runtime/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace icp {

namespace {

// The digest and a context per thread, fetched and allocated once: the one-shot
// EVP_Digest looks the algorithm up and allocates a context on every call, which cost more
// than hashing a 500-byte record (`icpc eval --audit` hashes every record).
struct Hasher {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  Hasher() = default;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  ~Hasher() {
    EVP_MD_CTX_free(context);
    EVP_MD_free(md);
  }
};

}  // namespace

std::array<std::uint8_t, 32> sha256(std::string_view bytes) {
  thread_local Hasher hasher;
  std::array<std::uint8_t, 32> digest{};
  unsigned int length = 0;
  // These fail only when libcrypto cannot allocate (or lacks SHA-256).
  if (hasher.md == nullptr || hasher.context == nullptr ||
      EVP_DigestInit_ex2(hasher.context, hasher.md, nullptr) != 1 ||
      EVP_DigestUpdate(hasher.context, bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(hasher.context, digest.data(), &length) != 1 || length != digest.size()) {
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
