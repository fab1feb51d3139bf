#include "legacy_text.hpp"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <utility>

#include "util/bytes.hpp"
#include "util/text.hpp"

namespace leakscope::office {
namespace {

bool fits(std::string_view s, uint64_t off, uint64_t len) {
  return off <= s.size() && len <= s.size() - off;
}

std::string hex(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%X", v);
  return b;
}

// Windows-1252 bytes 0x80..0x9F (the rest is Latin-1), as Word's
// "compressed" 8-bit pieces and BIFF8's 8-bit strings use them.
uint32_t cp1252(uint8_t b) {
  static const uint16_t k80[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
      0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  return b >= 0x80 && b < 0xA0 ? k80[b - 0x80] : b;
}

// Appends UTF-16LE code units, pairing surrogates; an unpaired one becomes
// U+FFFD.
struct Utf16Sink {
  std::string& out;
  uint32_t high = 0;
  void unit(uint32_t u) {
    if (u >= 0xD800 && u < 0xDC00) {
      if (high) append_utf8(out, 0xFFFD);
      high = u;
      return;
    }
    if (u >= 0xDC00 && u < 0xE000) {
      append_utf8(out, high ? 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00)
                            : 0xFFFD);
      high = 0;
      return;
    }
    if (high) append_utf8(out, 0xFFFD), high = 0;
    append_utf8(out, u);
  }
};

// --- Word ----------------------------------------------------------------

// Word's characters: paragraph and line marks become line breaks, cell
// marks tabs; field codes (between 0x13 and 0x14) are dropped and field
// results (0x14 to 0x15) kept; other control characters dropped.
class WordChars {
 public:
  WordChars(LegacyText& r, size_t max) : r_(r), sink_{r.text}, max_(max) {}
  // False once the text is full.
  bool put(uint32_t c) {
    if (c == 0x13) {
      fields_.push_back(false);
      return true;
    }
    if (c == 0x14) {
      if (!fields_.empty()) fields_.back() = true;
      return true;
    }
    if (c == 0x15) {
      if (!fields_.empty()) fields_.pop_back();
      return true;
    }
    for (bool in_result : fields_)
      if (!in_result) return true;  // inside a field code
    if (c == 0x0D || c == 0x0B || c == 0x0C)
      c = '\n';
    else if (c == 0x07)
      c = '\t';
    else if (c == 0x1E)
      c = '-';
    else if (c == 0xA0)
      c = ' ';
    else if (c < 0x20 && c != '\t')
      return true;
    if (r_.text.size() >= max_) {
      r_.truncated = true;
      return false;
    }
    sink_.unit(c);
    return true;
  }

