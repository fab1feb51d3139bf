#include "mbox.hpp"

#include <cstring>

namespace leakscope::mime {

bool looks_like_mbox(std::string_view bytes) {
  if (bytes.substr(0, 5) != "From ") return false;
  size_t eol = bytes.find('\n');
  if (eol == std::string_view::npos) eol = bytes.size();
  // "From " line should be followed by a header block or another message.
  return eol > 5 && eol < 1024;
}

void MboxSplitter::feed(std::string_view chunk) {
  size_t pos = 0;
  while (pos < chunk.size()) {
    const void* nl = std::memchr(chunk.data() + pos, '\n', chunk.size() - pos);
    if (!nl) {
      carry_.append(chunk.substr(pos));
      // A single line longer than a message is junk; cap the carry.
      if (carry_.size() > max_message_) {
        line(carry_);
        carry_.clear();
      }
      return;
    }
    size_t end =
        static_cast<size_t>(static_cast<const char*>(nl) - chunk.data()) + 1;
    if (carry_.empty()) {
      line(chunk.substr(pos, end - pos));
    } else {
      carry_.append(chunk.substr(pos, end - pos));
      line(carry_);
      carry_.clear();
    }
    pos = end;
  }
}

void MboxSplitter::line(std::string_view l) {
  uint64_t line_offset = offset_;
  offset_ += l.size();
  bool is_from = l.size() >= 5 && std::memcmp(l.data(), "From ", 5) == 0;
  std::string_view content = l;
  if (!content.empty() && content.back() == '\n') content.remove_suffix(1);
  if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
  bool blank = content.empty();
  // Like Python's mailbox and most readers: every line starting "From "
  // separates messages (writers quote such lines in bodies).
  if (is_from) {
    if (in_message_) emit();
    in_message_ = true;
    message_offset_ = line_offset;
    separator_.assign(content);
    current_.clear();
    truncated_ = false;
    prev_blank_ = false;
    return;
  }
  prev_blank_ = blank;
  if (!in_message_) {
    leading_garbage_ += l.size();
    return;
  }
  if (current_.size() + l.size() > max_message_) {
    truncated_ = true;
    return;
  }
  // mboxrd unquoting: ">From ", ">>From " ... lose one '>'.
  size_t gt = 0;
  while (gt < l.size() && l[gt] == '>') ++gt;
  if (gt > 0 && l.size() >= gt + 5 &&
      std::memcmp(l.data() + gt, "From ", 5) == 0)
    current_.append(l.substr(1));
  else
    current_.append(l);
}

void MboxSplitter::emit() {
  // The blank line before the next "From " belongs to the separator.
  std::string_view body = current_;
  if (body.size() >= 2 && body.substr(body.size() - 2) == "\n\n")
    body.remove_suffix(1);
  else if (body.size() >= 4 && body.substr(body.size() - 4) == "\r\n\r\n")
    body.remove_suffix(2);
  MboxMessage m;
  m.index = ++index_;
  m.offset = message_offset_;
  m.separator = separator_;
  m.bytes = body;
  m.truncated = truncated_;
  on_message_(m);
  current_.clear();
}

void MboxSplitter::finish() {
  if (!carry_.empty()) {
    line(carry_);
    carry_.clear();
  }
  if (in_message_) emit();
  in_message_ = false;
}

}  // namespace leakscope::mime
