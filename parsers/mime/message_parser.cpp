#include "message_parser.hpp"

#include <algorithm>

#include "address.hpp"
#include "charset.hpp"
#include "embedded_encodings.hpp"
#include "header_decoding.hpp"
#include "mail_date.hpp"
#include "mime_tree.hpp"
#include "transfer_decoding.hpp"
#include "util/html_text.hpp"
#include "util/message_key.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace leakscope::mime {

bool is_attachment_part(std::string_view content_type_value,
                        std::string_view disposition_value, bool has_filename) {
  if (istarts_with(content_type_value, "multipart/") ||
      istarts_with(content_type_value, "message/"))
    return false;
  return has_filename || iequals(disposition_value, "attachment");
}

bool looks_like_message(std::string_view bytes) {
  static const char* kKnown[] = {"from",
                                 "to",
                                 "subject",
                                 "date",
                                 "message-id",
                                 "received",
                                 "return-path",
                                 "mime-version",
                                 "content-type",
                                 "delivered-to",
                                 "reply-to",
                                 "sender",
                                 "cc",
                                 "x-mailer",
                                 "dkim-signature",
                                 "references",
                                 "in-reply-to",
                                 "content-transfer-encoding",
                                 "x-originating-ip",
                                 "authentication-results",
                                 "arc-seal",
                                 "thread-topic",
                                 "resent-from"};
  size_t pos = 0;
  int fields = 0, known = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // UTF-8 byte-order mark
  // Whitespace-only lines before the header block are tolerated.
  while (pos < bytes.size()) {
    size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) break;
    if (!trim(bytes.substr(pos, eol - pos)).empty() || eol - pos < 1) break;
    pos = eol + 1;
  }
  for (int line_no = 0; line_no < 64 && pos < bytes.size(); ++line_no) {
    size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) eol = bytes.size();
    std::string_view line = bytes.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the header block
    if (line[0] == ' ' || line[0] == '\t') {
      if (fields == 0) return false;  // continuation before any field
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      if (line_no == 0) return false;
      continue;  // one broken line inside a header block is tolerated
    }
    std::string_view name = line.substr(0, colon);
    bool ok = true;
    for (unsigned char c : name)
      if (c <= 32 || c >= 127) ok = false;
    if (!ok) {
      if (line_no == 0) return false;
      continue;
    }
    ++fields;
    for (const char* k : kKnown)
      if (iequals(name, k)) {
        ++known;
        break;
      }
  }
  return known >= 1 && fields >= 1;
}

namespace {

std::string child_locator(const std::string& base, const std::string& suffix) {
  return base + (base.find('#') == std::string::npos ? "#" : "/") + suffix;
}

// A leaf or nested message found while walking, emitted after the message.
struct Piece {
  std::string part_path;  // IMAP-style section number: "1", "2.3"
  std::string content_type;
  std::string disposition;
  std::string filename;
  std::string charset;
  std::string content_id;
  std::string description;
  std::string decoded;
  size_t offset = 0;  // of the part's header in the message
  bool attachment = false;
  bool nested_message = false;
};

struct WalkState {
  std::vector<Piece> pieces;
  std::string text;
  std::vector<std::string> charsets;  // "text/plain UTF-8 (declared)"
  std::vector<std::string> defects;
  size_t leaves = 0;
};

class Walker {
 public:
  Walker(std::string_view raw, const MessageLimits& limits, WalkState& st)
      : raw_(raw), limits_(limits), st_(st) {}

  void walk(const Entity& e, const std::string& path) {
    for (const auto& d : e.defects)
      defect((path.empty() ? std::string("message") : "part " + path) + ": " +
             d);
    HeaderParams ct = parse_header_params(e.get("Content-Type"));
    if (ct.value.empty() || ct.value.find('/') == std::string::npos) {
      if (!ct.value.empty())
        defect("part " + path + ": invalid Content-Type \"" + ct.value +
               "\", treated as text/plain");
      ct.value = "text/plain";
    }
    if (istarts_with(ct.value, "multipart/") && !e.children.empty()) {
      int n = 0;
      for (const auto& child : e.children) {
        ++n;
        walk(child,
             path.empty() ? std::to_string(n) : path + "." + std::to_string(n));
      }
      return;
    }
    if (istarts_with(ct.value, "multipart/")) ct.value = "text/plain";
    leaf(e, ct, path.empty() ? "1" : path);
  }

