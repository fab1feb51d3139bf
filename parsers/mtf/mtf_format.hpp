// Microsoft Tape Format as SQL Server writes it: constants shared by the
// reader and the test writer. See FORMAT.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace leakscope::mtf {

inline constexpr size_t kBlockAlign = 512;       // descriptor blocks start here
inline constexpr size_t kCommonHeaderSize = 52;  // MTF_DB_HDR
inline constexpr size_t kStreamHeaderSize = 22;  // MTF_STREAM_HDR
inline constexpr size_t kStreamAlign = 4;        // streams follow on 4 bytes
inline constexpr size_t kPageSize = 8192;        // SQL Server page
inline constexpr size_t kPageAlign = 512;        // pages inside MQDA data

// Common block header fields (offsets from the block start).
inline constexpr size_t kOffType = 0;         // 4 ASCII letters
inline constexpr size_t kOffAttributes = 4;   // u32
inline constexpr size_t kOffFirstStream = 8;  // u16, from the block start
inline constexpr size_t kOffStringType = 48;  // u8: 1 ASCII, 2 UTF-16LE
inline constexpr size_t kOffChecksum = 50;    // u16: XOR of words 0..24

// SSET attribute bits (MTF 1.00a, as SQL Server uses them).
inline constexpr uint32_t kSsetDifferential = 0x8;

inline uint16_t le16(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
inline uint32_t le32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline uint64_t le64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// XOR of the little-endian 16-bit words of `bytes` (even length).
inline uint16_t xor_checksum(std::string_view bytes) {
  uint16_t x = 0;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) x ^= le16(bytes.data() + i);
  return x;
}

inline bool is_block_id(std::string_view id) {
  if (id.size() < 4) return false;
  for (int i = 0; i < 4; ++i)
    if (id[i] < 'A' || id[i] > 'Z') return false;
  return true;
}

}  // namespace leakscope::mtf
