// LZ77+Huffman decompression as [MS-XCA] section 2.2.4 describes it. The
// names follow the specification's pseudocode: NextBits is the 32-bit bit
// register, ExtraBitCount how many bits beyond the first 16 it holds, and
// CurrentPosition the next input byte to read.
#include "xpress_huffman.hpp"

#include <algorithm>
#include <array>
#include <memory>

namespace leakscope::mtf {
namespace {

constexpr unsigned kSymbols = 512;
constexpr unsigned kTableBits = kXpressMaxCodeLength;  // 15
constexpr uint32_t kTableEntries = 1u << kTableBits;   // 32768
constexpr unsigned kEndOfData = 256;

class Decoder {
 public:
  Decoder(std::string_view in, size_t expected, std::string* out)
      : in_(in), expected_(expected), out_(out) {}

  bool run(std::string* error, XpressResult* result);

 private:
  bool build_table(size_t table_pos);
  bool decode_block(bool* finished);
  void start_bits();
  // Reads the 16-bit word at CurrentPosition and advances past it. Past the
  // end of the input the word reads as zero and returns false: an error is
  // raised only if such bits are actually used (see consume()).
  bool take_word(uint32_t* word);
  bool consume(unsigned n, const char* what);
  bool read_bytes(size_t n, uint32_t* v);
  // Input offset of the 16-bit word holding the next unread bit.
  size_t bit_pos() const {
    return 16 + extra_ > 16 ? word_pos_[0] : word_pos_[1];
  }
  bool known() const { return expected_ != kXpressUnknownSize; }
  size_t limit() const { return known() ? expected_ : kXpressMaxUnknownOutput; }
  bool fail(size_t offset, const std::string& msg) {
    error_ = "xpress: input offset " + std::to_string(offset) + ": " + msg;
    return false;
  }

  std::string_view in_;
  const size_t expected_;
  std::string* out_;
  std::string error_;

  std::array<uint8_t, kSymbols> lengths_{};
  std::array<uint16_t, kTableEntries> table_{};  // next 15 bits -> symbol

