// libFuzzer target: compressed (CD) records, page compression information
// and row-compressed values from arbitrary bytes: the input is one 8 KiB
// page (zero-padded) whose records are read as rows of a table with one
// column of every type.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "catalog.hpp"
#include "cd_record.hpp"
#include "page.hpp"
#include "page_store.hpp"

using namespace leakscope::mssql;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string page(8192, '\0');
  std::memcpy(page.data(), data, std::min<size_t>(size, page.size()));
  static const Table table = [] {
    Table t;
    const uint8_t types[] = {
        kBit,       kTinyInt,    kSmallInt, kInt,    kBigInt,    kDecimal,
        kMoney,     kSmallMoney, kReal,     kFloat,  kDateTime,  kChar,
        kVarChar,   kNChar,      kNVarChar, kBinary, kVarBinary, kDate,
        kDateTime2, kText,       kXml};
    int id = 1;
    for (uint8_t x : types) {
      Column c;
      c.colid = id;
      c.name = "c" + std::to_string(id++);
      c.type.xtype = x;
      c.type.length = x == kChar || x == kBinary ? 10 : x == kNChar ? 20 : 50;
      c.type.precision = 18;
      c.type.scale = 4;
      c.type.collation = 0x3400D008;
      t.columns.push_back(c);
    }
    return t;
  }();
  PageCompressionInfo ci;
  std::string why;
  bool have_ci = ci.parse(page, &why) && ci.present();
  PageStore store;
  CdRecord rec;
  std::vector<RowValue> values;
  const uint16_t slots = std::min<uint16_t>(
      static_cast<uint16_t>(static_cast<uint8_t>(page[22]) |
                            (static_cast<uint8_t>(page[23]) << 8)),
      64);
  for (uint16_t s = 0; s < slots; ++s) {
    uint16_t off = slot_offset(page, s);
    if (!off) continue;
    decode_cd_row(table, page, off, have_ci ? &ci : nullptr, store, &rec,
                  &values, &why);
  }
  return 0;
}
