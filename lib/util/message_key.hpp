// The deduplication key of a mail message item, the same whatever format
// the message came in (MIME, .msg, PST): copies of one message in several
// mailboxes are one message to the measurement.
#pragma once

#include <string_view>

#include "leakscope/item.hpp"

namespace leakscope {

// Adds "dedup_key": "message-id:<id>" when the message has an Internet
// message id, else "content:" + the SHA-256 of its addresses (from, to,
// cc), raw date, subject and text, whitespace collapsed (so copies with
// extra Received headers still match). Reads the item's fields as set.
void add_message_dedup_key(Item& msg, std::string_view message_id);

}  // namespace leakscope
