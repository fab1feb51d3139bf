#include "pdf_document.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <cctype>
#include <cstring>
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

// The first value of an XMP property (`tag` like "dc:title"): the text of
// its first rdf:li, or its own text. XML entities for & < > " ' decoded.
std::string xmp_value(const std::string& xmp, const std::string& tag) {
  size_t open = xmp.find("<" + tag);
  if (open == std::string::npos) return "";
  size_t gt = xmp.find('>', open);
  if (gt == std::string::npos || xmp[gt - 1] == '/') return "";
  size_t close = xmp.find("</" + tag, gt);
  if (close == std::string::npos) return "";
  std::string body = xmp.substr(gt + 1, close - gt - 1);
  size_t li = body.find("<rdf:li");
  if (li != std::string::npos) {
    size_t b = body.find('>', li);
    size_t e = body.find("</rdf:li>", b);
    if (b == std::string::npos || e == std::string::npos) return "";
    body = body.substr(b + 1, e - b - 1);
  }
  if (body.find('<') != std::string::npos) return "";
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '&') {
      static const std::pair<const char*, char> kEnt[] = {{"&amp;", '&'},
                                                          {"&lt;", '<'},
                                                          {"&gt;", '>'},
                                                          {"&quot;", '"'},
                                                          {"&apos;", '\''}};
      bool done = false;
      for (const auto& [ent, ch] : kEnt)
        if (body.compare(i, std::strlen(ent), ent) == 0) {
          out += ch;
          i += std::strlen(ent) - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    out += body[i];
  }
  size_t a = out.find_first_not_of(" \t\r\n"),
         z = out.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : out.substr(a, z - a + 1);
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
  // A complete PDF ends with "%%EOF" (ISO 32000-1 7.5.5), followed at most by
  // line ends or stray bytes some writers append; poppler rebuilds the xref
  // of a cut file silently, so the cut is reported here.
  constexpr size_t kEofWindow = 1024;
  std::string_view tail =
      bytes.substr(bytes.size() > kEofWindow ? bytes.size() - kEofWindow : 0);
  size_t eof = tail.rfind("%%EOF");
  if (eof == std::string_view::npos) {
    info.problems.push_back(
        "PDF: no %%EOF marker in the last 1024 bytes (byte " +
        std::to_string(bytes.size()) + " is the end): truncated or damaged");
  } else {
    // Objects after the last marker are an incremental update cut short.
    std::string_view after = tail.substr(eof + 5);
    for (const char* keyword : {" obj", "xref", "trailer", "endobj", "stream"})
      if (after.find(keyword) != std::string_view::npos) {
        info.problems.push_back(
            "PDF: objects follow the last %%EOF (at byte " +
            std::to_string(bytes.size() - tail.size() + eof) +
            "): an incremental update cut short");
        break;
      }
  }
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
    if (!xmp.empty()) {
      // XMP fills what the Info dictionary lacks (newer writers put the
      // title and author only there).
      static const std::pair<const char*, const char*> kXmp[] = {
          {"dc:title", "title"},
          {"dc:creator", "author"},
          {"dc:description", "subject"},
          {"pdf:Keywords", "keywords"},
          {"xmp:CreatorTool", "creator_tool"},
          {"pdf:Producer", "producer"}};
      for (const auto& [tag, key] : kXmp)
        if (!info.get(key)) info.set(key, xmp_value(xmp, tag));
    }
    for (int i = 0; i < pages && i < limits.max_pages; ++i) {
      std::unique_ptr<poppler::page> p(doc->create_page(i));
      if (!p) continue;
      // Raw content-stream order: no layout analysis (the physical layout
      // pass costs several times more and the classifier reads words, not
      // columns).
      std::string t =
          utf8(p->text(poppler::rectf(), poppler::page::raw_order_layout));
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
