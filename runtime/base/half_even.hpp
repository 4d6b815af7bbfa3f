// 128-bit integers and half-even division: the exact intermediate results of Decimal's
// arithmetic (runtime/base/decimal.cpp), also used by signal decay and the statistics of
// icpc's reports. Internal: the public icp/decimal.hpp keeps to Decimal itself.
#pragma once

#include <cstdint>
#include <optional>

namespace icp {

// -Wpedantic rejects the bare __int128 keyword; __extension__ marks the use as intended.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// Divides a 128-bit numerator by a positive or negative denominator, rounding half-even;
// nullopt for a zero denominator or a quotient outside int64.
std::optional<std::int64_t> divide_half_even(Int128 numerator, Int128 denominator);

}  // namespace icp