 private:
  LegacyText& r_;
  Utf16Sink sink_;
  size_t max_;
  std::vector<bool> fields_;  // per open field: in its result part
};

}  // namespace

const char* word_table_stream(std::string_view word) {
  // FibBase flags at 0x0A, bit 0x0200: fWhichTblStm.
  return word.size() >= 12 && (le16(word, 0x0A) & 0x0200) ? "1Table" : "0Table";
}

LegacyText word_text(std::string_view word, std::string_view table,
                     size_t max_bytes) {
  LegacyText r;
  if (word.size() < 34 || le16(word, 0) != 0xA5EC) {
    r.problems.push_back(
        "WordDocument: no Word 97-2003 file information block (wIdent "
        "0xA5EC expected at offset 0); text not read");
    return r;
  }
  const uint16_t nfib = le16(word, 2), flags = le16(word, 0x0A);
  if (flags & 0x0100) {
    r.encrypted = true;
    r.problems.push_back("WordDocument: encrypted (fEncrypted); text not read");
    return r;
  }
  if (nfib < 0x00C1) {
    r.problems.push_back("WordDocument: Word 6/95 format (nFib " + hex(nfib) +
                         "); text not read");
    return r;
  }
  const char* table_name = word_table_stream(word);
  // FibBase (32 bytes), then csw + FibRgW97, cslw + FibRgLw97, cbRgFcLcb +
  // FibRgFcLcb (fcClx/lcbClx is its 34th pair, offset 0x108).
  size_t pos = 32;
  const uint16_t csw = le16(word, pos);
  pos += 2 + 2u * csw;
  if (!fits(word, pos, 2)) {
    r.problems.push_back("WordDocument: FIB cut short at offset " +
                         std::to_string(pos));
    return r;
  }
  const uint16_t cslw = le16(word, pos);
  const size_t rg_lw = pos + 2;
  pos = rg_lw + 4u * cslw;
  if (cslw < 4 || !fits(word, pos, 2)) {
    r.problems.push_back("WordDocument: FIB cut short at offset " +
                         std::to_string(pos));
    return r;
  }
  const uint32_t ccp_text = le32(word, rg_lw + 12);
  const uint16_t pairs = le16(word, pos);
  const size_t rg_fc = pos + 2;
  if (pairs < 34 || !fits(word, rg_fc, 34 * 8)) {
    r.problems.push_back("WordDocument: FIB without fcClx (" +
                         std::to_string(pairs) + " fc/lcb pairs)");
    return r;
  }
  const uint32_t fc_clx = le32(word, rg_fc + 33 * 8),
                 lcb_clx = le32(word, rg_fc + 33 * 8 + 4);
  if (!fits(table, fc_clx, lcb_clx) || lcb_clx == 0) {
    r.problems.push_back(
        std::string(table_name) + ": Clx at " + std::to_string(fc_clx) + " (" +
        std::to_string(lcb_clx) + " bytes) beyond the stream (" +
        std::to_string(table.size()) + " bytes)");
    return r;
  }
  // Clx: Prc* (clxt 1) then one Pcdt (clxt 2) holding the piece table.
  std::string_view clx = table.substr(fc_clx, lcb_clx);
  size_t i = 0;
  std::string_view plc;
  while (i < clx.size()) {
    const uint8_t clxt = static_cast<uint8_t>(clx[i]);
    if (clxt == 1 && fits(clx, i + 1, 2)) {
      i += 3 + static_cast<int16_t>(le16(clx, i + 1));
    } else if (clxt == 2 && fits(clx, i + 1, 4)) {
      const uint32_t lcb = le32(clx, i + 1);
      if (!fits(clx, i + 5, lcb)) break;
      plc = clx.substr(i + 5, lcb);
      break;
    } else {
      break;
    }
  }
  if (plc.size() < 16) {
    r.problems.push_back(std::string(table_name) + ": no piece table in Clx");
    return r;
  }
  const size_t n = (plc.size() - 4) / 12;
  WordChars out(r, max_bytes);
  for (size_t k = 0; k < n; ++k) {
    const uint32_t cp0 = le32(plc, 4 * k), cp1 = le32(plc, 4 * (k + 1));
    if (cp1 <= cp0) continue;
    if (ccp_text && cp0 >= ccp_text) break;  // the main document only
    const uint32_t chars = (ccp_text ? std::min(cp1, ccp_text) : cp1) - cp0;
    const uint32_t fc_raw = le32(plc, 4 * (n + 1) + 8 * k + 2);
    const bool compressed = fc_raw & 0x40000000u;
    const uint32_t fc = fc_raw & 0x3FFFFFFFu;
    const uint64_t off = compressed ? fc / 2 : fc;
    const uint64_t len = compressed ? chars : 2ull * chars;
    if (!fits(word, off, len)) {
      r.problems.push_back("WordDocument: piece " + std::to_string(k) + " at " +
                           std::to_string(off) + " (" + std::to_string(len) +
                           " bytes) beyond the stream; rest not read");
      break;
    }
    bool more = true;
    for (uint32_t c = 0; c < chars && more; ++c)
      more = out.put(compressed ? cp1252(static_cast<uint8_t>(word[off + c]))
                                : le16(word, off + 2ull * c));
    if (!more) break;
  }
  return r;
}

// --- Excel ---------------------------------------------------------------

namespace {

// The SST's strings run across CONTINUE records; a string whose characters
// cross into the next record starts that record with a new flags byte.
class SegmentReader {
 public:
  explicit SegmentReader(std::vector<std::string_view> segs)
      : segs_(std::move(segs)) {}
  bool u8(uint8_t& v) {
    if (!advance()) return false;
    v = static_cast<uint8_t>(segs_[seg_][off_++]);
    return true;
  }
  bool u16v(uint16_t& v) {
    uint8_t a, b;
    if (!u8(a) || !u8(b)) return false;
    v = static_cast<uint16_t>(a | (b << 8));
    return true;
  }
  bool u32v(uint32_t& v) {
    uint16_t a, b;
    if (!u16v(a) || !u16v(b)) return false;
    v = a | (static_cast<uint32_t>(b) << 16);
    return true;
  }
  bool skip(uint64_t n) {
    while (n) {
      if (!advance()) return false;
      const uint64_t take = std::min<uint64_t>(n, segs_[seg_].size() - off_);
      off_ += take;
      n -= take;
    }
    return true;
  }
  // `cch` characters, 1 or 2 bytes each per the current flags; a record
  // boundary inside them brings a new flags byte.
  bool chars(uint32_t cch, bool high, std::string& out) {
    Utf16Sink sink{out};
    while (cch) {
      if (off_ >= segs_[seg_].size()) {
        if (++seg_ >= segs_.size()) return false;
        off_ = 0;
        if (segs_[seg_].empty()) return false;
        high = static_cast<uint8_t>(segs_[seg_][off_++]) & 1;
      }
      const std::string_view s = segs_[seg_];
      if (high) {
        if (off_ + 2 > s.size()) return false;
        sink.unit(le16(s, off_));
        off_ += 2;
      } else {
        sink.unit(cp1252(static_cast<uint8_t>(s[off_++])));
      }
      --cch;
    }
    return true;
  }