 private:
  void defect(std::string what) { st_.defects.push_back(std::move(what)); }

  // The part's bytes with its transfer encoding undone; `*uu_name` gets the
  // name on a uuencoded part's begin line.
  std::string decode_body(const Entity& e, const std::string& path,
                          std::string* uu_name) {
    std::string_view body = raw_.substr(e.body_begin, e.end - e.body_begin);
    std::string cte = ascii_lower(trim(e.get("Content-Transfer-Encoding")));
    DecodeStats stats;
    std::string out;
    if (cte == "base64") {
      out = decode_base64(body, &stats);
      if (stats.invalid_chars)
        defect("part " + path + " (offset " + std::to_string(e.body_begin) +
               "): " + std::to_string(stats.invalid_chars) +
               " invalid base64 characters skipped");
      if (stats.bad_padding)
        defect("part " + path + ": base64 ends mid-quantum");
    } else if (cte == "quoted-printable") {
      out = decode_quoted_printable(body, false, &stats);
      if (stats.invalid_chars)
        defect("part " + path + " (offset " + std::to_string(e.body_begin) +
               "): " + std::to_string(stats.invalid_chars) +
               " invalid quoted-printable escapes kept literally");
    } else if (cte == "x-uuencode" || cte == "uuencode" || cte == "x-uue" ||
               cte == "uue") {
      EmbeddedFile f = decode_uuencoded_part(body);
      for (const auto& d : f.damage)
        defect("part " + path + " (offset " + std::to_string(e.body_begin) +
               "): " + d);
      *uu_name = f.name;
      out = std::move(f.bytes);
    } else {
      if (!cte.empty() && cte != "7bit" && cte != "8bit" && cte != "binary")
        defect("part " + path + ": unknown Content-Transfer-Encoding \"" + cte +
               "\"; bytes kept as they are");
      out = std::string(body);
    }
    return out;
  }

  void leaf(const Entity& e, const HeaderParams& ct, const std::string& path) {
    if (++st_.leaves > limits_.max_parts) {
      if (st_.leaves == limits_.max_parts + 1)
        defect("more than " + std::to_string(limits_.max_parts) +
               " parts; the rest not read");
      return;
    }
    HeaderParams cd = parse_header_params(e.get("Content-Disposition"));
    std::string filename;
    if (const auto* v = cd.get("filename")) filename = *v;
    if (filename.empty())
      if (const auto* v = ct.get("name")) filename = *v;
    bool has_filename = cd.get("filename") || ct.get("name");
    Piece p;
    p.part_path = path;
    p.content_type = ct.value;
    p.disposition = cd.value;
    p.filename = filename;
    p.offset = e.begin;
    if (const auto* v = ct.get("charset")) p.charset = *v;
    p.content_id = trim(e.get("Content-ID"));
    p.description = decode_rfc2047(trim(e.get("Content-Description")));
    std::string uu_name;
    p.decoded = decode_body(e, path, &uu_name);
    if (p.filename.empty() && !uu_name.empty()) {
      p.filename = uu_name;
      has_filename = true;
    }
    p.attachment = is_attachment_part(ct.value, cd.value, has_filename);

    if (ct.value == "message/rfc822" || ct.value == "message/global") {
      p.nested_message = true;
      st_.pieces.push_back(std::move(p));
      return;
    }
    bool body_text =
        !p.attachment && (ct.value == "text/plain" || ct.value == "text/html" ||
                          ct.value == "text/enriched");
    if (body_text) {
      // Blocks are cut from the bytes before charset conversion (yEnc
      // data is 8-bit).
      if (ct.value == "text/plain")
        p.decoded = take_embedded_files(p.decoded, p, path);
      std::string declared = p.charset;
      if (declared.empty() && ct.value == "text/html")
        declared = html_meta_charset(p.decoded);
      DecodedText t = decode_text(p.decoded, declared);
      st_.charsets.push_back(ct.value + " " + t.charset + " (" + t.how + ")");
      if (t.how == "fallback" || t.lossy)
        defect("part " + path + ": text not valid in any charset tried; " +
               t.charset + " used with substitutions");
      else if (!p.charset.empty() && t.how == "detected")
        defect("part " + path + ": declared charset \"" + p.charset +
               "\" does not fit the bytes; detected " + t.charset);
      std::string text =
          ct.value == "text/html" ? html_to_text(t.utf8) : std::move(t.utf8);
      if (st_.text.size() < limits_.max_text) {
        if (!st_.text.empty()) st_.text += "\n\n";
        st_.text += text.substr(0, limits_.max_text - st_.text.size());
      }
      return;
    }
    st_.pieces.push_back(std::move(p));
  }

