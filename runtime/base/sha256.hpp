// SHA-256 of a byte string, for program ids ("sha256:<hex>" of an artifact's code section).
// Input: bytes. Output: the 32-byte digest, or its lower-case hex spelling.
// A thin wrapper over OpenSSL's libcrypto, so no hash code of our own needs auditing.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace icp {

std::array<std::uint8_t, 32> sha256(std::string_view bytes);
std::string sha256_hex(std::string_view bytes);  // 64 lower-case hex digits
void append_sha256_hex(std::string_view bytes, std::string& out);  // the same, appended

}  // namespace icp
