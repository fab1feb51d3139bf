// Physical column layout from sysrscols: a table whose columns were dropped
// and added after rows were written, with a computed column that is not
// stored, decodes by the rowset's own description, not declaration order.
#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "page.hpp"
#include "page_store.hpp"
#include "sql_types.hpp"

using namespace leakscope::mssql;

namespace {

Column column(int colid, const char* name, uint8_t xtype, int16_t length) {
  Column c;
  c.colid = colid;
  c.name = name;
  c.type.xtype = xtype;
  c.type.length = length;
  c.type.collation = 0x3400D008;  // SQL_Latin1_General_CP1_CI_AS
  return c;
}

void put16(std::string& b, size_t at, uint16_t v) {
  std::memcpy(&b[at], &v, 2);
}
void put32(std::string& b, size_t at, uint32_t v) {
  std::memcpy(&b[at], &v, 4);
}

}  // namespace

TEST_CASE("sql layout: dropped, added and computed columns by sysrscols") {
  // CREATE TABLE t (id int, name varchar(20), old int); rows written;
  // ALTER TABLE t DROP COLUMN old; ALTER TABLE t ADD added int;
  // ALTER TABLE t ADD total AS (id * 2)  -- computed, not stored.
  std::vector<Column> cols = {
      column(1, "id", kInt, 4), column(2, "name", kVarChar, 20),
      column(5, "added", kInt, 4), column(6, "total", kInt, 4)};
  std::map<int32_t, RowsetColumn> layout;
  layout[1] = {4, 1, 0, false, false};   // id: fixed at 4, null bit 1
  layout[2] = {-1, 2, 0, false, false};  // name: first variable column
  layout[3] = {8, 3, 0, true, false};    // old: dropped, space kept at 8
  layout[5] = {12, 4, 0, false, false};  // added: fixed at 12, null bit 4
  Table t;
  t.columns = cols;
  REQUIRE(apply_rowset_layout(t.columns, layout));
  CHECK(t.columns[2].fixed_offset == 8);  // 12 - the 4-byte header
  CHECK_FALSE(t.columns[3].stored);

  // One record: id 7, old 99 (dropped), added 5, name "Zoe".
  std::string page(kPageSize, '\0');
  const size_t at = 96;
  std::string rec;
  rec.resize(4 + 12 + 2 + 1 + 2 + 2);
  rec[0] = 0x30;      // primary record, null bitmap, variable columns
  put16(rec, 2, 16);  // end of the fixed part
  put32(rec, 4, 7);
  put32(rec, 8, 99);
  put32(rec, 12, 5);
  put16(rec, 16, 4);  // columns in the record
  rec[18] = 0;        // no NULLs
  put16(rec, 19, 1);  // one variable column
  put16(rec, 21, static_cast<uint16_t>(at + rec.size() + 3 - at));
  rec += "Zoe";
  page.replace(at, rec.size(), rec);
  put16(page, kPageSize - 2, at);

  PageStore none;
  std::vector<RowValue> v;
  std::string why;
  REQUIRE(decode_row(t, page, at, none, &v, &why));
  REQUIRE(v.size() == 4);
  CHECK(v[0].text == "7");
  CHECK(v[1].text == "Zoe");
  CHECK(v[2].text == "5");
  CHECK(v[3].null);

  // Declaration order would read the dropped column's bytes as `added`.
  Table naive;
  naive.columns = cols;
  lay_out(naive.columns);
  REQUIRE(decode_row(naive, page, at, none, &v, &why));
  CHECK(v[2].text == "99");

  // Rows that cannot describe the columns are refused, columns untouched.
  std::map<int32_t, RowsetColumn> clash = layout;
  clash[5].leaf_null_bit = 1;  // two columns on one null bit
  std::vector<Column> kept = cols;
  CHECK_FALSE(apply_rowset_layout(kept, clash));
  CHECK(kept[2].fixed_offset == cols[2].fixed_offset);
  std::map<int32_t, RowsetColumn> var_as_fixed = layout;
  var_as_fixed[2].leaf_offset = 16;  // varchar at a fixed offset
  CHECK_FALSE(apply_rowset_layout(kept, var_as_fixed));
}
