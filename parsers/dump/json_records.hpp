// JSON and NDJSON exports read as records: the objects of a top-level
// array (or of the arrays that are members of a top-level object), or one
// object per line, each flattened to (path, value) pairs ("nested.date",
// "tags.0"). Streaming through nlohmann::json's SAX interface: memory holds
// one record, never the document. See FORMAT.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leakscope::dump {

enum class JsonLayout { kDocument, kLines };

// The layout of `head` (first bytes, up to 64 KiB), or nullopt when it is
// not JSON records: a document that starts with '[' or '{' and parses as
// far as the head goes, or lines that each parse as a JSON object.
std::optional<JsonLayout> sniff_json(std::string_view head);

struct JsonRecord {
  std::string table;  // "" for the document's own array; else the member
  std::vector<std::pair<std::string, std::optional<std::string>>> fields;
};

class JsonRecordReader {
 public:
  using OnRecord = std::function<void(const JsonRecord&)>;
  JsonRecordReader(JsonLayout layout, OnRecord on_record,
                   uint64_t max_record_bytes = 16u << 20);
  ~JsonRecordReader();
  void feed(std::string_view bytes);
  void finish();
  const std::vector<std::string>& problems() const { return problems_; }
  uint64_t records() const { return records_; }

 private:
  void line(std::string_view text);
  JsonLayout layout_;
  OnRecord on_record_;
  uint64_t max_record_bytes_;
  std::string buffer_;  // a document held until finish(), or a partial line
  uint64_t line_no_ = 0;
  uint64_t records_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace leakscope::dump
