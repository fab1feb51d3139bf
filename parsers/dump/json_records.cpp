#include "json_records.hpp"

#include <nlohmann/json.hpp>

#include "util/text.hpp"

namespace leakscope::dump {

namespace {

using nlohmann::json;

// Builds records from SAX events. Depth 0 is outside the document; a
// record is an object whose container is the root array (depth 1) or an
// array member of the root object (depth 2).
class RecordSax : public json::json_sax_t {
 public:
  RecordSax(const JsonRecordReader::OnRecord& on_record, uint64_t* records,
            uint64_t max_fields)
      : on_record_(on_record), records_(records), max_fields_(max_fields) {}

  bool null() override { return scalar(std::nullopt); }
  bool boolean(bool v) override { return scalar(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) override {
    return scalar(std::to_string(v));
  }
  bool number_unsigned(number_unsigned_t v) override {
    return scalar(std::to_string(v));
  }
  bool number_float(number_float_t, const string_t& s) override {
    return scalar(s);
  }
  bool string(string_t& v) override { return scalar(v); }
  bool binary(binary_t&) override { return scalar("<binary>"); }

  bool start_object(std::size_t) override {
    if (!in_record_ && is_record_position()) {
      in_record_ = true;
      record_depth_ = stack_.size() + 1;
      record_ = JsonRecord{};
      record_.table = table_;
    }
    push(false);
    return true;
  }
  bool end_object() override {
    pop();
    if (in_record_ && stack_.size() + 1 == record_depth_) {
      in_record_ = false;
      ++*records_;
      on_record_(record_);
    }
    return true;
  }
  bool start_array(std::size_t) override {
    push(true);
    return true;
  }
  bool end_array() override {
    pop();
    return true;
  }
  bool key(string_t& k) override {
    if (!stack_.empty()) stack_.back().key = k;
    // The root object's member names the table of its array.
    if (stack_.size() == 1 && !stack_.back().array) table_ = k;
    return true;
  }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception& e) override {
    error_ = "at byte " + std::to_string(pos) + ": " + e.what();
    return false;
  }
  const std::string& error() const { return error_; }

 private:
  struct Level {
    bool array;
    std::string key;     // the current member (objects)
    uint64_t index = 0;  // the next element (arrays)
  };
  bool is_record_position() const {
    if (stack_.size() == 1) return stack_[0].array;  // [ {..}, {..} ]
    if (stack_.size() == 2)                          // { "t": [ {..} ] }
      return !stack_[0].array && stack_[1].array;
    return false;
  }
  void push(bool array) {
    if (in_record_ && stack_.size() >= record_depth_)
      path_.push_back(current_name());
    advance();
    stack_.push_back({array, "", 0});
  }
  void pop() {
    if (!stack_.empty()) stack_.pop_back();
    if (in_record_ && stack_.size() >= record_depth_ && !path_.empty())
      path_.pop_back();
  }
  // The name of the value now being read in the innermost container.
  std::string current_name() const {
    if (stack_.empty()) return "";
    const Level& l = stack_.back();
    return l.array ? std::to_string(l.index) : l.key;
  }
  void advance() {
    if (!stack_.empty() && stack_.back().array) ++stack_.back().index;
  }
  bool scalar(std::optional<std::string> v) {
    if (in_record_ && record_.fields.size() < max_fields_) {
      std::string name;
      for (const auto& p : path_) name += p + ".";
      name += current_name();
      record_.fields.emplace_back(std::move(name), std::move(v));
    }
    advance();
    return true;
  }

  const JsonRecordReader::OnRecord& on_record_;
  uint64_t* records_;
  uint64_t max_fields_;
  std::vector<Level> stack_;
  std::vector<std::string> path_;  // names from the record down
  std::string table_;
  bool in_record_ = false;
  size_t record_depth_ = 0;
  JsonRecord record_;
  std::string error_;
};

}  // namespace

std::optional<JsonLayout> sniff_json(std::string_view head) {
  const std::string_view t = trim(head.substr(0, 65536));
  if (t.empty() || (t[0] != '[' && t[0] != '{')) return std::nullopt;
  // Lines that each parse as an object: NDJSON (the last line may be cut).
  size_t lines = 0, objects = 0, at = 0;
  while (at < t.size() && lines < 50) {
    size_t nl = t.find('\n', at);
    const bool last = nl == std::string_view::npos;
    if (last) nl = t.size();
    const std::string_view line = trim(t.substr(at, nl - at));
    at = nl + 1;
    if (line.empty()) continue;
    if (last && head.size() >= 65536) break;  // possibly cut
    ++lines;
    if (line[0] == '{' && json::accept(line)) ++objects;
  }
  if (lines >= 2 && objects == lines) return JsonLayout::kLines;
  // A document: it parses as far as the head goes (a cut at the head's end
  // is an "unexpected end of input" at its last byte).
  struct Probe : json::json_sax_t {
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool key(string_t&) override { return true; }
    bool parse_error(std::size_t pos, const std::string&,
                     const nlohmann::detail::exception&) override {
      error_pos = pos;
      return false;
    }
    size_t error_pos = 0;
  } probe;
  const bool ok = json::sax_parse(t, &probe);
  if (ok) return JsonLayout::kDocument;
  if (head.size() >= 65536 && probe.error_pos + 1 >= t.size())
    return JsonLayout::kDocument;
  return std::nullopt;
}

JsonRecordReader::JsonRecordReader(JsonLayout layout, OnRecord on_record,
                                   uint64_t max_record_bytes)
    : layout_(layout),
      on_record_(std::move(on_record)),
      max_record_bytes_(max_record_bytes) {}

JsonRecordReader::~JsonRecordReader() = default;

void JsonRecordReader::line(std::string_view text) {
  ++line_no_;
  const std::string_view t = trim(text);
  if (t.empty()) return;
  RecordSax sax(on_record_, &records_, 100000);
  // One object per line: wrapped as a one-element array so that the same
  // SAX rules make it a record.
  const std::string wrapped = "[" + std::string(t) + "]";
  if (!json::sax_parse(wrapped, &sax) && problems_.size() < 20)
    problems_.push_back("line " + std::to_string(line_no_) +
                        " is not a JSON object (" + sax.error() + ")");
}

void JsonRecordReader::feed(std::string_view bytes) {
  if (layout_ == JsonLayout::kDocument) {
    // nlohmann's SAX parser reads one input: the document is held whole
    // (bounded by the caller), events are streamed.
    buffer_.append(bytes);
    return;
  }
  buffer_.append(bytes);
  size_t at = 0;
  for (;;) {
    const size_t nl = buffer_.find('\n', at);
    if (nl == std::string::npos) break;
    line(std::string_view(buffer_).substr(at, nl - at));
    at = nl + 1;
  }
  buffer_.erase(0, at);
  if (buffer_.size() > max_record_bytes_) {
    if (problems_.size() < 20)
      problems_.push_back("line " + std::to_string(line_no_ + 1) +
                          " longer than " + std::to_string(max_record_bytes_) +
                          " bytes; skipped");
    buffer_.clear();
  }
}

void JsonRecordReader::finish() {
  if (layout_ == JsonLayout::kLines) {
    if (!buffer_.empty()) line(buffer_);
    buffer_.clear();
    return;
  }
  RecordSax sax(on_record_, &records_, 100000);
  if (!json::sax_parse(buffer_, &sax))
    problems_.push_back("JSON " + sax.error() +
                        "; the records before it are kept");
  buffer_.clear();
}

}  // namespace leakscope::dump
