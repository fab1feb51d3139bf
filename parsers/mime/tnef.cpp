// TNEF streams ([MS-OXTNEF]) read by hand: see FORMAT.md for why libytnef
// is not used. Every length is checked against the bytes left before it is
// used; nothing is allocated from a declared count.
#include "tnef.hpp"

#include <algorithm>
#include <cstdio>

#include "charset.hpp"

namespace leakscope::mime {

bool looks_like_tnef(std::string_view b) {
  return b.size() >= 6 && static_cast<uint8_t>(b[0]) == 0x78 &&
         static_cast<uint8_t>(b[1]) == 0x9F &&
         static_cast<uint8_t>(b[2]) == 0x3E &&
         static_cast<uint8_t>(b[3]) == 0x22;
}

namespace {

// Attribute identifiers ([MS-OXTNEF] 2.1.3.2): type in the high word.
constexpr uint32_t kAttSubject = 0x00018004;
constexpr uint32_t kAttMessageClass = 0x00078008;
constexpr uint32_t kAttMsgProps = 0x00069003;
constexpr uint32_t kAttOemCodepage = 0x00069007;
constexpr uint32_t kAttAttachRendData = 0x00069002;
constexpr uint32_t kAttAttachTitle = 0x00018010;
constexpr uint32_t kAttAttachData = 0x0006800F;
constexpr uint32_t kAttAttachment = 0x00069005;

// MAPI property ids (high word of a tag) and types (low word).
constexpr uint16_t kPidSubject = 0x0037;
constexpr uint16_t kPidMessageClass = 0x001A;
constexpr uint16_t kPidDisplayName = 0x3001;
constexpr uint16_t kPidAttachDataObj = 0x3701;
constexpr uint16_t kPidAttachLongFilename = 0x3707;
constexpr uint16_t kPidAttachMimeTag = 0x370E;
constexpr uint16_t kMultiValued = 0x1000;
constexpr uint16_t kPtString8 = 0x001E;
constexpr uint16_t kPtUnicode = 0x001F;
constexpr uint16_t kPtBinary = 0x0102;
constexpr uint16_t kPtObject = 0x000D;

// Names and classes longer than this are cut (a file name has at most 255
// UTF-16 units on every system that writes TNEF).
constexpr size_t kMaxTextBytes = 1024;

uint16_t le16(const unsigned char* p) {
  return static_cast<uint16_t>(p[0] | p[1] << 8);
}
uint32_t le32(const unsigned char* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 |
         uint32_t{p[3]} << 24;
}

// Bytes of a stream read front to back; every take checks what is left.
class Cursor {
 public:
  explicit Cursor(std::string_view b) : b_(b) {}
  size_t offset() const { return at_; }
  size_t left() const { return b_.size() - at_; }
  bool u32(uint32_t* v) {
    if (left() < 4) return false;
    *v = le32(ptr());
    at_ += 4;
    return true;
  }
  bool take(size_t n, std::string_view* out) {
    if (left() < n) return false;
    *out = b_.substr(at_, n);
    at_ += n;
    return true;
  }
  bool skip(size_t n) {
    if (left() < n) return false;
    at_ += n;
    return true;
  }

