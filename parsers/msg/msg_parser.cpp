#include "msg_parser.hpp"

#include <gsf/gsf.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>
#include <vector>

#include "util/html_text.hpp"
#include "util/mapi_item.hpp"
#include "util/mapi_tags.hpp"
#include "util/message_key.hpp"
#include "util/rtf_compressed.hpp"
#include "util/rtf_text.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace leakscope::msg {

namespace {

// MAPI property ids: one table for the .msg and Outlook-store readers.
using namespace mapi;
// An RTF body decompressed past this is cut.
constexpr size_t kMaxRtfBytes = 16u << 20;

constexpr uint64_t kMaxStreamBytes = 256u << 20;  // one property stream
constexpr int kMaxRecipients = 10000;
constexpr int kMaxAttachments = 10000;

struct GsfOnce {
  GsfOnce() {
    gsf_init();
    g_log_set_default_handler(
        [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
  }
};

void init_gsf() {
  static std::once_flag once;
  std::call_once(once, [] { static GsfOnce g; });
}

// A storage of the compound file (the root, a recipient, an attachment, an
// embedded message): its property streams by name, and its fixed-size
// properties (__properties_version1.0, after a header of `header` bytes).
class Storage {
 public:
  Storage(GsfInfile* dir, size_t header, Reporter& reporter,
          const std::string& locator, uint32_t codepage)
      : dir_(dir), reporter_(reporter), locator_(locator), codepage_(codepage) {
    const std::string props = read_child("__properties_version1.0");
    for (size_t at = header; at + 16 <= props.size(); at += 16) {
      uint32_t tag = 0;
      uint64_t value = 0;
      std::memcpy(&tag, props.data() + at, 4);
      std::memcpy(&value, props.data() + at + 8, 8);
      fixed_.push_back({tag, value});
    }
  }
  void set_codepage(uint32_t cp) { codepage_ = cp; }

  // A fixed-size property's 8 value bytes (integers in the low bytes).
  std::optional<uint64_t> fixed(uint16_t id, uint16_t type) const {
    for (const auto& [tag, value] : fixed_)
      if (tag == (static_cast<uint32_t>(id) << 16 | type)) return value;
    return std::nullopt;
  }

  // A string property: Unicode (001F) or 8-bit in the message's code page
  // (001E); "" when absent.
  std::string text(uint16_t id) const {
    std::string raw = read_child(stream_name(id, 0x001F));
    if (!raw.empty()) return utf16_to_utf8(raw);
    raw = read_child(stream_name(id, 0x001E));
    if (raw.empty()) return "";
    while (!raw.empty() && raw.back() == '\0') raw.pop_back();
    return from_codepage(raw);
  }
  // A binary property's bytes ("" when absent).
  std::string binary(uint16_t id) const {
    return read_child(stream_name(id, 0x0102));
  }
  GsfInfile* sub_storage(const std::string& name) const {
    GsfInput* in = gsf_infile_child_by_name(dir_, name.c_str());
    if (!in) return nullptr;
    if (!GSF_IS_INFILE(in)) {
      g_object_unref(in);
      return nullptr;
    }
    return GSF_INFILE(in);
  }
  GsfInfile* dir() const { return dir_; }

  std::string read_child(const std::string& name) const {
    GsfInput* in = gsf_infile_child_by_name(dir_, name.c_str());
    if (!in) return "";
    std::string out;
    gsf_off_t size = gsf_input_size(in);
    if (size < 0) size = 0;
    if (static_cast<uint64_t>(size) > kMaxStreamBytes) {
      reporter_.corruption(locator_, kNoOffset,
                           "msg: property stream " + name + " declares " +
                               std::to_string(size) + " bytes; read " +
                               std::to_string(kMaxStreamBytes));
      size = static_cast<gsf_off_t>(kMaxStreamBytes);
    }
    out.resize(static_cast<size_t>(size));
    if (size > 0 && !gsf_input_read(in, static_cast<size_t>(size),
                                    reinterpret_cast<guint8*>(out.data()))) {
      reporter_.corruption(locator_, kNoOffset,
                           "msg: property stream " + name +
                               " cannot be read (damaged sector chain)");
      out.clear();
    }
    g_object_unref(in);
    return out;
  }

 private:
  static std::string stream_name(uint16_t id, uint16_t type) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "__substg1.0_%04X%04X", id, type);
    return buf;
  }
  // A Unicode property: UTF-16LE, ending at its first NUL.
  static std::string utf16_to_utf8(const std::string& raw) {
    std::string out;
    append_utf16le(out, raw);
    if (const size_t nul = out.find('\0'); nul != std::string::npos)
      out.resize(nul);
    return out;
  }
  // 8-bit text in the message's Windows code page (1252 when none is
  // given), through ICU; bytes ICU cannot map become U+FFFD.
  std::string from_codepage(const std::string& raw) const {
    const uint32_t cp = codepage_ ? codepage_ : 1252;
    const std::string name = cp == 65001   ? "UTF-8"
                             : cp == 28591 ? "ISO-8859-1"
                             : cp == 20127 ? "US-ASCII"
                                           : "windows-" + std::to_string(cp);
    UErrorCode err = U_ZERO_ERROR;
    std::string out(raw.size() * 4 + 4, '\0');
    const int32_t n = ucnv_convert("UTF-8", name.c_str(), out.data(),
                                   static_cast<int32_t>(out.size()), raw.data(),
                                   static_cast<int32_t>(raw.size()), &err);
    if (U_FAILURE(err)) return sanitize_utf8(raw);
    out.resize(static_cast<size_t>(n));
    return out;
  }

