#include "message_parser.hpp"

#include <mimetic/mimetic.h>

#include <algorithm>

#include "address.hpp"
#include "charset.hpp"
#include "header_decoding.hpp"
#include "html_text.hpp"
#include "mail_date.hpp"
#include "transfer_decoding.hpp"
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

const mimetic::Field* find_field(const mimetic::Header& h,
                                 std::string_view name) {
  for (const auto& f : h)
    if (iequals(std::string_view(f.name().data(), f.name().size()), name))
      return &f;
  return nullptr;
}

std::string field_value(const mimetic::Header& h, std::string_view name) {
  const mimetic::Field* f = find_field(h, name);
  return f ? unfold(f->value()) : std::string();
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

  void walk(const mimetic::MimeEntity& e, const std::string& path, int level,
            bool digest_child) {
    const auto& h = e.header();
    HeaderParams ct = parse_header_params(field_value(h, "Content-Type"));
    if (ct.value.empty() || ct.value.find('/') == std::string::npos) {
      if (!ct.value.empty())
        defect("part " + path + ": invalid Content-Type \"" + ct.value +
               "\", treated as " +
               (digest_child ? "message/rfc822" : "text/plain"));
      ct.value = digest_child ? "message/rfc822" : "text/plain";
    }
    if (istarts_with(ct.value, "multipart/")) {
      const std::string* boundary = ct.get("boundary");
      const auto& parts = e.body().parts();
      if (!boundary || boundary->empty()) {
        defect("part " + path + ": " + ct.value +
               " without a boundary parameter; body read as text");
        ct.value = "text/plain";
      } else if (parts.empty()) {
        defect("part " + path + ": start boundary \"" + *boundary +
               "\" not found; body read as text");
        ct.value = "text/plain";
      } else {
        if (raw_.find("--" + *boundary + "--") == std::string_view::npos)
          defect("part " + path + ": close boundary \"--" + *boundary +
                 "--\" not found");
        if (level >= limits_.max_depth) {
          defect("part " + path + ": multipart nesting deeper than " +
                 std::to_string(limits_.max_depth) + " levels not expanded");
          return;
        }
        bool digest = ct.value == "multipart/digest";
        int n = 0;
        for (const auto* child : parts) {
          // mimetic yields an empty trailing entity after a bad final
          // boundary; it carries no bytes.
          if (child->header().empty() && child->body().empty() &&
              child->body().parts().empty())
            continue;
          ++n;
          std::string child_path =
              path.empty() ? std::to_string(n) : path + "." + std::to_string(n);
          walk(*child, child_path, level + 1, digest);
        }
        return;
      }
    }
    leaf(e, h, ct, path.empty() ? "1" : path);
  }

 private:
  void defect(std::string what) { st_.defects.push_back(std::move(what)); }

  std::string decode_body(const mimetic::MimeEntity& e,
                          const mimetic::Header& h, const std::string& path) {
    const std::string& body = e.body();
    std::string cte =
        ascii_lower(trim(field_value(h, "Content-Transfer-Encoding")));
    DecodeStats stats;
    std::string out;
    if (cte == "base64") {
      out = decode_base64(body, &stats);
      if (stats.invalid_chars)
        defect("part " + path + ": " + std::to_string(stats.invalid_chars) +
               " invalid base64 characters skipped");
      if (stats.bad_padding)
        defect("part " + path + ": base64 ends mid-quantum");
    } else if (cte == "quoted-printable") {
      out = decode_quoted_printable(body, false, &stats);
      if (stats.invalid_chars)
        defect("part " + path + ": " + std::to_string(stats.invalid_chars) +
               " invalid quoted-printable escapes kept literally");
    } else if (cte == "x-uuencode" || cte == "uuencode" || cte == "x-uue") {
      out = decode_uuencode(body, &stats);
    } else {
      if (!cte.empty() && cte != "7bit" && cte != "8bit" && cte != "binary")
        defect("part " + path + ": unknown Content-Transfer-Encoding \"" + cte +
               "\"; bytes kept as they are");
      out = body;
    }
    return out;
  }

  void leaf(const mimetic::MimeEntity& e, const mimetic::Header& h,
            const HeaderParams& ct, const std::string& path) {
    if (++st_.leaves > limits_.max_parts) {
      if (st_.leaves == limits_.max_parts + 1)
        defect("more than " + std::to_string(limits_.max_parts) +
               " parts; the rest not read");
      return;
    }
    HeaderParams cd =
        parse_header_params(field_value(h, "Content-Disposition"));
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
    if (const auto* v = ct.get("charset")) p.charset = *v;
    p.content_id = trim(field_value(h, "Content-ID"));
    p.description = decode_rfc2047(trim(field_value(h, "Content-Description")));
    p.decoded = decode_body(e, h, path);
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

  std::string_view raw_;
  const MessageLimits& limits_;
  WalkState& st_;
};

void add_addresses(Item& item, const mimetic::Header& h, const char* header,
                   const char* field) {
  for (const auto& f : h) {
    if (!iequals(std::string_view(f.name().data(), f.name().size()), header))
      continue;
    for (const auto& m : parse_address_list(unfold(f.value()))) {
      std::string shown =
          m.name.empty() ? m.address : m.name + " <" + m.address + ">";
      item.add(field, shown);
      item.add(std::string(field) + ".address", m.address);
      if (!m.name.empty()) item.add(std::string(field) + ".name", m.name);
    }
  }
}

// Counts "multipart/" case-insensitively, an upper bound on nesting depth.
size_t count_multipart(std::string_view bytes) {
  size_t n = 0;
  for (size_t i = 0; i + 10 <= bytes.size(); ++i)
    if ((bytes[i] == 'm' || bytes[i] == 'M') &&
        istarts_with(bytes.substr(i, 10), "multipart/"))
      ++n;
  return n;
}

}  // namespace

