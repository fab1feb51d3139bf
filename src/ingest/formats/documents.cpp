// Documents: PDF (parsers/pdf), OLE2 and OOXML/ODF Office files
// (parsers/office), RTF (lib/util/rtf_text), plain text and HTML files,
// and zip archives (parsers/archive, libzip; an Office package is a zip
// told apart first).
#include "ingest/content_dispatch.hpp"
#include "ingest/formats/formats.hpp"
#include "leakscope/document.hpp"
#include "msg_parser.hpp"

namespace leakscope::formats {

void record_too_large(const FormatInput& in, FormatContext& ctx,
                      uint64_t read) {
  ctx.reporter.corruption(in.locator, ctx.max_document_bytes,
                          in.kind + " larger than " +
                              std::to_string(ctx.max_document_bytes) +
                              " bytes; recorded, not parsed");
  Item f;
  f.kind = "file";
  f.locator = in.locator;
  f.title = in.locator.substr(in.locator.rfind('/') + 1);
  f.add("sniffed_type", in.kind);
  f.size = read;
  ctx.sink.emit(std::move(f));
}

namespace {

bool recognise_pdf(std::string_view b) { return starts(b, "%PDF-"); }
bool recognise_zip(std::string_view b) {
  return starts(b, "PK\x03\x04") || starts(b, "PK\x05\x06");
}
bool recognise_rtf(std::string_view b) { return starts(b, "{\\rtf"); }
bool recognise_ole2(std::string_view b) {
  return starts(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
}

bool recognise_html(std::string_view b) {
  const std::string_view t = trim(b.substr(0, 512));
  return istarts_with(t, "<!doctype html") || istarts_with(t, "<html");
}
// Text: fewer than 1 % control characters (other than tab, line feed,
// vertical tab, form feed, carriage return) in the first 4 KiB: bytes, or
// UTF-16 code units after a byte-order mark.
bool is_text_unit(uint32_t c) { return !(c < 9 || (c > 13 && c < 32)); }
bool recognise_text(std::string_view b) {
  const bool le = starts(b, "\xFF\xFE"), be = starts(b, "\xFE\xFF");
  if ((le || be) && b.size() >= 4) {
    const size_t units = (std::min<size_t>(b.size(), 4096) - 2) / 2;
    size_t bad = 0;
    for (size_t i = 0; i < units; ++i) {
      const auto lo = static_cast<unsigned char>(b[2 + 2 * i + (le ? 0 : 1)]);
      const auto hi = static_cast<unsigned char>(b[2 + 2 * i + (le ? 1 : 0)]);
      if (!is_text_unit(hi << 8 | lo)) ++bad;
    }
    return bad * 100 < units;
  }
  const size_t n = std::min<size_t>(b.size(), 4096);
  size_t bad = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!is_text_unit(static_cast<unsigned char>(b[i]))) ++bad;
  }
  return n > 0 && bad * 100 < n;
}

// A plain text or HTML file: a document item with its text. Embedded text
// declared text/* is an attachment whose own item already carries the
// text (the message parser decoded it with its declared charset): no
// second item. Only the first max_text_bytes of a file are read and
// decoded (the text a document keeps), the cut reported: a 1 GiB text dump
// never sits in memory whole.
void parse_text_document(const FormatInput& in, FormatContext& ctx) {
  const uint64_t max_text = DocumentLimits{}.max_text_bytes;
  if (!in.source) {
    if (istarts_with(in.declared_type, "text/")) return;
    std::string_view head = in.bytes;
    if (head.size() > max_text) {
      head = head.substr(0, max_text);
      ctx.reporter.corruption(in.locator, max_text,
                              in.kind + " larger than " +
                                  std::to_string(max_text) +
                                  " bytes; its text read from the start only");
    }
    emit_document(head, in.kind, in.name, in.locator, in.parent, in.depth,
                  ctx.sink, ctx.reporter, ctx.children, ctx.limits, ctx.budget);
    return;
  }
  bool truncated = false;
  const std::string bytes = in.read_all(max_text, &truncated);
  if (truncated)
    ctx.reporter.corruption(in.locator, max_text,
                            in.kind + " file larger than " +
                                std::to_string(max_text) +
                                " bytes; its text read from the start only");
  emit_document(bytes, in.kind, in.locator, in.locator, kNoParent, 0, ctx.sink,
                ctx.reporter, ctx.children, ctx.limits, ctx.budget);
}

void parse_document(const FormatInput& in, FormatContext& ctx) {
  if (!in.source) {
    // A compound file whose directory shows a .msg further in than
    // identification looked is a message, not a document.
    if (in.kind == "ole2" && msg::is_msg(in.bytes)) {
      read_msg_bytes(in, in.bytes, ctx);
      return;
    }
    // The document (or archive) item is a child of the attachment or entry
    // item and shares its locator: the same bytes.
    emit_document(in.bytes, in.kind, in.name, in.locator, in.parent, in.depth,
                  ctx.sink, ctx.reporter, ctx.children, ctx.limits, ctx.budget);
    return;
  }
  // Documents and zips are parsed from memory (their formats need random
  // access); bounded by max_document_bytes.
  bool truncated = false;
  const std::string bytes = in.read_all(ctx.max_document_bytes, &truncated);
  if (truncated) {
    record_too_large(in, ctx, bytes.size());
    return;
  }
  if (in.kind == "ole2" && msg::is_msg(bytes)) {
    read_msg_bytes(in, bytes, ctx);
    return;
  }
  emit_document(bytes, in.kind, in.locator, in.locator, kNoParent, 0, ctx.sink,
                ctx.reporter, ctx.children, ctx.limits, ctx.budget);
}

}  // namespace

const FormatDescriptor kPdf = {
    "pdf",         "PDF (MuPDF): text, metadata, attached files noted",
    recognise_pdf, false,
    true,          parse_document,
    "fuzz_pdf"};
const FormatDescriptor kZip = {
    "zip",
    "zip (libzip): an OOXML/ODF document's text and metadata, or an archive "
    "whose entries are opened",
    recognise_zip,
    true,
    true,
    parse_document,
    "fuzz_zip"};
const FormatDescriptor kRtf = {
    "rtf",         "RTF: the body's text (lib/util/rtf_text)",
    recognise_rtf, false,
    true,          parse_document,
    "fuzz_rtf"};
const FormatDescriptor kHtml = {
    "html",
    "HTML file: its text (tags, scripts and styles dropped; charset "
    "detected)",
    recognise_html,
    false,
    true,
    parse_text_document,
    "fuzz_text"};
const FormatDescriptor kText = {
    "text",
    "plain text: its text (UTF-8, UTF-16 with a byte-order mark, else the "
    "charset ICU detects)",
    recognise_text,
    false,
    true,
    parse_text_document,
    "fuzz_text"};
const FormatDescriptor kOle2 = {
    "ole2",
    "OLE2 compound file (libgsf): text and metadata of Word and PowerPoint "
    "97-2003 and Excel 5.0-2003",
    recognise_ole2,
    false,
    true,
    parse_document,
    "fuzz_office"};

}  // namespace leakscope::formats
