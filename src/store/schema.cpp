#include "store/schema.hpp"

namespace leakscope {

const std::vector<const char*>& schema_migrations() {
  static const std::vector<const char*> kMigrations = {
      // 0 -> 1: the foundation schema.
      R"SQL(
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
  run_id INTEGER REFERENCES runs(id));
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
CREATE INDEX items_source ON items(source_id);
CREATE INDEX items_parent ON items(parent_id);
CREATE INDEX items_kind ON items(kind);
CREATE TABLE item_fields(
  item_id INTEGER NOT NULL REFERENCES items(id),
  name TEXT NOT NULL,
  value TEXT NOT NULL);
CREATE INDEX item_fields_item ON item_fields(item_id);
CREATE INDEX item_fields_name ON item_fields(name);
CREATE TABLE damages(
  source_id INTEGER NOT NULL REFERENCES sources(id),
  locator TEXT NOT NULL,
  offset INTEGER,
  what TEXT NOT NULL);
CREATE INDEX damages_source ON damages(source_id);
CREATE TABLE custody(
  id INTEGER PRIMARY KEY,
  run_id INTEGER,
  at TEXT NOT NULL,
  event TEXT NOT NULL,
  path TEXT,
  size INTEGER,
  sha256 TEXT,
  detail TEXT);
CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
  BEGIN SELECT RAISE(ABORT, 'custody is append-only'); END;
CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
  BEGIN SELECT RAISE(ABORT, 'custody is append-only'); END;
)SQL",
      // 1 -> 2: classifier findings. One row per thing found in one item.
      // value is normalised (e-mail case-folded, phone E.164, card and IBAN
      // without spaces; document.* types: the document's SHA-256). field is
      // the item field the value was found in, NULL for the item's text;
      // start/end are UTF-8 byte offsets into that field value or text
      // (end exclusive), NULL when the finding is about the whole item.
      // country is an ISO 3166-1 alpha-2 code where the value implies one.
      R"SQL(
CREATE TABLE findings(
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  field TEXT,
  start INTEGER,
  end INTEGER,
  confidence REAL NOT NULL,
  detector TEXT NOT NULL,
  evidence TEXT,
  country TEXT);
CREATE INDEX findings_item ON findings(item_id);
CREATE INDEX findings_type_value ON findings(type, value);
)SQL",
  };
  return kMigrations;
}

}  // namespace leakscope
