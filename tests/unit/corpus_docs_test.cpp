// The real documents in ../shared/corpus/docs against ExifTool's reading of
// them (EXPECTED.jsonl): every metadata value ExifTool lists for the Info
// dictionary, the OOXML core/app parts and the OLE2 property sets is
// compared with ours. Differences are counted per key and must stay at the
// figures below, each explained.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ingest/source_parser.hpp"
#include "test_support.hpp"

using namespace leakscope;
using leakscope::test::MemorySink;

namespace {

// ExifTool prints "+0000"; we print "Z" for UTC and "+01:00" otherwise.
std::string norm_date(std::string s) {
  if (!s.empty() && s.back() == 'Z') s = s.substr(0, s.size() - 1) + "+0000";
  if (s.size() > 6 && s[s.size() - 3] == ':' &&
      (s[s.size() - 6] == '+' || s[s.size() - 6] == '-'))
    s.erase(s.size() - 3, 1);
  // ExifTool separates the date with ':' in some groups.
  if (s.size() >= 10 && s[4] == ':' && s[7] == ':') s[4] = s[7] = '-';
  if (s.size() >= 11 && s[10] == ' ') s[10] = 'T';
  return s;
}

std::string as_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return v.dump();
}

}  // namespace

TEST_CASE("corpus docs: metadata agrees with ExifTool's reading") {
  if (!test::have_corpus("docs/EXPECTED.jsonl")) {
    MESSAGE("../shared/corpus/docs is absent: skipped");
    return;
  }
  // ExifTool key -> our field.
  const std::map<std::string, std::string> kMap = {
      {"XMP-dc:Title", "title"},
      {"FlashPix:Title", "title"},
      {"PDF:Title", "title"},
      {"XMP-dc:Subject", "subject"},
      {"FlashPix:Subject", "subject"},
      {"PDF:Subject", "subject"},
      {"FlashPix:Author", "author"},
      {"PDF:Author", "author"},
      {"XML:Company", "company"},
      {"FlashPix:Company", "company"},
      {"XML:Manager", "manager"},
      {"FlashPix:Manager", "manager"},
      {"XML:LastModifiedBy", "last_modified_by"},
      {"FlashPix:LastModifiedBy", "last_modified_by"},
      {"XML:Template", "template"},
      {"FlashPix:Template", "template"},
      {"XML:Application", "creator_tool"},
      {"PDF:Creator", "creator_tool"},
      {"PDF:Producer", "producer"},
      {"XML:Keywords", "keywords"},
      {"FlashPix:Keywords", "keywords"},
      {"PDF:Keywords", "keywords"},
      {"XML:CreateDate", "created"},
      {"FlashPix:CreateDate", "created"},
      {"PDF:CreateDate", "created"},
      {"XML:ModifyDate", "modified"},
      {"FlashPix:ModifyDate", "modified"},
      {"PDF:ModifyDate", "modified"},
      {"XML:Pages", "pages"},
      {"PDF:PageCount", "pages"},
      {"PDF:PDFVersion", "pdf_version"},
  };
  std::ifstream in(test::corpus_dir() / "docs/EXPECTED.jsonl");
  std::string line;
  int compared = 0, agreed = 0, documents = 0;
  std::map<std::string, int> differ;
  std::ostringstream report;
  while (std::getline(in, line)) {
    auto e = nlohmann::json::parse(line);
    std::string file = e["file"];
    MemorySink sink;
    CollectingReporter rep;
    parse_source((test::corpus_dir() / "docs" / file).string(), file, sink, rep,
                 {});
    const Item* doc = nullptr;
    // The file's own document item (not the text of an entry inside an
    // archive such as an .xlsb, which is no document format read here).
    for (const auto& it : sink.items)
      if (it.kind == "document" && it.parent == kNoParent) {
        doc = &it;
        break;
      }
    if (!doc) continue;
    ++documents;
    for (const auto& [key, field] : kMap) {
      if (!e.contains(key)) continue;
      std::string want = as_text(e[key]);
      const std::string* got = doc->field(field);
      ++compared;
      bool same =
          got && (*got == want || (field == "created" || field == "modified"
                                       ? norm_date(*got) == norm_date(want)
                                       : false));
      if (same) {
        ++agreed;
      } else {
        ++differ[key];
        report << file << " " << key << ": exiftool \"" << want << "\", ours \""
               << (got ? *got : "(none)") << "\"\n";
      }
    }
  }
  MESSAGE("documents " << documents << ", values compared " << compared
                       << ", agreed " << agreed << "\n"
                       << report.str());
  // 228 of the 233 listed files are documents (the rest: RTF, images),
  // two of them the text files that ExifTool also calls TXT
  // (pdfjs/bug1606566.pdf and qpdf-broken/bad1.pdf: no PDF header).
  // Of 952 values, the differences are understood:
  //  - 4 OLE2 dates ExifTool prints as "0" (FILETIME zero): libgsf turns
  //    them into a date; ours is libgsf's reading.
  //  - 6 values of TestInvertedClassID.doc: libgsf rejects its property set
  //    (a byte-swapped class id) that ExifTool accepts.
  //  - 2 titles in Shift-JIS/CP936 that ExifTool prints as "?": ours are the
  //    decoded characters.
  //  - fractional seconds ExifTool drops, a keyword array it prints as
  //    JSON, an XMP title it prefers over the Info title, dc:subject it
  //    calls Subject (we read it as keywords), a pptx with Pages="0".
  CHECK(documents == 228);
  CHECK(compared == 952);
  CHECK(agreed == 936);
}
