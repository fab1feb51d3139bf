// Archives and compressed streams through libarchive (parsers/archive/
// stream_archive, src/ingest/archive_source.cpp): every archive of the
// corpus listed as the independent tools list it (../shared/corpus/archive/
// EXPECTED.jsonl), damage and libarchive's own limits told apart, a backup
// in a 7z in a zip read as a backup, truncations and bit flips survived.
#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "bakgen/backup_writer.hpp"
#include "ingest/content_dispatch.hpp"
#include "leakscope/format.hpp"
#include "leakscope/reporter.hpp"
#include "test_support.hpp"
#include "zip_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;
namespace bg = leakscope::bakgen;

namespace {

struct Listing {
  std::vector<std::string> entries;  // "kind:name" under the top archive
  std::vector<std::string> damages, notes;
};

// `bytes` opened as content of kind identify() gives, as an attachment is.
Listing open_bytes(const std::string& bytes, const std::string& name) {
  test::MemorySink sink;
  CollectingReporter rep;
  ContentDispatcher d;
  d.set_record_sink(&sink);
  EmbeddedContent c;
  c.bytes = bytes;
  c.name = name;
  c.locator = name;
  d.open(c, sink, rep);
  Listing out;
  for (const Item& it : sink.items) {
    if (it.parent != 0) continue;  // entries of the first (top) archive
    const std::string* f = it.field("filename");
    out.entries.push_back(it.kind + ":" + (f ? *f : std::string("?")));
  }
  for (const auto& dmg : rep.damages) out.damages.push_back(dmg.what);
  for (const auto& n : rep.notes) out.notes.push_back(n.what);
  return out;
}

// A 7z holding `files` (name, bytes), written by libarchive.
std::string make_7z(
    const std::vector<std::pair<std::string, std::string>>& files) {
  struct archive* a = archive_write_new();
  REQUIRE(archive_write_set_format_7zip(a) == ARCHIVE_OK);
  std::vector<char> buf(64u << 20);
  size_t used = 0;
  REQUIRE(archive_write_open_memory(a, buf.data(), buf.size(), &used) ==
          ARCHIVE_OK);
  for (const auto& [name, bytes] : files) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(bytes.size()));
    REQUIRE(archive_write_header(a, e) == ARCHIVE_OK);
    REQUIRE(archive_write_data(a, bytes.data(), bytes.size()) ==
            static_cast<la_ssize_t>(bytes.size()));
    archive_entry_free(e);
  }
  REQUIRE(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);
  return std::string(buf.data(), used);
}

}  // namespace

