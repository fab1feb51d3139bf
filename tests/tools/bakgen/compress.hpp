// ROW compression as the writer produces it: each column's stored bytes
// (encode_value's uncompressed form) shrunk to its row-compressed form, and
// CD records built from them. Written from the public descriptions of the
// format, independently of parsers/mssql (see its COMPRESSION_FORMAT.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "schema.hpp"

namespace leakscope::bakgen {

// A column value in CD form: descriptor 0 (NULL), 1 (empty), 2..9 (short
// bytes), 10 (long bytes) or 11 (bit 1), with its bytes.
struct CdCell {
  uint8_t descriptor = 0;
  std::string bytes;
};

// The row-compressed form of `stored` (nullopt: NULL) for column `c`.
CdCell row_compress(const Column& c, const std::optional<std::string>& stored);

// A CD record; `kind` is 0 (primary) or 3 (ghost data).
std::string build_cd_record(const std::vector<CdCell>& cells, uint8_t kind);

}  // namespace leakscope::bakgen
