// Delimited text exports (CSV, TSV and their usual deviations) read as
// records, streaming: the dialect (encoding, delimiter, header) is sniffed
// from the first bytes, then records come out as pieces are fed. See
// FORMAT.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::dump {

// kOther: a charset ICU detected in the head (CsvDialect::charset: a CJK
// multi-byte one such as Shift_JIS, or a non-Latin single-byte one such as
// windows-1251), converted with ICU across pieces.
enum class TextEncoding { kUtf8, kUtf16Le, kUtf16Be, kWindows1252, kOther };
const char* encoding_name(TextEncoding e);

struct CsvDialect {
  TextEncoding encoding = TextEncoding::kUtf8;
  std::string charset;   // ICU's name when encoding is kOther
  size_t bom_bytes = 0;  // bytes of byte-order mark to skip
  char delimiter = ',';
  bool header = false;             // the first record names the columns
  size_t fields = 0;               // the usual number of fields per record
  std::vector<std::string> names;  // the header's names (when header)
};

// The dialect of `head` (the first bytes, up to 64 KiB), or nullopt when
// it is not delimited text: at least two records, a delimiter (comma,
// semicolon, tab or bar) that splits nearly every record into the same
// number (two or more) of fields. `name` (a file name, may be "") lets a
// .tsv or .csv extension choose between delimiters that fit equally.
std::optional<CsvDialect> sniff_csv(std::string_view head,
                                    std::string_view name = "");

// Records of delimited text in `dialect`: RFC 4180 quoting ("" inside a
// quoted field), CR LF or LF line ends, quoted fields across lines; text
// converted to UTF-8 (bytes that do not decode become U+FFFD).
class CsvReader {
 public:
  // f(record number (1-based), fields); called as records complete.
  using OnRecord =
      std::function<void(uint64_t, const std::vector<std::string>&)>;
  CsvReader(const CsvDialect& dialect, OnRecord on_record,
            uint64_t max_field_bytes = 16u << 20);
  void feed(std::string_view bytes);  // raw bytes, as stored
  void finish();                      // the last record, if unterminated
  // Damage seen so far (an unterminated quote at the end, cut fields).
  const std::vector<std::string>& problems() const { return problems_; }
  uint64_t records() const { return records_; }
  // Bytes of a kOther dialect's charset as UTF-8 (what feed() does before
  // splitting); a character cut at the end waits for the next call unless
  // `flush`.
  std::string convert(std::string_view bytes, bool flush);

 private:
  void feed_utf8(std::string_view text);
  void end_field();
  void end_record();
  CsvDialect d_;
  OnRecord on_record_;
  uint64_t max_field_bytes_;
  size_t bom_left_;
  std::string carry_;  // bytes of an incomplete character between pieces
  // The ICU converter of a kOther charset (its state carries a character
  // cut between pieces); owned, closed by the destructor.
  struct ConverterClose {
    void operator()(void* c) const;
  };
  std::unique_ptr<void, ConverterClose> converter_;
  std::vector<std::string> fields_;
  std::string field_;
  bool in_quotes_ = false;
  bool quote_seen_ = false;  // the last char was a quote inside quotes
  bool field_started_ = false;
  bool cut_reported_ = false;
  uint64_t records_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace leakscope::dump
