// Splits an mbox stream into messages without holding more than one message
// in memory. A message starts at a line beginning "From " that is the first
// line of the stream or follows an empty line. Body lines quoted as ">From ",
// ">>From "... lose one '>' (mboxrd; also right for mboxo's ">From ").
// See FORMAT.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace leakscope::mime {

struct MboxMessage {
  uint64_t index = 0;          // 1-based position in the mailbox
  uint64_t offset = 0;         // byte offset of its "From " line in the stream
  std::string_view separator;  // the "From ..." line without its newline
  std::string_view bytes;      // the message, unquoted, separator excluded
  bool truncated = false;      // longer than the limit; the rest was dropped
};

class MboxSplitter {
 public:
  using Callback = std::function<void(const MboxMessage&)>;
  MboxSplitter(Callback on_message, size_t max_message = 256u << 20)
      : on_message_(std::move(on_message)), max_message_(max_message) {}

  void feed(std::string_view chunk);
  // Flushes the last message. Call once at end of stream.
  void finish();

  uint64_t messages() const { return index_; }
  // Bytes before the first "From " line (not part of any message).
  uint64_t leading_garbage() const { return leading_garbage_; }

 private:
  void line(std::string_view l);  // one line including its '\n' (if any)
  void emit();

  Callback on_message_;
  size_t max_message_;
  std::string carry_;    // partial line from the previous chunk
  std::string current_;  // the message being collected
  std::string separator_;
  bool in_message_ = false;
  bool prev_blank_ = true;  // the stream start counts as after a blank line
  bool truncated_ = false;
  uint64_t index_ = 0;
  uint64_t offset_ = 0;  // stream offset of the next line
  uint64_t message_offset_ = 0;
  uint64_t leading_garbage_ = 0;
};

// True when the bytes start like an mbox ("From " then something that looks
// like an address or date on the first line).
bool looks_like_mbox(std::string_view bytes);

}  // namespace leakscope::mime
