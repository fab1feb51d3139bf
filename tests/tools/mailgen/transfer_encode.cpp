#include "transfer_encode.hpp"

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

}  // namespace mailgen
