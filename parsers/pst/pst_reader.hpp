// Outlook personal folders (.pst) and offline stores (.ost), ANSI and
// Unicode, read through libpff: every folder as a "folder" item, every
// message as a "message" item with the same fields as an .eml or a .msg
// (senders, recipients, subject, date, body text, message id, dedup key),
// its attachments as "attachment" items opened through the ContentHandler
// and attached messages as child messages, contacts and calendar items as
// "contact" and "appointment" items with their fields. See FORMAT.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leakscope/content.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"

namespace leakscope::pst {

// "!BDN" then the client magic "SM" (PST) or "SO" (OST).
bool looks_like_pst(std::string_view head);

struct PstInput {
  // The file to read when it is one on disk (a source); else `bytes` are
  // written to a private temporary file (TMPDIR, mode 0600) that is
  // removed before the call returns.
  std::string path;
  std::string_view bytes;
  std::string locator;  // of the store: "archive.pst"
  int64_t parent = kNoParent;
  int depth = 0;
  int max_depth = 12;
  uint64_t max_attachment_bytes = 256ull << 20;  // larger ones are cut
};

// Emits the store's items to `sink`; damage (what libpff could not read,
// with its message) to `reporter`. Never throws for bad input.
void read_pst(const PstInput& in, ItemSink& sink, Reporter& reporter,
              ContentHandler* handler);

}  // namespace leakscope::pst
