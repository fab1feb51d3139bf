#include "csv_reader.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <map>

#include "util/text.hpp"

namespace leakscope::dump {

namespace {

// UTF-16 code units of `in` as UTF-8 (util's converter); an odd last byte
// and a high surrogate whose pair has not arrived yet are left in *rest.
std::string utf16_to_utf8(std::string_view in, bool little, std::string* rest) {
  size_t whole = in.size() & ~size_t{1};
  if (whole >= 2) {
    const uint8_t hi = static_cast<uint8_t>(in[whole - (little ? 1 : 2)]);
    if (hi >= 0xD8 && hi <= 0xDB) whole -= 2;
  }
  std::string units(in.substr(0, whole));
  if (!little)
    for (size_t i = 0; i + 1 < units.size(); i += 2)
      std::swap(units[i], units[i + 1]);
  std::string out;
  append_utf16le(out, units);
  *rest = std::string(in.substr(whole));
  return out;
}

std::string windows1252_to_utf8(std::string_view in) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(in.size() * 3 + 4, '\0');
  const int32_t n = ucnv_convert("UTF-8", "windows-1252", out.data(),
                                 static_cast<int32_t>(out.size()), in.data(),
                                 static_cast<int32_t>(in.size()), &err);
  if (U_FAILURE(err)) return sanitize_utf8(in);
  out.resize(static_cast<size_t>(n));
  return out;
}

// Valid UTF-8, allowing a character cut at the end of `b`.
bool utf8_prefix_valid(std::string_view b) {
  size_t i = 0;
  while (i < b.size()) {
    const uint8_t c = static_cast<uint8_t>(b[i]);
    size_t n = c < 0x80         ? 1
               : (c >> 5) == 6  ? 2
               : (c >> 4) == 14 ? 3
               : (c >> 3) == 30 ? 4
                                : 0;
    if (n == 0) return false;
    if (i + n > b.size()) return true;  // cut at the end
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<uint8_t>(b[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

// Records of `text` split by `delim` (quote-aware), the last one dropped
// when the text does not end with a line end (it may be cut).
std::vector<size_t> field_counts(std::string_view text, char delim,
                                 size_t max_records) {
  std::vector<size_t> counts;
  size_t fields = 1;
  bool quoted = false;
  for (size_t i = 0; i < text.size() && counts.size() < max_records; ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"')
          ++i;
        else
          quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delim) {
      ++fields;
    } else if (c == '\n') {
      counts.push_back(fields);
      fields = 1;
    }
  }
  return counts;
}

bool looks_like_value(const std::string& s) {
  // A number, a date or an address: data, not a column name.
  if (s.empty()) return true;
  bool digits = true;
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
          c == '+' || c == '/' || c == ':' || c == ' ' || c == ','))
      digits = false;
  return digits || s.find('@') != std::string::npos;
}

}  // namespace

namespace {

// A charset of bytes that are not UTF-8, by ICU's detector, when it is one
// Windows-1252 would garble: CJK multi-byte sets and non-Latin single-byte
// ones, at confidence 50 or more. "" otherwise (Latin text stays
// Windows-1252, which is what ICU's Latin guesses amount to).
std::string detected_charset(std::string_view head) {
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err)) return "";
  const int32_t n =
      static_cast<int32_t>(std::min<size_t>(head.size(), 64 * 1024));
  ucsdet_setText(det, head.data(), n, &err);
  const UCharsetMatch* m = ucsdet_detect(det, &err);
  std::string name;
  if (U_SUCCESS(err) && m && ucsdet_getConfidence(m, &err) >= 50) {
    const char* c = ucsdet_getName(m, &err);
    if (U_SUCCESS(err) && c) name = c;
  }
  ucsdet_close(det);
  for (const char* wanted :
       {"Shift_JIS", "EUC-JP", "ISO-2022-JP", "GB18030", "Big5", "EUC-KR",
        "ISO-2022-KR", "ISO-2022-CN", "windows-1251", "KOI8-R", "ISO-8859-5",
        "windows-1256", "ISO-8859-6", "windows-1253", "ISO-8859-7",
        "windows-1255", "ISO-8859-8", "ISO-8859-9"})
    if (name == wanted) return name;
  return "";
}

}  // namespace

void CsvReader::ConverterClose::operator()(void* c) const {
  ucnv_close(static_cast<UConverter*>(c));
}