 private:
  bool advance() {
    while (seg_ < segs_.size() && off_ >= segs_[seg_].size()) {
      ++seg_;
      off_ = 0;
    }
    return seg_ < segs_.size();
  }
  std::vector<std::string_view> segs_;
  size_t seg_ = 0, off_ = 0;
};

// XLUnicodeString of a record (LABEL, STRING): cch (2), flags, characters.
std::string unicode_string(std::string_view d, size_t at) {
  std::string out;
  if (!fits(d, at, 3)) return out;
  const uint16_t cch = le16(d, at);
  const bool high = static_cast<uint8_t>(d[at + 2]) & 1;
  Utf16Sink sink{out};
  size_t p = at + 3;
  for (uint16_t c = 0; c < cch; ++c) {
    if (high) {
      if (!fits(d, p, 2)) break;
      sink.unit(le16(d, p));
      p += 2;
    } else {
      if (!fits(d, p, 1)) break;
      sink.unit(cp1252(static_cast<uint8_t>(d[p++])));
    }
  }
  return out;
}

// 8-bit text of a BIFF5 workbook in its code page (the CODEPAGE record;
// Windows-1252 when there is none). Other code pages go through ICU's
// converter of that Windows code page ("cp1251", "cp932", ...; 10000 is
// MacRoman); one ICU does not know is read as Windows-1252.
std::string code_page_text(std::string_view bytes, uint16_t code_page) {
  std::string out;
  if (code_page != 0 && code_page != 1252 && code_page != 367 &&
      code_page != 1200) {
    const std::string name =
        code_page == 10000 ? "macintosh" : "cp" + std::to_string(code_page);
    UErrorCode err = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(name.c_str(), &err);
    if (U_SUCCESS(err)) {
      icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()),
                           conv, err);
      ucnv_close(conv);
      if (U_SUCCESS(err)) {
        u.toUTF8String(out);
        return out;
      }
    }
  }
  Utf16Sink sink{out};
  for (unsigned char c : bytes) sink.unit(cp1252(c));
  return out;
}

// A BIFF5 string of a record: its length (1 or 2 bytes) at `at`, then as
// many 8-bit characters.
std::string byte_string(std::string_view d, size_t at, size_t length_bytes,
                        uint16_t code_page) {
  if (!fits(d, at, length_bytes)) return "";
  const size_t cch =
      length_bytes == 1 ? static_cast<uint8_t>(d[at]) : le16(d, at);
  const size_t from = at + length_bytes;
  return code_page_text(d.substr(from, std::min(cch, d.size() - from)),
                        code_page);
}

std::string number_text(double v) {
  char b[32];
  if (v == static_cast<double>(static_cast<int64_t>(v)) && v > -1e15 &&
      v < 1e15)
    std::snprintf(b, sizeof b, "%lld", static_cast<long long>(v));
  else
    std::snprintf(b, sizeof b, "%.15g", v);
  return b;
}

double rk_value(uint32_t rk) {
  double v;
  if (rk & 2) {
    v = static_cast<double>(static_cast<int32_t>(rk) >> 2);
  } else {
    const uint64_t bits = static_cast<uint64_t>(rk & 0xFFFFFFFCu) << 32;
    std::memcpy(&v, &bits, 8);
  }
  return (rk & 1) ? v / 100 : v;
}

constexpr size_t kMaxCells = 2000000;

}  // namespace

