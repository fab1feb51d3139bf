#include "png.hpp"

#include <algorithm>
#include <array>

#include "rng.hpp"

namespace mailgen {
namespace {

const std::array<uint32_t, 256>& crc_table() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

void put_be32(std::string* out, uint32_t v) {
  *out += static_cast<char>(v >> 24);
  *out += static_cast<char>(v >> 16);
  *out += static_cast<char>(v >> 8);
  *out += static_cast<char>(v);
}

void put_chunk(std::string* out, const char* type, const std::string& data) {
  put_be32(out, static_cast<uint32_t>(data.size()));
  std::string typed = std::string(type, 4) + data;
  *out += typed;
  put_be32(out, crc32(typed));
}

// zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 3.2.4).
std::string zlib_stored(const std::string& raw) {
  std::string z = "\x78\x01";
  size_t pos = 0;
  do {
    size_t n = std::min<size_t>(65535, raw.size() - pos);
    bool final = pos + n == raw.size();
    z += static_cast<char>(final ? 1 : 0);
    z += static_cast<char>(n & 0xFF);
    z += static_cast<char>(n >> 8);
    z += static_cast<char>(~n & 0xFF);
    z += static_cast<char>((~n >> 8) & 0xFF);
    z.append(raw, pos, n);
    pos += n;
  } while (pos < raw.size());
  uint32_t a = 1, b = 0;  // Adler-32
  for (unsigned char c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  put_be32(&z, (b << 16) | a);
  return z;
}

// scanlines: each row is filter byte 0 followed by w*3 RGB bytes.
std::string png_from_rows(uint32_t w, uint32_t h, const std::string& rows) {
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  put_be32(&ihdr, w);
  put_be32(&ihdr, h);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, no interlace
  put_chunk(&png, "IHDR", ihdr);
  put_chunk(&png, "IDAT", zlib_stored(rows));
  put_chunk(&png, "IEND", "");
  return png;
}

}  // namespace

uint32_t crc32(const std::string& bytes) {
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = crc_table()[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string make_logo_png(uint32_t w, uint32_t h, uint32_t style) {
  const unsigned char fg[3] = {static_cast<unsigned char>(style * 53),
                               static_cast<unsigned char>(80 + style * 29),
                               static_cast<unsigned char>(160 + style * 17)};
  std::string rows;
  for (uint32_t y = 0; y < h; ++y) {
    rows += '\0';
    for (uint32_t x = 0; x < w; ++x) {
      bool on = ((x / 4 + y / 4 + style) % 3 == 0) || x == y;
      for (int k = 0; k < 3; ++k) rows += static_cast<char>(on ? fg[k] : 255);
    }
  }
  return png_from_rows(w, h, rows);
}

std::string make_noise_png(size_t target_bytes, Rng& rng) {
  const uint32_t w = 64;
  uint32_t h = static_cast<uint32_t>(std::max<size_t>(1, target_bytes / 193));
  std::string rows;
  rows.reserve(static_cast<size_t>(h) * 193);
  for (uint32_t y = 0; y < h; ++y) {
    rows += '\0';
    for (uint32_t x = 0; x < w * 3; x += 8) {
      uint64_t r = rng.next();
      for (int k = 0; k < 8; ++k) rows += static_cast<char>(r >> (8 * k));
    }
  }
  return png_from_rows(w, h, rows);
}

}  // namespace mailgen
