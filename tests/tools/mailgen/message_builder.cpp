#include "message_builder.hpp"

#include <cctype>

#include "charset_encode.hpp"
#include "rng.hpp"

namespace mailgen {
namespace {

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// `charset=...` as each client spells it.
std::string charset_param(Client client, const std::string& cs) {
  switch (client) {
    case Client::kOutlook:
    case Client::kOutlookLegacy:
      return "charset=\"" + lower(cs) + "\"";
    case Client::kGmail:
      return "charset=\"" + upper(cs) + "\"";
    case Client::kAppleMail:
      return "charset=" + lower(cs);
    default:
      return "charset=" + cs;
  }
}

// Boundary shapes of real clients. Random parts make collisions with
// content impossible in practice (content never contains these tokens).
class Boundaries {
 public:
  Boundaries(Client client, Rng& rng)
      : client_(client), rng_(rng), token_(rng.hex(40, true)) {}
  std::string next() {
    int level = level_++;
    switch (client_) {
      case Client::kOutlook:
        return "_00" + std::to_string(level) + "_" + token_.substr(0, 24) +
               "AM6PR04MB" + token_.substr(24, 6) + "eurp_";
      case Client::kOutlookLegacy:
        return "----=_NextPart_00" + std::to_string(level) + "_" +
               token_.substr(0, 4) + "_01D" + token_.substr(4, 5) + "." +
               token_.substr(9, 8);
      case Client::kThunderbird:
        return "------------" + rng_.chars(24, "0123456789ABCDEF");
      case Client::kAppleMail:
        return "Apple-Mail=_" + rng_.uuid(true);
      case Client::kGmail:
        return "000000000000" + rng_.hex(16, false);
      case Client::kJavaMail: {
        std::string b = "----=_Part_" + std::to_string(level) + "_";
        b += std::to_string(rng_.between(100000, 999999));
        b += "." + std::to_string(rng_.between(1400000000000, 1699999999999));
        return b;
      }
    }
    return "b" + rng_.hex(16, false);
  }

