// The MIME entity tree of one message, as byte spans into the message. No
// bytes are copied: every entity knows where its header and body are, so
// every item can be traced back to exact offsets. See FORMAT.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::mime {

struct HeaderField {
  std::string name;   // as written
  std::string value;  // unfolded, raw bytes (not yet decoded)
  size_t offset = 0;  // of the field's first byte in the message
};

struct Entity {
  size_t begin = 0;       // first header byte
  size_t body_begin = 0;  // first body byte (after the blank line)
  size_t end = 0;         // one past the last body byte
  std::vector<HeaderField> headers;
  std::vector<Entity> children;  // multipart/* only
  std::vector<std::string> defects;

  const HeaderField* find(std::string_view name) const;
  std::string get(std::string_view name) const;  // first value or ""
};

// Bytes of one header field's value kept (continuation lines included);
// a longer one is cut and the cut recorded as a defect.
inline constexpr size_t kMaxHeaderValue = 1024 * 1024;

struct TreeLimits {
  int max_depth = 32;        // multipart nesting
  size_t max_parts = 10000;  // entities per message
};

// Parses the header block starting at `begin`; sets body_begin. A line that
// is neither a field nor a continuation ends the header block (the damage is
// recorded in e.defects).
void parse_header_block(std::string_view msg, size_t begin, size_t end,
                        Entity& e);

// Builds the whole tree. Multipart bodies are split on delimiter lines
// ("--" boundary, optional "--", optional transport padding, end of line;
// RFC 2046 §5.1.1). Never throws; damage becomes defects on the entities.
Entity parse_mime_tree(std::string_view msg, TreeLimits limits = {});

}  // namespace leakscope::mime
