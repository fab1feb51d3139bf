// Damaged documents and hostile archives: every real document of the corpus
// truncated and bit-flipped must parse without a crash (damage reported
// where the structure breaks); zip bombs are reported, not expanded; nested
// zips stop at the depth limit; a zip holding a message with a PDF attached
// is opened all the way down.
#include <doctest/doctest.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cfb_extent.hpp"
#include "ingest/content_dispatch.hpp"
#include "leakscope/reporter.hpp"
#include "office_document.hpp"
#include "pdf_document.hpp"
#include "test_support.hpp"
#include "transfer_encode.hpp"
#include "zip_support.hpp"

using namespace leakscope;
using leakscope::test::make_zip;
using leakscope::test::MemorySink;
namespace fs = std::filesystem;

namespace {

struct Opened {
  MemorySink sink;
  CollectingReporter rep;
};

void open_zip(const std::string& bytes, Opened& o, DispatchLimits limits = {}) {
  ContentDispatcher d(limits);
  emit_document(bytes, "zip", "t.zip", "t.zip", kNoParent, 0, o.sink, o.rep, d,
                d.limits(), d.budget());
}

}  // namespace

TEST_CASE(
    "corrupt docs: truncated and bit-flipped corpus documents never crash") {
  if (!test::have_corpus("docs")) {
    MESSAGE("../shared/corpus/docs is absent: skipped");
    return;
  }
  // Sorted so that the random flips land on the same bytes on every machine.
  std::vector<fs::path> paths;
  for (const auto& e :
       fs::recursive_directory_iterator(test::corpus_dir() / "docs")) {
    if (!e.is_regular_file() || e.file_size() > 300000) continue;
    std::string ext = e.path().extension().string();
    if (ext != ".pdf" && ext != ".docx" && ext != ".xlsx" && ext != ".pptx" &&
        ext != ".doc" && ext != ".xls" && ext != ".ppt" && ext != ".odt" &&
        ext != ".ods")
      continue;
    paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  std::mt19937 rng(7);
  int files = 0, variants = 0, truncated_reported = 0, flipped_reported = 0;
  std::vector<std::string> truncated_silent;
  for (const auto& path : paths) {
    std::string ext = path.extension().string();
    std::string bytes = test::read_file(path);
    if (bytes.size() < 64) continue;
    ++files;
    std::vector<std::string> damaged = {bytes.substr(0, bytes.size() / 2),
                                        bytes.substr(0, bytes.size() / 5)};
    for (int k = 0; k < 3; ++k) {
      std::string b = bytes;
      for (int f = 0; f < 8; ++f)
        b[rng() % b.size()] ^= static_cast<char>(1u << (rng() % 8));
      damaged.push_back(b);
    }
    for (size_t v = 0; v < damaged.size(); ++v) {
      ++variants;
      DocumentInfo info;
      if (ext == ".pdf")
        info = pdf::read_pdf(damaged[v]);
      else if (ext == ".doc" || ext == ".xls" || ext == ".ppt")
        info = office::read_ole2(damaged[v]);
      else
        info = office::read_package(damaged[v]);
      if (info.problems.empty()) {
        if (v < 2)
          truncated_silent.push_back(
              fs::relative(path, test::corpus_dir() / "docs").string() +
              (v == 0 ? " cut to 1/2" : " cut to 1/5"));
        continue;
      }
      (v < 2 ? truncated_reported : flipped_reported)++;
    }
  }
  MESSAGE(files << " documents, " << variants << " damaged variants, "
                << truncated_reported << " truncated and " << flipped_reported
                << " bit-flipped with damage reported");
  // The corpus as described by ../shared/corpus/docs/SOURCES.
  CHECK(files == 214);
  CHECK(variants == 1070);
  // A cut document loses its end (xref table, zip central directory, FAT
  // sectors): every truncated variant must say so, but one. That PDF pads
  // its first revision's %%EOF with filler bytes, so its first half is a
  // complete PDF with trailing filler that no reader can tell from a cut.
  CHECK(truncated_reported == 2 * files - 1);
  CHECK(truncated_silent ==
        std::vector<std::string>{
            "qpdf-broken/recover-xref-stream.pdf cut to 1/2"});
  // Eight flipped bits often land in compressed streams or unused bytes that
  // no reader checks; these figures pin today's behaviour so that a reader
  // that starts swallowing damage is noticed (443 since the text of .doc,
  // .xls and .ppt is read: a flip in a piece table or a BIFF record is now
  // seen; 459 since PDFs are read by MuPDF, which warns of damaged streams
  // and objects that poppler passed over in silence; 454 since Excel 5.0/95
  // workbooks are read: the two testEXCEL_95.xls reported "not BIFF8" for
  // every variant, flipped or not).
  CHECK(flipped_reported == 454);
}

TEST_CASE("corrupt docs: a zip bomb is reported, not expanded") {
  std::string zeros(64u << 20, '\0');  // 64 MiB of zeros: ~64 KiB deflated
  std::string bomb =
      make_zip({{"zeros.bin", zeros, true}, {"note.txt", "hello", false}});
  CHECK(bomb.size() < 200000);
  Opened o;
  open_zip(bomb, o);
  // The archive, its two entries, and note.txt's text as a document.
  REQUIRE(o.sink.items.size() == 4);
  CHECK(o.sink.items[3].kind == "document");
  CHECK(o.sink.items[3].text == "hello");
  CHECK(o.sink.items[0].kind == "archive");
  CHECK(*o.sink.items[0].field("entries") == "2");
  CHECK(o.sink.items[1].field("zip_bomb") != nullptr);
  CHECK(o.sink.items[1].sha256.empty());
  CHECK(o.sink.items[2].sha256 ==
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  REQUIRE(o.rep.damages.size() == 1);
  CHECK(o.rep.damages[0].locator == "t.zip#entry=zeros.bin");
  CHECK(o.rep.damages[0].what.rfind("zip bomb or oversized entry: ", 0) == 0);
}

TEST_CASE("corrupt docs: nested zips stop at the depth limit") {
  std::string z = make_zip({{"inner.txt", "x", false}});
  for (int i = 0; i < 6; ++i)
    z = make_zip({{"level" + std::to_string(i) + ".zip", z, false}});
  Opened o;
  DispatchLimits limits;
  limits.max_depth = 3;
  open_zip(z, o, limits);
  int archives = 0;
  for (const auto& it : o.sink.items) archives += it.kind == "archive";
  CHECK(archives == 4);  // the outer archive and three nested levels
  REQUIRE(o.rep.damages.size() == 1);
  CHECK(o.rep.damages[0].what ==
        "nesting deeper than 3 levels; zip content not opened");
}

TEST_CASE(
    "corrupt docs: zip -> message -> PDF attachment is opened all the way") {
  if (!test::have_corpus("docs/exiftool/PDF.pdf")) {
    MESSAGE("corpus PDF absent: skipped");
    return;
  }
  std::string pdf =
      test::read_file(test::corpus_dir() / "docs/exiftool/PDF.pdf");
  std::string eml =
      "From: a@contoso.de\r\nTo: b@fabrikam.com\r\nSubject: SOW\r\nMessage-ID: "
      "<z@x>\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
      "boundary=XX\r\n\r\n--XX\r\n"
      "Content-Type: text/plain\r\n\r\nsee attached\r\n--XX\r\nContent-Type: "
      "application/pdf; "
      "name=\"sow.pdf\"\r\nContent-Disposition: attachment; "
      "filename=\"sow.pdf\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
      mailgen::base64_lines(pdf, "\r\n") + "--XX--\r\n";
  Opened o;
  open_zip(make_zip({{"mail/x.eml", eml, true}}), o);
  std::vector<std::string> kinds;
  for (const auto& it : o.sink.items) kinds.push_back(it.kind);
  CHECK(kinds == std::vector<std::string>{"archive", "file", "message",
                                          "attachment", "document"});
  const Item& doc = o.sink.items.back();
  CHECK(*doc.field("format") == "pdf");
  CHECK(doc.locator ==
        "t.zip#entry=mail/x.eml/message/part=2/attachment=sow.pdf");
  CHECK(doc.parent == 3);
}

TEST_CASE(
    "corrupt docs: OLE2 extent check on a looping DIFAT and a huge "
    "FAT count") {
  // A compound file of 200 sectors whose header claims 2^32-1 FAT sectors
  // and whose DIFAT chain points at itself: the walk is bounded by the file,
  // not by the claim (it once could collect 2^27 entries), and the file is
  // reported as cut where its FAT names a sector past the end.
  std::string f(512 * 201, '\0');
  const unsigned char sig[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  std::memcpy(f.data(), sig, 8);
  auto put16 = [&](size_t at, uint16_t v) { std::memcpy(&f[at], &v, 2); };
  auto put32 = [&](size_t at, uint32_t v) { std::memcpy(&f[at], &v, 4); };
  auto sector = [](uint32_t s) { return (s + 1) * 512u; };
  put16(0x1E, 9);            // 512-byte sectors
  put32(0x2C, 0xFFFFFFFFu);  // FAT sectors claimed
  put32(0x30, 0xFFFFFFFEu);  // no directory
  put32(0x44, 1);            // the DIFAT starts in sector 1 ...
  for (size_t i = 0; i < 109; ++i) put32(0x4C + 4 * i, 0xFFFFFFFFu);
  put32(0x4C + 4 * 2, 2);  // the third FAT sector (sectors 256..383) is 2
  for (uint32_t s : {1u, 2u})
    for (size_t i = 0; i < 128; ++i) put32(sector(s) + 4 * i, 0xFFFFFFFFu);
  put32(sector(1) + 4 * 127, 1);           // ... and chains to itself
  put32(sector(2) + 4 * 44, 0xFFFFFFFEu);  // sector 300 in use: past the end
  auto cut = office::cfb_truncation(f);
  REQUIRE(cut.has_value());
  CHECK(*cut ==
        "OLE2: truncated: allocated sector 300 starts at byte 154112 but the "
        "file ends at byte 102912");
}
