// PageStore: pages kept by their offset in a plain source file read back
// byte-equal to spilled copies; a source that changed is not trusted.
#include "page_store.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bakgen/backup_writer.hpp"
#include "bakgen/samples.hpp"
#include "page.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

TEST_CASE("page store: source-backed pages equal spilled pages") {
  fs::path dir = fs::temp_directory_path() / "leakscope_page_store_test";
  fs::create_directories(dir);
  std::string mdf = (dir / "crm.mdf").string();
  bakgen::write_database(mdf, bakgen::crm_database(), bakgen::crm_tables(3),
                         bakgen::OutputFormat::kDataFile);
  std::string bytes = test::read_file(mdf);
  REQUIRE(bytes.size() % mssql::kPageSize == 0);

  mssql::PageStore spilled, backed;
  int src = backed.add_source(mdf);
  REQUIRE(src == 0);
  CHECK(backed.add_source((dir / "absent.mdf").string()) == -1);
  std::vector<uint64_t> keys;

  for (size_t off = 0; off < bytes.size(); off += mssql::kPageSize) {
    std::string page = bytes.substr(off, mssql::kPageSize);
    mssql::PageHeader h;
    std::string why;
    if (!mssql::parse_page_header(page, &h, &why)) continue;

    backed.add_at_source(h, src, off);
    mssql::undo_torn_bits(page, h);
    spilled.add(h, page);
    keys.push_back(mssql::PageStore::key(h.file_id, h.page_id));
  }
  REQUIRE(keys.size() > 20);
  CHECK(backed.size() == spilled.size());
  std::string a, b;
  for (uint64_t k : keys) {
    REQUIRE(spilled.read(k, &a));
    REQUIRE(backed.read(k, &b));
    CHECK(a == b);
  }
  CHECK_FALSE(backed.read(mssql::PageStore::key(1, 999999), &b));
  // In-place views and header reads agree with the copies, whichever store.
  std::string scratch;
  for (uint64_t k : keys) {
    std::string_view view;
    REQUIRE(backed.read_view(k, &view, &scratch));
    REQUIRE(spilled.read(k, &a));
    CHECK(view == a);
    mssql::PageHeader h;
    REQUIRE(backed.read_header(k, &h));
    CHECK(mssql::PageStore::key(h.file_id, h.page_id) == k);
    REQUIRE(spilled.read_view(k, &view, &scratch));
    CHECK(view == a);
  }

  // The source is overwritten after it was read: the page at the first key's
  // offset no longer carries that id and is refused, not misread.
  {
    std::fstream f(mdf, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f.write(std::string(mssql::kPageSize, '\0').data(), mssql::kPageSize);
  }
  CHECK_FALSE(backed.read(keys[0], &b));
  CHECK(spilled.read(keys[0], &a));
  fs::remove_all(dir);
}
