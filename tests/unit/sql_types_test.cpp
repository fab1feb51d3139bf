// Value encodings of SQL Server types, byte for byte.
#include "sql_types.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace leakscope::mssql;

namespace {
std::string dec(uint8_t xtype, std::string bytes, uint8_t prec = 0,
                uint8_t scale = 0) {
  ColumnType t;
  t.xtype = xtype;
  t.precision = prec;
  t.scale = scale;
  t.length = static_cast<int16_t>(bytes.size());
  std::string out;
  decode_value(t, bytes, &out);
  return out;
}
}  // namespace

TEST_CASE("fixed-length types") {
  CHECK(dec(kInt, std::string("\x2A\x00\x00\x00", 4)) == "42");
  CHECK(dec(kSmallInt, std::string("\xFE\xFF", 2)) == "-2");
  CHECK(dec(kBigInt, std::string("\x00\x00\x00\x00\x01\x00\x00\x00", 8)) ==
        "4294967296");
  // money: little-endian count of 1/10000.
  CHECK(dec(kMoney, std::string("\x20\xBF\x02\x00\x00\x00\x00\x00", 8)) ==
        "18.0000");
  CHECK(dec(kSmallMoney, std::string("\xDC\x0C\x03\x00", 4)) == "19.9900");
  // decimal(10,2) 1234.56: sign byte, then little-endian magnitude.
  CHECK(dec(kDecimal, std::string("\x01\x40\xE2\x01\x00", 5), 10, 2) ==
        "1234.56");
  CHECK(dec(kDecimal, std::string("\x00\x05\x00\x00\x00", 5), 10, 2) ==
        "-0.05");
  // datetime: ticks (1/300 s) then days since 1900-01-01. 1948-12-08 00:00.
  CHECK(dec(kDateTime, std::string("\x00\x00\x00\x00\xD1\x45\x00\x00", 8)) ==
        "1948-12-08T00:00:00.000");
  // date: 3-byte days since 0001-01-01 (2000-01-01 = 730119).
  CHECK(dec(kDate, std::string("\x07\x24\x0B", 3)) == "2000-01-01");
  CHECK(dec(kUniqueIdentifier, std::string("\x33\x22\x11\x00\x55\x44\x77\x66"
                                           "\x88\x99\xAA\xBB\xCC\xDD\xEE\xFF",
                                           16)) ==
        "00112233-4455-6677-8899-AABBCCDDEEFF");
  CHECK(dec(kBinary, std::string("\x01\xAB", 2)) == "0x01AB");
}

TEST_CASE("character types and sql_variant") {
  CHECK(dec(kNVarChar, std::string("J\0\xFC\0r\0g\0e\0n\0", 12)) == "Jürgen");
  CHECK(dec(kVarChar, std::string("caf\xE9", 4)) == "café");
  // sql_variant holding an int: base type 56, version 1, value.
  CHECK(dec(kSqlVariant, std::string("\x38\x01\x07\x00\x00\x00", 6)) == "7");
  // sql_variant holding varchar(10) 'ab' with a Latin1 collation.
  CHECK(dec(kSqlVariant, std::string("\xA7\x01\x0A\x00\x09\x04\xD0\x00\x34"
                                     "ab",
                                     11)) == "ab");
}

TEST_CASE("text rendering edge cases: surrogates, cached dates, scales") {
  // U+1F600 as a surrogate pair, an unpaired high surrogate before 'A', a
  // lone low surrogate, and an odd trailing byte (dropped).
  CHECK(dec(kNVarChar, std::string("\x3D\xD8\x00\xDE", 4)) ==
        "\xF0\x9F\x98\x80");
  CHECK(dec(kNVarChar, std::string("\x00\xD8\x41\x00", 4)) ==
        "\xEF\xBF\xBD"
        "A");
  CHECK(dec(kNVarChar, std::string("\x00\xDC", 2)) == "\xEF\xBF\xBD");
  CHECK(dec(kNVarChar, std::string("\xE9\x00\x20\x04\x41", 5)) ==
        "\xC3\xA9\xD0\xA0");
  // Alternating days: the per-thread last-day text must follow each value.
  std::string d1("\x00\x00\x00\x00\xD1\x45\x00\x00", 8);  // 1948-12-08
  std::string d2("\x00\x00\x00\x00\x00\x00\x00\x00", 8);  // 1900-01-01
  for (int i = 0; i < 3; ++i) {
    CHECK(dec(kDateTime, d1) == "1948-12-08T00:00:00.000");
    CHECK(dec(kDateTime, d2) == "1900-01-01T00:00:00.000");
  }
  // date 9999-12-31 (3652058 days after 0001-01-01) and 0001-01-01.
  CHECK(dec(kDate, std::string("\xDA\xB9\x37", 3)) == "9999-12-31");
  CHECK(dec(kDate, std::string("\x00\x00\x00", 3)) == "0001-01-01");
  // time(7) 23:59:59.9999999 = 863999999999 units of 100 ns.
  CHECK(dec(kTime, std::string("\xFF\xBF\x69\x2A\xC9", 5), 0, 7) ==
        "23:59:59.9999999");
  // A damaged catalog's scale of 200 is read as 7, never written past.
  CHECK(dec(kTime, std::string("\xFF\xBF\x69\x2A\xC9", 5), 0, 200) ==
        "23:59:59.9999999");
}

TEST_CASE("CLR types are named by their user type id and shown as hex") {
  ColumnType t;
  t.xtype = kClrUdt;
  t.length = 892;
  t.utype = 128;
  CHECK(type_name(t) == "hierarchyid");
  t.length = -1;
  t.utype = 129;
  CHECK(type_name(t) == "geometry");
  t.utype = 130;
  CHECK(type_name(t) == "geography");
  t.utype = 257;  // a user's own CLR type
  CHECK(type_name(t) == "clr_udt");
  std::string out;
  t.utype = 128;
  CHECK(decode_value(t, std::string("\x5A\xC0", 2), &out));
  CHECK(out == "0x5AC0");
}
