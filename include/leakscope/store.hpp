// The evidence store: one SQLite file per case, schema version 3. Every
// table, what a row means and the invariants: src/store/STORE.md.
// In short: sources -> items (messages, attachments, documents, SQL
// databases and tables) -> item_fields; SQL rows in one table per recovered
// table (sql_rows_<id>, with a view under the table's full name) catalogued
// in sql_databases / sql_tables / sql_columns; findings in finding_rows with
// their values and evidence interned (finding_values, finding_evidence),
// read through the `findings` view; damages; custody (append-only).
// Invariant: a source is 'ingesting' until its last row, item and finding
// are committed; the writer commits in batches of bounded size, and the next
// writable run removes whatever an unfinished source left
// (remove_unfinished_sources), so the store holds finished sources only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "leakscope/classify.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"
#include "leakscope/sql_records.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace leakscope {

inline constexpr int kSchemaVersion = 3;

struct SourceRecord {
  int64_t id = 0;
  std::string root;   // the PATH argument this source was found under
  std::string path;   // canonical absolute path, unique in the store
  std::string given;  // the path as the examiner's arguments spelled it
  uint64_t size = 0;
  int64_t mtime = 0;  // seconds since the epoch
  std::string sha256;
  std::string kind;
  std::string status;  // "ok", "damaged", "failed"
  std::string error;
  uint64_t items = 0;
  uint64_t damages = 0;
};

// An item ready for the store: its text already zstd-compressed by the
// producing thread, so the single writer thread only does SQL.
struct StoredItem {
  Item item;  // item.text is empty; see text_zstd
  std::string text_zstd;
  uint64_t text_size = 0;
  // Findings about this item (Finding::target == kNoParent) or about an
  // earlier item of the same source (target = its local id).
  std::vector<Finding> findings;
};

class Store {
 public:
  friend class Statement;
  // Opens or creates the store and migrates it to kSchemaVersion. Throws
  // std::runtime_error naming the file on failure.
  static std::unique_ptr<Store> open(const std::string& path,
                                     bool read_only = false);
  ~Store();
  // Another read-only connection to the same store, for another thread,
  // sharing this one's workspace: the working tables that readers derive
  // (expand_cell_findings, the names shown with addresses) are built once
  // for both (src/store/workspace.hpp).
  std::unique_ptr<Store> open_reader() const;

  const std::string& path() const { return path_; }

  // --- runs and custody (append-only) ---
  int64_t begin_run(const std::string& command_line);
  void end_run(int64_t run_id, const std::string& status);
  // Appends one event to the hash chain (STORE.md): its id is the last
  // one + 1, `at` now (UTC, milliseconds) unless given, prev_hash the last
  // link's hash, hash = SHA-256 of prev_hash and the row's canonical bytes.
  void custody(int64_t run_id, const std::string& event,
               const std::string& path, uint64_t size,
               const std::string& sha256, const std::string& detail,
               const std::string& at = "");
  // The custody chain checked link by link, and every source's recorded
  // size and SHA-256 checked against its last custody event.
  struct CustodyCheck {
    int64_t links = 0;
    std::string head;       // hash of the last link ("" when none)
    int64_t broken_at = 0;  // id of the first link that fails; 0: intact
    std::string problem;    // what failed there
    // Sources whose row disagrees with the chain: (path, what).
    std::vector<std::pair<std::string, std::string>> sources;
  };
  CustodyCheck check_custody() const;

  std::map<std::string, SourceRecord> sources() const;

