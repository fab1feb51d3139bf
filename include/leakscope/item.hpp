// An Item is one unit of evidence a parser found inside a source: a message,
// an attachment, a document, a database row. Parsers produce Items; the store
// persists them; the classifier and the reports read them back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leakscope {

// One name/value pair attached to an item (a header, a metadata property, a
// SQL column). Both are UTF-8. Names may repeat (several Received headers).
struct Field {
  std::string name;
  std::string value;
};

// Local ids are ordinals within one source, assigned in emission order
// starting at 0; the store maps them to its own row ids. kNoParent marks a
// top-level item.
inline constexpr int64_t kNoParent = -1;

struct Item {
  int64_t parent = kNoParent;  // local id of the containing item
  std::string kind;            // "message", "attachment", "mbox", ...
  // Readable path to the bytes: "mail/0042.eml#part=2/attachment=SOW.pdf".
  std::string locator;
  std::string title;  // subject, file name, table name
  // ISO 8601 in UTC ("2019-03-04T10:00:00Z") when the item carries a date.
  std::optional<std::string> date;
  uint64_t size = 0;   // bytes of the item's own content (decoded)
  std::string sha256;  // lower-case hex of those bytes; empty if not hashed
  std::string text;    // extracted UTF-8 text for classification
  std::vector<Field> fields;

  void add(std::string name, std::string value) {
    fields.push_back({std::move(name), std::move(value)});
  }
  // First value of a field, or nullptr.
  const std::string* field(std::string_view name) const {
    for (const auto& f : fields)
      if (f.name == name) return &f.value;
    return nullptr;
  }
};

// Receives items from a parser. emit() returns the item's local id, which a
// parser passes as `parent` for the item's children. Implementations own the
// items after emit().
class ItemSink {
 public:
  virtual ~ItemSink() = default;
  virtual int64_t emit(Item&& item) = 0;
};

}  // namespace leakscope
