// Outlook .msg (parsers/msg, libgsf): a mail message like an .eml.
#include "ingest/formats/formats.hpp"
#include "msg_parser.hpp"

namespace leakscope::formats {

namespace {

// A compound file whose first bytes name a .msg's property streams (a .msg
// whose directory lies further in is told apart when the "ole2" format
// opens it: see read_msg_bytes).
bool recognise_msg(std::string_view b) {
  if (!starts(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return false;
  // Directory entry names are UTF-16LE.
  auto utf16 = [](std::string_view ascii) {
    std::string u;
    for (char c : ascii) {
      u += c;
      u += '\0';
    }
    return u;
  };
  static const std::string kProperties = utf16("__properties_version1.0");
  static const std::string kStream = utf16("__substg1.0_");
  return b.find(kProperties) != std::string_view::npos ||
         b.find(kStream) != std::string_view::npos;
}

void parse_msg(const FormatInput& in, FormatContext& ctx) {
  if (!in.source) {
    read_msg_bytes(in, in.bytes, ctx);
    return;
  }
  bool truncated = false;
  const std::string bytes = in.read_all(ctx.max_document_bytes, &truncated);
  if (truncated) {
    record_too_large(in, ctx, bytes.size());
    return;
  }
  read_msg_bytes(in, bytes, ctx);
}

}  // namespace

void read_msg_bytes(const FormatInput& in, std::string_view bytes,
                    FormatContext& ctx) {
  if (in.source) {
    const std::string sha = in.file_sha256 ? in.file_sha256() : "";
    msg::parse_msg(bytes, in.locator, kNoParent, 0, ctx.sink, ctx.reporter,
                   &ctx.children, sha, ctx.limits.max_depth);
  } else {
    // Like an attached .eml: the message is a child of the attachment.
    msg::parse_msg(bytes, in.locator + "/message", in.parent, in.depth,
                   ctx.sink, ctx.reporter, &ctx.children, "",
                   ctx.limits.max_depth);
  }
}

const FormatDescriptor kMsg = {
    "msg",
    "Outlook message (.msg, libgsf): sender, recipients, subject, date, body, "
    "attachments and attached messages as children",
    recognise_msg,
    true,
    false,
    parse_msg,
    "fuzz_msg"};

}  // namespace leakscope::formats
