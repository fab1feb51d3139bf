// Data dumps into the typed-table path: a delimited text export (CSV, TSV)
// becomes a database with one table whose rows go to the record sink, so
// that `tables`, `dump-table`, classification and measurement treat it as a
// recovered SQL table (parsers/dump, FORMAT.md there).
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "csv_reader.hpp"
#include "ingest/formats/formats.hpp"
#include "json_records.hpp"
#include "leakscope/item_kinds.hpp"
#include "sql_dump.hpp"
#include "sqlite_file.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace leakscope::formats {

namespace {

// A dump's first 64 KiB for its dialect, then every byte in order: pulled
// pieces are kept while the head is read and handed out first.
class HeadThenRest {
 public:
  explicit HeadThenRest(const FormatInput& in) : in_(in) {
    if (!in.pull) {
      head_ = std::string(in.bytes.substr(0, kHead));
      return;
    }
    while (head_.size() < kHead) {
      std::string_view piece = in.pull();
      if (piece.empty()) break;
      kept_.emplace_back(piece);
      head_.append(piece.substr(0, kHead - head_.size()));
    }
  }
  const std::string& head() const { return head_; }
  // f(piece) for the kept pieces, then the rest of the input.
  template <typename F>
  void each(F&& f) const {
    if (!in_.pull) {
      f(in_.bytes);
      return;
    }
    for (const auto& p : kept_) f(std::string_view(p));
    for (;;) {
      std::string_view piece = in_.pull();
      if (piece.empty()) return;
      f(piece);
    }
  }

 private:
  static constexpr size_t kHead = 65536;
  const FormatInput& in_;
  std::string head_;
  std::vector<std::string> kept_;
};

}  // namespace

namespace {

bool recognise_csv(std::string_view b) {
  return dump::sniff_csv(b).has_value();
}

// Column names: the header's, made unique and non-empty; else c1..cN.
std::vector<std::string> column_names(const dump::CsvDialect& d) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t k = 0; k < d.fields; ++k) {
    std::string n = d.header && k < d.names.size()
                        ? collapse_whitespace(d.names[k])
                        : std::string();
    if (n.empty()) n = "c" + std::to_string(k + 1);
    std::string unique = n;
    for (int i = 2; seen.count(unique); ++i)
      unique = n + "_" + std::to_string(i);
    seen.insert(unique);
    out.push_back(unique);
  }
  return out;
}

