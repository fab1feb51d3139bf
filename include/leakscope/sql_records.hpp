// The typed record path: how a parser hands recovered SQL rows to the layers
// behind it. A database and each of its tables are still Items (they carry
// metadata, locators and damage); the rows are not: they go to
// RecordSink::row() as typed values and end up in a SQLite table of their
// own (see src/store/STORE.md).
#pragma once

#include <charconv>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/item.hpp"

namespace leakscope {

// How a value is stored. The names are SQLite's storage classes plus the
// two that keep their canonical text: exact decimals and date/times.
enum class SqlValueKind : uint8_t {
  kNull = 0,
  kInteger = 1,   // int, bigint, smallint, tinyint, bit
  kReal = 2,      // real, float
  kDecimal = 3,   // decimal, numeric, money: exact decimal text ("-12.50")
  kText = 4,      // UTF-8
  kBytes = 5,     // binary, varbinary, image, timestamp
  kDateTime = 6,  // ISO 8601 text ("2019-03-04T10:00:00.000")
};

// One cell. `text` (kDecimal, kText, kDateTime: UTF-8; kBytes: raw bytes)
// points into the producer's buffers and is valid only during the row()
// call that carries it.
struct SqlValue {
  SqlValueKind kind = SqlValueKind::kNull;
  int64_t integer = 0;
  double real = 0;
  std::string_view text;
};

struct SqlColumn {
  std::string name;      // as recovered; any characters
  std::string sql_type;  // "nvarchar(40)", "decimal(10,2)"...
  bool nullable = true;
  bool stored = true;  // false: a computed column the record does not hold
  SqlValueKind kind = SqlValueKind::kText;  // what its non-NULL values are
};

struct SqlTableSchema {
  std::string database;            // "CRM"
  std::string schema;              // "dbo"
  std::string name;                // "Contacts"
  std::vector<SqlColumn> columns;  // in declaration order (ordinal = index)
  int64_t declared_rows = -1;      // the catalog's row count, -1 unknown
  // Rows sit on database pages (SqlRowRef is file, page, slot and state).
  // False for text and file dumps, whose SqlRowRef.page is the record
  // number and whose file, slot and state mean nothing.
  bool paged = true;
  std::string full_name() const { return database + "." + schema + "." + name; }
};

// A value as text for output (CSV, reports): integers in decimal, reals in
// their shortest round-trip form, bytes as 0x + upper-case hex (as the
// decoder writes them), NULL as "".
inline std::string sql_value_text(const SqlValue& v) {
  switch (v.kind) {
    case SqlValueKind::kNull:
      return "";
    case SqlValueKind::kInteger:
      return std::to_string(v.integer);
    case SqlValueKind::kReal: {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, v.real);
      return std::string(buf, r.ptr);
    }
    case SqlValueKind::kBytes: {
      static const char* k = "0123456789ABCDEF";
      std::string out = "0x";
      out.reserve(2 + v.text.size() * 2);
      for (unsigned char c : v.text) {
        out.push_back(k[c >> 4]);
        out.push_back(k[c & 15]);
      }
      return out;
    }
    default:
      return std::string(v.text);
  }
}

// Why a recovered row is, or is not, live data.
enum class RowState : uint8_t {
  kLive = 0,
  kGhost = 1,            // a ghost record: deleted, still on its page
  kUnallocatedPage = 2,  // on a page the allocation map says is free
};
inline const char* row_state_name(RowState s) {
  return s == RowState::kGhost             ? "ghost"
         : s == RowState::kUnallocatedPage ? "unallocated_page"
                                           : "live";
}

// Where a row's bytes are: database file id, page id, slot on the page.
struct SqlRowRef {
  uint32_t file = 0;
  uint32_t page = 0;
  uint16_t slot = 0;
  RowState state = RowState::kLive;
};

// Receives the items of a source and, for SQL sources, typed rows.
// Contract: begin_table(t) comes right after the sql_table item t was
// emitted; t's rows follow, all before the next begin_table of the source.
class RecordSink : public ItemSink {
 public:
  virtual void begin_table(int64_t table_item,
                           const SqlTableSchema& schema) = 0;
  virtual void row(int64_t table_item, const SqlRowRef& ref,
                   std::span<const SqlValue> values) = 0;
};

}  // namespace leakscope
