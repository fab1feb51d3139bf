#include <gsf/gsf-doc-meta-data.h>
#include <gsf/gsf-docprop-vector.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-meta-names.h>
#include <gsf/gsf-msole-utils.h>
#include <gsf/gsf-timestamp.h>
#include <gsf/gsf-utils.h>

#include <mutex>
#include <set>

#include "cfb_extent.hpp"
#include "legacy_text.hpp"
#include "office_document.hpp"

namespace leakscope::office {
namespace {

std::string value_text(const GValue* v) {
  if (!v) return "";
  if (G_VALUE_HOLDS_STRING(v)) {
    const char* s = g_value_get_string(v);
    return s ? s : "";
  }
  if (VAL_IS_GSF_TIMESTAMP(v)) {
    auto* ts = static_cast<GsfTimestamp*>(g_value_get_boxed(v));
    if (!ts) return "";
    char* s = gsf_timestamp_as_string(ts);
    std::string out = s ? s : "";
    g_free(s);
    return out;
  }
  if (G_VALUE_HOLDS_INT(v)) return std::to_string(g_value_get_int(v));
  if (G_VALUE_HOLDS_UINT(v)) return std::to_string(g_value_get_uint(v));
  if (G_VALUE_HOLDS_BOOLEAN(v))
    return g_value_get_boolean(v) ? "true" : "false";
  if (G_VALUE_HOLDS_INT64(v)) return std::to_string(g_value_get_int64(v));
  return "";
}

void read_property_set(GsfInfile* ole, const char* stream, GsfDocMetaData* md,
                       DocumentInfo& info) {
  GsfInput* in = gsf_infile_child_by_name(ole, stream);
  if (!in) return;
  GError* err = gsf_doc_meta_data_read_from_msole(md, in);
  if (err) {
    info.problems.push_back(std::string("OLE2 property set ") + (stream + 1) +
                            ": " + err->message);
    g_error_free(err);
  }
  g_object_unref(in);
}

// The bytes of stream `name` ("" when absent), at most `max`; *cut is set
// when the stream is longer.
std::string read_stream(GsfInfile* ole, const char* name, uint64_t max,
                        bool* cut) {
  GsfInput* in = gsf_infile_child_by_name(ole, name);
  if (!in) return "";
  gsf_off_t size = gsf_input_size(in);
  if (size < 0) size = 0;
  if (static_cast<uint64_t>(size) > max) {
    *cut = true;
    size = static_cast<gsf_off_t>(max);
  }
  std::string out(static_cast<size_t>(size), '\0');
  if (size > 0 && !gsf_input_read(in, static_cast<size_t>(size),
                                  reinterpret_cast<guint8*>(out.data())))
    out.clear();
  g_object_unref(in);
  return out;
}

// The text of a .doc, .xls or .ppt (legacy_text.hpp) into `info`.
void read_legacy_text(GsfInfile* ole, const DocumentLimits& limits,
                      DocumentInfo& info) {
  bool cut = false;
  const uint64_t max = limits.max_part_bytes;
  LegacyText t;
  if (info.format == "doc") {
    const std::string word = read_stream(ole, "WordDocument", max, &cut);
    t = word_text(word, read_stream(ole, word_table_stream(word), max, &cut),
                  limits.max_text_bytes);
  } else if (info.format == "xls") {
    std::string wb = read_stream(ole, "Workbook", max, &cut);
    if (wb.empty()) wb = read_stream(ole, "Book", max, &cut);
    t = excel_text(wb, limits.max_text_bytes);
  } else if (info.format == "ppt") {
    t = powerpoint_text(read_stream(ole, "PowerPoint Document", max, &cut),
                        limits.max_text_bytes);
  } else {
    return;
  }
  if (cut)
    info.problems.push_back("OLE2: a stream longer than " +
                            std::to_string(max) +
                            " bytes; text read from its start only");
  for (auto& p : t.problems) info.problems.push_back(std::move(p));
  if (t.truncated)
    info.problems.push_back("text longer than " +
                            std::to_string(limits.max_text_bytes) +
                            " bytes; cut");
  info.encrypted = info.encrypted || t.encrypted;
  info.text = std::move(t.text);
}

}  // namespace

DocumentInfo read_ole2(std::string_view bytes, const DocumentLimits& limits) {
  static std::once_flag once;
  std::call_once(once, [] {
    gsf_init();
    // libgsf reports malformed property sets through GLib's log, which
    // prints to stderr; damage is reported through DocumentInfo instead.
    g_log_set_default_handler(
        [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
  });
  DocumentInfo info;
  info.format = "ole2";
  GsfInput* in =
      gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()),
                           static_cast<gsf_off_t>(bytes.size()), FALSE);
  if (!in) {
    info.problems.push_back("OLE2: cannot open");
    return info;
  }
  if (auto cut = cfb_truncation(bytes)) info.problems.push_back(*cut);
  GError* err = nullptr;
  GsfInfile* ole = gsf_infile_msole_new(in, &err);
  if (!ole) {
    info.problems.push_back(std::string("OLE2: ") +
                            (err ? err->message : "not a compound file"));
    if (err) g_error_free(err);
    g_object_unref(in);
    return info;
  }
  std::set<std::string> names;
  int n = gsf_infile_num_children(ole);
  for (int i = 0; i < n && i < 100000; ++i) {
    const char* name = gsf_infile_name_by_index(ole, i);
    if (name) names.insert(name);
  }
  bool msg = false;
  for (const auto& s : names)
    if (s.rfind("__substg1.0_", 0) == 0 ||
        s.rfind("__properties_version1.0", 0) == 0)
      msg = true;
  if (names.count("EncryptionInfo") && names.count("EncryptedPackage")) {
    info.format = "ooxml_encrypted";
    info.encrypted = true;
    info.problems.push_back(
        "OLE2: an encrypted OOXML document (EncryptionInfo + "
        "EncryptedPackage); contents "
        "unreadable without the password");
  } else if (names.count("WordDocument")) {
    info.format = "doc";
  } else if (names.count("Workbook") || names.count("Book")) {
    info.format = "xls";
  } else if (names.count("PowerPoint Document")) {
    info.format = "ppt";
  } else if (msg) {
    info.format = "msg";
  }
  info.macros = names.count("Macros") || names.count("_VBA_PROJECT_CUR") ||
                names.count("VBA");
  GsfDocMetaData* md = gsf_doc_meta_data_new();
  read_property_set(ole, "\005SummaryInformation", md, info);
  read_property_set(ole, "\005DocumentSummaryInformation", md, info);
  static const std::pair<const char*, const char*> kKeys[] = {
      {GSF_META_NAME_TITLE, "title"},
      {GSF_META_NAME_SUBJECT, "subject"},
      {GSF_META_NAME_CREATOR, "author"},
      {GSF_META_NAME_KEYWORDS, "keywords"},
      {GSF_META_NAME_LAST_SAVED_BY, "last_modified_by"},
      {GSF_META_NAME_GENERATOR, "creator_tool"},
      {GSF_META_NAME_TEMPLATE, "template"},
      {GSF_META_NAME_COMPANY, "company"},
      {GSF_META_NAME_MANAGER, "manager"},
      {GSF_META_NAME_CATEGORY, "category"},
      {GSF_META_NAME_REVISION_COUNT, "revision"},
      {GSF_META_NAME_PAGE_COUNT, "pages"},
      {GSF_META_NAME_DATE_CREATED, "created"},
      {GSF_META_NAME_DATE_MODIFIED, "modified"},
      {"msole:codepage", "code_page"},
  };
  for (const auto& [gsf_key, key] : kKeys) {
    GsfDocProp* p = gsf_doc_meta_data_lookup(md, gsf_key);
    if (p) info.set(key, value_text(gsf_doc_prop_get_val(p)));
  }
  GsfDocProp* sec = gsf_doc_meta_data_lookup(md, GSF_META_NAME_SECURITY);
  if (sec) {
    std::string v = value_text(gsf_doc_prop_get_val(sec));
    // PIDSI_DOC_SECURITY bit 0: password protected.
    if (!v.empty() && std::isdigit(static_cast<unsigned char>(v[0])) &&
        (std::stoi(v) & 1))
      info.encrypted = true;
  }
  g_object_unref(md);
  read_legacy_text(ole, limits, info);
  g_object_unref(ole);
  g_object_unref(in);
  info.set("macros", info.macros ? "true" : "false");
  info.set("encrypted", info.encrypted ? "true" : "false");
  return info;
}

}  // namespace leakscope::office
