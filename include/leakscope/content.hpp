// The per-type hook. A parser that finds embedded content it does not own
// (an attachment, a zip entry, a TNEF payload) hands the decoded bytes to a
// ContentHandler, which identifies them and calls the matching parser. The
// ingest pipeline owns the implementation; parsers only see this interface,
// so no parser includes another.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"

namespace leakscope {

struct EmbeddedContent {
  std::string_view bytes;       // decoded content; valid only during the call
  std::string name;             // file name if any (UTF-8)
  std::string declared_type;    // declared MIME type, lower-case, may be empty
  std::string locator;          // locator of the embedded content itself
  int64_t item_id = kNoParent;  // local id of the item already emitted for it
  int depth = 0;                // nesting depth (limits recursion)
};

class ContentHandler {
 public:
  virtual ~ContentHandler() = default;
  // Returns the sniffed kind ("pdf", "zip", "message", "tnef", "unknown"...).
  // May emit child items under content.item_id.
  virtual std::string open(const EmbeddedContent& content, ItemSink& sink,
                           Reporter& reporter) = 0;
  // Identifies bytes without parsing them.
  virtual std::string sniff(std::string_view bytes) const = 0;
};

}  // namespace leakscope
