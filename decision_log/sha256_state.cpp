// SHA-256 through OpenSSL's low-level SHA256_* calls (as runtime/base/sha256.cpp, for the same
// reason: no EVP set-up per entry), with the context kept as bytes. Input: bytes. Output:
// digests and their text.
#define OPENSSL_SUPPRESS_DEPRECATED  // SHA256_* are deprecated in OpenSSL 3, not removed
#include "decision_log/sha256_state.hpp"

#include <openssl/sha.h>

#include <cstring>
#include <stdexcept>

namespace icp::decision_log {

static_assert(sizeof(SHA256_CTX) <= sizeof(Sha256State), "Sha256State must hold a SHA256_CTX");

namespace {

SHA256_CTX load(const unsigned char* bytes) {
  SHA256_CTX context;
  std::memcpy(&context, bytes, sizeof context);
  return context;
}

}  // namespace

Sha256State::Sha256State() {
  SHA256_CTX context;
  if (SHA256_Init(&context) != 1) throw std::runtime_error("libcrypto could not start a SHA-256 digest");
  std::memcpy(context_, &context, sizeof context);
}

void Sha256State::update(std::string_view bytes) {
  SHA256_CTX context = load(context_);
  // These report failure only for a null argument; checked all the same.
  if (SHA256_Update(&context, bytes.data(), bytes.size()) != 1) {
    throw std::runtime_error("libcrypto could not compute a SHA-256 digest");
  }
  std::memcpy(context_, &context, sizeof context);
}

Digest Sha256State::finish() const {
  SHA256_CTX context = load(context_);
  Digest digest{};
  if (SHA256_Final(digest.data(), &context) != 1) throw std::runtime_error("libcrypto could not finish a SHA-256 digest");
  return digest;
}

Digest sha256_digest(std::string_view bytes) {
  Sha256State state;
  state.update(bytes);
  return state.finish();
}

void append_digest_text(const Digest& digest, std::string& out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out.append("sha256:");
  for (const std::uint8_t byte : digest) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0F]);
  }
}

std::string digest_text(const Digest& digest) {
  std::string text;
  append_digest_text(digest, text);
  return text;
}

}  // namespace icp::decision_log
