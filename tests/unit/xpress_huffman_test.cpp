// The MS-XCA LZ77+Huffman decompressor: the worked examples of [MS-XCA]
// section 3.2 byte for byte, streams built by a small encoder that follows
// the specification's encoding pseudocode (section 2.1.4.3), and damaged
// input, which must fail with an error naming the offset, never crash.
#include "xpress_huffman.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cctype>
#include <random>
#include <string>
#include <vector>

using leakscope::mtf::kXpressUnknownSize;
using leakscope::mtf::xpress_huffman_decompress;
using leakscope::mtf::XpressResult;

namespace {

std::string hex(std::string_view text) {
  std::string out;
  int hi = -1;
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) continue;
    const int v = std::isdigit(static_cast<unsigned char>(c))
                      ? c - '0'
                      : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<char>(hi << 4 | v));
      hi = -1;
    }
  }
  return out;
}

// [MS-XCA] 3.2, first example, as printed (31 bytes a line): the 26 letters
// as literals, then the end-of-data symbol.
const std::string kAlphabetCompressed = hex(R"(
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 50 55 55 55 55 55 55 55 55 55 55 45 44 04
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 04 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 d8 52 3e d7 94 11 5b e9 19 5f f9 d6 7c df 8d 04 00 00 00 00
)");

// [MS-XCA] 3.2, second example: "abc" then a match of distance 3 and length
// 297 (0x126 = 294 = 297 - 3 in the bytes ff 26 01), then end-of-data.
const std::string kAbc300Compressed = hex(R"(
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 30 23 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 20 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00 a8 dc 00 00 ff 26 01
)");

std::string abc300() {
  std::string s;
  for (int i = 0; i < 100; ++i) s += "abc";
  return s;
}

// A test encoder following [MS-XCA] 2.1.4.3 (WriteBits, WriteByte,
// WriteUint16/32, FlushBits with its two reserved word slots), for any code
// lengths the test chooses. One Block per 256-byte table.
struct Token {
  bool literal;
  uint8_t byte;
  uint32_t length;  // matches: total length >= 3
  uint32_t offset;  // matches: 1..65535
};
Token lit(uint8_t b) { return {true, b, 0, 0}; }
Token match(uint32_t length, uint32_t offset) {
  return {false, 0, length, offset};
}

unsigned high_bit(uint32_t v) {
  unsigned b = 0;
  while (v >>= 1) ++b;
  return b;
}

class Encoder {
 public:
  void block(const std::array<uint8_t, 512>& lengths,
             const std::vector<Token>& tokens, bool end_symbol = true) {
    canonical(lengths);
    for (int i = 0; i < 256; ++i)
      out_.push_back(
          static_cast<char>(lengths[2 * i] | lengths[2 * i + 1] << 4));
    free_bits_ = 16;
    next_word_ = 0;
    pos1_ = out_.size();
    pos2_ = out_.size() + 2;
    out_.append(4, '\0');
    for (const Token& t : tokens) {
      if (t.literal) {
        write_bits(lengths_[t.byte], codes_[t.byte]);
        continue;
      }
      const unsigned hb = high_bit(t.offset);
      uint32_t len = t.length - 3;
      const unsigned sym = 256 + (len < 15 ? len : 15) + 16 * hb;
      write_bits(lengths_[sym], codes_[sym]);
      if (len >= 15) {
        len -= 15;
        if (len < 255) {
          write_byte(static_cast<uint8_t>(len));
        } else {
          write_byte(255);
          len += 15;
          if (len < 65536) {
            write_le(len, 2);
          } else {
            write_le(0, 2);
            write_le(len, 4);
          }
        }
      }
      write_bits(hb, t.offset - (1u << hb));
    }
    if (end_symbol) write_bits(lengths_[256], codes_[256]);
    flush();
  }
  const std::string& bytes() const { return out_; }

