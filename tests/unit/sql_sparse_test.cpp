// Sparse columns: the sparse vector of a FixedVar record, byte by byte.
#include <doctest/doctest.h>

#include "catalog.hpp"

using namespace leakscope::mssql;

TEST_CASE("sql_sparse: values come from the sparse vector by column id") {
  // Table: c1 int (stored), c2 int SPARSE (id 2), c3 varchar SPARSE (id 3),
  // c4 int SPARSE (id 4, absent: NULL).
  Table t;
  auto col = [](int id, uint8_t x, bool sparse) {
    Column c;
    c.colid = id;
    c.name = "c" + std::to_string(id);
    c.type.xtype = x;
    c.type.length = x == kVarChar ? 10 : 4;
    c.type.collation = 0x3400D008;
    c.sparse = sparse;
    return c;
  };
  t.columns = {col(1, kInt, false), col(2, kInt, true), col(3, kVarChar, true),
               col(4, kInt, true)};
  t.has_sparse = true;
  lay_out(t.columns);
  CHECK(t.columns[0].null_index == 0);
  // Record: status 0x30 (null bitmap, variable columns), fixed end 8, int 7,
  // 1 column, bitmap 0, 1 variable column (complex): the sparse vector
  // u16 5, count 2, ids 2 3, end offsets 16 18, int 1234, "ab".
  std::string rec = {0x30, 0x00, 0x08, 0x00, 0x07, 0x00, 0x00,
                     0x00, 0x01, 0x00, 0x00, 0x01, 0x00};
  std::string vec = {0x05,
                     0x00,
                     0x02,
                     0x00,
                     0x02,
                     0x00,
                     0x03,
                     0x00,
                     0x10,
                     0x00,
                     0x12,
                     0x00,
                     static_cast<char>(0xD2),
                     0x04,
                     0x00,
                     0x00,
                     'a',
                     'b'};
  uint16_t end = static_cast<uint16_t>(rec.size() + 2 + vec.size());
  rec.push_back(static_cast<char>(end & 0xFF));
  rec.push_back(static_cast<char>((end >> 8) | 0x80));  // complex
  rec += vec;
  std::string page(8192, '\0');
  page.replace(96, rec.size(), rec);
  PageStore store;
  std::vector<RowValue> v;
  std::string why;
  REQUIRE(decode_row(t, page, 96, store, &v, &why));
  CHECK(v[0].text == "7");
  CHECK(!v[1].null);
  CHECK(v[1].text == "1234");
  CHECK(v[2].text == "ab");
  CHECK(v[3].null);
}
