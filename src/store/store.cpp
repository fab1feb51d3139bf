#include "leakscope/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>

#include "store/schema.hpp"
#include "util/zstd_codec.hpp"

namespace leakscope {

namespace {

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

// SQLITE_STATIC: every caller steps and resets the statement while `v` is
// alive, so SQLite need not copy the bytes.
void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

}  // namespace

std::unique_ptr<Store> Store::open(const std::string& path, bool read_only) {
  std::unique_ptr<Store> s(new Store());
  s->path_ = path;
  int flags = read_only ? SQLITE_OPEN_READONLY
                        : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &s->db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = s->db_ ? sqlite3_errmsg(s->db_) : "out of memory";
    throw std::runtime_error(path + ": cannot open store: " + msg);
  }
  sqlite3_busy_timeout(s->db_, 10000);
  if (!read_only) {
    // Before the first table exists (no effect on an existing store): larger
    // pages mean fewer B-tree splits for the long runs of small rows.
    s->exec("PRAGMA page_size=16384");
    s->exec("PRAGMA journal_mode=WAL");
    s->exec("PRAGMA synchronous=NORMAL");
    // Checkpoint (and fsync) every ~256 MB of WAL rather than every 4 MB:
    // ingest writes in long sequential runs.
    s->exec("PRAGMA wal_autocheckpoint=65536");
    s->exec("PRAGMA foreign_keys=OFF");
    s->migrate();
    s->insert_item_ = s->prepare(
        "INSERT INTO items(source_id,parent_id,kind,locator,title,date,size,"
        "sha256,text_zstd,text_size) VALUES(?,?,?,?,?,?,?,?,?,?)");
    s->insert_field_ =
        s->prepare("INSERT INTO item_fields(item_id,name,value) VALUES(?,?,?)");
    s->insert_finding_ = s->prepare(
        "INSERT INTO findings(item_id,type,value,field,start,end,confidence,"
        "detector,evidence,country) VALUES(?,?,?,?,?,?,?,?,?,?)");
    s->insert_damage_ = s->prepare(
        "INSERT INTO damages(source_id,locator,offset,what) VALUES(?,?,?,?)");
  } else {
    int64_t v =
        s->scalar("SELECT COALESCE((SELECT version FROM schema_version),0)");
    if (v != kSchemaVersion)
      throw std::runtime_error(path + ": store schema version " +
                               std::to_string(v) + ", expected " +
                               std::to_string(kSchemaVersion));
  }
  s->exec("PRAGMA cache_size=-32768");  // 32 MiB page cache
  return s;
}

Statement& Store::cached(const char* sql) {
  auto& slot = cache_[sql];
  if (!slot) slot = std::make_unique<Statement>(db_, sql);
  slot->reset();
  return *slot;
}

Store::~Store() {
  cache_.clear();
  for (auto* st :
       {insert_item_, insert_field_, insert_damage_, insert_finding_})
    if (st) sqlite3_finalize(st);
  if (db_) sqlite3_close(db_);
}

sqlite3_stmt* Store::prepare(const char* sql) const {
  sqlite3_stmt* st = nullptr;
  check(db_, sqlite3_prepare_v2(db_, sql, -1, &st, nullptr), sql);
  return st;
}

void Store::exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error(path_ + ": " + msg + " in: " + sql.substr(0, 200));
  }
}

