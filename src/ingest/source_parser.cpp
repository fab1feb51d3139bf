#include "ingest/source_parser.hpp"

#include <cstring>
#include <filesystem>

#include "compressed_backup.hpp"
#include "ingest/content_dispatch.hpp"
#include "ingest/mssql_source.hpp"
#include "mbox.hpp"
#include "message_parser.hpp"
#include "stream_archive.hpp"
#include "util/sha256.hpp"
#include "walk/identify.hpp"

namespace leakscope {

namespace {

// Logical bytes of a source with the first piece already taken for
// identification; next() hands that piece out first.
class Stream {
 public:
  Stream(EvidenceReader& r, std::string_view first) : r_(r), first_(first) {}
  std::string_view next() {
    if (!first_done_) {
      first_done_ = true;
      if (!first_.empty()) return first_;
    }
    return r_.next();
  }
  std::string read_all(uint64_t limit, bool* truncated) {
    std::string out;
    *truncated = false;
    for (;;) {
      auto piece = next();
      if (piece.empty()) break;
      if (out.size() + piece.size() > limit) {
        out.append(piece.substr(0, limit - out.size()));
        *truncated = true;
        break;
      }
      out.append(piece);
    }
    return out;
  }

 private:
  EvidenceReader& r_;
  std::string first_;
  bool first_done_ = false;
};

}  // namespace

ParseOutcome parse_source(const std::string& path, const std::string& display,
                          RecordSink& sink, Reporter& reporter,
                          const std::function<void(uint64_t)>& on_progress,
                          SourceLimits limits) {
  EvidenceReader reader(path);
  ParseOutcome out;
  std::string kind = identify(reader.peek_raw());
  if (limits.defer && kind == "mssql_backup" &&
      limits.defer(reader.peek_raw())) {
    out.kind = "deferred";
    return out;
  }
  std::string first;
  std::string inner = kind;
  if (kind == "zstd") {
    reader.decompress_zstd();
    try {
      first = std::string(reader.next());
    } catch (const std::exception& e) {
      reporter.corruption(display, kNoOffset, e.what());
    }
    inner = identify(first);
    out.kind = "zstd:" + inner;
  } else {
    first = std::string(reader.next());
    out.kind = kind;
  }
  Stream stream(reader, first);
  DispatchLimits dispatch_limits;
  dispatch_limits.open_documents = limits.documents;
  ContentDispatcher dispatcher(dispatch_limits);
  dispatcher.set_record_sink(&sink);
  auto progress = [&]() {
    if (on_progress) on_progress(reader.raw_bytes());
  };

  try {
    if (inner == "message") {
      bool truncated = false;
      std::string bytes = stream.read_all(limits.max_message_bytes, &truncated);
      if (truncated)
        reporter.corruption(display, limits.max_message_bytes,
                            "message larger than " +
                                std::to_string(limits.max_message_bytes) +
                                " bytes; the rest was not parsed");
      mime::MessageParser parser(sink, reporter, &dispatcher);
      // The message is the whole (uncompressed) file: its hash is the file's,
      // already computed while reading.
      if (!truncated && kind == "message")
        parser.set_known_sha256(reader.finish());
      parser.parse(bytes, display);
    } else if (inner == "mbox") {
      Item box;
      box.kind = "mbox";
      box.locator = display;
      box.title = display.substr(display.rfind('/') + 1);
      int64_t box_id = sink.emit(std::move(box));
      mime::MessageParser parser(sink, reporter, &dispatcher);
      mime::MboxSplitter splitter(
          [&](const mime::MboxMessage& m) {
            std::string loc = display + "#msg=" + std::to_string(m.index);
            if (m.truncated)
              reporter.corruption(
                  loc, m.offset,
                  "mbox message larger than the limit; truncated");
            parser.parse(m.bytes, loc, box_id);
          },
          limits.max_message_bytes);
      for (;;) {
        auto piece = stream.next();
        if (piece.empty()) break;
        splitter.feed(piece);
        progress();
      }
      splitter.finish();
      if (splitter.leading_garbage())
        reporter.corruption(display, 0,
                            std::to_string(splitter.leading_garbage()) +
                                " bytes before the first \"From \" line");
    } else if (inner == "mssql_backup_compressed") {
      // The container around an MTF stream: decompress, then read it as an
      // uncompressed backup.
      bool first_done = false;
      mtf::CompressedBackupReader cr([&]() -> std::string_view {
        if (!first_done) {
          first_done = true;
          if (!first.empty()) return first;
        }
        return reader.next();
      });
      std::string_view piece;
      size_t piece_pos = 0;
      SourceRead read = [&](char* dst, size_t n) -> size_t {
        while (piece_pos >= piece.size()) {
          piece = cr.next();
          piece_pos = 0;
          if (piece.empty()) return 0;
        }
        size_t take = std::min(n, piece.size() - piece_pos);
        std::memcpy(dst, piece.data() + piece_pos, take);
        piece_pos += take;
        return take;
      };
      parse_mssql("mssql_backup", read, display, sink, reporter, progress);
      if (!cr.error().empty())
        reporter.corruption(display, cr.file_offset(), cr.error());
    } else if (inner == "mssql_backup" || inner == "mssql_data_file") {
      std::string pending(first);
      size_t pending_pos = 0;
      std::string_view piece;
      size_t piece_pos = 0;
      bool first_done = false;
      SourceRead read = [&](char* dst, size_t n) -> size_t {
        if (!first_done) {
          first_done = true;
          piece = pending;
          piece_pos = 0;
          (void)pending_pos;
        }
        while (piece_pos >= piece.size()) {
          piece = reader.next();
          piece_pos = 0;
          if (piece.empty()) return 0;
        }
        size_t take = std::min(n, piece.size() - piece_pos);
        std::memcpy(dst, piece.data() + piece_pos, take);
        piece_pos += take;
        return take;
      };
      // The file's bytes are the stream's (no zstd layer): pages are read
      // back from it by offset.
      parse_mssql(inner, read, display, sink, reporter, progress,
                  kind == inner ? path : std::string());
    } else if (inner == "tnef") {
      bool truncated = false;
      std::string bytes = stream.read_all(limits.max_message_bytes, &truncated);
      Item t;
      t.kind = "tnef";
      t.locator = display;
      t.title = display.substr(display.rfind('/') + 1);
      t.size = bytes.size();
      t.sha256 = Sha256::hex(bytes);
      int64_t id = sink.emit(std::move(t));
      emit_tnef(bytes, display, id, 0, sink, reporter, dispatcher);
    } else if (limits.documents && (archive::is_stream_archive_kind(inner) ||
                                    archive::is_compressed_kind(inner))) {
      // Read as it streams in: entries are expanded one at a time under the
      // dispatcher's limits; the file's hash is the source's.
      std::error_code ec;
      const uint64_t size =
          kind == inner ? std::filesystem::file_size(path, ec) : 0;
      emit_stream_archive(
          inner,
          [&]() {
            std::string_view piece = stream.next();
            progress();
            return piece;
          },
          "", ec ? 0 : size, display, display, kNoParent, 0, sink, reporter,
          dispatcher, dispatcher.limits(), dispatcher.budget(),
          kind == inner ? path : std::string());
    } else if (limits.documents &&
               (inner == "pdf" || inner == "zip" || inner == "ole2")) {
      // Documents and archives are parsed from memory (their formats need
      // random access); bounded by max_document_bytes.
      bool truncated = false;
      std::string bytes =
          stream.read_all(limits.max_document_bytes, &truncated);
      if (truncated) {
        reporter.corruption(display, limits.max_document_bytes,
                            inner + " larger than " +
                                std::to_string(limits.max_document_bytes) +
                                " bytes; recorded, not parsed");
        Item f;
        f.kind = "file";
        f.locator = display;
        f.title = display.substr(display.rfind('/') + 1);
        f.add("sniffed_type", inner);
        f.size = bytes.size();
        sink.emit(std::move(f));
      } else {
        emit_document(bytes, inner, display, display, kNoParent, 0, sink,
                      reporter, dispatcher, dispatcher.limits(),
                      dispatcher.budget());
      }
    } else {
      // No parser for this kind yet: one item records what it is.
      Item f;
      f.kind = "file";
      f.locator = display;
      f.title = display.substr(display.rfind('/') + 1);
      f.add("sniffed_type", inner);
      uint64_t n = 0;
      Sha256 content_hash;
      for (;;) {
        auto piece = stream.next();
        if (piece.empty()) break;
        n += piece.size();
        content_hash.update(piece);
        progress();
      }
      f.size = n;
      f.sha256 = content_hash.hex_digest();
      sink.emit(std::move(f));
    }
  } catch (const std::runtime_error& e) {
    // Read errors mid-stream (zstd damage, I/O): keep what was parsed.
    reporter.corruption(display, reader.raw_bytes(), e.what());
  }
  out.sha256 = reader.finish();
  out.bytes = reader.raw_bytes();
  if (std::string change = reader.changed_since_open(); !change.empty())
    reporter.corruption(display, kNoOffset, change);
  progress();
  return out;
}

}  // namespace leakscope
