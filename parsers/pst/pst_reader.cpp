#include "pst_reader.hpp"

#include <libpff.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "util/html_text.hpp"
#include "util/mapi_item.hpp"
#include "util/mapi_tags.hpp"
#include "util/message_key.hpp"
#include "util/rtf_text.hpp"
#include "util/text.hpp"

namespace leakscope::pst {

bool looks_like_pst(std::string_view b) {
  return b.size() >= 10 && b.substr(0, 4) == "!BDN" &&
         (b.substr(8, 2) == "SM" || b.substr(8, 2) == "SO");
}

namespace {

// MAPI property ids: one table for the .msg and Outlook-store readers.
using namespace mapi;
// Named properties, by their long id (libpff resolves a store's name-to-id
// map to these).
constexpr uint32_t kEmail1 = 0x8083;  // PidLidEmail1EmailAddress
constexpr uint32_t kEmail2 = 0x8093;
constexpr uint32_t kEmail3 = 0x80A3;
constexpr uint32_t kAppointmentStart = 0x820D;  // PidLidAppointmentStartWhole
constexpr uint32_t kAppointmentEnd = 0x820E;    // PidLidAppointmentEndWhole
constexpr uint32_t kLocation = 0x8208;          // PidLidLocation
constexpr uint32_t kStartDate = 0x0060;         // PR_START_DATE, else
constexpr uint32_t kEndDate = 0x0061;

// Bodies and names past these are cut (and the cut recorded).
constexpr size_t kMaxBodyBytes = 16u << 20;
constexpr size_t kMaxStringBytes = 1u << 20;
// Folders nested deeper than this are not walked (a loop in a damaged
// store's hierarchy ends here).
constexpr int kMaxFolderDepth = 64;

struct ErrorFree {
  void operator()(libpff_error_t* e) const { libpff_error_free(&e); }
};

// libpff's message of an error, freed.
std::string error_text(libpff_error_t* e) {
  if (!e) return "libpff gave no reason";
  char buf[1024] = {0};
  libpff_error_sprint(e, buf, sizeof buf);
  libpff_error_free(&e);
  std::string s = collapse_whitespace(sanitize_utf8(buf));
  return s.empty() ? "libpff gave no reason" : s;
}

// An item owned here, freed on scope exit.
struct ItemPtr {
  libpff_item_t* p = nullptr;
  ItemPtr() = default;
  ItemPtr(const ItemPtr&) = delete;
  ItemPtr& operator=(const ItemPtr&) = delete;
  ~ItemPtr() {
    if (p) libpff_item_free(&p, nullptr);
  }
};

// The entry `id` of record set `set` (any value type), called with f and
// freed; false when absent.
template <typename F>
bool with_entry(libpff_item_t* item, uint32_t id, int set, F&& f) {
  libpff_record_set_t* rs = nullptr;
  if (libpff_item_get_record_set_by_index(item, set, &rs, nullptr) != 1)
    return false;
  libpff_record_entry_t* entry = nullptr;
  bool ok = false;
  if (libpff_record_set_get_entry_by_type(
          rs, id, 0, &entry, LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE,
          nullptr) == 1) {
    ok = f(entry);
    libpff_record_entry_free(&entry, nullptr);
  }
  libpff_record_set_free(&rs, nullptr);
  return ok;
}

// A string property (8-bit ones in the store's code page, by libpff), ""
// when absent or unreadable.
std::string text(libpff_item_t* item, uint32_t id, int set = 0) {
  std::string s;
  with_entry(item, id, set, [&](libpff_record_entry_t* entry) {
    size_t size = 0;
    if (libpff_record_entry_get_data_as_utf8_string_size(entry, &size,
                                                         nullptr) != 1 ||
        size <= 1)
      return false;
    if (size > kMaxStringBytes) size = kMaxStringBytes;
    s.assign(size, '\0');
    if (libpff_record_entry_get_data_as_utf8_string(
            entry, reinterpret_cast<uint8_t*>(s.data()), size, nullptr) != 1) {
      s.clear();
      return false;
    }
    return true;
  });
  s.resize(std::min(s.find('\0'), s.size()));
  return sanitize_utf8(s);
}

// A subject as stored: a leading 0x01 and the length of its prefix ("RE: ")
// come first in PSTs ([MS-PST] keeps PR_SUBJECT that way).
std::string subject(libpff_item_t* item) {
  std::string s = text(item, kSubject);
  if (s.size() >= 2 && s[0] == '\x01') s.erase(0, 2);
  return collapse_whitespace(s);
}

std::optional<uint64_t> filetime(libpff_item_t* item, uint32_t id) {
  uint64_t v = 0;
  if (with_entry(item, id, 0, [&](libpff_record_entry_t* entry) {
        return libpff_record_entry_get_data_as_filetime(entry, &v, nullptr) ==
               1;
      }))
    return v;
  return std::nullopt;
}

std::optional<uint32_t> u32(libpff_item_t* item, uint32_t id, int set = 0) {
  uint32_t v = 0;
  if (with_entry(item, id, set, [&](libpff_record_entry_t* entry) {
        return libpff_record_entry_get_data_as_32bit_integer(entry, &v,
                                                             nullptr) == 1;
      }))
    return v;
  return std::nullopt;
}

// A body through libpff's size-then-copy pair, cut at kMaxBodyBytes.
template <typename SizeFn, typename GetFn>
std::string body(libpff_item_t* m, SizeFn size_fn, GetFn get_fn, bool* cut) {
  size_t size = 0;
  if (size_fn(m, &size, nullptr) != 1 || size <= 1) return "";
  if (size > kMaxBodyBytes) {
    *cut = true;
    size = kMaxBodyBytes;
  }
  std::string s(size, '\0');
  if (get_fn(m, reinterpret_cast<uint8_t*>(s.data()), size, nullptr) != 1)
    return "";
  s.resize(std::min(s.find('\0'), s.size()));
  return s;
}

class Reader {
 public:
  Reader(const PstInput& in, ItemSink& sink, Reporter& reporter,
         ContentHandler* handler)
      : in_(in), sink_(sink), reporter_(reporter), handler_(handler) {}