  size_t pos_ = 0;     // CurrentPosition
  uint32_t bits_ = 0;  // NextBits
  int extra_ = 0;      // ExtraBitCount: the register holds 16 + extra_ bits
  int real_ = 0;       // how many of those came from actual input bytes
  size_t word_pos_[2] = {0, 0};  // offsets of the two newest words read
  size_t blocks_ = 0;
  bool end_symbol_ = false;
};

bool Decoder::build_table(size_t table_pos) {
  const auto* t =
      reinterpret_cast<const unsigned char*>(in_.data()) + table_pos;
  std::array<uint32_t, kXpressMaxCodeLength + 1> count{};
  for (unsigned i = 0; i < kXpressTableSize; ++i) {
    lengths_[2 * i] = t[i] & 0x0F;  // even symbol in the low nibble
    lengths_[2 * i + 1] = t[i] >> 4;
    ++count[lengths_[2 * i]];
    ++count[lengths_[2 * i + 1]];
  }
  const std::string which = "Huffman table of block " + std::to_string(blocks_);
  if (count[0] == kSymbols)
    return fail(table_pos, which +
                               " has all 512 code lengths zero "
                               "(expected 4-bit code lengths)");
  // The code space used, in units of 2^-15: a canonical Huffman code fills
  // it exactly (the specification's table construction needs 2^15 entries).
  uint64_t space = 0;
  for (unsigned len = 1; len <= kXpressMaxCodeLength; ++len)
    space += uint64_t{count[len]} << (kTableBits - len);
  if (space != kTableEntries)
    return fail(table_pos,
                which + " is " +
                    (space > kTableEntries ? "over-subscribed" : "incomplete") +
                    " (its code lengths fill " + std::to_string(space) +
                    " of 32768 table entries; expected exactly 32768)");
  // Symbols sorted by (length, value) take consecutive runs of 2^(15-len).
  uint32_t next = 0;
  for (unsigned len = 1; len <= kXpressMaxCodeLength; ++len) {
    if (count[len] == 0) continue;
    const uint32_t run = 1u << (kTableBits - len);
    for (unsigned sym = 0; sym < kSymbols; ++sym) {
      if (lengths_[sym] != len) continue;
      for (uint32_t k = 0; k < run; ++k)
        table_[next + k] = static_cast<uint16_t>(sym);
      next += run;
    }
  }
  return true;
}

bool Decoder::take_word(uint32_t* word) {
  const size_t p = pos_;
  pos_ += 2;
  word_pos_[0] = word_pos_[1];
  word_pos_[1] = p;
  if (p > in_.size() || in_.size() - p < 2) {
    *word = 0;
    return false;
  }
  *word = static_cast<unsigned char>(in_[p]) |
          static_cast<uint32_t>(static_cast<unsigned char>(in_[p + 1])) << 8;
  return true;
}

void Decoder::start_bits() {
  // NextBits = first word << 16 | second word; ExtraBitCount = 16.
  uint32_t hi, lo;
  const bool hi_real = take_word(&hi);
  const bool lo_real = take_word(&lo);
  bits_ = hi << 16 | lo;
  extra_ = 16;
  real_ = hi_real ? (lo_real ? 32 : 16) : 0;
}

bool Decoder::consume(unsigned n, const char* what) {
  if (static_cast<int>(n) > real_)
    return fail(bit_pos(), std::string("compressed data ends inside ") + what +
                               " (the input has " + std::to_string(in_.size()) +
                               " bytes; expected more 16-bit words)");
  bits_ <<= n;  // n <= 15
  extra_ -= static_cast<int>(n);
  real_ -= static_cast<int>(n);
  if (extra_ < 0) {
    // 16 + extra_ bits remain; the next word goes right below them.
    uint32_t word;
    const bool real = take_word(&word);
    if (real && real_ == 16 + extra_) real_ += 16;
    bits_ |= word << -extra_;
    extra_ += 16;
  }
  return true;
}

// Little-endian bytes of an extended match length, read at CurrentPosition.
bool Decoder::read_bytes(size_t n, uint32_t* v) {
  if (pos_ > in_.size() || in_.size() - pos_ < n)
    return fail(pos_, "compressed data ends where a " + std::to_string(8 * n) +
                          "-bit match length was expected");
  uint32_t x = 0;
  for (size_t i = 0; i < n; ++i)
    x |= static_cast<uint32_t>(static_cast<unsigned char>(in_[pos_ + i]))
         << (8 * i);
  pos_ += n;
  *v = x;
  return true;
}

// Decodes symbols until the block's 64 KiB of output is complete (the last
// match may run past it, as the specification allows), the expected size is
// reached, or, with an unknown size, the end-of-data symbol arrives with all
// input read.
bool Decoder::decode_block(bool* finished) {
  std::string& out = *out_;
  const size_t block_end = out.size() + kXpressBlockSize;
  const size_t max = limit();
  while (true) {
    if (known() && out.size() >= expected_) {
      // Complete. Note whether the encoder's end-of-data symbol follows.
      const unsigned sym = table_[bits_ >> (32 - kTableBits)];
      end_symbol_ = sym == kEndOfData && lengths_[sym] <= real_;
      *finished = true;
      return true;
    }
    if (out.size() >= block_end) return true;

    const size_t code_pos = bit_pos();
    const unsigned sym = table_[bits_ >> (32 - kTableBits)];
    if (!consume(lengths_[sym], "a Huffman code")) return false;

    if (sym < 256) {
      if (out.size() >= max)
        return fail(code_pos,
                    "output would exceed " + std::to_string(max) + " bytes");
      out.push_back(static_cast<char>(sym));
      continue;
    }
    if (sym == kEndOfData && !known() && pos_ >= in_.size()) {
      end_symbol_ = true;
      *finished = true;
      return true;
    }
    // A match: 256 + 16 * (offset's highest bit) + (length - 3, or 15).
    const unsigned match = sym - 256;
    const unsigned offset_bits = match >> 4;
    uint32_t length = match & 15;
    if (length == 15) {
      const size_t length_pos = pos_;
      if (!read_bytes(1, &length)) return false;
      if (length == 255) {
        if (!read_bytes(2, &length)) return false;
        if (length == 0 && !read_bytes(4, &length)) return false;
        if (length < 15)
          return fail(length_pos, "extended match length " +
                                      std::to_string(length) +
                                      " is below 15 (expected at least 15)");
        length -= 15;
      }
      length += 15;
    }
    const uint64_t total = uint64_t{length} + 3;

    uint32_t offset = 1u << offset_bits;
    if (offset_bits > 0) {
      offset += bits_ >> (32 - offset_bits);
      if (!consume(offset_bits, "a match offset")) return false;
    }
    if (offset > out.size())
      return fail(code_pos, "match offset " + std::to_string(offset) +
                                " reaches before the start of the output (" +
                                std::to_string(out.size()) + " bytes written)");
    if (total > max - out.size())
      return fail(code_pos,
                  "match of length " + std::to_string(total) +
                      " at output offset " + std::to_string(out.size()) +
                      " runs past the expected size " + std::to_string(max));
    const size_t start = out.size();
    out.resize(start + static_cast<size_t>(total));
    char* p = out.data();
    // Byte by byte: the source may overlap the bytes being written.
    for (size_t i = start, end = start + static_cast<size_t>(total); i < end;
         ++i)
      p[i] = p[i - offset];
  }
}

bool Decoder::run(std::string* error, XpressResult* result) {
  out_->clear();
  bool ok = true;
  size_t block_start = 0;
  while (!(known() && out_->size() >= expected_)) {
    const size_t left = block_start < in_.size() ? in_.size() - block_start : 0;
    if (left < kXpressTableSize) {
      // No room for another table: the end, if nothing more was expected.
      if (!known() && blocks_ > 0) break;
      ok = fail(block_start,
                "expected a 256-byte Huffman table for block " +
                    std::to_string(blocks_) + " but " + std::to_string(left) +
                    " bytes remain (" + std::to_string(out_->size()) + " of " +
                    (known() ? std::to_string(expected_) : std::string("?")) +
                    " bytes decompressed)");
      break;
    }
    if (!build_table(block_start)) {
      ok = false;
      break;
    }
    ++blocks_;
    pos_ = block_start + kXpressTableSize;
    start_bits();
    bool finished = false;
    if (!decode_block(&finished)) {
      ok = false;
      break;
    }
    if (finished) break;
    block_start = pos_;  // the next table follows the last word read
  }
  if (result) {
    result->consumed = pos_ < in_.size() ? pos_ : in_.size();
    result->blocks = blocks_;
    result->end_symbol = end_symbol_;
  }
  if (!ok && error) *error = error_;
  return ok;
}

}  // namespace

bool xpress_huffman_decompress(std::string_view in, size_t expected_size,
                               std::string* out, std::string* error,
                               XpressResult* result) {
  // Reserve what a real chunk needs, never what a damaged size claims.
  if (expected_size != kXpressUnknownSize)
    out->reserve(std::min(expected_size, size_t{1} << 20));
  // The 64 KiB decoding table lives on the heap, not the caller's stack.
  auto decoder = std::make_unique<Decoder>(in, expected_size, out);
  return decoder->run(error, result);
}

bool xpress_huffman_decompress(std::string_view in, size_t expected_size,
                               std::string* out, std::string* error) {
  return xpress_huffman_decompress(in, expected_size, out, error, nullptr);
}

}  // namespace leakscope::mtf
