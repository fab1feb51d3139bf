#include "mtf_reader.hpp"

#include <algorithm>
#include <vector>

#include "mtf_format.hpp"

namespace leakscope::mtf {

namespace {

// A forward-only window over the stream. Invariant: buf_[head_, tail_) holds
// the bytes at stream offsets [pos_, pos_ + tail_ - head_).
class Cursor {
 public:
  Cursor(const ReadFn& read, const SeekFn& seek)
      : read_(read), seek_(seek), buf_(2u << 20) {}

  uint64_t pos() const { return pos_; }
  size_t available() const { return tail_ - head_; }

  // Makes at least n bytes available if the stream has them; returns the
  // number available (may be less at the end).
  size_t ensure(size_t n) {
    if (available() >= n || eof_) return available();
    if (n > buf_.size()) buf_.resize(n);
    if (head_ > 0) {
      std::memmove(buf_.data(), buf_.data() + head_, tail_ - head_);
      tail_ -= head_;
      head_ = 0;
    }
    while (tail_ < n && !eof_) {
      size_t got = read_(buf_.data() + tail_, buf_.size() - tail_);
      if (got == 0) eof_ = true;
      tail_ += got;
    }
    return available();
  }
  std::string_view view(size_t n) const {
    return std::string_view(buf_.data() + head_, std::min(n, available()));
  }
  // Skips n bytes (seeking past what is not buffered when the source can
  // seek, else reading through). Returns bytes actually skipped; a seek
  // counts as done (a seek past the end shows as the end on the next read).
  uint64_t skip(uint64_t n) {
    if (seek_ && n > available() + kSeekThreshold) {
      // A damaged length may point past any file (or wrap): clamped, it
      // reads as the end, never as a jump backwards.
      constexpr uint64_t kMaxOffset = uint64_t{1} << 62;
      uint64_t target =
          n > kMaxOffset - std::min(pos_, kMaxOffset) ? kMaxOffset : pos_ + n;
      if (seek_(target)) {
        head_ = tail_ = 0;
        pos_ = target;
        eof_ = false;
        return n;
      }
    }
    uint64_t done = 0;
    while (done < n) {
      if (available() == 0 && ensure(1) == 0) break;
      size_t step =
          static_cast<size_t>(std::min<uint64_t>(n - done, available()));
      head_ += step;
      pos_ += step;
      done += step;
    }
    return done;
  }
  bool at_end() { return ensure(1) == 0; }