  GsfInfile* dir_;
  Reporter& reporter_;
  std::string locator_;
  uint32_t codepage_;
  std::vector<std::pair<uint32_t, uint64_t>> fixed_;
};

class MsgReader {
 public:
  MsgReader(ItemSink& sink, Reporter& reporter, ContentHandler* handler,
            int max_depth)
      : sink_(sink),
        reporter_(reporter),
        handler_(handler),
        max_depth_(max_depth) {}

  // One message storage: the root (header 32) or an embedded message
  // (header 24).
  void message(GsfInfile* dir, size_t header, const std::string& locator,
               int64_t parent, int depth, std::string_view bytes,
               const std::string& sha256) {
    Storage s(dir, header, reporter_, locator, 0);
    uint32_t cp = 0;
    if (auto v = s.fixed(kInternetCodepage, 0x0003))
      cp = static_cast<uint32_t>(*v);
    if (auto v = s.fixed(kMessageCodepage, 0x0003))
      cp = static_cast<uint32_t>(*v);
    s.set_codepage(cp);

    Item msg;
    msg.parent = parent;
    msg.kind = "message";
    msg.locator = locator;
    msg.title = collapse_whitespace(s.text(kSubject));
    std::optional<uint64_t> when = s.fixed(kClientSubmitTime, 0x0040);
    if (!when) when = s.fixed(kDeliveryTime, 0x0040);
    if (when) {
      msg.date = filetime_iso(*when);
      if (msg.date) msg.add("date.raw", *msg.date);
    }
    msg.size = bytes.size();
    msg.sha256 = !sha256.empty() ? sha256
                 : bytes.empty() ? std::string()
                                 : Sha256::hex(bytes);
    msg.add("container", "msg");
    const std::string cls = s.text(kMessageClass);
    if (!cls.empty()) msg.add("message_class", cls);
    // The sender: an SMTP address where the message names one (an
    // Exchange sender may carry only an X.500 address, kept apart).
    std::string smtp = s.text(kSenderSmtp);
    if (smtp.empty()) smtp = s.text(kSentRepresentingSmtp);
    std::string from_name = s.text(kSenderName);
    if (from_name.empty()) from_name = s.text(kSentRepresentingName);
    add_mapi_sender(msg, smtp, s.text(kSenderEmail), from_name);
    recipients(s, locator, msg);
    const std::string id = std::string(trim(s.text(kMessageId)));
    if (!id.empty()) msg.add("message_id", id);
    const std::string headers = s.text(kTransportHeaders);
    if (!headers.empty()) msg.add("transport_headers", "present");
    std::string body = s.text(kBody);
    if (body.empty()) {
      std::string html = s.binary(kHtml);
      if (html.empty()) html = s.text(kHtml);
      if (!html.empty()) body = sanitize_utf8(html_to_text(html));
    }
    if (body.empty()) {
      // An RTF-only body (PR_RTF_COMPRESSED), read as text.
      const std::string packed = s.binary(kRtfCompressed);
      if (!packed.empty()) {
        std::string why;
        body = rtf_rough_text(decompress_rtf(packed, kMaxRtfBytes, &why));
        msg.add("body.format", "rtf");
        if (!why.empty()) reporter_.corruption(locator, kNoOffset, why);
      }
    }
    msg.text = sanitize_utf8(body);
    add_message_dedup_key(msg, id);
    const int64_t msg_id = sink_.emit(std::move(msg));
    attachments(s, locator, msg_id, depth);
  }

