// SQL Server column types (system type ids, "xtype") and their on-disk value
// encodings, turned into canonical text: integers in decimal, decimal/money
// as exact decimal strings, dates in ISO 8601, character data as UTF-8,
// binary as 0x-hex. See FORMAT.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "collation.hpp"

namespace leakscope::mssql {

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
  kSqlVariant = 98,
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
  kTimestamp = 189,
  kNVarChar = 231,
  kNChar = 239,
  kClrUdt = 240,
  kXml = 241,
};

struct ColumnType {
  uint8_t xtype = 0;
  int16_t length = 0;  // bytes; -1 for (max)
  uint8_t precision = 0;
  uint8_t scale = 0;
  uint32_t collation = 0;  // SQL Server collation id (collation.hpp)
  // syscolpars.utype: the user type id; it names the CLR types that share
  // xtype 240 (128 hierarchyid, 129 geometry, 130 geography).
  int32_t utype = 0;
};

// "int", "nvarchar(40)", "decimal(10,2)", "varchar(max)"...
std::string type_name(const ColumnType& t);
// Stored in the fixed-length part of a FixedVar record.
bool is_fixed_length(uint8_t xtype);
// Bytes a fixed-length column takes (0 for bit, which packs into bytes).
size_t fixed_size(const ColumnType& t);
// text/ntext/image and the (max) types may live off-row.
bool is_lob_type(const ColumnType& t);

// decode_value for the commonest fixed-length types, inlined into the row
// loop: writes the text of the `fixed_size` bytes at `p` and returns true
// for int, smallint, tinyint, bigint and datetime; false (nothing written)
// for any other type.
bool decode_fixed_fast(uint8_t xtype, const char* p, std::string* out);

// The same for in-row character data: char/varchar that is plain ASCII
// (the same text in every code page and in UTF-8) and nchar/nvarchar.
bool decode_text_fast(uint8_t xtype, std::string_view b, std::string* out);

// Decodes a value's bytes to canonical text. Returns false (and a reason in
// *out) when the bytes cannot be this type.
bool decode_value(const ColumnType& t, std::string_view bytes,
                  std::string* out);

std::string to_hex(std::string_view bytes);  // "0x0A1B..."

}  // namespace leakscope::mssql
