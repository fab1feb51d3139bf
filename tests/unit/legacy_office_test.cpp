// Text of legacy .doc, .xls and .ppt files (parsers/office/legacy_text.cpp)
// on real files nobody here wrote: the words of each file's OOXML twin (the
// same document saved as .docx/.xlsx/.pptx by its authors) are found in the
// legacy text, known phrases of the labelled business documents are read,
// and cut or bit-flipped copies never crash.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <set>
#include <string>

#include "legacy_text.hpp"
#include "office_document.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace leakscope;

namespace {

// Lower-cased ASCII words of four letters or more.
std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::string w;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      w.push_back(
          static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      continue;
    }
    if (w.size() >= 4) out.insert(w);
    w.clear();
  }
  return out;
}

DocumentInfo read_any(const fs::path& p) {
  const std::string bytes = test::read_file(p);
  const std::string ext = p.extension().string();
  if (ext == ".docx" || ext == ".xlsx" || ext == ".pptx")
    return office::read_package(bytes);
  return office::read_ole2(bytes);
}

}  // namespace

TEST_CASE("legacy office: .doc/.xls/.ppt text holds its OOXML twin's words") {
  if (!test::have_corpus("docs/tika-office")) {
    FAIL(
        "../shared/corpus/docs is absent: the legacy Office text is not "
        "checked on real files");
    return;
  }
  const fs::path d = test::corpus_dir() / "docs";
  const std::vector<std::pair<std::string, std::string>> twins = {
      {"poi-spreadsheet/SampleSS.xls", "poi-spreadsheet/SampleSS.xlsx"},
      {"poi-slideshow/SampleShow.ppt", "poi-slideshow/SampleShow.pptx"},
      {"poi-document/HeaderFooterUnicode.doc",
       "poi-document/HeaderFooterUnicode.docx"},
      {"tika-office/testWORD.doc", "tika-office/testWORD.docx"},
      {"tika-office/testEXCEL.xls", "tika-office/testEXCEL.xlsx"},
  };
  for (const auto& [legacy, modern] : twins) {
    CAPTURE(legacy);
    const DocumentInfo old_info = read_any(d / legacy);
    const DocumentInfo new_info = read_any(d / modern);
    const auto want = words(new_info.text), got = words(old_info.text);
    REQUIRE(!want.empty());
    size_t found = 0;
    std::string missing;
    for (const auto& w : want) {
      if (got.count(w))
        ++found;
      else
        missing += w + " ";
    }
    CAPTURE(missing);
    // Headers, footers and notes are outside the legacy main text: most,
    // not all, of the twin's words.
    CHECK(found * 10 >= want.size() * 8);
  }
  // Encrypted legacy files say so.
  const DocumentInfo enc =
      read_any(d / "tika-office/testWORD_protected_passtika.doc");
  CHECK(enc.encrypted);
  CHECK(enc.text.empty());
}

TEST_CASE("legacy office: the labelled business documents are read") {
  if (!test::have_corpus("business/LABELS.tsv")) {
    FAIL("../shared/corpus/business is absent: legacy Office text not checked");
    return;
  }
  const fs::path b = test::corpus_dir() / "business";
  const std::vector<std::pair<std::string, std::string>> phrases = {
      {"OhBii-others__NDA.doc", "MUTUAL NON-DISCLOSURE AGREEMENT"},
      {"cube13-ddruk_com_ua__akt.doc", "про приймання-передачу пристрою"},
      {"oleksii-mtk-rezina13__price.xls", "[TDSheet]\nСформирован:"},
      {"oleksii-mtk-rezina13__price.xls", "Прайс-лист"},
      {"ishutin-pavel-prokat-kompressora__price.xls",
       "Пескоструйная обработка ДИСКОВ в руб. за 1 шт"},
  };
  for (const auto& [file, phrase] : phrases) {
    CAPTURE(file);
    const DocumentInfo info = read_any(b / file);
    CHECK(info.problems.empty());
    CHECK(info.text.find(phrase) != std::string::npos);
  }
}

