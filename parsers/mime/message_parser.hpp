// Parses one RFC 5322 / MIME message (bytes already split out of any mbox)
// into Items: the message itself, its attachments and inline parts, and
// nested message/rfc822 parts as child messages. The entity tree
// (mime_tree.cpp), header decoding, charsets and transfer encodings are ours:
// FORMAT.md ("mimetic") says where mimetic, which the design named, loses
// real mail. Pure: no store, no classifier. Damage goes to the Reporter and
// parsing carries on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leakscope/content.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"

namespace leakscope::mime {

struct MessageLimits {
  int max_depth = 16;          // nested message/rfc822 and multipart levels
  size_t max_parts = 10000;    // leaf parts per message
  size_t max_text = 16 << 20;  // extracted body text kept per message (bytes)
};

// Whether bytes look like an RFC 5322 header block: the first line is a
// header field ("Name: value") and at least one well-known mail header
// appears among the first lines.
bool looks_like_message(std::string_view bytes);

class MessageParser {
 public:
  // `handler` may be null (attachments are then recorded but not opened).
  MessageParser(ItemSink& sink, Reporter& reporter, ContentHandler* handler,
                MessageLimits limits = {})
      : sink_(sink), reporter_(reporter), handler_(handler), limits_(limits) {}

  // Emits the message item (and its children) and returns its local id.
  // `locator` names the message ("mail/1.eml", "a.mbox#msg=3").
  int64_t parse(std::string_view bytes, const std::string& locator,
                int64_t parent = kNoParent, int depth = 0);
  // The SHA-256 of `bytes` when the caller already has it (a message that is
  // a whole file was hashed as it was read); used once, by the next parse().
  void set_known_sha256(std::string hex) { known_sha256_ = std::move(hex); }

 private:
  ItemSink& sink_;
  Reporter& reporter_;
  ContentHandler* handler_;
  MessageLimits limits_;
  std::string known_sha256_;
};

// The rule mail readers use for "is this part an attachment": a leaf part
// (not multipart/*, not message/*) with a file name, or with
// Content-Disposition: attachment.
bool is_attachment_part(std::string_view content_type_value,
                        std::string_view disposition_value, bool has_filename);

}  // namespace leakscope::mime