  // --- writing; one thread only ---
  // A bulk load (ingest) drops the indexes that cost most to maintain row
  // by row (the findings' value index); end_bulk_load() and every later
  // open of the store (read-only ones too) build whatever is missing.
  void begin_bulk_load();
  void end_bulk_load();
  // Creates every index the schema defines that is missing.
  void ensure_indexes();
  void begin();
  void commit();
  void rollback();
  // Inserts or replaces the source row (replacing drops the old items),
  // status 'ingesting' until finish_source.
  int64_t put_source(const SourceRecord& s, int64_t run_id);
  void finish_source(const SourceRecord& s);
  // Everything a source brought: items, fields, findings, damages, SQL
  // tables (their rows and views). The source row stays.
  void clear_source_items(int64_t source_id);
  // Sources a killed run left 'ingesting': cleared and deleted, each noted
  // in custody. Returns their paths (the run reads them again).
  std::vector<std::string> remove_unfinished_sources(int64_t run_id);
  // Deletes finding values nothing refers to (clear_source_items does it).
  void purge_unused_values();
  int64_t insert_item(int64_t source_id, int64_t parent_row,
                      const StoredItem& it);
  void insert_damage(int64_t source_id, const Damage& d);
  // `item_row` is the item the finding is about (the table item for a SQL
  // cell: f.sql_row / f.sql_column say where).
  void insert_finding(int64_t item_row, const Finding& f);
  // SQL catalog and rows. add_sql_table creates the table's row table and
  // its view; insert_rows appends a chunk (rowids continue 1, 2, ...);
  // finish_sql_table records the counts and drops the prepared insert.
  int64_t add_sql_database(int64_t source_id, int64_t item_row,
                           const std::string& name);
  // `value_columns` get a value-id column (_v<ordinal>) in the row table;
  // insert_rows fills it from `cell_values` (Finding::cell_value, in row
  // order; sql_row is the rowid within the table).
  int64_t add_sql_table(int64_t source_id, int64_t database_id,
                        int64_t item_row, const SqlTableSchema& schema,
                        const std::vector<ValueColumn>& value_columns = {});
  // `first_rowid`: the rowid of the chunk's first row (rows already
  // written + 1; the writer counts them).
  void insert_rows(int64_t table_id, int64_t first_rowid,
                   const struct RowChunk& chunk,
                   const std::vector<struct RowCellValue>& cell_values);
  void finish_sql_table(int64_t table_id, int64_t rows, int64_t deleted);
  // One sorted run of the table's row hashes, numbered `run` within the
  // table (store/hash_runs.hpp; one row of sql_row_hashes per chunk).
  void insert_row_hash_run(int64_t table_id, int64_t run,
                           const std::vector<struct HashRunChunk>& chunks);

  // --- reading: SQL tables ---
  struct SqlTableInfo {
    int64_t id = 0;       // sql_tables.id
    int64_t item_id = 0;  // its sql_table item
    std::string source;   // sources.path
    std::string database, schema, name, full_name, view_name;
    int64_t columns = 0, rows = 0, deleted_rows = 0;
    int64_t backup_set = 1;  // of an appended backup file; 1 otherwise
  };
  // Every recovered table, by source path, backup set and name.
  std::vector<SqlTableInfo> sql_tables() const;
  struct SqlColumnInfo {
    std::string name, sql_type, value_kind, information_type;
    std::string cell_type;   // whole-column finding type ("person_name"), ""
    std::string value_type;  // a value column's type ("email"), ""
    bool nullable = true;
  };
  std::vector<SqlColumnInfo> sql_columns(int64_t table_id) const;
  // Each row of a table in rowid order (or only row `only_rowid`); values
  // valid during the call.
  void for_each_sql_row(
      int64_t table_id,
      const std::function<void(int64_t rowid, const SqlRowRef& ref,
                               std::span<const SqlValue> values)>& f,
      int64_t only_rowid = 0) const;

  // For readers: TEMP view all_findings = the findings view plus one row
  // per non-empty cell of every column that carries a whole-column finding
  // (sql_columns.cell_type), with the same columns (id and value_id NULL
  // for those). Materialised into work_cells.cell_findings (with
  // work_cells.sql_text_findings: the findings in free-text SQL cells), once
  // per workspace on a read-only store; a writable store's call again
  // after writing rebuilds it.
  void expand_cell_findings() const;
  // Runs `build` once per workspace (src/store/workspace.hpp) for the part
  // `part` (a literal of the store's: its tables live in the attached
  // database work_<part>), under that part's lock, after attaching the
  // part to this connection; again on every call when the store is
  // writable and `again_when_writable`. Callers read the part's tables only
  // after this returns.
  void build_workspace_part(const std::string& part, bool again_when_writable,
                            const std::function<void()>& build) const;
  // `compute()` once per workspace for `key` (the store's own literal and
  // ids), shared by the connections of the workspace; on a writable store
  // (which may change between calls) every time.
  template <class T>
  std::shared_ptr<const T> shared_result(
      const std::string& key,
      const std::function<std::shared_ptr<const T>()>& compute) const {
    if (!read_only_) return compute();
    return std::static_pointer_cast<const T>(shared_result_erased(
        key,
        [&compute]() -> std::shared_ptr<const void> { return compute(); }));
  }
  // The store's content version: the id of its newest custody event. Every
  // change to the evidence in the store appends one, nothing else does.
  int64_t content_version() const;

