#include "embedded_encodings.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace leakscope::mime {

namespace {

// The next line of `text` from `pos` without its line end; `pos` moves
// past it.
std::string_view next_line(std::string_view text, size_t& pos) {
  size_t eol = text.find('\n', pos);
  if (eol == std::string_view::npos) eol = text.size();
  std::string_view line = text.substr(pos, eol - pos);
  pos = eol < text.size() ? eol + 1 : eol;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// "begin 644 name": mode of three or four octal digits, a space, a name.
bool uu_begin(std::string_view line, std::string* name) {
  if (line.substr(0, 6) != "begin ") return false;
  size_t i = 6, digits = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '7') ++i, ++digits;
  if (digits < 3 || digits > 4 || i >= line.size() || line[i] != ' ')
    return false;
  *name = std::string(rtrim(line.substr(i + 1)));
  return !name->empty();
}

bool uu_end(std::string_view line) { return rtrim(line) == "end"; }

// The value of `key=` on a yEnc header line ("" when absent). `name` runs
// to the end of the line (it may hold spaces).
std::string yenc_param(std::string_view line, std::string_view key) {
  size_t at = 0;
  while ((at = line.find(key, at)) != std::string_view::npos) {
    if ((at == 0 || line[at - 1] == ' ') && at + key.size() < line.size() &&
        line[at + key.size()] == '=') {
      size_t v = at + key.size() + 1;
      if (key == "name") return std::string(rtrim(line.substr(v)));
      size_t e = line.find(' ', v);
      return std::string(line.substr(
          v, e == std::string_view::npos ? std::string_view::npos : e - v));
    }
    ++at;
  }
  return "";
}

// Decodes a uuencoded block whose begin line was just read; `pos` is past
// it. Stops at "end", at a zero-length data line followed by "end", or at
// the first line that is not uuencoded data.
void read_uu_block(std::string_view text, size_t& pos, EmbeddedFile& f) {
  bool ended = false, finished_data = false;
  while (pos < text.size()) {
    const size_t line_start = pos;
    std::string_view line = next_line(text, pos);
    if (uu_end(line)) {
      ended = true;
      break;
    }
    if (finished_data) {
      // After the zero-length line only "end" may follow.
      pos = line_start;
      break;
    }
    if (line.empty()) {
      // The zero-length line " " with its space stripped in transit.
      finished_data = true;
      continue;
    }
    const int n = (line[0] - 32) & 63;
    if (n == 0 && rtrim(line).size() <= 1) {
      finished_data = true;
      continue;
    }
    if (!decode_uu_line(line, f.bytes)) {
      pos = line_start;
      break;
    }
  }
  if (!ended)
    f.damage.push_back("uuencoded \"" + f.name +
                       "\" has no end line; decoded as far as it goes");
}

void read_yenc_block(std::string_view text, size_t& pos, std::string_view head,
                     EmbeddedFile& f) {
  f.name = yenc_param(head, "name");
  const std::string size = yenc_param(head, "size");
  bool ended = false;
  std::string trailer;
  while (pos < text.size()) {
    std::string_view line = next_line(text, pos);
    if (line.substr(0, 6) == "=ypart") continue;
    if (line.substr(0, 5) == "=yend") {
      ended = true;
      trailer = std::string(line);
      break;
    }
    // Each byte is (c - 42) mod 256; "=" escapes the next as (c - 64 - 42).
    for (size_t i = 0; i < line.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(line[i]);
      if (c == '=') {
        if (++i >= line.size()) {
          f.damage.push_back("yEnc \"" + f.name +
                             "\": an escape character ends a line");
          break;
        }
        c = static_cast<unsigned char>(line[i] - 64);
      }
      f.bytes.push_back(static_cast<char>(c - 42));
    }
  }
  if (!ended) {
    f.damage.push_back("yEnc \"" + f.name +
                       "\" has no =yend line; decoded as far as it goes");
    return;
  }
  const std::string end_size = yenc_param(trailer, "size");
  const std::string declared = end_size.empty() ? size : end_size;
  // A multi-part post's part carries pcrc32 of the part; a whole file crc32.
  std::string crc = yenc_param(trailer, "pcrc32");
  if (crc.empty()) crc = yenc_param(trailer, "crc32");
  if (!declared.empty() &&
      std::strtoull(declared.c_str(), nullptr, 10) != f.bytes.size())
    f.damage.push_back("yEnc \"" + f.name +
                       "\": " + std::to_string(f.bytes.size()) +
                       " bytes decoded, the =yend line says " + declared);
  if (!crc.empty() &&
      std::strtoul(crc.c_str(), nullptr, 16) != crc32_iso_hdlc(f.bytes))
    f.damage.push_back("yEnc \"" + f.name + "\": CRC-32 does not match " + crc);
}

}  // namespace