// Bytes of the kOther charset as UTF-8; a character cut at the end waits
// in the converter unless `flush`.
std::string CsvReader::convert(std::string_view bytes, bool flush) {
  if (!converter_) {
    UErrorCode err = U_ZERO_ERROR;
    UConverter* c = ucnv_open(d_.charset.c_str(), &err);
    if (U_FAILURE(err)) return windows1252_to_utf8(bytes);
    converter_.reset(c);
  }
  auto* conv = static_cast<UConverter*>(converter_.get());
  std::string out;
  std::vector<UChar> units(bytes.size() * 2 + 16);
  const char* src = bytes.data();
  const char* const src_end = bytes.data() + bytes.size();
  for (;;) {
    UChar* target = units.data();
    UErrorCode err = U_ZERO_ERROR;
    ucnv_toUnicode(conv, &target, units.data() + units.size(), &src, src_end,
                   nullptr, flush, &err);
    const int32_t len = static_cast<int32_t>(target - units.data());
    std::string piece(static_cast<size_t>(len) * 3 + 4, '\0');
    int32_t written = 0;
    UErrorCode e2 = U_ZERO_ERROR;
    u_strToUTF8WithSub(piece.data(), static_cast<int32_t>(piece.size()),
                       &written, units.data(), len, 0xFFFD, nullptr, &e2);
    piece.resize(U_SUCCESS(e2) ? static_cast<size_t>(written) : 0);
    out += piece;
    if (err != U_BUFFER_OVERFLOW_ERROR) break;
  }
  return out;
}

const char* encoding_name(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8:
      return "UTF-8";
    case TextEncoding::kUtf16Le:
      return "UTF-16LE";
    case TextEncoding::kUtf16Be:
      return "UTF-16BE";
    case TextEncoding::kWindows1252:
      return "windows-1252";
    case TextEncoding::kOther:
      return "other";
  }
  return "?";
}

std::optional<CsvDialect> sniff_csv(std::string_view head,
                                    std::string_view name) {
  CsvDialect d;
  std::string text;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") {
    d.bom_bytes = 3;
    text = std::string(head.substr(3));
  } else if (head.substr(0, 2) == "\xFF\xFE" ||
             head.substr(0, 2) == "\xFE\xFF") {
    d.encoding =
        head[0] == '\xFF' ? TextEncoding::kUtf16Le : TextEncoding::kUtf16Be;
    d.bom_bytes = 2;
    std::string rest;
    text = utf16_to_utf8(head.substr(2), d.encoding == TextEncoding::kUtf16Le,
                         &rest);
  } else if (utf8_prefix_valid(head)) {
    text = std::string(head);
  } else if (std::string cs = detected_charset(head); !cs.empty()) {
    d.encoding = TextEncoding::kOther;
    d.charset = cs;
    CsvReader probe(d, [](uint64_t, const std::vector<std::string>&) {});
    text = probe.convert(head, false);
  } else {
    d.encoding = TextEncoding::kWindows1252;
    text = windows1252_to_utf8(head);
  }
  // Text only: no NUL, few control characters.
  size_t controls = 0;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == 0) return std::nullopt;
    if (c < 9 || (c > 13 && c < 32)) ++controls;
  }
  if (controls * 100 > text.size()) return std::nullopt;
  // Line ends as LF for counting.
  std::string lf;
  lf.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))
      lf += text[i] == '\r' ? '\n' : text[i];
  // A head that is all of the file may end without a line end: its last
  // record counts too.
  if (head.size() < 65536 && !lf.empty() && lf.back() != '\n') lf += '\n';

  std::string ext;
  const size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) ext = ascii_lower(name.substr(dot));
  struct Fit {
    char delim;
    size_t fields;
    double agree;  // share of records with the usual number of fields
  };
  std::vector<Fit> fits;
  for (char delim : {',', ';', '\t', '|'}) {
    const std::vector<size_t> counts = field_counts(lf, delim, 200);
    if (counts.size() < 2) continue;
    std::map<size_t, size_t> freq;
    for (size_t c : counts) ++freq[c];
    auto mode = std::max_element(
        freq.begin(), freq.end(),
        [](const auto& a, const auto& b) { return a.second < b.second; });
    if (mode->first < 2) continue;
    const double agree =
        static_cast<double>(mode->second) / static_cast<double>(counts.size());
    // Nearly every record agrees (a ragged last line or two is usual).
    if (agree < 0.9) continue;
    fits.push_back({delim, mode->first, agree});
  }
  // The best agreement, then the extension's delimiter, then the most
  // fields: a semicolon export with decimal commas ("1;628,03") splits on
  // commas into a steady two fields only where every row has one, and its
  // header (no comma) disagrees, so the semicolon wins even in a .csv.
  const char wanted = ext == ".tsv" ? '\t' : ext == ".csv" ? ',' : 0;
  std::optional<Fit> best;
  for (const Fit& f : fits) {
    if (!best || f.agree > best->agree ||
        (f.agree == best->agree &&
         (f.delim == wanted ||
          (best->delim != wanted && f.fields > best->fields))))
      best = f;
  }
  if (!best) return std::nullopt;
  d.delimiter = best->delim;
  d.fields = best->fields;
  // The header: the first record's fields are all distinct names (not
  // numbers, dates or addresses).
  std::vector<std::string> first;
  {
    std::vector<std::vector<std::string>> got;
    CsvDialect probe = d;
    probe.bom_bytes = 0;
    probe.encoding = TextEncoding::kUtf8;
    CsvReader r(probe, [&](uint64_t, const std::vector<std::string>& f) {
      if (got.empty()) got.push_back(f);
    });
    r.feed(lf.substr(0, lf.find('\n') + 1));
    r.finish();
    if (!got.empty()) first = got[0];
  }
  std::vector<std::string> sorted = first;
  std::sort(sorted.begin(), sorted.end());
  const bool distinct =
      std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
  d.header = distinct && !first.empty() &&
             std::none_of(first.begin(), first.end(), looks_like_value);
  if (d.header) d.names = first;
  return d;
}

