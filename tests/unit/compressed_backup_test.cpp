// The MSSQLBAK container of compressed backups: the real corpus file
// (../shared/corpus/bak/tutorialdb_compressed.bak) decompresses completely to
// an MTF stream with database pages; damaged copies end in an error naming
// the file offset; small containers built here check each rule.
#include "compressed_backup.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "xpress_huffman.hpp"

using namespace leakscope::mtf;

namespace {

const std::filesystem::path kCorpus =
    "../shared/corpus/bak/tutorialdb_compressed.bak";

bool have_corpus() {
  if (std::filesystem::exists(kCorpus)) return true;
  MESSAGE("skipped: " << kCorpus.string() << " is absent");
  return false;
}

struct Read {
  std::string out;
  std::vector<size_t> pieces;  // size of each piece next() returned
  std::string error;
  bool finished = false;
  uint32_t major = 0, minor = 0;
  uint64_t chunks = 0, index_entries = 0, file_offset = 0;
};

// Feeds `file` to the reader `piece` bytes at a time.
Read read_all(std::string_view file, size_t piece) {
  size_t pos = 0;
  CompressedBackupReader r([&]() -> std::string_view {
    const auto v = file.substr(pos, piece);
    pos += v.size();
    return v;
  });
  Read res;
  for (auto c = r.next(); !c.empty(); c = r.next()) {
    res.out.append(c);
    res.pieces.push_back(c.size());
    REQUIRE(res.pieces.size() < 100000);  // never loops forever
  }
  CHECK(r.next().empty());  // stays at the end
  res.error = r.error();
  res.finished = r.finished();
  res.major = r.version_major();
  res.minor = r.version_minor();
  res.chunks = r.chunks();
  res.index_entries = r.index_entries();
  res.file_offset = r.file_offset();
  return res;
}

uint16_t u16(std::string_view s, size_t at) {
  uint16_t v;
  std::memcpy(&v, s.data() + at, 2);
  return v;
}
uint32_t u32(std::string_view s, size_t at) {
  uint32_t v;
  std::memcpy(&v, s.data() + at, 4);
  return v;
}
void put16(std::string& s, size_t at, uint16_t v) {
  std::memcpy(&s[at], &v, 2);
}
void put32(std::string& s, size_t at, uint32_t v) {
  std::memcpy(&s[at], &v, 4);
}

// --- a small writer for test containers -----------------------------------

// MS-XCA LZ77+Huffman stream of literals then the end-of-data symbol, bit
// packing as in [MS-XCA] 2.1.4.3. Code lengths: literals 0..254 8 bits,
// literal 255 and symbol 256 9 bits (255 * 128 + 2 * 64 = 32768).
std::string literal_stream(std::string_view plain) {
  REQUIRE(plain.size() <= 65536);
  std::string out(256, '\0');
  for (int i = 0; i < 127; ++i) out[i] = static_cast<char>(0x88);
  out[127] = static_cast<char>(0x98);  // 254: 8 bits, 255: 9 bits
  out[128] = 0x09;                     // 256: 9 bits
  size_t p1 = out.size(), p2 = out.size() + 2;
  out.append(4, '\0');
  int free_bits = 16;
  uint32_t word = 0;
  auto put = [&](size_t at, uint32_t w) {
    out[at] = static_cast<char>(w & 0xFF);
    out[at + 1] = static_cast<char>((w >> 8) & 0xFF);
  };
  auto write_bits = [&](int n, uint32_t bits) {
    if (free_bits >= n) {
      free_bits -= n;
      word = (word << n) + bits;
    } else {
      word = (word << free_bits) + (bits >> (n - free_bits));
      free_bits -= n;
      put(p1, word);
      p1 = p2;
      p2 = out.size();
      out.append(2, '\0');
      free_bits += 16;
      word = bits;
    }
  };
  for (unsigned char c : plain)
    if (c < 255)
      write_bits(8, c);
    else
      write_bits(9, 510);
  write_bits(9, 511);  // end of data
  word <<= free_bits;
  put(p1, word);
  put(p2, 0);
  return out;
}

std::string container_header(uint32_t major = 2, uint32_t minor = 3) {
  std::string h(kCompressedHeaderSize, '\0');
  std::memcpy(h.data(), "MSSQLBAK", 8);
  put32(h, 8, major);
  put32(h, 12, minor);
  return h;
}

std::string chunk_record(std::string_view plain) {
  REQUIRE(plain.size() % 512 == 0);
  const std::string data = literal_stream(plain);
  std::string r(kChunkHeaderSize, '\0');
  r[0] = static_cast<char>(kRecordChunk);
  r[1] = static_cast<char>(plain.size() / 512);
  put16(r, 2, static_cast<uint16_t>(data.size()));
  put32(r, 24, compressed_checksum(data));
  return r + data;
}

std::string padding_record(uint16_t len) {
  std::string r(kPaddingHeaderSize + len, '\0');
  r[0] = static_cast<char>(kRecordPadding);
  put16(r, 2, len);
  return r;
}

std::string index_record(const std::vector<std::pair<uint64_t, uint64_t>>& e,
                         uint32_t size) {
  std::string r(kIndexHeaderSize + size, '\0');
  r[0] = static_cast<char>(kRecordIndex);
  std::string entries;
  for (auto [stream, file] : e) {
    entries.append(reinterpret_cast<const char*>(&stream), 8);
    entries.append(reinterpret_cast<const char*>(&file), 8);
  }
  std::string frame(16, '\0');
  put16(frame, 0, 1);
  put16(frame, 2, 1);
  put32(frame, 4, static_cast<uint32_t>(e.size()));
  put32(frame, 8, size);
  put32(frame, 12, compressed_checksum(entries));
  r.replace(kIndexHeaderSize, 16, frame);
  r.replace(kIndexHeaderSize + 16, entries.size(), entries);
  r.replace(kIndexHeaderSize + size - 16, 16, frame);
  return r;
}

// An MTF block of `size` bytes with a valid common-header checksum.
std::string mtf_block(const char* id, size_t size) {
  std::string b(size, '\0');
  std::memcpy(b.data(), id, 4);
  put16(b, 8, 0x200);
  b[10] = 0x0E;
  if (std::string_view(id) == "TAPE") put16(b, 64, 1);  // SFMB: 512 bytes
  uint16_t x = 0;
  for (size_t i = 0; i < 50; i += 2) x ^= u16(b, i);
  put16(b, 50, x);
  return b;
}

// Padding that puts the next record on a 512-byte boundary.
std::string pad_to_512(size_t file_size) {
  return padding_record(static_cast<uint16_t>(
      (512 - (file_size + kPaddingHeaderSize) % 512) % 512));
}

// TAPE | pad | SFMB | SSET-and-data | ESET | pad | SFMB, like the real file.
struct Built {
  std::string file;
  std::string stream;  // the MTF stream the reader must hand out
  size_t sfmb1 = 0;    // file offsets of the first SFMB and what follows it
  size_t after_sfmb1 = 0;
};
Built small_backup() {
  Built b;
  const std::string tape = mtf_block("TAPE", 1024);
  std::string data = mtf_block("SSET", 512) + std::string(7680, 'x');
  for (size_t i = 512; i < data.size(); ++i)
    data[i] = static_cast<char>(i * 7 + i / 300);
  const std::string eset = mtf_block("ESET", 1024);
  const std::string sfmb = mtf_block("SFMB", 512);
  b.file = container_header() + chunk_record(tape);
  b.file += pad_to_512(b.file.size());
  b.sfmb1 = b.file.size();
  b.file += sfmb;
  b.after_sfmb1 = b.file.size();
  b.file += chunk_record(data) + chunk_record(eset);
  b.file += pad_to_512(b.file.size());
  b.file += sfmb;
  b.stream = tape + sfmb + data + eset + sfmb;
  return b;
}

// File offsets of the compressed bytes of every chunk record of a container
// laid out as observed (walks the records the way the reader does).
std::vector<std::pair<size_t, size_t>> chunk_data_ranges(std::string_view f) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t at = kCompressedHeaderSize;
  while (at < f.size()) {
    const auto type = static_cast<uint8_t>(f[at]);
    if (type == kRecordChunk) {
      const size_t n = u16(f, at + 2);
      out.emplace_back(at + kChunkHeaderSize, n);
      at += kChunkHeaderSize + n;
    } else if (type == kRecordPadding) {
      at += kPaddingHeaderSize + u16(f, at + 2);
    } else if (type == kRecordIndex) {
      at += kIndexHeaderSize + u32(f, at + kIndexHeaderSize + 8);
    } else {
      at += 512;  // SFMB
    }
  }
  return out;
}

}  // namespace

