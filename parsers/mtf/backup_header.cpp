#include "backup_header.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>

#include "mtf_format.hpp"
#include "mtf_reader.hpp"
#include "util/text.hpp"

// Offsets and their evidence: HEADER_FORMAT.md. Every read below is bounds
// checked against the bytes given; offsets in notes are stream offsets.

namespace leakscope::mtf {

namespace {

// ---- MTF descriptor blocks (offsets from the block start) ----
constexpr uint32_t kBlockEncrypted = 0x2;   // MTF_DB_ENCRYPT_BIT
constexpr uint32_t kBlockCompressed = 0x4;  // MTF_DB_COMPRESS_BIT

constexpr size_t kTapePasswordAlg = 62;  // u16
constexpr size_t kTapePassword = 76;     // tape address
constexpr size_t kTapeMinSize = 80;

// RAID stream of the TAPE block (offsets from the stream data).
constexpr size_t kRaidMediaSetId = 0;    // 16-byte GUID
constexpr size_t kRaidFamilyCount = 20;  // u16
constexpr size_t kRaidFamilySeq = 24;    // u16
constexpr size_t kRaidMinSize = 26;
constexpr uint32_t kMaxFamilies = 64;  // BACKUP TO accepts 64 devices

constexpr size_t kSsetAttributes = 52;      // u32
constexpr size_t kSsetPasswordAlg = 56;     // u16
constexpr size_t kSsetCompressionAlg = 58;  // u16
constexpr size_t kSsetName = 64;            // tape addresses
constexpr size_t kSsetDescription = 68;
constexpr size_t kSsetPassword = 72;
constexpr size_t kSsetUser = 76;
constexpr size_t kSsetDate = 88;                            // MTF date, 5 bytes
constexpr size_t kSsetSoftwareMajor = 93;                   // u8
[[maybe_unused]] constexpr size_t kSsetSoftwareMinor = 94;  // u8
constexpr size_t kSsetTimeZone = 95;  // i8, quarter hours east of UTC
constexpr size_t kSsetMinSize = 96;
constexpr int8_t kTimeZoneUnknown = 127;

constexpr size_t kVolbMachine = 64;  // tape address
constexpr size_t kVolbMinSize = 68;

// ---- SQL Server configuration records in the MQCI stream ----
constexpr size_t kRecordHeader = 8;  // 4-letter tag, u32 length (incl. header)
constexpr size_t kScinBuild = 0x18;  // u16, then u8 minor, u8 major
constexpr size_t kScinCreated = 0x48;  // MTF dates, 5 bytes each
constexpr size_t kScinStart = 0x4D;
constexpr size_t kScinFinish = 0x52;     // zero in the MSCI copy
constexpr size_t kScinType = 0x57;       // 'D' full, 'I' differential, 'L' log
constexpr size_t kScinSortOrder = 0x58;  // u8
constexpr size_t kScinCompatibility = 0x5B;    // u8
constexpr size_t kScinDatabaseVersion = 0x5E;  // u16
constexpr size_t kScinDatabase = 0x68;  // addresses from the record start
constexpr size_t kScinServer = 0x6C;
constexpr size_t kScinCollation = 0xD8;  // 5 bytes

constexpr size_t kSfinType = 0x1C;     // u32: 1 data, 2 log
constexpr size_t kSfinSize = 0x28;     // u64 bytes
constexpr size_t kSfinLogical = 0x30;  // addresses from the record start
constexpr size_t kSfinPhysical = 0x34;
constexpr size_t kSfinMinSize = 0x38;

constexpr size_t kMaxNotes = 64;
constexpr size_t kMaxFiles = 32767;  // SQL Server's limit per database

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// Appends a note unless the list is full; the last place says so.
void add_note(std::vector<std::string>& notes, std::string s) {
  if (notes.size() >= kMaxNotes) return;
  if (std::find(notes.begin(), notes.end(), s) != notes.end()) return;
  if (notes.size() + 1 == kMaxNotes) s = "further notes dropped";
  notes.push_back(std::move(s));
}

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

// A Latin-1 code point (< 0x100) as UTF-8.
void append_latin1(std::string& out, unsigned char c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// UTF-16LE to UTF-8 (leakscope::append_utf16le) without the trailing NULs
// that pad fixed-size fields.
std::string utf16le(std::string_view b) {
  size_t n = b.size() / 2;
  while (n > 0 && le16(b.data() + 2 * (n - 1)) == 0) --n;
  std::string out;
  append_utf16le(out, b.substr(0, 2 * n));
  return out;
}

// Single-byte strings (MTF string type 1) read as Latin-1.
std::string latin1(std::string_view b) {
  while (!b.empty() && b.back() == 0) b.remove_suffix(1);
  std::string out;
  for (unsigned char c : b) append_latin1(out, c);
  return out;
}

struct DateTime {
  int year, month, day, hour, minute, second;
};

// MTF_DATE_TIME: 40 bits, most significant first: year 14, month 4, day 5,
// hour 5, minute 6, second 6. All zero means "not recorded".
enum class DateState { kAbsent, kInvalid, kOk };
DateState mtf_date(std::string_view b, DateTime* out) {
  if (b.size() < 5) return DateState::kAbsent;
  uint64_t v = 0;
  for (int i = 0; i < 5; ++i) v = (v << 8) | static_cast<unsigned char>(b[i]);
  if (v == 0) return DateState::kAbsent;
  DateTime d{static_cast<int>(v >> 26),        static_cast<int>((v >> 22) & 15),
             static_cast<int>((v >> 17) & 31), static_cast<int>((v >> 12) & 31),
             static_cast<int>((v >> 6) & 63),  static_cast<int>(v & 63)};
  if (d.year < 1900 || d.year > 2200 || d.month < 1 || d.month > 12 ||
      d.day < 1 || d.day > 31 || d.hour > 23 || d.minute > 59 || d.second > 59)
    return DateState::kInvalid;
  *out = d;
  return DateState::kOk;
}

std::string iso8601(const DateTime& d, std::optional<int> offset_minutes) {
  char b[40];
  int n = std::snprintf(b, sizeof b, "%04d-%02d-%02dT%02d:%02d:%02d", d.year,
                        d.month, d.day, d.hour, d.minute, d.second);
  std::string s(b, static_cast<size_t>(n));
  if (offset_minutes) {
    int m = *offset_minutes;
    char sign = m < 0 ? '-' : '+';
    if (m < 0) m = -m;
    std::snprintf(b, sizeof b, "%c%02d:%02d", sign, m / 60, m % 60);
    s += b;
  }
  return s;
}

// Windows GUID byte order: u32, u16, u16 little-endian, then 8 bytes.
std::string guid_text(const char* p) {
  auto u = [&](int i) {
    return static_cast<unsigned>(static_cast<uint8_t>(p[i]));
  };
  char b[40];
  std::snprintf(b, sizeof b, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                static_cast<unsigned>(le32(p)),
                static_cast<unsigned>(le16(p + 4)),
                static_cast<unsigned>(le16(p + 6)), u(8), u(9), u(10), u(11),
                u(12), u(13), u(14), u(15));
  return b;
}

// SQL Server collation info (5 bytes): u32 = LCID (20 bits) | flags (8 bits)
// << 20 | version (4 bits) << 28, then the SQL sort order id (0 for Windows
// collations). Returns "" when the id is not one this table knows.
std::string collation_name(uint32_t info, unsigned sort_id) {
  unsigned lcid = info & 0xFFFFF;
  unsigned flags = (info >> 20) & 0xFF;
  unsigned version = info >> 28;
  if (sort_id != 0) {
    // SQL collations are named by their sort order alone.
    if (lcid != 1033) return "";
    switch (sort_id) {
      case 51:
        return "SQL_Latin1_General_CP1_CS_AS";
      case 52:
        return "SQL_Latin1_General_CP1_CI_AS";
      case 53:
        return "SQL_Latin1_General_Pref_CP1_CI_AS";
      case 54:
        return "SQL_Latin1_General_CP1_CI_AI";
      default:
        return "";
    }
  }
  if (version != 0) return "";  // _90/_100/_140 families: not mapped
  const char* base = nullptr;
  switch (lcid) {
    case 1033:
      base = "Latin1_General";
      break;
    case 3082:
      base = "Modern_Spanish";
      break;
    case 1034:
      base = "Traditional_Spanish";
      break;
    case 1036:
      base = "French";
      break;
    case 1066:
      base = "Vietnamese";
      break;
    case 1049:
      base = "Cyrillic_General";
      break;
    case 1055:
      base = "Turkish";
      break;
    case 1053:
      base = "Finnish_Swedish";
      break;
    case 1045:
      base = "Polish";
      break;
    case 1029:
      base = "Czech";
      break;
    case 1032:
      base = "Greek";
      break;
    case 1041:
      base = "Japanese";
      break;
    case 2052:
      base = "Chinese_PRC";
      break;
    case 1042:
      base = "Korean_Wansung";
      break;
    default:
      return "";
  }
  std::string name = base;
  if (flags & 0x20) return name + "_BIN2";
  if (flags & 0x10) return name + "_BIN";
  name += (flags & 0x01) ? "_CI" : "_CS";
  name += (flags & 0x02) ? "_AI" : "_AS";
  if (!(flags & 0x04)) name += "_KS";
  if (!(flags & 0x08)) name += "_WS";
  if (flags & 0x40) name += "_UTF8";
  return name;
}

bool is_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

struct Stream {
  std::string id;
  size_t header = 0;      // local offset of the stream header
  uint64_t length = 0;    // declared data length
  std::string_view data;  // the part of the data inside the input
  uint16_t encryption = 0, compression = 0;
};

struct Block {
  std::string type;
  size_t off = 0;  // local offset
  uint32_t attributes = 0;
  uint16_t first_stream = 0;
  uint8_t string_type = 0;
  std::string_view bytes;  // [off, off + first_stream) as far as present
};

// One pass over `in` (whose first byte is at stream offset `base`): blocks
// at 512-byte boundaries, each with its chain of streams.
class Parser {
 public:
  Parser(std::string_view in, uint64_t base, BackupHeader& h, bool trailer)
      : in_(in), base_(base), h_(h), trailer_(trailer) {}

  void run();
  void finish_head();
  void finish_tail();

 private:
  void note(std::string s) { add_note(h_.notes, std::move(s)); }
  std::string at(size_t local) const { return std::to_string(base_ + local); }
  // Alignment is a property of stream offsets, not of offsets into in_.
  size_t align_local(size_t local, size_t a) const {
    return static_cast<size_t>(align_up(base_ + local, a) - base_);
  }

  void on_block(const Block& b, const std::vector<Stream>& streams);
  void on_tape(const Block& b, const std::vector<Stream>& streams);
  void on_sset(const Block& b);
  void on_volb(const Block& b);
  void on_config(const Block& b, const std::vector<Stream>& streams);
  void read_records(const Block& b, const Stream& s, bool closing);
  void read_scin(std::string_view rec, size_t local, size_t declared,
                 bool closing);
  void read_sfin(std::string_view rec, size_t local, size_t declared);

  // A block string at tape address `ta` (u16 size, u16 offset from the
  // block start); "" with a note when it lies outside the block.
  std::string block_string(const Block& b, size_t ta, const char* what);
  // The same for addresses relative to a configuration record.
  std::string record_string(std::string_view rec, size_t local, size_t declared,
                            size_t ta, const char* what);
  // The MTF date in `field` (at stream offset base + local); sets *out and
  // returns true when valid, notes an invalid one.
  bool date_at(std::string_view field, size_t local, const char* what,
               DateTime* out);

  std::string_view in_;
  uint64_t base_;
  BackupHeader& h_;
  bool trailer_;

  bool saw_tape_ = false, saw_sset_ = false, saw_volb_ = false;
  bool saw_msci_ = false, saw_scin_ = false, saw_eset_ = false;
  bool saw_closing_scin_ = false;
  bool sset_differential_ = false;
  std::string after_msci_;  // type of the block that follows MSCI
  bool want_after_msci_ = false;
  size_t msci_end_needed_ = 0;  // local end of the MQCI data, if cut short
  bool mqci_complete_ = false;  // the opening MQCI stream is all present
  char type_letter_ = 0;
  int sort_order_ = -1;
  std::optional<DateTime> scin_start_, sset_start_, finish_;
  std::optional<DateTime> created_;
  int software_major_ = 0;
  size_t sets_ = 0;
};

// The walker's damage reports, as notes (the offsets in its texts are
// local: right for the head, which starts at stream offset 0; a tail starts
// inside data, so its walker reports are dropped).
class NoteReporter : public Reporter {
 public:
  NoteReporter(std::vector<std::string>& notes, bool keep)
      : notes_(notes), keep_(keep) {}
  void corruption(const std::string&, uint64_t,
                  const std::string& what) override {
    if (keep_) add_note(notes_, what);
  }

 private:
  std::vector<std::string>& notes_;
  bool keep_;
};

void Parser::run() {
  // Blocks start at 512-byte boundaries of the stream: the walk starts at
  // the first one inside the input.
  const size_t start = align_local(0, kBlockAlign);
  if (start >= in_.size()) return;
  const std::string_view body = in_.substr(start);
  size_t read_at = 0;
  const ReadFn read = [&](char* dst, size_t n) {
    const size_t k = std::min(n, body.size() - read_at);
    std::memcpy(dst, body.data() + read_at, k);
    read_at += k;
    return k;
  };
  const SeekFn seek = [&](uint64_t offset) {
    read_at = static_cast<size_t>(std::min<uint64_t>(offset, body.size()));
    return true;
  };
  // Each block is handled once its streams are known: when the next block
  // begins, or at the end. Views point into in_ (the walker's own views
  // live only during its callbacks).
  std::optional<Block> pending;
  std::vector<Stream> streams;
  MtfCallbacks cb;
  cb.pages_wanted = [] { return false; };
  cb.on_block = [&](const BlockInfo& bi) {
    if (pending) on_block(*pending, streams);
    streams.clear();
    Block b;
    b.type = bi.type;
    b.off = start + static_cast<size_t>(bi.offset);
    b.attributes = bi.attributes;
    b.first_stream = bi.first_stream;
    b.string_type = bi.string_type;
    b.bytes = in_.substr(b.off, bi.bytes.size());
    pending = b;
  };
  cb.on_stream = [&](const StreamInfo& si, std::string_view data) {
    if (!pending) return;
    Stream st;
    st.id = si.type;
    st.header = start + static_cast<size_t>(si.offset);
    st.length = si.length;
    st.data = in_.substr(st.header + kStreamHeaderSize, data.size());
    st.encryption = si.encryption;
    st.compression = si.compression;
    streams.push_back(st);
  };
  NoteReporter damage(h_.notes, !trailer_);
  read_mtf(read, cb, damage, "", seek);
  if (pending) on_block(*pending, streams);
}

void Parser::on_block(const Block& b, const std::vector<Stream>& streams) {
  if (want_after_msci_ && b.type != "MSCI") {
    after_msci_ = b.type;
    want_after_msci_ = false;
  }
  if (trailer_) {
    if (b.type == "MSLS") on_config(b, streams);
    if (b.type == "ESET") saw_eset_ = true;
    return;
  }
  if (b.type == "TAPE") {
    on_tape(b, streams);
  } else if (b.type == "SSET") {
    if (++sets_ > 1) {
      note("another backup set starts at " + at(b.off) +
           " (an appended backup): only the first is described");
      return;
    }
    on_sset(b);
  } else if (b.type == "VOLB") {
    if (!saw_volb_) on_volb(b);
  } else if (b.type == "MSCI") {
    if (sets_ <= 1 && !saw_msci_) {
      saw_msci_ = true;
      on_config(b, streams);
      want_after_msci_ = true;
    }
  } else if (b.type == "MSLS") {
    if (sets_ <= 1) on_config(b, streams);
  } else if (b.type == "ESET") {
    saw_eset_ = true;
  }
}

std::string Parser::block_string(const Block& b, size_t ta, const char* what) {
  if (b.bytes.size() < ta + 4) return "";
  size_t size = le16(b.bytes.data() + ta), off = le16(b.bytes.data() + ta + 2);
  if (size == 0) return "";
  if (off < kCommonHeaderSize || off + size > b.first_stream) {
    note(std::string(what) + ": string address (size " + std::to_string(size) +
         ", offset " + std::to_string(off) + ") lies outside the " + b.type +
         " block at " + at(b.off));
    return "";
  }
  if (off + size > b.bytes.size()) {
    note(std::string(what) + ": input ends at " + at(in_.size()) +
         " before the string at " + at(b.off + off));
    return "";
  }
  std::string_view raw = b.bytes.substr(off, size);
  if (b.string_type == 2) return utf16le(raw);
  if (b.string_type == 1) return latin1(raw);
  note(std::string(what) + ": unknown string type " +
       std::to_string(b.string_type) + " in the " + b.type + " block at " +
       at(b.off));
  return "";
}

bool Parser::date_at(std::string_view field, size_t local, const char* what,
                     DateTime* out) {
  DateState st = mtf_date(field, out);
  if (st == DateState::kInvalid)
    note(std::string(what) + ": invalid MTF date at " + at(local));
  return st == DateState::kOk;
}

void Parser::on_tape(const Block& b, const std::vector<Stream>& streams) {
  if (saw_tape_) return;
  saw_tape_ = true;
  if (b.off != 0) note("TAPE block found at " + at(b.off) + ", not at 0");
  if (b.attributes & kBlockEncrypted) h_.encrypted = true;
  if (b.bytes.size() >= kTapeMinSize) {
    if (le16(b.bytes.data() + kTapePasswordAlg) != 0 ||
        le16(b.bytes.data() + kTapePassword) != 0)
      h_.password_protected = true;
  }
  for (const Stream& s : streams) {
    if (s.id != "RAID") continue;
    if (s.data.size() < kRaidMinSize) {
      note("stripe facts: RAID stream at " + at(s.header) + " holds " +
           std::to_string(s.data.size()) + " bytes, " +
           std::to_string(kRaidMinSize) + " needed");
      return;
    }
    uint32_t count = le16(s.data.data() + kRaidFamilyCount);
    uint32_t seq = le16(s.data.data() + kRaidFamilySeq);
    if (count == 0 || count > kMaxFamilies || seq == 0 || seq > count) {
      note("stripe facts: implausible family count " + std::to_string(count) +
           " / sequence " + std::to_string(seq) + " in the RAID stream at " +
           at(s.header));
    } else {
      h_.family_count = count;
      h_.family_sequence = seq;
    }
    h_.media_set_id = guid_text(s.data.data() + kRaidMediaSetId);
    return;
  }
  note("stripe facts: the TAPE block at " + at(b.off) +
       " has no RAID stream in the input");
}

void Parser::on_sset(const Block& b) {
  saw_sset_ = true;
  if (b.attributes & kBlockEncrypted) h_.encrypted = true;
  if (b.attributes & kBlockCompressed) h_.compressed = true;
  if (b.bytes.size() < kSsetMinSize) {
    note("SSET block at " + at(b.off) + ": input ends at " + at(in_.size()) +
         " before its fields (backup name, user, start time)");
  }
  const char* p = b.bytes.data();
  if (b.bytes.size() >= kSsetAttributes + 4) {
    uint32_t attrs = le32(p + kSsetAttributes);
    sset_differential_ = (attrs & kSsetDifferential) != 0;
  }
  if (b.bytes.size() >= kSsetCompressionAlg + 2) {
    if (le16(p + kSsetPasswordAlg) != 0) h_.password_protected = true;
    if (le16(p + kSsetCompressionAlg) != 0) h_.compressed = true;
  }
  h_.backup_name = block_string(b, kSsetName, "backup_name");
  h_.backup_description =
      block_string(b, kSsetDescription, "backup_description");
  if (b.bytes.size() >= kSsetPassword + 4 && le16(p + kSsetPassword) != 0)
    h_.password_protected = true;
  h_.user_name = block_string(b, kSsetUser, "user_name");
  if (b.bytes.size() >= kSsetMinSize) {
    DateTime d;
    if (date_at(b.bytes.substr(kSsetDate, 5), b.off + kSsetDate, "SSET date",
                &d))
      sset_start_ = d;
    software_major_ = static_cast<uint8_t>(p[kSsetSoftwareMajor]);
    auto tz = static_cast<int8_t>(p[kSsetTimeZone]);
    if (tz == kTimeZoneUnknown) {
      note(
          "time zone: not recorded (SSET+95 = 127): times are local, "
          "without offset");
    } else if (tz < -48 || tz > 56) {
      note("time zone: implausible value " + std::to_string(tz) +
           " quarter hours at " + at(b.off + kSsetTimeZone));
    } else {
      h_.utc_offset_minutes = tz * 15;
    }
  }
}

void Parser::on_volb(const Block& b) {
  saw_volb_ = true;
  if (b.bytes.size() < kVolbMinSize) {
    note("VOLB block at " + at(b.off) + ": input ends at " + at(in_.size()) +
         " before the machine name");
    return;
  }
  h_.machine_name = block_string(b, kVolbMachine, "machine_name");
}

void Parser::on_config(const Block& b, const std::vector<Stream>& streams) {
  bool closing = b.type == "MSLS";
  for (const Stream& s : streams) {
    if (s.id != "MQCI") continue;
    if (s.encryption != 0) h_.encrypted = true;
    if (s.compression != 0) h_.compressed = true;
    if (s.encryption != 0 || s.compression != 0) {
      note("MQCI stream at " + at(s.header) + " is encrypted (" +
           std::to_string(s.encryption) + ") or compressed (" +
           std::to_string(s.compression) + "): configuration not read");
      return;
    }
    if (s.data.size() < s.length && !closing) {
      msci_end_needed_ =
          s.header + kStreamHeaderSize +
          static_cast<size_t>(std::min<uint64_t>(s.length, 1u << 30));
      note("MQCI stream at " + at(s.header) + ": input ends at " +
           at(in_.size()) + ", " + std::to_string(s.data.size()) + " of " +
           std::to_string(s.length) + " bytes present (the first " +
           std::to_string(base_ + msci_end_needed_) + " bytes are needed)");
    }
    if (!closing && s.data.size() == s.length) mqci_complete_ = true;
    read_records(b, s, closing);
    return;
  }
  if (!closing)
    note(b.type + " block at " + at(b.off) + ": no MQCI stream in the input");
}

void Parser::read_records(const Block& b, const Stream& s, bool closing) {
  std::string_view d = s.data;
  size_t data_local = s.header + kStreamHeaderSize;
  size_t p = 0;
  bool first = true;
  size_t files = 0;
  while (d.size() - p >= kRecordHeader) {
    std::string_view tag = d.substr(p, 4);
    uint32_t len = le32(d.data() + p + 4);
    if (!std::all_of(tag.begin(), tag.end(), is_id_char) ||
        len < kRecordHeader) {
      note("configuration record at " + at(data_local + p) + " in " + b.type +
           " is damaged (tag or length): rest of the record list skipped");
      return;
    }
    std::string_view rec = d.substr(p, std::min<size_t>(len, d.size() - p));
    if (first && tag != "SCIN")
      note("configuration at " + at(data_local) + " starts with \"" +
           std::string(tag) + "\", not SCIN");
    first = false;
    if (tag == "SCIN") {
      read_scin(rec, data_local + p, len, closing);
    } else if (tag == "SFIN" && !closing) {
      if (++files <= kMaxFiles) read_sfin(rec, data_local + p, len);
    }
    if (len > d.size() - p) break;  // cut short; noted by on_config
    p += len;
  }
  if (!closing && p < d.size() && d.size() == s.length)
    note("configuration in " + b.type + " at " + at(b.off) + ": " +
         std::to_string(d.size() - p) + " trailing bytes at " +
         at(data_local + p) + " are not a record");
}

std::string Parser::record_string(std::string_view rec, size_t local,
                                  size_t declared, size_t ta,
                                  const char* what) {
  if (rec.size() < ta + 4) {
    note(std::string(what) + ": input ends at " + at(in_.size()) +
         " before its string address at " + at(local + ta));
    return "";
  }
  size_t size = le16(rec.data() + ta), off = le16(rec.data() + ta + 2);
  if (size == 0) return "";
  if (off < kRecordHeader || off + size > declared) {
    note(std::string(what) + ": string address (size " + std::to_string(size) +
         ", offset " + std::to_string(off) + ") at " + at(local + ta) +
         " lies outside its record of " + std::to_string(declared) + " bytes");
    return "";
  }
  if (off + size > rec.size()) {
    note(std::string(what) + ": input ends at " + at(in_.size()) +
         " before the string at " + at(local + off));
    return "";
  }
  return utf16le(rec.substr(off, size));
}

void Parser::read_scin(std::string_view rec, size_t local, size_t declared,
                       bool closing) {
  auto has = [&](size_t off, size_t n) { return rec.size() >= off + n; };
  DateTime d;
  if (closing) {
    // The closing copy (MSLS): the finish time; other fields only where the
    // opening copy left them empty.
    saw_closing_scin_ = true;
    std::optional<DateTime> start;
    if (has(kScinStart, 5) && date_at(rec.substr(kScinStart, 5),
                                      local + kScinStart, "SCIN start", &d))
      start = d;
    std::optional<DateTime> finish;
    if (has(kScinFinish, 5) &&
        date_at(rec.substr(kScinFinish, 5), local + kScinFinish,
                "backup_finish", &d))
      finish = d;
    if (trailer_ && !h_.backup_start.empty() && start) {
      std::string s = iso8601(*start, h_.utc_offset_minutes);
      if (s != h_.backup_start) {
        note("the closing configuration (MSLS) at " + at(local) +
             " is of a backup started at " + s + ", not " + h_.backup_start +
             ": another backup set; backup_finish not taken from it");
        return;
      }
    }
    if (finish) finish_ = finish;
    if (!trailer_ && saw_scin_) return;
  }
  if (!closing) saw_scin_ = true;
  bool head_fill = !closing;  // from the closing copy: only empty fields

  if (has(kScinBuild, 4)) {
    unsigned build = le16(rec.data() + kScinBuild);
    unsigned minor = static_cast<uint8_t>(rec[kScinBuild + 2]);
    unsigned major = static_cast<uint8_t>(rec[kScinBuild + 3]);
    if (major < 7 || major > 40) {
      note("sql_server_version: implausible major version " +
           std::to_string(major) + " at " + at(local + kScinBuild + 3));
    } else if (head_fill || h_.sql_server_version.empty()) {
      h_.sql_server_version = std::to_string(major) + "." +
                              std::to_string(minor) + "." +
                              std::to_string(build);
      if (software_major_ != 0 &&
          static_cast<unsigned>(software_major_) != major)
        note("sql_server_version: SCIN says " + std::to_string(major) +
             ", SSET software version " + std::to_string(software_major_));
    }
  }
  if (has(kScinCreated, 5) && h_.database_created.empty() &&
      date_at(rec.substr(kScinCreated, 5), local + kScinCreated,
              "database_created", &d))
    created_ = d;
  if (has(kScinStart, 5) && !scin_start_ &&
      date_at(rec.substr(kScinStart, 5), local + kScinStart, "backup_start",
              &d))
    scin_start_ = d;
  if (has(kScinType, 1) && type_letter_ == 0) type_letter_ = rec[kScinType];
  if (has(kScinSortOrder, 1) && sort_order_ < 0)
    sort_order_ = static_cast<uint8_t>(rec[kScinSortOrder]);
  if (has(kScinCompatibility, 1) && h_.compatibility_level == 0) {
    int c = static_cast<uint8_t>(rec[kScinCompatibility]);
    if (c >= 60 && c <= 200)
      h_.compatibility_level = c;
    else
      note("compatibility_level: implausible value " + std::to_string(c) +
           " at " + at(local + kScinCompatibility));
  }
  if (has(kScinDatabaseVersion, 2) && h_.database_version == 0) {
    int v = le16(rec.data() + kScinDatabaseVersion);
    if (v >= 400 && v <= 2000)
      h_.database_version = v;
    else
      note("database_version: implausible value " + std::to_string(v) + " at " +
           at(local + kScinDatabaseVersion));
  }
  if (h_.database.empty())
    h_.database =
        record_string(rec, local, declared, kScinDatabase, "database");
  if (h_.server.empty())
    h_.server = record_string(rec, local, declared, kScinServer, "server");
  if (has(kScinCollation, 5) && h_.collation.empty()) {
    uint32_t info = le32(rec.data() + kScinCollation);
    unsigned sort_id = static_cast<uint8_t>(rec[kScinCollation + 4]);
    if (info == 0 && sort_id == 0) {
      note("collation: not recorded (zero) at " + at(local + kScinCollation));
    } else {
      h_.collation = collation_name(info, sort_id);
      if (h_.collation.empty())
        note("collation: id not in the table: LCID " +
             std::to_string(info & 0xFFFFF) + ", flags " +
             hex((info >> 20) & 0xFF) + ", version " +
             std::to_string(info >> 28) + ", sort order " +
             std::to_string(sort_id) + " (5 bytes at " +
             at(local + kScinCollation) + ")");
      if (sort_order_ >= 0 && static_cast<unsigned>(sort_order_) != sort_id)
        note("collation: sort order " + std::to_string(sort_order_) +
             " at SCIN+0x58 differs from the collation's " +
             std::to_string(sort_id));
    }
  }
  if (!has(kScinCollation, 5) && !closing)
    note("SCIN record at " + at(local) + ": " + std::to_string(rec.size()) +
         " of " + std::to_string(declared) +
         " bytes in the input; fields "
         "after the end are missing");
}

void Parser::read_sfin(std::string_view rec, size_t local, size_t declared) {
  if (rec.size() < kSfinMinSize) {
    note("file list: SFIN record at " + at(local) + " cut short (" +
         std::to_string(rec.size()) + " of " + std::to_string(declared) +
         " bytes)");
    return;
  }
  BackupFile f;
  uint32_t type = le32(rec.data() + kSfinType);
  if (type == 1) {
    f.type = "D";
  } else if (type == 2) {
    f.type = "L";
  } else {
    note("file list: unknown file type " + std::to_string(type) + " at " +
         at(local + kSfinType));
  }
  f.size = le64(rec.data() + kSfinSize);
  f.logical_name =
      record_string(rec, local, declared, kSfinLogical, "file logical_name");
  f.physical_name =
      record_string(rec, local, declared, kSfinPhysical, "file physical_name");
  if (f.logical_name.empty() && f.physical_name.empty()) {
    note("file list: SFIN record at " + at(local) +
         " has neither name in the input: not listed");
    return;
  }
  h_.files.push_back(std::move(f));
}

void Parser::finish_head() {
  if (!saw_tape_) note("no TAPE block in the input: stripe facts unknown");
  if (!saw_sset_)
    note(
        "no SSET block in the input: backup_name, user_name, time zone "
        "unknown");
  if (!saw_volb_) note("no VOLB block in the input: machine_name unknown");
  if (!saw_msci_)
    note(
        "no MSCI block in the input: database, server, "
        "sql_server_version, file list unknown");
  else if (!saw_scin_)
    note(
        "no SCIN record in the MSCI block: database, server, "
        "sql_server_version unknown");

  // Backup type: SQL Server's own letter (SCIN+0x57), else the MTF facts.
  const char* type = nullptr;
  switch (type_letter_) {
    case 'D':
      type = "full";
      break;
    case 'I':
      type = "differential";
      break;
    case 'L':
      type = "log";
      break;
    case 0:
      break;
    default:
      note(std::string("backup_type: SCIN type letter '") +
           (type_letter_ >= 0x20 && type_letter_ < 0x7F
                ? std::string(1, type_letter_)
                : hex(static_cast<uint8_t>(type_letter_))) +
           "' is not D, I or L (file, filegroup or partial backups are not "
           "decoded)");
      type = "unknown";
  }
  if (type == nullptr) {
    if (saw_sset_ && sset_differential_)
      type = "differential";
    else if (after_msci_ == "MSTL")
      type = "log";
    else if (after_msci_ == "MSDA" && saw_sset_)
      type = "full";
    else
      type = "unknown";
    if (std::string(type) == "unknown")
      note(
          "backup_type: unknown: no SCIN type letter, no SSET differential "
          "bit and no MSDA/MSTL block after MSCI in the input");
    else
      note(std::string("backup_type: no SCIN type letter; \"") + type +
           "\" inferred from the SSET attributes and the block after MSCI");
  } else {
    std::string t = type;
    if (saw_sset_ && sset_differential_ != (t == "differential"))
      note("backup_type: SCIN says " + t +
           " but the SSET differential bit "
           "says otherwise");
    if ((after_msci_ == "MSTL" && t != "log") ||
        (after_msci_ == "MSDA" && t == "log"))
      note("backup_type: SCIN says " + t + " but an " + after_msci_ +
           " block follows the MSCI block");
  }
  h_.backup_type = type;

  if (scin_start_) {
    h_.backup_start = iso8601(*scin_start_, h_.utc_offset_minutes);
    if (sset_start_ && iso8601(*sset_start_, std::nullopt) !=
                           iso8601(*scin_start_, std::nullopt))
      note("backup_start: SSET date " + iso8601(*sset_start_, std::nullopt) +
           " differs from SCIN's; SCIN's is used");
  } else if (sset_start_) {
    h_.backup_start = iso8601(*sset_start_, h_.utc_offset_minutes);
  } else {
    note("backup_start: no valid date in SCIN or SSET");
  }
  if (created_) h_.database_created = iso8601(*created_, h_.utc_offset_minutes);
  if (finish_) {
    h_.backup_finish = iso8601(*finish_, h_.utc_offset_minutes);
  } else if (!saw_closing_scin_) {
    note(
        "backup_finish: recorded only in the closing MSLS block near the "
        "end of the backup, which is not in the input "
        "(read_backup_trailer reads it)");
  }
  if (mqci_complete_ && h_.files.empty())
    note("file list: no SFIN record in the configuration");
}

void Parser::finish_tail() {
  if (finish_) {
    h_.backup_finish = iso8601(*finish_, h_.utc_offset_minutes);
    auto& n = h_.notes;
    n.erase(std::remove_if(n.begin(), n.end(),
                           [](const std::string& s) {
                             return s.rfind("backup_finish: recorded only",
                                            0) == 0;
                           }),
            n.end());
  } else if (!saw_closing_scin_) {
    note("backup_finish: no closing MSLS block in the " +
         std::to_string(in_.size()) + " bytes from " + at(0));
  }
  // Fields the head could not give.
  if (h_.backup_start.empty() && scin_start_)
    h_.backup_start = iso8601(*scin_start_, h_.utc_offset_minutes);
  if (h_.database_created.empty() && created_)
    h_.database_created = iso8601(*created_, h_.utc_offset_minutes);
  if (h_.backup_type.empty() || h_.backup_type == "unknown") {
    if (type_letter_ == 'D') h_.backup_type = "full";
    if (type_letter_ == 'I') h_.backup_type = "differential";
    if (type_letter_ == 'L') h_.backup_type = "log";
  }
  if (!saw_eset_)
    note("no ESET (end of set) block in the " + std::to_string(in_.size()) +
         " bytes from " + at(0) + ": the backup may be incomplete");
}

}  // namespace

BackupHeader parse_backup_header(std::string_view head) {
  BackupHeader h;
  try {
    if (head.size() >= 8 && head.substr(0, 8) == "MSSQLBAK") {
      h.compressed = true;
      h.backup_type = "unknown";
      add_note(
          h.notes,
          "compressed backup (MSSQLBAK container at 0): the header blocks are "
          "inside the compressed data; decompress and parse the result");
      return h;
    }
    if (head.size() < 4 || head.substr(0, 4) != "TAPE")
      add_note(h.notes, head.size() < 4
                            ? "input of " + std::to_string(head.size()) +
                                  " bytes: not a backup"
                            : "no TAPE block at 0: not an uncompressed MTF "
                              "backup, or damaged");
    Parser p(head, 0, h, false);
    p.run();
    p.finish_head();
  } catch (const std::exception& e) {
    add_note(h.notes, std::string("header parsing stopped: ") + e.what());
  } catch (...) {
    add_note(h.notes, "header parsing stopped: unknown error");
  }
  if (h.backup_type.empty()) h.backup_type = "unknown";
  return h;
}

void read_backup_trailer(std::string_view tail, uint64_t tail_offset,
                         BackupHeader& header) {
  try {
    if (header.compressed && header.database.empty() &&
        header.sql_server_version.empty() && header.family_count == 0) {
      add_note(header.notes,
               "trailer not read: compressed container (decompress first)");
      return;
    }
    if (tail_offset > UINT64_MAX - tail.size() - 2 * kBlockAlign) {
      add_note(header.notes, "trailer not read: offset " +
                                 std::to_string(tail_offset) + " out of range");
      return;
    }
    Parser p(tail, tail_offset, header, true);
    p.run();
    p.finish_tail();
  } catch (const std::exception& e) {
    add_note(header.notes, std::string("trailer parsing stopped: ") + e.what());
  } catch (...) {
    add_note(header.notes, "trailer parsing stopped: unknown error");
  }
}

}  // namespace leakscope::mtf
