// libytnef's headers define BYTE/WORD/DWORD as macros; keep them in this file.
#include "tnef.hpp"

#include <cstring>
#include <vector>

extern "C" {
#include <ytnef.h>
}

#include "charset.hpp"
#include "util/text.hpp"

namespace leakscope::mime {

bool looks_like_tnef(std::string_view b) {
  return b.size() >= 6 && static_cast<uint8_t>(b[0]) == 0x78 &&
         static_cast<uint8_t>(b[1]) == 0x9F &&
         static_cast<uint8_t>(b[2]) == 0x3E &&
         static_cast<uint8_t>(b[3]) == 0x22;
}

namespace {

std::string string_prop(MAPIProps* props, unsigned id) {
  variableLength* v = MAPIFindProperty(props, PROP_TAG(PT_UNICODE, id));
  if (v != MAPI_UNDEFINED && v && v->data && v->size > 0) {
    std::string utf8;
    bool lossy = false;
    std::string_view raw(reinterpret_cast<const char*>(v->data),
                         static_cast<size_t>(v->size));
    convert_with(raw, "UTF-16LE", &utf8, &lossy);
    while (!utf8.empty() && utf8.back() == '\0') utf8.pop_back();
    return utf8;
  }
  v = MAPIFindProperty(props, PROP_TAG(PT_STRING8, id));
  if (v != MAPI_UNDEFINED && v && v->data && v->size > 0) {
    std::string s(reinterpret_cast<const char*>(v->data),
                  static_cast<size_t>(v->size));
    while (!s.empty() && s.back() == '\0') s.pop_back();
    return decode_text(s, "").utf8;
  }
  return "";
}

std::string var_string(const variableLength& v) {
  if (!v.data || v.size <= 0) return "";
  std::string s(reinterpret_cast<const char*>(v.data),
                static_cast<size_t>(v.size));
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return decode_text(s, "").utf8;
}

}  // namespace

TnefContents read_tnef(std::string_view bytes) {
  TnefContents out;
  if (!looks_like_tnef(bytes)) {
    out.error = "TNEF signature 0x223E9F78 not found at offset 0";
    return out;
  }
  std::vector<BYTE> copy(bytes.begin(), bytes.end());
  TNEFStruct tnef;
  TNEFInitialize(&tnef);
  tnef.Debug = 0;  // libytnef prints to stdout otherwise
  int rc = TNEFParseMemory(copy.data(), static_cast<long>(copy.size()), &tnef);
  if (rc < 0) out.error = "libytnef stopped with error " + std::to_string(rc);
  out.subject = var_string(tnef.subject);
  out.message_class = std::string(
      tnef.messageClass, strnlen(tnef.messageClass, sizeof tnef.messageClass));
  for (Attachment* a = tnef.starting_attach.next; a; a = a->next) {
    TnefFile f;
    f.name = string_prop(&a->MAPI, PR_ATTACH_LONG_FILENAME);
    if (f.name.empty()) f.name = var_string(a->Title);
    if (f.name.empty()) f.name = string_prop(&a->MAPI, PR_DISPLAY_NAME);
    f.mime_type = string_prop(&a->MAPI, PR_ATTACH_MIME_TAG);
    if (a->FileData.data && a->FileData.size > 0) {
      f.data.assign(reinterpret_cast<const char*>(a->FileData.data),
                    static_cast<size_t>(a->FileData.size));
    } else {
      variableLength* obj =
          MAPIFindProperty(&a->MAPI, PROP_TAG(PT_OBJECT, PR_ATTACH_DATA_OBJ));
      if (obj == MAPI_UNDEFINED || !obj)
        obj =
            MAPIFindProperty(&a->MAPI, PROP_TAG(PT_BINARY, PR_ATTACH_DATA_OBJ));
      if (obj != MAPI_UNDEFINED && obj && obj->data && obj->size > 0)
        f.data.assign(reinterpret_cast<const char*>(obj->data),
                      static_cast<size_t>(obj->size));
    }
    // libytnef appends an empty trailing attachment record; skip it.
    if (f.name.empty() && f.data.empty()) continue;
    out.files.push_back(std::move(f));
  }
  TNEFFree(&tnef);
  return out;
}

}  // namespace leakscope::mime