 private:
  void canonical(const std::array<uint8_t, 512>& lengths) {
    lengths_ = lengths;
    uint32_t code = 0;
    for (unsigned len = 1; len <= 15; ++len) {
      for (unsigned s = 0; s < 512; ++s)
        if (lengths[s] == len) codes_[s] = code++;
      code <<= 1;
    }
  }
  void write_bits(unsigned n, uint32_t bits) {
    REQUIRE(n <= 16);
    if (free_bits_ >= static_cast<int>(n)) {
      free_bits_ -= n;
      next_word_ = (next_word_ << n) + bits;
    } else {
      next_word_ = (next_word_ << free_bits_) + (bits >> (n - free_bits_));
      free_bits_ -= n;
      put_word(pos1_, next_word_);
      pos1_ = pos2_;
      pos2_ = out_.size();
      out_.append(2, '\0');
      free_bits_ += 16;
      next_word_ = bits;
    }
  }
  void write_byte(uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void write_le(uint32_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void flush() {
    next_word_ <<= free_bits_;
    put_word(pos1_, next_word_);
    put_word(pos2_, 0);
  }
  void put_word(size_t at, uint32_t w) {
    out_[at] = static_cast<char>(w & 0xFF);
    out_[at + 1] = static_cast<char>((w >> 8) & 0xFF);
  }

  std::string out_;
  std::array<uint8_t, 512> lengths_{};
  std::array<uint32_t, 512> codes_{};
  int free_bits_ = 16;
  uint32_t next_word_ = 0;
  size_t pos1_ = 0, pos2_ = 0;
};

// Code lengths: every literal 9 bits, and all 256 match/EOF symbols 9 bits:
// 512 symbols of 9 bits fill the code space exactly.
std::array<uint8_t, 512> flat_lengths() {
  std::array<uint8_t, 512> l{};
  l.fill(9);
  return l;
}

struct Decoded {
  bool ok;
  std::string out;
  std::string error;
  XpressResult result;
};
Decoded decode(std::string_view in, size_t expected) {
  Decoded d;
  d.ok = xpress_huffman_decompress(in, expected, &d.out, &d.error, &d.result);
  return d;
}

}  // namespace

TEST_CASE("xpress: MS-XCA 3.2 example 1, the alphabet as literals") {
  REQUIRE(kAlphabetCompressed.size() == 276);
  auto d = decode(kAlphabetCompressed, 26);
  CHECK(d.ok);
  CHECK(d.error.empty());
  CHECK(d.out == "abcdefghijklmnopqrstuvwxyz");
  CHECK(d.result.end_symbol);
  CHECK(d.result.blocks == 1);
  // Without the size, the end-of-data symbol with all input read ends it.
  auto u = decode(kAlphabetCompressed, kXpressUnknownSize);
  CHECK(u.ok);
  CHECK(u.out == "abcdefghijklmnopqrstuvwxyz");
  CHECK(u.result.consumed == kAlphabetCompressed.size());
}

TEST_CASE("xpress: MS-XCA 3.2 example 2, 100 x abc with an extended length") {
  REQUIRE(kAbc300Compressed.size() == 263);
  auto d = decode(kAbc300Compressed, 300);
  CHECK(d.ok);
  CHECK(d.out == abc300());
  CHECK(d.result.end_symbol);
  CHECK(d.result.consumed == 263);  // the three length bytes ff 26 01 read
  auto u = decode(kAbc300Compressed, kXpressUnknownSize);
  CHECK(u.ok);
  CHECK(u.out == abc300());
}

TEST_CASE("xpress: the expected size bounds the output") {
  SUBCASE("smaller than the match: refused, nothing written past it") {
    auto d = decode(kAbc300Compressed, 299);
    CHECK_FALSE(d.ok);
    CHECK(d.error.find("runs past the expected size 299") != std::string::npos);
    CHECK(d.out.size() <= 299);
  }
  SUBCASE("a prefix ending on a symbol boundary: the data goes on") {
    auto d = decode(kAbc300Compressed, 3);
    CHECK(d.ok);
    CHECK(d.out == "abc");
    CHECK_FALSE(d.result.end_symbol);  // the caller can tell the size was off
  }
  SUBCASE("larger than the data: the bits run out") {
    auto d = decode(kAbc300Compressed, 400);
    CHECK_FALSE(d.ok);
    CHECK(d.error.find("compressed data ends inside") != std::string::npos);
  }
  SUBCASE("zero needs no input") {
    auto d = decode("", 0);
    CHECK(d.ok);
    CHECK(d.out.empty());
  }
}

TEST_CASE("xpress: overlapping copies, every length encoding, far offsets") {
  const auto lengths = flat_lengths();
  // A 70,000-byte pattern of 256 distinct bytes, so offsets are exact.
  std::string expect;
  std::vector<Token> t;
  for (int i = 0; i < 256; ++i) {
    t.push_back(lit(static_cast<uint8_t>(i)));
    expect.push_back(static_cast<char>(i));
  }
  auto add_match = [&](uint32_t len, uint32_t off) {
    t.push_back(match(len, off));
    for (uint32_t i = 0; i < len; ++i)
      expect.push_back(expect[expect.size() - off]);
  };
  add_match(3, 1);      // overlapping, shortest
  add_match(17, 1);     // length nibble 14, the longest without extra bytes
  add_match(18, 2);     // nibble 15, extra byte 0
  add_match(272, 256);  // extra byte 254
  add_match(273, 3);    // extra byte 255, then u16 270
  add_match(65538, 7);  // u16 65535; runs past the first 64 KiB block end,
                        // which the specification allows
  Encoder e;
  e.block(lengths, t, false);
  // The block ends with that match; the next table starts the next block.
  REQUIRE(expect.size() > 65536);
  t.clear();
  add_match(3, 65535);  // the farthest offset (highest bit 15)
  add_match(40000, 1);
  e.block(lengths, t);
  auto d = decode(e.bytes(), expect.size());
  REQUIRE_MESSAGE(d.ok, d.error);
  CHECK(d.result.blocks == 2);
  CHECK(d.out == expect);
  CHECK(d.result.end_symbol);
  // Without the size, the two blocks decode the same.
  auto u = decode(e.bytes(), kXpressUnknownSize);
  REQUIRE_MESSAGE(u.ok, u.error);
  CHECK(u.out == expect);
}

TEST_CASE("xpress: a 32-bit extended length (u16 0 then u32)") {
  std::vector<Token> t = {lit('z'), match(65539, 1)};
  Encoder e;
  e.block(flat_lengths(), t);
  // Bytes after the symbol: ff, 00 00, then 65536 = 00 00 01 00.
  CHECK(e.bytes().find(std::string("\xff\x00\x00\x00\x00\x01\x00", 7)) !=
        std::string::npos);
  auto d = decode(e.bytes(), 65540);
  REQUIRE(d.ok);
  CHECK(d.out == std::string(65540, 'z'));
}

TEST_CASE("xpress: several 64 KiB blocks, each with its own table") {
  // Block 0: 65,536 bytes; block 1 refers back into block 0 and adds more.
  std::string expect;
  std::vector<Token> b0, b1;
  std::mt19937 rng(7);
  for (int i = 0; i < 65536; ++i) {
    const auto c = static_cast<uint8_t>(rng() & 0xFF);
    b0.push_back(lit(c));
    expect.push_back(static_cast<char>(c));
  }
  b1.push_back(match(1000, 65535));  // from the first block
  for (uint32_t i = 0; i < 1000; ++i)
    expect.push_back(expect[expect.size() - 65535]);
  for (int i = 0; i < 500; ++i) {
    b1.push_back(lit(static_cast<uint8_t>('A' + i % 26)));
    expect.push_back(static_cast<char>('A' + i % 26));
  }
  // A different table for block 1: 'A'..'Z' 6 bits (26 * 512 entries),
  // the other literals 10 bits (230 * 32), match symbols 256..377 9 bits
  // (122 * 64) and 378..511 10 bits (134 * 32): 32768 entries in all.
  std::array<uint8_t, 512> l1{};
  for (int s = 0; s < 256; ++s) l1[s] = (s >= 'A' && s <= 'Z') ? 6 : 10;
  for (int s = 256; s < 512; ++s) l1[s] = s < 256 + 122 ? 9 : 10;
  Encoder e;
  e.block(flat_lengths(), b0, false);
  e.block(l1, b1);
  auto d = decode(e.bytes(), expect.size());
  REQUIRE(d.ok);
  CHECK(d.result.blocks == 2);
  CHECK(d.out == expect);
  // Block 0 holds 65,536 9-bit codes = 36,864 words, plus the flushed zero
  // word: the second table starts right after, where damage is noticed.
  const size_t table1 = 256 + 2 * (36864 + 1);
  std::string bad = e.bytes();
  bad[table1 + 10] ^= 0x01;
  auto b = decode(bad, expect.size());
  CHECK_FALSE(b.ok);
  CHECK(b.error.find("input offset " + std::to_string(table1) +
                     ": Huffman table of block 1 is incomplete") !=
        std::string::npos);
}

TEST_CASE("xpress: damaged tables are refused with a reason") {
  SUBCASE("all zero") {
    std::string in(300, '\0');
    auto d = decode(in, 10);
    CHECK_FALSE(d.ok);
    CHECK(d.error.find("input offset 0") != std::string::npos);
    CHECK(d.error.find("all 512 code lengths zero") != std::string::npos);
  }
  SUBCASE("every single bit flip in a table breaks the code") {
    for (const std::string* ex : {&kAlphabetCompressed, &kAbc300Compressed})
      for (size_t bit = 0; bit < 256 * 8; ++bit) {
        std::string in = *ex;
        in[bit / 8] ^= static_cast<char>(1 << (bit % 8));
        auto d = decode(in, ex == &kAlphabetCompressed ? 26 : 300);
        CHECK_FALSE(d.ok);
        CHECK(d.error.find("Huffman table of block 0") != std::string::npos);
      }
  }
  SUBCASE("over-subscribed") {
    std::string in(300, '\0');
    in[0] = 0x11;  // symbols 0 and 1: one bit each
    in[1] = 0x01;  // symbol 2: one bit too many
    auto d = decode(in, 10);
    CHECK_FALSE(d.ok);
    CHECK(d.error.find("over-subscribed") != std::string::npos);
  }
}

TEST_CASE("xpress: truncated input fails, naming where") {
  for (const std::string* ex : {&kAlphabetCompressed, &kAbc300Compressed}) {
    const size_t want = ex == &kAlphabetCompressed ? 26 : 300;
    for (size_t n = 0; n < ex->size(); ++n) {
      auto d = decode(std::string_view(*ex).substr(0, n), want);
      // Cutting only the final words the output does not need is harmless.
      if (d.ok) {
        CHECK(n >= ex->size() - 4);
        CHECK(d.out == (want == 26 ? "abcdefghijklmnopqrstuvwxyz" : abc300()));
        continue;
      }
      CHECK(d.error.rfind("xpress: input offset ", 0) == 0);
      CHECK(d.error.find("expected") != std::string::npos);
    }
  }
  auto d = decode(std::string_view(kAbc300Compressed).substr(0, 261), 300);
  CHECK_FALSE(d.ok);
  CHECK(d.error ==
        "xpress: input offset 261: compressed data ends where a "
        "16-bit match length was expected");
}

TEST_CASE("xpress: bit flips in the data never crash") {
  for (const std::string* ex : {&kAlphabetCompressed, &kAbc300Compressed}) {
    for (size_t bit = 256 * 8; bit < ex->size() * 8; ++bit) {
      std::string in = *ex;
      in[bit / 8] ^= static_cast<char>(1 << (bit % 8));
      auto d = decode(in, ex == &kAlphabetCompressed ? 26 : 300);
      if (!d.ok) CHECK_FALSE(d.error.empty());
      auto u = decode(in, kXpressUnknownSize);
      if (!u.ok) CHECK_FALSE(u.error.empty());
    }
  }
}

TEST_CASE("xpress: matches that reach before the output or are too short") {
  SUBCASE("a match first") {
    Encoder e;
    e.block(flat_lengths(), {match(5, 1)});
    auto d = decode(e.bytes(), 5);
    CHECK_FALSE(d.ok);
    CHECK(d.error.find("reaches before the start of the output (0 bytes") !=
          std::string::npos);
  }
  SUBCASE("an offset beyond what was written") {
    Encoder e;
    e.block(flat_lengths(), {lit('a'), lit('b'), match(3, 3)});
    auto d = decode(e.bytes(), 5);
    CHECK_FALSE(d.ok);
    CHECK(d.error.find("match offset 3") != std::string::npos);
  }
  SUBCASE("a 16-bit length below 15") {
    Encoder e;
    e.block(flat_lengths(), {lit('a'), match(273, 1)});
    std::string in = e.bytes();
    const size_t at = in.find(std::string("\xff\x0e\x01", 3));
    REQUIRE(at != std::string::npos);
    in[at + 1] = 3;  // u16 3
    in[at + 2] = 0;
    auto d = decode(in, 274);
    CHECK_FALSE(d.ok);
    CHECK(d.error.find("input offset " + std::to_string(at) +
                       ": extended match length 3 is below 15") !=
          std::string::npos);
  }
}

TEST_CASE("xpress: random input terminates with a verdict") {
  std::mt19937 rng(12345);
  for (int round = 0; round < 300; ++round) {
    std::string in(rng() % 2000, '\0');
    for (auto& c : in) c = static_cast<char>(rng());
    // A valid-looking table now and then, so decoding gets going.
    if (round % 2 == 0 && in.size() >= 256)
      for (int i = 0; i < 256; ++i) in[i] = static_cast<char>(0x99);
    std::string out, err;
    const bool ok = xpress_huffman_decompress(in, 70000, &out, &err);
    if (ok) {
      CHECK(out.size() == 70000);
    } else {
      CHECK_FALSE(err.empty());
      CHECK(out.size() <= 70000);
    }
    const bool ok2 =
        xpress_huffman_decompress(in, kXpressUnknownSize, &out, &err);
    if (!ok2) CHECK_FALSE(err.empty());
  }
}
