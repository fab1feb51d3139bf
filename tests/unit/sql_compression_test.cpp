// ROW/PAGE compression: CD records, row-compressed value forms and the page
// compression information, byte by byte as COMPRESSION_FORMAT.md describes.
#include <doctest/doctest.h>

#include "catalog.hpp"
#include "cd_record.hpp"
#include "compressed_value.hpp"

using namespace leakscope::mssql;

namespace {

std::string bytes(std::initializer_list<int> v) {
  std::string s;
  for (int b : v) s.push_back(static_cast<char>(b));
  return s;
}

ColumnType type(uint8_t x, int16_t len = 0, uint8_t prec = 0,
                uint8_t scale = 0) {
  ColumnType t;
  t.xtype = x;
  t.length = len;
  t.precision = prec;
  t.scale = scale;
  t.collation = 0x3400D008;
  return t;
}

std::string decoded(const ColumnType& t, const std::string& b,
                    bool bit_true = false) {
  std::string out;
  CHECK(decode_compressed_value(t, b, bit_true, &out));
  return out;
}

}  // namespace

TEST_CASE("sql_compression: integers in fewest bytes, top bit inverted") {
  CHECK(compressed_int("") == 0);
  CHECK(compressed_int(bytes({0x81})) == 1);
  CHECK(compressed_int(bytes({0x7F})) == -1);
  CHECK(compressed_int(bytes({0x00})) == -128);
  CHECK(compressed_int(bytes({0xFF})) == 127);
  CHECK(compressed_int(bytes({0x80, 0x80})) == 128);
  CHECK(compressed_int(bytes({0x7F, 0x7F})) == -129);
  CHECK(compressed_int(bytes(
            {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})) == INT64_MAX);
  CHECK(compressed_int(bytes({0, 0, 0, 0, 0, 0, 0, 0})) == INT64_MIN);
  CHECK(decoded(type(kInt), bytes({0x80, 0x30, 0x39})) == "12345");
  CHECK(decoded(type(kSmallInt), "") == "0");
  CHECK(decoded(type(kBigInt), bytes({0x7F, 0xCF, 0xC7})) == "-12345");
  CHECK(decoded(type(kMoney), bytes({0x82, 0xBF, 0x20})) == "18.0000");
  CHECK(decoded(type(kSmallMoney), bytes({0x7F})) == "-0.0001");
  CHECK(decoded(type(kTinyInt), bytes({200})) == "200");
  CHECK(decoded(type(kTinyInt), "") == "0");
  CHECK(decoded(type(kBit), "", true) == "1");
  CHECK(decoded(type(kBit), "") == "0");
  std::string out;
  CHECK(!decode_compressed_value(type(kInt), bytes({1, 2, 3, 4, 5}), false,
                                 &out));
  CHECK(out == "compressed int of 5 bytes (at most 4)");
}

TEST_CASE("sql_compression: vardecimal") {
  std::string out;
  // 123.45 = 1.2345 x 10^2: 0x80 | (2 + 64); groups 123, 450 in 10 bits.
  REQUIRE(vardecimal_text(bytes({0xC2, 0x1E, 0xDC, 0x20}), 2, &out));
  CHECK(out == "123.45");
  REQUIRE(vardecimal_text(bytes({0x42, 0x1E, 0xDC, 0x20}), 3, &out));
  CHECK(out == "-123.450");
  // 0.005 = 5 x 10^-3: exponent 61; group 500.
  REQUIRE(vardecimal_text(bytes({0xBD, 0x7D, 0x00}), 4, &out));
  CHECK(out == "0.0050");
  // 7000000 = 7 x 10^6, scale 0; group 700 (the last 6 bits dropped).
  REQUIRE(vardecimal_text(bytes({0xC6, 0xAF}), 0, &out));
  CHECK(out == "7000000");
  REQUIRE(vardecimal_text("", 2, &out));
  CHECK(out == "0.00");
  CHECK(!vardecimal_text(bytes({0xBD, 0x7D, 0x00}), 2, &out));
  CHECK(out == "vardecimal has more fraction digits than scale 2");
  CHECK(!vardecimal_text(bytes({0xC0, 0xFF, 0xC0}), 2, &out));
  CHECK(out == "vardecimal group 1023 above 999");
  CHECK(decoded(type(kDecimal, 9, 10, 2), bytes({0xC2, 0x1E, 0xDC, 0x20})) ==
        "123.45");
}

TEST_CASE("sql_compression: other row-compressed forms") {
  // float 1.0 = 0x3FF0000000000000: only its two top bytes are kept.
  CHECK(decoded(type(kFloat), bytes({0xF0, 0x3F})) == "1");
  CHECK(decoded(type(kReal), bytes({0x80, 0x3F})) == "1");
  CHECK(decoded(type(kFloat), "") == "0");
  // datetime: days (top bit inverted) then 4 big-endian ticks.
  CHECK(decoded(type(kDateTime), bytes({0x80, 0x01, 0x00, 0x00, 0x01, 0x2C})) ==
        "1900-01-02T00:00:01.000");
  CHECK(decoded(type(kDateTime), "") == "1900-01-01T00:00:00.000");
  // char/binary: trailing spaces/zeros restored to the column's length.
  CHECK(decoded(type(kChar, 5), "ab") == "ab   ");
  CHECK(decoded(type(kBinary, 4), bytes({0x0A})) == "0x0A000000");
  // nchar/nvarchar: even lengths UTF-16LE, odd lengths SCSU.
  CHECK(decoded(type(kNVarChar, 20), bytes({'h', 0, 'i', 0})) == "hi");
  CHECK(decoded(type(kNVarChar, 20), "abc") == "abc");
  CHECK(decoded(type(kNChar, 8), bytes({'a', 'b', 0})) == "ab  ");
  // SCSU: SC2 (0x12, window 2 = U+0400 Cyrillic), then 0x9F = U+041F.
  CHECK(decoded(type(kNVarChar, 20), bytes({0x12, 0x9F, 0xC0})) == "П\xD1\x80");
}

