#include "sql_types.hpp"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "binxml.hpp"

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

// Appends v as exactly `width` decimal digits (leading zeros; v < 10^width).
// Hot path (every date and time value of every row): no printf.
void put_digits(std::string& out, uint64_t v, int width) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<size_t>(width));
}

std::string fmt_date(int64_t days0001) {
  int y;
  unsigned m, d;
  civil_from_days0001(days0001, &y, &m, &d);
  std::string out;
  out.reserve(32);
  if (y < 0) {
    out.push_back('-');
    y = -y;
  }
  if (y > 9999) {
    out += std::to_string(y);
  } else {
    put_digits(out, static_cast<uint64_t>(y), 4);
  }
  out.push_back('-');
  put_digits(out, m % 100, 2);
  out.push_back('-');
  put_digits(out, d % 100, 2);
  return out;
}

// Time of day from units of 10^-scale seconds, with `scale` fraction digits.
std::string fmt_time(uint64_t units, int scale) {
  uint64_t pow = 1;
  for (int i = 0; i < scale; ++i) pow *= 10;
  uint64_t secs = units / pow, frac = units % pow;
  std::string out;
  out.reserve(24);
  uint64_t hours = secs / 3600;
  if (hours > 99) {
    out += std::to_string(hours);
  } else {
    put_digits(out, hours, 2);
  }
  out.push_back(':');
  put_digits(out, secs / 60 % 60, 2);
  out.push_back(':');
  put_digits(out, secs % 60, 2);
  if (scale > 0) {
    out.push_back('.');
    put_digits(out, frac, scale);
  }
  return out;
}

size_t time_bytes(int scale) { return scale <= 2 ? 3 : scale <= 4 ? 4 : 5; }

std::string u128_to_string(unsigned __int128 v) {
  if (v == 0) return "0";
  char buf[48];
  int i = 47;
  buf[i] = 0;
  while (v) {
    buf[--i] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  }
  return std::string(buf + i);
}

// Inserts a decimal point `scale` digits from the right.
std::string place_point(std::string digits, int scale, bool negative) {
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale))
      digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return (negative ? "-" : "") + digits;
}

std::string convert_cp(std::string_view bytes, const char* cp) {
  bool ascii = true;
  for (unsigned char c : bytes)
    if (c >= 0x80) ascii = false;
  if (ascii) return std::string(bytes);
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
    if (U_FAILURE(err)) return std::string(bytes);
    cache.open.emplace_back(cp, conv);
  }
  ucnv_reset(conv);
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), conv,
                       err);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string utf16le(std::string_view bytes) {
  icu::UnicodeString u(reinterpret_cast<const UChar*>(bytes.data()),
                       static_cast<int32_t>(bytes.size() / 2));
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string fmt_float(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
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
      return "clr_udt";
    case kXml:
      return "xml";
    default:
      return "type" + std::to_string(t.xtype);
  }
}

bool decode_value(const ColumnType& t, std::string_view b, std::string* out) {
  auto need = [&](size_t n) {
    if (b.size() >= n) return true;
    *out = "expected " + std::to_string(n) + " bytes for " + type_name(t) +
           ", found " + std::to_string(b.size());
    return false;
  };
  switch (t.xtype) {
    case kTinyInt:
      if (!need(1)) return false;
      *out = std::to_string(rd<uint8_t>(b));
      return true;
    case kSmallInt:
      if (!need(2)) return false;
      *out = std::to_string(rd<int16_t>(b));
      return true;
    case kInt:
      if (!need(4)) return false;
      *out = std::to_string(rd<int32_t>(b));
      return true;
    case kBigInt:
      if (!need(8)) return false;
      *out = std::to_string(rd<int64_t>(b));
      return true;
    case kReal:
      if (!need(4)) return false;
      *out = fmt_float(rd<float>(b));
      return true;
    case kFloat:
      if (!need(8)) return false;
      *out = fmt_float(rd<double>(b));
      return true;
    case kMoney: {
      if (!need(8)) return false;
      // A little-endian 64-bit count of ten-thousandths.
      int64_t v = rd<int64_t>(b, 0);
      bool neg = v < 0;
      unsigned __int128 mag = neg ? static_cast<unsigned __int128>(-(v + 1)) + 1
                                  : static_cast<unsigned __int128>(v);
      *out = place_point(u128_to_string(mag), 4, neg);
      return true;
    }
    case kSmallMoney: {
      if (!need(4)) return false;
      int64_t v = rd<int32_t>(b);
      *out = place_point(std::to_string(v < 0 ? -v : v), 4, v < 0);
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
      *out = place_point(u128_to_string(mag), t.scale, !positive && mag != 0);
      return true;
    }
    case kBit:
      if (!need(1)) return false;
      *out = (b[0] & 1) ? "1" : "0";
      return true;
    case kDateTime: {
      if (!need(8)) return false;
      // Time first (1/300 s since midnight), then days since 1900-01-01.
      uint32_t ticks = rd<uint32_t>(b, 0);
      int32_t days = rd<int32_t>(b, 4);
      uint64_t ms = (static_cast<uint64_t>(ticks) * 10 + 1) / 3;
      *out = fmt_date(kDays0001To1900 + days) + "T" + fmt_time(ms, 3);
      return true;
    }
    case kSmallDateTime: {
      if (!need(4)) return false;
      // Minutes since midnight first, then days since 1900-01-01.
      uint16_t mins = rd<uint16_t>(b, 0), days = rd<uint16_t>(b, 2);
      *out = fmt_date(kDays0001To1900 + days) + "T" + fmt_time(mins * 60ull, 0);
      return true;
    }
    case kDate:
      if (!need(3)) return false;
      *out = fmt_date(static_cast<int64_t>(rd_uint(b, 0, 3)));
      return true;
    case kTime: {
      size_t n = time_bytes(t.scale);
      if (!need(n)) return false;
      *out = fmt_time(rd_uint(b, 0, n), t.scale);
      return true;
    }
    case kDateTime2: {
      size_t n = time_bytes(t.scale);
      if (!need(n + 3)) return false;
      *out = fmt_date(static_cast<int64_t>(rd_uint(b, n, 3))) + "T" +
             fmt_time(rd_uint(b, 0, n), t.scale);
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
      *out = fmt_date(days) + "T" +
             fmt_time(static_cast<uint64_t>(local), t.scale) + z;
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
      *out = convert_cp(b, code_page_for(t.collation));
      return true;
    case kNChar:
    case kNVarChar:
    case kNText:
      *out = utf16le(b);
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