TEST_CASE("archives: the corpus's archives listed as the tools list them") {
  if (!test::have_corpus("archive")) {
    MESSAGE("../shared/corpus/archive is absent: skipped");
    return;
  }
  const fs::path dir = test::corpus_dir() / "archive";
  auto list = [&](const std::string& file) {
    return open_bytes(test::read_file(dir / file), file);
  };
  const std::vector<std::string> tar6 = {"file:f1",    "file:f2",
                                         "file:f3",    "file:d1/f1",
                                         "file:d1/f2", "file:d1/f3"};
  // A compressed tar: one entry, the tar (named after the file), holding
  // the six files bsdtar and lsar list.
  for (const char* f : {"libarchive-libarchive__test_compat_gzip_1.tgz",
                        "libarchive-libarchive__test_compat_bzip2_1.tbz",
                        "libarchive-libarchive__test_compat_xz_1.txz"}) {
    CAPTURE(f);
    test::MemorySink sink;
    CollectingReporter rep;
    ContentDispatcher d;
    EmbeddedContent c;
    const std::string bytes = test::read_file(dir / f);
    c.bytes = bytes;
    c.name = f;
    c.locator = f;
    d.open(c, sink, rep);
    std::vector<std::string> inner;
    for (const Item& it : sink.items)
      if (it.parent == 2)
        inner.push_back(it.kind + ":" + *it.field("filename"));
    // The archive, the tar entry, the tar, six files, and the text of each
    // (plain text files are documents).
    CHECK(sink.items.size() == 15);
    size_t text_documents = 0;
    for (const Item& it : sink.items)
      if (it.kind == "document" && *it.field("format") == "text")
        ++text_documents;
    CHECK(text_documents == 6);
    CHECK(sink.items[1].size == 7168);
    CHECK(*sink.items[2].field("format") == "tar");
    CHECK(inner == tar6);
    CHECK(rep.damages.empty());
  }
  {
    // GNU tar's long names (././@LongLink), 200 characters each.
    std::string digits, letters;
    for (int i = 0; i < 20; ++i) {
      digits += "1234567890";
      letters += "abcdefghij";
    }
    CHECK(list("libarchive-libarchive__test_compat_gtar_1.tar").entries ==
          std::vector<std::string>{"file:" + digits, "file:" + letters});
  }
  CHECK(list("libarchive-libarchive__test_expand.xz").entries ==
        std::vector<std::string>{"file:libarchive-libarchive__test_expand"});
  CHECK(list("wireservice-csvkit__dummy.csv.gz").entries ==
        std::vector<std::string>{"file:wireservice-csvkit__dummy.csv"});
  CHECK(list("wireservice-csvkit__dummy.csv.bz2").entries ==
        std::vector<std::string>{"file:wireservice-csvkit__dummy.csv"});
  CHECK(list("libarchive-libarchive__test_read_format_7zip_lzma2.7z").entries ==
        std::vector<std::string>{"file:file1"});
  CHECK(list("libarchive-libarchive__test_read_format_cab_1.cab").entries ==
        std::vector<std::string>{"file:empty", "file:dir1/file1",
                                 "file:dir2/file2"});
  CHECK(list("libarchive-libarchive__test_read_format_cpio_filename_utf8_ru."
             "cpio")
            .entries == std::vector<std::string>{"file:ПРИВЕТ", "file:привет"});
  // lsar's listing; bsdtar adds the image's root ".".
  CHECK(list("libarchive-libarchive__test_read_format_iso_joliet_rockridge.iso")
            .entries ==
        std::vector<std::string>{"folder:dir", "file:hardlink",
                                 "file:long-joliet-file-name.textfile",
                                 "file:symlink"});
  CHECK(list("libarchive-libarchive__test_read_format_rar.rar").entries ==
        std::vector<std::string>{"file:test.txt", "file:testlink",
                                 "file:testdir/test.txt", "folder:testdir",
                                 "folder:testemptydir"});
  CHECK(list("libarchive-libarchive__test_read_format_rar5_compressed.rar")
            .entries == std::vector<std::string>{"file:test.bin"});
  const Listing subdirs = list("markokr-rarfile__rar5-subdirs.rar");
  CHECK(subdirs.entries.size() == 10);
  CHECK(subdirs.entries[2] == "file:sub/üȵĩöḋè/file.txt");
  CHECK(subdirs.entries[9] == "folder:sub");
  // Damage: the malformed 7z is refused with libarchive's reason.
  const Listing malformed =
      list("libarchive-libarchive__test_read_format_7zip_malformed.7z");
  CHECK(malformed.entries.empty());
  CHECK(malformed.damages ==
        std::vector<std::string>{"7z: Damaged 7-Zip archive"});
  // A RAR3 solid archive: libarchive lists the first entry, then stops.
  // That is a limit of the library, recorded as a note, not as damage.
  const Listing solid = list("markokr-rarfile__unicode.rar");
  CHECK(solid.entries == std::vector<std::string>{"file:уииоотивл.txt"});
  CHECK(solid.damages.empty());
  REQUIRE(solid.notes.size() == 1);
  CHECK(solid.notes[0].find("RAR solid archive support unavailable") !=
        std::string::npos);
  // The gzip whose payload is gzip again: bounded (each layer is one more
  // level of nesting, never a filter chain inside libarchive), with damage.
  const Listing quine =
      list("libarchive-libarchive__test_read_filter_gzip_recursive.gz");
  CHECK(quine.entries.size() == 1);
  CHECK(!quine.damages.empty());
}

