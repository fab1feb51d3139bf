#include "compress.hpp"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <stdexcept>

#include "encode.hpp"

namespace leakscope::bakgen {

namespace {

int64_t le_signed(const std::string& s) {
  uint64_t u = 0;
  for (size_t i = s.size(); i-- > 0;) u = (u << 8) | static_cast<uint8_t>(s[i]);
  size_t bits = s.size() * 8;
  if (bits < 64 && (u >> (bits - 1)) & 1) u |= ~uint64_t{0} << bits;
  return static_cast<int64_t>(u);
}

// Fewest big-endian bytes holding v in two's complement, top bit flipped.
std::string flipped_int(int64_t v) {
  size_t n = 1;
  while (n < 8) {
    int64_t lo = -(int64_t{1} << (8 * n - 1)),
            hi = (int64_t{1} << (8 * n - 1)) - 1;
    if (v >= lo && v <= hi) break;
    ++n;
  }
  std::string out(n, '\0');
  uint64_t u = static_cast<uint64_t>(v);
  for (size_t i = 0; i < n; ++i)
    out[n - 1 - i] = static_cast<char>((u >> (8 * i)) & 0xFF);
  out[0] = static_cast<char>(out[0] ^ 0x80);
  return out;
}

// Decimal digits of a little-endian unsigned magnitude.
std::string magnitude_digits(const std::string& le) {
  std::vector<uint32_t> words;  // base 2^32, little-endian
  for (size_t i = 0; i < le.size(); i += 4) {
    uint32_t w = 0;
    for (size_t k = 0; k < 4 && i + k < le.size(); ++k)
      w |= static_cast<uint32_t>(static_cast<uint8_t>(le[i + k])) << (8 * k);
    words.push_back(w);
  }
  std::string digits;
  auto zero = [&] {
    for (uint32_t w : words)
      if (w) return false;
    return true;
  };
  while (!zero()) {
    uint64_t rem = 0;
    for (size_t i = words.size(); i-- > 0;) {
      uint64_t cur = (rem << 32) | words[i];
      words[i] = static_cast<uint32_t>(cur / 10);
      rem = cur % 10;
    }
    digits.insert(digits.begin(), static_cast<char>('0' + rem));
  }
  return digits;
}

// vardecimal: byte 0 = sign (0x80 positive) | exponent + 64, where the value
// is d0.d1d2... x 10^exponent; then the digits in groups of three, 10 bits
// each, most significant first.
std::string vardecimal(const std::string& stored, int scale) {
  bool positive = stored[0] == 1;
  std::string digits = magnitude_digits(stored.substr(1));
  if (digits.empty()) return "";  // zero: no bytes
  int exponent = static_cast<int>(digits.size()) - 1 - scale;
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  while (digits.size() % 3) digits.push_back('0');
  std::string out(1,
                  static_cast<char>((positive ? 0x80 : 0) | (exponent + 64)));
  uint32_t acc = 0;
  int have = 0;
  for (size_t g = 0; g < digits.size(); g += 3) {
    uint32_t v = static_cast<uint32_t>((digits[g] - '0') * 100 +
                                       (digits[g + 1] - '0') * 10 +
                                       (digits[g + 2] - '0'));
    acc = (acc << 10) | v;
    have += 10;
    while (have >= 8) {
      out.push_back(static_cast<char>((acc >> (have - 8)) & 0xFF));
      have -= 8;
    }
  }
  if (have) out.push_back(static_cast<char>((acc << (8 - have)) & 0xFF));
  return out;
}

// SCSU form of UTF-16LE text when shorter, padded to an odd length.
std::string unicode_compressed(const std::string& utf16) {
  icu::UnicodeString u(reinterpret_cast<const UChar*>(utf16.data()),
                       static_cast<int32_t>(utf16.size() / 2));
  UErrorCode err = U_ZERO_ERROR;
  UConverter* c = ucnv_open("SCSU", &err);
  if (U_FAILURE(err)) throw std::runtime_error("ICU has no SCSU converter");
  std::string out(static_cast<size_t>(u.length()) * 3 + 16, '\0');
  int32_t n = u.extract(out.data(), static_cast<int32_t>(out.size()), c, err);
  ucnv_close(c);
  if (U_FAILURE(err)) throw std::runtime_error("SCSU encoding failed");
  out.resize(static_cast<size_t>(n));
  if (out.size() % 2 == 0) out.push_back('\0');
  return out.size() < utf16.size() ? out : utf16;
}

}  // namespace

CdCell row_compress(const Column& c, const std::optional<std::string>& stored) {
  CdCell cell;
  if (!stored) return cell;
  const std::string& s = *stored;
  std::string b;
  switch (c.xtype) {
    case kBit:
      cell.descriptor = s[0] ? 11 : 1;
      return cell;
    case kTinyInt:
      if (s[0]) b = s;
      break;
    case kSmallInt:
    case kInt:
    case kBigInt:
    case kMoney:
    case kSmallMoney: {
      int64_t v = le_signed(s);
      if (v) b = flipped_int(v);
      break;
    }
    case kReal:
    case kFloat: {
      size_t i = 0;
      while (i < s.size() && s[i] == 0) ++i;
      b = s.substr(i);
      break;
    }
    case kDateTime: {
      uint32_t ticks = static_cast<uint32_t>(le_signed(s.substr(0, 4)));
      int64_t days = le_signed(s.substr(4, 4));
      if (days == 0) {
        if (ticks) b = flipped_int(ticks);
      } else {
        b = flipped_int(days);
        for (int k = 3; k >= 0; --k)
          b.push_back(static_cast<char>((ticks >> (8 * k)) & 0xFF));
      }
      break;
    }
    case kDecimal:
    case kNumeric:
      b = vardecimal(s, c.scale);
      break;
    case kChar:
      b = s.substr(0, s.find_last_not_of(' ') + 1);
      break;
    case kBinary:
      b = s.substr(0, s.find_last_not_of('\0') + 1);
      break;
    case kNChar:
    case kNVarChar: {
      if (c.length < 0) {
        b = s;
        break;
      }
      std::string t = s;
      if (c.xtype == kNChar)
        while (t.size() >= 2 && t[t.size() - 2] == ' ' && t.back() == 0)
          t.resize(t.size() - 2);
      b = t.empty() ? t : unicode_compressed(t);
      break;
    }
    default:
      b = s;
  }
  cell.bytes = b;
  cell.descriptor = b.empty()       ? 1
                    : b.size() <= 8 ? static_cast<uint8_t>(b.size() + 1)
                                    : 10;
  return cell;
}

std::string build_cd_record(const std::vector<CdCell>& cells, uint8_t kind) {
  const size_t n = cells.size();
  bool any_long = false;
  for (const auto& c : cells) any_long |= c.descriptor == 10;
  std::string r(1,
                static_cast<char>(0x01 | (kind << 2) | (any_long ? 0x20 : 0)));
  if (n < 0x80) {
    r.push_back(static_cast<char>(n));
  } else {
    r.push_back(static_cast<char>(0x80 | (n >> 8)));
    r.push_back(static_cast<char>(n & 0xFF));
  }
  for (size_t i = 0; i < n; i += 2) {
    uint8_t lo = cells[i].descriptor;
    uint8_t hi = i + 1 < n ? cells[i + 1].descriptor : 0;
    r.push_back(static_cast<char>(lo | (hi << 4)));
  }
  const size_t clusters = (n + 29) / 30;
  std::string shorts, longs, long_ends, long_counts;
  for (size_t k = 0; k < clusters; ++k) {
    size_t short_len = 0, long_count = 0;
    for (size_t i = k * 30; i < n && i < (k + 1) * 30; ++i) {
      const CdCell& c = cells[i];
      if ((c.descriptor >= 2 && c.descriptor <= 9) || c.descriptor == 12) {
        shorts += c.bytes;
        short_len += c.bytes.size();
      } else if (c.descriptor == 10) {
        longs += c.bytes;
        long_ends.push_back(static_cast<char>(longs.size() & 0xFF));
        long_ends.push_back(static_cast<char>(longs.size() >> 8));
        ++long_count;
      }
    }
    if (k + 1 < clusters) {
      r.push_back(static_cast<char>(short_len));  // cluster array
      long_counts.push_back(static_cast<char>(long_count));
    }
  }
  r += shorts;
  if (any_long) {
    r.push_back(0x01);  // 2-byte offsets, no complex values
    size_t entries = long_ends.size() / 2;
    r.push_back(static_cast<char>(entries & 0xFF));
    r.push_back(static_cast<char>(entries >> 8));
    r += long_ends;
    r += long_counts;
    r += longs;
  }
  return r;
}

namespace {

std::string count_bytes(size_t k) {
  if (k < 0x80) return std::string(1, static_cast<char>(k));
  return {static_cast<char>(0x80 | (k >> 8)), static_cast<char>(k & 0xFF)};
}

uint8_t descriptor_for(size_t n) {
  return n == 0 ? 1 : n <= 8 ? static_cast<uint8_t>(n + 1) : 10;
}

// Prefix-encoded form: bytes shared with the anchor, then the rest.
std::string prefixed(const std::string& v, const std::string& anchor) {
  size_t p = 0;
  while (p < v.size() && p < anchor.size() && p < 0x7FFF && v[p] == anchor[p])
    ++p;
  return count_bytes(p) + v.substr(p);
}

bool has_anchor(const PageContext& ctx, size_t i) {
  return i < ctx.anchor.size() && ctx.anchor[i].descriptor != 0;
}

}  // namespace

PageContext page_context(const std::vector<CdCell>& first_row) {
  PageContext ctx;
  for (const CdCell& c : first_row) {
    CdCell a;
    bool has_bytes = c.descriptor != 0 && c.descriptor != 1 &&
                     c.descriptor != 11 && !c.bytes.empty();
    if (has_bytes && c.bytes.size() <= 200) a = c;  // anchors stay short
    ctx.anchor.push_back(a);
  }
  for (size_t i = 0; i < first_row.size() && ctx.symbols.size() < 100; ++i) {
    const CdCell& c = first_row[i];
    if (c.bytes.empty() || c.descriptor == 0) continue;
    std::string form =
        has_anchor(ctx, i) ? prefixed(c.bytes, ctx.anchor[i].bytes) : c.bytes;
    if (form.size() >= 3 && form.size() <= 100) ctx.symbols.push_back(form);
  }
  return ctx;
}

std::string build_compression_info(const PageContext& ctx) {
  std::string ci(5, '\0');
  ci[0] = static_cast<char>(0x01 | (ctx.symbols.empty() ? 0 : 0x02));
  ci += build_cd_record(ctx.anchor, 0);
  if (!ctx.symbols.empty()) {
    size_t n = ctx.symbols.size(), end = 0;
    ci.push_back(static_cast<char>(n & 0xFF));
    ci.push_back(static_cast<char>(n >> 8));
    std::string data;
    for (const auto& s : ctx.symbols) {
      data += s;
      end = data.size();
      ci.push_back(static_cast<char>(end & 0xFF));
      ci.push_back(static_cast<char>(end >> 8));
    }
    ci += data;
  }
  ci[3] = static_cast<char>(ci.size() & 0xFF);  // CI length
  ci[4] = static_cast<char>(ci.size() >> 8);
  return ci;
}

std::vector<CdCell> page_compress(const std::vector<CdCell>& row,
                                  const PageContext& ctx) {
  std::vector<CdCell> out;
  for (size_t i = 0; i < row.size(); ++i) {
    CdCell c = row[i];
    if (!c.bytes.empty()) {
      if (has_anchor(ctx, i)) c.bytes = prefixed(c.bytes, ctx.anchor[i].bytes);
      c.descriptor = descriptor_for(c.bytes.size());
      for (size_t k = 0; k < ctx.symbols.size(); ++k)
        if (ctx.symbols[k] == c.bytes) {
          c.bytes = count_bytes(k);
          c.descriptor = 12;
          break;
        }
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace leakscope::bakgen
