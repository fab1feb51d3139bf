// Minimal valid PDF 1.4 documents: text pages in Helvetica (WinAnsi), an
// Info dictionary (title, author, dates as UTF-16BE), a correct xref table.
// Enough for text and metadata extraction (poppler, pdftotext).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mailgen {

struct PdfDoc {
  std::string title;   // UTF-8
  std::string author;  // UTF-8
  std::string producer = "Microsoft® Word 2016";
  int64_t created_utc = 0;
  int offset_minutes = 0;
  std::vector<std::string> lines;  // UTF-8; characters outside WinAnsi -> '?'
};

std::string make_pdf(const PdfDoc& doc);

}  // namespace mailgen
