// Little-endian integers at a byte offset of a buffer. The caller has
// checked that the bytes are there (offset + size <= buffer size).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace leakscope {

inline uint16_t le16(std::string_view b, size_t o) {
  return static_cast<uint16_t>(static_cast<uint8_t>(b[o]) |
                               (static_cast<uint8_t>(b[o + 1]) << 8));
}

inline uint32_t le32(std::string_view b, size_t o) {
  return le16(b, o) | (static_cast<uint32_t>(le16(b, o + 2)) << 16);
}

}  // namespace leakscope