  // uuencoded and yEnc blocks of a plain-text body become attachments of
  // their own (part "<path>.uu1", "<path>.yenc1", ...), named by their
  // begin lines; the text keeps a one-line note where each block was.
  std::string take_embedded_files(const std::string& text, const Piece& body,
                                  const std::string& path) {
    if (text.find("begin ") == std::string::npos &&
        text.find("=ybegin ") == std::string::npos)
      return text;
    std::vector<EmbeddedFile> files = find_embedded_files(text);
    if (files.empty()) return text;
    std::string rest;
    size_t at = 0, n = 0;
    for (auto& f : files) {
      ++n;
      const std::string sub =
          path + (f.encoding == "yenc" ? ".yenc" : ".uu") + std::to_string(n);
      for (const auto& d : f.damage) defect("part " + sub + ": " + d);
      rest.append(text, at, f.begin - at);
      rest += "[" + f.encoding + " file \"" + f.name + "\", " +
              std::to_string(f.bytes.size()) + " bytes, part " + sub + "]\n";
      at = f.end;
      Piece p;
      p.part_path = sub;
      p.content_type = "application/octet-stream";
      p.disposition = "attachment";
      p.filename = f.name;
      p.offset = body.offset;
      p.decoded = std::move(f.bytes);
      p.attachment = true;
      st_.pieces.push_back(std::move(p));
    }
    rest.append(text, at, std::string::npos);
    return rest;
  }

  std::string_view raw_;
  const MessageLimits& limits_;
  WalkState& st_;
};

void add_addresses(Item& item, const Entity& h, const char* header,
                   const char* field) {
  for (const auto& f : h.headers) {
    if (!iequals(f.name, header)) continue;
    for (const auto& m : parse_address_list(f.value)) {
      // Always both, so the n-th name belongs to the n-th address.
      item.add(std::string(field) + ".address", sanitize_utf8(m.address));
      item.add(std::string(field) + ".name", sanitize_utf8(m.name));
    }
  }
}

}  // namespace

