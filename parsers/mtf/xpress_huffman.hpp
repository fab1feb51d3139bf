// Decompressor for the "LZ77+Huffman" variant of Microsoft's Xpress
// Compression Algorithm ([MS-XCA] sections 2.1 and 2.2), the codec SQL Server
// uses for compressed backups (ALGORITHM = MS_XPRESS). Written from the
// specification; see COMPRESSED_FORMAT.md for how backups frame it.
//
// Stream layout, per block of (normally) 65,536 output bytes:
//   256 bytes   code lengths of the 512 symbols, 4 bits each (even symbol in
//               the low nibble); 0 = symbol unused, otherwise 1..15.
//   bit stream  canonical Huffman codes read most-significant bit first from
//               16-bit little-endian words; the bytes of long match lengths
//               sit between those words where the decoder will read them.
// Symbols 0..255 are literal bytes; symbol 256 + 16*b + n is a match whose
// offset has its highest set bit at position b (the b bits below follow in
// the bit stream) and whose length is n + 3, or, for n == 15, is given by an
// extra byte (if 0xFF, by a u16 after it; if that is 0, by a u32). Symbol
// 256 doubles as the end-of-data mark encoders append; with a known size it
// only ends the stream once that size is reached (as the specification says).
//
// The stream does not record its decompressed size, so the caller passes it
// (the container records it, or it is implied by the data it carries).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace leakscope::mtf {

// Pass as `expected_size` when the decompressed size is not known: decoding
// then stops at the end-of-data symbol (256) once the input is used up, and
// output beyond kXpressMaxUnknownOutput is refused.
inline constexpr size_t kXpressUnknownSize = static_cast<size_t>(-1);
inline constexpr size_t kXpressMaxUnknownOutput = size_t{64} << 20;

inline constexpr size_t kXpressBlockSize = 65536;  // output bytes per table
inline constexpr size_t kXpressTableSize = 256;    // bytes of code lengths
inline constexpr unsigned kXpressMaxCodeLength = 15;

// Decompresses one MS-XCA LZ77+Huffman stream into *out (replacing its
// contents). With a known `expected_size`, exactly that many bytes are
// produced; bytes after the point where the output is complete are ignored.
// Returns false and sets *error (naming the input offset and what was
// expected) on damage. Never reads or writes out of bounds, never loops
// forever; memory used is the output plus a fixed 64 KiB decoding table.
bool xpress_huffman_decompress(std::string_view in, size_t expected_size,
                               std::string* out, std::string* error);

// What a decompression saw, for callers that check framing.
struct XpressResult {
  // Input offset just past the last 16-bit word or length byte read.
  size_t consumed = 0;
  // Huffman tables (64 KiB blocks) decoded.
  size_t blocks = 0;
  // The end-of-data symbol (256) that encoders append follows the output.
  // With a known size, false means the stream goes on past `expected_size`
  // (or its bits ran out): the size given was probably wrong.
  bool end_symbol = false;
};

// As above, also reporting what was seen.
bool xpress_huffman_decompress(std::string_view in, size_t expected_size,
                               std::string* out, std::string* error,
                               XpressResult* result);

}  // namespace leakscope::mtf
