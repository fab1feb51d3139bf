// The pipeline's ContentHandler: identifies embedded content and sends it to
// the parser that owns its format. Formats without a parser yet are recorded
// by kind (the attachment item already carries size, hash and sniffed type).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "leakscope/content.hpp"
#include "leakscope/sql_records.hpp"

namespace leakscope {

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

class ContentDispatcher : public ContentHandler {
 public:
  explicit ContentDispatcher(DispatchLimits limits = {}) : limits_(limits) {}
  // Where the typed rows of a SQL Server backup found inside an archive or
  // attachment go (the source's sink; not owned, outlives the dispatcher).
  // Without one such a backup is recorded by kind only.
  void set_record_sink(RecordSink* records) { records_ = records; }
  // The source's budget (one dispatcher per source).
  ExpansionBudget& budget() { return budget_; }
  const DispatchLimits& limits() const { return limits_; }
  std::string open(const EmbeddedContent& content, ItemSink& sink,
                   Reporter& reporter) override;
  std::string sniff(std::string_view bytes) const override;

 private:
  DispatchLimits limits_;
  ExpansionBudget budget_;
  RecordSink* records_ = nullptr;
};

// Emits the items of a document (kind "pdf", "ole2", or "zip" holding an
// OOXML/ODF package: one "document" item) or of a zip archive (an
// "archive" item, one "file" item per entry, each entry opened through
// `handler`). `name` is the file name if known; `parent` may be kNoParent
// (a loose file). The document item's locator is `locator`.
void emit_document(std::string_view bytes, const std::string& kind,
                   const std::string& name, const std::string& locator,
                   int64_t parent, int depth, ItemSink& sink,
                   Reporter& reporter, ContentHandler& handler,
                   const DispatchLimits& limits, ExpansionBudget& budget);

// Emits the items of an archive that libarchive reads (kind 7z, rar, tar,
// cab, iso9660, cpio, ar: an "archive" item, one "file" item per entry) or
// of one compressed stream (gzip, bzip2, xz, lzma, zstd: an "archive" item
// and one "file" item, the expanded bytes), each entry opened through
// `handler` under the same limits and source budget as zip entries. The
// archive's bytes come from `pull` in pieces (see StreamArchive), or from
// `path` when it names the file itself (a 7z needs random access); `sha`
// ("" when not known yet) and `size` describe them.
void emit_stream_archive(const std::string& kind,
                         const std::function<std::string_view()>& pull,
                         const std::string& sha, uint64_t size,
                         const std::string& name, const std::string& locator,
                         int64_t parent, int depth, ItemSink& sink,
                         Reporter& reporter, ContentHandler& handler,
                         const DispatchLimits& limits, ExpansionBudget& budget,
                         const std::string& path = "");

// Emits one child item per file inside a TNEF stream and opens each.
void emit_tnef(std::string_view bytes, const std::string& locator,
               int64_t parent, int depth, ItemSink& sink, Reporter& reporter,
               ContentHandler& handler);

}  // namespace leakscope