TEST_CASE(
    "legacy office: cut and bit-flipped files are read as far as they go") {
  if (!test::have_corpus("business/LABELS.tsv")) {
    FAIL(
        "../shared/corpus/business is absent: corrupt legacy files not "
        "checked");
    return;
  }
  std::mt19937 rng(7);
  size_t variants = 0, cut_reported = 0;
  for (const char* f : {"business/OhBii-others__NDA.doc",
                        "business/oleksii-mtk-rezina13__price.xls",
                        "docs/poi-slideshow/SampleShow.ppt"}) {
    const std::string bytes = test::read_file(test::corpus_dir() / f);
    REQUIRE(!bytes.empty());
    for (int k = 0; k < 40; ++k) {
      std::string v = bytes;
      if (k % 2)
        v.resize(rng() % v.size());
      else
        for (int flips = 0; flips < 16; ++flips)
          v[rng() % v.size()] ^= static_cast<char>(1u << (rng() % 8));
      const DocumentInfo info = office::read_ole2(v);  // must not crash
      CHECK(info.text.size() <= DocumentLimits{}.max_text_bytes);
      ++variants;
      if (k % 2) cut_reported += !info.problems.empty();
    }
  }
  CHECK(variants == 120);
  // Every cut file says it was cut (the compound file's extent check or a
  // stream record that runs past its end).
  CHECK(cut_reported == 60);
}

namespace {

// One BIFF record: type, length, data.
std::string biff_record(uint16_t type, const std::string& data) {
  std::string r(4, '\0');
  r[0] = static_cast<char>(type & 0xFF);
  r[1] = static_cast<char>(type >> 8);
  r[2] = static_cast<char>(data.size() & 0xFF);
  r[3] = static_cast<char>(data.size() >> 8);
  return r + data;
}
std::string u16(uint16_t v) {
  return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
}

}  // namespace

TEST_CASE("legacy office: Excel 5.0/95 (BIFF5) workbooks") {
  SUBCASE("8-bit strings in the workbook's code page (Windows-1251)") {
    const std::string bof_globals =
        u16(0x0500) + u16(0x0005) + std::string(4, 0);
    const std::string bof_sheet = u16(0x0500) + u16(0x0010) + std::string(4, 0);
    // "Прайс" and "Цена" in Windows-1251.
    const std::string sheet_name = "\xCF\xF0\xE0\xE9\xF1";
    const std::string label = "\xD6\xE5\xED\xE0";
    double price = 12.5;
    std::string number = u16(0) + u16(1) + u16(15) + std::string(8, 0);
    std::memcpy(number.data() + 6, &price, 8);
    const std::string book =
        biff_record(0x0809, bof_globals) + biff_record(0x0042, u16(1251)) +
        biff_record(0x0085, std::string(4, 0) + u16(0) +
                                static_cast<char>(sheet_name.size()) +
                                sheet_name) +
        biff_record(0x000A, "") + biff_record(0x0809, bof_sheet) +
        biff_record(0x0204, u16(0) + u16(0) + u16(15) +
                                u16(static_cast<uint16_t>(label.size())) +
                                label) +
        biff_record(0x0203, number) + biff_record(0x000A, "");
    const office::LegacyText t = office::excel_text(book, 1 << 20);
    CHECK(t.problems.empty());
    CHECK(t.text == "[Прайс]\nЦена\t12.5\n");
  }
  SUBCASE("Apache POI's testEXCEL_95.xls: labels, numbers, formula results") {
    const fs::path f =
        test::corpus_dir() / "docs/poi-spreadsheet/testEXCEL_95.xls";
    if (!fs::exists(f)) {
      FAIL("../shared/corpus/docs is absent: BIFF5 text not checked");
      return;
    }
    const DocumentInfo info = read_any(f);
    CHECK(info.format == "xls");
    CHECK(info.problems.empty());
    CHECK(info.text.rfind(
              "[Feuil1]\nSample Excel Worksheet - Numbers and their Squares\n"
              "Number\tSquare\tFormatted\n1\t1\t1\n",
              0) == 0);
    CHECK(info.text.find("Written and saved in Microsoft Excel X for Mac "
                         "Service Release 1.") != std::string::npos);
  }
}
