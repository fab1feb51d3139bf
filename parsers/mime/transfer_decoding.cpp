#include "transfer_decoding.hpp"

#include <array>
#include <cstdint>

namespace leakscope::mime {

namespace {

constexpr std::array<int8_t, 256> make_base64_table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  const char* alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i)
    t[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr auto kBase64 = make_base64_table();

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string decode_base64(std::string_view in, DecodeStats* stats) {
  std::string out;
  out.resize(in.size() / 4 * 3 + 3);
  char* o = out.data();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  size_t i = 0;
  uint32_t acc = 0;
  int held = 0;  // sextets in acc (0..3); output is written per 4
  bool padded = false;
  while (i < n) {
    // Fast path: four alphabet characters at a quantum boundary.
    if (held == 0 && !padded && i + 4 <= n) {
      int8_t a = kBase64[p[i]], b = kBase64[p[i + 1]], c = kBase64[p[i + 2]],
             d = kBase64[p[i + 3]];
      if ((a | b | c | d) >= 0) {
        uint32_t v = (static_cast<uint32_t>(a) << 18) |
                     (static_cast<uint32_t>(b) << 12) |
                     (static_cast<uint32_t>(c) << 6) | static_cast<uint32_t>(d);
        o[0] = static_cast<char>(v >> 16);
        o[1] = static_cast<char>(v >> 8);
        o[2] = static_cast<char>(v);
        o += 3;
        i += 4;
        continue;
      }
    }
    unsigned char ch = p[i++];
    int8_t v = kBase64[ch];
    if (v < 0) {
      if (ch == '=') {
        padded = true;
      } else if (ch != '\r' && ch != '\n' && ch != ' ' && ch != '\t' && stats) {
        ++stats->invalid_chars;
      }
      continue;
    }
    if (padded) {
      // Data after the padding is not part of the encoded content; it is
      // counted as damage and ignored, as other mail readers do.
      if (stats) ++stats->invalid_chars;
      continue;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    if (++held == 4) {
      o[0] = static_cast<char>(acc >> 16);
      o[1] = static_cast<char>(acc >> 8);
      o[2] = static_cast<char>(acc);
      o += 3;
      held = 0;
      acc = 0;
    }
  }
  if (held == 2) {
    *o++ = static_cast<char>(acc >> 4);
  } else if (held == 3) {
    *o++ = static_cast<char>(acc >> 10);
    *o++ = static_cast<char>(acc >> 2);
  } else if (held == 1 && stats) {
    stats->bad_padding = true;
  }
  out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

std::string decode_quoted_printable(std::string_view in, bool header,
                                    DecodeStats* stats) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    char c = in[i];
    if (c == '=') {
      if (i + 1 < in.size() && in[i + 1] == '\n') {  // soft line break
        i += 2;
        continue;
      }
      if (i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {
        i += 3;
        continue;
      }
      if (i + 2 < in.size()) {
        int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
        if (hi >= 0 && lo >= 0) {
          out.push_back(static_cast<char>(hi * 16 + lo));
          i += 3;
          continue;
        }
      }
      // Soft break followed by trailing whitespace before the newline.
      size_t j = i + 1;
      while (j < in.size() && (in[j] == ' ' || in[j] == '\t')) ++j;
      if (j < in.size() && (in[j] == '\n' || in[j] == '\r')) {
        i = j +
            (in[j] == '\r' && j + 1 < in.size() && in[j + 1] == '\n' ? 2 : 1);
        continue;
      }
      if (j == in.size() && !header) {  // "=" at the very end
        i = j;
        continue;
      }
      if (stats) ++stats->invalid_chars;
      out.push_back('=');
      ++i;
      continue;
    }
    if (header && c == '_') {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
    ++i;
  }
  return out;
}

}  // namespace leakscope::mime
