// RFC 5322 §3.3 dates (and the obsolete forms of §4.3 that real mail uses)
// parsed to UTC.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leakscope::mime {

// Returns "YYYY-MM-DDTHH:MM:SSZ" in UTC, or nullopt when the value is not a
// date this parser can read with confidence. Accepts: optional day name,
// 1–2 digit day, English month names (any case), 2/3/4-digit years (2-digit:
// <50 → 20xx, else 19xx; 3-digit: +1900), HH:MM[:SS], numeric zones, named
// North American zones, UT/GMT/Z, military letters (as -0000, per RFC 5322),
// trailing comments, and ISO 8601 "YYYY-MM-DDTHH:MM:SS[Z|±HH:MM]".
std::optional<std::string> parse_mail_date(std::string_view value);

// Days since 1970-01-01 for a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace leakscope::mime
