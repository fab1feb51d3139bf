#include "leakscope/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <tuple>

#include "store/hash_runs.hpp"
#include "store/intern_cache.hpp"
#include "store/row_codec.hpp"
#include "store/schema.hpp"
#include "store/statement.hpp"
#include "store/workspace.hpp"
#include "util/sha256.hpp"
#include "util/zstd_codec.hpp"

namespace leakscope {

namespace {

// "file:" URI of a path for sqlite3_open_v2 with SQLITE_OPEN_URI, opened
// read-only: every byte but unreserved ones and '/' percent-encoded (a
// path may hold '?', '#' or '%').
std::string read_only_uri(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out = "file:";
  for (unsigned char c : path) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                       (c >= 'A' && c <= 'Z');
    if (alnum || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out + "?mode=ro";
}

// E-mail value columns not yet in sql_email_cells: (table id, ordinal).
constexpr const char* kMissingValueIndexes =
    "SELECT c.table_id, c.ordinal FROM sql_columns c WHERE "
    "c.value_type='email' AND NOT EXISTS (SELECT 1 FROM sql_email_columns e "
    "WHERE e.table_id=c.table_id AND e.ordinal=c.ordinal)";

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// ISO 8601 UTC with milliseconds ("2026-12-04T18:47:01.123Z"): custody
// events of one second keep their order visible.
std::string now_utc_ms() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      now.time_since_epoch())
                      .count();
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

// SQLite's message, with the operating system's reason when there is one
// ("disk I/O error (File too large)": a full disk or a file size limit).
std::string sqlite_error(sqlite3* db) {
  std::string msg = sqlite3_errmsg(db);
  const int code = sqlite3_errcode(db) & 0xFF;
  if ((code == SQLITE_IOERR || code == SQLITE_FULL ||
       code == SQLITE_CANTOPEN) &&
      sqlite3_system_errno(db) != 0)
    msg += std::string(" (") + std::strerror(sqlite3_system_errno(db)) + ")";
  return msg;
}

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite_error(db));
}

// SQLITE_STATIC: every caller steps and resets the statement while `v` is
// alive, so SQLite need not copy the bytes.
void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

}  // namespace

std::unique_ptr<Store> Store::open(const std::string& path, bool read_only) {
  // An ingest killed during a bulk load leaves a hot rollback journal, which
  // a read-only connection cannot roll back: a writable one does it first
  // (and builds any index the load left out).
  std::error_code ec;
  if (read_only && std::filesystem::file_size(path + "-journal", ec) > 0 &&
      !ec) {
    try {
      Store::open(path, false);
    } catch (const std::exception&) {
    }
  }
  std::unique_ptr<Store> s(new Store());
  s->path_ = path;
  s->read_only_ = read_only;
  // A read-only store is opened as a URI with mode=ro: the store file
  // exactly as with SQLITE_OPEN_READONLY, while the databases the
  // connection ATTACHes (its workspace) take the connection's own flags
  // and can be written.
  const std::string target = read_only ? read_only_uri(path) : path;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (read_only) flags |= SQLITE_OPEN_URI;
  if (sqlite3_open_v2(target.c_str(), &s->db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = s->db_ ? sqlite3_errmsg(s->db_) : "out of memory";
    throw std::runtime_error(path + ": cannot open store: " + msg);
  }
  sqlite3_busy_timeout(s->db_, 10000);
  // Before anything writes (journal_mode=WAL changes the file header): an
  // existing SQLite database that is not a leakscope store is not ours to
  // migrate.
  s->refuse_foreign_database();
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
        "INSERT INTO finding_rows(item_id,value_id,evidence_id,field,sql_row,"
        "sql_column,start,end,confidence,country) VALUES(?,?,?,?,?,?,?,?,?,?)");
    s->insert_damage_ = s->prepare(
        "INSERT INTO damages(source_id,locator,offset,what) VALUES(?,?,?,?)");
  } else {
    s->check_version(
        s->scalar("SELECT COALESCE((SELECT version FROM schema_version),0)"));
    // A run killed during a bulk load left an index out: build it now
    // (through a writable connection; a store on read-only media is read
    // without it).
    if (s->scalar("SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND "
                  "name IN ('finding_rows_value','finding_values_key')") < 2 ||
        s->scalar("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND "
                  "name IN ('sql_row_hashes','measure_cache',"
                  "'sql_email_cells','sql_email_columns')") < 4 ||
        s->scalar(std::string("SELECT COUNT(*) FROM (") + kMissingValueIndexes +
                  ")") > 0) {
      try {
        Store::open(path, false);
      } catch (const std::exception&) {
      }
    }
  }
  s->exec("PRAGMA cache_size=-32768");  // 32 MiB page cache
  s->trace_slow_statements();
  return s;
}

void Store::trace_slow_statements() {
  // LEAKSCOPE_SQL_PROFILE=MS: every statement that ran at least MS
  // milliseconds is printed to stderr with its time (scripts/profile uses
  // it to say where a report's time goes). The SQL text is the store's own;
  // bound values (evidence) are not printed.
  const char* env = std::getenv("LEAKSCOPE_SQL_PROFILE");
  if (!env || !*env) return;
  static int64_t threshold_ns = 0;
  threshold_ns = std::strtoll(env, nullptr, 10) * 1000000;
  sqlite3_trace_v2(
      db_, SQLITE_TRACE_PROFILE,
      [](unsigned, void*, void* stmt, void* ns) -> int {
        const int64_t t = *static_cast<sqlite3_int64*>(ns);
        if (t < threshold_ns) return 0;
        std::string sql = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt));
        if (sql.size() > 300) sql = sql.substr(0, 300) + "...";
        std::fprintf(stderr, "[sql %8.1f ms] %s\n", t / 1e6, sql.c_str());
        return 0;
      },
      nullptr);
}

namespace {
// Slots of the value cache: InternCache::kMaxSlots, or what the test hook
// LEAKSCOPE_TEST_INTERN_SLOTS says (a power of two from 4096 up), so that a
// test can make a small load outgrow the cache (STORE.md).
size_t value_cache_slots() {
  const char* env = std::getenv("LEAKSCOPE_TEST_INTERN_SLOTS");
  if (!env) return InternCache::kMaxSlots;
  char* end = nullptr;
  unsigned long long n = std::strtoull(env, &end, 10);
  if (*end || n < 4096 || n > InternCache::kMaxSlots || (n & (n - 1)))
    return InternCache::kMaxSlots;
  return static_cast<size_t>(n);
}
}  // namespace