LegacyText excel_text(std::string_view wb, size_t max_bytes) {
  LegacyText r;
  std::vector<std::string> sst, sheet_names;
  // Per sheet: (row, column) -> text.
  std::vector<std::map<std::pair<uint32_t, uint32_t>, std::string>> sheets;
  int sheet = -1;  // -1: the workbook globals
  size_t cells = 0;
  std::pair<uint32_t, uint32_t> last_formula{UINT32_MAX, UINT32_MAX};
  size_t pos = 0;
  bool first = true;
  bool biff5 = false;      // Excel 5.0/95: 8-bit strings, no SST
  uint16_t code_page = 0;  // CODEPAGE; 0 until seen
  auto put = [&](uint32_t row, uint32_t col, std::string text) {
    if (sheet < 0 || text.empty() || cells >= kMaxCells) return;
    ++cells;
    sheets[static_cast<size_t>(sheet)][{row, col}] = std::move(text);
  };
  while (fits(wb, pos, 4)) {
    const uint16_t type = le16(wb, pos), len = le16(wb, pos + 2);
    if (!fits(wb, pos + 4, len)) {
      r.problems.push_back("Workbook: record " + hex(type) + " at offset " +
                           std::to_string(pos) + " runs past the stream");
      break;
    }
    const std::string_view d = wb.substr(pos + 4, len);
    const size_t next = pos + 4 + len;
    if (first) {
      first = false;
      const uint16_t version = len >= 2 && type == 0x0809 ? le16(d, 0) : 0;
      if (version == 0x0500) {
        biff5 = true;
      } else if (version != 0x0600 || len < 4) {
        r.problems.push_back(
            "Workbook: neither BIFF8 (Excel 97-2003) nor BIFF5 (Excel 5.0/95): "
            "BOF version " +
            (type == 0x0809 && len >= 2 ? hex(version) : hex(type)) +
            "; text not read");
        return r;
      }
    }
    switch (type) {
      case 0x0809:  // BOF: a sheet substream after the globals
        if (pos > 0) {
          ++sheet;
          sheets.emplace_back();
        }
        break;
      case 0x002F:  // FILEPASS
        r.encrypted = true;
        r.problems.push_back("Workbook: encrypted (FILEPASS); text not read");
        return r;
      case 0x0042:  // CODEPAGE: of BIFF5's 8-bit strings
        if (fits(d, 0, 2)) code_page = le16(d, 0);
        break;
      case 0x0085:    // BOUNDSHEET8: sheet names, in order
        if (biff5) {  // BIFF5: an 8-bit name with a 1-byte length
          sheet_names.push_back(byte_string(d, 6, 1, code_page));
        } else if (fits(d, 6, 2)) {
          const uint8_t cch = static_cast<uint8_t>(d[6]);
          const bool high = static_cast<uint8_t>(d[7]) & 1;
          std::string name;
          Utf16Sink sink{name};
          for (size_t c = 0; c < cch; ++c) {
            const size_t at = 8 + (high ? 2 * c : c);
            if (!fits(d, at, high ? 2 : 1)) break;
            sink.unit(high ? le16(d, at) : cp1252(static_cast<uint8_t>(d[at])));
          }
          sheet_names.push_back(name);
        }
        break;
      case 0x00FC: {  // SST, continued by CONTINUE records
        std::vector<std::string_view> segs{d};
        size_t p = next;
        while (fits(wb, p, 4) && le16(wb, p) == 0x003C &&
               fits(wb, p + 4, le16(wb, p + 2))) {
          segs.push_back(wb.substr(p + 4, le16(wb, p + 2)));
          p += 4 + le16(wb, p + 2);
        }
        SegmentReader in(std::move(segs));
        uint32_t total, unique;
        if (!in.u32v(total) || !in.u32v(unique)) break;
        for (uint32_t s = 0; s < unique && sst.size() < kMaxCells; ++s) {
          uint16_t cch;
          uint8_t fl;
          uint16_t runs = 0;
          uint32_t ext = 0;
          if (!in.u16v(cch) || !in.u8(fl)) break;
          if ((fl & 0x08) && !in.u16v(runs)) break;
          if ((fl & 0x04) && !in.u32v(ext)) break;
          std::string str;
          if (!in.chars(cch, fl & 1, str)) {
            r.problems.push_back("Workbook: SST string " + std::to_string(s) +
                                 " of " + std::to_string(unique) +
                                 " cut short");
            sst.push_back(str);
            break;
          }
          sst.push_back(std::move(str));
          if (!in.skip(4ull * runs + ext)) break;
        }
        break;
      }
      case 0x00FD:  // LABELSST
        if (fits(d, 6, 4)) {
          const uint32_t i = le32(d, 6);
          if (i < sst.size()) put(le16(d, 0), le16(d, 2), sst[i]);
        }
        break;
      case 0x0204:  // LABEL
      case 0x00D6:  // RSTRING (BIFF5: a LABEL with formatting runs)
        if (biff5 && fits(d, 6, 2))
          put(le16(d, 0), le16(d, 2), byte_string(d, 6, 2, code_page));
        else if (!biff5 && type == 0x0204 && fits(d, 6, 3))
          put(le16(d, 0), le16(d, 2), unicode_string(d, 6));
        break;
      case 0x0203:  // NUMBER
        if (fits(d, 6, 8)) {
          double v;
          std::memcpy(&v, d.data() + 6, 8);
          put(le16(d, 0), le16(d, 2), number_text(v));
        }
        break;
      case 0x027E:  // RK
        if (fits(d, 6, 4))
          put(le16(d, 0), le16(d, 2), number_text(rk_value(le32(d, 6))));
        break;
      case 0x00BD:  // MULRK: row, first column, (ixfe, RK)*, last column
        if (d.size() >= 6) {
          const uint16_t row = le16(d, 0), col0 = le16(d, 2);
          const size_t count = (d.size() - 6) / 6;
          for (size_t c = 0; c < count; ++c)
            put(row, static_cast<uint32_t>(col0 + c),
                number_text(rk_value(le32(d, 4 + 6 * c + 2))));
        }
        break;
      case 0x0006:  // FORMULA: its cached number (strings follow in STRING)
        if (fits(d, 6, 8)) {
          last_formula = {le16(d, 0), le16(d, 2)};
          if (le16(d, 12) != 0xFFFF) {
            double v;
            std::memcpy(&v, d.data() + 6, 8);
            put(le16(d, 0), le16(d, 2), number_text(v));
          }
        }
        break;
      case 0x0207:  // STRING: the string result of the last formula
        if (last_formula.first != UINT32_MAX)
          put(last_formula.first, last_formula.second,
              biff5 ? byte_string(d, 0, 2, code_page) : unicode_string(d, 0));
        break;
      default:
        break;
    }
    pos = next;
  }
  for (size_t s = 0; s < sheets.size(); ++s) {
    if (sheets[s].empty()) continue;
    std::string block =
        "[" +
        (s < sheet_names.size() ? sheet_names[s]
                                : "Sheet" + std::to_string(s + 1)) +
        "]\n";
    uint32_t row = sheets[s].begin()->first.first;
    bool line_start = true;
    for (const auto& [at, text] : sheets[s]) {
      if (at.first != row) {
        block += '\n';
        row = at.first;
        line_start = true;
      }
      if (!line_start) block += '\t';
      block += text;
      line_start = false;
    }
    block += '\n';
    if (r.text.size() + block.size() > max_bytes) {
      r.text += block.substr(0, max_bytes - r.text.size());
      r.truncated = true;
      break;
    }
    r.text += block;
  }
  if (!r.text.empty() && !is_valid_utf8(r.text)) r.text = sanitize_utf8(r.text);
  return r;
}