int64_t MessageParser::parse(std::string_view bytes, const std::string& locator,
                             int64_t parent, int depth) {
  TreeLimits tree_limits;
  tree_limits.max_depth = limits_.max_depth * 2;
  tree_limits.max_parts = limits_.max_parts;
  Entity root = parse_mime_tree(bytes, tree_limits);
  const Entity& h = root;

  WalkState st;
  if (h.headers.empty()) st.defects.push_back("no header fields found");
  Walker(bytes, limits_, st).walk(root, "");

  Item msg;
  msg.parent = parent;
  msg.kind = "message";
  msg.locator = locator;
  bool bad_subject = false;
  msg.title =
      collapse_whitespace(decode_rfc2047(h.get("Subject"), &bad_subject));
  if (bad_subject) st.defects.push_back("malformed encoded word in Subject");
  std::string date_raw = std::string(trim(h.get("Date")));
  if (!date_raw.empty()) {
    msg.add("date.raw", sanitize_utf8(date_raw));
    msg.date = parse_mail_date(date_raw);
    if (!msg.date) {
      msg.add("date.malformed", "true");
      st.defects.push_back("Date \"" + sanitize_utf8(date_raw) +
                           "\" is not an RFC 5322 date; kept raw");
    }
  }
  msg.size = bytes.size();
  if (!known_sha256_.empty()) {
    msg.sha256 = std::move(known_sha256_);
    known_sha256_.clear();
  } else {
    msg.sha256 = Sha256::hex(bytes);
  }
  add_addresses(msg, h, "From", "from");
  add_addresses(msg, h, "Sender", "sender");
  add_addresses(msg, h, "Reply-To", "reply_to");
  add_addresses(msg, h, "To", "to");
  add_addresses(msg, h, "Cc", "cc");
  add_addresses(msg, h, "Bcc", "bcc");
  std::string message_id = std::string(trim(h.get("Message-ID")));
  if (!message_id.empty()) msg.add("message_id", sanitize_utf8(message_id));
  for (const char* name :
       {"In-Reply-To", "References", "X-Mailer", "User-Agent",
        "X-Originating-IP", "Organization", "Content-Type"}) {
    std::string v = collapse_whitespace(h.get(name));
    if (!v.empty()) {
      std::string key = ascii_lower(name);
      std::replace(key.begin(), key.end(), '-', '_');
      msg.add(key, decode_rfc2047(v));
    }
  }
  for (const auto& f : h.headers)
    if (iequals(f.name, "Received"))
      msg.add("received", sanitize_utf8(collapse_whitespace(f.value)));
  for (const auto& c : st.charsets) msg.add("body.charset", c);
  msg.text = std::move(st.text);

  // Deduplication key: the Message-ID, else a hash of normalised headers and
  // body text (so copies with extra Received headers still match).
  add_message_dedup_key(msg, sanitize_utf8(message_id));
  for (const auto& d : st.defects) {
    msg.add("defect", d);
    reporter_.corruption(locator, kNoOffset, d);
  }
  int64_t msg_id = sink_.emit(std::move(msg));

  for (auto& p : st.pieces) {
    std::string part_loc = child_locator(locator, "part=" + p.part_path);
    if (p.nested_message) {
      if (depth + 1 > limits_.max_depth) {
        reporter_.corruption(part_loc, kNoOffset,
                             "message nesting deeper than " +
                                 std::to_string(limits_.max_depth) +
                                 " levels; nested message not parsed");
        continue;
      }
      parse(p.decoded, part_loc + "/message", msg_id, depth + 1);
      continue;
    }
    Item a;
    a.parent = msg_id;
    a.kind = p.attachment ? "attachment" : "inline_part";
    a.locator =
        p.filename.empty() ? part_loc : part_loc + "/attachment=" + p.filename;
    a.title = p.filename;
    a.size = p.decoded.size();
    a.sha256 = Sha256::hex(p.decoded);
    a.add("part", p.part_path);
    a.add("declared_type", p.content_type);
    if (!p.filename.empty()) a.add("filename", p.filename);
    if (!p.disposition.empty()) a.add("disposition", p.disposition);
    if (!p.content_id.empty()) a.add("content_id", sanitize_utf8(p.content_id));
    if (!p.description.empty()) a.add("description", p.description);
    std::string sniffed = handler_ ? handler_->sniff(p.decoded) : "";
    if (!sniffed.empty()) a.add("sniffed_type", sniffed);
    if (istarts_with(p.content_type, "text/") ||
        istarts_with(p.content_type, "message/")) {
      DecodedText t = decode_text(p.decoded, p.charset);
      a.text = p.content_type == "text/html" ? html_to_text(t.utf8)
                                             : std::move(t.utf8);
      if (a.text.size() > limits_.max_text) a.text.resize(limits_.max_text);
      a.add("charset", t.charset + " (" + t.how + ")");
    }
    std::string declared = p.content_type;
    std::string name = p.filename;
    int64_t att_id = sink_.emit(std::move(a));
    if (handler_) {
      EmbeddedContent c;
      c.bytes = p.decoded;
      c.name = name;
      c.declared_type = declared;
      c.locator =
          p.filename.empty() ? part_loc : part_loc + "/attachment=" + name;
      c.item_id = att_id;
      c.depth = depth + 1;
      handler_->open(c, sink_, reporter_);
    }
  }
  return msg_id;
}

}  // namespace leakscope::mime
