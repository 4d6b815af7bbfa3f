// Who may call the admin endpoints: the bearer token of --admin-token-file, compared in
// constant time. Input: the token file at start, each request's Authorization header.
// Output: allowed or not. Without a token file every caller is allowed (loopback default).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace icp::server {

class AdminAuth {
 public:
  AdminAuth() = default;  // no token: open
  // The file's first line is the token (surrounding whitespace dropped). nullopt with
  // `error` when the file cannot be read or holds no token.
  static std::optional<AdminAuth> from_file(const std::string& path, std::string& error);

  bool required() const { return required_; }
  // `Authorization: Bearer <token>`; true when no token is required.
  bool allows(std::string_view authorization) const;

 private:
  bool required_ = false;
  std::array<unsigned char, 32> digest_{};  // SHA-256 of the token: equal lengths to compare
};

}  // namespace icp::server
