// Calendar arithmetic and the date formats mail uses (RFC 5322 Date:, the
// asctime form of mbox "From " lines, PDF dates). Pure integer code, no
// locale, no time zone database: offsets are passed in explicitly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mailgen {

struct Civil {
  int year, month, day;      // month 1..12, day 1..31
  int hour, minute, second;  // 24-hour clock
  int weekday;               // 0 = Sunday
};

// Seconds since 1970-01-01T00:00:00Z <-> proleptic Gregorian civil time.
Civil to_civil(int64_t unix_seconds);
int64_t from_civil(int year, int month, int day, int hour = 0, int minute = 0,
                   int second = 0);

// How a Date: header is spelled. All are accepted by RFC 5322 parsers;
// kObsoleteZone uses an RFC 822 zone name (GMT/UT/EST...) instead of digits.
enum class DateStyle {
  kStandard,      // "Tue, 4 Jul 2020 09:12:44 +0200"
  kPaddedDay,     // "Tue, 04 Jul 2020 09:12:44 +0200"
  kNoWeekday,     // "4 Jul 2020 09:12:44 +0200"
  kZoneComment,   // "Tue, 4 Jul 2020 09:12:44 +0200 (CEST)"
  kObsoleteZone,  // "Tue, 4 Jul 2020 07:12:44 GMT" (offset 0 only)
};

// The local time at `offset_minutes` east of UTC, spelled in `style`.
// `zone_name` is used by kZoneComment and kObsoleteZone.
std::string rfc5322_date(int64_t utc, int offset_minutes, DateStyle style,
                         std::string_view zone_name);

// "Sat Jan  3 01:05:34 2016" (UTC), as in mbox separator lines.
std::string asctime_date(int64_t utc);

// "D:20190314101500+01'00'" as in a PDF Info dictionary.
std::string pdf_date(int64_t utc, int offset_minutes);

// "2019-03-14" in local time.
std::string iso_day(int64_t utc, int offset_minutes);

}  // namespace mailgen