Store::Store()
    : value_ids_(std::make_unique<InternCache>(value_cache_slots())),
      evidence_ids_(std::make_unique<InternCache>()) {}

Statement& Store::cached(const char* sql) {
  auto& slot = cache_[sql];
  if (!slot) slot.reset(new Statement(db_, sql));
  slot->reset();
  return *slot;
}

std::unique_ptr<Store> Store::open_reader() const {
  std::unique_ptr<Store> r = Store::open(path_, /*read_only=*/true);
  if (!workspace_) workspace_ = std::make_shared<Workspace>();
  r->workspace_ = workspace_;
  return r;
}

void Store::build_workspace_part(const std::string& part,
                                 bool again_when_writable,
                                 const std::function<void()>& build) const {
  if (!workspace_) workspace_ = std::make_shared<Workspace>();
  if (!attached_parts_.count(part)) {
    const std::string schema = "work_" + part;
    Statement attach(db_, "ATTACH ? AS " + schema);
    attach.bind(1, workspace_->file(part));
    attach.step();
    // Working data: nothing to roll back or to make durable.
    exec("PRAGMA " + schema + ".journal_mode=OFF");
    exec("PRAGMA " + schema + ".synchronous=OFF");
    attached_parts_.insert(part);
  }
  std::lock_guard<std::mutex> lock(workspace_->lock_of(part));
  if (workspace_->built(part) && (read_only_ || !again_when_writable)) return;
  try {
    build();
  } catch (const std::exception& e) {
    // A full disk meets the working files first: name the one written.
    throw std::runtime_error(workspace_->file(part) +
                             ": cannot write the readers' working tables (" +
                             e.what() + ")");
  }
  workspace_->set_built(part);
}

std::shared_ptr<const void> Store::shared_result_erased(
    const std::string& key,
    const std::function<std::shared_ptr<const void>()>& compute) const {
  if (!workspace_) workspace_ = std::make_shared<Workspace>();
  return workspace_->shared(key, compute);
}

Store::~Store() {
  cache_.clear();
  row_statements_.clear();
  for (auto* st :
       {insert_item_, insert_field_, insert_damage_, insert_finding_})
    if (st) sqlite3_finalize(st);
  for (auto& [id, ri] : row_inserts_) {
    sqlite3_finalize(ri.stmt);
    sqlite3_finalize(ri.multi);
  }
  if (db_) sqlite3_close(db_);
}

sqlite3_stmt* Store::prepare(const char* sql) const {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK)
    throw std::runtime_error(path_ + ": " + sqlite_error(db_) +
                             " in: " + std::string(sql).substr(0, 200));
  return st;
}

void Store::exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = sqlite_error(db_);
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

void Store::check_version(int64_t v) const {
  if (v == kSchemaVersion) return;
  if (v == 1 || v == 2)
    throw std::runtime_error(path_ + ": made by leakscope 0.1, schema " +
                             std::to_string(v) +
                             ": re-ingest into a new store");
  if (v > kSchemaVersion)
    throw std::runtime_error(path_ + ": store schema version " +
                             std::to_string(v) +
                             " is newer than this leakscope understands (" +
                             std::to_string(kSchemaVersion) + ")");
  throw std::runtime_error(path_ + ": store schema version " +
                           std::to_string(v) + ", expected " +
                           std::to_string(kSchemaVersion));
}

void Store::refuse_foreign_database() const {
  const int64_t objects = scalar("SELECT COUNT(*) FROM sqlite_master");
  const int64_t ours = scalar(
      "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND "
      "name='schema_version'");
  if (objects > 0 && ours == 0)
    throw std::runtime_error(
        path_ +
        ": an SQLite database that is not a leakscope store (it has no "
        "schema_version table); refusing to use or change it: give --store "
        "a new file");
}

