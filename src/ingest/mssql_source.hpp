// SQL Server sources: backups (.bak/.trn, MTF), striped backup sets (several
// files, one media set) and data files (.mdf/.ndf), read once into a
// PageStore (an index of page offsets, or a spill file), then the catalog,
// then one item per database and table and typed rows (RecordSink).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"
#include "leakscope/sql_records.hpp"
#include "table_rows.hpp"

namespace leakscope {

// Reads up to n bytes of a source's logical stream into dst; 0 at end.
using SourceRead = std::function<size_t(char* dst, size_t n)>;

// Media-set facts from a backup's TAPE block (first 512 bytes).
struct StripeInfo {
  std::string media_set_id;  // 32 hex digits; empty when not a TAPE block
  uint16_t family_count = 0;
  uint16_t family_sequence = 0;
};
StripeInfo read_stripe_info(std::string_view head);

struct PageSet;  // the pages of one restorable state (mssql_source.cpp)

// Collects the pages of one database from one or more files, then emits it:
// one database item per full backup set the files hold (appended backups),
// differential sets applied to the full set before them.
class MssqlDatabaseReader {
 public:
  MssqlDatabaseReader();
  ~MssqlDatabaseReader();
  // kind: "mssql_backup" or "mssql_data_file". `on_progress` may be empty.
  // `plain_path`, when given, is a file whose bytes are exactly what `read`
  // delivers (no compression layer): pages are then read again from it by
  // offset when decoded instead of being copied to a spill file.
  void add(const std::string& kind, const SourceRead& read,
           const std::string& display, Reporter& reporter,
           const std::function<void()>& on_progress,
           const std::string& plain_path = "");
  // Emits the database, its tables and rows under `parent`.
  void emit(RecordSink& sink, Reporter& reporter, const std::string& display,
            int64_t parent = kNoParent);
  void add_field(std::string name, std::string value);

  // The page decoder on its own, for measurement (leakscope-decode-bench):
  // reads the catalog and hands every row of every user table to `on_row`
  // as typed text values, building no items. False when there is no
  // readable catalog.
  using RowVisitor = std::function<void(const mssql::RowRef&,
                                        const std::vector<mssql::RowValue>&)>;
  bool decode_rows(Reporter& reporter, const std::string& display,
                   const RowVisitor& on_row);

 private:
  void emit_set(const PageSet& set, RecordSink& sink, Reporter& reporter,
                const std::string& display, int64_t parent);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One file on its own; its database items are children of `parent` (a
// backup found inside an archive) or top-level (kNoParent).
void parse_mssql(const std::string& kind, const SourceRead& read,
                 const std::string& display, RecordSink& sink,
                 Reporter& reporter, const std::function<void()>& on_progress,
                 const std::string& plain_path = "",
                 int64_t parent = kNoParent);

}  // namespace leakscope
