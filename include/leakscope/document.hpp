// What the document parsers (parsers/pdf, parsers/office) return: the
// document's format, metadata under the report's key names, and its text.
// Pure data: no parser state, no store.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace leakscope {

struct DocumentInfo {
  // "pdf", "docx", "docm", "xlsx", "xlsm", "pptx", "pptm", "odt", "ods",
  // "odp", "doc", "xls", "ppt", "msg", "ole2", "ooxml_encrypted", "rtf".
  std::string format;
  // Metadata in file order under the keys of `info --json`: title, subject,
  // author, keywords, creator_tool, producer, company, manager,
  // last_modified_by, template, category, revision, created, modified
  // (ISO 8601, with offset when the file has one), pages, pdf_version,
  // encrypted, macros, code_page, application_version, total_time.
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string text;  // UTF-8, paragraphs separated by '\n'
  bool encrypted = false;
  bool macros = false;
  // Damage and notes found while reading (the caller reports them).
  std::vector<std::string> problems;

  void set(const std::string& key, std::string value) {
    if (value.empty()) return;
    for (auto& kv : metadata)
      if (kv.first == key) {
        kv.second = std::move(value);
        return;
      }
    metadata.emplace_back(key, std::move(value));
  }
  const std::string* get(const std::string& key) const {
    for (const auto& kv : metadata)
      if (kv.first == key) return &kv.second;
    return nullptr;
  }
};

// Bounds on what one document may cost (hostile input).
struct DocumentLimits {
  size_t max_text_bytes = 16u << 20;    // text kept per document
  int max_pages = 5000;                 // PDF pages whose text is extracted
  uint64_t max_part_bytes = 64u << 20;  // one OOXML/ODF XML part, expanded
};

}  // namespace leakscope