uint32_t crc32_iso_hdlc(std::string_view bytes) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (char ch : bytes)
    crc = table[(crc ^ static_cast<uint8_t>(ch)) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

bool decode_uu_line(std::string_view line, std::string& out) {
  if (line.empty()) return false;
  for (char c : line)
    if (c < ' ' || c > '`') return false;
  const size_t n = static_cast<size_t>((line[0] - 32) & 63);
  const size_t needed = (n + 2) / 3 * 4;
  auto sextet = [&](size_t k) -> uint32_t {
    // Characters past the line's end are spaces stripped in transit.
    return k < line.size() ? static_cast<uint32_t>((line[k] - 32) & 63) : 0;
  };
  const size_t start = out.size();
  out.resize(start + n);
  size_t w = 0;
  for (size_t k = 1; k < 1 + needed && w < n; k += 4) {
    const uint32_t v = (sextet(k) << 18) | (sextet(k + 1) << 12) |
                       (sextet(k + 2) << 6) | sextet(k + 3);
    for (int b = 2; b >= 0 && w < n; --b)
      out[start + w++] = static_cast<char>((v >> (8 * b)) & 0xFF);
  }
  return true;
}

EmbeddedFile decode_uuencoded_part(std::string_view part) {
  EmbeddedFile f;
  f.encoding = "uuencode";
  size_t pos = 0;
  while (pos < part.size()) {
    const size_t line_start = pos;
    std::string_view line = next_line(part, pos);
    if (uu_begin(line, &f.name)) {
      f.begin = line_start;
      read_uu_block(part, pos, f);
      f.end = pos;
      // Lines after the block that are neither blank nor more blocks.
      return f;
    }
  }
  f.damage.push_back(
      "uuencoded part without a \"begin <mode> <name>\" line; its bytes are "
      "kept as they are");
  f.bytes = std::string(part);
  f.end = part.size();
  return f;
}

std::vector<EmbeddedFile> find_embedded_files(std::string_view text,
                                              size_t max_files) {
  std::vector<EmbeddedFile> out;
  size_t pos = 0;
  while (pos < text.size() && out.size() < max_files) {
    const size_t line_start = pos;
    std::string_view line = next_line(text, pos);
    std::string name;
    if (uu_begin(line, &name)) {
      // A block needs at least one data line after its begin line.
      size_t probe = pos;
      std::string first;
      if (!decode_uu_line(next_line(text, probe), first) || first.empty())
        continue;
      EmbeddedFile f;
      f.encoding = "uuencode";
      f.name = name;
      f.begin = line_start;
      read_uu_block(text, pos, f);
      f.end = pos;
      out.push_back(std::move(f));
    } else if (line.substr(0, 8) == "=ybegin " &&
               !yenc_param(line, "size").empty()) {
      EmbeddedFile f;
      f.encoding = "yenc";
      f.begin = line_start;
      read_yenc_block(text, pos, line, f);
      f.end = pos;
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace leakscope::mime
