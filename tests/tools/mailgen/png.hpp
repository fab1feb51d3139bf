// Minimal valid PNG files (RFC 2083 / ISO 15948): IHDR, one IDAT holding a
// zlib stream of stored (uncompressed) deflate blocks, IEND. Every chunk
// CRC and the zlib Adler-32 are correct, so any decoder accepts them.
#pragma once

#include <cstdint>
#include <string>

namespace mailgen {

class Rng;

// A w x h 8-bit RGB image: a two-colour logo-like pattern derived from
// `style` (same arguments, same bytes).
std::string make_logo_png(uint32_t w, uint32_t h, uint32_t style);

// An RGB "screenshot" of roughly `target_bytes`, pixels from `rng` (noise
// does not compress, so the size is predictable).
std::string make_noise_png(size_t target_bytes, Rng& rng);

uint32_t crc32(const std::string& bytes);

}  // namespace mailgen