void parse_csv(const FormatInput& in, FormatContext& ctx) {
  if (!ctx.records) return;  // rows need a record sink
  // A text/* MIME part's text is already read with its attachment item.
  if (!in.source && istarts_with(in.declared_type, "text/")) return;
  // The head for the dialect: the first 64 KiB (pulled pieces kept).
  HeadThenRest input(in);
  const std::string& head = input.head();
  const std::string file = base_name(in.source ? in.locator : in.name);
  const std::string shown = file.empty() ? "data.csv" : file;
  std::optional<dump::CsvDialect> dialect = dump::sniff_csv(head, shown);
  if (!dialect) return;
  const std::vector<std::string> names = column_names(*dialect);

  Item db;
  db.parent = in.source ? kNoParent : in.parent;
  db.kind = kinds::kSqlDatabase;
  db.locator = in.locator + "#db=" + shown;
  db.title = shown;
  db.add("database", shown);
  db.add("format", "csv");
  db.add("encoding", dialect->encoding == dump::TextEncoding::kOther
                         ? dialect->charset
                         : dump::encoding_name(dialect->encoding));
  db.add("delimiter", dialect->delimiter == '\t'
                          ? "tab"
                          : std::string(1, dialect->delimiter));
  db.add("header", dialect->header ? "true" : "false");
  db.add("tables", "1");
  const std::string db_locator = db.locator;
  const int64_t db_id = ctx.sink.emit(std::move(db));

  std::string table = shown;
  if (const size_t dot = table.rfind('.'); dot != std::string::npos && dot > 0)
    table.resize(dot);
  Item ti;
  ti.parent = db_id;
  ti.kind = kinds::kSqlTable;
  ti.locator = db_locator + "/table=csv." + table;
  ti.title = "csv." + table;
  ti.add(fields::kDatabase, shown);
  ti.add(fields::kSchema, "csv");
  ti.add(fields::kTable, table);
  ti.add("column_layout", dialect->header ? "header" : "numbered");
  SqlTableSchema schema;
  schema.paged = false;
  schema.database = shown;
  schema.schema = "csv";
  schema.name = table;
  for (const auto& n : names) {
    SqlColumn c;
    c.name = n;
    c.sql_type = "text";
    c.kind = SqlValueKind::kText;
    schema.columns.push_back(std::move(c));
  }
  const std::string table_locator = ti.locator;
  const int64_t table_id = ctx.sink.emit(std::move(ti));
  ctx.records->begin_table(table_id, schema);

  const size_t ncols = names.size();
  std::vector<SqlValue> values(ncols);
  std::string joined;
  uint64_t ragged = 0, first_ragged = 0;
  dump::CsvReader reader(
      *dialect, [&](uint64_t n, const std::vector<std::string>& f) {
        if (n == 1 && dialect->header) return;
        if (f.size() != ncols && ragged++ == 0) first_ragged = n;
        for (size_t k = 0; k < ncols; ++k) {
          SqlValue& v = values[k];
          v = SqlValue{};
          if (k >= f.size() || f[k].empty()) continue;  // NULL
          v.kind = SqlValueKind::kText;
          v.text = f[k];
        }
        if (f.size() > ncols && ncols > 0) {
          // Extra fields stay with the last column, joined by the
          // delimiter: nothing of the record is dropped.
          joined = f[ncols - 1];
          for (size_t k = ncols; k < f.size(); ++k)
            joined += dialect->delimiter + f[k];
          values[ncols - 1].kind = SqlValueKind::kText;
          values[ncols - 1].text = joined;
        }
        SqlRowRef ref;
        // A text dump has no pages: the record number stands in for the
        // page id (FORMAT.md), slot 0.
        ref.page = static_cast<uint32_t>(std::min<uint64_t>(n, UINT32_MAX));
        ctx.records->row(table_id, ref, values);
      });
  input.each([&](std::string_view piece) { reader.feed(piece); });
  reader.finish();
  for (const auto& p : reader.problems())
    ctx.reporter.corruption(table_locator, kNoOffset, "csv: " + p);
  if (ragged)
    ctx.reporter.note(table_locator,
                      "csv: " + std::to_string(ragged) +
                          " records do not have " + std::to_string(ncols) +
                          " fields (the first: record " +
                          std::to_string(first_ragged) +
                          "); missing fields are NULL, extra ones are kept in "
                          "the last column");
}

}  // namespace

const FormatDescriptor kCsv = {
    "csv",
    "delimited text export (CSV, TSV; comma, semicolon, tab or bar; UTF-8, "
    "UTF-16 or Windows-1252): a table of typed rows",
    recognise_csv,
    false,
    true,
    parse_csv,
    "fuzz_csv"};

}  // namespace leakscope::formats

// --- SQL text dumps ---------------------------------------------------------

namespace leakscope::formats {

namespace {

bool recognise_sql_dump(std::string_view b) {
  return dump::sniff_sql_dump(b).has_value();
}

// The tables of one dump as runs of rows: a table's rows go to the record
// sink right after its sql_table item (the sink's contract), so a table
// whose INSERTs recur after another table's is a second run (a second
// sql_table item of the same name; the measurement counts the table once
// and its rows by content).
class DumpTables {
 public:
  DumpTables(const FormatInput& in, FormatContext& ctx, std::string database,
             int64_t db_id, std::string db_locator)
      : ctx_(ctx),
        database_(std::move(database)),
        db_id_(db_id),
        db_locator_(std::move(db_locator)) {}

  void create(const dump::TableName& t, const std::vector<std::string>& cols) {
    if (created_.size() < 100000) created_[key(t)] = cols;
  }

  void row(const dump::TableName& t, const std::vector<std::string>& cols,
           const std::vector<dump::SqlDumpReader::Value>& values) {
    ++rows_;
    if (!current_ || !(*current_ == t) || current_cols_ != cols)
      start(t, cols, values.size());
    const size_t ncols = schema_.columns.size();
    std::vector<SqlValue>& v = values_;
    v.assign(ncols, SqlValue{});
    clean_.resize(ncols);
    for (size_t k = 0; k < ncols && k < values.size(); ++k) {
      if (!values[k]) continue;
      v[k].kind = SqlValueKind::kText;
      v[k].text = *values[k];
      // Bytes of another encoding (a latin-1 dump) become U+FFFD here.
      if (!is_valid_utf8(v[k].text)) {
        clean_[k] = sanitize_utf8(v[k].text);
        v[k].text = clean_[k];
      }
    }
    if (values.size() > ncols && ncols > 0) {
      joined_ = values[ncols - 1].value_or("");
      for (size_t k = ncols; k < values.size(); ++k)
        joined_ += "," + values[k].value_or("NULL");
      v[ncols - 1].kind = SqlValueKind::kText;
      v[ncols - 1].text = joined_;
    }
    if (values.size() != ncols) ++ragged_;
    SqlRowRef ref;
    // A text dump has no pages: the row's number in the dump stands in for
    // the page id (FORMAT.md), slot 0.
    ref.page = static_cast<uint32_t>(std::min<uint64_t>(rows_, UINT32_MAX));
    ctx_.records->row(table_id_, ref, v);
  }

