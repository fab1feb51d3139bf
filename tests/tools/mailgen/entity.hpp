// The MIME entity tree the generator builds, writes and counts.
//
// One tree is both the source of the bytes written (write_message) and of
// the ground truth (the Truth fields), so the two cannot drift apart:
// whatever is counted is exactly what was serialized.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailgen {

// A header field. `value` may hold fold points ("\n" + SP/HTAB) and starts
// with "\n" when the whole value is folded onto the next line.
struct Field {
  std::string name;
  std::string value;
};

enum class Cte {
  kNone,  // no Content-Transfer-Encoding field (7bit by default)
  k7bit,
  k8bit,
  kQuotedPrintable,
  kBase64,
};
std::string_view cte_name(Cte cte);

// A file carried inside a TNEF (winmail.dat) stream.
struct TnefFile {
  std::string name;  // the name a reader should report (long name or title)
  std::string data;
};

// What the generator knows about a message entity (top level or nested).
struct MessageTruth {
  std::string message_id;              // with angle brackets, no whitespace
  std::vector<std::string> addresses;  // From/Sender/Reply-To/To/Cc/Bcc
  std::string subject;                 // decoded, UTF-8
  int64_t date_utc = 0;                // the Date field's instant
};

struct Entity {
  enum class Kind { kLeaf, kMultipart, kMessage };

  std::vector<Field> fields;  // in order; a message's own fields first
  Kind kind = Kind::kLeaf;

  // kLeaf: decoded bytes. Text (canonical CRLF) unless cte is base64.
  std::string data;
  Cte cte = Cte::kNone;

  // kMultipart: children between boundary delimiters.
  // kMessage (message/rfc822): exactly one child, the enclosed message.
  std::string boundary;
  std::string preamble;  // canonical CRLF text, may be empty
  std::vector<Entity> children;

  // Ground truth for leaves: counted as an attachment (has a file name or
  // Content-Disposition: attachment), its reported name, TNEF contents.
  bool attachment = false;
  std::optional<std::string> filename;  // decoded UTF-8
  std::vector<TnefFile> tnef_files;

  // Ground truth for entities that are messages.
  std::optional<MessageTruth> truth;
};

// Serializes `message` with line ending `eol` ("\r\n" or "\n").
// Layout: fields, empty line, body; a multipart body is
//   [preamble eol] "--b" eol child (eol "--b" eol child)* eol "--b--" eol
// so the line break before each delimiter belongs to the delimiter.
void write_entity(const Entity& e, std::string_view eol, std::string* out);
std::string write_message(const Entity& message, std::string_view eol);

// The bytes a reader gets by undoing the transfer encoding of leaf `e`
// written with line ending `eol` (what the attachment hash is taken over).
std::string decoded_bytes(const Entity& e, std::string_view eol);

// Field lookup helper (first field with this name, exact case).
const Field* find_field(const Entity& e, std::string_view name);

}  // namespace mailgen