TEST_CASE("archives: identification of every archive kind by its bytes") {
  CHECK(identify(std::string("7z\xBC\xAF\x27\x1C\x00\x04", 8)) == "7z");
  CHECK(identify("Rar!\x1A\x07\x01") == "rar");
  CHECK(identify(std::string("\xFD"
                             "7zXZ\0\0",
                             7)) == "xz");
  CHECK(identify("BZh91AY&SY") == "bzip2");
  CHECK(identify("BZhx") != "bzip2");
  CHECK(identify(std::string("MSCF\0\0\0\0", 8)) == "cab");
  CHECK(identify("!<arch>\ndebian-binary") == "ar");
  CHECK(identify("070701000000") == "cpio");
  std::string tar(512, '\0');
  tar.replace(0, 4, "f.txt");
  tar.replace(257, 6, "ustar ");
  CHECK(identify(tar) == "tar");
  std::string iso(0x8010, '\0');
  iso.replace(0x8001, 5, "CD001");
  CHECK(identify(iso) == "iso9660");
  CHECK(identify(std::string("\x5D\0\0\x80\0\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF",
                             13)) == "lzma");
}

TEST_CASE("archives: a backup in a 7z in a zip is read as a backup") {
  test::TempDir tmp;
  bg::DatabaseSpec db;
  db.name = "Crm";
  bg::TableContents t;
  t.spec.name = "Contacts";
  t.spec.columns = {bg::Column("Id", "int"),
                    bg::Column("Email", "varchar(60)")};
  for (int i = 0; i < 40; ++i)
    t.rows.push_back(
        {std::to_string(i), "p" + std::to_string(i) + "@crm.test"});
  const fs::path bak = tmp.path / "crm.bak";
  bg::write_database(bak.string(), db, {t});
  const std::string seven = make_7z({{"backups/crm.bak", test::read_file(bak)},
                                     {"readme.txt", "nightly backup\n"}});
  const std::string zip = test::make_zip({{"outer/crm.7z", seven, true}});
  const fs::path evidence = tmp.path / "bucket.zip";
  {
    std::ofstream f(evidence, std::ios::binary);
    f << zip;
  }
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary(
              {"ingest", evidence.string(), "--store", store.string()}) == 0);
  // The table's rows, and the chain of items down to it.
  CHECK(test::sql_strings(store, "SELECT rows FROM sql_tables") ==
        std::vector<std::string>{"40"});
  CHECK(test::sql_strings(
            store,
            "WITH RECURSIVE up(id, depth) AS (SELECT i.id, 0 FROM items i "
            "WHERE i.kind='sql_database' UNION ALL SELECT i.parent_id, "
            "up.depth+1 FROM up JOIN items i ON i.id=up.id WHERE i.parent_id "
            "IS NOT NULL) SELECT i.kind || ' ' || COALESCE((SELECT value FROM "
            "item_fields WHERE item_id=i.id AND name='format'), '') FROM up "
            "JOIN items i ON i.id=up.id ORDER BY up.depth") ==
        std::vector<std::string>{"sql_database ", "file ", "archive 7z",
                                 "file ", "archive zip"});
  // Its address column classified like any recovered table's.
  CHECK(test::sql_strings(
            store, "SELECT COUNT(*) FROM finding_values WHERE type='email'") ==
        std::vector<std::string>{"40"});
}