  void folder(libpff_item_t* f, const std::string& path, int64_t parent,
              int level) {
    int messages = 0, subs = 0;
    libpff_error_t* e = nullptr;
    if (libpff_folder_get_number_of_sub_messages(f, &messages, &e) != 1) {
      damage(folder_locator(path), "folder's messages: " + error_text(e));
      messages = 0;
    }
    for (int i = 0; i < messages; ++i) {
      ItemPtr m;
      e = nullptr;
      if (libpff_folder_get_sub_message(f, i, &m.p, &e) != 1) {
        damage(folder_locator(path),
               "message " + std::to_string(i + 1) + ": " + error_text(e));
        continue;
      }
      uint32_t id = 0;
      libpff_item_get_identifier(m.p, &id, nullptr);
      const std::string loc = in_.locator + "#folder=" + path +
                              (path.empty() ? "" : "/") +
                              "msg=" + std::to_string(id);
      entry(m.p, loc, parent, in_.depth + 1, path);
    }
    e = nullptr;
    if (libpff_folder_get_number_of_sub_folders(f, &subs, &e) != 1) {
      damage(folder_locator(path), "sub-folders: " + error_text(e));
      return;
    }
    for (int i = 0; i < subs; ++i) {
      ItemPtr sub;
      e = nullptr;
      if (libpff_folder_get_sub_folder(f, i, &sub.p, &e) != 1) {
        damage(folder_locator(path),
               "sub-folder " + std::to_string(i + 1) + ": " + error_text(e));
        continue;
      }
      std::string name = folder_name(sub.p);
      if (name.empty()) name = "folder" + std::to_string(i + 1);
      // A "/" in a name would read as a level of the path.
      for (char& c : name)
        if (c == '/') c = '_';
      const std::string sub_path = path.empty() ? name : path + "/" + name;
      if (level + 1 > kMaxFolderDepth) {
        damage(folder_locator(sub_path), "folders nested deeper than " +
                                             std::to_string(kMaxFolderDepth) +
                                             " levels; not read");
        continue;
      }
      Item it;
      it.parent = parent;
      it.kind = "folder";
      it.locator = folder_locator(sub_path);
      it.title = name;
      it.add("folder_path", sub_path);
      const int64_t id = sink_.emit(std::move(it));
      folder(sub.p, sub_path, id, level + 1);
    }
  }

  // A message, contact, appointment or other item of a folder (or an
  // attached one).
  void entry(libpff_item_t* m, const std::string& loc, int64_t parent,
             int depth, const std::string& folder_path) {
    uint8_t type = LIBPFF_ITEM_TYPE_UNDEFINED;
    libpff_item_get_type(m, &type, nullptr);
    if (type == LIBPFF_ITEM_TYPE_CONTACT) {
      contact(m, loc, parent, folder_path);
      return;
    }
    if (type == LIBPFF_ITEM_TYPE_APPOINTMENT ||
        type == LIBPFF_ITEM_TYPE_MEETING) {
      appointment(m, loc, parent, folder_path);
      return;
    }
    message(m, loc, parent, depth, folder_path, kind_of(type));
  }

