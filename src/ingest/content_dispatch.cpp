#include "ingest/content_dispatch.hpp"

#include <algorithm>
#include <cstring>

#include "compressed_backup.hpp"
#include "ingest/mssql_source.hpp"
#include "message_parser.hpp"
#include "stream_archive.hpp"
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

namespace {

// `c`'s bytes as a SQL Server file (backup, compressed backup or data
// file): its database items become children of c.item_id.
void read_mssql_from_memory(const std::string& kind, const EmbeddedContent& c,
                            RecordSink& records, Reporter& reporter) {
  std::string_view rest = c.bytes;
  SourceRead read = [&rest](char* dst, size_t n) -> size_t {
    const size_t take = std::min(n, rest.size());
    std::memcpy(dst, rest.data(), take);
    rest.remove_prefix(take);
    return take;
  };
  if (kind != "mssql_backup_compressed") {
    parse_mssql(kind, read, c.locator, records, reporter, {}, "", c.item_id);
    return;
  }
  bool given = false;
  mtf::CompressedBackupReader cr([&]() -> std::string_view {
    if (given) return {};
    given = true;
    return c.bytes;
  });
  std::string_view piece;
  size_t piece_pos = 0;
  SourceRead expanded = [&](char* dst, size_t n) -> size_t {
    while (piece_pos >= piece.size()) {
      piece = cr.next();
      piece_pos = 0;
      if (piece.empty()) return 0;
    }
    const size_t take = std::min(n, piece.size() - piece_pos);
    std::memcpy(dst, piece.data() + piece_pos, take);
    piece_pos += take;
    return take;
  };
  parse_mssql("mssql_backup", expanded, c.locator, records, reporter, {}, "",
              c.item_id);
  if (!cr.error().empty())
    reporter.corruption(c.locator, cr.file_offset(), cr.error());
}

}  // namespace

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
  // Archives and compressed streams (libarchive): containers whose
  // entries come back here.
  if ((archive::is_stream_archive_kind(kind) ||
       archive::is_compressed_kind(kind)) &&
      limits_.open_documents) {
    bool given = false;
    auto pull = [&]() -> std::string_view {
      if (given) return {};
      given = true;
      return c.bytes;
    };
    emit_stream_archive(kind, pull, Sha256::hex(c.bytes), c.bytes.size(),
                        c.name, c.locator, c.item_id, c.depth, sink, reporter,
                        *this, limits_, budget_);
    return kind;
  }
  // A SQL Server backup or data file inside an archive or attachment: read
  // from memory like a loose one (bounded by the entry limits).
  if ((kind == "mssql_backup" || kind == "mssql_data_file" ||
       kind == "mssql_backup_compressed") &&
      records_ && limits_.open_documents) {
    read_mssql_from_memory(kind, c, *records_, reporter);
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
