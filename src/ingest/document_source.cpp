// Documents and zip archives into items (see content_dispatch.hpp).
#include <algorithm>
#include <list>
#include <memory>
#include <unordered_map>

#include "charset.hpp"
#include "ingest/content_dispatch.hpp"
#include "office_document.hpp"
#include "pdf_document.hpp"
#include "util/html_text.hpp"
#include "util/rtf_text.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"
#include "zip_reader.hpp"

namespace leakscope {
namespace {

// Documents parsed by this thread, by SHA-256 of their bytes; least
// recently used dropped past kCacheEntries entries or kCacheTextBytes of
// text (memory stays bounded).
class DocumentCache {
 public:
  static constexpr size_t kCacheEntries = 256;
  static constexpr size_t kCacheTextBytes = 64u << 20;
  std::shared_ptr<const DocumentInfo> find(const std::string& sha) {
    auto it = index_.find(sha);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }
  std::shared_ptr<const DocumentInfo> add(const std::string& sha,
                                          DocumentInfo info) {
    auto d = std::make_shared<const DocumentInfo>(std::move(info));
    order_.emplace_front(sha, d);
    index_[sha] = order_.begin();
    text_bytes_ += d->text.size();
    while (order_.size() > kCacheEntries ||
           (text_bytes_ > kCacheTextBytes && order_.size() > 1)) {
      text_bytes_ -= order_.back().second->text.size();
      index_.erase(order_.back().first);
      order_.pop_back();
    }
    return d;
  }

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const DocumentInfo>>;
  std::list<Entry> order_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t text_bytes_ = 0;
};

DocumentCache& parsed_documents() {
  thread_local DocumentCache cache;
  return cache;
}

// `sha` is the SHA-256 (hex) of `bytes`, computed once by the caller.
void emit_document_item(const DocumentInfo& d, std::string_view bytes,
                        const std::string& sha, const std::string& name,
                        const std::string& locator, int64_t parent,
                        ItemSink& sink, Reporter& reporter) {
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
  it.sha256 = sha;
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

// `zip` is the archive over `bytes`, opened once by the caller.
void emit_archive(const archive::ZipArchive& zip, std::string_view bytes,
                  const std::string& sha, const std::string& name,
                  const std::string& locator, int64_t parent, int depth,
                  ItemSink& sink, Reporter& reporter, ContentHandler& handler,
                  const DispatchLimits& limits, ExpansionBudget& budget) {
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
  a.sha256 = sha;
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
    if (budget.entries >= limits.max_source_entries) {
      reporter.corruption(locator, kNoOffset,
                          "zip: this source's nested archives hold more than " +
                              std::to_string(limits.max_source_entries) +
                              " entries in all; the rest were not opened");
      break;
    }
    ++budget.entries;
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
    // What may be inflated now: the entry limit, what the source's budget
    // has left, and what may still be held in memory along the chain.
    const uint64_t room = std::min(
        {limits.max_entry_bytes,
         limits.max_source_expanded_bytes -
             std::min(budget.expanded, limits.max_source_expanded_bytes),
         limits.max_held_bytes - std::min(budget.held, limits.max_held_bytes)});
    if (room == 0) {
      f.size = e.size;
      f.add("zip_bomb", "true");
      if (!budget.spent_reported) {
        budget.spent_reported = true;
        reporter.corruption(
            loc, kNoOffset,
            "zip bomb: this source's nested archives inflated " +
                std::to_string(budget.expanded) + " bytes (budget " +
                std::to_string(limits.max_source_expanded_bytes) + " bytes, " +
                std::to_string(limits.max_held_bytes) +
                " held at once); this and later entries not expanded");
      }
      sink.emit(std::move(f));
      continue;
    }
    std::string data, why;
    bool truncated = false;
    // One byte past the declared size tells an entry that lies about it.
    const uint64_t limit = std::min(room, e.size < room ? e.size + 1 : room);
    if (!zip.read(e.index, limit, &data, &truncated, &why)) {
      reporter.corruption(loc, kNoOffset, "zip entry: " + why);
      f.size = e.size;
      sink.emit(std::move(f));
      continue;
    }
    budget.expanded += data.size();
    bool lies = false;
    if (data.size() > e.size) {
      // More bytes than the archive declares: cut at the declared size.
      data.resize(e.size);
      truncated = false;
      lies = true;
      f.add("truncated", "true");
      reporter.corruption(loc, kNoOffset,
                          "zip entry declares " + std::to_string(e.size) +
                              " bytes and inflates to more; cut at " +
                              std::to_string(e.size) + ", not opened");
    }
    if (truncated) {
      f.add("truncated", "true");
      f.add("zip_bomb", "true");
      reporter.corruption(
          loc, kNoOffset,
          "zip entry declares " + std::to_string(e.size) +
              " bytes and inflates beyond the " + std::to_string(room) +
              " bytes this source may still expand; cut there, not opened");
    } else if (data.size() < e.size) {
      reporter.corruption(loc, kNoOffset,
                          "zip entry declares " + std::to_string(e.size) +
                              " bytes and inflates to " +
                              std::to_string(data.size()));
    }
    expanded += data.size();
    f.size = data.size();
    f.sha256 = Sha256::hex(data);
    f.add("sniffed_type", handler.sniff(data));
    if (truncated || lies) {
      sink.emit(std::move(f));
      continue;
    }
    int64_t fid = sink.emit(std::move(f));
    EmbeddedContent c;
    c.bytes = data;
    c.name = e.name;
    c.locator = loc;
    c.item_id = fid;
    c.depth = depth + 1;
    // The entry is held while what it contains is opened.
    budget.held += data.size();
    handler.open(c, sink, reporter);
    budget.held -= data.size();
  }
}

}  // namespace

void emit_document(std::string_view bytes, const std::string& kind,
                   const std::string& name, const std::string& locator,
                   int64_t parent, int depth, ItemSink& sink,
                   Reporter& reporter, ContentHandler& handler,
                   const DispatchLimits& limits, ExpansionBudget& budget) {
  if (kind != "pdf" && kind != "ole2" && kind != "zip" && kind != "rtf" &&
      kind != "text" && kind != "html")
    return;
  std::string sha = Sha256::hex(bytes);
  // The same attachment recurs across an exposure (forwards, replies,
  // copies in several mailboxes): parsed once per worker, then reused.
  std::shared_ptr<const DocumentInfo> d = parsed_documents().find(sha);
  if (!d) {
    if (kind == "zip") {
      archive::ZipArchive zip(bytes);
      if (!zip.ok()) {
        // No central directory (a zip cut short, a damaged end): the
        // entries are read from their local headers instead (libarchive's
        // streaming reader; parsers/archive/FORMAT.md has the figures).
        reporter.corruption(
            locator, kNoOffset,
            "zip: " + zip.error() + "; entries read from their local headers");
        bool given = false;
        auto pull = [&]() -> std::string_view {
          if (given) return {};
          given = true;
          return bytes;
        };
        emit_stream_archive("zip_local", pull, sha, bytes.size(), name, locator,
                            parent, depth, sink, reporter, handler, limits,
                            budget);
        return;
      }
      std::string format = office::package_format(zip);
      if (format.empty()) {
        emit_archive(zip, bytes, sha, name, locator, parent, depth, sink,
                     reporter, handler, limits, budget);
        return;
      }
      d = parsed_documents().add(sha, office::read_package(zip, format));
    } else if (kind == "text" || kind == "html") {
      DocumentInfo t;
      t.format = kind;
      // An HTML page may name its charset (<meta charset>); else ICU's
      // detector decides (a byte-order mark or valid UTF-8 first).
      mime::DecodedText decoded = mime::decode_text(
          bytes, kind == "html" ? html_meta_charset(bytes) : "");
      if (decoded.utf8.rfind("\xEF\xBB\xBF", 0) == 0)
        decoded.utf8.erase(0, 3);  // the byte-order mark is no text
      t.text =
          kind == "html" ? html_to_text(decoded.utf8) : std::move(decoded.utf8);
      t.set("charset", decoded.charset);
      const size_t max_text = DocumentLimits{}.max_text_bytes;
      if (t.text.size() > max_text) {
        size_t cut = max_text;  // never inside a UTF-8 sequence
        while (cut > 0 &&
               (static_cast<unsigned char>(t.text[cut]) & 0xC0) == 0x80)
          --cut;
        t.text.resize(cut);
        t.problems.push_back("text longer than " + std::to_string(max_text) +
                             " bytes; cut");
      }
      d = parsed_documents().add(sha, std::move(t));
    } else if (kind == "rtf") {
      DocumentInfo rtf;
      rtf.format = "rtf";
      rtf.text = rtf_rough_text(bytes);
      d = parsed_documents().add(sha, std::move(rtf));
    } else {
      d = parsed_documents().add(
          sha, kind == "pdf" ? pdf::read_pdf(bytes) : office::read_ole2(bytes));
    }
  }
  emit_document_item(*d, bytes, sha, name, locator, parent, sink, reporter);
}

}  // namespace leakscope
