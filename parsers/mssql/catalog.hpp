// The system catalog of one database, read from its pages: allocation units
// (sysallocunits), rowsets (sysrowsets), objects (sysschobjs), schemas
// (sysclsobjs) and columns (syscolpars). Only the first columns of
// sysallocunits and sysrowsets and the layout of syscolpars are built in;
// every other system table is decoded with the column list syscolpars gives
// for it. See FORMAT.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cd_record.hpp"
#include "leakscope/reporter.hpp"
#include "page_store.hpp"
#include "sql_types.hpp"

namespace leakscope::mssql {

class Record;

struct Column {
  int colid = 0;
  std::string name;
  ColumnType type;
  bool nullable = true;
  // Physical position (FixedVar): fixed columns by byte offset in the fixed
  // part (after the 4-byte record header); bits by byte offset + bit; the
  // rest by index among variable columns.
  bool fixed = false;
  size_t fixed_offset = 0;
  size_t fixed_len = 0;  // fixed_size(type) of a fixed column, set with it
  int bit = -1;
  size_t null_index = 0;
  size_t var_index = 0;
  // SPARSE (syscolpars.status 0x1000000): the value, when not NULL, is in
  // the record's sparse vector; no fixed/variable/null-bitmap position.
  bool sparse = false;
  // False for a column the record does not hold (a computed column that is
  // not PERSISTED: syscolpars lists it, sysrscols does not); read as NULL.
  bool stored = true;
};

// One row of sysrscols (object 3): where a rowset keeps one of its columns.
struct RowsetColumn {
  int16_t leaf_offset = 0;        // fixed: byte offset in the record (>= 4);
                                  // variable: -1 the first, -2 the second...
  int16_t leaf_null_bit = 0;      // 1-based bit of the null bitmap
  uint8_t leaf_bit_position = 0;  // bit columns: bit in the byte
  bool dropped = false;           // status 0x2: a dropped column's space
  bool sparse = false;            // status 0x100
};

// Takes the physical layout of `columns` from their rowset's sysrscols rows
// (keyed by rscolid, which is the column's colid): right for tables whose
// columns were dropped, added or altered after rows were written, and for
// computed columns that are not stored. Returns false (columns untouched)
// when the rows do not describe every non-sparse stored column sensibly.
bool apply_rowset_layout(std::vector<Column>& columns,
                         const std::map<int32_t, RowsetColumn>& layout);

// Assigns physical positions in column order (the layout of a table whose
// columns were never altered).
void lay_out(std::vector<Column>& columns);

struct Table {
  int32_t object_id = 0;
  std::string schema, name;
  std::vector<Column> columns;
  std::vector<uint64_t> in_row_units;  // allocation units of IN_ROW_DATA
  std::vector<uint64_t> lob_units;     // LOB_DATA and ROW_OVERFLOW_DATA
  // sysallocunits.pgfirst of each in-row unit (file<<32 | page), 0 if none:
  // the start of the leaf-level page chain.
  std::vector<uint64_t> first_pages;
  int64_t declared_rows = -1;  // sysrowsets.rcrows, if readable
  uint8_t compression = 0;     // 0 none, 1 ROW, 2 PAGE (sysrowsets.cmprlevel)
  bool has_sparse = false;     // some column is SPARSE
  // Where the column layout came from: "sysrscols" (the rowset's own
  // description) or "declaration order" (no usable sysrscols rows).
  std::string layout_source = "declaration order";
};

class Catalog {
 public:
  // Reads the catalog. Returns false when even the bootstrap tables are
  // missing (reported); partial damage is reported and skipped.
  bool load(const PageStore& pages, Reporter& reporter,
            const std::string& locator);

  // Database name, version and collation from the boot page (1:9) only;
  // load() does this first. For databases whose other pages are unreadable.
  void read_boot(const PageStore& pages);

  const std::vector<Table>& user_tables() const { return tables_; }
  const std::string& database_name() const { return database_; }
  int database_version() const { return db_version_; }
  // The database's default collation id from the boot page (0 if unread).
  uint32_t database_collation() const { return collation_; }

 private:
  std::vector<Table> tables_;
  std::string database_;
  int db_version_ = 0;
  uint32_t collation_ = 0;
};

// A decoded row of a table: one text value per column (nullopt for NULL).
struct RowValue {
  bool null = false;
  std::string text;
};

// Decodes one record's columns. LOB columns are read through `pages` when
// possible. Returns false (reason in *why) when the record does not fit the
// table's layout.
bool decode_row(const Table& t, std::string_view page, uint16_t offset,
                const PageStore& pages, std::vector<RowValue>* values,
                std::string* why);

// The same for a record already parsed (FixedVar), which cannot fail.
void decode_row(const Table& t, const Record& r, const PageStore& pages,
                std::vector<RowValue>* values);

// The same for a CD record of a ROW/PAGE-compressed table; `ci` is the
// page's compression information (PAGE compression) or null. `rec` is
// scratch reused between rows.
bool decode_cd_row(const Table& t, std::string_view page, uint16_t offset,
                   const PageCompressionInfo* ci, const PageStore& pages,
                   CdRecord* rec, std::vector<RowValue>* values,
                   std::string* why);

}  // namespace leakscope::mssql
