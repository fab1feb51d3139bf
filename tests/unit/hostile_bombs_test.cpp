// Hostile input, memory and time bombs: each ends with a damage line or a
// bounded result, a bounded peak RSS (the run happens in a child under an
// address-space limit, and its peak RSS is read back), and the run goes on.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "bakgen/backup_writer.hpp"
#include "test_support.hpp"
#include "zip_support.hpp"

namespace fs = std::filesystem;
namespace bg = leakscope::bakgen;
using namespace leakscope;

namespace {

// An 8 KiB page whose header parses (version 1, a data page) and claims
// file `file`, page `page`.
std::string crafted_page(uint16_t file, uint32_t page) {
  std::string p(8192, '\0');
  p[0] = 1;  // header version
  p[1] = 1;  // data page
  std::memcpy(&p[32], &page, 4);
  std::memcpy(&p[36], &file, 2);
  uint16_t free_data = 96;
  std::memcpy(&p[30], &free_data, 2);
  return p;
}

}  // namespace

TEST_CASE(
    "hostile: page ids near 2^28 and 2^32 in three file ids keep the page "
    "index small") {
  test::TempDir tmp;
  // A real data file, then pages whose headers claim ids far beyond it.
  bg::DatabaseSpec db;
  db.name = "Shop";
  bg::TableContents t;
  t.spec.name = "Orders";
  t.spec.columns = {bg::Column("Id", "int"),
                    bg::Column("Email", "varchar(60)")};
  for (int i = 0; i < 50; ++i)
    t.rows.push_back(
        {std::to_string(i), "c" + std::to_string(i) + "@shop.test"});
  const fs::path mdf = tmp.path / "shop.mdf";
  bg::write_database(mdf.string(), db, {t}, bg::OutputFormat::kDataFile);
  {
    std::ofstream f(mdf, std::ios::app | std::ios::binary);
    for (uint16_t file : {1, 2, 3})
      for (uint32_t page : {(1u << 28) - 1, (1u << 28) - 9000, 0xFFFFFFF0u})
        f << crafted_page(file, page);
  }
  test::Captured b = test::run_capture(
      {"ingest", mdf.string(), "--store", (tmp.path / "c.db").string()}, 2048);
  CAPTURE(b.err);
  CHECK(b.status == 0);
  CHECK(b.max_rss_kb < 300 * 1024);
  // The real rows are all there.
  CHECK(test::run_leakscope("lookup --store " + (tmp.path / "c.db").string() +
                            " --json c7@shop.test") ==
        "{\"found\":true,\"items\":1}\n");
}

TEST_CASE(
    "hostile: a nested zip bomb is cut by one budget for the whole source") {
  test::TempDir tmp;
  // Level 0: ten 1 MiB files of zeros; each level up: ten copies of the
  // level below. Level 3 would inflate 10 GiB.
  std::vector<std::tuple<std::string, std::string, bool>> files;
  for (int i = 0; i < 10; ++i)
    files.emplace_back("f" + std::to_string(i) + ".bin",
                       std::string(1 << 20, '\0'), true);
  std::string z = test::make_zip(files);
  for (int level = 1; level <= 3; ++level) {
    std::vector<std::tuple<std::string, std::string, bool>> copies;
    for (int i = 0; i < 10; ++i)
      copies.emplace_back(
          "l" + std::to_string(level) + "_" + std::to_string(i) + ".zip", z,
          true);
    z = test::make_zip(copies);
  }
  CHECK(z.size() < 100000);
  fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  std::ofstream(ev / "bomb.zip", std::ios::binary) << z;
  std::ofstream(ev / "after.eml") << "From: anna@contoso.com\r\nSubject: "
                                     "still read\r\n\r\nhello\r\n";
  const fs::path db = tmp.path / "c.db";
  test::Captured b =
      test::run_capture({"ingest", ev.string(), "--store", db.string()}, 2048);
  CAPTURE(b.err);
  CHECK(b.status == 0);
  CHECK(b.max_rss_kb < 400 * 1024);
  // One damage line names the bomb and the budget; the other file is read.
  auto bombs = test::sql_strings(
      db, "SELECT what FROM damages WHERE what LIKE 'zip bomb:%'");
  REQUIRE(bombs.size() == 1);
  CHECK(bombs[0] ==
        "zip bomb: this source's nested archives inflated 1073741824 bytes "
        "(budget 1073741824 bytes, 268435456 held at once); this and later "
        "entries not expanded");
  CHECK(test::sql_strings(db,
                          "SELECT status FROM sources WHERE path LIKE "
                          "'%bomb.zip'") ==
        std::vector<std::string>{"damaged"});
  CHECK(test::sql_strings(db,
                          "SELECT status FROM sources WHERE path LIKE "
                          "'%after.eml'") == std::vector<std::string>{"ok"});
}

