// Outlook .pst and .ost stores (parsers/pst, libpff).
#include "ingest/formats/formats.hpp"
#include "pst_reader.hpp"

namespace leakscope::formats {

namespace {

void parse_pst(const FormatInput& in, FormatContext& ctx) {
  pst::PstInput p;
  p.locator = in.locator;
  p.depth = in.depth;
  p.max_depth = ctx.limits.max_depth;
  p.max_attachment_bytes = ctx.max_document_bytes;
  std::string held;
  if (in.source && !in.path.empty()) {
    // libpff reads the evidence file itself, read-only.
    p.path = in.path;
    Item store;
    store.kind = "pst";
    store.locator = in.locator;
    store.title = base_name(in.path);
    store.size = in.size;
    store.sha256 = in.file_sha256 ? in.file_sha256() : "";
    p.parent = ctx.sink.emit(std::move(store));
  } else {
    // Inside an archive or attached: a private copy on disk, bounded like
    // any document held whole.
    bool truncated = false;
    if (in.source) {
      held = in.read_all(ctx.max_document_bytes, &truncated);
      p.bytes = held;
    } else {
      p.bytes = in.bytes;
    }
    if (truncated) {
      record_too_large(in, ctx, held.size());
      return;
    }
    p.parent = in.parent;
  }
  pst::read_pst(p, ctx.sink, ctx.reporter, &ctx.children);
}

}  // namespace

const FormatDescriptor kPst = {
    "pst",
    "Outlook personal folders and offline stores (.pst, .ost; ANSI and "
    "Unicode; libpff): folders, messages with recipients and bodies, "
    "attachments and attached messages as children, contacts, appointments",
    pst::looks_like_pst,
    true,
    false,
    parse_pst,
    "fuzz_pst"};

}  // namespace leakscope::formats
