// Reader for compressed SQL Server backups (BACKUP ... WITH COMPRESSION):
// files that begin with "MSSQLBAK" instead of the MTF "TAPE" block. The file
// is a container of records, most of them one Xpress-compressed piece of the
// MTF stream an uncompressed backup would hold; the soft filemark blocks
// (SFMB) are stored uncompressed. Layout, as observed in real files, in
// COMPRESSED_FORMAT.md.
//
// Usage:
//   if (!looks_like_compressed_backup(head)) ...  // an MTF file: read_mtf()
//   CompressedBackupReader r([&] { return file.next_piece(); });
//   for (auto chunk = r.next(); !chunk.empty(); chunk = r.next())
//     feed_mtf(chunk);                 // TAPE, SFMB, SSET, ... in order
//   if (!r.error().empty()) report(r.error());
//
// The concatenated output of next() is the MTF stream (TAPE block at 0,
// first SFMB at 1024, SSET at 1536 ...), ready for read_mtf().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace leakscope::mtf {

// Container constants (offsets in bytes). See COMPRESSED_FORMAT.md.
inline constexpr std::string_view kCompressedMagic = "MSSQLBAK";
inline constexpr uint32_t kCompressedVersionMajor = 2;  // the only one seen
inline constexpr size_t kCompressedHeaderSize = 480;    // first record here
// Record type bytes (first byte of each record).
inline constexpr uint8_t kRecordChunk = 0x21;    // Xpress-compressed chunk
inline constexpr uint8_t kRecordPadding = 0x24;  // zero filler
inline constexpr uint8_t kRecordIndex = 0x2C;    // offset index follows
inline constexpr size_t kChunkHeaderSize = 28;
inline constexpr size_t kPaddingHeaderSize = 24;
inline constexpr size_t kIndexHeaderSize = 24;  // before the index itself
inline constexpr size_t kIndexFrameSize = 16;   // index header and footer
inline constexpr size_t kIndexEntrySize = 16;   // u64 stream, u64 file offset
inline constexpr size_t kChunkUnit = 512;       // decompressed size granularity
inline constexpr size_t kMaxIndexSize = size_t{1} << 20;

// The 32-bit checksum stored in chunk and index records: over the bytes as
// little-endian 32-bit words (the last one zero-padded), c = rotl(c, 1) ^ w,
// starting from 0. It is not a CRC.
uint32_t compressed_checksum(std::string_view bytes);

// True when `head` (the first bytes of a file) starts with "MSSQLBAK".
bool looks_like_compressed_backup(std::string_view head);

// Pulls decompressed bytes from a compressed backup, chunk by chunk. Memory
// is bounded by one record (a chunk: under 64 KiB in, at most 127.5 KiB out;
// an index: at most 1 MiB) whatever the file size or the size of the pieces
// `read` returns: pieces are consumed in place, only a record is copied.
// The reader stops at the first damage; it does not resynchronise.
class CompressedBackupReader {
 public:
  // `read` supplies raw file bytes sequentially (returns empty at EOF). The
  // returned view must stay valid until the next call of `read`.
  explicit CompressedBackupReader(std::function<std::string_view()> read);

  // Next decompressed chunk (or uncompressed SFMB block); empty at the end.
  // The view stays valid until the next call. On damage sets error() (naming
  // the file offset of the record and what was expected) and returns empty;
  // every later call returns empty too.
  std::string_view next();

  // Empty unless the file was damaged, truncated or not understood.
  const std::string& error() const { return error_; }
  uint32_t version_major() const { return version_major_; }
  uint32_t version_minor() const { return version_minor_; }

  // Progress, for reports: raw bytes consumed, decompressed bytes handed out,
  // chunk records decoded, index entries seen.
  uint64_t file_offset() const { return file_offset_; }
  uint64_t output_offset() const { return output_offset_; }
  uint64_t chunks() const { return chunks_; }
  uint64_t index_entries() const { return index_entries_; }
  // True once the file ended cleanly: an SFMB block after a chunk holding an
  // ESET block, then nothing (or only zero bytes).
  bool finished() const { return finished_; }

 private:
  bool fill(size_t n);  // buf_ holds >= n bytes of the current record
  bool skip(size_t n);  // drops n bytes (buffered first, then from the file)
  void consume(size_t n);
  bool fail(uint64_t offset, const std::string& what);
  bool read_header();
  std::string_view read_chunk();
  bool read_padding();
  bool read_index();
  std::string_view read_sfmb();
  bool read_trailing_zeros();

  std::function<std::string_view()> read_;
  std::string_view piece_;  // unread remainder of the last piece from read_
  bool eof_ = false;
  std::string buf_;  // bytes of the current record, from file_offset_ on
  std::string out_;  // the chunk handed out by next()

  std::string error_;
  uint32_t version_major_ = 0;
  uint32_t version_minor_ = 0;
  uint64_t file_offset_ = 0;
  uint64_t output_offset_ = 0;
  uint64_t chunks_ = 0;
  uint64_t index_entries_ = 0;
  size_t sfmb_size_ = 512;  // from the TAPE block's soft filemark size
  bool header_done_ = false;
  bool last_was_sfmb_ = false;
  bool last_chunk_has_eset_ = false;
  bool finished_ = false;
  bool failed_ = false;
};

}  // namespace leakscope::mtf