void Store::migrate() {
  exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
  int64_t v = scalar("SELECT COALESCE((SELECT version FROM schema_version),0)");
  if (v == 0) {
    exec("BEGIN IMMEDIATE");
    try {
      exec(schema_v3());
      exec(schema_additions());
      exec(schema_indexes());
      exec("DELETE FROM schema_version");
      exec("INSERT INTO schema_version(version) VALUES(" +
           std::to_string(kSchemaVersion) + ")");
      exec("COMMIT");
    } catch (...) {
      rollback();
      throw;
    }
    return;
  }
  check_version(v);
  // Stores written before sources recorded the path as given.
  if (scalar("SELECT COUNT(*) FROM pragma_table_info('sources') WHERE "
             "name='given'") == 0)
    exec("ALTER TABLE sources ADD COLUMN given TEXT");
  exec(schema_additions());
  ensure_indexes();  // a run killed before it rebuilt them
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

namespace {

constexpr const char* kChainStart =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The canonical bytes of a custody row: each field as <length>:<bytes>;
// in column order, so that no two rows share them.
std::string custody_canonical(int64_t id, int64_t run_id, const std::string& at,
                              const std::string& event, const std::string& path,
                              int64_t size, const std::string& sha256,
                              const std::string& detail) {
  std::string out;
  for (const std::string& f :
       {std::to_string(id), std::to_string(run_id), at, event, path,
        std::to_string(size), sha256, detail})
    out += std::to_string(f.size()) + ":" + f + ";";
  return out;
}

std::string custody_hash(const std::string& prev, const std::string& canon) {
  return Sha256::hex(prev + "\n" + canon);
}

}  // namespace

void Store::custody(int64_t run_id, const std::string& event,
                    const std::string& path, uint64_t size,
                    const std::string& sha256, const std::string& detail,
                    const std::string& at_given) {
  int64_t last = 0;
  std::string prev = kChainStart;
  {
    Statement& st =
        cached("SELECT id, hash FROM custody ORDER BY id DESC LIMIT 1");
    if (st.step()) {
      last = st.integer(0);
      prev = st.text(1);
    }
    st.reset();
  }
  const int64_t id = last + 1;
  const std::string at = at_given.empty() ? now_utc_ms() : at_given;
  const std::string hash = custody_hash(
      prev, custody_canonical(id, run_id, at, event, path,
                              static_cast<int64_t>(size), sha256, detail));
  Statement& st = cached(
      "INSERT INTO custody(id,run_id,at,event,path,size,sha256,detail,"
      "prev_hash,hash) VALUES(?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, id).bind(2, run_id).bind(3, at).bind(4, event).bind(5, path);
  st.bind(6, static_cast<int64_t>(size)).bind(7, sha256).bind(8, detail);
  st.bind(9, prev).bind(10, hash);
  st.step();
}

Store::CustodyCheck Store::check_custody() const {
  CustodyCheck c;
  std::string prev = kChainStart;
  int64_t expected_id = 1;
  // Each source's last custody event (a source read again gets new ones).
  std::map<std::string, std::pair<int64_t, std::string>> recorded;
  Statement st(db_,
               "SELECT id, run_id, at, event, COALESCE(path,''), "
               "COALESCE(size,0), COALESCE(sha256,''), COALESCE(detail,''), "
               "prev_hash, hash FROM custody ORDER BY id");
  while (st.step()) {
    const int64_t id = st.integer(0);
    ++c.links;
    if (c.broken_at) continue;
    const std::string event = st.text(3), path = st.text(4);
    const std::string sha = st.text(6);
    const int64_t size = st.integer(5);
    const std::string canon = custody_canonical(
        id, st.integer(1), st.text(2), event, path, size, sha, st.text(7));
    if (id != expected_id) {
      c.broken_at = id;
      c.problem = "link " + std::to_string(expected_id) +
                  " is missing (the chain goes on at " + std::to_string(id) +
                  ")";
    } else if (st.text(8) != prev) {
      c.broken_at = id;
      c.problem = "prev_hash is not the hash of link " + std::to_string(id - 1);
    } else if (custody_hash(prev, canon) != st.text(9)) {
      c.broken_at = id;
      c.problem = "hash does not match the link's contents";
    }
    prev = st.text(9);
    c.head = prev;
    ++expected_id;
    if (event == "source" || event == "source_failed")
      recorded[path] = {size, sha};
  }
  if (c.broken_at) return c;
  for (const auto& [path, src] : sources()) {
    auto it = recorded.find(path);
    if (it == recorded.end()) {
      c.sources.emplace_back(path, "no custody event records this source");
    } else if (it->second.second != src.sha256 ||
               it->second.first != static_cast<int64_t>(src.size)) {
      c.sources.emplace_back(
          path, "size or SHA-256 differs from its custody event (custody: " +
                    std::to_string(it->second.first) + " bytes, " +
                    it->second.second + ")");
    }
  }
  return c;
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

void Store::begin_bulk_load() {
  exec("DROP INDEX IF EXISTS finding_rows_value");
  // Read in the values the store already holds, when they fit well within
  // the cache; then no value needs the unique index until the load ends.
  value_ids_->reset();
  const int64_t kReadInAtMost =
      static_cast<int64_t>(value_ids_->max_slots() / 4);
  if (scalar("SELECT COUNT(*) FROM finding_values") <= kReadInAtMost) {
    Statement st(db_, "SELECT id, type, value FROM finding_values");
    while (st.step())
      value_ids_->insert(InternCache::key(st.text(1), st.text(2)),
                         st.integer(0));
    values_in_memory_ = !value_ids_->evicted();
  }
  if (values_in_memory_) {
    next_value_id_ =
        scalar("SELECT COALESCE(MAX(id),0) FROM finding_values") + 1;
    exec("DROP INDEX IF EXISTS finding_values_key");
  } else {
    value_ids_->reset();
  }
  // A rollback journal while loading: pages appended past the end of the
  // file are never journalled, so each byte of rows is written once (WAL
  // writes it twice, the second time in a checkpoint of up to a GB). A run
  // killed meanwhile leaves a hot journal that the next open rolls back.
  // No fsync per batch commit (synchronous=OFF): the kernel writes back
  // while the writer goes on; a killed process loses nothing committed,
  // an OS crash or power loss during the load can damage the store (see
  // STORE.md). end_bulk_load restores WAL and synchronous=NORMAL.
  // Another connection on the store (a report running meanwhile) keeps it
  // in WAL: then the load stays in WAL, with its fsyncs.
  bulk_journal_ = false;
  try {
    Statement st(db_, "PRAGMA journal_mode=TRUNCATE");
    bulk_journal_ = st.step() && st.text(0) == "truncate";
  } catch (const std::exception&) {
  }
  if (bulk_journal_) exec("PRAGMA synchronous=OFF");
}

void Store::end_bulk_load() {
  // No statement may be left mid-step (an open read) when the journal
  // mode changes.
  for (auto& [sql, st] : cache_) st->reset();
  if (bulk_journal_) {
    exec("PRAGMA synchronous=NORMAL");
    // A reader that arrived meanwhile can keep it in the rollback journal;
    // the next writable open switches it then.
    try {
      exec("PRAGMA journal_mode=WAL");
    } catch (const std::exception&) {
    }
    bulk_journal_ = false;
  }
  values_in_memory_ = false;
  value_ids_->reset();  // its memory goes to the index builds below
  // The sorter of CREATE INDEX may use a helper thread (the producers are
  // done by now).
  exec("PRAGMA threads=2");
  ensure_indexes();
  exec("PRAGMA threads=0");
}

void Store::intern_values_through_index() {
  if (!values_in_memory_) return;
  values_in_memory_ = false;
  exec(
      "CREATE UNIQUE INDEX IF NOT EXISTS finding_values_key ON "
      "finding_values(type, value)");
}

void Store::ensure_indexes() {
  exec(schema_indexes());
  // The rows that hold an e-mail address, by its value id (notify, lookup).
  std::vector<std::pair<int64_t, int>> missing;
  {
    Statement st(*this, kMissingValueIndexes);
    while (st.step())
      missing.emplace_back(st.integer(0), static_cast<int>(st.integer(1)));
  }
  // Each column's cells and its mark in one savepoint: a column is marked
  // only when all its cells are in. The index of each table that stores
  // before sql_email_cells had is dropped (nothing reads it).
  for (const auto& [table, ordinal] : missing) {
    const std::string t = row_table_name(table);
    const std::string v = "_v" + std::to_string(ordinal);
    exec("SAVEPOINT email_cells");
    try {
      exec("INSERT OR IGNORE INTO sql_email_cells SELECT " + v + ", " +
           std::to_string(table) + ", rowid FROM " + t + " WHERE " + v +
           " IS NOT NULL");
      exec("INSERT OR IGNORE INTO sql_email_columns VALUES(" +
           std::to_string(table) + ", " + std::to_string(ordinal) + ")");
      exec("DROP INDEX IF EXISTS " + t + v);
      exec("RELEASE email_cells");
    } catch (...) {
      exec("ROLLBACK TO email_cells");
      exec("RELEASE email_cells");
      throw;
    }
  }
}

void Store::begin() { exec("BEGIN IMMEDIATE"); }
void Store::commit() { exec("COMMIT"); }
void Store::rollback() {
  // SQLite has already rolled back after some errors (SQLITE_FULL on
  // COMMIT): a second ROLLBACK would fail and hide the first error.
  if (!sqlite3_get_autocommit(db_)) exec("ROLLBACK");
}

void Store::clear_source_items(int64_t source_id) {
  std::vector<int64_t> tables;
  {
    Statement st(db_, "SELECT id, view_name FROM sql_tables WHERE source_id=?");
    st.bind(1, source_id);
    std::vector<std::string> views;
    while (st.step()) {
      tables.push_back(st.integer(0));
      views.push_back(st.text(1));
    }
    st.reset();
    for (size_t k = 0; k < tables.size(); ++k) {
      auto ins = row_inserts_.find(tables[k]);
      if (ins != row_inserts_.end()) {
        sqlite3_finalize(ins->second.stmt);
        sqlite3_finalize(ins->second.multi);
        row_inserts_.erase(ins);
      }
      exec("DROP VIEW IF EXISTS " + quote_identifier(views[k]));
      exec("DROP TABLE IF EXISTS " + row_table_name(tables[k]));
    }
  }
  for (const char* sql :
       {"DELETE FROM sql_columns WHERE table_id IN (SELECT id FROM sql_tables "
        "WHERE source_id=?)",
        "DELETE FROM sql_row_hashes WHERE table_id IN (SELECT id FROM "
        "sql_tables WHERE source_id=?)",
        "DELETE FROM sql_email_cells WHERE table_id IN (SELECT id FROM "
        "sql_tables WHERE source_id=?)",
        "DELETE FROM sql_email_columns WHERE table_id IN (SELECT id FROM "
        "sql_tables WHERE source_id=?)",
        "DELETE FROM sql_tables WHERE source_id=?",
        "DELETE FROM sql_databases WHERE source_id=?",
        "DELETE FROM item_fields WHERE item_id IN (SELECT id FROM items WHERE "
        "source_id=?)",
        "DELETE FROM finding_rows WHERE item_id IN (SELECT id FROM items WHERE "
        "source_id=?)",
        "DELETE FROM items WHERE source_id=?",
        "DELETE FROM damages WHERE source_id=?"}) {
    Statement& st = cached(sql);
    st.bind(1, source_id);
    st.step();
  }
  purge_unused_values();
}

void Store::purge_unused_values() {
  // Values no finding row and no value column refers to any more (their
  // source was cleared): finding_values lists only what the store holds.
  exec("DROP TABLE IF EXISTS temp.live_values");
  exec("CREATE TEMP TABLE live_values(id INTEGER PRIMARY KEY)");
  exec(
      "INSERT OR IGNORE INTO temp.live_values SELECT value_id FROM "
      "finding_rows");
  std::vector<std::pair<int64_t, int>> cols;
  {
    Statement st(db_,
                 "SELECT table_id, ordinal FROM sql_columns WHERE value_type "
                 "IS NOT NULL");
    while (st.step())
      cols.emplace_back(st.integer(0), static_cast<int>(st.integer(1)));
  }
  for (const auto& [table, ordinal] : cols)
    exec("INSERT OR IGNORE INTO temp.live_values SELECT _v" +
         std::to_string(ordinal) + " FROM " + row_table_name(table) +
         " WHERE _v" + std::to_string(ordinal) + " IS NOT NULL");
  exec(
      "DELETE FROM finding_values WHERE id NOT IN (SELECT id FROM "
      "temp.live_values)");
  exec("DROP TABLE temp.live_values");
  intern_values_through_index();
  value_ids_->clear();  // ids of deleted values must not be handed out
}

std::vector<std::string> Store::remove_unfinished_sources(int64_t run_id) {
  std::vector<std::pair<int64_t, std::string>> unfinished;
  {
    Statement st(db_,
                 "SELECT id, path FROM sources WHERE status='ingesting' "
                 "ORDER BY id");
    while (st.step()) unfinished.emplace_back(st.integer(0), st.text(1));
  }
  std::vector<std::string> paths;
  if (unfinished.empty()) return paths;
  begin();
  try {
    for (const auto& [id, path] : unfinished) {
      clear_source_items(id);
      Statement& del = cached("DELETE FROM sources WHERE id=?");
      del.bind(1, id);
      del.step();
      custody(run_id, "source_unfinished_removed", path, 0, "",
              "a run ended before this source was finished; what it wrote "
              "was removed and the source is read again");
      paths.push_back(path);
    }
    commit();
  } catch (...) {
    rollback();
    throw;
  }
  return paths;
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
      "error,run_id,given) VALUES(?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, s.root).bind(2, s.path).bind(3, static_cast<int64_t>(s.size));
  st.bind(4, s.mtime).bind(5, s.sha256).bind(6, s.kind).bind(7, "ingesting");
  st.bind(8, s.error).bind(9, run_id).bind(10, s.given);
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

int64_t Store::intern(const char* select_sql, const char* insert_sql,
                      const std::string& a, const std::string& b,
                      InternCache& cache, const std::string* insert_extra) {
  const XXH128_hash_t key = InternCache::key(a, b);
  if (int64_t id = cache.find(key)) return id;
  // Most values are new: insert first (INSERT OR IGNORE), look up only when
  // the value was already there. SQLITE_STATIC: a and b outlive the steps.
  auto run = [&](const char* sql) {
    sqlite3_stmt* st = cached(sql).raw();
    sqlite3_bind_text(st, 1, a.data(), static_cast<int>(a.size()),
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b.data(), static_cast<int>(b.size()),
                      SQLITE_STATIC);
    if (insert_extra && sql == insert_sql)
      sqlite3_bind_text(st, 3, insert_extra->data(),
                        static_cast<int>(insert_extra->size()), SQLITE_STATIC);
    int rc = sqlite3_step(st);
    check(db_, rc, sql);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
  };
  // Once the cache has dropped entries, a miss is as likely an old value:
  // look it up first.
  int64_t id = cache.evicted() ? run(select_sql) : 0;
  if (!id) {
    run(insert_sql);
    id = sqlite3_changes(db_) == 1 ? sqlite3_last_insert_rowid(db_)
                                   : run(select_sql);
  }
  cache.insert(key, id);
  return id;
}

int64_t Store::intern_value(const std::string& type, const std::string& value,
                            const std::string& country) {
  if (values_in_memory_) {
    const XXH128_hash_t key = InternCache::key(type, value);
    if (int64_t id = value_ids_->find(key)) return id;
    if (next_value_id_ > InternCache::kMaxId) {
      intern_values_through_index();
      return intern_value(type, value, country);
    }
    const int64_t id = next_value_id_++;
    // SQLITE_STATIC: type, value and country outlive the step.
    sqlite3_stmt* st = cached(
                           "INSERT INTO finding_values(id,type,value,country) "
                           "VALUES(?,?,?,NULLIF(?,''))")
                           .raw();
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, type);
    bind_text(st, 3, value);
    bind_text(st, 4, country);
    const char* sql = sqlite3_sql(st);
    check(db_, sqlite3_step(st), sql);
    sqlite3_reset(st);
    value_ids_->insert(key, id);
    // The cache let values go: from here a miss may be an old value.
    if (value_ids_->evicted()) intern_values_through_index();
    return id;
  }
  // The value's country (a phone number's region) comes with its first
  // finding: it is a function of the value.
  return intern("SELECT id FROM finding_values WHERE type=? AND value=?",
                "INSERT OR IGNORE INTO finding_values(type,value,country) "
                "VALUES(?,?,NULLIF(?,''))",
                type, value, *value_ids_, &country);
}

int64_t Store::intern_value(const Finding& f) {
  return intern_value(f.type, f.value, f.country);
}

void Store::insert_finding(int64_t item_row, const Finding& f) {
  if (f.whole_column) {
    Statement& st = cached(
        "UPDATE sql_columns SET cell_type=?, cell_confidence=?, "
        "cell_evidence=? WHERE table_id=(SELECT id FROM sql_tables WHERE "
        "item_id=?) AND ordinal=?");
    st.bind(1, f.type).bind(2, f.confidence).bind(3, f.evidence);
    st.bind(4, item_row).bind(5, int64_t{f.sql_column});
    st.step();
    return;
  }
  int64_t value_id = intern_value(f);
  int64_t evidence_id = intern(
      "SELECT id FROM finding_evidence WHERE detector=? AND evidence=?",
      "INSERT OR IGNORE INTO finding_evidence(detector,evidence) VALUES(?,?)",
      f.detector, f.evidence, *evidence_ids_);
  sqlite3_stmt* s = insert_finding_;
  sqlite3_bind_int64(s, 1, item_row);
  sqlite3_bind_int64(s, 2, value_id);
  sqlite3_bind_int64(s, 3, evidence_id);
  if (f.field.empty())
    sqlite3_bind_null(s, 4);
  else
    bind_text(s, 4, f.field);
  if (f.sql_row > 0) {
    sqlite3_bind_int64(s, 5, f.sql_row);
    sqlite3_bind_int64(s, 6, f.sql_column);
  } else {
    sqlite3_bind_null(s, 5);
    sqlite3_bind_null(s, 6);
  }
  if (f.start >= 0) {
    sqlite3_bind_int64(s, 7, f.start);
    sqlite3_bind_int64(s, 8, f.end);
  } else {
    sqlite3_bind_null(s, 7);
    sqlite3_bind_null(s, 8);
  }
  sqlite3_bind_double(s, 9, f.confidence);
  if (f.country.empty())
    sqlite3_bind_null(s, 10);
  else
    bind_text(s, 10, f.country);
  check(db_, sqlite3_step(s), "insert finding");
  sqlite3_reset(s);
  // A column's information class, confirmed by its sample, goes into the
  // catalog too.
  if (f.sql_row == 0 && f.type.rfind("sql_column.", 0) == 0) {
    Statement& st = cached(
        "UPDATE sql_columns SET information_type=? WHERE table_id=(SELECT id "
        "FROM sql_tables WHERE item_id=?) AND name=?");
    st.bind(1, f.type.substr(11)).bind(2, item_row).bind(3, f.value);
    st.step();
  }
}

int64_t Store::add_sql_database(int64_t source_id, int64_t item_row,
                                const std::string& name) {
  Statement& st =
      cached("INSERT INTO sql_databases(source_id,item_id,name) VALUES(?,?,?)");
  st.bind(1, source_id).bind(2, item_row).bind(3, name);
  st.step();
  return sqlite3_last_insert_rowid(db_);
}

int64_t Store::add_sql_table(int64_t source_id, int64_t database_id,
                             int64_t item_row, const SqlTableSchema& schema,
                             const std::vector<ValueColumn>& value_columns) {
  const std::string full = schema.full_name();
  // The first table of a name gets the name itself as its view; a later one
  // (another backup of the same database) gets "name #id".
  std::string view = "\x1f";  // replaced once the id is known
  {
    Statement& st = cached(
        "INSERT INTO sql_tables(database_id,source_id,item_id,database_name,"
        "schema_name,name,full_name,view_name,declared_rows) "
        "VALUES(?,?,?,?,?,?,?,?||?,?)");
    st.bind(1, database_id).bind(2, source_id).bind(3, item_row);
    st.bind(4, schema.database).bind(5, schema.schema).bind(6, schema.name);
    st.bind(7, full).bind(8, view).bind(9, std::to_string(item_row));
    if (schema.declared_rows >= 0) st.bind(10, schema.declared_rows);
    st.step();
  }
  int64_t id = sqlite3_last_insert_rowid(db_);
  {
    Statement& st = cached(
        "SELECT (SELECT 1 FROM sql_tables WHERE view_name=?1) OR (SELECT 1 "
        "FROM sqlite_master WHERE lower(name)=lower(?1))");
    for (int k = 0;; ++k) {
      std::string candidate = k == 0 ? full : full + " #" + std::to_string(id);
      if (k > 1) candidate += "." + std::to_string(k);
      st.reset();
      st.bind(1, candidate);
      if (!(st.step() && st.integer(0))) {
        view = candidate;
        break;
      }
    }
  }
  {
    Statement& st = cached("UPDATE sql_tables SET view_name=? WHERE id=?");
    st.bind(1, view).bind(2, id);
    st.step();
  }
  {
    Statement& st = cached(
        "INSERT INTO sql_columns(table_id,ordinal,name,sql_type,nullable,"
        "stored,value_kind) VALUES(?,?,?,?,?,?,?)");
    for (size_t i = 0; i < schema.columns.size(); ++i) {
      const SqlColumn& c = schema.columns[i];
      st.reset();
      st.bind(1, id).bind(2, static_cast<int64_t>(i)).bind(3, c.name);
      st.bind(4, c.sql_type).bind(5, int64_t{c.nullable});
      st.bind(6, int64_t{c.stored})
          .bind(7, std::string(value_kind_name(c.kind)));
      st.step();
    }
  }
  RowInsert& ri = row_inserts_[id];
  ri.value_param.assign(schema.columns.size(), 0);
  ri.value_type.assign(schema.columns.size(), std::string());
  std::vector<int> ordinals;
  // _v columns in ascending ordinal order (merge relies on it).
  std::vector<ValueColumn> sorted = value_columns;
  std::sort(sorted.begin(), sorted.end(),
            [](const ValueColumn& x, const ValueColumn& y) {
              return x.ordinal < y.ordinal;
            });
  for (const ValueColumn& v : sorted) {
    if (!ordinals.empty() && ordinals.back() == v.ordinal) continue;
    if (v.ordinal < 0 ||
        static_cast<size_t>(v.ordinal) >= schema.columns.size())
      continue;
    ordinals.push_back(v.ordinal);
    ri.value_type[static_cast<size_t>(v.ordinal)] = v.type;
    ri.value_param[static_cast<size_t>(v.ordinal)] = static_cast<int>(
        kFirstColumnParam + schema.columns.size() + ordinals.size() - 1);
    Statement& st = cached(
        "UPDATE sql_columns SET value_type=?, value_confidence=?, "
        "value_detector=?, value_evidence=? WHERE table_id=? AND ordinal=?");
    st.bind(1, v.type).bind(2, v.confidence).bind(3, v.detector);
    st.bind(4, v.evidence).bind(5, id).bind(6, int64_t{v.ordinal});
    st.step();
  }
  ri.values = ordinals.size();
  exec(create_row_table_sql(id, schema, ordinals));
  exec(create_row_view_sql(id, view, schema));
  std::string ins = insert_row_sql(id, schema.columns.size(), ordinals.size());
  ri.stmt = prepare(ins.c_str());
  ri.per_row = static_cast<int>(kFirstColumnParam - 1 + schema.columns.size() +
                                ordinals.size());
  if (static_cast<int64_t>(ri.per_row) * kRowsPerInsert <=
      sqlite3_limit(db_, SQLITE_LIMIT_VARIABLE_NUMBER, -1)) {
    std::string multi = insert_row_sql(id, schema.columns.size(),
                                       ordinals.size(), kRowsPerInsert);
    ri.multi = prepare(multi.c_str());
  }
  return id;
}

void Store::insert_rows(int64_t table_id, int64_t first_rowid,
                        const RowChunk& chunk,
                        const std::vector<RowCellValue>& cell_values) {
  auto it = row_inserts_.find(table_id);
  if (it == row_inserts_.end())
    throw std::logic_error("rows for a SQL table that is not open");
  const RowInsert& ri = it->second;
  int64_t next = first_rowid;
  const char* p = chunk.data.data();
  size_t cv = 0;  // next of cell_values (in row order)
  // Binds the next row of the chunk to `s` from parameter base + 1 on.
  // SQLITE_STATIC: the chunk outlives the step.
  auto bind_row = [&](sqlite3_stmt* s, int base) {
    DecodedRowHead h;
    p = decode_row_head(p, &h);
    const int64_t rowid = next++;
    // The row's value ids; NULL where its cell gave no value.
    for (size_t k = 0; k < ri.values; ++k)
      sqlite3_bind_null(
          s, base + static_cast<int>(kFirstColumnParam + h.columns + k));
    for (; cv < cell_values.size() && cell_values[cv].rowid <= rowid; ++cv) {
      const RowCellValue& v = cell_values[cv];
      size_t ord = static_cast<size_t>(v.ordinal);
      if (v.rowid != rowid || ord >= ri.value_param.size() ||
          !ri.value_param[ord])
        continue;
      sqlite3_bind_int64(s, base + ri.value_param[ord],
                         intern_value(ri.value_type[ord], v.value, v.country));
    }
    sqlite3_bind_int64(s, base + 1, rowid);
    SqlRowRef ref;
    ref.file = h.file;
    ref.page = h.page;
    ref.slot = h.slot;
    ref.state = static_cast<RowState>(h.state);
    sqlite3_bind_int64(s, base + 2, encode_place(ref));
    sqlite3_bind_int64(s, base + 3, static_cast<int64_t>(h.hash));
    for (int c = 0; c < h.columns; ++c) {
      SqlValue v;
      p = decode_value(p, &v);
      int at = base + kFirstColumnParam + c;
      switch (v.kind) {
        case SqlValueKind::kNull:
          sqlite3_bind_null(s, at);
          break;
        case SqlValueKind::kInteger:
          sqlite3_bind_int64(s, at, v.integer);
          break;
        case SqlValueKind::kReal:
          sqlite3_bind_double(s, at, v.real);
          break;
        case SqlValueKind::kBytes:
          sqlite3_bind_blob(s, at, v.text.data(),
                            static_cast<int>(v.text.size()), SQLITE_STATIC);
          break;
        default:
          sqlite3_bind_text(s, at, v.text.data(),
                            static_cast<int>(v.text.size()), SQLITE_STATIC);
      }
    }
  };
  auto step = [&](sqlite3_stmt* s) {
    check(db_, sqlite3_step(s), "insert row");
    sqlite3_reset(s);
  };
  size_t r = 0;
  if (ri.multi)
    for (; r + kRowsPerInsert <= chunk.rows; r += kRowsPerInsert) {
      for (int k = 0; k < kRowsPerInsert; ++k)
        bind_row(ri.multi, k * ri.per_row);
      step(ri.multi);
    }
  for (; r < chunk.rows; ++r) {
    bind_row(ri.stmt, 0);
    step(ri.stmt);
  }
}

void Store::finish_sql_table(int64_t table_id, int64_t rows, int64_t deleted) {
  auto it = row_inserts_.find(table_id);
  if (it != row_inserts_.end()) {
    sqlite3_finalize(it->second.stmt);
    sqlite3_finalize(it->second.multi);
    row_inserts_.erase(it);
  }
  Statement& st = cached(
      "UPDATE sql_tables SET rows=?, deleted_rows=?, complete=1 WHERE id=?");
  st.bind(1, rows).bind(2, deleted).bind(3, table_id);
  st.step();
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

std::vector<Store::SqlTableInfo> Store::sql_tables() const {
  Statement st(
      db_,
      "SELECT t.id, t.item_id, s.path, t.database_name, t.schema_name, t.name, "
      "t.full_name, t.view_name, (SELECT COUNT(*) FROM sql_columns c WHERE "
      "c.table_id=t.id), t.rows, t.deleted_rows, COALESCE((SELECT "
      "CAST(f.value AS INTEGER) FROM item_fields f JOIN sql_databases d ON "
      "f.item_id=d.item_id WHERE d.id=t.database_id AND f.name='backup_set'), "
      "1) FROM sql_tables t JOIN sources s ON s.id=t.source_id ORDER BY "
      "s.path, "
      "12, t.database_name, t.schema_name, t.name, t.id");
  std::vector<SqlTableInfo> out;
  while (st.step()) {
    SqlTableInfo t;
    t.id = st.integer(0);
    t.item_id = st.integer(1);
    t.source = st.text(2);
    t.database = st.text(3);
    t.schema = st.text(4);
    t.name = st.text(5);
    t.full_name = st.text(6);
    t.view_name = st.text(7);
    t.columns = st.integer(8);
    t.rows = st.integer(9);
    t.deleted_rows = st.integer(10);
    t.backup_set = st.integer(11);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Store::SqlColumnInfo> Store::sql_columns(int64_t table_id) const {
  Statement st(db_,
               "SELECT name, sql_type, value_kind, "
               "COALESCE(information_type,''), COALESCE(cell_type,''), "
               "COALESCE(value_type,''), nullable FROM sql_columns WHERE "
               "table_id=? ORDER BY ordinal");
  st.bind(1, table_id);
  std::vector<SqlColumnInfo> out;
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4),
                   st.text(5), st.integer(6) != 0});
  return out;
}

void Store::for_each_sql_row(
    int64_t table_id,
    const std::function<void(int64_t, const SqlRowRef&,
                             std::span<const SqlValue>)>& f,
    int64_t only_rowid) const {
  // One row (a pack's): its statement prepared once per table.
  std::unique_ptr<Statement> whole;
  if (!only_rowid)
    whole.reset(new Statement(
        db_, "SELECT * FROM " + row_table_name(table_id) + " ORDER BY rowid"));
  Statement& st =
      only_rowid ? row_statement("SELECT * FROM " + row_table_name(table_id) +
                                 " WHERE rowid=?")
                 : *whole;
  if (only_rowid) st.bind(1, only_rowid);
  auto known = column_counts_.find(table_id);
  if (known == column_counts_.end()) {
    if (column_counts_.size() >= kRowStatements) column_counts_.clear();
    known =
        column_counts_.emplace(table_id, sql_columns(table_id).size()).first;
  }
  const size_t n = known->second;
  std::vector<SqlValue> values(n);
  while (st.step()) {
    sqlite3_stmt* s = st.raw();
    const SqlRowRef ref = decode_place(sqlite3_column_int64(s, 1));
    for (size_t i = 0; i < n; ++i) {
      int c = static_cast<int>(3 + i);  // rowid, _place, _hash, c0, ...
      SqlValue& v = values[i];
      v = SqlValue();
      switch (sqlite3_column_type(s, c)) {
        case SQLITE_NULL:
          break;
        case SQLITE_INTEGER:
          v.kind = SqlValueKind::kInteger;
          v.integer = sqlite3_column_int64(s, c);
          break;
        case SQLITE_FLOAT:
          v.kind = SqlValueKind::kReal;
          v.real = sqlite3_column_double(s, c);
          break;
        case SQLITE_BLOB: {
          v.kind = SqlValueKind::kBytes;
          const void* p = sqlite3_column_blob(s, c);
          v.text =
              std::string_view(static_cast<const char*>(p),
                               static_cast<size_t>(sqlite3_column_bytes(s, c)));
          break;
        }
        default: {
          v.kind = SqlValueKind::kText;
          const unsigned char* p = sqlite3_column_text(s, c);
          v.text =
              std::string_view(reinterpret_cast<const char*>(p),
                               static_cast<size_t>(sqlite3_column_bytes(s, c)));
        }
      }
    }
    f(sqlite3_column_int64(s, 0), ref, values);
  }
  st.reset();  // a kept statement must not hold its read open
}

void Store::insert_row_hash_run(int64_t table_id, int64_t run,
                                const std::vector<HashRunChunk>& chunks) {
  Statement& st = cached(
      "INSERT INTO sql_row_hashes(table_id,run,seq,count,hashes) "
      "VALUES(?,?,?,?,?)");
  for (size_t k = 0; k < chunks.size(); ++k) {
    st.bind(1, table_id).bind(2, run).bind(3, static_cast<int64_t>(k));
    st.bind(4, chunks[k].count).bind_blob(5, chunks[k].bytes);
    st.step();
    st.reset();
  }
}

int64_t Store::content_version() const {
  return scalar("SELECT COALESCE(MAX(id),0) FROM custody");
}

void Store::expand_cell_findings() const {
  build_workspace_part("cells", /*again_when_writable=*/true,
                       [this] { build_cell_findings(); });
  exec(
      "CREATE TEMP VIEW IF NOT EXISTS all_findings AS SELECT id, item_id, "
      "type, value, field, start, end, confidence, detector, evidence, "
      "country, value_id, sql_row, sql_column FROM main.findings UNION ALL "
      "SELECT NULL, item_id, type, value, field, NULL, NULL, confidence, "
      "'sql_column', evidence, country, value_id, sql_row, sql_column FROM "
      "work_cells.cell_findings");
}

void Store::build_cell_findings() const {
  exec("DROP TABLE IF EXISTS work_cells.cell_findings");
  exec("DROP TABLE IF EXISTS work_cells.sql_text_findings");
  exec(
      "CREATE TABLE work_cells.cell_findings(item_id INTEGER, sql_row "
      "INTEGER, sql_column INTEGER, field TEXT, type TEXT, value TEXT, "
      "confidence REAL, evidence TEXT, value_id INTEGER, country TEXT)");
  struct Col {
    int64_t table, item, ordinal;
    std::string name, type, evidence;
    double confidence;
  };
  // The columns that carry a whole-column finding ("cell") or a value
  // column ("value"): `kind` is one of those two literals.
  auto columns_with = [&](const std::string& kind) {
    std::vector<Col> out;
    Statement st(db_, "SELECT t.id, t.item_id, c.ordinal, c.name, c." + kind +
                          "_type, COALESCE(c." + kind +
                          "_evidence,''), COALESCE(c." + kind +
                          "_confidence,0) FROM sql_columns c JOIN sql_tables t "
                          "ON t.id=c.table_id WHERE c." +
                          kind + "_type IS NOT NULL ORDER BY t.id, c.ordinal");
    while (st.step())
      out.push_back({st.integer(0), st.integer(1), st.integer(2), st.text(3),
                     st.text(4), st.text(5),
                     sqlite3_column_double(st.raw(), 6)});
    return out;
  };
  std::vector<Col> cols = columns_with("cell");
  for (const Col& c : cols) {
    // Table id and ordinal are the store's own integers, never evidence.
    std::string cell = "c" + std::to_string(c.ordinal);
    Statement st(
        db_,
        "INSERT INTO work_cells.cell_findings SELECT ?, rowid, ?, ?, ?, "
        "CAST(" +
            cell + " AS TEXT), ?, ?, NULL, NULL FROM " +
            row_table_name(c.table) + " WHERE " + cell +
            " IS NOT NULL AND CAST(" + cell + " AS TEXT)<>''");
    st.bind(1, c.item).bind(2, c.ordinal).bind(3, c.name).bind(4, c.type);
    st.bind(5, c.confidence).bind(6, c.evidence);
    st.step();
  }
  // Value columns: each cell's normalised value, through its value id.
  cols = columns_with("value");
  for (const Col& c : cols) {
    std::string v = "r._v" + std::to_string(c.ordinal);
    Statement st(
        *this,
        "INSERT INTO work_cells.cell_findings SELECT ?, r.rowid, ?, ?, "
        "fv.type, fv.value, ?, ?, fv.id, fv.country FROM " +
            row_table_name(c.table) + " r JOIN finding_values fv ON fv.id=" +
            v + " WHERE " + v + " IS NOT NULL");
    st.bind(1, c.item).bind(2, c.ordinal).bind(3, c.name);
    st.bind(4, c.confidence).bind(5, c.evidence);
    st.step();
  }
  exec(
      "CREATE INDEX work_cells.cell_findings_row ON cell_findings(item_id, "
      "sql_row)");
  exec("CREATE INDEX work_cells.cell_findings_type ON cell_findings(type)");
  // The findings in free-text SQL cells, from finding_rows of the tables'
  // items with their values (few): with the cells, the findings of SQL rows
  // (the measurement's sql_findings view).
  exec(
      "CREATE TABLE work_cells.sql_text_findings AS SELECT f.item_id, "
      "f.sql_row, f.sql_column, v.type, v.value, f.country FROM finding_rows "
      "f JOIN finding_values v ON v.id=f.value_id WHERE f.item_id IN (SELECT "
      "item_id FROM sql_tables) AND f.sql_row IS NOT NULL");
  exec(
      "CREATE INDEX work_cells.sql_text_findings_row ON "
      "sql_text_findings(item_id, sql_row)");
}

// Callers reset the statement when done with it (an open read would lock
// the tables a later DROP needs).
Statement& Store::row_statement(const std::string& sql) const {
  if (row_statements_.size() >= kRowStatements) row_statements_.clear();
  auto& slot = row_statements_[sql];
  if (!slot) slot.reset(new Statement(db_, sql));
  slot->reset();
  return *slot;
}

std::vector<Store::CellValue> Store::row_values(int64_t table_id,
                                                int64_t rowid) const {
  std::vector<CellValue> out;
  auto known = value_ordinals_.find(table_id);
  if (known == value_ordinals_.end()) {
    if (value_ordinals_.size() >= kRowStatements) value_ordinals_.clear();
    std::vector<int> ordinals;
    Statement st(db_,
                 "SELECT ordinal FROM sql_columns WHERE table_id=? AND "
                 "value_type IS NOT NULL ORDER BY ordinal");
    st.bind(1, table_id);
    while (st.step()) ordinals.push_back(static_cast<int>(st.integer(0)));
    known = value_ordinals_.emplace(table_id, std::move(ordinals)).first;
  }
  const std::vector<int> ordinals = known->second;
  for (int k : ordinals) {
    Statement& st = row_statement("SELECT fv.type, fv.value FROM " +
                                  row_table_name(table_id) +
                                  " r JOIN finding_values fv ON fv.id=r._v" +
                                  std::to_string(k) + " WHERE r.rowid=?");
    st.bind(1, rowid);
    if (st.step()) out.push_back({k, st.text(0), st.text(1)});
    st.reset();  // a kept statement must not hold its read open
  }
  return out;
}

int64_t Store::records_with_values(const std::string& ids_table,
                                   const std::string& out_table) const {
  const std::string ids = "temp." + ids_table, out = "temp." + out_table;
  exec("DROP TABLE IF EXISTS " + out);
  exec("CREATE TEMP TABLE " + out_table +
       "(item_id INTEGER, sql_row INTEGER, PRIMARY KEY(item_id, sql_row)) "
       "WITHOUT ROWID");
  exec("INSERT OR IGNORE INTO " + out +
       " SELECT item_id, COALESCE(sql_row, 0) FROM finding_rows WHERE "
       "value_id IN (SELECT id FROM " +
       ids + ")");
  // E-mail cells through their one index (sql_email_cells), whatever the
  // number of tables.
  exec("INSERT OR IGNORE INTO " + out +
       " SELECT t.item_id, c.row FROM sql_email_cells c JOIN sql_tables t ON "
       "t.id=c.table_id WHERE c.value_id IN (SELECT id FROM " +
       ids + ")");
  return scalar("SELECT COUNT(*) FROM " + out);
}

int64_t Store::count_records_with_values(const std::string& ids_table) const {
  const std::string ids = "temp." + ids_table;
  std::vector<std::pair<int64_t, int64_t>> records;
  Statement st(db_,
               "SELECT item_id, COALESCE(sql_row, 0) FROM finding_rows WHERE "
               "value_id IN (SELECT id FROM " +
                   ids +
                   ") UNION ALL SELECT t.item_id, c.row FROM sql_email_cells "
                   "c JOIN sql_tables t ON t.id=c.table_id WHERE c.value_id "
                   "IN (SELECT id FROM " +
                   ids + ")");
  while (st.step()) records.emplace_back(st.integer(0), st.integer(1));
  std::sort(records.begin(), records.end());
  return std::unique(records.begin(), records.end()) - records.begin();
}

std::string Store::item_locator(int64_t item_id) const {
  Statement st(db_, "SELECT locator FROM items WHERE id=?");
  st.bind(1, item_id);
  return st.step() ? st.text(0) : std::string();
}

std::string Store::item_text(int64_t item_id) const {
  Statement st(db_, "SELECT text_zstd FROM items WHERE id=?");
  st.bind(1, item_id);
  if (!st.step() || st.is_null(0)) return "";
  return zstd_decompress(st.text(0));
}

// --- Statement ---

Statement::Statement(const Store& store, const std::string& sql)
    : Statement(store.db_, sql) {}

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
  // SQLITE_TRANSIENT: callers bind temporaries (now_utc(), concatenations)
  // that die before step(); SQLite copies the bytes.
  sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()),
                    SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_blob(int index, const std::string& v) {
  sqlite3_bind_blob(stmt_, index, v.data(), static_cast<int>(v.size()),
                    SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int index, double v) {
  sqlite3_bind_double(stmt_, index, v);
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
std::string_view Statement::text_view(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string_view(static_cast<const char*>(p),
                              static_cast<size_t>(n))
           : std::string_view();
}
bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

}  // namespace leakscope
