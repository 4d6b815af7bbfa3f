// The decision log's hashing: SHA-256 whose state can be copied between threads, so an
// entry's body is hashed where it is built and only its last bytes where it is chained.
// Input: bytes, in pieces. Output: the 32-byte digest, or "sha256:<64 hex>".
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace icp::decision_log {

using Digest = std::array<std::uint8_t, 32>;

// OpenSSL's SHA256_CTX held as plain bytes, so that no header of the log includes OpenSSL
// and a state can be memcpy'd into a buffer and out on another thread (a midstate).
class Sha256State {
 public:
  Sha256State();  // the initial state
  void update(std::string_view bytes);
  Digest finish() const;  // the digest of everything given so far; the state is kept

 private:
  alignas(8) unsigned char context_[112];
};

Digest sha256_digest(std::string_view bytes);
// "sha256:" and 64 lower-case hex digits.
void append_digest_text(const Digest& digest, std::string& out);
std::string digest_text(const Digest& digest);

// The `prev` of the first entry of a log: no entry comes before it.
inline constexpr Digest kGenesis{};

}  // namespace icp::decision_log
