#include "civil_time.hpp"

#include <cstdio>
#include <cstdlib>

namespace mailgen {
namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                 "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Floor division, so dates before 1970 also work.
int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

// H. Hinnant's days_from_civil / civil_from_days algorithms.
int64_t from_civil(int year, int month, int day, int hour, int minute,
                   int second) {
  int64_t y = year - (month <= 2);
  int64_t era = floor_div(y, 400);
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = era * 146097 + doe - 719468;
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

Civil to_civil(int64_t t) {
  int64_t days = floor_div(t, 86400);
  int64_t secs = t - days * 86400;
  Civil c{};
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  c.weekday = static_cast<int>(days + 4 - floor_div(days + 4, 7) * 7);
  int64_t z = days + 719468;
  int64_t era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2));
  return c;
}

std::string rfc5322_date(int64_t utc, int offset_minutes, DateStyle style,
                         std::string_view zone_name) {
  if (style == DateStyle::kObsoleteZone) offset_minutes = 0;
  Civil c = to_civil(utc + offset_minutes * 60);
  char buf[96];
  std::string day_part = style == DateStyle::kNoWeekday
                             ? ""
                             : std::string(kDays[c.weekday]) + ", ";
  const char* day_fmt = style == DateStyle::kPaddedDay ? "%02d" : "%d";
  char day[8];
  std::snprintf(day, sizeof day, day_fmt, c.day);
  int off = std::abs(offset_minutes);
  char zone[48];
  if (style == DateStyle::kObsoleteZone) {
    std::snprintf(zone, sizeof zone, "%.8s",
                  zone_name.empty() ? "GMT" : std::string(zone_name).c_str());
  } else {
    std::snprintf(zone, sizeof zone, "%c%02d%02d",
                  offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  }
  std::snprintf(buf, sizeof buf, "%s%s %s %d %02d:%02d:%02d %s",
                day_part.c_str(), day, kMonths[c.month - 1], c.year, c.hour,
                c.minute, c.second, zone);
  std::string out = buf;
  if (style == DateStyle::kZoneComment && !zone_name.empty())
    out += " (" + std::string(zone_name) + ")";
  return out;
}

std::string asctime_date(int64_t utc) {
  Civil c = to_civil(utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %d",
                kDays[c.weekday], kMonths[c.month - 1], c.day, c.hour, c.minute,
                c.second, c.year);
  return buf;
}

std::string pdf_date(int64_t utc, int offset_minutes) {
  Civil c = to_civil(utc + offset_minutes * 60);
  int off = std::abs(offset_minutes);
  char buf[64];
  std::snprintf(buf, sizeof buf, "D:%04d%02d%02d%02d%02d%02d%c%02d'%02d'",
                c.year, c.month, c.day, c.hour, c.minute, c.second,
                offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::string iso_day(int64_t utc, int offset_minutes) {
  Civil c = to_civil(utc + offset_minutes * 60);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

}  // namespace mailgen
