// SQL text dumps (mysqldump, pg_dump plain format, sqlite3 .dump) read as
// table rows, streaming: CREATE TABLE gives a table's columns, INSERT ...
// VALUES tuples and COPY ... FROM stdin blocks give its rows. Nothing is
// executed; everything else in the dump is skipped. See FORMAT.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::dump {

enum class SqlDialect { kMySql, kPostgres, kStandard };
const char* dialect_name(SqlDialect d);

// The dialect of a dump by its first bytes (up to 64 KiB), or nullopt when
// they are not a SQL dump: a dump tool's banner, or SQL statements that
// create or fill tables (CREATE TABLE, INSERT INTO, COPY ... FROM stdin)
// among lines that are SQL or comments.
std::optional<SqlDialect> sniff_sql_dump(std::string_view head);

struct TableName {
  std::string schema;  // "" when the dump does not qualify the name
  std::string name;
  bool operator==(const TableName&) const = default;
};

class SqlDumpReader {
 public:
  using Value = std::optional<std::string>;  // nullopt: NULL
  struct Callbacks {
    // A CREATE TABLE: its column names in order.
    std::function<void(const TableName&, const std::vector<std::string>&)>
        on_create;
    // One row: the column names the statement lists (empty: all columns in
    // order) and its values.
    std::function<void(const TableName&, const std::vector<std::string>&,
                       const std::vector<Value>&)>
        on_row;
  };
  SqlDumpReader(SqlDialect dialect, Callbacks callbacks,
                uint64_t max_statement_bytes = 64u << 20);
  void feed(std::string_view bytes);
  void finish();
  // Damage seen (a statement cut at the limit, an unterminated string or
  // COPY block, a tuple that does not parse).
  const std::vector<std::string>& problems() const { return problems_; }
  uint64_t statements() const { return statements_; }

 private:
  enum class State {
    kNormal,
    kSingle,       // '...'
    kDouble,       // "..."
    kBacktick,     // `...`
    kLineComment,  // -- or #
    kBlockComment,
    kDollar,  // $tag$ ... $tag$
    kCopy,    // COPY data lines until \.
  };
  void statement_end();
  void handle(std::string_view sql);
  void copy_line(std::string_view line);
  void problem(std::string what);

  SqlDialect dialect_;
  Callbacks cb_;
  uint64_t max_statement_bytes_;
  State state_ = State::kNormal;
  std::string stmt_;
  bool stmt_cut_ = false;
  bool escape_ = false;              // a backslash inside a string (MySQL, E'')
  bool string_backslashes_ = false;  // the open string takes backslashes
  std::string dollar_tag_;
  std::string pending_;  // a partial token between pieces (-- , /*, $tag)
  TableName copy_table_;
  std::vector<std::string> copy_columns_;
  std::string copy_line_;
  bool skip_copy_rest_ = false;  // the COPY statement's own line ends first
  uint64_t statements_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace leakscope::dump
