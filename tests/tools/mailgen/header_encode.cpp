#include "header_encode.hpp"

#include <algorithm>
#include <vector>

#include "charset_encode.hpp"
#include "transfer_encode.hpp"

namespace mailgen {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool q_literal(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '!' || c == '*' || c == '+' ||
         c == '-' || c == '/';
}

std::string q_encode(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c == ' ') {
      out += '_';
    } else if (q_literal(c)) {
      out += static_cast<char>(c);
    } else {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string word(std::string_view charset, WordEncoding enc,
                 std::string_view bytes) {
  std::string w =
      "=?" + std::string(charset) + (enc == WordEncoding::kB ? "?B?" : "?Q?");
  w += enc == WordEncoding::kB ? base64(bytes) : q_encode(bytes);
  w += "?=";
  return w;
}

// Splits UTF-8 text into code points.
std::vector<std::string_view> code_points(std::string_view text) {
  std::vector<std::string_view> cps;
  for (size_t i = 0; i < text.size();) {
    size_t n = std::min(utf8_seq_len(static_cast<unsigned char>(text[i])),
                        text.size() - i);
    cps.push_back(text.substr(i, n));
    i += n;
  }
  return cps;
}

bool attr_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string percent_encode(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (attr_char(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string encoded_words(std::string_view text, std::string_view charset,
                          WordEncoding enc) {
  std::string cs(charset);
  if (!encode_charset(text, cs)) cs = "UTF-8";
  std::vector<std::string_view> cps = code_points(text);
  std::string out;
  size_t start = 0;  // first code point of the current word
  while (start < cps.size()) {
    // Grow the word one character at a time while it fits in 75 columns.
    size_t end = start + 1;
    std::string best;
    for (size_t n = start + 1; n <= cps.size(); ++n) {
      std::string chunk;
      for (size_t k = start; k < n; ++k) chunk += cps[k];
      std::string w = word(cs, enc, *encode_charset(chunk, cs));
      if (w.size() > 75 && n > start + 1) break;
      best = std::move(w);
      end = n;
    }
    if (!out.empty()) out += "\n ";
    out += best;
    start = end;
  }
  return out;
}

std::string encoded_words_split_bytes(std::string_view text,
                                      size_t bytes_per_word) {
  std::string out;
  for (size_t i = 0; i < text.size(); i += bytes_per_word) {
    if (!out.empty()) out += "\n ";
    out += word("UTF-8", WordEncoding::kB, text.substr(i, bytes_per_word));
  }
  return out;
}

std::string quote_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string phrase(std::string_view display, std::string_view charset,
                   WordEncoding enc) {
  if (!is_ascii(display)) return encoded_words(display, charset, enc);
  for (char c : display) {
    if (std::string_view("()<>[]:;@\\,.\"").find(c) != std::string_view::npos)
      return quote_string(display);
  }
  return std::string(display);
}

std::string param_quoted(std::string_view name, std::string_view value) {
  return std::string(name) + "=" + quote_string(value);
}

std::string param_rfc2231(std::string_view name, std::string_view text,
                          std::string_view charset, std::string_view lang) {
  std::string bytes = encode_charset(text, charset).value_or(std::string(text));
  return std::string(name) + "*=" + std::string(charset) + "'" +
         std::string(lang) + "'" + percent_encode(bytes);
}

std::string param_rfc2231_continued(std::string_view name,
                                    std::string_view text, size_t chunk) {
  std::string enc = percent_encode(text);
  std::string out;
  size_t section = 0;
  for (size_t i = 0; i < enc.size(); ++section) {
    size_t n = std::min(chunk, enc.size() - i);
    // Never end a section inside a %XX triplet.
    if (i + n < enc.size()) {
      if (enc[i + n - 1] == '%')
        n -= 1;
      else if (n >= 2 && enc[i + n - 2] == '%')
        n -= 2;
    }
    if (!out.empty()) out += ";\n\t";
    out += std::string(name) + "*" + std::to_string(section) + "*=";
    if (section == 0) out += "UTF-8''";
    out.append(enc, i, n);
    i += n;
  }
  return out;
}

std::string param_continued_plain(std::string_view name, std::string_view ascii,
                                  size_t chunk) {
  std::string out;
  size_t section = 0;
  for (size_t i = 0; i < ascii.size(); i += chunk, ++section) {
    if (!out.empty()) out += ";\n\t";
    out += std::string(name) + "*" + std::to_string(section) + "=" +
           quote_string(ascii.substr(i, chunk));
  }
  return out;
}

std::string param_encoded_word(std::string_view name, std::string_view text,
                               std::string_view charset) {
  // One word, however long: clients that do this do not split either.
  std::string cs(charset);
  std::string bytes;
  if (auto b = encode_charset(text, cs)) {
    bytes = *b;
  } else {
    cs = "UTF-8";
    bytes = std::string(text);
  }
  return std::string(name) + "=\"" + word(cs, WordEncoding::kQ, bytes) + "\"";
}

std::string fold(std::string_view value, size_t used) {
  std::string out;
  size_t col = used;
  size_t i = 0;
  while (i < value.size()) {
    if (value[i] == '\n') {  // existing fold point
      out += '\n';
      col = 0;
      ++i;
      continue;
    }
    size_t sp = value.find_first_of(" \n", i + 1);
    if (sp == std::string_view::npos) sp = value.size();
    std::string_view token = value.substr(i, sp - i);  // starts at i
    if (col + token.size() > 78 && col > 1 && token.front() == ' ') {
      out += '\n';
      col = 0;
    }
    out += token;
    col += token.size();
    i = sp;
  }
  return out;
}

}  // namespace mailgen
