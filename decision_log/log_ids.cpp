// Request and decision ids, and the log's time text (log_ids.hpp). Input: the system clock,
// std::random_device, command-line text. Output: ids and RFC 3339 times.
#include "decision_log/log_ids.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <cstdint>
#include <random>

#include <fmt/format.h>

#include "icp/date.hpp"

namespace icp::decision_log {
namespace {

constexpr std::int64_t kMicrosPerDay = std::int64_t{86400} * 1000000;

std::uint64_t random_bits() {
  // One generator per thread: no lock per id. Seeded from the system's entropy once.
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return generator();
}

// Reads exactly `digits` decimal digits at text[at]; nullopt otherwise.
std::optional<int> digits_at(std::string_view text, std::size_t at, std::size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::string text_of_micros(std::int64_t micros) {
  std::int64_t days = micros / kMicrosPerDay;
  std::int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  int year = 0, month = 0, day = 0;
  civil_from_date(Date{static_cast<std::int32_t>(days)}, year, month, day);
  const auto seconds = static_cast<int>(rest / 1000000);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", year, month, day, seconds / 3600, seconds / 60 % 60,
                     seconds % 60, rest % 1000000);
}

}  // namespace

std::string new_request_id() {
  const auto millis = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  const std::uint64_t a = random_bits(), b = random_bits();
  // 48 bits of time, the version (7), 12 random bits; the variant (binary 10), 62 random bits.
  const std::uint64_t high = (millis << 16) | 0x7000 | (a & 0x0FFF);
  const std::uint64_t low = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  // xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, written by hand: a server makes one per request.
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string id(36, '-');
  std::size_t at = 0;
  for (int nibble = 15; nibble >= 0; --nibble) {
    if (at == 8 || at == 13) ++at;
    id[at++] = kDigits[(high >> (4 * nibble)) & 0xF];
  }
  for (int nibble = 15; nibble >= 0; --nibble) {
    if (at == 18 || at == 23) ++at;
    id[at++] = kDigits[(low >> (4 * nibble)) & 0xF];
  }
  return id;
}

std::string decision_id(std::string_view request_id) { return std::string(request_id); }

std::string decision_id(std::string_view request_id, std::size_t line) {
  return fmt::format("{}.{}", request_id, line);
}

std::string decision_id(std::string_view request_id, std::string_view profile) {
  return fmt::format("{}.{}", request_id, profile);
}

std::string utc_time_text(std::chrono::system_clock::time_point time) {
  return text_of_micros(std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count());
}

std::string_view utc_now_text(char (&buffer)[kTimeTextSize]) {
  thread_local std::int64_t cached_second = -1;
  thread_local char cached[kTimeTextSize];
  const std::int64_t micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::int64_t second = micros / 1000000;
  if (second != cached_second) {
    const std::string text = text_of_micros(micros);
    std::memcpy(cached, text.data(), kTimeTextSize);
    cached_second = second;
  }
  std::memcpy(buffer, cached, kTimeTextSize);
  std::int64_t fraction = micros % 1000000;
  for (std::size_t i = 25; i >= 20; --i) {  // "…:SS.ffffffZ": the six digits before the Z
    buffer[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  return std::string_view(buffer, kTimeTextSize);
}

std::optional<std::string> parse_time_bound(std::string_view text, bool upper) {
  const std::optional<Date> date = parse_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  const std::int64_t day_start = std::int64_t{date->days} * kMicrosPerDay;
  if (text.size() == 10) return text_of_micros(upper ? day_start + kMicrosPerDay - 1 : day_start);
  // YYYY-MM-DDTHH:MM[:SS[.f{1,6}]](Z|+HH:MM|-HH:MM)
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  const auto hours = digits_at(text, 11, 2), minutes = digits_at(text, 14, 2);
  if (!hours || !minutes || text.size() < 17 || text[13] != ':' || *hours > 23 || *minutes > 59) return std::nullopt;
  std::size_t at = 16;
  int seconds = 0;
  bool seconds_given = false;
  std::int64_t fraction = 0;
  std::size_t fraction_digits = 0;
  if (at < text.size() && text[at] == ':') {
    const auto value = digits_at(text, at + 1, 2);
    if (!value || *value > 59) return std::nullopt;  // a leap second is not a time the log writes
    seconds = *value;
    seconds_given = true;
    at += 3;
    if (at < text.size() && text[at] == '.') {
      for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++fraction_digits) {
        if (fraction_digits == 6) return std::nullopt;
        fraction = fraction * 10 + (text[at] - '0');
      }
      if (fraction_digits == 0) return std::nullopt;
    }
  }
  for (std::size_t d = fraction_digits; d < 6; ++d) fraction *= 10;
  std::int64_t offset_minutes = 0;
  const std::string_view zone = text.substr(at);
  if (zone == "Z" || zone == "z") {
    offset_minutes = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const auto zone_hours = digits_at(zone, 1, 2), zone_minutes = digits_at(zone, 4, 2);
    if (!zone_hours || !zone_minutes || *zone_hours > 23 || *zone_minutes > 59) return std::nullopt;
    offset_minutes = (*zone_hours * 60 + *zone_minutes) * (zone[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  const std::int64_t local = day_start + ((std::int64_t{*hours} * 60 + *minutes) * 60 + seconds) * 1000000 + fraction;
  // An upper bound given to the minute or the second covers that whole minute or second.
  const std::int64_t widen = !upper || fraction_digits > 0 ? 0 : seconds_given ? 999999 : 59999999;
  return text_of_micros(local - offset_minutes * 60 * 1000000 + widen);
}

}  // namespace icp::decision_log
