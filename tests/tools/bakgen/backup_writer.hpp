// Writes a synthetic SQL Server database as a full backup (.bak, MTF) or as
// a data file (.mdf) that leakscope's reader accepts as real: pages with
// FixedVar records, the system catalog the reader bootstraps from
// (sysallocunits, sysrowsets, syscolpars, sysschobjs, sysclsobjs), boot,
// file header, PFS, GAM, SGAM, DCM, BCM and IAM pages.
//
// Supported: heaps and clustered tables (leaf pages linked, index pages
// above them), every type of schema.hpp's Column, NULLs, ghost records
// (deleted rows), forwarded records with their stubs (heaps), text/ntext/
// image values off-row (SMALL_ROOT, or LARGE_ROOT_YUKON over DATA
// fragments up to kMaxLobBytes). Not written: (max) values off-row,
// row-overflow data, compression, sparse columns, nonclustered indexes.
//
// Pages are streamed to the file as they fill: memory stays bounded by a
// few pages per table plus about one byte per page written (PFS state) and
// eight per clustered leaf page (the index built at the end).
//
// Usage:
//   BackupWriter w("crm.bak", db);
//   size_t t = w.add_table(spec);
//   w.add_row(t, {"1", "Anna", std::nullopt});
//   w.add_row(t, {"2", "Ben", "x"}, RowState::kGhost);
//   w.finish();   // writes the catalog and closes the file
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "schema.hpp"

namespace leakscope::bakgen {

enum class OutputFormat {
  kBackup,    // an uncompressed full backup (MTF)
  kDataFile,  // the database's primary data file (.mdf), pages from 0
};

// Largest off-row value written (one LARGE_ROOT_YUKON of DATA fragments).
inline constexpr size_t kMaxLobBytes = 600 * 8000;

struct WriterStats {
  uint64_t pages = 0;    // pages written
  uint64_t records = 0;  // user row records (live, ghost, forwarded)
  uint64_t lob_values = 0;
  uint64_t file_pages = 0;  // size of the database's data file, in pages
};

class BackupWriter {
 public:
  // Creates (truncates) `path`. Throws std::runtime_error when it cannot.
  BackupWriter(const std::string& path, const DatabaseSpec& db,
               OutputFormat format = OutputFormat::kBackup);
  ~BackupWriter();
  BackupWriter(const BackupWriter&) = delete;
  BackupWriter& operator=(const BackupWriter&) = delete;

  // Returns the table's handle. Throws std::invalid_argument for an invalid
  // description (no columns, duplicate names, a clustered key that is not
  // fixed-length and NOT NULL, schema "sys").
  size_t add_table(const TableSpec& table);
  // One row: one cell per column. Throws std::invalid_argument when a value
  // does not fit its column or the row does not fit a page (8060 bytes).
  void add_row(size_t table, const Row& row, RowState state = RowState::kLive);
  // Writes the catalog and allocation pages and closes the file. Nothing
  // may be added afterwards.
  void finish();

  int32_t object_id(size_t table) const;
  const WriterStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A whole table in memory, for small databases.
struct TableContents {
  TableSpec spec;
  std::vector<Row> rows;
  std::vector<RowState> states;  // empty, or one per row
};

WriterStats write_database(const std::string& path, const DatabaseSpec& db,
                           const std::vector<TableContents>& tables,
                           OutputFormat format = OutputFormat::kBackup);

}  // namespace leakscope::bakgen