 private:
  std::string folder_locator(const std::string& path) const {
    return in_.locator + "#folder=" + path;
  }

  void damage(const std::string& locator, const std::string& what) {
    reporter_.corruption(locator, kNoOffset, "pst: " + what);
  }

  static std::string folder_name(libpff_item_t* f) {
    size_t size = 0;
    if (libpff_folder_get_utf8_name_size(f, &size, nullptr) != 1 || size <= 1)
      return "";
    if (size > 1024) size = 1024;
    std::string s(size, '\0');
    if (libpff_folder_get_utf8_name(f, reinterpret_cast<uint8_t*>(s.data()),
                                    size, nullptr) != 1)
      return "";
    s.resize(std::min(s.find('\0'), s.size()));
    return sanitize_utf8(s);
  }

  // What an item other than a contact or an appointment is: a mail message
  // (counted as one by the measurement) or another kind of Outlook item,
  // read with the same fields.
  static const char* kind_of(uint8_t type) {
    switch (type) {
      case LIBPFF_ITEM_TYPE_DISTRIBUTION_LIST:
        return "distribution_list";
      case LIBPFF_ITEM_TYPE_TASK:
      case LIBPFF_ITEM_TYPE_TASK_REQUEST:
        return "task";
      case LIBPFF_ITEM_TYPE_NOTE:
        return "note";
      case LIBPFF_ITEM_TYPE_ACTIVITY:
        return "journal";
      case LIBPFF_ITEM_TYPE_CONFIGURATION:
      case LIBPFF_ITEM_TYPE_SHARING:
      case LIBPFF_ITEM_TYPE_RSS_FEED:
        return "outlook_item";
      default:
        return "message";
    }
  }

  void message(libpff_item_t* m, const std::string& loc, int64_t parent,
               int depth, const std::string& folder_path, const char* kind) {
    Item msg;
    msg.parent = parent;
    msg.kind = kind;
    msg.locator = loc;
    msg.title = subject(m);
    std::optional<uint64_t> when = filetime(m, kClientSubmitTime);
    if (!when) when = filetime(m, kDeliveryTime);
    if (when) {
      msg.date = filetime_iso(*when);
      if (msg.date) msg.add("date.raw", *msg.date);
    }
    msg.add("container", "pst");
    if (!folder_path.empty()) msg.add("folder_path", folder_path);
    const std::string cls = text(m, kMessageClass);
    if (!cls.empty()) msg.add("message_class", cls);
    // Outlook's own records (free/busy data, views, rules) are no mail.
    if (msg.kind == "message" && (istarts_with(cls, "IPM.Microsoft.") ||
                                  istarts_with(cls, "IPM.Configuration.")))
      msg.kind = "outlook_item";
    std::string smtp = text(m, kSenderSmtp);
    if (smtp.empty()) smtp = text(m, kSentRepresentingSmtp);
    std::string from_name = text(m, kSenderName);
    if (from_name.empty()) from_name = text(m, kSentRepresentingName);
    add_mapi_sender(msg, smtp, text(m, kSenderEmail), from_name);
    recipients(m, loc, msg);
    const std::string id = std::string(trim(text(m, kMessageId)));
    if (!id.empty()) msg.add("message_id", id);
    if (!text(m, kTransportHeaders).empty())
      msg.add("transport_headers", "present");
    bool cut = false;
    std::string b = body(m, libpff_message_get_plain_text_body_size,
                         libpff_message_get_plain_text_body, &cut);
    if (b.empty()) {
      const std::string html = body(m, libpff_message_get_html_body_size,
                                    libpff_message_get_html_body, &cut);
      if (!html.empty()) b = sanitize_utf8(html_to_text(html));
    }
    if (b.empty()) {
      const std::string rtf = body(m, libpff_message_get_rtf_body_size,
                                   libpff_message_get_rtf_body, &cut);
      if (!rtf.empty()) {
        msg.add("body.format", "rtf");
        b = rtf_rough_text(rtf);
      }
    }
    if (cut)
      damage(loc,
             "a body over " + std::to_string(kMaxBodyBytes) + " bytes was cut");
    msg.text = sanitize_utf8(b);
    msg.size = msg.text.size();
    add_message_dedup_key(msg, id);
    const int64_t msg_id = sink_.emit(std::move(msg));
    attachments(m, loc, msg_id, depth, folder_path);
  }

