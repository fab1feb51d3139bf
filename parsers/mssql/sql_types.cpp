#include "sql_types.hpp"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <charconv>
#include <climits>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "binxml.hpp"
#include "collation.hpp"
#include "util/text.hpp"

namespace leakscope::mssql {

namespace {

template <typename T>
T rd(std::string_view b, size_t off = 0) {
  T v;
  std::memcpy(&v, b.data() + off, sizeof v);
  return v;
}

uint64_t rd_uint(std::string_view b, size_t off, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(b[off + i])) << (8 * i);
  return v;
}

// Proleptic Gregorian calendar from days since 0001-01-01.
void civil_from_days0001(int64_t days, int* y, unsigned* m, unsigned* d) {
  // Shift to days since 1970-01-01 (0001-01-01 is 719162 days earlier).
  int64_t z = days - 719162 + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yy + (*m <= 2));
}

constexpr int64_t kDays0001To1900 = 693595;

// "00".."99", two characters each: dates and times are written by pairs.
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536"
    "37383940414243444546474849505152535455565758596061626364656667686970717273"
    "7475767778798081828384858687888990919293949596979899";

// Writes v (< 100) as two digits at p.
inline void put2(char* p, unsigned v) {
  std::memcpy(p, kDigitPairs + 2 * v, 2);
}

// Writes v as exactly `width` decimal digits at p (leading zeros; v <
// 10^width).
inline void put_digits(char* p, uint64_t v, int width) {
  int i = width;
  while (i >= 2) {
    i -= 2;
    put2(p + i, static_cast<unsigned>(v % 100));
    v /= 100;
  }
  if (i) p[0] = static_cast<char>('0' + v % 10);
}

// Writes the ISO 8601 date of a day count since 0001-01-01 at `dst` (at
// most 24 characters); returns its length. Hot path (every date of every
// row): consecutive rows mostly share their day, so the last day's text is
// kept per thread.
size_t write_date(char* dst, int64_t days0001) {
  struct Last {
    int64_t days = INT64_MIN;
    char text[24];
    size_t len = 0;
  };
  thread_local Last last;
  if (last.days != days0001) {
    int y;
    unsigned m, d;
    civil_from_days0001(days0001, &y, &m, &d);
    char* p = last.text;
    if (y < 0) {
      *p++ = '-';
      y = -y;
    }
    if (y > 9999) {
      p = std::to_chars(p, p + 12, y).ptr;
    } else {
      put_digits(p, static_cast<uint64_t>(y), 4);
      p += 4;
    }
    *p++ = '-';
    put2(p, m % 100);
    p[2] = '-';
    put2(p + 3, d % 100);
    last.len = static_cast<size_t>(p + 5 - last.text);
    last.days = days0001;
  }
  std::memcpy(dst, last.text, sizeof last.text);
  return last.len;
}

void append_date(std::string& out, int64_t days0001) {
  char buf[24];
  out.append(buf, write_date(buf, days0001));
}

// Writes the time of day from units of 10^-Scale seconds, with Scale
// fraction digits, at `dst` (at most 36 characters); returns its length.
// A template so that every division is by a constant.
template <int Scale>
size_t write_time_scaled(char* dst, uint64_t units) {
  constexpr uint64_t kPow = [] {
    uint64_t p = 1;
    for (int i = 0; i < Scale; ++i) p *= 10;
    return p;
  }();
  uint64_t secs = units / kPow, frac = units % kPow;
  uint64_t hours = secs / 3600;
  char* p = dst;
  if (hours > 99) {
    p = std::to_chars(p, p + 20, hours).ptr;
  } else {
    put2(p, static_cast<unsigned>(hours));
    p += 2;
  }
  *p = ':';
  put2(p + 1, static_cast<unsigned>(secs / 60 % 60));
  p[3] = ':';
  put2(p + 4, static_cast<unsigned>(secs % 60));
  p += 6;
  if constexpr (Scale > 0) {
    *p++ = '.';
    put_digits(p, frac, Scale);
    p += Scale;
  }
  return static_cast<size_t>(p - dst);
}

template <int Scale>
void append_time_scaled(std::string& out, uint64_t units) {
  char buf[40];
  out.append(buf, write_time_scaled<Scale>(buf, units));
}