int64_t Store::scalar(const std::string& sql) const {
  sqlite3_stmt* st = prepare(sql.c_str());
  int64_t v = 0;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

void Store::migrate() {
  exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
  int64_t v = scalar("SELECT COALESCE((SELECT version FROM schema_version),0)");
  const auto& steps = schema_migrations();
  if (v > static_cast<int64_t>(steps.size()))
    throw std::runtime_error(path_ + ": store schema version " +
                             std::to_string(v) +
                             " is newer than this leakscope understands (" +
                             std::to_string(steps.size()) + ")");
  for (size_t i = static_cast<size_t>(v); i < steps.size(); ++i) {
    exec("BEGIN IMMEDIATE");
    try {
      exec(steps[i]);
      exec("DELETE FROM schema_version");
      exec("INSERT INTO schema_version(version) VALUES(" +
           std::to_string(i + 1) + ")");
      exec("COMMIT");
    } catch (...) {
      exec("ROLLBACK");
      throw;
    }
  }
}

int64_t Store::begin_run(const std::string& command_line) {
  Statement st(
      db_, "INSERT INTO runs(started,tool_version,command_line) VALUES(?,?,?)");
  st.bind(1, now_utc())
      .bind(2, std::string(LEAKSCOPE_VERSION))
      .bind(3, command_line);
  st.step();
  int64_t id = sqlite3_last_insert_rowid(db_);
  custody(id, "run_start", "", 0, "",
          "leakscope " LEAKSCOPE_VERSION "; " + command_line);
  return id;
}

void Store::end_run(int64_t run_id, const std::string& status) {
  Statement st(db_, "UPDATE runs SET finished=?, status=? WHERE id=?");
  st.bind(1, now_utc()).bind(2, status).bind(3, run_id);
  st.step();
  custody(run_id, "run_end", "", 0, "", status);
}

void Store::custody(int64_t run_id, const std::string& event,
                    const std::string& path, uint64_t size,
                    const std::string& sha256, const std::string& detail) {
  Statement& st = cached(
      "INSERT INTO custody(run_id,at,event,path,size,sha256,detail) "
      "VALUES(?,?,?,?,?,?,?)");
  st.bind(1, run_id).bind(2, now_utc()).bind(3, event).bind(4, path);
  st.bind(5, static_cast<int64_t>(size)).bind(6, sha256).bind(7, detail);
  st.step();
}

std::map<std::string, SourceRecord> Store::sources() const {
  std::map<std::string, SourceRecord> out;
  Statement st(db_,
               "SELECT id,root,path,size,mtime,COALESCE(sha256,''),"
               "COALESCE(kind,''),status,COALESCE(error,''),items,damages "
               "FROM sources");
  while (st.step()) {
    SourceRecord r;
    r.id = st.integer(0);
    r.root = st.text(1);
    r.path = st.text(2);
    r.size = static_cast<uint64_t>(st.integer(3));
    r.mtime = st.integer(4);
    r.sha256 = st.text(5);
    r.kind = st.text(6);
    r.status = st.text(7);
    r.error = st.text(8);
    r.items = static_cast<uint64_t>(st.integer(9));
    r.damages = static_cast<uint64_t>(st.integer(10));
    out[r.path] = r;
  }
  return out;
}

void Store::begin() { exec("BEGIN IMMEDIATE"); }
void Store::commit() { exec("COMMIT"); }
void Store::rollback() { exec("ROLLBACK"); }

void Store::clear_source_items(int64_t source_id) {
  std::string id = std::to_string(source_id);
  // Ingest drops this index while it writes (rebuilt at the end); a source
  // cleared meanwhile (rare: a failed or changed file) needs it back, or
  // each clear would scan every field and finding row of the store.
  exec("CREATE INDEX IF NOT EXISTS item_fields_item ON item_fields(item_id)");
  exec("CREATE INDEX IF NOT EXISTS findings_item ON findings(item_id)");
  exec(
      "DELETE FROM item_fields WHERE item_id IN (SELECT id FROM items WHERE "
      "source_id=" +
      id + ")");
  exec(
      "DELETE FROM findings WHERE item_id IN (SELECT id FROM items WHERE "
      "source_id=" +
      id + ")");
  exec("DELETE FROM items WHERE source_id=" + id);
  exec("DELETE FROM damages WHERE source_id=" + id);
}

int64_t Store::put_source(const SourceRecord& s, int64_t run_id) {
  {
    Statement& find = cached("SELECT id FROM sources WHERE path=?");
    find.bind(1, s.path);
    if (find.step()) {
      int64_t old = find.integer(0);
      find.reset();
      clear_source_items(old);
      Statement& del = cached("DELETE FROM sources WHERE id=?");
      del.bind(1, old);
      del.step();
    }
  }
  Statement& st = cached(
      "INSERT INTO sources(root,path,size,mtime,sha256,kind,status,"
      "error,run_id) VALUES(?,?,?,?,?,?,?,?,?)");
  st.bind(1, s.root).bind(2, s.path).bind(3, static_cast<int64_t>(s.size));
  st.bind(4, s.mtime).bind(5, s.sha256).bind(6, s.kind).bind(7, "ingesting");
  st.bind(8, s.error).bind(9, run_id);
  st.step();
  return sqlite3_last_insert_rowid(db_);
}

void Store::finish_source(const SourceRecord& s) {
  Statement& st = cached(
      "UPDATE sources SET sha256=?, kind=?, status=?, error=?, items=?, "
      "damages=?, size=? WHERE id=?");
  st.bind(1, s.sha256).bind(2, s.kind).bind(3, s.status).bind(4, s.error);
  st.bind(5, static_cast<int64_t>(s.items))
      .bind(6, static_cast<int64_t>(s.damages));
  st.bind(7, static_cast<int64_t>(s.size)).bind(8, s.id);
  st.step();
}

int64_t Store::insert_item(int64_t source_id, int64_t parent_row,
                           const StoredItem& it) {
  sqlite3_stmt* s = insert_item_;
  const Item& i = it.item;
  sqlite3_bind_int64(s, 1, source_id);
  if (parent_row > 0)
    sqlite3_bind_int64(s, 2, parent_row);
  else
    sqlite3_bind_null(s, 2);
  bind_text(s, 3, i.kind);
  bind_text(s, 4, i.locator);
  bind_text(s, 5, i.title);
  if (i.date)
    bind_text(s, 6, *i.date);
  else
    sqlite3_bind_null(s, 6);
  sqlite3_bind_int64(s, 7, static_cast<int64_t>(i.size));
  if (i.sha256.empty())
    sqlite3_bind_null(s, 8);
  else
    bind_text(s, 8, i.sha256);
  if (it.text_zstd.empty())
    sqlite3_bind_null(s, 9);
  else
    sqlite3_bind_blob(s, 9, it.text_zstd.data(),
                      static_cast<int>(it.text_zstd.size()), SQLITE_STATIC);
  sqlite3_bind_int64(s, 10, static_cast<int64_t>(it.text_size));
  check(db_, sqlite3_step(s), "insert item");
  sqlite3_reset(s);
  int64_t row = sqlite3_last_insert_rowid(db_);
  for (const auto& f : i.fields) {
    sqlite3_bind_int64(insert_field_, 1, row);
    bind_text(insert_field_, 2, f.name);
    bind_text(insert_field_, 3, f.value);
    check(db_, sqlite3_step(insert_field_), "insert field");
    sqlite3_reset(insert_field_);
  }
  return row;
}

void Store::insert_finding(int64_t item_row, const Finding& f) {
  sqlite3_stmt* s = insert_finding_;
  sqlite3_bind_int64(s, 1, item_row);
  bind_text(s, 2, f.type);
  bind_text(s, 3, f.value);
  if (f.field.empty())
    sqlite3_bind_null(s, 4);
  else
    bind_text(s, 4, f.field);
  if (f.start >= 0) {
    sqlite3_bind_int64(s, 5, f.start);
    sqlite3_bind_int64(s, 6, f.end);
  } else {
    sqlite3_bind_null(s, 5);
    sqlite3_bind_null(s, 6);
  }
  sqlite3_bind_double(s, 7, f.confidence);
  bind_text(s, 8, f.detector);
  bind_text(s, 9, f.evidence);
  if (f.country.empty())
    sqlite3_bind_null(s, 10);
  else
    bind_text(s, 10, f.country);
  check(db_, sqlite3_step(s), "insert finding");
  sqlite3_reset(s);
}

void Store::insert_damage(int64_t source_id, const Damage& d) {
  sqlite3_bind_int64(insert_damage_, 1, source_id);
  bind_text(insert_damage_, 2, d.locator);
  if (d.offset == kNoOffset)
    sqlite3_bind_null(insert_damage_, 3);
  else
    sqlite3_bind_int64(insert_damage_, 3, static_cast<int64_t>(d.offset));
  bind_text(insert_damage_, 4, d.what);
  check(db_, sqlite3_step(insert_damage_), "insert damage");
  sqlite3_reset(insert_damage_);
}

std::string Store::item_text(int64_t item_id) const {
  Statement st(db_, "SELECT text_zstd FROM items WHERE id=?");
  st.bind(1, item_id);
  if (!st.step() || st.is_null(0)) return "";
  return zstd_decompress(st.text(0));
}

// --- Statement ---

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db) {
  check(db_, sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr),
        sql.c_str());
}
Statement::~Statement() { sqlite3_finalize(stmt_); }
Statement& Statement::bind(int index, int64_t v) {
  sqlite3_bind_int64(stmt_, index, v);
  return *this;
}
Statement& Statement::bind(int index, const std::string& v) {
  bind_text(stmt_, index, v);
  return *this;
}
bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  check(db_, rc, "step");
  return false;
}
int64_t Statement::integer(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
std::string Statement::text(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(n))
           : std::string();
}
bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

}  // namespace leakscope