 private:
  void recipients(const Storage& s, const std::string& locator, Item& msg) {
    for (int i = 0; i < kMaxRecipients; ++i) {
      char name[40];
      std::snprintf(name, sizeof name, "__recip_version1.0_#%08X", i);
      GsfInfile* dir = s.sub_storage(name);
      if (!dir) break;
      Storage r(dir, 8, reporter_, locator, 0);
      std::string address = r.text(kSmtpAddress);
      if (address.empty()) address = r.text(kEmailAddress);
      const std::string display = r.text(kDisplayName);
      int type = 1;
      if (auto v = r.fixed(kRecipientType, 0x0003))
        type = static_cast<int>(*v & 0xFF);
      add_mapi_recipient(msg, static_cast<uint32_t>(type), address, display);
      g_object_unref(dir);
    }
  }

  void attachments(const Storage& s, const std::string& locator, int64_t msg_id,
                   int depth) {
    for (int i = 0; i < kMaxAttachments; ++i) {
      char name[40];
      std::snprintf(name, sizeof name, "__attach_version1.0_#%08X", i);
      GsfInfile* dir = s.sub_storage(name);
      if (!dir) break;
      Storage a(dir, 8, reporter_, locator, 0);
      std::string file = a.text(kAttachLongFilename);
      if (file.empty()) file = a.text(kAttachFilename);
      if (file.empty()) file = a.text(kDisplayName);
      const std::string shown =
          file.empty() ? "attachment" + std::to_string(i + 1) : file;
      const std::string loc =
          locator + "#attach=" + std::to_string(i + 1) + "/attachment=" + shown;
      int method = 1;
      if (auto v = a.fixed(kAttachMethod, 0x0003))
        method = static_cast<int>(*v & 0xFFFF);
      Item it;
      it.parent = msg_id;
      it.kind = "attachment";
      it.locator = loc;
      it.title = file;
      if (!file.empty()) it.add("filename", file);
      const std::string mime = ascii_lower(trim(a.text(kAttachMimeTag)));
      if (!mime.empty()) it.add("declared_type", mime);
      it.add("attach_method", std::to_string(method));
      if (method == 5) {
        // An attached message: a storage of its own (no contiguous bytes).
        GsfInfile* inner = a.sub_storage("__substg1.0_3701000D");
        it.add("embedded_message", "true");
        const int64_t id = sink_.emit(std::move(it));
        if (!inner) {
          reporter_.corruption(loc, kNoOffset,
                               "msg: attached message storage missing");
        } else if (depth + 1 > max_depth_) {
          reporter_.corruption(loc, kNoOffset,
                               "nesting deeper than " +
                                   std::to_string(max_depth_) +
                                   " levels; attached message not opened");
        } else {
          message(inner, 24, loc + "/message", id, depth + 1, {}, "");
        }
        if (inner) g_object_unref(inner);
        g_object_unref(dir);
        continue;
      }
      emit_attachment_bytes(std::move(it), a.binary(kAttachData), file, mime,
                            depth, sink_, reporter_, handler_);
      g_object_unref(dir);
    }
  }

  ItemSink& sink_;
  Reporter& reporter_;
  ContentHandler* handler_;
  int max_depth_;
};

// The compound file over `bytes`, or nullptr (with *why).
GsfInfile* open_cfb(std::string_view bytes, GsfInput** input,
                    std::string* why) {
  init_gsf();
  *input = gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()),
                                static_cast<gsf_off_t>(bytes.size()), FALSE);
  if (!*input) {
    *why = "cannot open";
    return nullptr;
  }
  GError* err = nullptr;
  GsfInfile* ole = gsf_infile_msole_new(*input, &err);
  if (!ole) {
    *why = err ? err->message : "not a compound file";
    if (err) g_error_free(err);
    g_object_unref(*input);
    *input = nullptr;
  }
  return ole;
}

}  // namespace

bool is_msg(std::string_view bytes) {
  GsfInput* in = nullptr;
  std::string why;
  GsfInfile* ole = open_cfb(bytes, &in, &why);
  if (!ole) return false;
  GsfInput* props = gsf_infile_child_by_name(ole, "__properties_version1.0");
  const bool yes = props != nullptr;
  if (props) g_object_unref(props);
  g_object_unref(ole);
  g_object_unref(in);
  return yes;
}

void parse_msg(std::string_view bytes, const std::string& locator,
               int64_t parent, int depth, ItemSink& sink, Reporter& reporter,
               ContentHandler* handler, const std::string& sha256,
               int max_depth) {
  GsfInput* in = nullptr;
  std::string why;
  GsfInfile* ole = open_cfb(bytes, &in, &why);
  if (!ole) {
    reporter.corruption(locator, kNoOffset, "msg: " + why);
    return;
  }
  MsgReader reader(sink, reporter, handler, max_depth);
  reader.message(ole, 32, locator, parent, depth, bytes, sha256);
  g_object_unref(ole);
  g_object_unref(in);
}

}  // namespace leakscope::msg
