// The MSSQLBAK container: see COMPRESSED_FORMAT.md for the grammar. The
// reader walks the records front to back and hands out one decompressed
// chunk (or one raw SFMB block) per call.
#include "compressed_backup.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "mtf_format.hpp"
#include "xpress_huffman.hpp"

namespace leakscope::mtf {
namespace {

std::string hex32(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%08x", v);
  return b;
}

std::string hex8(uint8_t v) {
  char b[8];
  std::snprintf(b, sizeof b, "0x%02x", v);
  return b;
}

// Printable rendering of a few bytes for error messages.
std::string shown(std::string_view bytes) {
  std::string s = "\"";
  for (unsigned char c : bytes.substr(0, 8))
    if (c >= 0x20 && c < 0x7F) {
      s += static_cast<char>(c);
    } else {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      s += b;
    }
  return s + "\"";
}

}  // namespace

uint32_t compressed_checksum(std::string_view bytes) {
  uint32_t c = 0;
  size_t i = 0;
  for (; i + 4 <= bytes.size(); i += 4)
    c = ((c << 1) | (c >> 31)) ^ le32(bytes.data() + i);
  if (i < bytes.size()) {
    char last[4] = {0, 0, 0, 0};
    std::memcpy(last, bytes.data() + i, bytes.size() - i);
    c = ((c << 1) | (c >> 31)) ^ le32(last);
  }
  return c;
}

bool looks_like_compressed_backup(std::string_view head) {
  return head.substr(0, kCompressedMagic.size()) == kCompressedMagic;
}

CompressedBackupReader::CompressedBackupReader(
    std::function<std::string_view()> read)
    : read_(std::move(read)) {}

bool CompressedBackupReader::fill(size_t n) {
  while (buf_.size() < n) {
    if (piece_.empty()) {
      if (eof_) return false;
      piece_ = read_();
      if (piece_.empty()) {
        eof_ = true;
        return false;
      }
    }
    const size_t take = std::min(n - buf_.size(), piece_.size());
    buf_.append(piece_.data(), take);
    piece_.remove_prefix(take);
  }
  return true;
}

void CompressedBackupReader::consume(size_t n) {
  buf_.erase(0, n);
  file_offset_ += n;
}

bool CompressedBackupReader::skip(size_t n) {
  const size_t from_buf = std::min(n, buf_.size());
  consume(from_buf);
  n -= from_buf;
  while (n > 0) {
    if (piece_.empty()) {
      if (eof_) return false;
      piece_ = read_();
      if (piece_.empty()) {
        eof_ = true;
        return false;
      }
    }
    const size_t take = std::min(n, piece_.size());
    piece_.remove_prefix(take);
    file_offset_ += take;
    n -= take;
  }
  return true;
}

bool CompressedBackupReader::fail(uint64_t offset, const std::string& what) {
  if (!failed_)
    error_ = "compressed backup: file offset " + std::to_string(offset) + ": " +
             what;
  failed_ = true;
  out_.clear();
  return false;
}

bool CompressedBackupReader::read_header() {
  if (!fill(16)) {
    if (buf_.size() >= kCompressedMagic.size() &&
        looks_like_compressed_backup(buf_))
      return fail(0, "file ends inside the 16-byte container header (" +
                         std::to_string(buf_.size()) + " bytes)");
    return fail(0, "expected the magic \"MSSQLBAK\" and two version words, " +
                       ("found " + shown(buf_)) + " (" +
                       std::to_string(buf_.size()) + " bytes)");
  }
  if (!looks_like_compressed_backup(buf_))
    return fail(0, "expected the magic \"MSSQLBAK\", found " + shown(buf_));
  version_major_ = le32(buf_.data() + 8);
  version_minor_ = le32(buf_.data() + 12);
  if (version_major_ != kCompressedVersionMajor)
    return fail(8, "unsupported container version " +
                       std::to_string(version_major_) + "." +
                       std::to_string(version_minor_) +
                       " (only version 2.x, with 28-byte chunk record "
                       "headers, is understood)");
  // Bytes 16..479 carry no field this reader needs (see COMPRESSED_FORMAT.md).
  if (!skip(kCompressedHeaderSize))
    return fail(file_offset_,
                "file ends inside the 480-byte container header; expected "
                "the first record at 480");
  header_done_ = true;
  return true;
}

std::string_view CompressedBackupReader::read_chunk() {
  const uint64_t at = file_offset_;
  if (!fill(kChunkHeaderSize)) {
    fail(at, "file ends inside a chunk record header (" +
                 std::to_string(buf_.size()) + " of 28 bytes)");
    return {};
  }
  // (buf_ may move when filled further: read the header fields first.)
  const size_t out_size =
      size_t{static_cast<unsigned char>(buf_[1])} * kChunkUnit;
  const size_t in_size = le16(buf_.data() + 2);
  const uint32_t stored = le32(buf_.data() + 24);
  if (out_size == 0) {
    fail(at,
         "chunk record declares a decompressed size of 0 (byte 1, in "
         "512-byte units; expected 1..255)");
    return {};
  }
  if (in_size < kXpressTableSize + 4) {
    fail(at, "chunk record declares " + std::to_string(in_size) +
                 " compressed bytes; expected at least 260 (a 256-byte "
                 "Huffman table and two 16-bit words)");
    return {};
  }
  if (!fill(kChunkHeaderSize + in_size)) {
    fail(at, "file ends inside a chunk record: " + std::to_string(in_size) +
                 " compressed bytes declared, " +
                 std::to_string(buf_.size() - kChunkHeaderSize) + " present");
    return {};
  }
  const std::string_view data(buf_.data() + kChunkHeaderSize, in_size);
  const uint32_t computed = compressed_checksum(data);
  if (computed != stored) {
    fail(at, "chunk record checksum mismatch: stored " + hex32(stored) +
                 ", computed " + hex32(computed) + " over the " +
                 std::to_string(in_size) + " compressed bytes at " +
                 std::to_string(at + kChunkHeaderSize));
    return {};
  }
  std::string err;
  XpressResult xr;
  if (!xpress_huffman_decompress(data, out_size, &out_, &err, &xr)) {
    fail(at, "chunk record (compressed data at file offset " +
                 std::to_string(at + kChunkHeaderSize) + ", " +
                 std::to_string(in_size) + " bytes in, " +
                 std::to_string(out_size) + " expected out) does not " +
                 "decompress: " + err);
    return {};
  }
  // Byte 1 is not covered by the checksum: the end-of-data symbol right
  // after the declared size is what confirms it.
  if (!xr.end_symbol) {
    fail(at, "chunk record declares " + std::to_string(out_size) +
                 " decompressed bytes (byte 1 = " +
                 hex8(static_cast<uint8_t>(out_size / kChunkUnit)) +
                 "), but its data does not end there (no end-of-data "
                 "symbol follows)");
    return {};
  }
  // The TAPE block tells how large the uncompressed SFMB blocks are.
  if (chunks_ == 0 && out_.size() >= 66 && out_.compare(0, 4, "TAPE") == 0) {
    const size_t units = le16(out_.data() + 64);
    if (units >= 1 && units <= 128) sfmb_size_ = units * kChunkUnit;
  }
  // An ESET block (end of a backup set) on a 512-byte boundary of this chunk
  // makes a following SFMB a proper end of the file.
  last_chunk_has_eset_ = false;
  for (size_t i = 0; i + 4 <= out_.size(); i += kChunkUnit)
    if (out_.compare(i, 4, "ESET") == 0) last_chunk_has_eset_ = true;
  consume(kChunkHeaderSize + in_size);
  ++chunks_;
  output_offset_ += out_.size();
  last_was_sfmb_ = false;
  return out_;
}

bool CompressedBackupReader::read_padding() {
  const uint64_t at = file_offset_;
  if (!fill(kPaddingHeaderSize))
    return fail(at, "file ends inside a padding record header (" +
                        std::to_string(buf_.size()) + " of 24 bytes)");
  const size_t len = le16(buf_.data() + 2);
  if (!skip(kPaddingHeaderSize + len))
    return fail(at, "file ends inside a padding record of " +
                        std::to_string(len) + " bytes");
  last_was_sfmb_ = false;
  return true;
}

bool CompressedBackupReader::read_index() {
  const uint64_t at = file_offset_;
  const size_t head = kIndexHeaderSize + kIndexFrameSize;
  if (!fill(head)) return fail(at, "file ends inside an index record header");
  const char* f = buf_.data() + kIndexHeaderSize;
  const uint32_t count = le32(f + 4);
  const uint32_t size = le32(f + 8);
  const uint32_t stored = le32(f + 12);
  if (size < 2 * kIndexFrameSize || size > kMaxIndexSize ||
      uint64_t{count} * kIndexEntrySize > size - 2 * kIndexFrameSize)
    return fail(at, "index record declares " + std::to_string(count) +
                        " entries in " + std::to_string(size) +
                        " bytes; expected 32 + 16 * entries <= size <= " +
                        std::to_string(kMaxIndexSize));
  if (!fill(kIndexHeaderSize + size))
    return fail(
        at, "file ends inside an index of " + std::to_string(size) + " bytes");
  const std::string_view index(buf_.data() + kIndexHeaderSize, size);
  const std::string_view entries =
      index.substr(kIndexFrameSize, size_t{count} * kIndexEntrySize);
  const uint32_t computed = compressed_checksum(entries);
  if (computed != stored)
    return fail(at, "index checksum mismatch: stored " + hex32(stored) +
                        ", computed " + hex32(computed) + " over " +
                        std::to_string(count) + " entries");
  if (index.substr(size - kIndexFrameSize) != index.substr(0, kIndexFrameSize))
    return fail(at + kIndexHeaderSize + size - kIndexFrameSize,
                "index footer differs from the index header at " +
                    std::to_string(at + kIndexHeaderSize) +
                    " (expected a copy)");
  index_entries_ += count;
  consume(kIndexHeaderSize + size);
  last_was_sfmb_ = false;
  return true;
}

std::string_view CompressedBackupReader::read_sfmb() {
  const uint64_t at = file_offset_;
  if (!fill(sfmb_size_)) {
    fail(at, "file ends inside an SFMB block (" + std::to_string(buf_.size()) +
                 " of " + std::to_string(sfmb_size_) + " bytes)");
    return {};
  }
  // The common MTF block header checksums to zero with its checksum word.
  if (xor_checksum(std::string_view(buf_.data(), kCommonHeaderSize)) != 0) {
    fail(at,
         "SFMB block header checksum does not match (expected the XOR of "
         "its 26 words to be 0)");
    return {};
  }
  out_.assign(buf_.data(), sfmb_size_);
  consume(sfmb_size_);
  output_offset_ += out_.size();
  last_was_sfmb_ = true;
  return out_;
}

// Zero bytes after the final SFMB are tolerated as filler; anything else is
// not understood.
bool CompressedBackupReader::read_trailing_zeros() {
  while (true) {
    if (!fill(1)) {
      finished_ = true;
      return true;
    }
    if (buf_[0] != 0)
      return fail(file_offset_,
                  "unexpected byte " + hex8(static_cast<uint8_t>(buf_[0])) +
                      " in the zero filler after the last SFMB block");
    consume(1);
    // Whole pieces of zeros are dropped without copying.
    while (!piece_.empty() && piece_.front() == 0) {
      const size_t n = std::min(piece_.find_first_not_of('\0'), piece_.size());
      piece_.remove_prefix(n);
      file_offset_ += n;
    }
  }
}

std::string_view CompressedBackupReader::next() {
  if (failed_ || finished_) return {};
  if (!header_done_ && !read_header()) return {};
  while (true) {
    const uint64_t at = file_offset_;
    if (!fill(1)) {
      if (last_was_sfmb_ && last_chunk_has_eset_) {
        finished_ = true;
      } else if (last_was_sfmb_) {
        fail(at,
             "file ends after an SFMB block, but no ESET (end of backup "
             "set) block came before it; the file looks truncated");
      } else {
        fail(at, std::string("file ends after ") +
                     (chunks_ == 0 ? "the container header"
                                   : "a record that is not an SFMB block") +
                     "; expected an ESET chunk and a final SFMB block (the "
                     "file looks truncated)");
      }
      return {};
    }
    const auto type = static_cast<uint8_t>(buf_[0]);
    if (type == kRecordChunk) return read_chunk();
    if (type == kRecordPadding) {
      if (!read_padding()) return {};
      continue;
    }
    if (type == kRecordIndex) {
      if (!read_index()) return {};
      continue;
    }
    if (type == 'S' && fill(4) && buf_.compare(0, 4, "SFMB") == 0)
      return read_sfmb();
    if (type == 0 && last_was_sfmb_ && last_chunk_has_eset_) {
      read_trailing_zeros();
      return {};
    }
    fill(8);
    fail(at, "unknown record type " + hex8(type) + " (found " + shown(buf_) +
                 "; expected 0x21 compressed chunk, 0x24 padding, 0x2c "
                 "index or an \"SFMB\" block)");
    return {};
  }
}

}  // namespace leakscope::mtf
