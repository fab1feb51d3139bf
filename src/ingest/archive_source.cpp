// Archives and compressed streams read through libarchive into items (see
// content_dispatch.hpp, parsers/archive/FORMAT.md).
#include <algorithm>

#include "ingest/content_dispatch.hpp"
#include "leakscope/item_kinds.hpp"
#include "stream_archive.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace leakscope {
namespace {

// The name of what a compressed file holds: its own name without the
// compression suffix ("dump.sql.gz" -> "dump.sql", "x.tgz" -> "x.tar");
// "data" when the file has no name.
std::string expanded_name(const std::string& name) {
  const std::string base = base_name(name);
  const std::string lower = ascii_lower(base);
  static const std::pair<const char*, const char*> kSuffixes[] = {
      {".tgz", ".tar"},  {".tbz2", ".tar"}, {".tbz", ".tar"}, {".txz", ".tar"},
      {".tzst", ".tar"}, {".gz", ""},       {".bz2", ""},     {".xz", ""},
      {".lzma", ""},     {".zst", ""}};
  for (const auto& [suffix, replacement] : kSuffixes) {
    const std::string s = suffix;
    if (lower.size() > s.size() &&
        lower.compare(lower.size() - s.size(), s.size(), s) == 0)
      return base.substr(0, base.size() - s.size()) + replacement;
  }
  return base.empty() ? "data" : base;
}

}  // namespace

void emit_stream_archive(const std::string& kind,
                         const std::function<std::string_view()>& pull,
                         const std::string& sha, uint64_t size,
                         const std::string& name, const std::string& locator,
                         int64_t parent, int depth, ItemSink& sink,
                         Reporter& reporter, ContentHandler& handler,
                         const DispatchLimits& limits, ExpansionBudget& budget,
                         const std::string& path) {
  archive::StreamArchive ar(kind, pull, path, limits.max_held_bytes);
  const bool compressed = archive::is_compressed_kind(kind);
  Item a;
  a.parent = parent;
  a.kind = "archive";
  a.locator = locator;
  a.title = base_name(name);
  a.size = size;
  a.sha256 = sha;
  a.add("format", kind);
  if (!name.empty()) a.add("filename", base_name(name));
  const int64_t id = sink.emit(std::move(a));
  if (!ar.ok()) {
    reporter.corruption(locator, kNoOffset, kind + ": " + ar.error());
    return;
  }
  uint64_t expanded = 0, opened = 0;
  archive::StreamEntry e;
  while (ar.next(&e)) {
    const std::string entry_name = compressed ? expanded_name(name) : e.name;
    const std::string loc = locator + "#entry=" + entry_name;
    if (e.directory) {
      // A folder is listed (its name may say what the archive held); the
      // root of an ISO image ("." or "") is not.
      if (entry_name == "." || entry_name.empty() || entry_name == "./")
        continue;
      Item d;
      d.parent = id;
      d.kind = kinds::kFolder;
      d.locator = loc;
      d.title = base_name(entry_name);
      d.add("filename", entry_name);
      d.add("container", kind);
      sink.emit(std::move(d));
      continue;
    }
    if (opened >= limits.max_zip_entries) {
      reporter.corruption(locator, kNoOffset,
                          kind + ": more than " +
                              std::to_string(limits.max_zip_entries) +
                              " entries; the rest were not opened");
      return;
    }
    if (budget.entries >= limits.max_source_entries) {
      reporter.corruption(locator, kNoOffset,
                          kind +
                              ": this source's nested archives hold more "
                              "than " +
                              std::to_string(limits.max_source_entries) +
                              " entries in all; the rest were not opened");
      return;
    }
    ++budget.entries;
    ++opened;
    Item f;
    f.parent = id;
    f.kind = "file";
    f.locator = loc;
    f.title = base_name(entry_name);
    f.add("filename", entry_name);
    f.add("container", kind);
    if (e.encrypted) {
      f.add("encrypted", "true");
      f.size = e.size;
      reporter.note(loc, kind + " entry is encrypted; contents not readable");
      sink.emit(std::move(f));
      continue;
    }
    if (!e.regular) {  // a link or a device: its name is all there is
      f.size = 0;
      sink.emit(std::move(f));
      continue;
    }
    // What may be expanded now: the entry limit, what this archive and the
    // source's budget have left, and what may still be held in memory
    // along the nesting chain. A declared size is not trusted: one byte
    // past it is read to tell an entry that lies.
    uint64_t room = std::min(
        {limits.max_entry_bytes,
         limits.max_expanded_bytes -
             std::min(expanded, limits.max_expanded_bytes),
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
            kind + " bomb: this source's nested archives expanded " +
                std::to_string(budget.expanded) + " bytes (budget " +
                std::to_string(limits.max_source_expanded_bytes) + " bytes, " +
                std::to_string(limits.max_held_bytes) +
                " held at once); this and later entries not expanded");
      }
      sink.emit(std::move(f));
      continue;
    }
    if (e.size_known && e.size < room) room = e.size + 1;
    std::string data, why;
    bool truncated = false;
    const bool read_ok = ar.read(room, &data, &truncated, &why);
    budget.expanded += data.size();
    expanded += data.size();
    bool open = read_ok && !truncated;
    if (!read_ok) {
      f.add("truncated", "true");
      reporter.corruption(loc, kNoOffset,
                          kind + " entry: " + why + " (after " +
                              std::to_string(data.size()) + " bytes)");
    }
    if (e.size_known && data.size() > e.size) {
      data.resize(e.size);
      open = false;
      f.add("truncated", "true");
      reporter.corruption(loc, kNoOffset,
                          kind + " entry declares " + std::to_string(e.size) +
                              " bytes and expands to more; cut at " +
                              std::to_string(e.size) + ", not opened");
    } else if (truncated) {
      f.add("truncated", "true");
      f.add("zip_bomb", "true");
      reporter.corruption(loc, kNoOffset,
                          kind + " entry expands beyond the " +
                              std::to_string(room) +
                              " bytes this source may still expand; cut "
                              "there, not opened");
    } else if (read_ok && e.size_known && data.size() < e.size) {
      reporter.corruption(loc, kNoOffset,
                          kind + " entry declares " + std::to_string(e.size) +
                              " bytes and expands to " +
                              std::to_string(data.size()));
    }
    f.size = data.size();
    f.sha256 = Sha256::hex(data);
    f.add("sniffed_type", handler.sniff(data));
    const int64_t fid = sink.emit(std::move(f));
    if (!open) {
      if (!read_ok && !ar.ok()) break;  // the archive cannot go on
      continue;
    }
    EmbeddedContent c;
    c.bytes = data;
    c.name = entry_name;
    c.locator = loc;
    c.item_id = fid;
    c.depth = depth + 1;
    // The entry is held while what it contains is opened.
    budget.held += data.size();
    handler.open(c, sink, reporter);
    budget.held -= data.size();
  }
  if (ar.error().empty()) return;
  if (ar.unsupported())
    reporter.note(locator, kind + ": " + ar.error() +
                               " (a limit of libarchive, not damage); the "
                               "entries after the last one listed are not "
                               "read");
  else
    reporter.corruption(locator, kNoOffset, kind + ": " + ar.error());
}

}  // namespace leakscope
