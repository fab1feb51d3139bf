// Outlook .msg files (MS-OXMSG: MAPI properties in an OLE2 compound file,
// read through libgsf) into the same items as a mail message: a "message"
// item with its senders, recipients, subject, date and body text, and an
// "attachment" item per attachment, opened through the ContentHandler; an
// attached message (PR_ATTACH_METHOD 5) becomes a child message. See
// FORMAT.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leakscope/content.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"

namespace leakscope::msg {

// True when `bytes` are a compound file whose root holds a .msg's property
// streams (opens the directory only).
bool is_msg(std::string_view bytes);

// Emits the message (under `parent`, at `locator`) and its attachments;
// nested messages at most `max_depth - depth` levels deep. `sha256` is the
// file's hash when already known ("" to compute it). Damage goes to
// `reporter`; nothing is thrown for bad input.
void parse_msg(std::string_view bytes, const std::string& locator,
               int64_t parent, int depth, ItemSink& sink, Reporter& reporter,
               ContentHandler* handler, const std::string& sha256 = "",
               int max_depth = 12);

}  // namespace leakscope::msg