// The same for a scale known only at run time (0..7; a damaged catalog's
// larger scale is read as 7, never written past).
void append_time(std::string& out, uint64_t units, int scale) {
  using Append = void (*)(std::string&, uint64_t);
  static constexpr Append kByScale[] = {
      append_time_scaled<0>, append_time_scaled<1>, append_time_scaled<2>,
      append_time_scaled<3>, append_time_scaled<4>, append_time_scaled<5>,
      append_time_scaled<6>, append_time_scaled<7>};
  kByScale[scale < 0 ? 0 : scale > 7 ? 7 : scale](out, units);
}

size_t time_bytes(int scale) { return scale <= 2 ? 3 : scale <= 4 ? 4 : 5; }

void append_u128(std::string& out, unsigned __int128 v) {
  char buf[48];
  int i = 48;
  do {
    buf[--i] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v);
  out.append(buf + i, static_cast<size_t>(48 - i));
}

// Appends the decimal digits of `mag` with a point `scale` digits from the
// right (exact: no floating point on the way).
void append_scaled(std::string& out, unsigned __int128 mag, int scale,
                   bool negative) {
  if (negative) out.push_back('-');
  size_t at = out.size();
  append_u128(out, mag);
  if (scale <= 0) return;
  size_t digits = out.size() - at;
  if (digits <= static_cast<size_t>(scale))
    out.insert(at, static_cast<size_t>(scale) - digits + 1, '0');
  out.insert(out.size() - static_cast<size_t>(scale), 1, '.');
}

void append_cp(std::string& out, std::string_view bytes, const char* cp) {
  bool ascii = true;
  for (unsigned char c : bytes) ascii &= c < 0x80;
  if (ascii) {
    out.append(bytes);
    return;
  }
  // Converters are opened once per thread and code page: `cp` is one of the
  // static names of collation.cpp, so the pointer identifies it.
  struct Cache {
    std::vector<std::pair<const char*, UConverter*>> open;
    ~Cache() {
      for (auto& [name, c] : open) ucnv_close(c);
    }
  };
  thread_local Cache cache;
  UConverter* conv = nullptr;
  for (auto& [name, c] : cache.open)
    if (name == cp) conv = c;
  UErrorCode err = U_ZERO_ERROR;
  if (!conv) {
    conv = ucnv_open(cp, &err);
    if (U_FAILURE(err)) {
      out.append(bytes);
      return;
    }
    cache.open.emplace_back(cp, conv);
  }
  ucnv_reset(conv);
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), conv,
                       err);
  u.toUTF8String(out);
}

