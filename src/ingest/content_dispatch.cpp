#include "ingest/content_dispatch.hpp"

#include "message_parser.hpp"
#include "tnef.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"
#include "walk/identify.hpp"

namespace leakscope {

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
  std::string lname = ascii_lower(c.name);
  auto ends_with = [&](std::string_view suffix) {
    return lname.size() >= suffix.size() &&
           lname.compare(lname.size() - suffix.size(), suffix.size(), suffix) ==
               0;
  };
  if (kind == "tnef" || c.declared_type == "application/ms-tnef" ||
      c.declared_type == "application/vnd.ms-tnef") {
    if (kind == "tnef")
      emit_tnef(c.bytes, c.locator, c.item_id, c.depth, sink, reporter, *this);
    else
      reporter.corruption(c.locator, kNoOffset,
                          "declared TNEF but the TNEF signature is missing");
    return kind;
  }
  if ((kind == "pdf" || kind == "zip" || kind == "ole2") &&
      limits_.open_documents) {
    // The document (or archive) item is a child of the attachment or entry
    // item and shares its locator: the same bytes.
    emit_document(c.bytes, kind, c.name, c.locator, c.item_id, c.depth, sink,
                  reporter, *this, limits_, budget_);
    return kind;
  }
  // An attached .eml file is a message of the exposure too.
  if (kind == "message" &&
      (ends_with(".eml") || istarts_with(c.declared_type, "message/"))) {
    mime::MessageParser parser(sink, reporter, this);
    parser.parse(c.bytes, c.locator + "/message", c.item_id, c.depth);
  }
  return kind;
}

}  // namespace leakscope