 private:
  // Below this many bytes past the buffer, reading through is cheaper.
  static constexpr uint64_t kSeekThreshold = 1u << 20;
  const ReadFn& read_;
  const SeekFn& seek_;
  std::vector<char> buf_;
  size_t head_ = 0, tail_ = 0;
  uint64_t pos_ = 0;
  bool eof_ = false;
};

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

bool valid_block_header(std::string_view h) {
  return h.size() >= kCommonHeaderSize && is_block_id(h.substr(0, 4)) &&
         xor_checksum(h.substr(0, kOffChecksum)) ==
             le16(h.data() + kOffChecksum);
}

bool is_zero_header(std::string_view page) {
  for (size_t i = 0; i < 96 && i < page.size(); ++i)
    if (page[i]) return false;
  return true;
}

}  // namespace

MtfSummary read_mtf(const ReadFn& read, const MtfCallbacks& cb,
                    Reporter& reporter, const std::string& locator,
                    const SeekFn& seek) {
  MtfSummary sum;
  Cursor cur(read, seek);
  bool lost_sync = false;
  uint64_t lost_at = 0;
  while (!cur.at_end()) {
    // Blocks start on 512-byte boundaries.
    uint64_t aligned = align_up(cur.pos(), kBlockAlign);
    if (cur.skip(aligned - cur.pos()) < aligned - cur.pos()) break;
    if (cur.ensure(kCommonHeaderSize) < kCommonHeaderSize) {
      const std::string_view rest = cur.view(kCommonHeaderSize);
      if (!lost_sync &&
          std::any_of(rest.begin(), rest.end(), [](char c) { return c; }))
        reporter.corruption(
            locator, cur.pos(),
            "input ends at " + std::to_string(cur.pos() + rest.size()) +
                " inside a block header at " + std::to_string(cur.pos()));
      break;
    }
    std::string_view h = cur.view(kCommonHeaderSize);
    if (!valid_block_header(h)) {
      if (!lost_sync) {
        lost_sync = true;
        lost_at = cur.pos();
      }
      cur.skip(kBlockAlign);
      continue;
    }
    if (lost_sync) {
      reporter.corruption(locator, lost_at,
                          "no valid MTF descriptor block between offsets " +
                              std::to_string(lost_at) + " and " +
                              std::to_string(cur.pos()) + "; skipped");
      lost_sync = false;
    }
    BlockInfo block;
    block.type = std::string(h.substr(0, 4));
    block.offset = cur.pos();
    block.attributes = le32(h.data() + kOffAttributes);
    const uint16_t first_stream = le16(h.data() + kOffFirstStream);
    block.first_stream = first_stream;
    block.string_type = static_cast<uint8_t>(h[kOffStringType]);
    ++sum.blocks;
    if (block.type == "TAPE") sum.saw_tape = true;
    if (block.type == "ESET") sum.saw_eset = true;
    if (block.type == "SFMB") {
      // A soft filemark block has no streams; it fills `first_stream` bytes.
      if (cb.on_block) {
        block.bytes = cur.view(kCommonHeaderSize);
        cb.on_block(block);
      }
      cur.skip(std::max<uint64_t>(first_stream, kBlockAlign));
      continue;
    }
    if (first_stream < kCommonHeaderSize) {
      reporter.corruption(locator, block.offset,
                          block.type + " block: first stream offset " +
                              std::to_string(first_stream) +
                              " lies inside the 52-byte header");
      cur.skip(kBlockAlign);
      continue;
    }
    cur.ensure(first_stream);
    block.bytes = cur.view(first_stream);
    if (cb.on_block) cb.on_block(block);
    cur.skip(first_stream);
    // Streams until SPAD (which pads to the next block) or damage.
    for (;;) {
      if (cur.ensure(kStreamHeaderSize) < kStreamHeaderSize) {
        const std::string_view rest = cur.view(kStreamHeaderSize);
        if (std::any_of(rest.begin(), rest.end(), [](char c) { return c; }))
          reporter.corruption(locator, cur.pos(),
                              block.type + " block at " +
                                  std::to_string(block.offset) +
                                  ": input ends inside the stream header at " +
                                  std::to_string(cur.pos()));
        break;
      }
      std::string_view sh = cur.view(kStreamHeaderSize);
      StreamInfo st;
      st.type = std::string(sh.substr(0, 4));
      st.block = block.type;
      st.offset = cur.pos();
      st.length = le64(sh.data() + 8);
      st.encryption = le16(sh.data() + 16);
      st.compression = le16(sh.data() + 18);
      if (!is_block_id(sh.substr(0, 4)) ||
          xor_checksum(sh.substr(0, 20)) != le16(sh.data() + 20)) {
        reporter.corruption(locator, st.offset,
                            "stream header in " + block.type +
                                " block: bad id or checksum; resynchronising");
        break;
      }
      cur.skip(kStreamHeaderSize);
      uint64_t data_start = cur.pos();
      uint64_t data_end = data_start + st.length;
      if (st.type == "MQDA" && st.length > 0 && cb.pages_wanted &&
          !cb.pages_wanted()) {
        cur.skip(st.length);
      } else if (st.type == "MQDA" && st.length > 0) {
        // Pages start on the first 512-byte boundary inside the data.
        uint64_t p = align_up(data_start, kPageAlign);
        cur.skip(std::min(p, data_end) - data_start);
        while (cur.pos() + kPageSize <= data_end) {
          uint64_t at = cur.pos();
          if (cur.ensure(kPageSize) < kPageSize) break;
          std::string_view page = cur.view(kPageSize);
          if (!is_zero_header(page)) {
            ++sum.pages;
            if (cb.on_page) cb.on_page(st, at, page);
          }
          cur.skip(kPageSize);
        }
        if (cur.pos() < data_end) cur.skip(data_end - cur.pos());
      } else if (st.type == "MQTL") {
        sum.log_bytes += st.length;
        cur.skip(st.length);
      } else if (st.type != "SPAD" && st.type != "APAD") {
        // Other streams are handed over whole up to 1 MiB; one the input
        // ends inside, as far as present (at most 1 MiB of it).
        constexpr uint64_t kWholeStreamMax = 1u << 20;
        const size_t want =
            static_cast<size_t>(std::min(st.length, kWholeStreamMax));
        const size_t got = cur.ensure(want);
        if (got < want) {
          reporter.corruption(
              locator, data_start,
              st.type + " stream truncated: " + std::to_string(st.length) +
                  " bytes declared, " + std::to_string(got) + " present");
          if (cb.on_stream) cb.on_stream(st, cur.view(got));
          cur.skip(got);
          break;
        }
        if (st.length <= kWholeStreamMax) {
          if (cb.on_stream) cb.on_stream(st, cur.view(want));
          cur.skip(want);
        } else {
          reporter.note(locator, "stream " + st.type + " at offset " +
                                     std::to_string(st.offset) + " (" +
                                     std::to_string(st.length) +
                                     " bytes) skipped");
          cur.skip(st.length);
        }
      } else {
        cur.skip(st.length);
      }
      if (st.type == "SPAD") break;
      uint64_t next = align_up(cur.pos(), kStreamAlign);
      cur.skip(next - cur.pos());
    }
  }
  if (lost_sync)
    reporter.corruption(locator, lost_at,
                        "no valid MTF descriptor block from offset " +
                            std::to_string(lost_at) + " to the end");
  sum.bytes = cur.pos();
  return sum;
}

}  // namespace leakscope::mtf
