#include "ingest/source_parser.hpp"

#include <cstring>
#include <filesystem>

#include "ingest/content_dispatch.hpp"
#include "leakscope/format.hpp"
#include "util/sha256.hpp"

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
    const FormatDescriptor* format = format_named(inner);
    if (format && format->parse && (!format->document || limits.documents)) {
      FormatInput in;
      in.kind = inner;
      in.source = true;
      in.pull = [&]() {
        std::string_view piece = stream.next();
        progress();
        return piece;
      };
      in.name = display;
      in.locator = display;
      if (kind == inner) {
        // The file itself, not decompressed: formats that need random
        // access read it by path; its hash is known once it is read.
        in.path = path;
        in.file_sha256 = [&reader]() { return reader.finish(); };
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (!ec) in.size = size;
      }
      FormatContext ctx{sink,
                        &sink,
                        reporter,
                        dispatcher,
                        dispatcher.limits(),
                        dispatcher.budget(),
                        limits.max_message_bytes,
                        limits.max_document_bytes,
                        progress};
      format->parse(in, ctx);
    } else {
      // No parser for this kind (or documents are off): one item records
      // what it is.
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
