// The PDF reader (MuPDF with leakscope's text device): text in content
// order with the spaces and line breaks the pen's moves imply, invisible
// text kept, a memory cap that refuses a stream bomb, and threads that read
// PDFs at once with the results of one thread.
#include <doctest/doctest.h>
#include <zlib.h>

#include <string>
#include <thread>
#include <vector>

#include "pdf_document.hpp"
#include "pdf_file.hpp"

using leakscope::DocumentInfo;
using leakscope::pdf::read_pdf;

namespace {

// A PDF 1.4 file of `objects` (numbered from 1; object 1 the catalog).
std::string make_pdf(const std::vector<std::string>& objects) {
  return mailgen::pdf_file(objects);
}

std::string stream(const std::string& dict_entries, const std::string& data) {
  return "<< " + dict_entries + " /Length " + std::to_string(data.size()) +
         " >>\nstream\n" + data + "\nendstream";
}

// One page showing `content` with Helvetica as /F1.
std::string one_page(const std::string& content) {
  return make_pdf(
      {"<< /Type /Catalog /Pages 2 0 R >>",
       "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
       "/Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
       "/WinAnsiEncoding >>",
       stream("", content)});
}

}  // namespace

TEST_CASE("pdf: text in content order, spaces and line breaks from the pen") {
  // A word moved right by 30 pt (a gap) is a new word; a TJ adjustment of
  // -300/1000 em is a space, one of -50 is kerning inside a word; a move
  // down is a new line; text in render mode 3 (invisible, the OCR layer of
  // a scan) is text; a move back to the left margin on the same line (a
  // second column) separates words.
  DocumentInfo d =
      read_pdf(one_page("BT /F1 12 Tf 72 700 Td (Invoice) Tj 80 0 Td (No.) Tj "
                        "0 -14 Td [(Total)-300(due)-50(:)] TJ "
                        "0 -14 Td 3 Tr (hidden layer) Tj 0 Tr "
                        "-60 0 Td (left) Tj ET"));
  CHECK(d.problems.empty());
  CHECK(d.text == "Invoice No.\nTotal due:\nhidden layer left");
  CHECK(*d.get("pages") == "1");
  CHECK(*d.get("pdf_version") == "1.4");
}

TEST_CASE("pdf: rotated pages and form XObjects are read along their lines") {
  // A landscape page printed rotated (the text runs up the page): one line
  // of words, not one character per line.
  DocumentInfo rotated = read_pdf(one_page(
      "q 0 1 -1 0 595 0 cm BT /F1 10 Tf 72 60 Td (Beautiful is better) Tj "
      "0 -12 Td (than ugly.) Tj ET Q"));
  CHECK(rotated.text == "Beautiful is better\nthan ugly.");
  // Text in a form XObject (a letterhead, a stamp) drawn with Do, twice,
  // the second time scaled: read each time, in its place in the page.
  std::string pdf = make_pdf(
      {"<< /Type /Catalog /Pages 2 0 R >>",
       "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
       "/Font << /F1 4 0 R >> /XObject << /Stamp 6 0 R >> >> /Contents 5 0 "
       "R >>",
       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
       "/WinAnsiEncoding >>",
       stream("",
              "BT /F1 12 Tf 72 700 Td (Before) Tj ET /Stamp Do "
              "q 2 0 0 2 0 -400 cm /Stamp Do Q "
              "BT /F1 12 Tf 72 100 Td (After) Tj ET"),
       stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
              "/Resources << /Font << /F1 4 0 R >> >>",
              "BT /F1 12 Tf 72 600 Td (Paid in full) Tj ET")});
  DocumentInfo form = read_pdf(pdf);
  CHECK(form.problems.empty());
  CHECK(form.text == "Before\nPaid in full\nPaid in full\nAfter");
}

