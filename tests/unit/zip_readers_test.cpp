// libzip (archive::ZipArchive, the zip reader leakscope uses) against
// libarchive's two zip readers on damaged zips made from the corpus's
// zip-based files (OOXML, ODF, a zip): how many entries each lists and how
// many it reads with a good CRC. The figures are the ones
// parsers/archive/FORMAT.md gives for the choice of reader.
#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <random>

#include "test_support.hpp"
#include "zip_reader.hpp"
#include "zip_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

namespace {

struct Tally {
  int64_t listed = 0, read = 0;
};

Tally with_libzip(const std::string& bytes) {
  Tally t;
  archive::ZipArchive zip(bytes);
  for (size_t i = 0; i < zip.entries().size(); ++i) {
    ++t.listed;
    std::string out, why;
    bool truncated = false;
    if (zip.read(i, 1 << 24, &out, &truncated, &why)) ++t.read;
  }
  return t;
}

// libarchive's seekable reader (the central directory) or its streaming
// one (the local headers, front to back).
Tally with_libarchive(const std::string& bytes, bool seekable) {
  Tally t;
  struct archive* a = archive_read_new();
  if (seekable)
    archive_read_support_format_zip_seekable(a);
  else
    archive_read_support_format_zip_streamable(a);
  if (archive_read_open_memory(a, bytes.data(), bytes.size()) != ARCHIVE_OK) {
    archive_read_free(a);
    return t;
  }
  struct archive_entry* e = nullptr;
  char buf[65536];
  for (int n = 0; n < 10000; ++n) {
    const int r = archive_read_next_header(a, &e);
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) break;
    ++t.listed;
    la_ssize_t got;
    bool ok = true;
    while ((got = archive_read_data(a, buf, sizeof buf)) > 0) {
    }
    if (got < 0) ok = false;
    if (ok) ++t.read;
    if (got < 0 && archive_errno(a) == ARCHIVE_FATAL) break;
  }
  archive_read_free(a);
  return t;
}

}  // namespace

TEST_CASE("archives: libzip against libarchive on damaged zips") {
  if (!test::have_corpus("docs")) {
    MESSAGE("../shared/corpus/docs is absent: zip reader comparison skipped");
    return;
  }
  std::vector<fs::path> files;
  for (const auto& e :
       fs::recursive_directory_iterator(test::corpus_dir() / "docs")) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && e.file_size() < 200000 &&
        (ext == ".docx" || ext == ".xlsx" || ext == ".pptx" || ext == ".odt" ||
         ext == ".ods" || ext == ".zip")) {
      const std::string head = test::read_file(e.path()).substr(0, 4);
      if (head == "PK\x03\x04") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 20);
  files.resize(20);
  // Whole, cut at 9 points, and whole with 1 and 8 flipped bits: 12
  // variants of each of 20 files.
  Tally whole_zip, whole_seek, whole_stream, cut_zip, cut_seek, cut_stream,
      flip_zip, flip_seek, flip_stream;
  std::mt19937 rng(13);
  auto add = [](Tally& to, const Tally& t) {
    to.listed += t.listed;
    to.read += t.read;
  };
  for (const fs::path& f : files) {
    const std::string bytes = test::read_file(f);
    add(whole_zip, with_libzip(bytes));
    add(whole_seek, with_libarchive(bytes, true));
    add(whole_stream, with_libarchive(bytes, false));
    for (int k = 1; k <= 9; ++k) {
      const std::string cut = bytes.substr(0, bytes.size() * k / 10);
      add(cut_zip, with_libzip(cut));
      add(cut_seek, with_libarchive(cut, true));
      add(cut_stream, with_libarchive(cut, false));
    }
    for (int flips : {1, 8}) {
      std::string b = bytes;
      for (int i = 0; i < flips; ++i)
        b[rng() % b.size()] ^= static_cast<char>(1u << (rng() % 8));
      add(flip_zip, with_libzip(b));
      add(flip_seek, with_libarchive(b, true));
      add(flip_stream, with_libarchive(b, false));
    }
  }
  auto line = [](const char* what, const Tally& z, const Tally& s,
                 const Tally& st) {
    return std::string(what) + ": libzip " + std::to_string(z.read) + "/" +
           std::to_string(z.listed) + ", libarchive seekable " +
           std::to_string(s.read) + "/" + std::to_string(s.listed) +
           ", streamable " + std::to_string(st.read) + "/" +
           std::to_string(st.listed);
  };
  MESSAGE(line("whole", whole_zip, whole_seek, whole_stream));
  MESSAGE(line("cut", cut_zip, cut_seek, cut_stream));
  MESSAGE(line("flipped", flip_zip, flip_seek, flip_stream));
  // Whole files: every entry of the central directory read by both
  // central-directory readers; the streaming reader also meets local
  // headers that no directory entry names (324), and one entry it cannot
  // read without the directory (a stored entry with a data descriptor).
  CHECK(line("whole", whole_zip, whole_seek, whole_stream) ==
        "whole: libzip 319/319, libarchive seekable 319/319, streamable "
        "323/324");
  // Cut short (a partial download): no central directory, so libzip and
  // the seekable reader read nothing; the streaming reader recovers what
  // precedes the cut. Hence the fallback in document_source.cpp.
  CHECK(line("cut", cut_zip, cut_seek, cut_stream) ==
        "cut: libzip 0/0, libarchive seekable 0/0, streamable 1586/1729");
  CHECK(line("flipped", flip_zip, flip_seek, flip_stream) ==
        "flipped: libzip 529/625, libarchive seekable 517/611, streamable "
        "535/636");
}

TEST_CASE("archives: a zip cut short gives the entries before the cut") {
  std::string noise;
  std::mt19937 rng(2);
  for (int i = 0; i < 40000; ++i) noise += static_cast<char>(rng());
  const std::string zip = test::make_zip(
      {{"contacts.csv", "name,email\nAnn,ann@example.org\n", true},
       {"notes.txt", "Call Bob at bob@example.org", false},
       {"noise.bin", noise, false}});
  test::TempDir tmp;
  const fs::path f = tmp.path / "cut.zip";
  {
    std::ofstream o(f, std::ios::binary);
    o << zip.substr(0, zip.size() / 2);
  }
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary({"ingest", f.string(), "--store", store.string()}) ==
          0);
  CHECK(test::sql_strings(store,
                          "SELECT locator FROM items WHERE kind='file' OR "
                          "kind='archive' ORDER BY id") ==
        std::vector<std::string>{"cut.zip", "cut.zip#entry=contacts.csv",
                                 "cut.zip#entry=notes.txt",
                                 "cut.zip#entry=noise.bin"});
  const auto damage = test::sql_strings(store, "SELECT what FROM damages");
  REQUIRE(damage.size() == 2);
  CHECK(damage[0].find("entries read from their local headers") !=
        std::string::npos);
  CHECK(damage[1] ==
        "zip_local entry: Truncated ZIP file data (after 0 bytes)");
  // The export before the cut is read as a table.
  CHECK(test::sql_strings(store,
                          "SELECT name || ' ' || rows FROM "
                          "sql_tables") ==
        std::vector<std::string>{"contacts 1"});
}
