#include "compressed_value.hpp"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <cstring>

namespace leakscope::mssql {

int64_t compressed_int(std::string_view b) {
  if (b.empty()) return 0;
  uint64_t u = 0;
  for (unsigned char c : b) u = (u << 8) | c;
  const unsigned bits = static_cast<unsigned>(b.size()) * 8;
  u ^= uint64_t{1} << (bits - 1);
  if (bits < 64 && (u >> (bits - 1)) & 1) u |= ~uint64_t{0} << bits;
  return static_cast<int64_t>(u);
}

bool vardecimal_text(std::string_view b, int scale, std::string* out) {
  std::string digits;
  int exponent = 0;
  bool negative = false;
  if (!b.empty()) {
    const uint8_t head = static_cast<uint8_t>(b[0]);
    negative = !(head & 0x80);
    exponent = (head & 0x7F) - 64;
    // 10-bit groups, most significant first; a last group cut short lost
    // trailing zero bits.
    const size_t bits = (b.size() - 1) * 8;
    for (size_t g = 0; g * 10 < bits; ++g) {
      unsigned v = 0;
      for (size_t k = 0; k < 10; ++k) {
        size_t bit = g * 10 + k;
        unsigned on = 0;
        if (bit < bits)
          on = (static_cast<uint8_t>(b[1 + bit / 8]) >> (7 - bit % 8)) & 1;
        v = (v << 1) | on;
      }
      if (v > 999) {
        *out = "vardecimal group " + std::to_string(v) + " above 999";
        return false;
      }
      char grp[4] = {static_cast<char>('0' + v / 100),
                     static_cast<char>('0' + v / 10 % 10),
                     static_cast<char>('0' + v % 10), 0};
      digits += grp;
    }
  }
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    digits.clear();
  } else {
    digits.erase(0, first);
    digits.erase(digits.find_last_not_of('0') + 1);
  }
  // value = d0.d1d2... x 10^exponent; the last digit's power:
  long last =
      digits.empty() ? 0 : exponent - static_cast<long>(digits.size()) + 1;
  if (!digits.empty() && -last > scale) {
    *out = "vardecimal has more fraction digits than scale " +
           std::to_string(scale);
    return false;
  }
  // Append zeros down to 10^-scale, then place the point.
  if (digits.empty()) {
    digits = "0";
    last = 0;
  }
  digits.append(static_cast<size_t>(last + scale), '0');
  if (digits.size() <= static_cast<size_t>(scale))
    digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
  if (scale > 0) digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  bool zero = digits.find_first_not_of("0.") == std::string::npos;
  *out = (negative && !zero ? "-" : "") + digits;
  return true;
}

namespace {

// Right-pads char data with spaces / binary with zeros to the column size.
bool padded(const ColumnType& t, std::string_view b, char pad,
            std::string* out) {
  size_t n = static_cast<size_t>(t.length > 0 ? t.length : 0);
  if (b.size() >= n) return decode_value(t, b, out);
  char buf[8000];
  std::memcpy(buf, b.data(), b.size());
  std::memset(buf + b.size(), pad, n - b.size());
  return decode_value(t, std::string_view(buf, n), out);
}

// nchar/nvarchar: odd lengths are SCSU (Unicode Technical Standard #6)
// compressed; even lengths are plain UTF-16LE.
bool unicode(const ColumnType& t, std::string_view b, std::string* out) {
  icu::UnicodeString u;
  if (b.size() % 2 == 0) {
    u = icu::UnicodeString(reinterpret_cast<const UChar*>(b.data()),
                           static_cast<int32_t>(b.size() / 2));
  } else {
    struct Scsu {
      UConverter* c = nullptr;
      ~Scsu() {
        if (c) ucnv_close(c);
      }
    };
    thread_local Scsu scsu;
    UErrorCode err = U_ZERO_ERROR;
    if (!scsu.c) {
      scsu.c = ucnv_open("SCSU", &err);
      if (scsu.c)
        ucnv_setToUCallBack(scsu.c, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr,
                            nullptr, &err);
    }
    if (!scsu.c || U_FAILURE(err)) {
      *out = "SCSU converter not available";
      return false;
    }
    // An SCSU form of even length is padded to odd with one 0x00 byte:
    // tried without it first.
    auto scsu_decode = [&](std::string_view in) {
      err = U_ZERO_ERROR;
      ucnv_reset(scsu.c);
      u = icu::UnicodeString(in.data(), static_cast<int32_t>(in.size()), scsu.c,
                             err);
      return U_SUCCESS(err);
    };
    if (!(b.back() == '\0' && scsu_decode(b.substr(0, b.size() - 1))) &&
        !scsu_decode(b)) {
      *out = "SCSU data not decodable";
      return false;
    }
  }
  if (t.xtype == kNChar && t.length > 0)
    while (u.length() < t.length / 2) u.append(static_cast<UChar>(0x20));
  out->clear();
  u.toUTF8String(*out);
  return true;
}

}  // namespace

