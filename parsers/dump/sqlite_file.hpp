// SQLite database files found in evidence, read table by table through the
// SQLite library itself: opened read-only and immutable (a file on disk) or
// deserialised read-only (bytes in memory), defensive mode on, only the
// tables sqlite_master lists (no view, trigger or virtual table is run).
// See FORMAT.md.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/sql_records.hpp"

namespace leakscope::dump {

// True when `head` starts with SQLite's file header string.
bool looks_like_sqlite(std::string_view head);

struct SqliteColumn {
  std::string name, declared_type;
};

struct SqliteCallbacks {
  // A table and its columns; return false to skip its rows.
  std::function<bool(const std::string& table,
                     const std::vector<SqliteColumn>& columns)>
      on_table;
  // One row of the last table, values typed as SQLite stores them (text
  // and blob views valid during the call); `rowid` 0 for WITHOUT ROWID.
  std::function<void(int64_t rowid, std::span<const SqlValue> values)> on_row;
};

// Reads every table of the database in `path` (when not "") or `bytes`.
// Returns the problems met ("" entries never), e.g. a table that cannot be
// read, "file is not a database".
std::vector<std::string> read_sqlite(const std::string& path,
                                     std::string_view bytes,
                                     const SqliteCallbacks& callbacks);

}  // namespace leakscope::dump