TEST_CASE("sql_compression: CD record regions") {
  // 4 columns: int 1 (1 byte), NULL, bit 1, varchar of 12 bytes (long).
  std::string rec =
      bytes({0x21, 4, 0x02, 0xAB, 0x81, 0x01, 0x01, 0x00, 0x0C, 0x00});
  rec += "hello world!";
  CdRecord r;
  std::string why;
  REQUIRE(r.parse(rec, 0, &why));
  CHECK(r.record_type() == 0);
  REQUIRE(r.columns() == 4);
  CHECK(r.value(0).descriptor == 2);
  CHECK(r.value(0).bytes == bytes({0x81}));
  CHECK(r.value(1).descriptor == kCdNull);
  CHECK(r.value(2).descriptor == kCdBitTrue);
  CHECK(r.value(3).descriptor == kCdLong);
  CHECK(r.value(3).bytes == "hello world!");
  CHECK(r.length() == rec.size());
  // A ghost: kind 3 in bits 2-4.
  std::string ghost = bytes({0x0D, 1, 0x02, 0x85});
  REQUIRE(r.parse(ghost, 0, &why));
  CHECK(r.record_type() == 3);
  // Damage.
  CHECK(!r.parse(rec.substr(0, 12), 0, &why));
  CHECK(why ==
        "long data offset out of order or past the page at record "
        "offset 8");
  CHECK(!r.parse(bytes({0x00, 1, 2}), 0, &why));
  CHECK(why == "not a CD record (header bit 0 clear) at record offset 0");
  CHECK(!r.parse(bytes({0x01, 3, 0x22}), 0, &why));
  CHECK(why == "CD array truncated at record offset 2");
  CHECK(!r.parse(bytes({0x01, 1, 0x0E}), 0, &why));
  CHECK(why == "unknown column descriptor at record offset 2");
}

TEST_CASE("sql_compression: more than 30 columns use cluster arrays") {
  // 31 int columns of one byte each: one cluster length byte (30) first.
  std::string rec = bytes({0x01, 31});
  for (int i = 0; i < 15; ++i) rec.push_back(0x22);
  rec.push_back(0x02);
  rec.push_back(30);
  for (int i = 0; i < 31; ++i) rec.push_back(static_cast<char>(0x80 + i));
  CdRecord r;
  std::string why;
  REQUIRE(r.parse(rec, 0, &why));
  REQUIRE(r.columns() == 31);
  CHECK(compressed_int(r.value(30).bytes) == 30);
  CHECK(compressed_int(r.value(29).bytes) == 29);
}

TEST_CASE("sql_compression: page anchor and dictionary") {
  // A page with compression information: anchor (varchar "Smithson", int
  // 1000) and a dictionary of one entry ("\x05" + "ers": prefix 5 + "ers").
  std::string page(8192, '\0');
  page[0] = 1;
  page[1] = 1;
  page[2] = static_cast<char>(0x80);
  std::string anchor = bytes({0x21, 2, 0x0A | (0x03 << 4)});
  anchor += bytes({0x83, 0xE8});  // int 1000
  anchor += bytes({0x01, 0x01, 0x00, 0x08, 0x00});
  anchor += "Smithson";
  std::string ci = bytes({0x03, 0, 0, 0, 0});
  ci += anchor;
  ci += bytes({1, 0, 4, 0});
  ci +=
      "\x05"
      "ers";
  ci[3] = static_cast<char>(ci.size());
  page.replace(96, ci.size(), ci);
  PageCompressionInfo info;
  std::string why;
  REQUIRE(info.parse(page, &why));
  REQUIRE(info.present());
  CHECK(info.symbols() == 1);
  CHECK(info.anchor(0) == "Smithson");
  // Row: column 0 = symbol 0 ("Smithers"), column 1 = prefix 1 + 0xE9.
  size_t at = 96 + ci.size();
  std::string row = bytes({0x01, 2, 0x0C | (0x03 << 4), 0x00, 0x01, 0xE9});
  page.replace(at, row.size(), row);
  Table t;
  Column a, b;
  a.name = "Name";
  a.type = type(kVarChar, 40);
  b.name = "N";
  b.type = type(kInt);
  t.columns = {a, b};
  PageStore store;
  CdRecord scratch;
  std::vector<RowValue> values;
  REQUIRE(decode_cd_row(t, page, static_cast<uint16_t>(at), &info, store,
                        &scratch, &values, &why));
  CHECK(values[0].text == "Smithers");
  CHECK(values[1].text == "1001");
  // A symbol past the dictionary is damage.
  page[at + 3] = 0x05;
  CHECK(!decode_cd_row(t, page, static_cast<uint16_t>(at), &info, store,
                       &scratch, &values, &why));
  CHECK(why == "column Name: dictionary symbol 5 not on this page");
  // A page without the 0x80 flag has no compression information.
  page[2] = 0;
  REQUIRE(info.parse(page, &why));
  CHECK(!info.present());
}
