#include "util/file_reader.hpp"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <stdexcept>

namespace leakscope {

EvidenceReader::EvidenceReader(const std::string& path) : path_(path) {
  fd_ = open_evidence_file(path, &opened_);
  buf_.reset(new char[kChunk]);
}

EvidenceReader::~EvidenceReader() {
  if (fd_ >= 0) ::close(fd_);
}

std::string_view EvidenceReader::next_raw() {
  if (peeked_) {
    peeked_ = false;
    return std::string_view(buf_.get(), buf_len_);
  }
  if (eof_) return {};
  size_t got = 0;
  while (got < kChunk) {
    ssize_t n = ::read(fd_, buf_.get() + got, kChunk - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(path_ + ": read error at offset " +
                               std::to_string(raw_read_ + got) + ": " +
                               strerror(errno));
    }
    if (n == 0) {
      eof_ = true;
      break;
    }
    got += static_cast<size_t>(n);
  }
  buf_len_ = got;
  raw_read_ += got;
  hash_.update(std::string_view(buf_.get(), got));
  return std::string_view(buf_.get(), got);
}

std::string_view EvidenceReader::peek_raw() {
  if (!peeked_ && raw_read_ == 0) {
    next_raw();
    peeked_ = true;
  }
  if (!peeked_) return {};
  return std::string_view(buf_.get(), std::min<size_t>(buf_len_, 64 << 10));
}

std::string_view EvidenceReader::next() {
  if (!zstd_) {
    auto v = next_raw();
    logical_read_ += v.size();
    return v;
  }
  logical_.clear();
  while (logical_.empty()) {
    auto raw = next_raw();
    if (raw.empty()) {
      if (zstd_decoder_ && !zstd_decoder_->at_frame_boundary())
        throw std::runtime_error(path_ + ": zstd stream truncated at offset " +
                                 std::to_string(raw_read_));
      return {};
    }
    if (!zstd_decoder_) zstd_decoder_ = std::make_unique<ZstdStreamDecoder>();
    try {
      zstd_decoder_->feed(raw,
                          [&](std::string_view out) { logical_.append(out); });
    } catch (const std::exception& e) {
      throw std::runtime_error(path_ + ": " + e.what() +
                               " (compressed offset " +
                               std::to_string(raw_read_ - raw.size()) + ")");
    }
  }
  logical_read_ += logical_.size();
  return logical_;
}

std::string EvidenceReader::read_all(uint64_t limit, bool* truncated) {
  std::string out;
  *truncated = false;
  for (;;) {
    auto piece = next();
    if (piece.empty()) break;
    if (out.size() + piece.size() > limit) {
      out.append(piece.substr(0, limit - out.size()));
      *truncated = true;
      break;
    }
    out.append(piece);
  }
  return out;
}

const std::string& EvidenceReader::finish() {
  if (digest_.empty()) {
    peeked_ = false;
    while (!next_raw().empty()) {
    }
    digest_ = hash_.hex_digest();
  }
  return digest_;
}

}  // namespace leakscope
