// The boot page (page 9 of a database's primary file, type 13): the one
// decoder of its database record, for the catalog (ingest), `info` on a
// backup (the page inside the MTF data) and `info` on an .mdf file. Offsets
// are in FORMAT.md ("Boot page").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leakscope::mssql {

struct BootRecord {
  int database_version = 0;  // dbi_version, e.g. 904
  std::string database;      // dbi_dbname, UTF-8, padding removed
  uint32_t collation = 0;    // dbi_collation's collation id; 0 when cut
};

// `page`: the 8 KiB page with its torn bits already undone. nullopt when it
// holds no record long enough to carry the database name (slot 0 missing,
// or ending past the page).
std::optional<BootRecord> read_boot_record(std::string_view page);

// Parses the header of `page` (8 KiB, as read), undoes its torn bits and
// reads the record; nullopt when the page is no boot page or is damaged.
std::optional<BootRecord> read_boot_page(std::string_view page);

}  // namespace leakscope::mssql
