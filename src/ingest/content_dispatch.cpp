#include "ingest/content_dispatch.hpp"

#include "leakscope/format.hpp"
#include "tnef.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace leakscope {

namespace {
// Embedded content is already in memory, bounded by the entry limits: the
// per-format read limits do not cut it again.
constexpr uint64_t kMaxEmbeddedBytes = ~uint64_t{0};
}  // namespace

std::string ContentDispatcher::sniff(std::string_view bytes) const {
  return identify(bytes.substr(0, 65536));
}

void emit_tnef(std::string_view bytes, const std::string& locator,
               int64_t parent, int depth, ItemSink& sink, Reporter& reporter,
               ContentHandler& handler) {
  mime::TnefContents t = mime::read_tnef(bytes);
  if (!t.error.empty())
    reporter.corruption(locator, kNoOffset, "TNEF: " + t.error);
  int n = 0;
  for (auto& f : t.files) {
    ++n;
    Item a;
    a.parent = parent;
    a.kind = "attachment";
    std::string name = f.name.empty() ? "file" + std::to_string(n) : f.name;
    a.locator = locator + "/tnef=" + std::to_string(n) + "/attachment=" + name;
    a.title = f.name;
    a.size = f.data.size();
    a.sha256 = Sha256::hex(f.data);
    a.add("container", "tnef");
    if (!f.name.empty()) a.add("filename", f.name);
    if (!f.mime_type.empty()) a.add("declared_type", ascii_lower(f.mime_type));
    a.add("sniffed_type", handler.sniff(f.data));
    std::string loc = a.locator;
    int64_t id = sink.emit(std::move(a));
    EmbeddedContent c;
    c.bytes = f.data;
    c.name = f.name;
    c.declared_type = ascii_lower(f.mime_type);
    c.locator = loc;
    c.item_id = id;
    c.depth = depth + 1;
    handler.open(c, sink, reporter);
  }
}

std::string ContentDispatcher::open(const EmbeddedContent& c, ItemSink& sink,
                                    Reporter& reporter) {
  std::string kind = sniff(c.bytes);
  if (c.depth > limits_.max_depth) {
    reporter.corruption(c.locator, kNoOffset,
                        "nesting deeper than " +
                            std::to_string(limits_.max_depth) + " levels; " +
                            kind + " content not opened");
    return kind;
  }
  if (c.declared_type == "application/ms-tnef" ||
      c.declared_type == "application/vnd.ms-tnef") {
    if (kind != "tnef") {
      reporter.corruption(c.locator, kNoOffset,
                          "declared TNEF but the TNEF signature is missing");
      return kind;
    }
  }
  const FormatDescriptor* format = format_named(kind);
  if (!format || !format->parse ||
      (format->document && !limits_.open_documents))
    return kind;  // recorded by kind (the item already has size and hash)
  FormatInput in;
  in.kind = kind;
  in.bytes = c.bytes;
  in.name = c.name;
  in.declared_type = c.declared_type;
  in.locator = c.locator;
  in.size = c.bytes.size();
  in.parent = c.item_id;
  in.depth = c.depth;
  FormatContext ctx{sink,    records_, reporter,          *this,
                    limits_, budget_,  kMaxEmbeddedBytes, kMaxEmbeddedBytes,
                    {}};
  format->parse(in, ctx);
  return kind;
}

}  // namespace leakscope