TEST_CASE("hostile: a zip entry that lies about its size is cut at it") {
  test::TempDir tmp;
  // 64 MiB of zeros that the archive declares as 100 bytes, three levels
  // down.
  std::string z =
      test::make_zip({{"small.txt", std::string(64 << 20, 'A'), true}});
  const uint32_t lie = 100;
  REQUIRE(z.compare(0, 4, "PK\x03\x04") == 0);
  std::memcpy(&z[22], &lie, 4);
  size_t cd = z.find("PK\x01\x02");
  REQUIRE(cd != std::string::npos);
  std::memcpy(&z[cd + 24], &lie, 4);
  for (int level = 0; level < 2; ++level)
    z = test::make_zip({{"level" + std::to_string(level) + ".zip", z, true}});
  fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  std::ofstream(ev / "liar.zip", std::ios::binary) << z;
  const fs::path db = tmp.path / "c.db";
  test::Captured b =
      test::run_capture({"ingest", ev.string(), "--store", db.string()}, 2048);
  CAPTURE(b.err);
  CHECK(b.status == 0);
  CHECK(b.max_rss_kb < 200 * 1024);
  CHECK(test::sql_strings(db,
                          "SELECT what FROM damages WHERE what LIKE "
                          "'zip entry declares%'") ==
        std::vector<std::string>{"zip entry declares 100 bytes and inflates "
                                 "to more; cut at 100, not opened"});
  CHECK(test::sql_strings(db,
                          "SELECT size FROM items WHERE locator LIKE "
                          "'%#entry=small.txt'") ==
        std::vector<std::string>{"100"});
}

TEST_CASE("hostile: a 100 MB header line is cut, and the cut recorded") {
  test::TempDir tmp;
  fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  {
    std::ofstream f(ev / "long.eml", std::ios::binary);
    f << "From: anna@contoso.com\r\nSubject: " << std::string(100 << 20, 'S')
      << "\r\nTo: bob@fabrikam.com\r\n\r\nbody\r\n";
  }
  const fs::path db = tmp.path / "c.db";
  test::Captured b =
      test::run_capture({"ingest", ev.string(), "--store", db.string()}, 2048);
  CAPTURE(b.err);
  CHECK(b.status == 0);
  CHECK(b.max_rss_kb < 400 * 1024);
  CHECK(test::sql_strings(db,
                          "SELECT length(title) FROM items WHERE "
                          "kind='message'") ==
        std::vector<std::string>{"1048576"});
  auto damages = test::sql_strings(db, "SELECT what FROM damages");
  REQUIRE(damages.size() == 1);
  CHECK(
      damages[0].find("header field Subject is longer than 1048576 bytes; cut "
                      "there") != std::string::npos);
  // The fields after it are still read.
  CHECK(test::sql_strings(db,
                          "SELECT value FROM item_fields WHERE "
                          "name='to.address'") ==
        std::vector<std::string>{"bob@fabrikam.com"});
}