  uint64_t rows() const { return rows_; }
  uint64_t ragged() const { return ragged_; }

 private:
  static std::string key(const dump::TableName& t) {
    return t.schema + "\x1f" + t.name;
  }
  void start(const dump::TableName& t, const std::vector<std::string>& cols,
             size_t width) {
    current_ = t;
    current_cols_ = cols;
    std::vector<std::string> names = cols;
    if (names.empty()) {
      auto it = created_.find(key(t));
      if (it != created_.end()) names = it->second;
    }
    for (size_t k = names.size(); k < width; ++k)
      names.push_back("c" + std::to_string(k + 1));
    const std::string schema_name = t.schema.empty() ? "dump" : t.schema;
    Item ti;
    ti.parent = db_id_;
    ti.kind = kinds::kSqlTable;
    ti.locator = db_locator_ + "/table=" + schema_name + "." + t.name;
    ti.title = schema_name + "." + t.name;
    ti.add(fields::kDatabase, database_);
    ti.add(fields::kSchema, schema_name);
    ti.add(fields::kTable, t.name);
    ti.add("column_layout", !cols.empty()            ? "insert column list"
                            : created_.count(key(t)) ? "create table"
                                                     : "numbered");
    schema_ = SqlTableSchema{};
    schema_.paged = false;
    schema_.database = database_;
    schema_.schema = schema_name;
    schema_.name = t.name;
    std::set<std::string> seen;
    for (const auto& n : names) {
      SqlColumn c;
      c.name = n.empty() ? "c" + std::to_string(schema_.columns.size() + 1) : n;
      for (int i = 2; seen.count(c.name); ++i)
        c.name = n + "_" + std::to_string(i);
      seen.insert(c.name);
      c.sql_type = "text";
      c.kind = SqlValueKind::kText;
      schema_.columns.push_back(std::move(c));
    }
    table_id_ = ctx_.sink.emit(std::move(ti));
    ctx_.records->begin_table(table_id_, schema_);
  }

  FormatContext& ctx_;
  std::string database_;
  int64_t db_id_;
  std::string db_locator_;
  std::map<std::string, std::vector<std::string>> created_;
  std::optional<dump::TableName> current_;
  std::vector<std::string> current_cols_;
  SqlTableSchema schema_;
  int64_t table_id_ = -1;
  std::vector<SqlValue> values_;
  std::vector<std::string> clean_;  // sanitised values, per column
  std::string joined_;
  uint64_t rows_ = 0, ragged_ = 0;
};

void parse_sql_dump(const FormatInput& in, FormatContext& ctx) {
  if (!ctx.records) return;
  if (!in.source && istarts_with(in.declared_type, "text/")) return;
  HeadThenRest input(in);
  const std::string& head = input.head();
  std::optional<dump::SqlDialect> dialect = dump::sniff_sql_dump(head);
  if (!dialect) return;
  const std::string file = base_name(in.source ? in.locator : in.name);
  const std::string shown = file.empty() ? "dump.sql" : file;
  Item db;
  db.parent = in.source ? kNoParent : in.parent;
  db.kind = kinds::kSqlDatabase;
  db.locator = in.locator + "#db=" + shown;
  db.title = shown;
  db.add("database", shown);
  db.add("format", "sql_dump");
  db.add("dialect", dump::dialect_name(*dialect));
  const std::string db_locator = db.locator;
  const int64_t db_id = ctx.sink.emit(std::move(db));
  DumpTables tables(in, ctx, shown, db_id, db_locator);
  dump::SqlDumpReader::Callbacks cb;
  cb.on_create = [&](const dump::TableName& t,
                     const std::vector<std::string>& cols) {
    tables.create(t, cols);
  };
  cb.on_row = [&](const dump::TableName& t, const std::vector<std::string>& c,
                  const std::vector<dump::SqlDumpReader::Value>& v) {
    tables.row(t, c, v);
  };
  dump::SqlDumpReader reader(*dialect, cb);
  input.each([&](std::string_view piece) { reader.feed(piece); });
  reader.finish();
  for (const auto& p : reader.problems())
    ctx.reporter.corruption(db_locator, kNoOffset, "sql dump: " + p);
  if (tables.ragged())
    ctx.reporter.note(db_locator,
                      "sql dump: " + std::to_string(tables.ragged()) +
                          " rows have more or fewer values than their "
                          "table's columns; missing values are NULL, extra "
                          "ones are kept in the last column");
}

}  // namespace

const FormatDescriptor kSqlDump = {
    "sql_dump",
    "SQL text dump (mysqldump, pg_dump plain, sqlite3 .dump): CREATE TABLE "
    "columns, INSERT tuples and COPY blocks as tables of typed rows",
    recognise_sql_dump,
    false,
    true,
    parse_sql_dump,
    "fuzz_sql_dump"};

}  // namespace leakscope::formats

