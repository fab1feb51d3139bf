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

// PAGE compression of one page: the anchor (one value per column, here the
// page's first row) and the dictionary (here that row's longer values, in
// their prefix-encoded form).
struct PageContext {
  std::vector<CdCell> anchor;  // descriptor 0: no anchor for the column
  std::vector<std::string> symbols;
};
PageContext page_context(const std::vector<CdCell>& first_row);
// The compression information structure placed after the page header.
std::string build_compression_info(const PageContext& ctx);
// A row's cells prefix-encoded against the anchor, then replaced by
// dictionary symbols where one matches.
std::vector<CdCell> page_compress(const std::vector<CdCell>& row,
                                  const PageContext& ctx);

}  // namespace leakscope::bakgen
