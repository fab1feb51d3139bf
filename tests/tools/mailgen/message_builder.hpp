// Turns a MessageSpec (every choice about one message already made) into an
// Entity tree with its ground truth. The builder makes no random choices of
// content; the Rng only supplies MIME boundaries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "civil_time.hpp"
#include "directory.hpp"
#include "entity.hpp"
#include "header_encode.hpp"
#include "tnef.hpp"

namespace mailgen {

class Rng;

enum class NameStyle {
  kAuto,     // atoms, quoted string or encoded words as the name requires
  kBare,     // addr-spec only
  kComment,  // "addr (Name)" (obsolete but common); ASCII names only
  kEncoded,  // encoded words even for an ASCII name
};

struct Mailbox {
  std::string display;  // UTF-8, may be empty
  std::string address;
  NameStyle style = NameStyle::kAuto;
};

enum class SubjectStyle {
  kAuto,        // plain if ASCII, else encoded words (header charset)
  kRaw8bit,     // raw UTF-8 bytes in the header (no encoded words)
  kSplitBytes,  // UTF-8 B words cut mid-character (see header_encode.hpp)
};

enum class FileNameStyle {
  kQuoted,            // name="x" and filename="x" (ASCII names)
  kEncodedWord,       // name="=?cs?Q?..?=" and filename="=?cs?Q?..?="
  kRfc2231,           // filename*=UTF-8''x (+ encoded-word name= on type)
  kRfc2231Latin1,     // filename*=ISO-8859-1'de'x
  kRfc2231Continued,  // filename*0*=UTF-8''..; filename*1*=..
  kContinuedPlain,    // filename*0="..."; filename*1="..." (ASCII)
  kTypeNameOnly,      // Content-Type name="x", no Content-Disposition
  kNoName,            // Content-Disposition: attachment, no name anywhere
  kInline,            // Content-Disposition: inline; filename="x"
  kContentIdOnly,     // inline image with Content-ID only: NOT an attachment
};

struct AttachmentSpec {
  std::string filename;      // UTF-8
  std::string content_type;  // without parameters
  std::string charset;       // declared charset for text types, or ""
  std::string data;          // decoded bytes; text in CRLF
  Cte cte = Cte::kBase64;
  FileNameStyle name_style = FileNameStyle::kQuoted;
  std::string content_id;       // for inline images, without <>
  std::vector<TnefFile> tnef;   // files inside, when this is a winmail.dat
  bool outlook_extras = false;  // size=/creation-date= and description
};

struct ForwardSpec {
  Entity message;        // a built message (has truth)
  std::string filename;  // "" for none
  bool inline_disposition = false;
};

struct MessageSpec {
  Client client = Client::kOutlook;
  std::string header_charset = "UTF-8";  // for encoded words
  WordEncoding word_encoding = WordEncoding::kB;

  Mailbox from;
  std::optional<Mailbox> sender;
  std::vector<Mailbox> reply_to, to, cc, bcc;
  // A group in To, after `to`: "label: members;" ("undisclosed-recipients:;")
  std::optional<std::string> to_group;
  std::vector<Mailbox> to_group_members;

  int64_t date_utc = 0;
  int offset_minutes = 0;
  DateStyle date_style = DateStyle::kStandard;
  std::string zone_name;

  std::string subject;  // UTF-8
  SubjectStyle subject_style = SubjectStyle::kAuto;

  std::string message_id;  // with <>
  bool fold_message_id = false;
  std::vector<std::string> references;  // oldest first; last = In-Reply-To

  std::vector<Field> trace;  // Return-Path, Received..., outermost first
  std::vector<Field> extra;  // X-Mailer, Thread-Index, ... after the rest

  // Body. Text is UTF-8 with CRLF. `charset` empty: no charset parameter,
  // bytes written in `undeclared_charset`.
  std::string text;
  std::string html;
  std::string calendar;
  bool html_only = false;
  std::string charset = "UTF-8";
  std::string undeclared_charset;
  Cte text_cte = Cte::kQuotedPrintable;
  Cte html_cte = Cte::kQuotedPrintable;
  std::string content_language;

  std::optional<AttachmentSpec> inline_image;  // multipart/related
  std::vector<AttachmentSpec> attachments;
  std::vector<ForwardSpec> forwards;
};

Entity build_message(const MessageSpec& spec, Rng& rng);

// "Name <addr>" as written into headers (also used for body quotes).
std::string format_mailbox(const Mailbox& m, const std::string& charset,
                           WordEncoding enc);

}  // namespace mailgen