// --- SQLite database files --------------------------------------------------

namespace leakscope::formats {

namespace {

bool recognise_sqlite(std::string_view b) { return dump::looks_like_sqlite(b); }

// A column's kind from its declared type, by SQLite's affinity rules.
SqlValueKind affinity(const std::string& declared) {
  const std::string t = ascii_lower(declared);
  if (t.find("int") != std::string::npos) return SqlValueKind::kInteger;
  if (t.find("char") != std::string::npos ||
      t.find("clob") != std::string::npos ||
      t.find("text") != std::string::npos)
    return SqlValueKind::kText;
  if (t.find("blob") != std::string::npos || t.empty())
    return t.empty() ? SqlValueKind::kText : SqlValueKind::kBytes;
  if (t.find("real") != std::string::npos ||
      t.find("floa") != std::string::npos ||
      t.find("doub") != std::string::npos)
    return SqlValueKind::kReal;
  return SqlValueKind::kDecimal;  // NUMERIC affinity: exact text
}

void parse_sqlite(const FormatInput& in, FormatContext& ctx) {
  if (!ctx.records) return;
  std::string held;
  std::string_view bytes = in.bytes;
  std::string path;
  if (in.source) {
    if (!in.path.empty()) {
      path = in.path;  // read by SQLite itself, immutable
    } else {
      bool truncated = false;
      held = in.read_all(ctx.max_document_bytes, &truncated);
      if (truncated) {
        ctx.reporter.corruption(in.locator, ctx.max_document_bytes,
                                "sqlite database larger than " +
                                    std::to_string(ctx.max_document_bytes) +
                                    " bytes inside a compressed file; not "
                                    "read");
        return;
      }
      bytes = held;
    }
  }
  const std::string file = base_name(in.source ? in.locator : in.name);
  const std::string shown = file.empty() ? "database.sqlite" : file;
  Item db;
  db.parent = in.source ? kNoParent : in.parent;
  db.kind = kinds::kSqlDatabase;
  db.locator = in.locator + "#db=" + shown;
  db.title = shown;
  db.add("database", shown);
  db.add("format", "sqlite");
  const std::string db_locator = db.locator;
  const int64_t db_id = ctx.sink.emit(std::move(db));
  int64_t table_id = -1;
  std::vector<SqlValue> clean_values;
  std::vector<std::string> clean;
  dump::SqliteCallbacks cb;
  cb.on_table = [&](const std::string& name,
                    const std::vector<dump::SqliteColumn>& cols) {
    Item ti;
    ti.parent = db_id;
    ti.kind = kinds::kSqlTable;
    ti.locator = db_locator + "/table=main." + name;
    ti.title = "main." + name;
    ti.add(fields::kDatabase, shown);
    ti.add(fields::kSchema, "main");
    ti.add(fields::kTable, name);
    ti.add("column_layout", "sqlite schema");
    SqlTableSchema schema;
    schema.paged = false;
    schema.database = shown;
    schema.schema = "main";
    schema.name = name;
    for (const auto& c : cols) {
      SqlColumn col;
      col.name = c.name;
      col.sql_type = c.declared_type.empty() ? "any" : c.declared_type;
      col.kind = affinity(c.declared_type);
      schema.columns.push_back(std::move(col));
    }
    table_id = ctx.sink.emit(std::move(ti));
    ctx.records->begin_table(table_id, schema);
    return true;
  };
  cb.on_row = [&](int64_t rowid, std::span<const SqlValue> values) {
    clean_values.assign(values.begin(), values.end());
    clean.resize(values.size());
    for (size_t k = 0; k < values.size(); ++k)
      if (values[k].kind == SqlValueKind::kText &&
          !is_valid_utf8(values[k].text)) {
        clean[k] = sanitize_utf8(values[k].text);
        clean_values[k].text = clean[k];
      }
    SqlRowRef ref;
    // The rowid stands in for the page id (FORMAT.md), slot 0.
    ref.page = static_cast<uint32_t>(
        std::clamp<int64_t>(rowid, 0, static_cast<int64_t>(UINT32_MAX)));
    ctx.records->row(table_id, ref, clean_values);
  };
  for (const auto& p : dump::read_sqlite(path, bytes, cb))
    ctx.reporter.corruption(db_locator, kNoOffset, "sqlite: " + p);
}

}  // namespace

const FormatDescriptor kSqlite = {
    "sqlite",
    "SQLite database file (the SQLite library, read-only and immutable, "
    "defensive): every table as typed rows",
    recognise_sqlite,
    false,
    true,
    parse_sqlite,
    "fuzz_sqlite"};

}  // namespace leakscope::formats

