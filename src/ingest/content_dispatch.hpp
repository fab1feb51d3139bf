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