  void recipients(libpff_item_t* m, const std::string& loc, Item& msg) {
    ItemPtr r;
    libpff_error_t* e = nullptr;
    const int rc = libpff_message_get_recipients(m, &r.p, &e);
    if (rc != 1) {
      if (rc < 0) damage(loc, "recipients: " + error_text(e));
      return;
    }
    int sets = 0;
    libpff_item_get_number_of_record_sets(r.p, &sets, nullptr);
    for (int i = 0; i < sets && i < 10000; ++i) {
      std::string address = text(r.p, kSmtpAddress, i);
      if (address.empty()) address = text(r.p, kEmailAddress, i);
      const std::string display = text(r.p, kDisplayName, i);
      const uint32_t type = u32(r.p, kRecipientType, i).value_or(1) & 0xFF;
      add_mapi_recipient(msg, type, address, display);
    }
  }

  void attachments(libpff_item_t* m, const std::string& loc, int64_t msg_id,
                   int depth, const std::string& folder_path) {
    int n = 0;
    libpff_error_t* e = nullptr;
    if (libpff_message_get_number_of_attachments(m, &n, &e) != 1) {
      damage(loc, "attachments: " + error_text(e));
      return;
    }
    for (int i = 0; i < n; ++i) {
      ItemPtr a;
      e = nullptr;
      if (libpff_message_get_attachment(m, i, &a.p, &e) != 1) {
        damage(loc,
               "attachment " + std::to_string(i + 1) + ": " + error_text(e));
        continue;
      }
      std::string file = text(a.p, kAttachLongFilename);
      if (file.empty()) file = text(a.p, kAttachFilename);
      if (file.empty()) file = text(a.p, kDisplayName);
      const std::string shown =
          file.empty() ? "attachment" + std::to_string(i + 1) : file;
      const std::string aloc =
          loc + "/attach=" + std::to_string(i + 1) + "/attachment=" + shown;
      int type = LIBPFF_ATTACHMENT_TYPE_UNDEFINED;
      libpff_attachment_get_type(a.p, &type, nullptr);
      Item it;
      it.parent = msg_id;
      it.kind = "attachment";
      it.locator = aloc;
      it.title = file;
      if (!file.empty()) it.add("filename", file);
      const std::string mime = ascii_lower(trim(text(a.p, kAttachMimeTag)));
      if (!mime.empty()) it.add("declared_type", mime);
      it.add("attach_method",
             std::to_string(u32(a.p, kAttachMethod).value_or(1)));
      if (type == LIBPFF_ATTACHMENT_TYPE_ITEM) {
        it.add("embedded_message", "true");
        const int64_t id = sink_.emit(std::move(it));
        ItemPtr inner;
        e = nullptr;
        if (depth + 1 > in_.max_depth) {
          damage(aloc, "nesting deeper than " + std::to_string(in_.max_depth) +
                           " levels; attached message not opened");
        } else if (libpff_attachment_get_item(a.p, &inner.p, &e) != 1) {
          damage(aloc, "attached message: " + error_text(e));
        } else {
          entry(inner.p, aloc + "/message", id, depth + 1, folder_path);
        }
        continue;
      }
      if (type == LIBPFF_ATTACHMENT_TYPE_REFERENCE) {
        it.add("reference", "true");  // a link to a file elsewhere
        sink_.emit(std::move(it));
        continue;
      }
      size64_t size = 0;
      std::string data;
      if (libpff_attachment_get_data_size(a.p, &size, nullptr) == 1 &&
          size > 0) {
        const size_t want = static_cast<size_t>(
            std::min<uint64_t>(size, in_.max_attachment_bytes));
        data.resize(want);
        e = nullptr;
        const ssize_t got = libpff_attachment_data_read_buffer(
            a.p, reinterpret_cast<uint8_t*>(data.data()), want, &e);
        if (got < 0) {
          damage(aloc, "attachment data: " + error_text(e));
          data.clear();
        } else {
          data.resize(static_cast<size_t>(got));
        }
        if (size > in_.max_attachment_bytes)
          damage(aloc, "attachment of " + std::to_string(size) +
                           " bytes cut at " +
                           std::to_string(in_.max_attachment_bytes));
      }
      emit_attachment_bytes(std::move(it), data, file, mime, depth, sink_,
                            reporter_, handler_);
    }
  }