  // The normalised values of one row's value columns: (ordinal, type,
  // value), ascending by ordinal.
  struct CellValue {
    int ordinal;
    std::string type, value;
  };
  std::vector<CellValue> row_values(int64_t table_id, int64_t rowid) const;
  // Every (item, SQL row) that holds one of the values whose ids the TEMP
  // table temp.<ids_table>(id) lists, into the TEMP table temp.<out_table>
  // (item_id, sql_row; sql_row 0 for an item), created here; returns how
  // many. Found through the value indexes (finding_rows_value and
  // sql_email_cells); `ids_table` and `out_table` are the caller's
  // identifiers, never evidence.
  int64_t records_with_values(const std::string& ids_table,
                              const std::string& out_table) const;
  // How many records records_with_values would list, without the table:
  // the pairs read from the same indexes, deduplicated in memory (16 bytes
  // per occurrence; a lookup's answer).
  int64_t count_records_with_values(const std::string& ids_table) const;

  // --- reading ---
  std::string item_text(int64_t item_id) const;     // decompressed
  std::string item_locator(int64_t item_id) const;  // "" if there is none

 private:
  void trace_slow_statements();
  friend struct StoreSql;
  Store();
  // Runs a query returning one integer.
  int64_t scalar(const std::string& sql) const;
  void exec(const std::string& sql) const;

  // A prepared statement kept for the store's lifetime, reset and unbound.
  // `sql` must be a string literal (the cache key is its address).
  class Statement& cached(const char* sql);
  sqlite3_stmt* prepare(const char* sql) const;
  void migrate();
  std::shared_ptr<const void> shared_result_erased(
      const std::string& key,
      const std::function<std::shared_ptr<const void>()>& compute) const;
  // Writes work_cells (expand_cell_findings), dropping what it held.
  void build_cell_findings() const;
  // Throws when the file is an SQLite database that leakscope did not make.
  void refuse_foreign_database() const;
  // Throws the message for a store of another schema version.
  void check_version(int64_t version) const;

  sqlite3* db_ = nullptr;
  std::string path_;
  bool read_only_ = false;
  // Shared with the readers opened from this store (open_reader); made
  // when first needed. Destroyed after db_ is closed (~Store).
  mutable std::shared_ptr<class Workspace> workspace_;
  mutable std::set<std::string> attached_parts_;  // on this connection
  sqlite3_stmt* insert_item_ = nullptr;
  sqlite3_stmt* insert_field_ = nullptr;
  sqlite3_stmt* insert_damage_ = nullptr;
  sqlite3_stmt* insert_finding_ = nullptr;
  int64_t intern(const char* select_sql, const char* insert_sql,
                 const std::string& a, const std::string& b,
                 class InternCache& cache,
                 const std::string* insert_extra = nullptr);
  // (type, value) and (detector, evidence) -> their ids (intern_cache.hpp).
  std::unique_ptr<class InternCache> value_ids_, evidence_ids_;
  bool bulk_journal_ = false;  // loading with a rollback journal
  // During a bulk load, while value_ids_ holds every row of finding_values
  // (the table was empty or small enough to read in when the load began,
  // and nothing was evicted or purged since), the store interns values
  // from memory alone: a value it does not hold is new, and is appended
  // with the next id, without the unique index finding_values_key (dropped
  // for the load, rebuilt by end_bulk_load). Otherwise values are interned
  // through that index.
  bool values_in_memory_ = false;
  int64_t next_value_id_ = 1;  // while values_in_memory_
  // Leaves the in-memory mode: builds finding_values_key again.
  void intern_values_through_index();
  // Prepared row inserts of the SQL tables being written, by table id:
  // the statement, the parameter of each column's value id (0: none) and
  // how many value columns there are.
  struct RowInsert {
    sqlite3_stmt* stmt = nullptr;  // one row
    // kRowsPerInsert rows a step (fewer steps and resets per row), or null
    // when so many parameters would pass SQLite's limit.
    sqlite3_stmt* multi = nullptr;
    int per_row = 0;  // parameters a row
    std::vector<int> value_param;
    std::vector<std::string> value_type;  // by ordinal
    size_t values = 0;
  };
  std::unordered_map<int64_t, RowInsert> row_inserts_;
  int64_t intern_value(const Finding& f);
  int64_t intern_value(const std::string& type, const std::string& value,
                       const std::string& country);
  std::unordered_map<const char*, std::unique_ptr<class Statement>> cache_;
  // Statements of one row table read row by row (a notification pack's
  // rows): prepared once per connection and table, not once per row. At
  // most kRowStatements kept (cleared past that); finalised before the
  // connection closes.
  static constexpr size_t kRowStatements = 4096;
  class Statement& row_statement(const std::string& sql) const;
  mutable std::unordered_map<std::string, std::unique_ptr<class Statement>>
      row_statements_;
  mutable std::unordered_map<int64_t, std::vector<int>> value_ordinals_;
  mutable std::unordered_map<int64_t, size_t> column_counts_;
};

}  // namespace leakscope