// --- PowerPoint ----------------------------------------------------------

LegacyText powerpoint_text(std::string_view doc, size_t max_bytes) {
  LegacyText r;
  size_t pos = 0;
  while (fits(doc, pos, 8)) {
    const uint16_t ver_inst = le16(doc, pos), type = le16(doc, pos + 2);
    const uint32_t len = le32(doc, pos + 4);
    if ((ver_inst & 0x0F) == 0x0F) {  // a container: its records follow
      pos += 8;
      continue;
    }
    if (!fits(doc, pos + 8, len)) {
      r.problems.push_back("PowerPoint Document: record " + hex(type) +
                           " at offset " + std::to_string(pos) +
                           " runs past the stream");
      break;
    }
    const std::string_view d = doc.substr(pos + 8, len);
    if (type == 0x0FA0 || type == 0x0FA8) {  // TextCharsAtom, TextBytesAtom
      Utf16Sink sink{r.text};
      const bool wide = type == 0x0FA0;
      for (size_t i = 0; i + (wide ? 1 : 0) < d.size(); i += wide ? 2 : 1) {
        uint32_t c = wide ? le16(d, i) : static_cast<uint8_t>(d[i]);
        if (c == 0x0D || c == 0x0B) c = '\n';
        if (c < 0x20 && c != '\n' && c != '\t') continue;
        sink.unit(c);
      }
      r.text += '\n';
      if (r.text.size() >= max_bytes) {
        r.text.resize(max_bytes);
        r.text = sanitize_utf8(r.text);
        r.truncated = true;
        break;
      }
    }
    pos += 8 + len;
  }
  return r;
}

}  // namespace leakscope::office
