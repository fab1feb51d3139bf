// The per-type hook. A parser that finds embedded content it does not own
// (an attachment, a zip entry, a TNEF payload) hands the decoded bytes to a
// ContentHandler, which identifies them and calls the matching parser. The
// ingest pipeline owns the implementation; parsers only see this interface,
// so no parser includes another.
#pragma once

#include <cstdint>
#include <functional>
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

struct DispatchLimits {
  int max_depth = 12;  // nesting of containers (message in zip in message...)
  // Zip archives: entries opened per archive, bytes of one entry, bytes
  // expanded per archive, and the expansion ratio above which an entry (of
  // more than ratio_floor bytes) is a zip bomb: reported, not expanded.
  uint64_t max_zip_entries = 10000;
  uint64_t max_entry_bytes = 256ull << 20;
  uint64_t max_expanded_bytes = 1ull << 30;
  uint64_t max_ratio = 200;
  uint64_t ratio_floor = 1u << 20;
  bool open_documents = true;  // false: documents and archives stay unopened
  // Across the whole nesting chain of one source (zip in zip in message in
  // zip...): bytes inflated in all, entries opened in all, and bytes of
  // entries held in memory at once (an entry being opened and the entries
  // that contain it). No declared size is trusted: reads stop at what the
  // budget has left, and a cut is recorded as damage.
  uint64_t max_source_expanded_bytes = 1ull << 30;
  uint64_t max_source_entries = 100000;
  uint64_t max_held_bytes = 256ull << 20;
};

// What one source has spent of DispatchLimits' source-wide budget.
struct ExpansionBudget {
  uint64_t expanded = 0;        // bytes inflated so far
  uint64_t entries = 0;         // archive entries opened so far
  uint64_t held = 0;            // bytes of the entries now being opened, nested
  bool spent_reported = false;  // the "budget spent" damage line is written
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
