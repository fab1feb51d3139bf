// Documents and zip archives into items (see content_dispatch.hpp).
#include <algorithm>

#include "ingest/content_dispatch.hpp"
#include "office_document.hpp"
#include "pdf_document.hpp"
#include "util/sha256.hpp"
#include "zip_reader.hpp"

namespace leakscope {
namespace {

std::string base_name(const std::string& path) {
  size_t s = path.find_last_of("/\\");
  return s == std::string::npos ? path : path.substr(s + 1);
}

void emit_document_item(const DocumentInfo& d, std::string_view bytes,
                        const std::string& name, const std::string& locator,
                        int64_t parent, ItemSink& sink, Reporter& reporter) {
  for (const auto& p : d.problems) {
    if (p.find("encrypted") != std::string::npos)
      reporter.note(locator, p);
    else
      reporter.corruption(locator, kNoOffset, p);
  }
  Item it;
  it.parent = parent;
  it.kind = "document";
  it.locator = locator;
  it.size = bytes.size();
  it.sha256 = Sha256::hex(bytes);
  it.text = d.text;
  it.add("format", d.format);
  if (!name.empty()) it.add("filename", base_name(name));
  for (const auto& [k, v] : d.metadata) {
    if (k == "title") it.title = v;
    it.add(k, v);
  }
  if (const std::string* m = d.get("modified"))
    if (m->size() >= 10) it.date = *m;
  sink.emit(std::move(it));
}

void emit_archive(std::string_view bytes, const std::string& name,
                  const std::string& locator, int64_t parent, int depth,
                  ItemSink& sink, Reporter& reporter, ContentHandler& handler,
                  const DispatchLimits& limits) {
  archive::ZipArchive zip(bytes);
  if (!zip.ok()) {
    reporter.corruption(locator, kNoOffset, "zip: " + zip.error());
  }
  uint64_t declared = 0;
  for (const auto& e : zip.entries()) declared += e.size;
  Item a;
  a.parent = parent;
  a.kind = "archive";
  a.locator = locator;
  a.title = base_name(name);
  a.size = bytes.size();
  a.sha256 = Sha256::hex(bytes);
  a.add("format", "zip");
  if (!name.empty()) a.add("filename", base_name(name));
  a.add("entries", std::to_string(zip.entries().size()));
  a.add("expanded_size", std::to_string(declared));
  int64_t id = sink.emit(std::move(a));
  if (!zip.ok()) return;

  uint64_t expanded = 0, opened = 0;
  for (const auto& e : zip.entries()) {
    if (e.directory) continue;
    std::string loc = locator + "#entry=" + e.name;
    if (opened >= limits.max_zip_entries) {
      reporter.corruption(locator, kNoOffset,
                          "zip: more than " +
                              std::to_string(limits.max_zip_entries) +
                              " entries; the rest were not opened");
      break;
    }
    ++opened;
    Item f;
    f.parent = id;
    f.kind = "file";
    f.locator = loc;
    f.title = base_name(e.name);
    f.add("filename", e.name);
    f.add("container", "zip");
    if (e.encrypted) {
      f.add("encrypted", "true");
      f.size = e.size;
      reporter.note(loc, "zip entry is encrypted; contents not readable");
      sink.emit(std::move(f));
      continue;
    }
    uint64_t ratio = e.compressed_size ? e.size / e.compressed_size : e.size;
    if (e.size > limits.max_entry_bytes ||
        (e.size > limits.ratio_floor && ratio > limits.max_ratio) ||
        expanded + e.size > limits.max_expanded_bytes) {
      f.size = e.size;
      f.add("zip_bomb", "true");
      reporter.corruption(
          loc, kNoOffset,
          "zip bomb or oversized entry: " + std::to_string(e.compressed_size) +
              " bytes expanding to " + std::to_string(e.size) +
              " (limits: ratio " + std::to_string(limits.max_ratio) +
              ", entry " + std::to_string(limits.max_entry_bytes) +
              ", archive " + std::to_string(limits.max_expanded_bytes) +
              " bytes); not expanded");
      sink.emit(std::move(f));
      continue;
    }
    std::string data, why;
    bool truncated = false;
    if (!zip.read(e.index, limits.max_entry_bytes, &data, &truncated, &why)) {
      reporter.corruption(loc, kNoOffset, "zip entry: " + why);
      f.size = e.size;
      sink.emit(std::move(f));
      continue;
    }
    expanded += data.size();
    f.size = data.size();
    f.sha256 = Sha256::hex(data);
    f.add("sniffed_type", handler.sniff(data));
    int64_t fid = sink.emit(std::move(f));
    EmbeddedContent c;
    c.bytes = data;
    c.name = e.name;
    c.locator = loc;
    c.item_id = fid;
    c.depth = depth + 1;
    handler.open(c, sink, reporter);
  }
}

}  // namespace

void emit_document(std::string_view bytes, const std::string& kind,
                   const std::string& name, const std::string& locator,
                   int64_t parent, int depth, ItemSink& sink,
                   Reporter& reporter, ContentHandler& handler,
                   const DispatchLimits& limits) {
  if (kind == "pdf") {
    emit_document_item(pdf::read_pdf(bytes), bytes, name, locator, parent, sink,
                       reporter);
  } else if (kind == "ole2") {
    emit_document_item(office::read_ole2(bytes), bytes, name, locator, parent,
                       sink, reporter);
  } else if (kind == "zip") {
    if (!office::package_format(bytes).empty())
      emit_document_item(office::read_package(bytes), bytes, name, locator,
                         parent, sink, reporter);
    else
      emit_archive(bytes, name, locator, parent, depth, sink, reporter, handler,
                   limits);
  }
}

}  // namespace leakscope
