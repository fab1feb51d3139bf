// PageStore: pages kept by their offset in a plain source file read back
// byte-equal to spilled copies; a source that changed is not trusted.
#include "page_store.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bakgen/backup_writer.hpp"
#include "bakgen/samples.hpp"
#include "page.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace {

// Marks `page` torn-page protected as SQL Server writes it: the low two bits
// of the last byte of sectors 1..15 are replaced by a flip pattern and the
// originals kept in the header's torn-bits field (+60).
void protect_torn(std::string& page) {
  uint16_t flags;
  std::memcpy(&flags, &page[4], 2);
  flags |= mssql::kFlagTornBits;
  std::memcpy(&page[4], &flags, 2);
  uint32_t originals = 0;
  for (int sector = 1; sector < 16; ++sector) {
    char& last = page[static_cast<size_t>(sector) * 512 + 511];
    originals |= (static_cast<uint32_t>(static_cast<uint8_t>(last)) & 3)
                 << (2 * sector);
    last = static_cast<char>((static_cast<uint8_t>(last) & ~3u) | 1u);
  }
  std::memcpy(&page[60], &originals, 4);
}

}  // namespace

TEST_CASE("page store: source-backed pages equal spilled pages") {
  test::TempDir dir;
  std::string mdf = dir.file("crm.mdf");
  bakgen::write_database(mdf, bakgen::crm_database(), bakgen::crm_tables(3),
                         bakgen::OutputFormat::kDataFile);
  std::string bytes = test::read_file(mdf);
  REQUIRE(bytes.size() % mssql::kPageSize == 0);
  // One page stored torn-page protected, so that both stores must repair it.
  const size_t torn_at = 16 * mssql::kPageSize;
  const std::string torn_original = bytes.substr(torn_at, mssql::kPageSize);
  {
    std::string page = torn_original;
    protect_torn(page);
    REQUIRE(page != torn_original);
    bytes.replace(torn_at, mssql::kPageSize, page);
    std::ofstream(mdf, std::ios::binary | std::ios::trunc) << bytes;
  }

  mssql::PageStore spilled, backed;
  int src = backed.add_source(mdf);
  REQUIRE(src == 0);
  CHECK(backed.add_source(dir.file("absent.mdf")) == -1);
  std::vector<uint64_t> keys;
  uint64_t torn_key = 0;
  for (size_t off = 0; off < bytes.size(); off += mssql::kPageSize) {
    std::string page = bytes.substr(off, mssql::kPageSize);
    mssql::PageHeader h;
    std::string why;
    if (!mssql::parse_page_header(page, &h, &why)) continue;
    backed.add_at_source(h, src, off);
    mssql::undo_torn_bits(page, h);
    spilled.add(h, page);
    keys.push_back(mssql::PageStore::key(h.file_id, h.page_id));
    if (off == torn_at) torn_key = keys.back();
  }
  CHECK(keys.size() == 29);  // the CRM data file's formatted pages
  REQUIRE(torn_key != 0);
  CHECK(backed.size() == spilled.size());
  std::string a, b;
  for (uint64_t k : keys) {
    REQUIRE(spilled.read(k, &a));
    REQUIRE(backed.read(k, &b));
    CHECK(a == b);
  }
  // The torn page comes back as written before protection, bits and all
  // (only the flag and the saved bits in its header differ).
  REQUIRE(backed.read(torn_key, &b));
  std::string expected = torn_original;
  std::memcpy(&expected[4], &b[4], 2);
  std::memcpy(&expected[60], &b[60], 4);
  CHECK(b == expected);
  CHECK_FALSE(backed.read(mssql::PageStore::key(1, 999999), &b));

  // In-place views and header reads agree with the copies, whichever store;
  // only the torn page needs the scratch copy.
  std::string scratch, why;
  for (uint64_t k : keys) {
    std::string_view view;
    mssql::PageHeader h;
    REQUIRE(backed.read_view(k, &view, &h, &scratch, &why));
    REQUIRE(spilled.read(k, &a));
    CHECK(view == a);
    CHECK(mssql::PageStore::key(h.file_id, h.page_id) == k);
    CHECK((view.data() == scratch.data()) == (k == torn_key));
    mssql::PageHeader hh;
    REQUIRE(backed.read_header(k, &hh));
    CHECK(mssql::PageStore::key(hh.file_id, hh.page_id) == k);
    REQUIRE(spilled.read_view(k, &view, &h, &scratch, &why));
    CHECK(view == a);
  }
  std::string_view view;
  mssql::PageHeader h;
  CHECK_FALSE(backed.read_view(mssql::PageStore::key(1, 999999), &view, &h,
                               &scratch, &why));
  CHECK(why.empty());  // absent, not damaged

  // The source is overwritten after it was read: its first page now holds
  // the second's bytes, names another page and is refused, not misread.
  {
    std::fstream f(mdf, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f.write(bytes.data() + mssql::kPageSize, mssql::kPageSize);
  }
  mssql::PageStore reread;  // fresh windows: nothing of the file cached
  REQUIRE(reread.add_source(mdf) == 0);
  for (size_t off = 0; off < 2 * mssql::kPageSize; off += mssql::kPageSize) {
    std::string page = bytes.substr(off, mssql::kPageSize);
    mssql::PageHeader ph;
    REQUIRE(mssql::parse_page_header(page, &ph, &why));
    reread.add_at_source(ph, 0, off);
  }
  CHECK_FALSE(reread.read(keys[0], &b));
  CHECK_FALSE(reread.read_view(keys[0], &view, &h, &scratch, &why));
  CHECK(why ==
        "the page read back is page 1:1: the evidence changed after "
        "it was read");
  CHECK(spilled.read(keys[0], &a));
}

TEST_CASE(
    "page store: the index stays proportional to the pages present, "
    "whatever ids the headers claim") {
  const std::string page(8192, '\0');
  auto header = [](uint16_t file, uint32_t id) {
    mssql::PageHeader h;
    h.header_version = 1;
    h.type = 1;
    h.file_id = file;
    h.page_id = id;
    h.object_id = 7;
    return h;
  };
  {
    // Three pages near 2^28 and 2^32 in three file ids (the crafted .mdf).
    mssql::PageStore s;
    s.add(header(1, 1u << 28), page);
    s.add(header(7, 0xFFFFFFF0u), page);
    s.add(header(300, (1u << 28) + 5), page);
    CHECK(s.size() == 3);
    CHECK(s.has(mssql::PageStore::key(7, 0xFFFFFFF0u)));
    CHECK(s.index_bytes() < 64 * 1024);
  }
  {
    // The worst case: each page alone in its file id, at the highest id
    // the dense index takes.
    mssql::PageStore s;
    for (uint16_t f = 1; f <= 2000; ++f)
      s.add(header(f, 2 + mssql::PageStore::kDenseSlack - 1), page);
    CHECK(s.size() == 2000);
    CHECK(s.index_bytes() <=
          2000 * mssql::PageStore::kIndexBytesPerPage + 2001 * 56 + 65536);
    // And a real layout: 20,000 pages in order in one file.
    mssql::PageStore d;
    for (uint32_t id = 0; id < 20000; ++id) d.add(header(1, id), page);
    CHECK(d.index_bytes() < 20000 * 40 + 65536);
    CHECK(d.has(mssql::PageStore::key(1, 19999)));
  }
}