TEST_CASE("compressed backup: the checksum is rotate-left-1 then XOR") {
  CHECK(compressed_checksum("") == 0);
  CHECK(compressed_checksum(std::string("\x01\0\0\0", 4)) == 1);
  CHECK(compressed_checksum(std::string("\x01\0\0\0\x01\0\0\0", 8)) == 3);
  CHECK(compressed_checksum(std::string("\0\0\0\x80\x05", 5)) == 0x04);
  CHECK(compressed_checksum("\x05") == 5);  // last word zero-padded
}

TEST_CASE("compressed backup: magic detection") {
  CHECK(looks_like_compressed_backup("MSSQLBAK\x02\0\0\0"));
  CHECK_FALSE(looks_like_compressed_backup("TAPE"));
  CHECK_FALSE(looks_like_compressed_backup("MSSQLBA"));
}

TEST_CASE("compressed backup: a container built to the observed layout") {
  const Built b = small_backup();
  for (size_t piece : {size_t{1}, size_t{3}, size_t{512}, size_t{1} << 20}) {
    auto r = read_all(b.file, piece);
    CHECK_MESSAGE(r.error.empty(), r.error);
    CHECK(r.finished);
    CHECK(r.out == b.stream);
    CHECK(r.major == 2);
    CHECK(r.minor == 3);
    CHECK(r.chunks == 3);
    CHECK(r.pieces == std::vector<size_t>{1024, 512, 8192, 1024, 512});
    CHECK(r.file_offset == b.file.size());
  }
}

