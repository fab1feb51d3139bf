// Reads one evidence file exactly once, front to back, hashing every raw byte
// as it goes. Evidence is opened through open_evidence_file (regular files
// only, O_RDONLY, O_NOATIME where permitted) and never written. When the file
// is zstd-compressed the reader hands out the decompressed bytes while hashing
// the compressed ones (the evidence).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "util/evidence_file.hpp"
#include "util/sha256.hpp"
#include "util/zstd_codec.hpp"

namespace leakscope {

class EvidenceReader {
 public:
  static constexpr size_t kChunk = 1 << 20;

  // Throws std::runtime_error("<path>: <why>") if the file can't be
  // opened or is not a regular file.
  explicit EvidenceReader(const std::string& path);
  ~EvidenceReader();
  EvidenceReader(const EvidenceReader&) = delete;
  EvidenceReader& operator=(const EvidenceReader&) = delete;

  // The first raw bytes (up to 64 KiB) without consuming them.
  std::string_view peek_raw();
  // Switch to handing out decompressed bytes. Call before the first next().
  void decompress_zstd() { zstd_ = true; }
  bool decompressing() const { return zstd_; }

  // Next piece of logical bytes; empty at end of file. The view is valid
  // until the next call.
  std::string_view next();
  // Reads up to `limit` logical bytes into one string (for a single message).
  // Sets *truncated when more bytes remained.
  std::string read_all(uint64_t limit, bool* truncated);

  // Hashes whatever raw bytes remain unread, then returns the SHA-256 of the
  // whole file. Idempotent.
  const std::string& finish();
  uint64_t raw_bytes() const { return raw_read_; }
  uint64_t logical_bytes() const { return logical_read_; }
  const std::string& path() const { return path_; }
  // "" when the file (by descriptor and by name) is still what was opened;
  // else the change, for a damage line (describe_change). Call after
  // finish().
  std::string changed_since_open() const {
    return describe_change(path_, fd_, opened_);
  }

 private:
  std::string_view next_raw();

  std::string path_;
  int fd_ = -1;
  FileIdentity opened_;
  bool zstd_ = false;
  bool eof_ = false;
  std::unique_ptr<char[]> buf_;  // raw chunk buffer, kChunk bytes, not zeroed
  size_t buf_len_ = 0;           // valid bytes in buf_
  bool peeked_ = false;  // buf_ holds the peeked chunk, not yet handed out
  std::string logical_;  // decompressed output pending hand-out
  uint64_t raw_read_ = 0;
  uint64_t logical_read_ = 0;
  Sha256 hash_;
  std::string digest_;
  std::unique_ptr<ZstdStreamDecoder> zstd_decoder_;  // created on demand
};

}  // namespace leakscope