 private:
  Client client_;
  Rng& rng_;
  std::string token_;
  int level_ = 0;
};

bool has_8bit(const std::string& bytes) { return !is_ascii(bytes); }

// A text leaf (plain, html, calendar) in the message's charset.
Entity text_leaf(const MessageSpec& s, const std::string& subtype,
                 const std::string& content, Cte cte,
                 const std::string& extra_params) {
  Entity e;
  std::string cs = s.charset;
  std::string body = content;
  std::string type = "text/" + subtype;
  if (cs.empty()) {
    // No charset parameter: the reader has to work the charset out.
    body = encode_charset(content, s.undeclared_charset).value_or(content);
  } else {
    auto bytes = encode_charset(content, cs);
    if (!bytes) {
      cs = "UTF-8";
      bytes = content;
    }
    body = *bytes;
    type += "; " + charset_param(s.client, cs);
  }
  size_t pos = body.find("{charset}");  // HTML meta tag placeholder
  if (pos != std::string::npos)
    body.replace(pos, 9, cs.empty() ? "utf-8" : lower(cs));
  if ((cte == Cte::kNone || cte == Cte::k7bit) && has_8bit(body))
    cte = Cte::k8bit;
  if (cs.empty() && (cte == Cte::kQuotedPrintable || cte == Cte::kBase64))
    cte = has_8bit(body) ? Cte::k8bit : Cte::k7bit;
  e.fields.push_back({"Content-Type", type + extra_params});
  if (cte != Cte::kNone)
    e.fields.push_back(
        {"Content-Transfer-Encoding", std::string(cte_name(cte))});
  e.data = body;
  e.cte = cte;
  return e;
}

std::string disposition_extras(const AttachmentSpec& a, int64_t date) {
  if (!a.outlook_extras) return "";
  std::string d = rfc5322_date(date, 0, DateStyle::kPaddedDay, "");
  d.replace(d.size() - 5, 5, "GMT");
  return ";\n\tsize=" + std::to_string(a.data.size()) + "; creation-date=\"" +
         d + "\";\n\tmodification-date=\"" + d + "\"";
}

Entity attachment_leaf(const MessageSpec& s, const AttachmentSpec& a) {
  Entity e;
  e.data = a.data;
  e.cte = a.cte;
  e.attachment = a.name_style != FileNameStyle::kContentIdOnly;
  if (a.name_style != FileNameStyle::kNoName &&
      a.name_style != FileNameStyle::kContentIdOnly)
    e.filename = a.filename;
  e.tnef_files = a.tnef;

  std::string type = a.content_type;
  if (!a.charset.empty()) type += "; " + charset_param(s.client, a.charset);
  std::string disp = "attachment";
  const std::string& n = a.filename;
  std::string extras = disposition_extras(a, s.date_utc);
  switch (a.name_style) {
    case FileNameStyle::kQuoted:
      type += ";\n\t" + param_quoted("name", n);
      disp += ";\n\t" + param_quoted("filename", n) + extras;
      break;
    case FileNameStyle::kEncodedWord:
      type += ";\n\t" + param_encoded_word("name", n, s.header_charset);
      disp += ";\n\t" + param_encoded_word("filename", n, s.header_charset) +
              extras;
      break;
    case FileNameStyle::kRfc2231:
      type += ";\n\t" + param_encoded_word("name", n, "UTF-8");
      disp += ";\n\t" + param_rfc2231("filename", n, "UTF-8", "") + extras;
      break;
    case FileNameStyle::kRfc2231Latin1: {
      std::string cs = encode_charset(n, "ISO-8859-1") ? "ISO-8859-1" : "UTF-8";
      disp += ";\n\t" + param_rfc2231("filename", n, cs, "") + extras;
      break;
    }
    case FileNameStyle::kRfc2231Continued:
      type += ";\n\t" + param_encoded_word("name", n, "UTF-8");
      disp += ";\n\t" + param_rfc2231_continued("filename", n, 30) + extras;
      break;
    case FileNameStyle::kContinuedPlain:
      disp += ";\n\t" + param_continued_plain("filename", n, 28) + extras;
      break;
    case FileNameStyle::kTypeNameOnly:
      type += ";\n\t" + param_quoted("name", n);
      disp.clear();
      break;
    case FileNameStyle::kNoName:
      break;
    case FileNameStyle::kInline:
      disp = "inline;\n\t" + param_quoted("filename", n);
      break;
    case FileNameStyle::kContentIdOnly:
      disp.clear();
      break;
  }
  e.fields.push_back({"Content-Type", type});
  if (a.outlook_extras && e.filename)
    e.fields.push_back(
        {"Content-Description",
         is_ascii(n) ? n : encoded_words(n, "UTF-8", WordEncoding::kB)});
  if (!disp.empty()) e.fields.push_back({"Content-Disposition", disp});
  if (!a.content_id.empty())
    e.fields.push_back({"Content-ID", "<" + a.content_id + ">"});
  if (a.cte != Cte::kNone)
    e.fields.push_back(
        {"Content-Transfer-Encoding", std::string(cte_name(a.cte))});
  return e;
}

Entity multipart(const std::string& subtype, Boundaries& b,
                 std::vector<Entity> children, const std::string& params,
                 const std::string& preamble) {
  Entity e;
  e.kind = Entity::Kind::kMultipart;
  e.boundary = b.next();
  e.preamble = preamble;
  e.children = std::move(children);
  e.fields.push_back({"Content-Type", "multipart/" + subtype + ";" + params +
                                          "\n\tboundary=\"" + e.boundary +
                                          "\""});
  return e;
}

Entity forward_part(const ForwardSpec& f) {
  Entity e;
  e.kind = Entity::Kind::kMessage;
  std::string type = "message/rfc822";
  if (!f.filename.empty()) type += ";\n\t" + param_quoted("name", f.filename);
  e.fields.push_back({"Content-Type", type});
  if (f.inline_disposition) {
    e.fields.push_back({"Content-Disposition", "inline"});
  } else if (!f.filename.empty()) {
    e.fields.push_back(
        {"Content-Disposition",
         "attachment;\n\t" + param_quoted("filename", f.filename)});
  }
  e.children.push_back(f.message);
  return e;
}

std::string address_list(const std::vector<Mailbox>& list, const MessageSpec& s,
                         MessageTruth* truth) {
  std::string v;
  for (const Mailbox& m : list) {
    if (!v.empty()) v += ", ";
    v += format_mailbox(m, s.header_charset, s.word_encoding);
    truth->addresses.push_back(m.address);
  }
  return v;
}

void add_address_field(std::vector<Field>* head, const std::string& name,
                       const std::string& value) {
  if (!value.empty()) head->push_back({name, fold(value, name.size() + 2)});
}

}  // namespace

std::string format_mailbox(const Mailbox& m, const std::string& charset,
                           WordEncoding enc) {
  if (m.display.empty() || m.style == NameStyle::kBare) return m.address;
  if (m.style == NameStyle::kComment) return m.address + " (" + m.display + ")";
  if (m.style == NameStyle::kEncoded)
    return encoded_words(m.display, charset, enc) + " <" + m.address + ">";
  return phrase(m.display, charset, enc) + " <" + m.address + ">";
}

Entity build_message(const MessageSpec& s, Rng& rng) {
  Boundaries bounds(s.client, rng);
  const bool tb =
      s.client == Client::kThunderbird || s.client == Client::kOutlookLegacy;
  const std::string preamble =
      tb ? "This is a multi-part message in MIME format." : "";

  // Body tree, innermost first.
  Entity body;
  if (s.html_only) {
    body = text_leaf(s, "html", s.html, s.html_cte, "");
  } else if (!s.html.empty() || !s.calendar.empty()) {
    std::vector<Entity> alt;
    alt.push_back(text_leaf(s, "plain", s.text, s.text_cte, ""));
    if (!s.html.empty())
      alt.push_back(text_leaf(s, "html", s.html, s.html_cte, ""));
    if (!s.calendar.empty()) {
      MessageSpec utf8 = s;
      utf8.charset = "UTF-8";
      alt.push_back(text_leaf(utf8, "calendar", s.calendar, Cte::kBase64,
                              "; method=REQUEST"));
    }
    body = multipart("alternative", bounds, std::move(alt), "", "");
  } else {
    body = text_leaf(s, "plain", s.text, s.text_cte, "");
  }
  if (s.inline_image) {
    std::vector<Entity> rel;
    std::string inner = body.kind == Entity::Kind::kMultipart
                            ? " type=\"multipart/alternative\";"
                            : " type=\"text/html\";";
    rel.push_back(std::move(body));
    rel.push_back(attachment_leaf(s, *s.inline_image));
    body = multipart("related", bounds, std::move(rel), inner, "");
  }
  if (!s.attachments.empty() || !s.forwards.empty()) {
    std::vector<Entity> mixed;
    mixed.push_back(std::move(body));
    for (const AttachmentSpec& a : s.attachments)
      mixed.push_back(attachment_leaf(s, a));
    for (const ForwardSpec& f : s.forwards) mixed.push_back(forward_part(f));
    body = multipart("mixed", bounds, std::move(mixed), "", preamble);
  }

  // Message header, in the order most clients write it.
  MessageTruth truth;
  truth.message_id = s.message_id;
  truth.subject = s.subject;
  truth.date_utc = s.date_utc;
  std::vector<Field> head = s.trace;
  add_address_field(&head, "From", address_list({s.from}, s, &truth));
  if (s.sender)
    add_address_field(&head, "Sender", address_list({*s.sender}, s, &truth));
  std::string to = address_list(s.to, s, &truth);
  if (s.to_group) {
    std::string members = address_list(s.to_group_members, s, &truth);
    if (!to.empty()) to += ", ";
    to += *s.to_group + ":" + (members.empty() ? "" : " " + members) + ";";
  }
  add_address_field(&head, "To", to);
  add_address_field(&head, "Cc", address_list(s.cc, s, &truth));
  add_address_field(&head, "Bcc", address_list(s.bcc, s, &truth));
  add_address_field(&head, "Reply-To", address_list(s.reply_to, s, &truth));

  std::string subject;
  switch (s.subject_style) {
    case SubjectStyle::kAuto:
      subject = is_ascii(s.subject) ? fold(s.subject, 9)
                                    : encoded_words(s.subject, s.header_charset,
                                                    s.word_encoding);
      break;
    case SubjectStyle::kRaw8bit:
      subject = s.subject;
      break;
    case SubjectStyle::kSplitBytes:
      subject = encoded_words_split_bytes(s.subject, 7);
      break;
  }
  head.push_back({"Subject", subject});
  head.push_back({"Date", rfc5322_date(s.date_utc, s.offset_minutes,
                                       s.date_style, s.zone_name)});
  head.push_back(
      {"Message-ID", (s.fold_message_id ? "\n " : "") + s.message_id});
  if (!s.references.empty()) {
    head.push_back({"In-Reply-To", s.references.back()});
    std::string refs;
    for (const std::string& r : s.references)
      refs += (refs.empty() ? "" : "\n ") + r;
    head.push_back({"References", refs});
  }
  for (const Field& f : s.extra) head.push_back(f);
  if (!s.content_language.empty())
    head.push_back({"Content-Language", s.content_language});
  head.push_back({"MIME-Version", "1.0"});
  for (Field& f : body.fields) head.push_back(std::move(f));
  body.fields = std::move(head);
  body.truth = std::move(truth);
  return body;
}

}  // namespace mailgen