TEST_CASE("compressed backup: index records are checked and skipped") {
  Built b = small_backup();
  // Insert an index before the final SFMB, padded like the real one.
  const size_t sfmb_at = b.file.size() - 512;
  std::string without_pad = b.file.substr(0, sfmb_at);
  const size_t pad_at = without_pad.rfind(std::string(1, kRecordPadding));
  REQUIRE(pad_at != std::string::npos);
  without_pad.resize(pad_at);
  const size_t idx_start = without_pad.size() + kIndexHeaderSize;
  const auto size = static_cast<uint32_t>(512 - idx_start % 512 + 512);
  std::string good = without_pad +
                     index_record({{0x1000, 0x2000}, {0x3000, 0x4000}}, size) +
                     b.file.substr(sfmb_at);
  auto r = read_all(good, 4096);
  CHECK_MESSAGE(r.error.empty(), r.error);
  CHECK(r.finished);
  CHECK(r.index_entries == 2);
  CHECK(r.out == b.stream);

  std::string bad = good;
  bad[idx_start + 16 + 3] ^= 0x40;  // an entry
  auto rb = read_all(bad, 4096);
  CHECK(rb.error.find("file offset " + std::to_string(pad_at) +
                      ": index checksum mismatch") != std::string::npos);
  bad = good;
  bad[idx_start + size - 1] ^= 0x01;  // the footer copy
  CHECK(read_all(bad, 4096).error.find("index footer differs") !=
        std::string::npos);
  bad = good;
  put32(bad, idx_start + 8, 1u << 30);  // absurd size
  CHECK(read_all(bad, 4096).error.find("index record declares 2 entries") !=
        std::string::npos);
}

TEST_CASE("compressed backup: what is not understood is refused by name") {
  const Built b = small_backup();
  SUBCASE("not the magic") {
    auto r = read_all(std::string("TAPE") + std::string(12, '\0'), 64);
    CHECK(r.error ==
          "compressed backup: file offset 0: expected the magic "
          "\"MSSQLBAK\", found \"TAPE\\x00\\x00\\x00\\x00\"");
    CHECK(r.out.empty());
  }
  SUBCASE("an older container version") {
    std::string f = b.file;
    put32(f, 8, 1);
    put32(f, 12, 0);
    auto r = read_all(f, 4096);
    CHECK(r.error.find("file offset 8: unsupported container version 1.0") !=
          std::string::npos);
    CHECK(r.major == 1);
  }
  SUBCASE("an unknown record type") {
    std::string f = b.file;
    f[480] = 0x23;
    auto r = read_all(f, 4096);
    CHECK(r.error.find("file offset 480: unknown record type 0x23") !=
          std::string::npos);
  }
  SUBCASE("a declared size that does not match the data") {
    std::string f = b.file;
    f[481] = 1;  // TAPE chunk: 512 instead of 1024 (byte 1 is unchecksummed)
    auto r = read_all(f, 4096);
    CHECK(r.error.find("file offset 480: chunk record declares 512 "
                       "decompressed bytes") != std::string::npos);
    f[481] = 3;  // 1536: the data runs out first
    r = read_all(f, 4096);
    CHECK(r.error.find("file offset 480: chunk record (compressed data at "
                       "file offset 508") != std::string::npos);
    f[481] = 0;
    CHECK(read_all(f, 4096).error.find("decompressed size of 0") !=
          std::string::npos);
  }
  SUBCASE("a damaged SFMB header") {
    std::string f = b.file;
    f[b.sfmb1 + 20] ^= 0x04;
    auto r = read_all(f, 4096);
    CHECK(r.error.find("file offset " + std::to_string(b.sfmb1) +
                       ": SFMB block header checksum") != std::string::npos);
    CHECK(r.out.size() == 1024);  // the TAPE chunk came out before
  }
  SUBCASE("trailing zeros after the last SFMB are filler") {
    auto r = read_all(b.file + std::string(4096, '\0'), 1000);
    CHECK(r.error.empty());
    CHECK(r.finished);
    r = read_all(b.file + std::string(100, '\0') + "x", 1000);
    CHECK(r.error.find("unexpected byte 0x78 in the zero filler") !=
          std::string::npos);
  }
  SUBCASE("an SFMB that does not follow an ESET is not an end") {
    auto r = read_all(std::string_view(b.file).substr(0, b.after_sfmb1), 4096);
    CHECK(
        r.error ==
        "compressed backup: file offset " + std::to_string(b.after_sfmb1) +
            ": file ends after an SFMB "
            "block, but no ESET (end of backup set) block came before it; the "
            "file looks truncated");
    CHECK_FALSE(r.finished);
  }
}