bool decode_compressed_value(const ColumnType& t, std::string_view b,
                             bool bit_true, std::string* out) {
  auto too_long = [&](size_t max) {
    if (b.size() <= max) return false;
    *out = "compressed " + type_name(t) + " of " + std::to_string(b.size()) +
           " bytes (at most " + std::to_string(max) + ")";
    return true;
  };
  auto as_le = [&](int64_t v, size_t n) {
    char buf[8];
    for (size_t i = 0; i < n; ++i)
      buf[i] = static_cast<char>(static_cast<uint64_t>(v) >> (8 * i));
    return decode_value(t, std::string_view(buf, n), out);
  };
  switch (t.xtype) {
    case kBit:
      if (too_long(1)) return false;
      *out = bit_true || (!b.empty() && (b[0] & 1)) ? "1" : "0";
      return true;
    case kTinyInt:
      if (too_long(1)) return false;
      *out = std::to_string(b.empty() ? 0 : static_cast<uint8_t>(b[0]));
      return true;
    case kSmallInt:
    case kInt:
    case kBigInt:
    case kMoney:
    case kSmallMoney: {
      size_t n = fixed_size(t);
      if (too_long(n)) return false;
      return as_le(compressed_int(b), n);
    }
    case kReal:
    case kFloat: {
      // The most significant bytes of the little-endian value; the zero
      // bytes below them were dropped.
      size_t n = fixed_size(t);
      if (too_long(n)) return false;
      char buf[8] = {};
      std::memcpy(buf + (n - b.size()), b.data(), b.size());
      return decode_value(t, std::string_view(buf, n), out);
    }
    case kDateTime: {
      // Up to 4 bytes: time only; more: days (big-endian, top bit
      // inverted) then the time as 4 big-endian bytes.
      if (too_long(8)) return false;
      int64_t days = 0;
      uint32_t ticks = 0;
      if (b.size() > 4) {
        days = compressed_int(b.substr(0, b.size() - 4));
        for (unsigned char c : b.substr(b.size() - 4)) ticks = (ticks << 8) | c;
      } else {
        ticks = static_cast<uint32_t>(compressed_int(b));
      }
      char buf[8];
      for (int i = 0; i < 4; ++i) {
        buf[i] = static_cast<char>(ticks >> (8 * i));
        buf[4 + i] = static_cast<char>(static_cast<uint64_t>(days) >> (8 * i));
      }
      return decode_value(t, std::string_view(buf, 8), out);
    }
    case kDecimal:
    case kNumeric:
      return vardecimal_text(b, t.scale, out);
    case kChar:
      return padded(t, b, ' ', out);
    case kBinary:
      return padded(t, b, '\0', out);
    case kNChar:
    case kNVarChar:
      if (t.length < 0) return decode_value(t, b, out);  // nvarchar(max)
      return unicode(t, b, out);
    default:
      return decode_value(t, b, out);
  }
}

}  // namespace leakscope::mssql