TEST_CASE("archives: truncated and bit-flipped corpus archives never crash") {
  if (!test::have_corpus("archive")) {
    MESSAGE("../shared/corpus/archive is absent: skipped");
    return;
  }
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(test::corpus_dir() / "archive")) {
    const std::string ext = e.path().extension().string();
    if (ext == ".jsonl" || ext == ".md" || ext == ".tsv") continue;
    paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() == 19);
  std::mt19937 rng(11);
  int variants = 0, reported = 0;
  for (const auto& p : paths) {
    const std::string bytes = test::read_file(p);
    std::vector<std::string> damaged = {bytes.substr(0, bytes.size() / 2),
                                        bytes.substr(0, bytes.size() * 4 / 5)};
    for (int k = 0; k < 3; ++k) {
      std::string b = bytes;
      for (int f = 0; f < 8; ++f)
        b[rng() % b.size()] ^= static_cast<char>(1u << (rng() % 8));
      damaged.push_back(b);
    }
    for (const auto& d : damaged) {
      ++variants;
      const Listing l = open_bytes(d, p.filename().string());
      if (!l.damages.empty() || !l.notes.empty()) ++reported;
    }
  }
  MESSAGE(variants << " damaged variants, " << reported
                   << " with damage or a note");
  CHECK(variants == 95);
  CHECK(reported == 71);
}

TEST_CASE("archives: an lzma stream asking for a huge dictionary is refused") {
  // 13 bytes: properties 0x5D, a 3.3 GiB dictionary, unknown size. The
  // decoder would allocate the dictionary before reading a byte of data.
  const std::string lzma("\x5D\x00\x00\xEB\xD2\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF",
                         13);
  CHECK(identify(lzma) == "lzma");
  const Listing l = open_bytes(lzma, "bomb.lzma");
  CHECK(l.entries.empty());
  REQUIRE(l.damages.size() == 1);
  CHECK(l.damages[0] ==
        "lzma: the stream asks for a dictionary of 3538616320 bytes, more "
        "than the 67108864 this reader allows (the lzma tool's largest preset "
        "uses 64 MiB); not expanded");
}

TEST_CASE("archives: an xz stream asking for a huge dictionary is refused") {
  // The stream header, then a block header whose LZMA2 filter asks for a
  // 2 GiB dictionary (code 38); the block itself never comes.
  const std::string xz(
      "\xFD\x37\x7A\x58\x5A\x00\x00\x04\xE6\xD6\xB4\x46"
      "\x02\x00\x21\x01\x26\x00\x00\x00\x00\x00\x00\x00",
      24);
  CHECK(identify(xz) == "xz");
  const Listing l = open_bytes(xz, "bomb.xz");
  CHECK(l.entries.empty());
  REQUIRE(l.damages.size() == 1);
  CHECK(l.damages[0] ==
        "xz: the stream's first block asks for a dictionary of 2147483648 "
        "bytes, more than the 67108864 this reader allows (xz -9 uses 64 "
        "MiB); not expanded");
  // xz -9's own 64 MiB dictionary is read.
  const std::string ok(
      "\xFD\x37\x7A\x58\x5A\x00\x00\x04\xE6\xD6\xB4\x46"
      "\x02\x00\x21\x01\x1C\x00\x00\x00\x10\xCF\x58\xCC",
      24);
  const Listing cut = open_bytes(ok, "cut.xz");
  REQUIRE(cut.damages.size() == 1);
  CHECK(cut.damages[0].find("dictionary") == std::string::npos);
}