 private:
  const unsigned char* ptr() const {
    return reinterpret_cast<const unsigned char*>(b_.data()) + at_;
  }
  std::string_view b_;
  size_t at_ = 0;
};

std::string cut(std::string s) {
  if (s.size() <= kMaxTextBytes) return s;
  size_t n = kMaxTextBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

// An 8-bit string up to its first NUL, in the stream's code page (or
// guessed when it declared none).
std::string text8(std::string_view raw, const std::string& charset) {
  raw = raw.substr(0, std::min(raw.find('\0'), raw.size()));
  if (!charset.empty()) {
    std::string utf8;
    bool lossy = false;
    if (convert_with(raw, charset, &utf8, &lossy)) return cut(utf8);
  }
  return cut(decode_text(raw, "").utf8);
}

// A UTF-16LE string up to its first NUL unit.
std::string text16(std::string_view raw) {
  size_t n = 0;
  while (n + 1 < raw.size() && (raw[n] != '\0' || raw[n + 1] != '\0')) n += 2;
  std::string utf8;
  bool lossy = false;
  convert_with(raw.substr(0, n), "UTF-16LE", &utf8, &lossy);
  return cut(utf8);
}

// The properties of one MAPI list that the reader keeps.
struct Props {
  std::string subject, message_class, display_name, long_filename, mime_tag;
  std::string data_obj;  // PR_ATTACH_DATA_OBJ (binary, or object minus IID)
  bool has_data_obj = false;
};

// Size of one value of a fixed-size type, 0 for a variable or unknown one.
size_t fixed_size(uint16_t type) {
  switch (type) {
    case 0x0002:  // PtypInteger16, padded to 4
    case 0x0003:  // PtypInteger32
    case 0x0004:  // PtypFloating32
    case 0x000A:  // PtypErrorCode
    case 0x000B:  // PtypBoolean, padded to 4
      return 4;
    case 0x0005:  // PtypFloating64
    case 0x0006:  // PtypCurrency
    case 0x0007:  // PtypFloatingTime
    case 0x0014:  // PtypInteger64
    case 0x0040:  // PtypTime
      return 8;
    case 0x0048:  // PtypGuid
      return 16;
    default:
      return 0;
  }
}

bool variable_type(uint16_t type) {
  return type == kPtString8 || type == kPtUnicode || type == kPtBinary ||
         type == kPtObject;
}

// Reads a MAPI property list ([MS-OXTNEF] 2.1.3.4). Returns "" when the
// whole list was read, else what stopped it (the properties before it are
// kept in *out).
std::string read_props(std::string_view block, const std::string& charset,
                       Props* out) {
  Cursor c(block);
  uint32_t count = 0;
  if (!c.u32(&count)) return "property count missing";
  for (uint32_t i = 0; i < count; ++i) {
    const size_t at = c.offset();
    auto where = [&] {
      return "property " + std::to_string(i) + " at +" + std::to_string(at) +
             ": ";
    };
    uint32_t tag = 0;
    if (!c.u32(&tag)) return where() + "tag runs past the block";
    const uint16_t id = static_cast<uint16_t>(tag >> 16);
    const uint16_t type = static_cast<uint16_t>(tag & 0xFFFF);
    if (id >= 0x8000) {  // named property: GUID, kind, then id or name
      uint32_t kind = 0, n = 0;
      if (!c.skip(16) || !c.u32(&kind)) return where() + "name runs past";
      if (kind == 0) {
        if (!c.u32(&n)) return where() + "name id runs past";
      } else if (kind == 1) {
        if (!c.u32(&n) || !c.skip(n) || !c.skip((4 - n % 4) % 4))
          return where() + "name string runs past";
      } else {
        return where() + "name kind " + std::to_string(kind) +
               " (expected 0 or 1)";
      }
    }
    const uint16_t base = type & ~kMultiValued;
    const bool multi = (type & kMultiValued) != 0;
    if (variable_type(base)) {
      // A count of values (1 when single-valued), then each value's length,
      // bytes and padding to 4.
      uint32_t values = 0;
      if (!c.u32(&values)) return where() + "value count runs past";
      for (uint32_t v = 0; v < values; ++v) {
        uint32_t len = 0;
        std::string_view raw;
        if (!c.u32(&len) || !c.take(len, &raw) || !c.skip((4 - len % 4) % 4))
          return where() + "value of " + std::to_string(len) +
                 " bytes runs past the block";
        if (multi || v > 0) continue;
        auto text = [&] {
          return base == kPtUnicode ? text16(raw) : text8(raw, charset);
        };
        const bool string = base == kPtString8 || base == kPtUnicode;
        if (id == kPidSubject && string) out->subject = text();
        if (id == kPidMessageClass && string) out->message_class = text();
        if (id == kPidDisplayName && string) out->display_name = text();
        if (id == kPidAttachLongFilename && string) out->long_filename = text();
        if (id == kPidAttachMimeTag && string) out->mime_tag = text();
        if (id == kPidAttachDataObj && base == kPtBinary) {
          out->data_obj.assign(raw);
          out->has_data_obj = true;
        }
        if (id == kPidAttachDataObj && base == kPtObject && raw.size() >= 16) {
          out->data_obj.assign(raw.substr(16));  // the IID comes first
          out->has_data_obj = true;
        }
      }
      continue;
    }
    const size_t size = fixed_size(base);
    if (size == 0)
      return where() + "type 0x" + [&] {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%04X", type);
        return std::string(buf);
      }() + " unknown";
    uint32_t values = 1;
    if (multi && !c.u32(&values)) return where() + "value count runs past";
    if (values > c.left() / size || !c.skip(size_t{values} * size))
      return where() + "values run past the block";
  }
  return "";
}

}  // namespace

TnefContents read_tnef(std::string_view bytes) {
  TnefContents out;
  if (!looks_like_tnef(bytes)) {
    out.error = "TNEF signature 0x223E9F78 not found at offset 0";
    return out;
  }
  Cursor c(bytes);
  c.skip(6);  // signature, legacy key
  std::string charset;
  std::string title_subject;
  Props message;
  // The attachment being read (opened by attAttachRendData) and its
  // properties; closed by the next one or the end.
  bool open = false;
  TnefFile file;
  std::string title;
  Props props;
  auto close = [&] {
    if (!open) return;
    file.name = !props.long_filename.empty() ? props.long_filename
                : !title.empty()             ? title
                                             : props.display_name;
    file.mime_type = props.mime_tag;
    if (file.data.empty() && props.has_data_obj)
      file.data = std::move(props.data_obj);
    if (!file.name.empty() || !file.data.empty())
      out.files.push_back(std::move(file));
    file = TnefFile{};
    title.clear();
    props = Props{};
    open = false;
  };
  auto note = [&](const std::string& what) {
    if (out.error.empty()) out.error = what;
  };
  while (c.left() > 0) {
    const size_t at = c.offset();
    std::string_view head;
    if (!c.take(9, &head)) {
      note("" + std::to_string(c.left()) + " stray bytes at offset " +
           std::to_string(at) +
           " (expected an attribute of at least 11 bytes)");
      break;
    }
    const auto* h = reinterpret_cast<const unsigned char*>(head.data());
    const uint8_t level = h[0];
    const uint32_t id = le32(h + 1), len = le32(h + 5);
    std::string_view data, sum;
    if (!c.take(len, &data) || !c.take(2, &sum)) {
      note("attribute 0x" +
           [&] {
             char buf[12];
             std::snprintf(buf, sizeof buf, "%08X", id);
             return std::string(buf);
           }() +
           " at offset " + std::to_string(at) + " declares " +
           std::to_string(len) + " bytes, " +
           std::to_string(bytes.size() - at - 9) + " remain");
      break;
    }
    uint32_t total = 0;
    for (unsigned char b : data) total += b;
    if ((total & 0xFFFF) !=
        le16(reinterpret_cast<const unsigned char*>(sum.data())))
      note("checksum of the attribute at offset " + std::to_string(at) +
           " does not match its data (read anyway)");
    if (level != 1 && level != 2) {
      note("attribute at offset " + std::to_string(at) + " has level " +
           std::to_string(level) + " (expected 1 or 2); skipped");
      continue;
    }
    if (level == 1) {
      if (id == kAttOemCodepage && data.size() >= 4) {
        const uint32_t cp =
            le32(reinterpret_cast<const unsigned char*>(data.data()));
        if (cp > 0 && cp < 65000) charset = "windows-" + std::to_string(cp);
        if (cp == 932) charset = "Shift_JIS";
        if (cp == 936) charset = "GBK";
        if (cp == 949) charset = "EUC-KR";
        if (cp == 950) charset = "Big5";
        if (cp == 20127) charset = "US-ASCII";
        if (cp == 28591) charset = "ISO-8859-1";
      } else if (id == kAttSubject) {
        title_subject = text8(data, charset);
      } else if (id == kAttMessageClass) {
        out.message_class = cut(std::string(
            data.substr(0, std::min(data.find('\0'), data.size()))));
      } else if (id == kAttMsgProps) {
        std::string why = read_props(data, charset, &message);
        if (!why.empty())
          note("message properties at offset " + std::to_string(at) + ": " +
               why);
      }
      continue;
    }
    if (id == kAttAttachRendData) {
      close();
      open = true;
      continue;
    }
    open = true;  // attributes before any attAttachRendData still count
    if (id == kAttAttachTitle) {
      title = text8(data, charset);
    } else if (id == kAttAttachData) {
      file.data.assign(data);
    } else if (id == kAttAttachment) {
      std::string why = read_props(data, charset, &props);
      if (!why.empty())
        note("attachment properties at offset " + std::to_string(at) + ": " +
             why);
    }
  }
  close();
  out.subject = !title_subject.empty() ? title_subject : message.subject;
  if (out.message_class.empty()) out.message_class = message.message_class;
  return out;
}

}  // namespace leakscope::mime
