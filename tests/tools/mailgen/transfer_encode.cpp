#include "transfer_encode.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace mailgen {
namespace {

constexpr char kB64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kHex[] = "0123456789ABCDEF";

}  // namespace

std::string to_eol(std::string_view text, std::string_view eol) {
  if (eol == "\r\n") return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      out += eol;
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (uint32_t(uint8_t(in[i])) << 16) |
                 (uint32_t(uint8_t(in[i + 1])) << 8) | uint8_t(in[i + 2]);
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = uint32_t(uint8_t(in[i])) << 16;
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v =
        (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8);
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string base64_lines(std::string_view bytes, std::string_view eol,
                         size_t line_len) {
  std::string flat = base64(bytes);
  std::string out;
  out.reserve(flat.size() + flat.size() / line_len * eol.size() + 4);
  for (size_t i = 0; i < flat.size(); i += line_len) {
    out.append(flat, i, line_len);
    out += eol;
  }
  return out;
}

std::string quoted_printable(std::string_view text, std::string_view eol) {
  std::string out;
  out.reserve(text.size() * 11 / 10 + 16);
  size_t col = 0;
  auto emit = [&](std::string_view token) {
    if (col + token.size() > 75) {  // keep room for the soft-break "="
      out += '=';
      out += eol;
      col = 0;
    }
    out += token;
    col += token.size();
  };
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find("\r\n", i);
    bool hard = end != std::string_view::npos;
    if (!hard) end = text.size();
    for (size_t j = i; j < end; ++j) {
      unsigned char c = static_cast<unsigned char>(text[j]);
      bool last = j + 1 == end;
      bool literal = (c >= 33 && c <= 126 && c != '=') ||
                     ((c == ' ' || c == '\t') && !last);
      if (literal) {
        char one[1] = {static_cast<char>(c)};
        emit(std::string_view(one, 1));
      } else {
        char esc[3] = {'=', kHex[c >> 4], kHex[c & 15]};
        emit(std::string_view(esc, 3));
      }
    }
    if (hard) {
      out += eol;
      col = 0;
      i = end + 2;
    } else {
      i = end;
    }
  }
  return out;
}

std::string uuencode(std::string_view in, std::string_view name,
                     std::string_view eol, char zero,
                     bool strip_trailing_spaces) {
  auto ch = [&](uint32_t v) -> char {
    v &= 63;
    return v == 0 ? zero : static_cast<char>(v + 32);
  };
  std::string out = "begin 644 " + std::string(name) + std::string(eol);
  for (size_t at = 0; at < in.size(); at += 45) {
    const size_t n = std::min<size_t>(45, in.size() - at);
    std::string line(1, ch(static_cast<uint32_t>(n)));
    for (size_t k = 0; k < n; k += 3) {
      uint32_t v = 0;
      for (size_t b = 0; b < 3; ++b)
        v = (v << 8) | (k + b < n ? static_cast<uint8_t>(in[at + k + b]) : 0u);
      line += ch(v >> 18);
      line += ch(v >> 12);
      line += ch(v >> 6);
      line += ch(v);
    }
    if (strip_trailing_spaces)
      while (line.size() > 1 && line.back() == ' ') line.pop_back();
    out += line + std::string(eol);
  }
  out += std::string(1, zero) + std::string(eol) + "end" + std::string(eol);
  return out;
}

std::string yenc(std::string_view in, std::string_view name,
                 std::string_view eol, size_t line_len) {
  uint32_t crc = 0xFFFFFFFFu;
  for (char c : in) {
    crc ^= static_cast<uint8_t>(c);
    for (int k = 0; k < 8; ++k)
      crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
  }
  crc ^= 0xFFFFFFFFu;
  std::string out = "=ybegin line=" + std::to_string(line_len) +
                    " size=" + std::to_string(in.size()) +
                    " name=" + std::string(name) + std::string(eol);
  std::string line;
  for (char c : in) {
    const auto e = static_cast<uint8_t>(static_cast<uint8_t>(c) + 42);
    const bool critical = e == 0 || e == '\n' || e == '\r' || e == '=' ||
                          (line.empty() && (e == '\t' || e == ' ' || e == '.'));
    if (critical) {
      line += '=';
      line += static_cast<char>(static_cast<uint8_t>(e + 64));
    } else {
      line += static_cast<char>(e);
    }
    if (line.size() >= line_len) {
      out += line + std::string(eol);
      line.clear();
    }
  }
  if (!line.empty()) out += line + std::string(eol);
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08x", crc);
  out += "=yend size=" + std::to_string(in.size()) + " crc32=" + hex +
         std::string(eol);
  return out;
}

}  // namespace mailgen