TEST_CASE(
    "archives: a RAR5 header that makes libarchive ask for 2^64-3 bytes") {
  // Found by fuzz_archive: a damaged RAR5 file header leads libarchive's
  // rar5 reader to call malloc((size_t)-3). malloc refuses it and the reader
  // reports the header as damaged (under AddressSanitizer the request itself
  // aborts, so scripts/test fuzzes libarchive with allocator_may_return_null).
  const std::string rar(
      "\x52\x61\x72\x21\x1A\x07\x01\x00\xF3\xE1\x82\xEB\x0B\x01\x05\x07"
      "\x00\x06\x01\x01\x80\x80\x80\x00\x89\xC6\x5F\xDA\x26\x02\x03\x0B"
      "\xE9\x02\x04\xB0\x09\xA4\x83\x02\xCD\x70\xCA\x7C\x80\x05\x01\x08"
      "\x74\x65\x73\x74\x2E\x62\x69\x6E\x0A\x03\x13\x8B\x57\xAC\x5B\xF8"
      "\x18\xAD\x1E\xCA\xF4\x65\x01\x27\x65\x60\x54\x1F\x55\x76\x5D\xBF"
      "\x94\x92\x71\xC9\xCF\x65\x96\x59\x0C\x70\xD9\x65\x93\x18\xC5\x92"
      "\x13\x86\x42\x49\x24\xE1\x90\x90\x92\x49\x24\x24\xE3\x92\x49\x21"
      "\x08\x49\x24\x21\x09\x24\x90\x92\x48\x42\x12\x12\xCD\xB5\x6F\x7B"
      "\x7D\x33\x0E\x80\x7D\x1D\x03\xAE\x3F\x9E\xBA\x9F\xF7\x41\xFE\xF7"
      "\xDA\xF7\xDD\x79\xAF\x3A\x5F\xE8\x00\x40\x01\x00\xC8\x20\x9F\x9F"
      "\x8F\x6F\x5F\x4F\x2F\x1E\xFE\xEE\xCE\xBE\xAE\x9E\x8E\x7E\x5E\x4E"
      "\x3E\x2E\x1E\x0D\xFD\xDD\xCD\xAD\x9D\x7D\x6D\x5D\x4D\x3D\x2D\x0C"
      "\xFC\xDC\xCC\xAC\x9C\x8C\x7C\x6C\x5C\x4C\x3C\x1B\xFB\xDB\xCB\xBB"
      "\x9B\x8B\x7B\x6B\x5B\x4B\x3B\x2B\x1A\xFA\xEA\xDA\xBA\xAA\x9A\x7A"
      "\x5A\x4A\x3A\x2A\x1A\x09\xF9\xD9\xC9\xB9\x99\x79\x69\x49\x34\xB2"
      "\x52\x32\x11\xE8\x50\x1F\x8E\x8C\x8A\x89\x87\x3A\x70\xD9\xA8\x68"
      "\x48\x28\x07\xE7\xC7\xB7\xA7\x87\x67\x47\x37\x27\xD6\xF6\x16\xB6"
      "\x96\x76\x56\x36\x15\xF5\xD5\xB5\x95\x75\x55\x32\x13\x7F\x5F\xC8"
      "\xFD\x02\x53\xE8\x7A\x94\xE7\xF8\x44\x97\x45\x8A\x30\x67\x96\x17"
      "\x6A\x38\x29\xA6\x29\x94\x17\xE6\x42\xD1\x76\x9D\x46\x32\xC3\x38"
      "\xC0\xA8\x47\xFF\xA0\x94\xC6\x69\x0A\x5F\x65\x50\xAC\x56\x56\x0B"
      "\x8B\x01\x91\x68\x37\x2E\x07\x75\xE1\x06\xC0\x0F\x31\x04\x8C\x82"
      "\x79\x98\x56\x34\x0B\xA6\xA1\x96\xD8\x37\x9B\x87\x83\x80\x60\x72"
      "\x0F\xAE\x61\x13\xA0\xA6\x76\x18\x0F\x03\x6D\xE8\x7B\xBD\x87\x57"
      "\xD0\x8D\xFC\x58\x40\x8D\x18\x31\xE7\x0A\x1E\x4D\x09\x83\x62\xF8"
      "\xE0\xE6\x3A\x1C\x22\x04\xA9\xE1\x85\x16\x3B\x63\x43\xF9\xF1\x50"
      "\x80\x6C\x21\x0D\x08\x84\xD2\x31\x9C\x90\x2F\x25\x00\x2D\x77\x56"
      "\x51\x03\x05\x04\x00",
      437);
  CHECK(identify(rar) == "rar");
  const Listing l = open_bytes(rar, "x.rar");
  CHECK(l.entries == std::vector<std::string>{"file:test.bin"});
  CHECK(l.damages ==
        std::vector<std::string>{"rar entry declares 1200 bytes and expands "
                                 "to 1197",
                                 "rar: damaged entry header"});
}