// --- JSON and NDJSON ---------------------------------------------------------

namespace leakscope::formats {

namespace {

bool recognise_json(std::string_view b) {
  return dump::sniff_json(b).has_value();
}

// Records of one JSON file into tables: one per top-level array (the
// document's own, or each array member of a top-level object). A table's
// columns are the field paths of its first 1,000 records in the order met;
// a later record's other fields go to the column "_other" as "path=value"
// pairs (present only when more records followed).
class JsonTables {
 public:
  static constexpr size_t kDiscover = 1000;
  static constexpr size_t kMaxColumns = 4096;
  JsonTables(FormatContext& ctx, std::string database, std::string stem,
             std::function<int64_t()> emit_db, std::string db_locator)
      : ctx_(ctx),
        database_(std::move(database)),
        stem_(std::move(stem)),
        emit_db_(std::move(emit_db)),
        db_locator_(std::move(db_locator)) {}
  bool any() const { return db_id_ >= 0; }

  void record(const dump::JsonRecord& r) {
    if (!started_ || r.table != table_) {
      flush();
      table_ = r.table;
      started_ = true;
    }
    if (!declared_) {
      buffered_.push_back(r);
      if (buffered_.size() >= kDiscover) declare(true);
      return;
    }
    write(r);
  }
  void finish() { flush(); }

 private:
  void flush() {
    if (!declared_ && !buffered_.empty()) declare(false);
    declared_ = false;
    index_.clear();
  }
  void declare(bool more_may_follow) {
    std::vector<std::string> names;
    for (const auto& r : buffered_)
      for (const auto& [name, value] : r.fields)
        if (!index_.count(name) && names.size() < kMaxColumns) {
          index_[name] = names.size();
          names.push_back(name);
        }
    other_ = -1;
    if (more_may_follow || names.size() >= kMaxColumns) {
      other_ = static_cast<int64_t>(names.size());
      names.push_back("_other");
    }
    const std::string table = table_.empty() ? stem_ : table_;
    if (db_id_ < 0) db_id_ = emit_db_();
    Item ti;
    ti.parent = db_id_;
    ti.kind = kinds::kSqlTable;
    ti.locator = db_locator_ + "/table=json." + table;
    ti.title = "json." + table;
    ti.add(fields::kDatabase, database_);
    ti.add(fields::kSchema, "json");
    ti.add(fields::kTable, table);
    ti.add("column_layout", "field paths");
    SqlTableSchema schema;
    schema.paged = false;
    schema.database = database_;
    schema.schema = "json";
    schema.name = table;
    for (const auto& n : names) {
      SqlColumn c;
      c.name = n.empty() ? "value" : n;
      c.sql_type = "json";
      c.kind = SqlValueKind::kText;
      schema.columns.push_back(std::move(c));
    }
    ncols_ = names.size();
    table_id_ = ctx_.sink.emit(std::move(ti));
    ctx_.records->begin_table(table_id_, schema);
    declared_ = true;
    for (const auto& r : buffered_) write(r);
    buffered_.clear();
  }
  void write(const dump::JsonRecord& r) {
    ++rows_;
    values_.assign(ncols_, SqlValue{});
    clean_.assign(ncols_, std::string());
    std::string other;
    for (const auto& [name, value] : r.fields) {
      auto it = index_.find(name);
      if (it == index_.end()) {
        if (other_ >= 0)
          other +=
              (other.empty() ? "" : "; ") + name + "=" + value.value_or("null");
        continue;
      }
      if (!value) continue;
      clean_[it->second] = sanitize_utf8(*value);
      values_[it->second].kind = SqlValueKind::kText;
      values_[it->second].text = clean_[it->second];
    }
    if (other_ >= 0 && !other.empty()) {
      clean_[static_cast<size_t>(other_)] = sanitize_utf8(other);
      values_[static_cast<size_t>(other_)].kind = SqlValueKind::kText;
      values_[static_cast<size_t>(other_)].text =
          clean_[static_cast<size_t>(other_)];
    }
    SqlRowRef ref;
    // The record's number in the file stands in for the page id.
    ref.page = static_cast<uint32_t>(std::min<uint64_t>(rows_, UINT32_MAX));
    ctx_.records->row(table_id_, ref, values_);
  }

