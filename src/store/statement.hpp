// SQL on a store's connection, for the store library only (store.cpp,
// merge.cpp, store_queries_*.cpp): the layers above call functions of the
// store (leakscope/store.hpp, leakscope/store_queries.hpp) and never see
// SQL text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leakscope/store.hpp"

namespace leakscope {

// RAII prepared statement on a store's connection. Values are bound
// (bind), never pasted into `sql`; bind copies strings (SQLITE_TRANSIENT),
// so temporaries may be bound.
class Statement {
 public:
  Statement(const Store& store, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& bind(int index, int64_t v);
  Statement& bind(int index, const std::string& v);
  Statement& bind(int index, double v);
  Statement& bind_blob(int index, const std::string& v);  // copied too
  bool step();  // true while a row is available
  int64_t integer(int col) const;
  std::string text(int col) const;
  // The same bytes without a copy: valid until the next step() or reset().
  std::string_view text_view(int col) const;
  bool is_null(int col) const;
  void reset();
  sqlite3_stmt* raw() const { return stmt_; }

 private:
  friend class Store;
  Statement(sqlite3* db, const std::string& sql);
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Statements the store library runs as text (its own identifiers and
// literals only; values are bound through Statement).
struct StoreSql {
  static void exec(const Store& s, const std::string& sql) { s.exec(sql); }
  // The first column of the first row, or 0.
  static int64_t scalar(const Store& s, const std::string& sql) {
    return s.scalar(sql);
  }
};

}  // namespace leakscope
