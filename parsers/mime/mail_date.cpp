#include "mail_date.hpp"

#include <cstdio>
#include <vector>

#include "util/text.hpp"

namespace leakscope::mime {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

void civil_from_days(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

unsigned days_in_month(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::string format_utc(int64_t epoch_seconds) {
  int64_t days = epoch_seconds / 86400;
  int64_t rem = epoch_seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[40];
  std::snprintf(
      buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
      static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
      static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf;
}

int month_from_name(std::string_view s) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  if (s.size() < 3) return 0;
  std::string l = ascii_lower(s.substr(0, 3));
  for (int i = 0; i < 12; ++i)
    if (l == kMonths[i]) return i + 1;
  return 0;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Zone to offset in minutes east of UTC; false when not a zone.
bool parse_zone(std::string_view z, int* minutes) {
  if ((z[0] == '+' || z[0] == '-') && z.size() == 5 &&
      all_digits(z.substr(1))) {
    int hh = to_int(z.substr(1, 2)), mm = to_int(z.substr(3, 2));
    if (hh > 23 || mm > 59) return false;
    *minutes = (z[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    return true;
  }
  if ((z[0] == '+' || z[0] == '-') && z.size() == 6 && z[3] == ':' &&
      all_digits(z.substr(1, 2)) && all_digits(z.substr(4, 2))) {
    *minutes = (z[0] == '-' ? -1 : 1) *
               (to_int(z.substr(1, 2)) * 60 + to_int(z.substr(4, 2)));
    return true;
  }
  std::string l = ascii_lower(z);
  struct Named {
    const char* name;
    int hours;
  };
  static const Named kNamed[] = {
      {"ut", 0},   {"utc", 0},  {"gmt", 0},  {"z", 0},    {"est", -5},
      {"edt", -4}, {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6},
      {"pst", -8}, {"pdt", -7}, {"cet", 1},  {"cest", 2}, {"bst", 1},
      {"met", 1},  {"mest", 2}, {"jst", 9}};
  for (const auto& n : kNamed) {
    if (l == n.name) {
      *minutes = n.hours * 60;
      return true;
    }
  }
  if (l.size() == 1 && l[0] >= 'a' && l[0] <= 'z' && l[0] != 'j') {
    *minutes = 0;  // military zones: RFC 5322 says treat as -0000
    return true;
  }
  return false;
}

std::optional<std::string> parse_iso(std::string_view v) {
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (v.size() < 10 || !all_digits(v.substr(0, 4)) || v[4] != '-' ||
      !all_digits(v.substr(5, 2)) || v[7] != '-' || !all_digits(v.substr(8, 2)))
    return std::nullopt;
  y = to_int(v.substr(0, 4));
  mo = to_int(v.substr(5, 2));
  d = to_int(v.substr(8, 2));
  size_t p = 10;
  int zone = 0;
  if (p < v.size() && (v[p] == 'T' || v[p] == ' ')) {
    if (v.size() < p + 6 || !all_digits(v.substr(p + 1, 2)) ||
        v[p + 3] != ':' || !all_digits(v.substr(p + 4, 2)))
      return std::nullopt;
    h = to_int(v.substr(p + 1, 2));
    mi = to_int(v.substr(p + 4, 2));
    p += 6;
    if (p + 2 < v.size() && v[p] == ':' && all_digits(v.substr(p + 1, 2))) {
      s = to_int(v.substr(p + 1, 2));
      p += 3;
    }
    while (p < v.size() && (v[p] == '.' || (v[p] >= '0' && v[p] <= '9'))) ++p;
    std::string_view rest = trim(v.substr(p));
    if (!rest.empty() && !parse_zone(rest, &zone)) return std::nullopt;
  } else if (p != v.size()) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 ||
      d > static_cast<int>(days_in_month(y, mo)) || h > 23 || mi > 59 || s > 60)
    return std::nullopt;
  int64_t t =
      days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - zone * 60;
  return format_utc(t);
}

}  // namespace

std::optional<std::string> parse_mail_date(std::string_view value) {
  std::string v = collapse_whitespace(value);
  if (v.empty()) return std::nullopt;
  if (auto iso = parse_iso(v)) return iso;
  // Strip comments and split into tokens on spaces and commas.
  std::string clean;
  int paren = 0;
  for (char c : v) {
    if (c == '(')
      ++paren;
    else if (c == ')' && paren > 0)
      --paren;
    else if (!paren)
      clean.push_back(c == ',' ? ' ' : c);
  }
  std::vector<std::string> tok;
  for (auto t : split(clean, ' '))
    if (!t.empty()) tok.emplace_back(t);
  size_t i = 0;
  // Optional day name.
  if (i < tok.size() && !all_digits(tok[i]) && month_from_name(tok[i]) == 0)
    ++i;
  int day = -1, month = 0, year = -1;
  // "6 Feb 1993" or (asctime-like) "Feb 6 1993".
  if (i + 2 < tok.size() && all_digits(tok[i])) {
    day = to_int(tok[i]);
    month = month_from_name(tok[i + 1]);
    if (!all_digits(tok[i + 2])) return std::nullopt;
    year = to_int(tok[i + 2]);
    if (tok[i + 2].size() == 2)
      year += year < 50 ? 2000 : 1900;
    else if (tok[i + 2].size() == 3)
      year += 1900;
    else if (tok[i + 2].size() != 4)
      return std::nullopt;
    i += 3;
  } else if (i + 1 < tok.size() && month_from_name(tok[i]) &&
             all_digits(tok[i + 1])) {
    month = month_from_name(tok[i]);
    day = to_int(tok[i + 1]);
    i += 2;
    // asctime: "Feb 6 02:53:47 1993"
    if (i + 1 < tok.size() && tok[i].find(':') != std::string::npos &&
        all_digits(tok[i + 1]) && tok[i + 1].size() == 4) {
      std::swap(tok[i], tok[i + 1]);
    }
    if (i >= tok.size() || !all_digits(tok[i]) || tok[i].size() != 4)
      return std::nullopt;
    year = to_int(tok[i]);
    ++i;
  } else {
    return std::nullopt;
  }
  if (month == 0 || day < 1 ||
      day > static_cast<int>(days_in_month(year, month)))
    return std::nullopt;
  int h = 0, mi = 0, s = 0;
  if (i < tok.size()) {
    auto parts = split(tok[i], ':');
    if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
    for (auto p : parts)
      if (!all_digits(p) || p.size() > 2) return std::nullopt;
    h = to_int(parts[0]);
    mi = to_int(parts[1]);
    if (parts.size() == 3) s = to_int(parts[2]);
    if (h > 23 || mi > 59 || s > 60) return std::nullopt;
    ++i;
  } else {
    return std::nullopt;  // a date without a time is not RFC 5322
  }
  int zone = 0;
  if (i < tok.size()) {
    if (!parse_zone(tok[i], &zone)) {
      // "+0100" glued to junk or an unknown zone name: RFC says -0000.
      zone = 0;
    }
  }
  int64_t t = days_from_civil(year, month, day) * 86400 + h * 3600 + mi * 60 +
              s - zone * 60;
  return format_utc(t);
}

}  // namespace leakscope::mime