  void contact(libpff_item_t* m, const std::string& loc, int64_t parent,
               const std::string& folder_path) {
    Item it;
    it.parent = parent;
    it.kind = "contact";
    it.locator = loc;
    it.title = text(m, kDisplayName);
    if (!folder_path.empty()) it.add("folder_path", folder_path);
    // Each field also goes into the text, one per line, so the classifier
    // reads the contact's names, addresses and numbers.
    std::string t;
    auto put = [&](const char* name, uint32_t id) {
      const std::string v = text(m, id);
      if (v.empty()) return;
      it.add(name, v);
      t += v + "\n";
    };
    put("display_name", kDisplayName);
    put("given_name", kGivenName);
    put("surname", kSurname);
    put("company", kCompanyName);
    put("job_title", kJobTitle);
    put("business_phone", kBusinessPhone);
    put("home_phone", kHomePhone);
    put("mobile_phone", kMobilePhone);
    put("street", kStreet);
    put("postal_code", kPostalCode);
    put("locality", kLocality);
    put("country", kCountry);
    put("email", kEmail1);
    put("email", kEmail2);
    put("email", kEmail3);
    put("email", kSmtpAddress);
    bool cut = false;
    const std::string notes = body(m, libpff_message_get_plain_text_body_size,
                                   libpff_message_get_plain_text_body, &cut);
    it.text = sanitize_utf8(t + notes);
    it.size = it.text.size();
    sink_.emit(std::move(it));
  }

  void appointment(libpff_item_t* m, const std::string& loc, int64_t parent,
                   const std::string& folder_path) {
    Item it;
    it.parent = parent;
    it.kind = "appointment";
    it.locator = loc;
    it.title = subject(m);
    if (!folder_path.empty()) it.add("folder_path", folder_path);
    std::optional<uint64_t> start = filetime(m, kAppointmentStart);
    if (!start) start = filetime(m, kStartDate);
    std::optional<uint64_t> end = filetime(m, kAppointmentEnd);
    if (!end) end = filetime(m, kEndDate);
    if (start) {
      if (auto iso = filetime_iso(*start)) {
        it.add("start", *iso);
        it.date = iso;
      }
    }
    if (end)
      if (auto iso = filetime_iso(*end)) it.add("end", *iso);
    const std::string location = text(m, kLocation);
    if (!location.empty()) it.add("location", location);
    const std::string cls = text(m, kMessageClass);
    if (!cls.empty()) it.add("message_class", cls);
    Item attendees;
    recipients(m, loc, attendees);
    for (auto& f : attendees.fields) it.fields.push_back(std::move(f));
    bool cut = false;
    it.text = sanitize_utf8(it.title + "\n" +
                            body(m, libpff_message_get_plain_text_body_size,
                                 libpff_message_get_plain_text_body, &cut));
    it.size = it.text.size();
    sink_.emit(std::move(it));
  }

  const PstInput& in_;
  ItemSink& sink_;
  Reporter& reporter_;
  ContentHandler* handler_;
};

// A private copy of in-memory bytes on disk, removed on scope exit. libpff
// reads a file through read(2), which ends at the file's end; libbfio's
// memory range (Debian's 20170123) copies a whole block from past the end
// of the range when a store points there (found by fuzz_pst), so it is not
// used.
class TempCopy {
 public:
  explicit TempCopy(std::string_view bytes) {
    const char* dir = std::getenv("TMPDIR");
    std::string name =
        std::string(dir && *dir ? dir : "/tmp") + "/leakscope-pst.XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) return;
    path_ = name;
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
    if (done != bytes.size()) {
      ::unlink(path_.c_str());
      path_.clear();
    }
  }
  TempCopy(const TempCopy&) = delete;
  TempCopy& operator=(const TempCopy&) = delete;
  ~TempCopy() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

void read_pst(const PstInput& in, ItemSink& sink, Reporter& reporter,
              ContentHandler* handler) {
  std::optional<TempCopy> copy;
  std::string path = in.path;
  if (path.empty()) {
    copy.emplace(in.bytes);
    path = copy->path();
    if (path.empty()) {
      reporter.corruption(in.locator, kNoOffset,
                          "pst: no temporary file for libpff to read");
      return;
    }
  }
  libpff_file_t* file = nullptr;
  libpff_error_t* e = nullptr;
  if (libpff_file_initialize(&file, &e) != 1) {
    reporter.corruption(in.locator, kNoOffset, "pst: " + error_text(e));
    return;
  }
  e = nullptr;
  if (libpff_file_open(file, path.c_str(), LIBPFF_OPEN_READ, &e) != 1) {
    reporter.corruption(in.locator, kNoOffset,
                        "pst: cannot open: " + error_text(e));
    libpff_file_free(&file, nullptr);
    return;
  }
  Reader reader(in, sink, reporter, handler);
  ItemPtr root;
  e = nullptr;
  if (libpff_file_get_root_folder(file, &root.p, &e) == 1) {
    reader.folder(root.p, "", in.parent, 0);
  } else {
    reporter.corruption(in.locator, kNoOffset,
                        "pst: no root folder: " + error_text(e));
  }
  libpff_file_close(file, nullptr);
  libpff_file_free(&file, nullptr);
}

}  // namespace leakscope::pst