void append_float(std::string& out, double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace

std::string to_hex(std::string_view bytes) {
  static const char* k = "0123456789ABCDEF";
  std::string out = "0x";
  out.reserve(2 + bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(k[c >> 4]);
    out.push_back(k[c & 15]);
  }
  return out;
}

bool is_fixed_length(uint8_t x) {
  switch (x) {
    case kUniqueIdentifier:
    case kDate:
    case kTime:
    case kDateTime2:
    case kDateTimeOffset:
    case kTinyInt:
    case kSmallInt:
    case kInt:
    case kSmallDateTime:
    case kReal:
    case kMoney:
    case kDateTime:
    case kFloat:
    case kBit:
    case kDecimal:
    case kNumeric:
    case kSmallMoney:
    case kBigInt:
    case kBinary:
    case kChar:
    case kTimestamp:
    case kNChar:
      return true;
    default:
      return false;
  }
}

size_t fixed_size(const ColumnType& t) {
  switch (t.xtype) {
    case kBit:
      return 0;
    case kTinyInt:
      return 1;
    case kSmallInt:
      return 2;
    case kInt:
    case kReal:
    case kSmallMoney:
    case kSmallDateTime:
      return 4;
    case kBigInt:
    case kMoney:
    case kDateTime:
    case kFloat:
    case kTimestamp:
      return 8;
    case kUniqueIdentifier:
      return 16;
    case kDate:
      return 3;
    case kTime:
      return time_bytes(t.scale);
    case kDateTime2:
      return time_bytes(t.scale) + 3;
    case kDateTimeOffset:
      return time_bytes(t.scale) + 5;
    default:
      return t.length > 0 ? static_cast<size_t>(t.length) : 0;
  }
}

bool is_lob_type(const ColumnType& t) {
  return t.xtype == kText || t.xtype == kNText || t.xtype == kImage ||
         t.xtype == kXml ||
         (t.length == -1 && (t.xtype == kVarChar || t.xtype == kNVarChar ||
                             t.xtype == kVarBinary || t.xtype == kClrUdt));
}

std::string type_name(const ColumnType& t) {
  auto len = [&](int div) {
    if (t.length == -1) return std::string("(max)");
    return "(" + std::to_string(t.length / div) + ")";
  };
  switch (t.xtype) {
    case kImage:
      return "image";
    case kText:
      return "text";
    case kUniqueIdentifier:
      return "uniqueidentifier";
    case kDate:
      return "date";
    case kTime:
      return "time(" + std::to_string(t.scale) + ")";
    case kDateTime2:
      return "datetime2(" + std::to_string(t.scale) + ")";
    case kDateTimeOffset:
      return "datetimeoffset(" + std::to_string(t.scale) + ")";
    case kTinyInt:
      return "tinyint";
    case kSmallInt:
      return "smallint";
    case kInt:
      return "int";
    case kSmallDateTime:
      return "smalldatetime";
    case kReal:
      return "real";
    case kMoney:
      return "money";
    case kDateTime:
      return "datetime";
    case kFloat:
      return "float";
    case kSqlVariant:
      return "sql_variant";
    case kNText:
      return "ntext";
    case kBit:
      return "bit";
    case kDecimal:
      return "decimal(" + std::to_string(t.precision) + "," +
             std::to_string(t.scale) + ")";
    case kNumeric:
      return "numeric(" + std::to_string(t.precision) + "," +
             std::to_string(t.scale) + ")";
    case kSmallMoney:
      return "smallmoney";
    case kBigInt:
      return "bigint";
    case kVarBinary:
      return "varbinary" + len(1);
    case kVarChar:
      return "varchar" + len(1);
    case kBinary:
      return "binary" + len(1);
    case kChar:
      return "char" + len(1);
    case kTimestamp:
      return "timestamp";
    case kNVarChar:
      return "nvarchar" + len(2);
    case kNChar:
      return "nchar" + len(2);
    case kClrUdt:
      // Shown as hex; the type says how to read it.
      return t.utype == 128   ? "hierarchyid"
             : t.utype == 129 ? "geometry"
             : t.utype == 130 ? "geography"
                              : "clr_udt";
    case kXml:
      return "xml";
    default:
      return "type" + std::to_string(t.xtype);
  }
}

// out = [src, src + n), for the short texts of the row loop (n <= 32)
// without a library call per value: the length is set only when it
// changes (consecutive rows mostly repeat it) and the bytes move in
// overlapping fixed-size chunks, which compile to plain loads and stores.
inline void assign_short(std::string* out, const char* src, size_t n) {
  if (n > 32) {
    out->assign(src, n);
    return;
  }
  if (out->size() != n) out->resize(n);
  char* d = out->data();
  if (n >= 16) {
    std::memcpy(d, src, 16);
    std::memcpy(d + n - 16, src + n - 16, 16);
  } else if (n >= 8) {
    std::memcpy(d, src, 8);
    std::memcpy(d + n - 8, src + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(d, src, 4);
    std::memcpy(d + n - 4, src + n - 4, 4);
  } else if (n > 0) {
    d[0] = src[0];
    d[n / 2] = src[n / 2];
    d[n - 1] = src[n - 1];
  }
}

bool decode_fixed_fast(uint8_t xtype, const char* p, std::string* out) {
  char buf[24];
  char* end;
  switch (xtype) {
    case kInt: {
      int32_t v;
      std::memcpy(&v, p, 4);
      end = std::to_chars(buf, buf + sizeof buf, v).ptr;
      break;
    }
    case kSmallInt: {
      int16_t v;
      std::memcpy(&v, p, 2);
      end = std::to_chars(buf, buf + sizeof buf, v).ptr;
      break;
    }
    case kTinyInt:
      end = std::to_chars(buf, buf + sizeof buf, static_cast<uint8_t>(*p)).ptr;
      break;
    case kBigInt: {
      int64_t v;
      std::memcpy(&v, p, 8);
      end = std::to_chars(buf, buf + sizeof buf, v).ptr;
      break;
    }
    case kDateTime: {
      // Time first (1/300 s since midnight), then days since 1900-01-01.
      uint32_t ticks;
      int32_t days;
      std::memcpy(&ticks, p, 4);
      std::memcpy(&days, p + 4, 4);
      // One buffer, one assignment: date, 'T', time.
      char text[72];
      size_t n = write_date(text, kDays0001To1900 + days);
      text[n++] = 'T';
      n += write_time_scaled<3>(text + n,
                                (static_cast<uint64_t>(ticks) * 10 + 1) / 3);
      assign_short(out, text, n);
      return true;
    }
    default:
      return false;
  }
  assign_short(out, buf, static_cast<size_t>(end - buf));
  return true;
}

bool decode_text_fast(uint8_t xtype, std::string_view b, std::string* out) {
  if (xtype == kVarChar || xtype == kChar) {
    // Eight bytes at a time: any high bit means a code page decides.
    const char* p = b.data();
    size_t n = b.size(), i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) return false;
    }
    for (; i < n; ++i)
      if (static_cast<unsigned char>(p[i]) >= 0x80) return false;
    assign_short(out, p, n);
    return true;
  }
  if (xtype == kNVarChar || xtype == kNChar) {
    out->clear();
    append_utf16le(*out, b);
    return true;
  }
  return false;
}

