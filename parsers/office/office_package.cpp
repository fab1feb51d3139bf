#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>

#include "office_document.hpp"
#include "zip_reader.hpp"

namespace leakscope::office {
namespace {

using archive::ZipArchive;

// A parsed XML part; no network, no entity expansion, no DTD loading.
struct Xml {
  xmlDocPtr doc = nullptr;
  explicit Xml(const std::string& s) {
    if (s.empty()) return;
    doc = xmlReadMemory(
        s.data(), static_cast<int>(s.size()), nullptr, nullptr,
        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  }
  ~Xml() {
    if (doc) xmlFreeDoc(doc);
  }
  xmlNodePtr root() const { return doc ? xmlDocGetRootElement(doc) : nullptr; }
};

const char* local(xmlNodePtr n) {
  return reinterpret_cast<const char*>(n->name);
}

std::string content(xmlNodePtr n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c ? reinterpret_cast<const char*>(c) : "";
  if (c) xmlFree(c);
  return s;
}

std::string attr(xmlNodePtr n, const char* name) {
  for (xmlAttrPtr a = n->properties; a; a = a->next)
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0) {
      xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
      std::string s = v ? reinterpret_cast<const char*>(v) : "";
      if (v) xmlFree(v);
      return s;
    }
  return "";
}

void walk(xmlNodePtr n, const std::function<void(xmlNodePtr)>& fn) {
  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) {
      fn(n);
      walk(n->children, fn);
    }
  }
}

std::string trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

struct Reader {
  const ZipArchive& zip;
  const DocumentLimits& limits;
  DocumentInfo& info;
  std::string part(const std::string& name) {
    int64_t i = zip.find(name);
    if (i < 0) return "";
    std::string out, why;
    bool truncated = false;
    if (!zip.read(static_cast<uint64_t>(i), limits.max_part_bytes, &out,
                  &truncated, &why)) {
      info.problems.push_back("package part " + name + ": " + why);
      return "";
    }
    if (truncated)
      info.problems.push_back("package part " + name + " larger than " +
                              std::to_string(limits.max_part_bytes) +
                              " bytes; truncated");
    return out;
  }
  void add_text(const std::string& t) {
    if (t.empty()) return;
    if (info.text.size() + t.size() + 1 > limits.max_text_bytes) return;
    if (!info.text.empty() && info.text.back() != '\n') info.text += '\n';
    info.text += t;
  }
};

// Text of paragraphs: the concatenated text runs (`run` elements) of every
// `para` element, tabs for `tab`, one paragraph per line.
std::string paragraphs(xmlNodePtr root, const char* para, const char* run,
                       const char* tab) {
  std::string out;
  std::function<void(xmlNodePtr, std::string&)> collect =
      [&](xmlNodePtr n, std::string& line) {
        for (; n; n = n->next) {
          if (n->type != XML_ELEMENT_NODE) continue;
          if (std::strcmp(local(n), run) == 0) {
            line += content(n);
          } else if (tab && std::strcmp(local(n), tab) == 0) {
            line += '\t';
          } else if (std::strcmp(local(n), para) == 0) {
            std::string inner;
            collect(n->children, inner);
            if (!out.empty()) out += '\n';
            out += inner;
          } else {
            collect(n->children, line);
          }
        }
      };
  std::string stray;
  collect(root, stray);
  return out;
}

void read_core(Reader& r) {
  Xml core(r.part("docProps/core.xml"));
  if (!core.root()) return;
  static const std::map<std::string, std::string> kKeys = {
      {"title", "title"},
      {"subject", "subject"},
      {"creator", "author"},
      {"keywords", "keywords"},
      {"description", "description"},
      {"lastModifiedBy", "last_modified_by"},
      {"revision", "revision"},
      {"category", "category"},
      {"created", "created"},
      {"modified", "modified"}};
  walk(core.root()->children, [&](xmlNodePtr n) {
    auto it = kKeys.find(local(n));
    if (it != kKeys.end()) r.info.set(it->second, trim(content(n)));
  });
}

void read_app(Reader& r) {
  Xml app(r.part("docProps/app.xml"));
  if (!app.root()) return;
  static const std::map<std::string, std::string> kKeys = {
      {"Company", "company"},
      {"Manager", "manager"},
      {"Application", "creator_tool"},
      {"AppVersion", "application_version"},
      {"Template", "template"},
      {"TotalTime", "total_time"},
      {"Pages", "pages"},
      {"Slides", "pages"}};
  for (xmlNodePtr n = app.root()->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    auto it = kKeys.find(local(n));
    // Slides count as pages only where the part has no Pages.
    if (it != kKeys.end() &&
        !(std::strcmp(local(n), "Slides") == 0 && r.info.get("pages")))
      r.info.set(it->second, trim(content(n)));
  }
}

