#include "util/text.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

namespace leakscope {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() &&
         iequals(s.substr(0, prefix.size()), prefix);
}

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
    ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' ||
                   s[e - 1] == '\n'))
    --e;
  return s.substr(b, e - b);
}

namespace {
// Length of the well-formed UTF-8 sequence at s[i], or 0 if ill-formed.
size_t utf8_seq_len(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t c = b(i);
  if (c < 0x80) return 1;
  size_t n = s.size() - i;
  if (c >= 0xC2 && c <= 0xDF) {
    return (n >= 2 && (b(i + 1) & 0xC0) == 0x80) ? 2 : 0;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3) return 0;
    uint8_t c1 = b(i + 1);
    if ((c1 & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4) return 0;
    uint8_t c1 = b(i + 1);
    if ((c1 & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80 ||
        (b(i + 3) & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}
}  // namespace

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // Fast path over ASCII.
    if (static_cast<uint8_t>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = utf8_seq_len(s, i);
    if (!n) return false;
    i += n;
  }
  return true;
}

std::string base_name(std::string_view path) {
  const size_t s = path.find_last_of("/\\");
  return std::string(s == std::string_view::npos ? path : path.substr(s + 1));
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {
const char kHex[] = "0123456789abcdef";

// The code point of the well-formed sequence of length n at s[i].
uint32_t code_point(std::string_view s, size_t i, size_t n) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
  if (n == 2) return ((b(0) & 0x1Fu) << 6) | (b(1) & 0x3Fu);
  if (n == 3)
    return ((b(0) & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
  return ((b(0) & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) |
         ((b(2) & 0x3Fu) << 6) | (b(3) & 0x3Fu);
}

bool needs_escape_ascii(uint8_t c) {
  return c < 0x20 || c == 0x7F || c == '\\';
}

bool needs_escape_cp(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}
}  // namespace

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      if (c == '\\') {
        out += "\\\\";
      } else if (needs_escape_ascii(c)) {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const size_t n = utf8_seq_len(s, i);
    if (!n) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      ++i;
      continue;
    }
    const uint32_t cp = code_point(s, i, n);
    if (needs_escape_cp(cp)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4)
        out += kHex[(cp >> shift) & 15];
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

bool is_printable(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      if (needs_escape_ascii(c)) return false;
      ++i;
      continue;
    }
    const size_t n = utf8_seq_len(s, i);
    if (!n || needs_escape_cp(code_point(s, i, n))) return false;
    i += n;
  }
  return true;
}

std::string unescape_printable(std::string_view s) {
  auto hex = [](char h) -> int {
    if (h >= '0' && h <= '9') return h - '0';
    if (h >= 'a' && h <= 'f') return h - 'a' + 10;
    if (h >= 'A' && h <= 'F') return h - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    const char k = s[i + 1];
    if (k == '\\') {
      out += '\\';
      ++i;
    } else if (k == 'x' && i + 3 < s.size() + 0 && hex(s[i + 2]) >= 0 &&
               hex(s[i + 3]) >= 0) {
      out += static_cast<char>(hex(s[i + 2]) * 16 + hex(s[i + 3]));
      i += 3;
    } else if (k == 'u' && i + 5 < s.size() + 0 && hex(s[i + 2]) >= 0 &&
               hex(s[i + 3]) >= 0 && hex(s[i + 4]) >= 0 && hex(s[i + 5]) >= 0) {
      uint32_t cp = 0;
      for (int d = 2; d <= 5; ++d)
        cp = cp * 16 + static_cast<uint32_t>(hex(s[i + d]));
      append_utf8(out, cp);
      i += 5;
    } else {
      out += s[i];
    }
  }
  return out;
}

void append_utf16le(std::string& out, std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size() / 2;
  // At most 3 UTF-8 bytes per UTF-16 unit (a surrogate pair: 4 for 2).
  const size_t start = out.size();
  out.resize(start + 3 * n);
  char* w = out.data() + start;
  size_t i = 0;
  while (i < n) {
    // Runs of ASCII, four units (8 bytes) at a time.
    static_assert(std::endian::native == std::endian::little);
    while (i + 4 <= n) {
      uint64_t v;
      std::memcpy(&v, p + 2 * i, 8);
      if (v & 0xFF80FF80FF80FF80ull) break;
      w[0] = static_cast<char>(v);
      w[1] = static_cast<char>(v >> 16);
      w[2] = static_cast<char>(v >> 32);
      w[3] = static_cast<char>(v >> 48);
      w += 4;
      i += 4;
    }
    if (i >= n) break;
    uint32_t c = p[2 * i] | (static_cast<uint32_t>(p[2 * i + 1]) << 8);
    ++i;
    if (c < 0x80) {
      *w++ = static_cast<char>(c);
      continue;
    }
    if (c >= 0xD800 && c <= 0xDFFF) {
      uint32_t lo = 0;
      if (c <= 0xDBFF && i < n)
        lo = p[2 * i] | (static_cast<uint32_t>(p[2 * i + 1]) << 8);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
        ++i;
      } else {
        c = 0xFFFD;
      }
    }
    if (c < 0x800) {
      *w++ = static_cast<char>(0xC0 | (c >> 6));
      *w++ = static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      *w++ = static_cast<char>(0xE0 | (c >> 12));
      *w++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      *w++ = static_cast<char>(0xF0 | (c >> 18));
      *w++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *w++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  out.resize(static_cast<size_t>(w - out.data()));
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t n = utf8_seq_len(s, i);
    if (n) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
    } else {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

}  // namespace leakscope
