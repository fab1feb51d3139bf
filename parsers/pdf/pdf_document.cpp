#include "pdf_document.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <cctype>
#include <memory>
#include <mutex>

namespace leakscope::pdf {
namespace {

// poppler prints its complaints to stderr by default; they are collected
// per call instead (poppler-cpp's hook is process-wide, hence the lock).
std::mutex g_mu;
std::vector<std::string>* g_problems = nullptr;

void on_poppler_error(const std::string& msg, void*) {
  if (g_problems && g_problems->size() < 20)
    g_problems->push_back("PDF: " + msg);
}

std::string utf8(const poppler::ustring& u) {
  poppler::byte_array b = u.to_utf8();
  std::string s(b.begin(), b.end());
  while (!s.empty() && (s.back() == '\0')) s.pop_back();
  return s;
}

bool digits(std::string_view s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

}  // namespace

std::string pdf_date_to_iso(std::string_view d) {
  if (d.substr(0, 2) == "D:") d.remove_prefix(2);
  if (d.size() < 4 || !digits(d.substr(0, 4))) return "";
  auto part = [&](size_t at, const char* def) -> std::string {
    if (d.size() >= at + 2 && digits(d.substr(at, 2)))
      return std::string(d.substr(at, 2));
    return def;
  };
  std::string out = std::string(d.substr(0, 4)) + "-" + part(4, "01") + "-" +
                    part(6, "01") + "T" + part(8, "00") + ":" + part(10, "00") +
                    ":" + part(12, "00");
  size_t z = 14;
  if (d.size() > z) {
    char c = d[z];
    if (c == 'Z') {
      out += "Z";
    } else if ((c == '+' || c == '-') && d.size() >= z + 3 &&
               digits(d.substr(z + 1, 2))) {
      std::string mm = "00";
      size_t m = z + 3;
      if (m < d.size() && d[m] == '\'') ++m;
      if (d.size() >= m + 2 && digits(d.substr(m, 2)))
        mm = std::string(d.substr(m, 2));
      out += std::string(1, c) + std::string(d.substr(z + 1, 2)) + ":" + mm;
    }
  }
  return out;
}

DocumentInfo read_pdf(std::string_view bytes, const DocumentLimits& limits) {
  DocumentInfo info;
  info.format = "pdf";
  std::lock_guard<std::mutex> lock(g_mu);
  g_problems = &info.problems;
  poppler::set_debug_error_function(on_poppler_error, nullptr);
  // The header's version, even when the document cannot be opened.
  if (bytes.size() >= 8 && bytes.substr(0, 5) == "%PDF-")
    info.set("pdf_version", std::string(bytes.substr(5, 3)));
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
      bytes.data(),
      static_cast<int>(std::min<size_t>(bytes.size(), 0x7fffffff))));
  if (!doc) {
    info.problems.push_back("PDF: poppler could not open the document");
    g_problems = nullptr;
    return info;
  }
  info.encrypted = doc->is_encrypted() || doc->is_locked();
  if (!doc->is_locked()) {
    // poppler-cpp dereferences the (absent) catalog of a locked document
    // here: only asked when unlocked; the header's version stands otherwise.
    int major = 0, minor = 0;
    doc->get_pdf_version(&major, &minor);
    if (major > 0)
      info.set("pdf_version",
               std::to_string(major) + "." + std::to_string(minor));
    static const std::pair<const char*, const char*> kKeys[] = {
        {"Title", "title"},          {"Subject", "subject"},
        {"Author", "author"},        {"Keywords", "keywords"},
        {"Creator", "creator_tool"}, {"Producer", "producer"}};
    for (const auto& [pdf_key, key] : kKeys)
      info.set(key, utf8(doc->info_key(pdf_key)));
    for (const auto& [pdf_key, key] : {std::pair{"CreationDate", "created"},
                                       std::pair{"ModDate", "modified"}}) {
      std::string raw = utf8(doc->info_key(pdf_key));
      std::string iso = pdf_date_to_iso(raw);
      if (!iso.empty())
        info.set(key, iso);
      else if (!raw.empty())
        info.problems.push_back(std::string("PDF: malformed ") + pdf_key +
                                " \"" + raw + "\"");
    }
    int pages = doc->pages();
    info.set("pages", std::to_string(pages));
    std::string xmp = utf8(doc->metadata());
    if (!xmp.empty()) info.set("xmp", "present");
    for (int i = 0; i < pages && i < limits.max_pages; ++i) {
      std::unique_ptr<poppler::page> p(doc->create_page(i));
      if (!p) continue;
      std::string t = utf8(p->text());
      if (info.text.size() + t.size() + 1 > limits.max_text_bytes) {
        info.problems.push_back("PDF: text beyond " +
                                std::to_string(limits.max_text_bytes) +
                                " bytes not kept");
        break;
      }
      if (!info.text.empty()) info.text += '\n';
      info.text += t;
    }
    if (pages > limits.max_pages)
      info.problems.push_back("PDF: text of pages after " +
                              std::to_string(limits.max_pages) +
                              " not extracted");
  } else {
    info.problems.push_back(
        "PDF: encrypted with a user password; metadata and text unreadable");
  }
  info.set("encrypted", info.encrypted ? "true" : "false");
  g_problems = nullptr;
  return info;
}

}  // namespace leakscope::pdf