// Parts whose names match prefix + number + suffix, in numeric order.
std::vector<std::string> numbered(const ZipArchive& zip,
                                  const std::string& prefix,
                                  const std::string& suffix) {
  std::vector<std::pair<long, std::string>> found;
  for (const auto& e : zip.entries()) {
    const std::string& n = e.name;
    if (n.size() <= prefix.size() + suffix.size() ||
        n.compare(0, prefix.size(), prefix) != 0 ||
        n.compare(n.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    std::string mid =
        n.substr(prefix.size(), n.size() - prefix.size() - suffix.size());
    if (mid.empty() || mid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    found.emplace_back(std::stol(mid), n);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

void read_word(Reader& r) {
  for (const char* part :
       {"word/document.xml", "word/footnotes.xml", "word/endnotes.xml"}) {
    Xml x(r.part(part));
    if (x.root()) r.add_text(paragraphs(x.root(), "p", "t", "tab"));
  }
  for (const auto& name : numbered(r.zip, "word/header", ".xml")) {
    Xml x(r.part(name));
    if (x.root()) r.add_text(paragraphs(x.root(), "p", "t", "tab"));
  }
}

void read_excel(Reader& r) {
  std::vector<std::string> shared;
  {
    Xml ss(r.part("xl/sharedStrings.xml"));
    if (ss.root())
      for (xmlNodePtr si = ss.root()->children; si; si = si->next) {
        if (si->type != XML_ELEMENT_NODE || std::strcmp(local(si), "si") != 0)
          continue;
        std::string s;
        walk(si->children, [&](xmlNodePtr n) {
          if (std::strcmp(local(n), "t") == 0) s += content(n);
        });
        shared.push_back(s);
      }
  }
  // Sheet names in workbook order, matched to parts through the workbook's
  // relationships.
  std::map<std::string, std::string> rel_target;
  {
    Xml rels(r.part("xl/_rels/workbook.xml.rels"));
    if (rels.root())
      walk(rels.root()->children, [&](xmlNodePtr n) {
        if (std::strcmp(local(n), "Relationship") == 0) {
          std::string t = attr(n, "Target");
          if (!t.empty() && t[0] == '/')
            t = t.substr(1);
          else
            t = "xl/" + t;
          rel_target[attr(n, "Id")] = t;
        }
      });
  }
  std::vector<std::pair<std::string, std::string>> sheets;  // name, part
  {
    Xml wb(r.part("xl/workbook.xml"));
    if (wb.root())
      walk(wb.root()->children, [&](xmlNodePtr n) {
        if (std::strcmp(local(n), "sheet") == 0)
          sheets.emplace_back(attr(n, "name"), rel_target[attr(n, "id")]);
      });
  }
  if (sheets.empty())
    for (const auto& p : numbered(r.zip, "xl/worksheets/sheet", ".xml"))
      sheets.emplace_back("", p);
  for (const auto& [name, part] : sheets) {
    Xml ws(r.part(part));
    if (!ws.root()) continue;
    std::string text = name.empty() ? "" : "[" + name + "]";
    walk(ws.root()->children, [&](xmlNodePtr row) {
      if (std::strcmp(local(row), "row") != 0) return;
      std::string line;
      for (xmlNodePtr c = row->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || std::strcmp(local(c), "c") != 0)
          continue;
        std::string type = attr(c, "t"), value;
        for (xmlNodePtr v = c->children; v; v = v->next) {
          if (v->type != XML_ELEMENT_NODE) continue;
          if (std::strcmp(local(v), "v") == 0) value = content(v);
          if (std::strcmp(local(v), "is") == 0) value = content(v);
        }
        if (type == "s") {
          char* end = nullptr;
          long i = std::strtol(value.c_str(), &end, 10);
          value = (end && *end == 0 && i >= 0 &&
                   static_cast<size_t>(i) < shared.size())
                      ? shared[static_cast<size_t>(i)]
                      : "";
        }
        if (value.empty()) continue;
        if (!line.empty()) line += '\t';
        line += value;
      }
      if (!line.empty()) text += (text.empty() ? "" : "\n") + line;
    });
    r.add_text(text);
  }
}

void read_slides(Reader& r) {
  for (const auto& name : numbered(r.zip, "ppt/slides/slide", ".xml")) {
    Xml x(r.part(name));
    if (x.root()) r.add_text(paragraphs(x.root(), "p", "t", nullptr));
  }
}

void read_odf(Reader& r) {
  Xml meta(r.part("meta.xml"));
  if (meta.root()) {
    static const std::map<std::string, std::string> kKeys = {
        {"title", "title"},
        {"subject", "subject"},
        {"initial-creator", "author"},
        {"creator", "last_modified_by"},
        {"keyword", "keywords"},
        {"creation-date", "created"},
        {"date", "modified"},
        {"generator", "creator_tool"},
        {"editing-cycles", "revision"},
        {"editing-duration", "total_time"}};
    walk(meta.root()->children, [&](xmlNodePtr n) {
      auto it = kKeys.find(local(n));
      if (it != kKeys.end()) {
        if (it->second == "keywords" && r.info.get("keywords"))
          r.info.set("keywords",
                     *r.info.get("keywords") + ", " + trim(content(n)));
        else
          r.info.set(it->second, trim(content(n)));
      }
      if (std::strcmp(local(n), "document-statistic") == 0) {
        std::string pages = attr(n, "page-count");
        if (!pages.empty()) r.info.set("pages", pages);
      }
    });
  }
  Xml body(r.part("content.xml"));
  if (body.root()) {
    std::string out;
    walk(body.root()->children, [&](xmlNodePtr n) {
      if (std::strcmp(local(n), "p") == 0 || std::strcmp(local(n), "h") == 0) {
        // Only outermost paragraphs: nested ones are inside the content.
        if (n->parent && (std::strcmp(local(n->parent), "p") == 0 ||
                          std::strcmp(local(n->parent), "h") == 0))
          return;
        if (!out.empty()) out += '\n';
        out += content(n);
      }
    });
    r.add_text(out);
  }
}

}  // namespace

bool has_vba_project(const ZipArchive& zip) {
  for (const auto& e : zip.entries())
    if (e.name.size() >= 14 &&
        e.name.compare(e.name.size() - 14, 14, "vbaProject.bin") == 0)
      return true;
  return false;
}

std::string package_format(const ZipArchive& zip) {
  if (!zip.ok()) return "";
  int64_t mt = zip.find("mimetype");
  if (mt >= 0) {
    std::string m, why;
    bool tr = false;
    if (zip.read(static_cast<uint64_t>(mt), 256, &m, &tr, &why)) {
      if (m == "application/vnd.oasis.opendocument.text") return "odt";
      if (m == "application/vnd.oasis.opendocument.spreadsheet") return "ods";
      if (m == "application/vnd.oasis.opendocument.presentation") return "odp";
    }
  }
  if (zip.find("[Content_Types].xml") < 0) return "";
  bool macros = has_vba_project(zip);
  if (zip.find("word/document.xml") >= 0) return macros ? "docm" : "docx";
  if (zip.find("xl/workbook.xml") >= 0) return macros ? "xlsm" : "xlsx";
  if (zip.find("ppt/presentation.xml") >= 0) return macros ? "pptm" : "pptx";
  return "";
}

std::string package_format(std::string_view bytes) {
  return package_format(ZipArchive(bytes));
}

DocumentInfo read_package(std::string_view bytes,
                          const DocumentLimits& limits) {
  ZipArchive zip(bytes);
  if (!zip.ok()) {
    DocumentInfo info;
    info.format = "zip";
    info.problems.push_back("package: not a readable zip: " + zip.error());
    return info;
  }
  return read_package(zip, package_format(zip), limits);
}

DocumentInfo read_package(const ZipArchive& zip, const std::string& format,
                          const DocumentLimits& limits) {
  DocumentInfo info;
  info.format = format;
  info.macros = has_vba_project(zip);
  Reader r{zip, limits, info};
  const std::string& f = info.format;
  if (f == "odt" || f == "ods" || f == "odp") {
    read_odf(r);
  } else {
    read_core(r);
    read_app(r);
    if (f == "docx" || f == "docm") read_word(r);
    if (f == "xlsx" || f == "xlsm") read_excel(r);
    if (f == "pptx" || f == "pptm") read_slides(r);
  }
  info.set("macros", info.macros ? "true" : "false");
  info.set("encrypted", "false");
  return info;
}

}  // namespace leakscope::office