TEST_CASE("compressed backup: every truncation of a small container fails") {
  const Built b = small_backup();
  for (size_t n = 0; n < b.file.size(); ++n) {
    auto r = read_all(std::string_view(b.file).substr(0, n), 700);
    CHECK_FALSE(r.finished);
    CHECK(r.error.rfind("compressed backup: file offset ", 0) == 0);
    CHECK(r.out.size() <= b.stream.size());
    CHECK(b.stream.compare(0, r.out.size(), r.out) == 0);  // a clean prefix
  }
}

TEST_CASE("compressed backup: the real TutorialDB compressed backup") {
  if (!have_corpus()) return;
  const std::string file = leakscope::test::read_file(kCorpus);
  REQUIRE(file.size() == 456192);
  const auto r = read_all(file, 65536);
  REQUIRE_MESSAGE(r.error.empty(), r.error);
  CHECK(r.finished);
  CHECK(r.major == 2);
  CHECK(r.minor == 3);
  CHECK(r.chunks == 54);
  CHECK(r.index_entries == 2);
  CHECK(r.file_offset == file.size());
  const std::string& s = r.out;
  MESSAGE("decompressed MTF stream: " << s.size() << " bytes from "
                                      << file.size() << " (" << r.chunks
                                      << " chunks + 3 SFMB blocks)");
  CHECK(s.size() == 3232256);
  // Chunk sizes: TAPE 1024, SFMB 512, SSET.. 6144, 48 x 64 KiB of pages,
  // MQDA 2048, 64 KiB of log, SPAD 7168, SFMB, ESET 3072, SFMB.
  REQUIRE(r.pieces.size() == 57);
  CHECK(r.pieces[0] == 1024);
  CHECK(r.pieces[1] == 512);
  CHECK(r.pieces[2] == 6144);
  for (size_t i = 3; i < 51; ++i) CHECK(r.pieces[i] == 65536);
  CHECK(r.pieces[51] == 2048);
  CHECK(r.pieces[52] == 65536);
  CHECK(r.pieces[53] == 7168);
  CHECK(r.pieces[54] == 512);
  CHECK(r.pieces[55] == 3072);
  CHECK(r.pieces[56] == 512);

  // The MTF stream, laid out as in an uncompressed backup.
  CHECK(s.compare(0, 4, "TAPE") == 0);
  const std::vector<std::pair<size_t, const char*>> blocks = {
      {0x0, "TAPE"},      {0x400, "SFMB"},    {0x600, "SSET"},
      {0xA00, "VOLB"},    {0xE00, "MSCI"},    {0xE38, "MQCI"},
      {0x1A00, "MSDA"},   {0x1DE8, "MQDA"},   {0x302200, "MSTL"},
      {0x314200, "SFMB"}, {0x314400, "ESET"}, {0x314C00, "ESET"},
      {0x315000, "SFMB"}};
  for (const auto& block : blocks) {
    const size_t at = block.first;  // (no structured binding: doctest
    const char* id = block.second;  // captures these in a lambda)
    CHECK(at % 4 == 0);
    CHECK_MESSAGE(s.compare(at, 4, id) == 0, id << " at " << at);
  }
  CHECK(s.size() == 0x315000 + 512);  // ends with the last SFMB

  // Database pages: 8 KiB each from 0x1E00, the first the file header page
  // (1:0, type 15), the boot page (1:9, type 13) with database version 852.
  size_t pages = 0;
  for (size_t at = 0x1E00; at + 8192 <= 0x301E00; at += 8192)
    if (s[at] == 1 && u16(s, at + 36) == 1) ++pages;
  MESSAGE("database pages with a page header: " << pages);
  CHECK(pages >= 280);
  CHECK(s[0x1E00 + 1] == 15);
  CHECK(u32(s, 0x1E00 + 32) == 0);
  const size_t boot = 0x1E00 + 9 * 8192;
  CHECK(s[boot + 1] == 13);
  CHECK(u32(s, boot + 32) == 9);
  CHECK(u16(s, boot + 100) == 852);  // SQL Server 2016
  const std::string name = std::string("T\0u\0t\0o\0r\0i\0a\0l\0D\0B\0", 20);
  const size_t in_boot = s.find(name, boot);
  CHECK(in_boot < boot + 8192);
  const size_t first = s.find(name);
  MESSAGE("UTF-16LE \"TutorialDB\" first at stream offset "
          << first << " (in the SSET block), in the boot page at " << in_boot);
  CHECK(first == 0x67A);

  // The whole output, pinned.
  CHECK(compressed_checksum(s) == compressed_checksum(read_all(file, 1).out));
}

