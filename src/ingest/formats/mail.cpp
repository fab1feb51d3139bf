// Mail: RFC 5322 messages, mbox files, TNEF (winmail.dat). Parsers in
// parsers/mime.
#include "ingest/content_dispatch.hpp"
#include "ingest/formats/formats.hpp"
#include "mbox.hpp"
#include "message_parser.hpp"
#include "tnef.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace leakscope::formats {

namespace {

bool recognise_message(std::string_view b) {
  return mime::looks_like_message(b);
}
bool recognise_mbox(std::string_view b) { return mime::looks_like_mbox(b); }
bool recognise_tnef(std::string_view b) { return mime::looks_like_tnef(b); }

void parse_message(const FormatInput& in, FormatContext& ctx) {
  mime::MessageParser parser(ctx.sink, ctx.reporter, &ctx.children);
  if (!in.source) {
    // Attached: only a .eml file or a message/* part is a message of the
    // exposure (text that merely looks like headers is not).
    const std::string lname = ascii_lower(in.name);
    const bool eml =
        lname.size() >= 4 && lname.compare(lname.size() - 4, 4, ".eml") == 0;
    if (!eml && !istarts_with(in.declared_type, "message/")) return;
    parser.parse(in.bytes, in.locator + "/message", in.parent, in.depth);
    return;
  }
  bool truncated = false;
  const std::string bytes = in.read_all(ctx.max_message_bytes, &truncated);
  if (truncated)
    ctx.reporter.corruption(in.locator, ctx.max_message_bytes,
                            "message larger than " +
                                std::to_string(ctx.max_message_bytes) +
                                " bytes; the rest was not parsed");
  // The message is the whole (uncompressed) file: its hash is the file's,
  // already computed while reading.
  if (!truncated && in.file_sha256) parser.set_known_sha256(in.file_sha256());
  parser.parse(bytes, in.locator);
}

void parse_mbox(const FormatInput& in, FormatContext& ctx) {
  if (!in.source) return;  // an attached mbox is recorded by kind
  Item box;
  box.kind = "mbox";
  box.locator = in.locator;
  box.title = in.locator.substr(in.locator.rfind('/') + 1);
  const int64_t box_id = ctx.sink.emit(std::move(box));
  mime::MessageParser parser(ctx.sink, ctx.reporter, &ctx.children);
  mime::MboxSplitter splitter(
      [&](const mime::MboxMessage& m) {
        const std::string loc = in.locator + "#msg=" + std::to_string(m.index);
        if (m.truncated)
          ctx.reporter.corruption(
              loc, m.offset, "mbox message larger than the limit; truncated");
        parser.parse(m.bytes, loc, box_id);
      },
      ctx.max_message_bytes);
  for_each_piece(in, [&](std::string_view piece) { splitter.feed(piece); });
  splitter.finish();
  if (splitter.leading_garbage())
    ctx.reporter.corruption(in.locator, 0,
                            std::to_string(splitter.leading_garbage()) +
                                " bytes before the first \"From \" line");
}

void parse_tnef(const FormatInput& in, FormatContext& ctx) {
  if (!in.source) {
    emit_tnef(in.bytes, in.locator, in.parent, in.depth, ctx.sink, ctx.reporter,
              ctx.children);
    return;
  }
  bool truncated = false;
  const std::string bytes = in.read_all(ctx.max_message_bytes, &truncated);
  Item t;
  t.kind = "tnef";
  t.locator = in.locator;
  t.title = in.locator.substr(in.locator.rfind('/') + 1);
  t.size = bytes.size();
  t.sha256 = Sha256::hex(bytes);
  const int64_t id = ctx.sink.emit(std::move(t));
  emit_tnef(bytes, in.locator, id, 0, ctx.sink, ctx.reporter, ctx.children);
}

}  // namespace

const FormatDescriptor kMessage = {
    "message",
    "an RFC 5322 message (.eml): headers, MIME parts, bodies, attachments",
    recognise_message,
    true,
    false,
    parse_message,
    "fuzz_message"};
const FormatDescriptor kMbox = {
    "mbox",
    "an mbox mailbox (mboxrd/mboxo/mboxcl): every message in it",
    recognise_mbox,
    true,
    false,
    parse_mbox,
    "fuzz_mbox"};
const FormatDescriptor kTnef = {
    "tnef",         "a TNEF stream (winmail.dat): the files it carries",
    recognise_tnef, true,
    false,          parse_tnef,
    "fuzz_tnef"};

}  // namespace leakscope::formats
