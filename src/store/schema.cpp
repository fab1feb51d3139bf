#include "store/schema.hpp"

#include <set>

namespace leakscope {

const char* schema_v3() {
  return R"SQL(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  started TEXT NOT NULL,
  finished TEXT,
  tool_version TEXT NOT NULL,
  command_line TEXT NOT NULL,
  status TEXT);
CREATE TABLE sources(
  id INTEGER PRIMARY KEY,
  root TEXT NOT NULL,
  path TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  sha256 TEXT,
  kind TEXT,
  status TEXT NOT NULL,
  error TEXT,
  items INTEGER NOT NULL DEFAULT 0,
  damages INTEGER NOT NULL DEFAULT 0,
  run_id INTEGER REFERENCES runs(id),
  given TEXT);
CREATE TABLE items(
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  parent_id INTEGER REFERENCES items(id),
  kind TEXT NOT NULL,
  locator TEXT NOT NULL,
  title TEXT,
  date TEXT,
  size INTEGER,
  sha256 TEXT,
  text_zstd BLOB,
  text_size INTEGER NOT NULL DEFAULT 0);
CREATE TABLE item_fields(
  item_id INTEGER NOT NULL REFERENCES items(id),
  name TEXT NOT NULL,
  value TEXT NOT NULL);
CREATE TABLE damages(
  source_id INTEGER NOT NULL REFERENCES sources(id),
  locator TEXT NOT NULL,
  offset INTEGER,
  what TEXT NOT NULL);
CREATE TABLE custody(
  id INTEGER PRIMARY KEY,
  run_id INTEGER,
  at TEXT NOT NULL,
  event TEXT NOT NULL,
  path TEXT,
  size INTEGER,
  sha256 TEXT,
  detail TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
  BEGIN SELECT RAISE(ABORT, 'custody is append-only'); END;
CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
  BEGIN SELECT RAISE(ABORT, 'custody is append-only'); END;
CREATE TRIGGER custody_append_only BEFORE INSERT ON custody
  WHEN NEW.id <= (SELECT COALESCE(MAX(id),0) FROM custody)
  BEGIN SELECT RAISE(ABORT, 'custody is append-only'); END;
CREATE TABLE sql_databases(
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  item_id INTEGER NOT NULL UNIQUE REFERENCES items(id),
  name TEXT NOT NULL);
CREATE TABLE sql_tables(
  id INTEGER PRIMARY KEY,
  database_id INTEGER NOT NULL REFERENCES sql_databases(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  item_id INTEGER NOT NULL UNIQUE REFERENCES items(id),
  database_name TEXT NOT NULL,
  schema_name TEXT NOT NULL,
  name TEXT NOT NULL,
  full_name TEXT NOT NULL,
  view_name TEXT NOT NULL UNIQUE,
  declared_rows INTEGER,
  rows INTEGER NOT NULL DEFAULT 0,
  deleted_rows INTEGER NOT NULL DEFAULT 0,
  complete INTEGER NOT NULL DEFAULT 0);
CREATE TABLE sql_columns(
  table_id INTEGER NOT NULL REFERENCES sql_tables(id),
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  sql_type TEXT NOT NULL,
  nullable INTEGER NOT NULL,
  stored INTEGER NOT NULL,
  value_kind TEXT NOT NULL,
  information_type TEXT,
  cell_type TEXT,
  cell_confidence REAL,
  cell_evidence TEXT,
  value_type TEXT,
  value_confidence REAL,
  value_detector TEXT,
  value_evidence TEXT,
  PRIMARY KEY(table_id, ordinal)) WITHOUT ROWID;
CREATE TABLE finding_values(
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  country TEXT);
CREATE TABLE finding_evidence(
  id INTEGER PRIMARY KEY,
  detector TEXT NOT NULL,
  evidence TEXT NOT NULL,
  UNIQUE(detector, evidence));
CREATE TABLE finding_rows(
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  value_id INTEGER NOT NULL REFERENCES finding_values(id),
  evidence_id INTEGER NOT NULL REFERENCES finding_evidence(id),
  field TEXT,
  sql_row INTEGER,
  sql_column INTEGER,
  start INTEGER,
  end INTEGER,
  confidence REAL NOT NULL,
  country TEXT);
CREATE VIEW findings AS
  SELECT f.id AS id, f.item_id AS item_id, v.type AS type, v.value AS value,
    CASE WHEN f.sql_column IS NULL OR f.field IS NOT NULL THEN f.field ELSE
      (SELECT c.name FROM sql_tables t JOIN sql_columns c ON c.table_id=t.id
        AND c.ordinal=f.sql_column WHERE t.item_id=f.item_id) END AS field,
    f.start AS start, f.end AS end, f.confidence AS confidence,
    e.detector AS detector, e.evidence AS evidence, f.country AS country,
    f.value_id AS value_id, f.sql_row AS sql_row, f.sql_column AS sql_column
  FROM finding_rows f JOIN finding_values v ON v.id=f.value_id
    JOIN finding_evidence e ON e.id=f.evidence_id;
)SQL";
}

const char* schema_additions() {
  return R"SQL(
CREATE TABLE IF NOT EXISTS sql_row_hashes(
  table_id INTEGER NOT NULL REFERENCES sql_tables(id),
  run INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  count INTEGER NOT NULL,
  hashes BLOB NOT NULL,
  PRIMARY KEY(table_id, run, seq));
CREATE TABLE IF NOT EXISTS measure_cache(
  key TEXT PRIMARY KEY,
  content_version INTEGER NOT NULL,
  value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sql_email_cells(
  value_id INTEGER NOT NULL,
  table_id INTEGER NOT NULL,
  row INTEGER NOT NULL,
  PRIMARY KEY(value_id, table_id, row)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sql_email_columns(
  table_id INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  PRIMARY KEY(table_id, ordinal)) WITHOUT ROWID;
)SQL";
}

const char* schema_indexes() {
  return R"SQL(
CREATE INDEX IF NOT EXISTS items_source ON items(source_id);
CREATE INDEX IF NOT EXISTS items_parent ON items(parent_id);
CREATE INDEX IF NOT EXISTS items_kind ON items(kind);
CREATE INDEX IF NOT EXISTS items_date ON items(date) WHERE date IS NOT NULL;
CREATE INDEX IF NOT EXISTS item_fields_item ON item_fields(item_id);
CREATE INDEX IF NOT EXISTS item_fields_name ON item_fields(name);
CREATE INDEX IF NOT EXISTS damages_source ON damages(source_id);
CREATE INDEX IF NOT EXISTS sql_tables_source ON sql_tables(source_id);
CREATE INDEX IF NOT EXISTS sql_tables_full_name ON sql_tables(full_name);
CREATE INDEX IF NOT EXISTS finding_rows_item ON finding_rows(item_id, sql_row);
CREATE INDEX IF NOT EXISTS finding_rows_value ON finding_rows(value_id, item_id, sql_row);
CREATE INDEX IF NOT EXISTS finding_values_email_domain ON finding_values(substr(value, instr(value,'@')+1)) WHERE type='email';
CREATE UNIQUE INDEX IF NOT EXISTS finding_values_key ON finding_values(type, value);
)SQL";
}

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') {
      out += "\"\"";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string row_table_name(int64_t table_id) {
  return "sql_rows_" + std::to_string(table_id);
}

const char* value_kind_name(SqlValueKind k) {
  switch (k) {
    case SqlValueKind::kNull:
      return "null";
    case SqlValueKind::kInteger:
      return "integer";
    case SqlValueKind::kReal:
      return "real";
    case SqlValueKind::kDecimal:
      return "decimal";
    case SqlValueKind::kText:
      return "text";
    case SqlValueKind::kBytes:
      return "bytes";
    case SqlValueKind::kDateTime:
      return "datetime";
  }
  return "text";
}

namespace {

// The declared type: SQLite's affinity keeps each kind as it was bound
// (decimal and date/time text stay text, not numbers).
const char* declared_type(SqlValueKind k) {
  switch (k) {
    case SqlValueKind::kInteger:
      return "INTEGER";
    case SqlValueKind::kReal:
      return "REAL";
    case SqlValueKind::kBytes:
      return "BLOB";
    default:
      return "TEXT";
  }
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

int64_t encode_place(const SqlRowRef& ref) {
  const uint64_t file = (uint64_t{ref.file} - 1) & 0x1FFFF;
  return static_cast<int64_t>(file << 46 | uint64_t{ref.page} << 14 |
                              uint64_t{ref.slot & 0xFFFu} << 2 |
                              (static_cast<uint64_t>(ref.state) & 3));
}

SqlRowRef decode_place(int64_t place) {
  const uint64_t p = static_cast<uint64_t>(place);
  SqlRowRef ref;
  ref.file = static_cast<uint32_t>(((p >> 46) + 1) & 0x1FFFF);
  ref.page = static_cast<uint32_t>(p >> 14);
  ref.slot = static_cast<uint16_t>((p >> 2) & 0xFFF);
  ref.state = static_cast<RowState>(p & 3);
  return ref;
}

std::string create_row_table_sql(int64_t table_id, const SqlTableSchema& schema,
                                 const std::vector<int>& value_ordinals) {
  std::string sql = "CREATE TABLE " + row_table_name(table_id) +
                    "(rowid INTEGER PRIMARY KEY, _place INTEGER NOT NULL, "
                    "_hash INTEGER NOT NULL";
  for (size_t i = 0; i < schema.columns.size(); ++i)
    sql +=
        ", c" + std::to_string(i) + " " + declared_type(schema.columns[i].kind);
  for (int k : value_ordinals) sql += ", _v" + std::to_string(k) + " INTEGER";
  sql += ")";
  return sql;
}

std::string create_row_view_sql(int64_t table_id, const std::string& view_name,
                                const SqlTableSchema& schema) {
  // SQLite compares column names case-insensitively (ASCII).
  std::set<std::string> taken;
  std::string sql =
      "CREATE VIEW " + quote_identifier(view_name) + " AS SELECT ";
  for (size_t i = 0; i < schema.columns.size(); ++i) {
    std::string name = schema.columns[i].name;
    while (!taken.insert(lower_ascii(name)).second) name += "_";
    sql += "c" + std::to_string(i) + " AS " + quote_identifier(name) + ", ";
  }
  auto own = [&](std::string name) {
    while (taken.count(lower_ascii(name))) name = "_" + name;
    taken.insert(lower_ascii(name));
    return quote_identifier(name);
  };
  if (!schema.paged) {
    // A dump's record number (SqlRowRef.page), nothing else of the place:
    // each expression here is parsed again whenever a connection reads
    // the schema.
    return sql + "rowid AS " + own("leakscope_row") +
           ", (_place >> 14) & 4294967295 AS " + own("leakscope_record") +
           " FROM " + row_table_name(table_id);
  }
  // decode_place, in SQL.
  sql += "rowid AS " + own("leakscope_row") +
         ", (((_place >> 46) + 1) & 131071) || ':' || ((_place >> 14) & "
         "4294967295) AS " +
         own("leakscope_page") + ", (_place >> 2) & 4095 AS " +
         own("leakscope_slot") +
         ", CASE _place & 3 WHEN 0 THEN 'live' WHEN 1 THEN 'ghost' ELSE "
         "'unallocated_page' END AS " +
         own("leakscope_state") + " FROM " + row_table_name(table_id);
  return sql;
}

std::string insert_row_sql(int64_t table_id, size_t columns,
                           size_t value_columns, size_t rows) {
  const size_t per_row = kFirstColumnParam - 1 + columns + value_columns;
  std::string one = "(?";
  for (size_t i = 1; i < per_row; ++i) one += ",?";
  one += ")";
  std::string sql = "INSERT INTO " + row_table_name(table_id) + " VALUES";
  for (size_t r = 0; r < rows; ++r) sql += (r ? "," : "") + one;
  return sql;
}

}  // namespace leakscope