CsvReader::CsvReader(const CsvDialect& dialect, OnRecord on_record,
                     uint64_t max_field_bytes)
    : d_(dialect),
      on_record_(std::move(on_record)),
      max_field_bytes_(max_field_bytes),
      bom_left_(dialect.bom_bytes) {}

void CsvReader::feed(std::string_view bytes) {
  if (bom_left_) {
    const size_t skip = std::min(bom_left_, bytes.size());
    bytes.remove_prefix(skip);
    bom_left_ -= skip;
  }
  if (bytes.empty()) return;
  switch (d_.encoding) {
    case TextEncoding::kUtf8: {
      // Keep a character cut at the end of the piece for the next one.
      std::string all = carry_ + std::string(bytes);
      size_t end = all.size();
      size_t back = 0;
      while (back < 3 && back < end &&
             (static_cast<uint8_t>(all[end - 1 - back]) >> 6) == 2)
        ++back;
      if (back < end) {
        const uint8_t lead = static_cast<uint8_t>(all[end - 1 - back]);
        const size_t need = lead < 0x80         ? 1
                            : (lead >> 5) == 6  ? 2
                            : (lead >> 4) == 14 ? 3
                            : (lead >> 3) == 30 ? 4
                                                : 1;
        if (need > back + 1) end -= back + 1;
      }
      carry_ = all.substr(end);
      feed_utf8(sanitize_utf8(std::string_view(all).substr(0, end)));
      break;
    }
    case TextEncoding::kUtf16Le:
    case TextEncoding::kUtf16Be: {
      std::string all = carry_ + std::string(bytes);
      feed_utf8(
          utf16_to_utf8(all, d_.encoding == TextEncoding::kUtf16Le, &carry_));
      break;
    }
    case TextEncoding::kWindows1252:
      feed_utf8(windows1252_to_utf8(bytes));
      break;
    case TextEncoding::kOther:
      feed_utf8(convert(bytes, false));
      break;
  }
}

void CsvReader::end_field() {
  fields_.push_back(std::move(field_));
  field_.clear();
  field_started_ = false;
}

void CsvReader::end_record() {
  end_field();
  // A blank line is no record.
  if (!(fields_.size() == 1 && fields_[0].empty())) {
    ++records_;
    on_record_(records_, fields_);
  }
  fields_.clear();
}

void CsvReader::feed_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes_) {
      if (quote_seen_) {
        quote_seen_ = false;
        if (c == '"') {  // "" inside quotes: one quote
          field_ += '"';
          continue;
        }
        in_quotes_ = false;  // the closing quote; c is handled below
      } else if (c == '"') {
        quote_seen_ = true;
        continue;
      } else {
        if (field_.size() < max_field_bytes_) {
          field_ += c;
        } else if (!cut_reported_) {
          cut_reported_ = true;
          problems_.push_back("record " + std::to_string(records_ + 1) +
                              ": a field longer than " +
                              std::to_string(max_field_bytes_) + " bytes; cut");
        }
        continue;
      }
    }
    if (c == '"' && !field_started_) {
      in_quotes_ = true;
      field_started_ = true;
    } else if (c == d_.delimiter) {
      end_field();
    } else if (c == '\n') {
      if (!field_.empty() && field_.back() == '\r') field_.pop_back();
      end_record();
    } else {
      field_started_ = true;
      if (field_.size() < max_field_bytes_) {
        field_ += c;
      } else if (!cut_reported_) {
        cut_reported_ = true;
        problems_.push_back("record " + std::to_string(records_ + 1) +
                            ": a field longer than " +
                            std::to_string(max_field_bytes_) + " bytes; cut");
      }
    }
  }
}

void CsvReader::finish() {
  if (d_.encoding == TextEncoding::kOther) feed_utf8(convert({}, true));
  if (!carry_.empty()) {
    feed_utf8(sanitize_utf8(carry_));
    carry_.clear();
  }
  if (in_quotes_ && !quote_seen_)
    problems_.push_back("record " + std::to_string(records_ + 1) +
                        ": a quoted field is not closed at the end of the "
                        "file");
  in_quotes_ = false;
  quote_seen_ = false;
  if (!field_.empty() || !fields_.empty() || field_started_) end_record();
}

}  // namespace leakscope::dump
