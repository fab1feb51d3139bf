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
  out.reserve(in.size() / 4 * 3 + 3);
  uint32_t acc = 0;
  int bits = 0;
  size_t quantum = 0;
  bool padded = false;
  for (unsigned char c : in) {
    int8_t v = kBase64[c];
    if (v < 0) {
      if (c == '=') {
        padded = true;
      } else if (c != '\r' && c != '\n' && c != ' ' && c != '\t' && stats) {
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
    bits += 6;
    ++quantum;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (stats && quantum % 4 == 1) stats->bad_padding = true;
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

std::string decode_uuencode(std::string_view in, DecodeStats* stats) {
  std::string out;
  size_t pos = 0;
  bool started = false;
  while (pos < in.size()) {
    size_t eol = in.find('\n', pos);
    if (eol == std::string_view::npos) eol = in.size();
    std::string_view line = in.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!started) {
      if (line.rfind("begin ", 0) == 0) started = true;
      continue;
    }
    if (line == "end") break;
    if (line.empty()) continue;
    int n = (line[0] - 32) & 63;
    size_t k = 1;
    uint32_t acc = 0;
    int bits = 0;
    int produced = 0;
    while (k < line.size() && produced < n) {
      acc = (acc << 6) | static_cast<uint32_t>((line[k] - 32) & 63);
      bits += 6;
      ++k;
      if (bits >= 8) {
        bits -= 8;
        out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        ++produced;
      }
    }
    if (produced < n && stats) ++stats->invalid_chars;
  }
  return out;
}

}  // namespace leakscope::mime