bool decode_value(const ColumnType& t, std::string_view b, std::string* out) {
  auto need = [&](size_t n) {
    if (b.size() >= n) return true;
    *out = "expected " + std::to_string(n) + " bytes for " + type_name(t) +
           ", found " + std::to_string(b.size());
    return false;
  };
  // `out` is cleared, not replaced, so that its capacity serves the next row.
  out->clear();
  std::string& o = *out;
  switch (t.xtype) {
    case kTinyInt:
    case kSmallInt:
    case kInt:
    case kBigInt:
    case kDateTime:
      // The row loop's fast path is the one implementation of these.
      if (!need(fixed_size(t))) return false;
      return decode_fixed_fast(t.xtype, b.data(), out);
    case kReal:
      if (!need(4)) return false;
      append_float(o, rd<float>(b));
      return true;
    case kFloat:
      if (!need(8)) return false;
      append_float(o, rd<double>(b));
      return true;
    case kMoney: {
      if (!need(8)) return false;
      // A little-endian 64-bit count of ten-thousandths.
      int64_t v = rd<int64_t>(b, 0);
      bool neg = v < 0;
      unsigned __int128 mag = neg ? static_cast<unsigned __int128>(-(v + 1)) + 1
                                  : static_cast<unsigned __int128>(v);
      append_scaled(o, mag, 4, neg);
      return true;
    }
    case kSmallMoney: {
      if (!need(4)) return false;
      int64_t v = rd<int32_t>(b);
      append_scaled(o, static_cast<unsigned __int128>(v < 0 ? -v : v), 4,
                    v < 0);
      return true;
    }
    case kDecimal:
    case kNumeric: {
      if (!need(1)) return false;
      bool positive = b[0] == 1;
      unsigned __int128 mag = 0;
      size_t n = std::min<size_t>(b.size() - 1, 16);
      for (size_t i = n; i-- > 0;)
        mag = (mag << 8) | static_cast<uint8_t>(b[1 + i]);
      append_scaled(o, mag, t.scale, !positive && mag != 0);
      return true;
    }
    case kBit:
      if (!need(1)) return false;
      o.push_back((b[0] & 1) ? '1' : '0');
      return true;
    case kSmallDateTime: {
      if (!need(4)) return false;
      // Minutes since midnight first, then days since 1900-01-01.
      uint16_t mins = rd<uint16_t>(b, 0), days = rd<uint16_t>(b, 2);
      append_date(o, kDays0001To1900 + days);
      o.push_back('T');
      append_time(o, mins * 60ull, 0);
      return true;
    }
    case kDate:
      if (!need(3)) return false;
      append_date(o, static_cast<int64_t>(rd_uint(b, 0, 3)));
      return true;
    case kTime: {
      size_t n = time_bytes(t.scale);
      if (!need(n)) return false;
      append_time(o, rd_uint(b, 0, n), t.scale);
      return true;
    }
    case kDateTime2: {
      size_t n = time_bytes(t.scale);
      if (!need(n + 3)) return false;
      append_date(o, static_cast<int64_t>(rd_uint(b, n, 3)));
      o.push_back('T');
      append_time(o, rd_uint(b, 0, n), t.scale);
      return true;
    }
    case kDateTimeOffset: {
      size_t n = time_bytes(t.scale);
      if (!need(n + 5)) return false;
      // Stored in UTC with the offset in minutes; shown as UTC plus offset.
      uint64_t units = rd_uint(b, 0, n);
      int64_t days = static_cast<int64_t>(rd_uint(b, n, 3));
      int16_t off = rd<int16_t>(b, n + 3);
      uint64_t pow = 1;
      for (int i = 0; i < t.scale; ++i) pow *= 10;
      int64_t local =
          static_cast<int64_t>(units) +
          static_cast<int64_t>(off) * 60 * static_cast<int64_t>(pow);
      int64_t day_units = 86400 * static_cast<int64_t>(pow);
      while (local < 0) {
        local += day_units;
        --days;
      }
      while (local >= day_units) {
        local -= day_units;
        ++days;
      }
      char z[8];
      std::snprintf(z, sizeof z, "%c%02d:%02d", off < 0 ? '-' : '+',
                    std::abs(off) / 60, std::abs(off) % 60);
      append_date(o, days);
      o.push_back('T');
      append_time(o, static_cast<uint64_t>(local), t.scale);
      o.append(z);
      return true;
    }
    case kUniqueIdentifier: {
      if (!need(16)) return false;
      char buf[40];
      const auto* u = reinterpret_cast<const uint8_t*>(b.data());
      std::snprintf(buf, sizeof buf,
                    "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%"
                    "02X%02X%02X",
                    u[3], u[2], u[1], u[0], u[5], u[4], u[7], u[6], u[8], u[9],
                    u[10], u[11], u[12], u[13], u[14], u[15]);
      *out = buf;
      return true;
    }
    case kChar:
    case kVarChar:
    case kText:
      if (char_data_may_be_utf8(t.collation) && is_valid_utf8(b)) {
        o.append(b);
      } else {
        append_cp(o, b, code_page_for(t.collation));
      }
      return true;
    case kNChar:
    case kNVarChar:
    case kNText:
      append_utf16le(o, b);
      return true;
    case kSqlVariant: {
      // Base type (u8), version (u8), type properties, then the value:
      // decimal/numeric: precision, scale; time types: scale; binary and
      // character types: max length u16 (+ 5-byte collation for characters).
      if (!need(2)) return false;
      ColumnType base;
      base.xtype = static_cast<uint8_t>(b[0]);
      size_t props = 0;
      switch (base.xtype) {
        case kDecimal:
        case kNumeric:
          if (!need(4)) return false;
          base.precision = static_cast<uint8_t>(b[2]);
          base.scale = static_cast<uint8_t>(b[3]);
          props = 2;
          break;
        case kTime:
        case kDateTime2:
        case kDateTimeOffset:
          if (!need(3)) return false;
          base.scale = static_cast<uint8_t>(b[2]);
          props = 1;
          break;
        case kBinary:
        case kVarBinary:
          props = 2;
          break;
        case kChar:
        case kVarChar:
        case kNChar:
        case kNVarChar:
          if (!need(9)) return false;
          base.collation = rd<uint32_t>(b, 4);
          props = 7;
          break;
        default:
          break;
      }
      if (b.size() < 2 + props || base.xtype == kSqlVariant) {
        *out = to_hex(b);
        return true;
      }
      std::string_view value = b.substr(2 + props);
      base.length = static_cast<int16_t>(value.size());
      if (!decode_value(base, value, out)) *out = to_hex(b);
      return true;
    }
    case kXml: {
      if (b.empty()) {
        out->clear();
        return true;
      }
      std::string text;
      if (binxml_to_text(b, &text)) {
        *out = std::move(text);
        return true;
      }
      // Not decodable: the bytes stay available as hex, with the reason.
      *out = "[binary XML not decoded: " + text + "] " + to_hex(b);
      return true;
    }
    default:
      *out = to_hex(b);
      return true;
  }
}

}  // namespace leakscope::mssql