TEST_CASE("compressed backup: truncated copies of the real file fail") {
  if (!have_corpus()) return;
  const std::string file = leakscope::test::read_file(kCorpus);
  // Record boundaries (a cut there ends cleanly at the container level) and
  // cuts inside records.
  std::vector<size_t> cuts = {0,       7,       16,      480,     481,
                              508,     0x35E,   0x400,   0x600,   0x9FA,
                              0x9FB,   0x6D3ED, 0x6ED2C, 0x6ED44, 0x6EE00,
                              0x6F000, 0x6F1EB, 0x6F400, 0x6F5FF};
  for (size_t n = 1; n < file.size(); n += 7919) cuts.push_back(n);
  for (size_t n : cuts) {
    auto r = read_all(std::string_view(file).substr(0, n), 32768);
    CHECK_MESSAGE(!r.error.empty(), "cut at " << n);
    CHECK_FALSE(r.finished);
    CHECK(r.error.find("file offset") != std::string::npos);
  }
  auto r = read_all(std::string_view(file).substr(0, 0x9FA + 100), 32768);
  CHECK(r.error ==
        "compressed backup: file offset 2554: file ends inside a chunk "
        "record: 961 compressed bytes declared, 72 present");
}

TEST_CASE("compressed backup: bit flips in the real file are caught") {
  if (!have_corpus()) return;
  const std::string file = leakscope::test::read_file(kCorpus);
  auto flipped = [&](size_t at, int bit) {
    std::string f = file;
    f[at] ^= static_cast<char>(1 << bit);
    return read_all(f, 65536);
  };
  // Compressed bytes of a 64 KiB chunk: the record checksum.
  auto r = flipped(0xDD7 + 28 + 1000, 3);
  CHECK(r.error.find("file offset 3543: chunk record checksum mismatch") !=
        std::string::npos);
  // The compressed size: the checksum runs over the wrong bytes.
  r = flipped(0xDD7 + 2, 0);
  CHECK_FALSE(r.error.empty());
  // The decompressed size (byte 1, not checksummed).
  r = flipped(0xDD7 + 1, 0);
  CHECK(r.error.find("file offset 3543:") != std::string::npos);
  // The record type, the magic, the version, an SFMB, the index.
  CHECK(flipped(0x9FA, 1).error.find("unknown record type 0x23") !=
        std::string::npos);
  CHECK(flipped(3, 0).error.find("expected the magic") != std::string::npos);
  CHECK(flipped(8, 2).error.find("unsupported container version 6.3") !=
        std::string::npos);
  CHECK(flipped(0x400 + 40, 0).error.find("SFMB block header checksum") !=
        std::string::npos);
  CHECK(flipped(0x6ED44 + 16, 0).error.find("index checksum mismatch") !=
        std::string::npos);
  // Anywhere in compressed data: the checksum catches every single flip.
  const auto ranges = chunk_data_ranges(file);
  REQUIRE(ranges.size() == 54);
  std::mt19937 rng(99);
  for (int i = 0; i < 60; ++i) {
    const auto [start, len] = ranges[rng() % ranges.size()];
    const size_t at = start + rng() % len;
    auto res = flipped(at, static_cast<int>(rng() % 8));
    CHECK_MESSAGE(res.error.find("checksum mismatch") != std::string::npos,
                  "flip at " << at << ": " << res.error);
  }
}
