#include "util/rtf_compressed.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace leakscope {

namespace {

// [MS-OXRTFCP] 2.1.2.1: the dictionary's first 207 bytes.
constexpr char kPrefix[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman "
    "\\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New "
    "RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
static_assert(sizeof kPrefix - 1 == 207, "MS-OXRTFCP prefix is 207 bytes");

uint32_t le32(std::string_view b, size_t at) {
  return uint32_t{static_cast<unsigned char>(b[at])} |
         uint32_t{static_cast<unsigned char>(b[at + 1])} << 8 |
         uint32_t{static_cast<unsigned char>(b[at + 2])} << 16 |
         uint32_t{static_cast<unsigned char>(b[at + 3])} << 24;
}

}  // namespace

std::string decompress_rtf(std::string_view in, size_t max_bytes,
                           std::string* why) {
  std::string out;
  if (in.size() < 16) {
    *why = "compressed RTF: " + std::to_string(in.size()) +
           " bytes, expected a 16-byte header";
    return out;
  }
  const uint32_t comp_size = le32(in, 0), raw_size = le32(in, 4),
                 type = le32(in, 8);
  const size_t limit = std::min<size_t>(raw_size, max_bytes);
  // COMPSIZE counts the bytes after itself.
  size_t end = in.size();
  if (uint64_t{comp_size} + 4 < end) end = comp_size + 4;
  if (type == 0x414C454D) {  // "MELA": stored
    out.assign(in.substr(16, std::min(end - 16, limit)));
    return out;
  }
  if (type != 0x75465A4C) {  // "LZFu"
    *why = "compressed RTF: type 0x" + [&] {
      char buf[12];
      std::snprintf(buf, sizeof buf, "%08X", type);
      return std::string(buf);
    }() + " at offset 8, expected LZFu or MELA";
    return out;
  }
  char dict[4096];
  std::memcpy(dict, kPrefix, 207);
  std::memset(dict + 207, 0, sizeof dict - 207);
  size_t write = 207;
  size_t at = 16;
  out.reserve(std::min<size_t>(limit, 1 << 20));
  while (at < end && out.size() < limit) {
    const unsigned char control = static_cast<unsigned char>(in[at++]);
    for (int bit = 0; bit < 8 && out.size() < limit; ++bit) {
      if (at >= end) {
        // The stream ends without its end reference: damage unless the
        // raw size was reached.
        if (out.size() < limit)
          *why = "compressed RTF: ends at offset " + std::to_string(at) +
                 " after " + std::to_string(out.size()) + " of " +
                 std::to_string(raw_size) + " bytes";
        return out;
      }
      if (!(control & (1u << bit))) {
        const char c = in[at++];
        out += c;
        dict[write] = c;
        write = (write + 1) % 4096;
        continue;
      }
      if (at + 2 > end) {
        *why =
            "compressed RTF: a reference cut at offset " + std::to_string(at);
        return out;
      }
      const unsigned ref = static_cast<unsigned char>(in[at]) << 8 |
                           static_cast<unsigned char>(in[at + 1]);
      at += 2;
      const size_t offset = ref >> 4, length = (ref & 0xF) + 2;
      if (offset == write) return out;  // the end of the stream
      for (size_t k = 0; k < length && out.size() < limit; ++k) {
        const char c = dict[(offset + k) % 4096];
        out += c;
        dict[write] = c;
        write = (write + 1) % 4096;
      }
    }
  }
  return out;
}

}  // namespace leakscope
