// Values as ROW compression stores them (after any page-level prefix and
// dictionary expansion), turned into the same canonical text as
// decode_value. See COMPRESSION_FORMAT.md.
#pragma once

#include <string>
#include <string_view>

#include "sql_types.hpp"

namespace leakscope::mssql {

// `bytes` are the value's stored bytes (0 to 8 short bytes or long data).
// `bit_true` is set for the CD descriptor "bit 1". Returns false (reason in
// *out) when the bytes cannot be this type.
bool decode_compressed_value(const ColumnType& t, std::string_view bytes,
                             bool bit_true, std::string* out);

// Signed integer of 1..8 big-endian bytes whose top bit is inverted (the
// row-compressed form of smallint/int/bigint/money/...); 0 for no bytes.
int64_t compressed_int(std::string_view bytes);

// Exact decimal text of a vardecimal value (sign/exponent byte, 10-bit
// groups of three digits) with `scale` digits after the point.
bool vardecimal_text(std::string_view bytes, int scale, std::string* out);

}  // namespace leakscope::mssql