int64_t MessageParser::parse(std::string_view bytes, const std::string& locator,
                             int64_t parent, int depth) {
  // mimetic recurses once per multipart level; refuse to let a hostile
  // message exhaust the stack.
  int mask = mimetic::imNone;
  std::vector<std::string> early_defects;
  if (count_multipart(bytes) > 256) {
    mask = mimetic::imChildParts;
    early_defects.push_back(
        "more than 256 multipart headers; parts not expanded (nesting limit)");
  }
  mimetic::MimeEntity entity;
  entity.load(bytes.begin(), bytes.end(), mask);
  const auto& h = entity.header();

  WalkState st;
  st.defects = std::move(early_defects);
  if (h.empty()) st.defects.push_back("no header fields found");
  Walker(bytes, limits_, st).walk(entity, "", 0, false);

  Item msg;
  msg.parent = parent;
  msg.kind = "message";
  msg.locator = locator;
  bool bad_subject = false;
  msg.title = collapse_whitespace(
      decode_rfc2047(field_value(h, "Subject"), &bad_subject));
  if (bad_subject) st.defects.push_back("malformed encoded word in Subject");
  std::string date_raw = std::string(trim(field_value(h, "Date")));
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
  msg.sha256 = Sha256::hex(bytes);
  msg.add("subject", msg.title);
  add_addresses(msg, h, "From", "from");
  add_addresses(msg, h, "Sender", "sender");
  add_addresses(msg, h, "Reply-To", "reply_to");
  add_addresses(msg, h, "To", "to");
  add_addresses(msg, h, "Cc", "cc");
  add_addresses(msg, h, "Bcc", "bcc");
  std::string message_id = std::string(trim(field_value(h, "Message-ID")));
  if (!message_id.empty()) msg.add("message_id", sanitize_utf8(message_id));
  for (const char* name :
       {"In-Reply-To", "References", "X-Mailer", "User-Agent",
        "X-Originating-IP", "Organization", "Content-Type"}) {
    std::string v = collapse_whitespace(field_value(h, name));
    if (!v.empty()) {
      std::string key = ascii_lower(name);
      std::replace(key.begin(), key.end(), '-', '_');
      msg.add(key, decode_rfc2047(v));
    }
  }
  for (const auto& f : h)
    if (iequals(std::string_view(f.name().data(), f.name().size()), "Received"))
      msg.add("received",
              sanitize_utf8(collapse_whitespace(unfold(f.value()))));
  for (const auto& c : st.charsets) msg.add("body.charset", c);
  msg.text = std::move(st.text);

  // Deduplication key: the Message-ID, else a hash of normalised headers and
  // body text (so copies with extra Received headers still match).
  if (!message_id.empty()) {
    msg.add("dedup_key", "message-id:" + sanitize_utf8(message_id));
  } else {
    Sha256 k;
    for (const char* name : {"from", "to", "cc", "date.raw", "subject"}) {
      for (const auto& f : msg.fields)
        if (f.name == name) k.update(collapse_whitespace(f.value) + "\n");
      k.update("|");
    }
    k.update(collapse_whitespace(msg.text));
    msg.add("dedup_key", "content:" + k.hex_digest());
  }
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