TEST_CASE("pdf: accents drawn on letters and ligatures make whole words") {
  // Helvetica widths (1/1000 em): C 722, a 556, f 278, e 556, acute 333.
  // An acute accent drawn, then moved back over the "e" that follows it;
  // and an "e" with the accent drawn back over it afterwards: both "Café"
  // (NFC, one character), as pdftotext writes them.
  DocumentInfo before = read_pdf(
      one_page("BT /F1 12 Tf 72 700 Td (Caf) Tj [(\\264) 333 (e)] TJ ET"));
  CHECK(before.text == "Caf\u00e9");
  DocumentInfo after = read_pdf(
      one_page("BT /F1 12 Tf 72 700 Td (Caf) Tj [(e) 556 (\\264)] TJ ET"));
  CHECK(after.text == "Caf\u00e9");
  // An accent alone, away from any letter, stays what it is.
  DocumentInfo alone = read_pdf(one_page(
      "BT /F1 12 Tf 72 700 Td (a) Tj 40 0 Td (\\264) Tj 40 0 Td (b) Tj ET"));
  CHECK(alone.text == "a \u00b4 b");

  // A ligature glyph (code 1, /fi) whose ToUnicode entry is two
  // characters: the word it sits in stays one word.
  std::string cmap =
      "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
      "/CMapName /Lig def 1 begincodespacerange <00> <FF> "
      "endcodespacerange\n1 beginbfchar <01> <00660069> endbfchar\n"
      "endcmap CMapName currentdict /CMap defineresource pop end end";
  std::string pdf = make_pdf(
      {"<< /Type /Catalog /Pages 2 0 R >>",
       "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
       "/Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << "
       "/Type /Encoding /Differences [1 /fi] >> /ToUnicode 6 0 R >>",
       stream("", "BT /F1 12 Tf 72 700 Td (de\\001nidas) Tj ET"),
       stream("", cmap)});
  DocumentInfo lig = read_pdf(pdf);
  CHECK(lig.text == "definidas");
}

TEST_CASE("pdf: a stream that expands past the memory cap is refused") {
  // The catalog's XMP stream: 300 MiB of spaces, Flate-compressed to a few
  // hundred KiB. Loading it whole would pass the 256 MiB a thread's MuPDF
  // context may hold: the allocation is refused, the document is still
  // read, and the refusal is reported.
  const size_t expanded = size_t{300} << 20;
  std::string plain(expanded, ' ');
  uLongf packed_size = compressBound(expanded);
  std::string packed(packed_size, '\0');
  REQUIRE(compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
                    reinterpret_cast<const Bytef*>(plain.data()), expanded,
                    9) == Z_OK);
  packed.resize(packed_size);
  plain.clear();
  plain.shrink_to_fit();
  std::string pdf = make_pdf(
      {"<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R >>",
       "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
       "/Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
       stream("", "BT /F1 12 Tf 72 700 Td (still read) Tj ET"),
       stream("/Type /Metadata /Subtype /XML /Filter /FlateDecode", packed)});
  DocumentInfo d = read_pdf(pdf);
  CHECK(d.text == "still read");
  REQUIRE(!d.problems.empty());
  CHECK(d.problems.back() ==
        "PDF: more than 256 MiB of memory asked for; the rest not read");
  // The next document on this thread starts with the whole cap again.
  DocumentInfo next = read_pdf(one_page("BT /F1 12 Tf 72 700 Td (ok) Tj ET"));
  CHECK(next.problems.empty());
  CHECK(next.text == "ok");
}

TEST_CASE("pdf: two threads read PDFs at once with the results of one") {
  // Each thread has its own MuPDF context (no lock between them); their
  // results must be those of a single thread, document for document.
  std::vector<std::string> pdfs;
  for (int i = 0; i < 40; ++i) {
    std::string content = "BT /F1 11 Tf 72 780 Td";
    for (int line = 0; line < 30; ++line)
      content += " 0 -13 Td (Document " + std::to_string(i) + " line " +
                 std::to_string(line) + " of the price list) Tj";
    content += " ET";
    pdfs.push_back(one_page(content));
  }
  pdfs.push_back(pdfs[3].substr(0, pdfs[3].size() / 2));  // cut: damage
  std::vector<DocumentInfo> alone;
  for (const auto& p : pdfs) alone.push_back(read_pdf(p));
  CHECK(alone[7].text.find("Document 7 line 29 of the price list") !=
        std::string::npos);
  CHECK(!alone.back().problems.empty());
  std::vector<DocumentInfo> a(pdfs.size()), b(pdfs.size());
  std::thread t1([&] {
    for (size_t i = 0; i < pdfs.size(); ++i) a[i] = read_pdf(pdfs[i]);
  });
  std::thread t2([&] {
    for (size_t i = pdfs.size(); i-- > 0;) b[i] = read_pdf(pdfs[i]);
  });
  t1.join();
  t2.join();
  for (size_t i = 0; i < pdfs.size(); ++i) {
    CHECK(a[i].text == alone[i].text);
    CHECK(b[i].text == alone[i].text);
    CHECK(a[i].metadata == alone[i].metadata);
    CHECK(b[i].problems == alone[i].problems);
  }
}