  FormatContext& ctx_;
  std::string database_, stem_;
  std::function<int64_t()> emit_db_;
  int64_t db_id_ = -1;  // the database item, once a table has rows
  std::string db_locator_;
  bool started_ = false, declared_ = false;
  std::string table_;
  std::vector<dump::JsonRecord> buffered_;
  std::map<std::string, size_t> index_;
  int64_t other_ = -1;
  size_t ncols_ = 0;
  int64_t table_id_ = -1;
  uint64_t rows_ = 0;
  std::vector<SqlValue> values_;
  std::vector<std::string> clean_;
};

void parse_json(const FormatInput& in, FormatContext& ctx) {
  if (!ctx.records) return;
  if (!in.source && istarts_with(in.declared_type, "text/")) return;
  HeadThenRest input(in);
  const std::string& head = input.head();
  std::optional<dump::JsonLayout> layout = dump::sniff_json(head);
  if (!layout) return;
  const std::string file = base_name(in.source ? in.locator : in.name);
  const std::string shown = file.empty() ? "data.json" : file;
  std::string stem = shown;
  if (const size_t dot = stem.rfind('.'); dot != std::string::npos && dot > 0)
    stem.resize(dot);
  // The database item comes with the first record: a JSON file that holds
  // no records (a configuration, a manifest) is no database.
  const std::string db_locator = in.locator + "#db=" + shown;
  auto emit_db = [&]() {
    Item db;
    db.parent = in.source ? kNoParent : in.parent;
    db.kind = kinds::kSqlDatabase;
    db.locator = db_locator;
    db.title = shown;
    db.add("database", shown);
    db.add("format", *layout == dump::JsonLayout::kLines ? "ndjson" : "json");
    return ctx.sink.emit(std::move(db));
  };
  JsonTables tables(ctx, shown, stem, emit_db, db_locator);
  dump::JsonRecordReader reader(
      *layout, [&](const dump::JsonRecord& r) { tables.record(r); });
  uint64_t held = 0;
  bool cut = false;
  auto feed = [&](std::string_view piece) {
    // A JSON document is held whole while it is parsed: bounded like a
    // loose document.
    if (*layout == dump::JsonLayout::kDocument) {
      if (held + piece.size() > ctx.max_document_bytes) {
        cut = true;
        return;
      }
      held += piece.size();
    }
    reader.feed(piece);
  };
  input.each(feed);
  if (cut)
    ctx.reporter.corruption(db_locator, ctx.max_document_bytes,
                            "json: document larger than " +
                                std::to_string(ctx.max_document_bytes) +
                                " bytes; read up to there");
  reader.finish();
  tables.finish();
  for (const auto& p : reader.problems())
    ctx.reporter.corruption(db_locator, kNoOffset, "json: " + p);
  if (!tables.any() && in.source) {
    // No records: the file is recorded as what it is.
    Item f;
    f.kind = "file";
    f.locator = in.locator;
    f.title = in.locator.substr(in.locator.rfind('/') + 1);
    f.add("sniffed_type", "json");
    f.size = held;
    f.sha256 = in.file_sha256 ? in.file_sha256() : "";
    ctx.sink.emit(std::move(f));
  }
}

}  // namespace

const FormatDescriptor kJson = {
    "json",
    "JSON or NDJSON export: the objects of top-level arrays (or one per "
    "line), nested fields flattened by path, as tables of typed rows",
    recognise_json,
    false,
    true,
    parse_json,
    "fuzz_json"};

}  // namespace leakscope::formats
