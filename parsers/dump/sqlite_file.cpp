#include "sqlite_file.hpp"

#include <sqlite3.h>

#include <memory>

namespace leakscope::dump {

namespace {

// `path` as a file: URI (every byte outside the unreserved set and '/'
// percent-encoded), so no character of it is read as URI syntax.
std::string file_uri(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out = "file:";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out + "?mode=ro&immutable=1";
}

// An identifier from the file (hostile) as a quoted SQL identifier.
std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Stmt prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return nullptr;
  }
  return Stmt(s);
}

std::string text_of(sqlite3_stmt* s, int col) {
  const unsigned char* t = sqlite3_column_text(s, col);
  return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace

bool looks_like_sqlite(std::string_view head) {
  return head.substr(0, 16) == std::string_view("SQLite format 3\0", 16);
}

std::vector<std::string> read_sqlite(const std::string& path,
                                     std::string_view bytes,
                                     const SqliteCallbacks& cb) {
  std::vector<std::string> problems;
  sqlite3* raw = nullptr;
  int rc;
  if (!path.empty()) {
    rc = sqlite3_open_v2(file_uri(path).c_str(), &raw,
                         SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  } else {
    rc = sqlite3_open_v2(":memory:", &raw,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr);
  }
  std::unique_ptr<sqlite3, DbCloser> db(raw);
  if (rc != SQLITE_OK) {
    problems.push_back(std::string("cannot open: ") +
                       (raw ? sqlite3_errmsg(raw) : "out of memory"));
    return problems;
  }
  // Hostile files: no schema-defined function runs, no writes, bounded
  // lengths and memory-mapped I/O off.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
  sqlite3_limit(raw, SQLITE_LIMIT_LENGTH, 256 << 20);
  sqlite3_limit(raw, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
  sqlite3_exec(raw, "PRAGMA cell_size_check=ON; PRAGMA mmap_size=0;", nullptr,
               nullptr, nullptr);
  if (path.empty()) {
    // Read-only: SQLite never writes to (or frees) the caller's bytes.
    rc = sqlite3_deserialize(
        raw, "main",
        reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data())),
        static_cast<sqlite3_int64>(bytes.size()),
        static_cast<sqlite3_int64>(bytes.size()), SQLITE_DESERIALIZE_READONLY);
    if (rc != SQLITE_OK) {
      problems.push_back(std::string("cannot open: ") + sqlite3_errmsg(raw));
      return problems;
    }
  }
  std::vector<std::string> tables;
  {
    Stmt s = prepare(raw,
                     "SELECT name FROM sqlite_master WHERE type='table' AND "
                     "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE "
                     "'CREATE VIRTUAL%' ORDER BY rowid");
    if (!s) {
      problems.push_back(std::string("schema unreadable: ") +
                         sqlite3_errmsg(raw));
      return problems;
    }
    int r;
    while ((r = sqlite3_step(s.get())) == SQLITE_ROW)
      tables.push_back(text_of(s.get(), 0));
    if (r != SQLITE_DONE)
      problems.push_back(std::string("schema unreadable: ") +
                         sqlite3_errmsg(raw));
  }
  std::vector<SqlValue> values;
  for (const std::string& t : tables) {
    std::vector<SqliteColumn> columns;
    {
      Stmt s = prepare(raw, "SELECT name, type FROM pragma_table_info(?)");
      if (!s) {
        problems.push_back("table " + t +
                           ": columns unreadable: " + sqlite3_errmsg(raw));
        continue;
      }
      sqlite3_bind_text(s.get(), 1, t.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(s.get()) == SQLITE_ROW)
        columns.push_back({text_of(s.get(), 0), text_of(s.get(), 1)});
    }
    if (columns.empty()) continue;
    if (cb.on_table && !cb.on_table(t, columns)) continue;
    // The rowid first when the table has one (WITHOUT ROWID: 0).
    Stmt s = prepare(raw, "SELECT rowid, * FROM " + quoted(t));
    bool with_rowid = true;
    if (!s) {
      s = prepare(raw, "SELECT 0, * FROM " + quoted(t));
      with_rowid = false;
    }
    if (!s) {
      problems.push_back("table " + t +
                         ": rows unreadable: " + sqlite3_errmsg(raw));
      continue;
    }
    (void)with_rowid;
    const int n = sqlite3_column_count(s.get()) - 1;
    values.assign(static_cast<size_t>(std::max(n, 0)), SqlValue{});
    int r;
    while ((r = sqlite3_step(s.get())) == SQLITE_ROW) {
      for (int k = 0; k < n; ++k) {
        SqlValue& v = values[static_cast<size_t>(k)];
        v = SqlValue{};
        switch (sqlite3_column_type(s.get(), k + 1)) {
          case SQLITE_INTEGER:
            v.kind = SqlValueKind::kInteger;
            v.integer = sqlite3_column_int64(s.get(), k + 1);
            break;
          case SQLITE_FLOAT:
            v.kind = SqlValueKind::kReal;
            v.real = sqlite3_column_double(s.get(), k + 1);
            break;
          case SQLITE_TEXT: {
            const unsigned char* p = sqlite3_column_text(s.get(), k + 1);
            v.kind = SqlValueKind::kText;
            v.text = std::string_view(
                reinterpret_cast<const char*>(p),
                static_cast<size_t>(sqlite3_column_bytes(s.get(), k + 1)));
            break;
          }
          case SQLITE_BLOB: {
            const void* p = sqlite3_column_blob(s.get(), k + 1);
            v.kind = SqlValueKind::kBytes;
            v.text = std::string_view(
                static_cast<const char*>(p),
                static_cast<size_t>(sqlite3_column_bytes(s.get(), k + 1)));
            break;
          }
          default:
            break;  // NULL
        }
      }
      if (cb.on_row) cb.on_row(sqlite3_column_int64(s.get(), 0), values);
    }
    if (r != SQLITE_DONE)
      problems.push_back("table " + t + ": " + sqlite3_errmsg(raw) +
                         " (rows after this point not read)");
  }
  return problems;
}

}  // namespace leakscope::dump
