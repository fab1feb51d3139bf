#include "encode.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace leakscope::bakgen {

namespace {

[[noreturn]] void fail(const Column& c, std::string_view text,
                       const std::string& why) {
  std::string shown(text.substr(0, 60));
  if (text.size() > 60) shown += "...";
  throw std::invalid_argument("column " + c.name + ": value \"" + shown +
                              "\": " + why);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

template <typename T>
void put(std::string& out, T v) {
  char b[sizeof v];
  std::memcpy(b, &v, sizeof v);
  out.append(b, sizeof v);
}

void put_uint(std::string& out, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// Time bytes of time(n)/datetime2(n)/datetimeoffset(n).
size_t time_bytes(int scale) { return scale <= 2 ? 3 : scale <= 4 ? 4 : 5; }

uint64_t pow10(int n) {
  uint64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

constexpr int64_t kDays0001To1900 = 693595;
constexpr int64_t kMaxDays = 3652058;  // 9999-12-31

// A date and time as text: "YYYY-MM-DD", then optionally 'T' or ' ' and
// "HH:MM[:SS[.fraction]]", then optionally "Z" or "+HH:MM" / "-HH:MM".
struct TimeText {
  int64_t days = 0;  // since 0001-01-01
  bool has_date = false;
  int64_t seconds = 0;   // of the day
  std::string fraction;  // digits after the point
  bool has_offset = false;
  int offset_minutes = 0;
};

bool digits_at(std::string_view s, size_t at, size_t n, int64_t* v) {
  if (at + n > s.size()) return false;
  int64_t x = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    x = x * 10 + (s[i] - '0');
  }
  *v = x;
  return true;
}

// Parses what follows a date (or the whole text when `date` is false).
bool parse_time_text(std::string_view s, bool date, TimeText* t) {
  size_t p = 0;
  if (date) {
    int64_t y, m, d;
    if (!digits_at(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' ||
        !digits_at(s, 5, 2, &m) || s[7] != '-' || !digits_at(s, 8, 2, &d))
      return false;
    if (y < 1 || m < 1 || m > 12 || d < 1) return false;
    static const int kMonthDays[] = {31, 28, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int dim = kMonthDays[m - 1] + (m == 2 && leap ? 1 : 0);
    if (d > dim) return false;
    t->days =
        days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    t->has_date = true;
    p = 10;
    if (p == s.size()) return true;
    if (s[p] != 'T' && s[p] != ' ') return false;
    ++p;
  }
  int64_t hh, mm, ss = 0;
  if (!digits_at(s, p, 2, &hh) || p + 5 > s.size() || s[p + 2] != ':' ||
      !digits_at(s, p + 3, 2, &mm))
    return false;
  p += 5;
  if (p < s.size() && s[p] == ':') {
    if (!digits_at(s, p + 1, 2, &ss)) return false;
    p += 3;
    if (p < s.size() && s[p] == '.') {
      ++p;
      while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p])))
        t->fraction.push_back(s[p++]);
      if (t->fraction.empty()) return false;
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return false;
  t->seconds = hh * 3600 + mm * 60 + ss;
  if (p < s.size()) {
    if (s[p] == 'Z' && p + 1 == s.size()) {
      t->has_offset = true;
      return true;
    }
    int64_t oh, om;
    if ((s[p] != '+' && s[p] != '-') || p + 6 != s.size() ||
        !digits_at(s, p + 1, 2, &oh) || s[p + 3] != ':' ||
        !digits_at(s, p + 4, 2, &om) || om > 59 || oh * 60 + om > 840)
      return false;
    t->has_offset = true;
    t->offset_minutes =
        static_cast<int>((oh * 60 + om) * (s[p] == '-' ? -1 : 1));
  }
  return true;
}

// The fraction rounded to `scale` digits, and whether it rounded up to a
// whole second.
uint64_t fraction_units(const std::string& f, int scale, bool* carry) {
  uint64_t units = 0;
  for (int i = 0; i < scale; ++i)
    units = units * 10 + (i < static_cast<int>(f.size()) ? f[i] - '0' : 0);
  if (static_cast<int>(f.size()) > scale && f[scale] >= '5') ++units;
  *carry = units >= pow10(scale);
  if (*carry) units -= pow10(scale);
  return units;
}

// An exact decimal: sign, magnitude (unscaled) at `scale`, rounded half
// away from zero. Returns false when not a number or beyond `max_digits`
// digits in total.
bool parse_decimal(std::string_view s, int scale, int max_digits, bool* neg,
                   unsigned __int128* mag) {
  s = trim(s);
  *neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    *neg = s[0] == '-';
    s.remove_prefix(1);
  }
  std::string ip, fp;
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
    ip.push_back(s[i++]);
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      fp.push_back(s[i++]);
  }
  if (i != s.size() || (ip.empty() && fp.empty())) return false;
  ip.erase(0, std::min(ip.find_first_not_of('0'), ip.size()));
  bool round_up = static_cast<int>(fp.size()) > scale && fp[scale] >= '5';
  fp.resize(static_cast<size_t>(scale), '0');
  std::string all = ip + fp;
  all.erase(0, std::min(all.find_first_not_of('0'), all.size()));
  if (static_cast<int>(all.size()) > max_digits) return false;
  unsigned __int128 v = 0;
  for (char ch : all) v = v * 10 + static_cast<unsigned>(ch - '0');
  if (round_up) ++v;
  unsigned __int128 limit = 1;
  for (int k = 0; k < max_digits; ++k) limit *= 10;
  if (v >= limit) return false;
  *mag = v;
  if (v == 0) *neg = false;
  return true;
}

template <typename T>
bool parse_int(std::string_view s, T* v) {
  s = trim(s);
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

size_t decimal_bytes(int precision) {
  return precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17;
}

// One code point of UTF-8 at s[*i]; -1 when invalid.
int32_t next_code_point(std::string_view s, size_t* i) {
  auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t c = b(*i);
  int n;
  int32_t cp;
  if (c < 0x80) {
    ++*i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    n = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 3;
    cp = c & 0x07;
  } else {
    return -1;
  }
  if (*i + static_cast<size_t>(n) >= s.size()) return -1;
  for (int k = 1; k <= n; ++k) {
    if (*i + k >= s.size() || (b(*i + k) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b(*i + k) & 0x3F);
  }
  static const int32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return -1;
  *i += static_cast<size_t>(n) + 1;
  return cp;
}

// Characters of windows-1252 at 0x80..0x9F (0: not assigned).
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days1970 = era * 146097 + static_cast<int64_t>(doe) - 719468;
  return days1970 + 719162;
}

void civil_from_days(int64_t days, int64_t* y, unsigned* m, unsigned* d) {
  int64_t z = days - 719162 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

std::string utf8_to_utf16le(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (size_t i = 0; i < s.size();) {
    int32_t cp = next_code_point(s, &i);
    if (cp < 0)
      throw std::invalid_argument("invalid UTF-8 at byte " + std::to_string(i));
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put<uint16_t>(out, static_cast<uint16_t>(0xD800 + (cp >> 10)));
      put<uint16_t>(out, static_cast<uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      put<uint16_t>(out, static_cast<uint16_t>(cp));
    }
  }
  return out;
}

std::string utf8_to_cp1252(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t at = i;
    int32_t cp = next_code_point(s, &i);
    if (cp < 0)
      throw std::invalid_argument("invalid UTF-8 at byte " +
                                  std::to_string(at));
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    int found = -1;
    for (int k = 0; k < 32 && cp > 0xFF; ++k)
      if (kCp1252High[k] == cp) found = 0x80 + k;
    if (found < 0)
      throw std::invalid_argument("U+" + std::to_string(cp) +
                                  " (decimal) is not in windows-1252");
    out.push_back(static_cast<char>(found));
  }
  return out;
}

std::string parse_hex(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    s.remove_prefix(2);
  if (s.size() % 2) throw std::invalid_argument("odd number of hex digits");
  std::string out;
  out.reserve(s.size() / 2);
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); i += 2) {
    int hi = nib(s[i]), lo = nib(s[i + 1]);
    if (hi < 0 || lo < 0) throw std::invalid_argument("not a hex digit");
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string mtf_date(const CivilTime& t) {
  uint64_t v = (static_cast<uint64_t>(t.year) << 26) |
               (static_cast<uint64_t>(t.month) << 22) |
               (static_cast<uint64_t>(t.day) << 17) |
               (static_cast<uint64_t>(t.hour) << 12) |
               (static_cast<uint64_t>(t.minute) << 6) |
               static_cast<uint64_t>(t.second);
  std::string out(5, '\0');
  for (int i = 0; i < 5; ++i)
    out[static_cast<size_t>(i)] =
        static_cast<char>((v >> (8 * (4 - i))) & 0xFF);
  return out;
}

CivilTime parse_civil_time(std::string_view text) {
  TimeText t;
  if (!parse_time_text(trim(text), true, &t) || t.has_offset ||
      !t.fraction.empty())
    throw std::invalid_argument("not a date and time: " + std::string(text));
  CivilTime c;
  int64_t y;
  unsigned m, d;
  civil_from_days(t.days, &y, &m, &d);
  c.year = static_cast<int>(y);
  c.month = static_cast<int>(m);
  c.day = static_cast<int>(d);
  c.hour = static_cast<int>(t.seconds / 3600);
  c.minute = static_cast<int>(t.seconds / 60 % 60);
  c.second = static_cast<int>(t.seconds % 60);
  return c;
}

Column::Column(std::string column_name, std::string_view type)
    : name(std::move(column_name)) {
  auto bad = [&](const std::string& why) {
    throw std::invalid_argument("column " + name + ": type \"" +
                                std::string(type) + "\": " + why);
  };
  std::string t = lower(trim(type));
  // Trailing NULL / NOT NULL, then COLLATE name.
  auto ends_with = [&](std::string_view suffix) {
    return t.size() >= suffix.size() &&
           t.compare(t.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(" not null")) {
    nullable = false;
    t.resize(t.size() - 9);
  } else if (ends_with(" null")) {
    t.resize(t.size() - 5);
  }
  t = std::string(trim(t));
  if (ends_with(" sparse")) {
    sparse = true;
    t.resize(t.size() - 7);
    t = std::string(trim(t));
    if (!nullable) bad("a SPARSE column must be nullable");
  }
  size_t coll = t.find(" collate ");
  if (coll != std::string::npos) {
    std::string cname(trim(std::string_view(t).substr(coll + 9)));
    if (cname == "sql_latin1_general_cp1_ci_as")
      collation = kSqlLatin1Cp1CiAs;
    else if (cname == "latin1_general_ci_as")
      collation = kLatin1GeneralCiAs;
    else if (cname == "modern_spanish_ci_as")
      collation = kModernSpanishCiAs;
    else
      bad("collation not supported (windows-1252 collations only: "
          "SQL_Latin1_General_CP1_CI_AS, Latin1_General_CI_AS, "
          "Modern_Spanish_CI_AS)");
    t = std::string(trim(std::string_view(t).substr(0, coll)));
  }
  // name[(a[,b])]
  std::string base = t, args;
  size_t paren = t.find('(');
  if (paren != std::string::npos) {
    if (t.back() != ')') bad("unbalanced parenthesis");
    base = std::string(trim(std::string_view(t).substr(0, paren)));
    args = t.substr(paren + 1, t.size() - paren - 2);
  }
  std::vector<std::string> arg;
  if (!args.empty()) {
    size_t start = 0;
    for (;;) {
      size_t comma = args.find(',', start);
      arg.emplace_back(trim(std::string_view(args).substr(
          start,
          comma == std::string::npos ? std::string::npos : comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  auto num = [&](size_t i, int lo, int hi) {
    int v = 0;
    if (i >= arg.size() || !parse_int(arg[i], &v) || v < lo || v > hi)
      bad("argument " + std::to_string(i + 1) + " must be " +
          std::to_string(lo) + ".." + std::to_string(hi));
    return v;
  };
  auto no_args = [&]() {
    if (!arg.empty()) bad("takes no arguments");
  };
  auto length_arg = [&](int max_n, int unit, bool allow_max) -> int16_t {
    if (arg.empty()) return static_cast<int16_t>(unit);
    if (arg.size() != 1) bad("takes one length");
    if (arg[0] == "max") {
      if (!allow_max) bad("(max) is only for varchar, nvarchar, varbinary");
      return -1;
    }
    return static_cast<int16_t>(num(0, 1, max_n) * unit);
  };
  auto scaled = [&](uint8_t x, int base_prec, size_t extra) {
    if (arg.size() > 1) bad("takes one scale");
    scale = static_cast<uint8_t>(arg.empty() ? 7 : num(0, 0, 7));
    xtype = x;
    precision = static_cast<uint8_t>(base_prec + (scale ? scale + 1 : 0));
    length = static_cast<int16_t>(time_bytes(scale) + extra);
  };
  auto simple = [&](uint8_t x, int16_t len, uint8_t prec, uint8_t sc = 0) {
    no_args();
    xtype = x;
    length = len;
    precision = prec;
    scale = sc;
  };
  if (base == "bit") {
    simple(kBit, 1, 1);
  } else if (base == "tinyint") {
    simple(kTinyInt, 1, 3);
  } else if (base == "smallint") {
    simple(kSmallInt, 2, 5);
  } else if (base == "int") {
    simple(kInt, 4, 10);
  } else if (base == "bigint") {
    simple(kBigInt, 8, 19);
  } else if (base == "real") {
    simple(kReal, 4, 24);
  } else if (base == "float") {
    int n = arg.empty() ? 53 : num(0, 1, 53);
    arg.clear();
    if (n <= 24)
      simple(kReal, 4, 24);
    else
      simple(kFloat, 8, 53);
  } else if (base == "money") {
    simple(kMoney, 8, 19, 4);
  } else if (base == "smallmoney") {
    simple(kSmallMoney, 4, 10, 4);
  } else if (base == "decimal" || base == "numeric") {
    int p = arg.empty() ? 18 : num(0, 1, 38);
    int s = arg.size() < 2 ? 0 : num(1, 0, p);
    if (arg.size() > 2) bad("takes precision and scale");
    xtype = base == "decimal" ? kDecimal : kNumeric;
    precision = static_cast<uint8_t>(p);
    scale = static_cast<uint8_t>(s);
    length = static_cast<int16_t>(decimal_bytes(p));
  } else if (base == "date") {
    simple(kDate, 3, 10);
  } else if (base == "time") {
    scaled(kTime, 8, 0);
  } else if (base == "datetime2") {
    scaled(kDateTime2, 19, 3);
  } else if (base == "datetimeoffset") {
    scaled(kDateTimeOffset, 26, 5);
  } else if (base == "datetime") {
    simple(kDateTime, 8, 23, 3);
  } else if (base == "smalldatetime") {
    simple(kSmallDateTime, 4, 16);
  } else if (base == "uniqueidentifier") {
    simple(kUniqueIdentifier, 16, 0);
  } else if (base == "char") {
    xtype = kChar;
    length = length_arg(8000, 1, false);
  } else if (base == "varchar") {
    xtype = kVarChar;
    length = length_arg(8000, 1, true);
  } else if (base == "nchar") {
    xtype = kNChar;
    length = length_arg(4000, 2, false);
  } else if (base == "nvarchar") {
    xtype = kNVarChar;
    length = length_arg(4000, 2, true);
  } else if (base == "sysname") {
    no_args();
    xtype = kNVarChar;
    utype = 256;
    length = 256;
  } else if (base == "binary") {
    xtype = kBinary;
    length = length_arg(8000, 1, false);
  } else if (base == "varbinary") {
    xtype = kVarBinary;
    length = length_arg(8000, 1, true);
  } else if (base == "text") {
    simple(kText, 16, 0);
  } else if (base == "ntext") {
    simple(kNText, 16, 0);
  } else if (base == "image") {
    simple(kImage, 16, 0);
  } else {
    bad("unknown or unsupported type");
  }
  bool character = xtype == kChar || xtype == kVarChar || xtype == kText ||
                   xtype == kNChar || xtype == kNVarChar || xtype == kNText;
  if (collation && !character) bad("COLLATE on a non-character type");
}

bool Column::fixed() const {
  switch (xtype) {
    case kVarBinary:
    case kVarChar:
    case kNVarChar:
    case kText:
    case kNText:
    case kImage:
      return false;
    default:
      return true;
  }
}

size_t Column::fixed_size() const {
  if (!fixed() || xtype == kBit) return 0;
  return static_cast<size_t>(length);
}

bool Column::off_row() const {
  return xtype == kText || xtype == kNText || xtype == kImage;
}

std::string encode_value(const Column& c, std::string_view text) {
  std::string out;
  auto need = [&](bool ok, const char* why) {
    if (!ok) fail(c, text, why);
  };
  switch (c.xtype) {
    case kBit: {
      std::string v = lower(trim(text));
      need(v == "0" || v == "1" || v == "true" || v == "false",
           "a bit is 0, 1, true or false");
      out.push_back(v == "1" || v == "true" ? 1 : 0);
      return out;
    }
    case kTinyInt: {
      int v;
      need(parse_int(text, &v) && v >= 0 && v <= 255, "tinyint is 0..255");
      out.push_back(static_cast<char>(v));
      return out;
    }
    case kSmallInt: {
      int16_t v = 0;
      need(parse_int(text, &v), "not a smallint");
      put(out, v);
      return out;
    }
    case kInt: {
      int32_t v = 0;
      need(parse_int(text, &v), "not an int");
      put(out, v);
      return out;
    }
    case kBigInt: {
      int64_t v = 0;
      need(parse_int(text, &v), "not a bigint");
      put(out, v);
      return out;
    }
    case kReal:
    case kFloat: {
      std::string_view s = trim(text);
      double v;
      auto r = std::from_chars(s.data(), s.data() + s.size(), v);
      need(r.ec == std::errc() && r.ptr == s.data() + s.size() &&
               std::isfinite(v),
           "not a finite number");
      if (c.xtype == kReal) {
        need(std::fabs(v) <= std::numeric_limits<float>::max(),
             "out of range for real");
        put(out, static_cast<float>(v));
      } else {
        put(out, v);
      }
      return out;
    }
    case kMoney:
    case kSmallMoney: {
      bool neg;
      unsigned __int128 mag;
      need(parse_decimal(text, 4, 19, &neg, &mag), "not a money amount");
      unsigned __int128 limit = c.xtype == kMoney
                                    ? (static_cast<unsigned __int128>(1) << 63)
                                    : (static_cast<unsigned __int128>(1) << 31);
      need(neg ? mag <= limit : mag < limit, "money out of range");
      if (c.xtype == kMoney) {
        int64_t v = neg ? static_cast<int64_t>(0 - static_cast<uint64_t>(mag))
                        : static_cast<int64_t>(mag);
        put(out, v);  // a little-endian count of 1/10000
      } else {
        int32_t v = neg ? static_cast<int32_t>(0u - static_cast<uint32_t>(mag))
                        : static_cast<int32_t>(mag);
        put(out, v);
      }
      return out;
    }
    case kDecimal:
    case kNumeric: {
      bool neg;
      unsigned __int128 mag;
      need(parse_decimal(text, c.scale, c.precision, &neg, &mag),
           "not a number of this precision and scale");
      out.push_back(neg ? 0 : 1);
      size_t n = static_cast<size_t>(c.length) - 1;
      for (size_t i = 0; i < n; ++i)
        out.push_back(static_cast<char>(static_cast<uint8_t>(mag >> (8 * i))));
      return out;
    }
    case kDate: {
      TimeText t;
      std::string_view s = trim(text);
      need(parse_time_text(s, true, &t) && s.size() == 10, "not a date");
      put_uint(out, static_cast<uint64_t>(t.days), 3);
      return out;
    }
    case kTime: {
      TimeText t;
      need(parse_time_text(trim(text), false, &t) && !t.has_offset,
           "not a time of day");
      bool carry;
      uint64_t f = fraction_units(t.fraction, c.scale, &carry);
      uint64_t secs = static_cast<uint64_t>(t.seconds) + carry;
      need(secs < 86400, "rounds to 24:00");
      put_uint(out, secs * pow10(c.scale) + f, time_bytes(c.scale));
      return out;
    }
    case kDateTime2:
    case kDateTimeOffset: {
      TimeText t;
      bool dto = c.xtype == kDateTimeOffset;
      need(parse_time_text(trim(text), true, &t) && (dto || !t.has_offset),
           dto ? "not a date, time and offset" : "not a date and time");
      bool carry;
      uint64_t f = fraction_units(t.fraction, c.scale, &carry);
      int64_t secs = t.seconds + (carry ? 1 : 0);
      int64_t days = t.days;
      // datetimeoffset is stored in UTC with the offset beside it.
      if (dto) secs -= static_cast<int64_t>(t.offset_minutes) * 60;
      while (secs < 0) {
        secs += 86400;
        --days;
      }
      while (secs >= 86400) {
        secs -= 86400;
        ++days;
      }
      need(days >= 0 && days <= kMaxDays, "date out of range");
      put_uint(out, static_cast<uint64_t>(secs) * pow10(c.scale) + f,
               time_bytes(c.scale));
      put_uint(out, static_cast<uint64_t>(days), 3);
      if (dto) put<int16_t>(out, static_cast<int16_t>(t.offset_minutes));
      return out;
    }
    case kDateTime: {
      TimeText t;
      need(parse_time_text(trim(text), true, &t) && !t.has_offset,
           "not a date and time");
      // Ticks of 1/300 s, rounded to the nearest (.000, .003, .007).
      std::string ns = t.fraction.substr(0, 9);
      ns.resize(9, '0');
      uint64_t frac_ns = std::stoull(ns);
      uint64_t ticks = static_cast<uint64_t>(t.seconds) * 300 +
                       (frac_ns * 3 + 5000000) / 10000000;
      int64_t days = t.days - kDays0001To1900;
      if (ticks >= 25920000) {
        ticks -= 25920000;
        ++days;
      }
      need(days >= -53690 && days <= 2958463,
           "datetime is 1753-01-01 to 9999-12-31");
      put<uint32_t>(out, static_cast<uint32_t>(ticks));
      put<int32_t>(out, static_cast<int32_t>(days));
      return out;
    }
    case kSmallDateTime: {
      TimeText t;
      need(parse_time_text(trim(text), true, &t) && !t.has_offset,
           "not a date and time");
      // Whole minutes: 29.998 s and less round down, 29.999 s up.
      std::string ms = t.fraction.substr(0, 3);
      ms.resize(3, '0');
      int64_t total_ms = t.seconds * 1000 + std::stoll(ms);
      int64_t mins = total_ms / 60000 + (total_ms % 60000 >= 29999 ? 1 : 0);
      int64_t days = t.days - kDays0001To1900;
      if (mins >= 1440) {
        mins -= 1440;
        ++days;
      }
      need(days >= 0 && days <= 65535,
           "smalldatetime is 1900-01-01 to 2079-06-06");
      put<uint16_t>(out, static_cast<uint16_t>(mins));
      put<uint16_t>(out, static_cast<uint16_t>(days));
      return out;
    }
    case kUniqueIdentifier: {
      std::string_view s = trim(text);
      if (s.size() == 38 && s.front() == '{' && s.back() == '}')
        s = s.substr(1, 36);
      need(s.size() == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' &&
               s[23] == '-',
           "a uniqueidentifier is 8-4-4-4-12 hex digits");
      std::string hex;
      for (char ch : s)
        if (ch != '-') hex.push_back(ch);
      std::string b;
      try {
        b = parse_hex(hex);
      } catch (const std::invalid_argument&) {
        fail(c, text, "not hex");
      }
      // The first three groups are little-endian.
      out = {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]};
      out.append(b, 8, 8);
      return out;
    }
    case kChar:
    case kVarChar:
    case kText: {
      try {
        out = utf8_to_cp1252(text);
      } catch (const std::invalid_argument& e) {
        fail(c, text, e.what());
      }
      break;
    }
    case kNChar:
    case kNVarChar:
    case kNText: {
      try {
        out = utf8_to_utf16le(text);
      } catch (const std::invalid_argument& e) {
        fail(c, text, e.what());
      }
      break;
    }
    case kBinary:
    case kVarBinary:
    case kImage: {
      try {
        out = parse_hex(text);
      } catch (const std::invalid_argument& e) {
        fail(c, text, e.what());
      }
      break;
    }
    default:
      fail(c, text, "type " + std::to_string(c.xtype) + " not supported");
  }
  // Character and binary data: fixed types are padded (spaces, 0x00).
  if (c.off_row()) return out;
  // (max) values over 8000 bytes are written off-row (LOB_DATA), up to
  // 600 fragments of 8000 bytes.
  size_t limit = c.length < 0 ? 600 * 8000 : static_cast<size_t>(c.length);
  if (out.size() > limit)
    fail(c, text,
         std::to_string(out.size()) + " bytes, the column holds " +
             std::to_string(limit));
  if (c.xtype == kChar) out.resize(limit, ' ');
  if (c.xtype == kBinary) out.resize(limit, '\0');
  if (c.xtype == kNChar)
    while (out.size() < limit) out.append(" \0", 2);
  return out;
}

}  // namespace leakscope::bakgen
