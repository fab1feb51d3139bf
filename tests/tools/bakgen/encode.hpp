// Values as SQL Server stores them in a record: the inverse of
// parsers/mssql/sql_types.cpp's decode_value, written independently of it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "schema.hpp"

namespace leakscope::bakgen {

// SQL Server type ids (the values of mssql::XType; repeated here so the
// writer does not share the reader's definitions).
enum XType : uint8_t {
  kImage = 34,
  kText = 35,
  kUniqueIdentifier = 36,
  kDate = 40,
  kTime = 41,
  kDateTime2 = 42,
  kDateTimeOffset = 43,
  kTinyInt = 48,
  kSmallInt = 52,
  kInt = 56,
  kSmallDateTime = 58,
  kReal = 59,
  kMoney = 60,
  kDateTime = 61,
  kFloat = 62,
  kNText = 99,
  kBit = 104,
  kDecimal = 106,
  kNumeric = 108,
  kSmallMoney = 122,
  kBigInt = 127,
  kVarBinary = 165,
  kVarChar = 167,
  kBinary = 173,
  kChar = 175,
  kNVarChar = 231,
  kNChar = 239,
};

// The bytes of `text` as column `c` stores it: the fixed-length bytes of a
// fixed column (one byte 0/1 for bit), the data of a variable column, the
// whole value of a text/ntext/image column (which the writer puts off-row).
// Throws std::invalid_argument naming the column when `text` does not fit.
std::string encode_value(const Column& c, std::string_view text);

// Days since 0001-01-01 of a proleptic Gregorian date, and back.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t days, int64_t* y, unsigned* m, unsigned* d);

// UTF-8 to UTF-16LE bytes and to windows-1252 bytes. Throw
// std::invalid_argument on invalid UTF-8 or (1252) a character the code page
// lacks.
std::string utf8_to_utf16le(std::string_view s);
std::string utf8_to_cp1252(std::string_view s);
// "0x0A1b..." (the 0x is optional) to bytes.
std::string parse_hex(std::string_view s);

// MTF date (5 bytes, big-endian bit fields) of a civil time.
std::string mtf_date(const CivilTime& t);

}  // namespace leakscope::bakgen
