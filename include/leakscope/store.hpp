// The evidence store: one SQLite file per case. Schema (version 1):
//   schema_version(version)
//   runs(id, started, finished, tool_version, command_line, status)
//   sources(id, root, path UNIQUE, size, mtime, sha256, kind, status, error,
//           items, damages, run_id)            status: ok|damaged|failed
//   items(id, source_id, parent_id, kind, locator, title, date, size, sha256,
//         text_zstd, text_size)
//   item_fields(item_id, name, value)
//   damages(source_id, locator, offset, what)
//   custody(id, run_id, at, event, path, size, sha256, detail)  append-only
// Invariant: a source row and all its items, fields and damages are written
// in one transaction, so after any crash the store holds whole sources only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "leakscope/classify.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace leakscope {

inline constexpr int kSchemaVersion = 2;

struct SourceRecord {
  int64_t id = 0;
  std::string root;  // the PATH argument this source was found under
  std::string path;  // as walked, unique in the store
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
  // Opens or creates the store and migrates it to kSchemaVersion. Throws
  // std::runtime_error naming the file on failure.
  static std::unique_ptr<Store> open(const std::string& path,
                                     bool read_only = false);
  ~Store();

  sqlite3* db() const { return db_; }
  const std::string& path() const { return path_; }

  // --- runs and custody (append-only) ---
  int64_t begin_run(const std::string& command_line);
  void end_run(int64_t run_id, const std::string& status);
  void custody(int64_t run_id, const std::string& event,
               const std::string& path, uint64_t size,
               const std::string& sha256, const std::string& detail);

  std::map<std::string, SourceRecord> sources() const;

  // --- writing; one thread only ---
  void begin();
  void commit();
  void rollback();
  // Inserts or replaces the source row (replacing drops the old items).
  int64_t put_source(const SourceRecord& s, int64_t run_id);
  void finish_source(const SourceRecord& s);
  void clear_source_items(int64_t source_id);
  int64_t insert_item(int64_t source_id, int64_t parent_row,
                      const StoredItem& it);
  void insert_damage(int64_t source_id, const Damage& d);
  void insert_finding(int64_t item_row, const Finding& f);

  // --- reading ---
  std::string item_text(int64_t item_id) const;  // decompressed
  // Runs a query returning one integer.
  int64_t scalar(const std::string& sql) const;
  void exec(const std::string& sql) const;

 private:
  Store() = default;
  // A prepared statement kept for the store's lifetime, reset and unbound.
  // `sql` must be a string literal (the cache key is its address).
  class Statement& cached(const char* sql);
  sqlite3_stmt* prepare(const char* sql) const;
  void migrate();

  sqlite3* db_ = nullptr;
  std::string path_;
  sqlite3_stmt* insert_item_ = nullptr;
  sqlite3_stmt* insert_field_ = nullptr;
  sqlite3_stmt* insert_damage_ = nullptr;
  sqlite3_stmt* insert_finding_ = nullptr;
  std::unordered_map<const char*, std::unique_ptr<class Statement>> cache_;
};

// RAII prepared statement for readers (reports, CLI).
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& bind(int index, int64_t v);
  Statement& bind(int index, const std::string& v);
  bool step();  // true while a row is available
  int64_t integer(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;
  void reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace leakscope
