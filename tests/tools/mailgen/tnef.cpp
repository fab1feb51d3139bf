#include "tnef.hpp"

#include <unicode/ustring.h>

#include "civil_time.hpp"

namespace mailgen {
namespace {

// Attribute identifiers: (attribute type << 16) | tag, [MS-OXTNEF] 2.1.3.2.
constexpr uint32_t kAttTnefVersion = 0x00089006;
constexpr uint32_t kAttOemCodepage = 0x00069007;
constexpr uint32_t kAttMessageClass = 0x00078008;
constexpr uint32_t kAttSubject = 0x00018004;
constexpr uint32_t kAttDateSent = 0x00038005;
constexpr uint32_t kAttAttachRendData = 0x00069002;
constexpr uint32_t kAttAttachTitle = 0x00018010;
constexpr uint32_t kAttAttachModifyDate = 0x00038013;
constexpr uint32_t kAttAttachData = 0x0006800F;
constexpr uint32_t kAttAttachment = 0x00069005;
constexpr uint8_t kLevelMessage = 0x01;
constexpr uint8_t kLevelAttachment = 0x02;

// MAPI property tags (type in the low word).
constexpr uint32_t kPrAttachLongFilenameW = 0x3707001F;
constexpr uint32_t kPrAttachMethod = 0x37050003;

void put16(std::string* s, uint16_t v) {
  *s += static_cast<char>(v & 0xFF);
  *s += static_cast<char>(v >> 8);
}

void put32(std::string* s, uint32_t v) {
  for (int i = 0; i < 4; ++i) *s += static_cast<char>((v >> (8 * i)) & 0xFF);
}

void attribute(std::string* out, uint8_t level, uint32_t id,
               const std::string& data) {
  *out += static_cast<char>(level);
  put32(out, id);
  put32(out, static_cast<uint32_t>(data.size()));
  *out += data;
  uint32_t sum = 0;
  for (unsigned char c : data) sum += c;
  put16(out, static_cast<uint16_t>(sum & 0xFFFF));
}

// attDate: seven WORDs year, month, day, hour, minute, second, weekday.
std::string tnef_date(int64_t utc) {
  Civil c = to_civil(utc);
  std::string d;
  for (int v : {c.year, c.month, c.day, c.hour, c.minute, c.second, c.weekday})
    put16(&d, static_cast<uint16_t>(v));
  return d;
}

std::string utf16le_nul(const std::string& utf8) {
  std::vector<UChar> u(utf8.size() + 1);
  int32_t n = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8(u.data(), static_cast<int32_t>(u.size()), &n, utf8.data(),
                static_cast<int32_t>(utf8.size()), &status);
  std::string out;
  for (int32_t i = 0; U_SUCCESS(status) && i < n; ++i) put16(&out, u[i]);
  put16(&out, 0);
  return out;
}

// attAttachment: a MAPI property list (count, then tag + value each;
// variable-size values are count(1), size, bytes padded to 4).
std::string attachment_props(const std::string& long_name) {
  std::string p;
  put32(&p, 2);
  put32(&p, kPrAttachLongFilenameW);
  std::string name = utf16le_nul(long_name);
  put32(&p, 1);
  put32(&p, static_cast<uint32_t>(name.size()));
  p += name;
  while (p.size() % 4) p += '\0';
  put32(&p, kPrAttachMethod);
  put32(&p, 1);  // ATTACH_BY_VALUE
  return p;
}

}  // namespace

std::string make_tnef(const std::string& subject_ascii, int64_t sent_utc,
                      const std::vector<TnefInput>& files, uint16_t key) {
  std::string out;
  put32(&out, 0x223E9F78);
  put16(&out, key);

  std::string v;
  put32(&v, 0x00010000);
  attribute(&out, kLevelMessage, kAttTnefVersion, v);
  std::string cp;
  put32(&cp, 1252);
  put32(&cp, 0);
  attribute(&out, kLevelMessage, kAttOemCodepage, cp);
  attribute(&out, kLevelMessage, kAttMessageClass,
            std::string("IPM.Microsoft Mail.Note") + '\0');
  attribute(&out, kLevelMessage, kAttSubject, subject_ascii + '\0');
  attribute(&out, kLevelMessage, kAttDateSent, tnef_date(sent_utc));

  for (const TnefInput& f : files) {
    std::string rend;
    put16(&rend, 0x0001);      // AttachType: file
    put32(&rend, 0xFFFFFFFF);  // AttachPosition: none
    put16(&rend, 0x0020);      // RenderWidth
    put16(&rend, 0x0020);      // RenderHeight
    put32(&rend, 0);           // DataFlags: file data
    attribute(&out, kLevelAttachment, kAttAttachRendData, rend);
    attribute(&out, kLevelAttachment, kAttAttachTitle, f.title + '\0');
    attribute(&out, kLevelAttachment, kAttAttachModifyDate,
              tnef_date(sent_utc - 3600));
    attribute(&out, kLevelAttachment, kAttAttachData, f.data);
    if (!f.long_name.empty())
      attribute(&out, kLevelAttachment, kAttAttachment,
                attachment_props(f.long_name));
  }
  return out;
}

}  // namespace mailgen
