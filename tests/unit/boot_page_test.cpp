// The boot page's database record: one decoder for the catalog and `info`
// (backups and .mdf files). Corpus files: ../shared/corpus/bak (SOURCES.tsv).
#include "boot_page.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <fstream>

#include "page.hpp"

using namespace leakscope;

namespace {

constexpr size_t kRecordAt = 96;  // first record after the page header

void put16(std::string& page, size_t at, uint16_t v) {
  std::memcpy(page.data() + at, &v, 2);
}

// A page whose slot 0 holds a boot record with `name` (UTF-16LE, ASCII
// letters only here) padded with `pad` bytes, version 904.
std::string boot_record_page(const std::string& name, char pad) {
  std::string page(mssql::kPageSize, '\0');
  put16(page, mssql::kPageSize - 2, kRecordAt);
  put16(page, kRecordAt + 4, 904);
  std::string field(256, pad);
  for (size_t i = 0; i < name.size(); ++i) {
    field[2 * i] = name[i];
    field[2 * i + 1] = '\0';
  }
  page.replace(kRecordAt + 4 + 48, 256, field);
  put16(page, kRecordAt + 4 + 388, 0xD052);
  return page;
}

}  // namespace

TEST_CASE("boot page: the database record, padding removed") {
  SUBCASE("padded with 0x20 bytes (U+2020 pairs)") {
    auto r = mssql::read_boot_record(boot_record_page("Northwind", ' '));
    REQUIRE(r);
    CHECK(r->database == "Northwind");
    CHECK(r->database_version == 904);
    CHECK(r->collation == 0xD052);
  }
  SUBCASE("padded with NULs") {
    auto r = mssql::read_boot_record(boot_record_page("pubs", '\0'));
    REQUIRE(r);
    CHECK(r->database == "pubs");
  }
  SUBCASE("no slot 0, or a record that ends past the page") {
    std::string page = boot_record_page("pubs", ' ');
    put16(page, mssql::kPageSize - 2, 0);
    CHECK_FALSE(mssql::read_boot_record(page));
    put16(page, mssql::kPageSize - 2, mssql::kPageSize - 200);
    CHECK_FALSE(mssql::read_boot_record(page));
    CHECK_FALSE(mssql::read_boot_record(page.substr(0, 4096)));
  }
  SUBCASE("a page that is no boot page is not read as one") {
    CHECK_FALSE(mssql::read_boot_page(boot_record_page("pubs", ' ')));
  }
}

TEST_CASE("boot page: page 9 of the corpus's .mdf files") {
  struct Case {
    const char* file;
    const char* database;
    int version;
  };
  for (const Case& c :
       {Case{"pubs_sql2005_created2000.mdf", "pubs", 611},
        Case{"database1_localdb2012.mdf",
             "C:\\USERS\\WAQAS JAMIL\\DOCUMENTS\\VISUAL STUDIO "
             "2012\\PROJECTS\\LMS\\LMS\\APP_DATA\\DATABASE1.MDF",
             706}}) {
    CAPTURE(c.file);
    std::ifstream f(std::string("../shared/corpus/bak/") + c.file,
                    std::ios::binary);
    if (!f) {
      MESSAGE("corpus file absent, skipped: " << c.file);
      continue;
    }
    std::string page(mssql::kPageSize, '\0');
    f.seekg(9 * static_cast<std::streamoff>(mssql::kPageSize));
    f.read(page.data(), static_cast<std::streamsize>(page.size()));
    REQUIRE(f.gcount() == static_cast<std::streamsize>(page.size()));
    auto r = mssql::read_boot_page(page);
    REQUIRE(r);
    CHECK(r->database == c.database);
    CHECK(r->database_version == c.version);
  }
}
