// Schema 3 through the leakscope binary: recovered tables as SQLite tables
// and views (hostile names included), dump-table, the refusal of old stores,
// notify packs from SQL rows, --owner as a bound value, and ingest killed
// with SIGKILL at random moments during large backups, then resumed.
#include <doctest/doctest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "bakgen/backup_writer.hpp"
#include "bakgen/samples.hpp"
#include "leakscope/store.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace leakscope;
namespace bg = leakscope::bakgen;

namespace {

// Rows of a query over a store opened with the plain SQLite API (what a
// person with sqlite3 sees): column names first, then each row, cells
// joined by '|', NULL as "NULL".
std::vector<std::string> query(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  // Read-write, as the sqlite3 shell opens it: a store a killed run left
  // with a hot journal is rolled back first.
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) ==
          SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr);
  CAPTURE(sqlite3_errmsg(h));
  REQUIRE(rc == SQLITE_OK);
  std::vector<std::string> out;
  std::string head;
  for (int c = 0; c < sqlite3_column_count(st); ++c)
    head += (c ? "|" : "") + std::string(sqlite3_column_name(st, c));
  out.push_back(head);
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const unsigned char* t = sqlite3_column_text(st, c);
      row += (c ? "|" : "") +
             (t ? std::string(reinterpret_cast<const char*>(t)) : "NULL");
    }
    out.push_back(row);
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

TEST_CASE(
    "schema 3: a table whose names collide with the tool's own reads back "
    "exactly") {
  test::TempDir tmp;
  bg::DatabaseSpec db;
  db.name = "My.DB";
  bg::TableContents t;
  t.spec.name = "Odd \"Name\".x";
  t.spec.columns = {bg::Column("id", "int"),
                    bg::Column("deleted", "varchar(10)"),
                    bg::Column("_locator", "varchar(20)"),
                    bg::Column("rowid", "int"),
                    bg::Column("leakscope_row", "int"),
                    bg::Column("_deleted", "varchar(10)"),
                    bg::Column("quote\"d", "nvarchar(20)"),
                    bg::Column("dot.ted", "decimal(10,2)"),
                    bg::Column("with space", "varbinary(8)")};
  t.rows = {
      {"1", "true", "x.bak#db=1", "7", "8", "yes", "Ä\"b", "12.50", "0x0A0B"},
      {"2", "false", std::nullopt, "9", "10", "no", "", "-0.01", "0x"},
      {"3", "true", "z", "11", "12", "yes", "c", "3.00", "0xFF"}};
  t.states = {bg::RowState::kLive, bg::RowState::kLive, bg::RowState::kGhost};
  bg::write_database(tmp.file("odd.bak"), db, {t});
  fs::path store = tmp.path / "case.db";
  REQUIRE(test::run_binary(
              {"ingest", tmp.file("odd.bak"), "--store", store.string()}) == 0);

  // The view under the table's full name: recovered names first, exactly;
  // the tool's own columns after them, never in their place.
  auto rows = query(store, "SELECT * FROM \"My.DB.dbo.Odd \"\"Name\"\".x\"");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] ==
        "id|deleted|_locator|rowid|leakscope_row|_deleted|quote\"d|dot.ted|"
        "with space|_leakscope_row|leakscope_page|leakscope_slot|"
        "leakscope_state");
  // The nine recovered cells (bytes as SQLite prints a blob).
  auto cells = [](const std::string& row) {
    size_t at = 0;
    for (int bar = 0; bar < 9; ++bar) at = row.find('|', at) + 1;
    return row.substr(0, at - 1);
  };
  CHECK(cells(rows[1]) == "1|true|x.bak#db=1|7|8|yes|Ä\"b|12.50|\n\x0b");
  CHECK(cells(rows[2]) == "2|false|NULL|9|10|no||-0.01|");
  CHECK(cells(rows[3]) == "3|true|z|11|12|yes|c|3.00|\xff");
  CHECK(rows[1].substr(cells(rows[1]).size()).rfind("|1|1:", 0) == 0);
  CHECK(rows[1].substr(rows[1].size() - 5) == "|live");
  CHECK(rows[3].substr(rows[3].size() - 6) == "|ghost");
  // Typed storage: integers are integers, decimals exact text, bytes blobs.
  CHECK(query(store,
              "SELECT typeof(c0), typeof(c7), typeof(c8), c7 FROM sql_rows_1 "
              "WHERE rowid=1")[1] == "integer|text|blob|12.50");
  CHECK(query(store,
              "SELECT ordinal, name, sql_type, value_kind FROM sql_columns "
              "ORDER BY ordinal")[2] == "1|deleted|varchar(10)|text");

  // tables: the row's state, not a column named "deleted", says deleted.
  nlohmann::json tables = nlohmann::json::parse(
      test::run_leakscope("tables --store " + store.string() + " --json"));
  REQUIRE(tables.size() == 1);
  CHECK(tables[0]["database"] == "My.DB");
  CHECK(tables[0]["table"] == "Odd \"Name\".x");
  CHECK(tables[0]["columns"] == 9);
  CHECK(tables[0]["rows"] == 2);
  CHECK(tables[0]["deleted_rows"] == 1);

  // dump-table: a straight SELECT, the tool's columns renamed away from the
  // recovered ones.
  fs::path csv = tmp.path / "odd.csv";
  REQUIRE(test::run_binary({"dump-table", "--store", store.string(), "--table",
                            "My.DB.dbo.Odd \"Name\".x", "--out",
                            csv.string()}) == 0);
  std::string text = test::read_file(csv);
  std::string header = text.substr(0, text.find("\r\n"));
  CHECK(header ==
        "id,deleted,_locator,rowid,leakscope_row,_deleted,\"quote\"\"d\","
        "dot.ted,with space,__deleted,__locator");
  CHECK(text.substr(text.find("\r\n") + 2) ==
        "1,true,x.bak#db=1,7,8,yes,\"Ä\"\"b\",12.50,0x0A0B,false,\"odd.bak#"
        "db=My.DB/table=dbo.Odd \"\"Name\"\".x/page=1:16/slot=0\"\r\n"
        "2,false,,9,10,no,,-0.01,0x,false,\"odd.bak#db=My.DB/table=dbo.Odd "
        "\"\"Name\"\".x/page=1:16/slot=1\"\r\n"
        "3,true,z,11,12,yes,c,3.00,0xFF,true,\"odd.bak#db=My.DB/table=dbo.Odd "
        "\"\"Name\"\".x/page=1:16/slot=2\"\r\n");
}

TEST_CASE("schema 3: a store made by leakscope 0.1 is refused clearly") {
  test::TempDir tmp;
  fs::path old = tmp.path / "old.db";
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(old.c_str(), &h) == SQLITE_OK);
  REQUIRE(sqlite3_exec(h,
                       "CREATE TABLE schema_version(version INTEGER NOT "
                       "NULL); INSERT INTO schema_version VALUES(2);",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(h);
  for (bool read_only : {true, false}) {
    std::string what;
    try {
      Store::open(old.string(), read_only);
    } catch (const std::exception& e) {
      what = e.what();
    }
    CHECK(what == old.string() +
                      ": made by leakscope 0.1, schema 2: re-ingest into a "
                      "new store");
  }
  CHECK(test::run_binary({"report", "--store", old.string(), "--out",
                          (tmp.path / "r").string()}) != 0);
}

TEST_CASE(
    "schema 3: a notify pack from SQL rows that name two organisations shows "
    "only its own") {
  test::TempDir tmp;
  bg::DatabaseSpec db;
  db.name = "CRM";
  bg::TableContents t;
  t.spec.name = "Contacts";
  t.spec.columns = {bg::Column("Email", "varchar(80)"),
                    bg::Column("FirstName", "nvarchar(40)"),
                    bg::Column("LastName", "nvarchar(40)"),
                    bg::Column("Company", "nvarchar(40)"),
                    bg::Column("ReferredBy", "varchar(80)"),
                    bg::Column("Phone", "varchar(30)"),
                    bg::Column("Notes", "nvarchar(200)")};
  t.rows = {{"anna.berg@contoso.com", "Anna", "Berg", "Contoso",
             "bob.stone@fabrikam.com", "+49 30 23125101",
             "met Bob Stone of Fabrikam, bob.stone@fabrikam.com"},
            {"carl.ode@fabrikam.com", "Carl", "Ode", "Fabrikam", std::nullopt,
             "+44 20 7946 0958", "n/a"},
            {"dora.lind@contoso.com", "Dora", "Lind", "Contoso", std::nullopt,
             std::nullopt, std::nullopt},
            {"emile.zoe@contoso.com", "Émile", "Zoë", "Contoso", std::nullopt,
             std::nullopt, "Über Köln"}};
  bg::write_database(tmp.file("crm.bak"), db, {t});
  fs::path store = tmp.path / "case.db";
  REQUIRE(test::run_binary(
              {"ingest", tmp.file("crm.bak"), "--store", store.string()}) == 0);
  fs::path out = tmp.path / "packs";
  REQUIRE(test::run_binary({"notify", "--store", store.string(), "--out",
                            out.string(), "--org", "contoso.com"}) == 0);
  std::string pack = test::read_file(out / "contoso.com" / "items.jsonl");
  // Two rows hold a Contoso address; the Fabrikam-only row is not there.
  std::vector<nlohmann::json> lines;
  std::istringstream in(pack);
  for (std::string l; std::getline(in, l);)
    lines.push_back(nlohmann::json::parse(l));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0]["kind"] == "sql_row");
  CHECK(lines[0]["table"] == "CRM.dbo.Contacts");
  CHECK(lines[0]["cells"]["Email"] == "anna.berg@contoso.com");
  CHECK(lines[0]["cells"]["Company"] == "Contoso");
  CHECK(lines[0]["cells"]["ReferredBy"] == "b***@***");
  CHECK(lines[0]["cells"]["FirstName"] == "A***");
  CHECK(lines[1]["cells"]["Email"] == "dora.lind@contoso.com");
  // Masks keep whole UTF-8 characters (the pack is JSON).
  CHECK(lines[2]["cells"]["FirstName"] == "É***");
  CHECK(lines[2]["cells"]["Notes"] == "Ü*******n");
  // Nothing of the other organisation or its people, in any form.
  for (const char* other :
       {"fabrikam", "bob", "stone", "carl", "ode", "+44", "7946", "23125101"})
    CHECK_MESSAGE(lower(pack).find(other) == std::string::npos, other);
  // lookup counts records: rows of a table, not the table.
  CHECK(nlohmann::json::parse(
            test::run_leakscope("lookup --store " + store.string() +
                                " --json anna.berg@contoso.com")) ==
        nlohmann::json({{"found", true}, {"items", 1}}));
  CHECK(nlohmann::json::parse(test::run_leakscope(
            "lookup --store " + store.string() + " --json fabrikam.com")) ==
        nlohmann::json({{"found", true}, {"items", 2}}));
  // The Fabrikam pack, for its part, never shows Contoso's people.
  REQUIRE(test::run_binary({"notify", "--store", store.string(), "--out",
                            out.string(), "--org", "fabrikam.com"}) == 0);
  std::string theirs =
      lower(test::read_file(out / "fabrikam.com" / "items.jsonl"));
  CHECK(theirs.find("carl.ode@fabrikam.com") != std::string::npos);
  for (const char* other : {"contoso", "anna", "berg", "dora", "lind"})
    CHECK_MESSAGE(theirs.find(other) == std::string::npos, other);
}

TEST_CASE(
    "schema 3: values are interned once across runs (read back in at the "
    "start of a load, unique index rebuilt at its end)") {
  test::TempDir tmp;
  auto backup = [&](const std::string& file, const std::string& dbname,
                    std::vector<std::string> emails) {
    bg::DatabaseSpec db;
    db.name = dbname;
    bg::TableContents t;
    t.spec.name = "People";
    t.spec.columns = {bg::Column("Email", "varchar(80)"),
                      bg::Column("Notes", "nvarchar(200)")};
    for (const auto& e : emails)
      t.rows.push_back({e, "write to " + e + " or to carol@example.org"});
    bg::write_database(tmp.file(file), db, {t});
    return tmp.file(file);
  };
  fs::path store = tmp.path / "case.db";
  REQUIRE(test::run_binary(
              {"ingest",
               backup("a.bak", "A", {"ann@example.org", "BOB@example.org"}),
               "--store", store.string()}) == 0);
  REQUIRE(test::run_binary(
              {"ingest",
               backup("b.bak", "B", {"bob@example.org", "dan@example.org"}),
               "--store", store.string()}) == 0);
  // ann, bob (case-folded: one value), carol (notes only), dan.
  CHECK(query(store,
              "SELECT value FROM finding_values WHERE type='email' ORDER BY "
              "value") ==
        std::vector<std::string>{"value", "ann@example.org", "bob@example.org",
                                 "carol@example.org", "dan@example.org"});
  CHECK(query(store,
              "SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND "
              "name='finding_values_key'") ==
        std::vector<std::string>{"COUNT(*)", "1"});
  // Both tables' Bob rows point at the same value.
  CHECK(query(store,
              "SELECT COUNT(DISTINCT v) FROM (SELECT _v0 AS v FROM sql_rows_1 "
              "WHERE _v0=(SELECT id FROM finding_values WHERE "
              "value='bob@example.org') UNION ALL SELECT _v0 FROM sql_rows_2 "
              "WHERE _v0=(SELECT id FROM finding_values WHERE "
              "value='bob@example.org'))") ==
        std::vector<std::string>{"COUNT(DISTINCT v)", "1"});
  CHECK(nlohmann::json::parse(test::run_leakscope(
            "lookup --store " + store.string() + " --json bob@example.org")) ==
        nlohmann::json({{"found", true}, {"items", 2}}));
  CHECK(
      nlohmann::json::parse(test::run_leakscope(
          "lookup --store " + store.string() + " --json carol@example.org")) ==
      nlohmann::json({{"found", true}, {"items", 4}}));
}

TEST_CASE(
    "schema 3: a load that outgrows the value cache goes on through the "
    "unique index, every value once") {
  // The test hook shrinks the cache to 4096 slots: it holds 2867 values,
  // then lets them go mid-load; the second run starts with more values in
  // the store than it reads in (1024) and interns through the index from
  // the start.
  test::TempDir tmp;
  auto backup = [&](const std::string& file, int first, int count) {
    bg::DatabaseSpec db;
    db.name = file;
    bg::TableContents t;
    t.spec.name = "People";
    t.spec.columns = {bg::Column("Email", "varchar(80)"),
                      bg::Column("Notes", "nvarchar(200)")};
    for (int i = first; i < first + count; ++i) {
      // Each address twice (the second time after the cache let go of it).
      const int k = i % (count / 2) + first;
      t.rows.push_back({"User" + std::to_string(k) + "@Example.org",
                        "cc note" + std::to_string(k % 700) + "@notes.test"});
    }
    bg::write_database(tmp.file(file + ".bak"), db, {t});
    return tmp.file(file + ".bak");
  };
  fs::path store = tmp.path / "case.db";
  ::setenv("LEAKSCOPE_TEST_INTERN_SLOTS", "4096", 1);
  int first = test::run_binary(
      {"ingest", backup("one", 0, 8000), "--store", store.string()});
  int second = test::run_binary(
      {"ingest", backup("two", 2000, 8000), "--store", store.string()});
  ::unsetenv("LEAKSCOPE_TEST_INTERN_SLOTS");
  REQUIRE(first == 0);
  REQUIRE(second == 0);
  // user0..user3999 and user2000..user5999: 6000 addresses; note0..699.
  CHECK(
      query(store,
            "SELECT COUNT(*), COUNT(DISTINCT value) FROM finding_values "
            "WHERE type='email'") ==
      std::vector<std::string>{"COUNT(*)|COUNT(DISTINCT value)", "6700|6700"});
  // Every row's value column points at its own address, case-folded.
  for (const char* t : {"sql_rows_1", "sql_rows_2"})
    CHECK(query(store, std::string("SELECT COUNT(*) FROM ") + t +
                           " r JOIN finding_values v ON v.id=r._v0 WHERE "
                           "v.value=lower(r.c0)") ==
          std::vector<std::string>{"COUNT(*)", "8000"});
  CHECK(query(store,
              "SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND "
              "name='finding_values_key'") ==
        std::vector<std::string>{"COUNT(*)", "1"});
  CHECK(nlohmann::json::parse(
            test::run_leakscope("lookup --store " + store.string() +
                                " --json user2500@example.org")) ==
        nlohmann::json({{"found", true}, {"items", 4}}));
}

TEST_CASE("schema 3: --owner reaches SQL as a value, quotes and all") {
  test::TempDir tmp;
  bg::write_database(tmp.file("crm.bak"), bg::crm_database(),
                     bg::crm_tables(1));
  fs::path store = tmp.path / "case.db";
  REQUIRE(test::run_binary(
              {"ingest", tmp.file("crm.bak"), "--store", store.string()}) == 0);
  fs::path out = tmp.path / "r";
  for (const std::string owner :
       {"o'brien.com", "x' OR '1'='1", "contoso.de"}) {
    CAPTURE(owner);
    REQUIRE(test::run_binary({"report", "--store", store.string(), "--out",
                              out.string(), "--format", "json", "--owner",
                              owner}) == 0);
    nlohmann::json r;
    std::ifstream(out / "report.json") >> r;
    CHECK(r["owner"]["domain"] == lower(owner));
    if (owner == "contoso.de") {
      // 9 distinct contoso.de addresses in 10 rows of the CRM sample.
      CHECK(r["owner"]["addresses"] == 9);
      CHECK(r["owner"]["items"] == 10);
    } else {
      CHECK(r["owner"]["addresses"] == 0);
      CHECK(r["owner"]["items"] == 0);
    }
  }
}

namespace {

// Every catalogued table with every row, every finding with where it is,
// and the figures of report.json: what a run must leave, whatever ids the
// store gave.
std::string content(const fs::path& db, const fs::path& scratch) {
  std::string out;
  for (const auto& line : query(db,
                                "SELECT s.path, t.full_name, t.view_name, "
                                "t.rows, t.deleted_rows, s.status, s.sha256 "
                                "FROM sql_tables t JOIN sources s ON "
                                "s.id=t.source_id ORDER BY 1, 2"))
    out += line + "\n";
  for (const auto& line :
       query(db, "SELECT view_name FROM sql_tables ORDER BY 1")) {
    if (line == "view_name") continue;
    std::string quoted = "\"";
    for (char c : line)
      quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    auto rows =
        query(db, "SELECT * FROM " + quoted + " ORDER BY leakscope_row");
    out += line + ": " + std::to_string(rows.size()) + " lines, hash " +
           std::to_string(std::hash<std::string>()([&] {
             std::string all;
             for (const auto& r : rows) all += r + "\n";
             return all;
           }())) +
           "\n";
  }
  for (const auto& line :
       query(db,
             "SELECT s.path, i.locator, f.type, f.value, f.field, f.sql_row, "
             "f.sql_column, f.start, f.end, f.confidence, f.detector, "
             "f.evidence, f.country FROM findings f JOIN items i ON "
             "i.id=f.item_id JOIN sources s ON s.id=i.source_id ORDER BY "
             "1, 2, 6, 7, 3, 4"))
    out += line + "\n";
  for (const auto& line :
       query(db,
             "SELECT i.kind, i.locator, (SELECT group_concat(name||'='||value, "
             "'|') FROM item_fields f WHERE f.item_id=i.id) FROM items i ORDER "
             "BY 2"))
    out += line + "\n";
  fs::path rep = scratch / "report";
  REQUIRE(test::run_binary({"report", "--store", db.string(), "--out",
                            rep.string(), "--format", "json",
                            "--reference-date", "2026-01-01"}) == 0);
  nlohmann::json r;
  std::ifstream(rep / "report.json") >> r;
  out += r["counts"].dump() + "\n" + r["by_source"].dump() + "\n" +
         r["categories"].dump() + "\n" + r["countries"].dump() + "\n";
  return out;
}

}  // namespace

TEST_CASE(
    "schema 3: ingest killed with SIGKILL during large backups, then run "
    "again, leaves what an uninterrupted run leaves") {
  test::TempDir tmp;
  fs::path ev = tmp.path / "evidence";
  fs::create_directories(ev);
  // About 100 MB of narrow rows and 20 MB of CRM-shaped ones: several
  // batch commits inside each.
  bg::write_bench((ev / "events.bak").string(), 2500000, 7,
                  bg::OutputFormat::kBackup);
  bg::write_wide_bench((ev / "customers.bak").string(), 60000, 7,
                       bg::OutputFormat::kBackup);
  bg::write_database((ev / "crm.bak").string(), bg::crm_database(),
                     bg::crm_tables(3));
  fs::path ref = tmp.path / "ref.db";
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(test::run_binary({"ingest", ev.string(), "--store", ref.string(),
                            "--jobs", "2"}) == 0);
  // Kills land within the time an uninterrupted run takes.
  const auto run_ms = std::max<int64_t>(
      200, std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now() - t0)
               .count());
  const std::string expected = content(ref, tmp.path);
  CHECK(query(ref, "SELECT SUM(rows) FROM sql_tables")[1] ==
        std::to_string(2500000 + 60000 + 67));

  fs::path killed = tmp.path / "killed.db";
  std::mt19937 rng(20261204);
  int interrupted = 0, left_unfinished = 0;
  // Each attempt goes on from what the one before left. An attempt that
  // finished before its kill leaves nothing to resume: the store is then
  // started again and the next kills come sooner. At least five attempts,
  // more (up to twenty-five) until the last one was cut short and one of them
  // left a source half written (committed batches of a source that the
  // next run must remove).
  int64_t delay_ms = run_ms;
  bool last_interrupted = false;
  for (int attempt = 0;
       attempt < 25 && (attempt < 5 || !last_interrupted || !left_unfinished);
       ++attempt) {
    pid_t pid;
    test::run_binary(
        {"ingest", ev.string(), "--store", killed.string(), "--jobs", "2"},
        &pid);
    std::this_thread::sleep_for(std::chrono::milliseconds(
        delay_ms / 4 +
        static_cast<int64_t>(rng() % static_cast<uint64_t>(delay_ms))));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    last_interrupted = WIFSIGNALED(status);
    interrupted += last_interrupted;
    if (!last_interrupted) {
      for (const char* ext : {"", "-journal", "-wal", "-shm"})
        fs::remove(killed.string() + ext);
      delay_ms = std::max<int64_t>(100, delay_ms / 2);
      continue;
    }
    if (fs::exists(killed) &&
        query(killed,
              "SELECT COUNT(*) FROM sqlite_master WHERE name='sources'")[1] ==
            "1" &&
        query(killed,
              "SELECT COUNT(*) FROM sources WHERE status='ingesting'")[1] !=
            "0")
      ++left_unfinished;
  }
  // Outside kills depend on timing (a loaded machine may never land one
  // inside a source's batches): if none did, the run starts again from an
  // empty store and the writer's test hook kills it right after its first
  // commit inside a source.
  if (!left_unfinished) {
    for (const char* ext : {"", "-journal", "-wal", "-shm"})
      fs::remove(killed.string() + ext);
    ::setenv("LEAKSCOPE_TEST_KILL_AFTER_COMMIT", "1", 1);
    const int rc = test::run_binary(
        {"ingest", ev.string(), "--store", killed.string(), "--jobs", "2"});
    ::unsetenv("LEAKSCOPE_TEST_KILL_AFTER_COMMIT");
    last_interrupted = rc == -1;
    interrupted += last_interrupted;
    if (query(killed,
              "SELECT COUNT(*) FROM sources WHERE status='ingesting'")[1] !=
        "0")
      ++left_unfinished;
  }
  // The runs were cut short, and at least once with a source half written
  // (committed batches of a source that then had to be removed).
  CHECK(last_interrupted);
  CHECK(interrupted >= 1);
  CHECK(left_unfinished >= 1);
  // A killed store opens for reading as it is (its hot journal rolled
  // back first).
  CHECK(test::run_binary({"tables", "--store", killed.string()}) == 0);
  REQUIRE(test::run_binary({"ingest", ev.string(), "--store", killed.string(),
                            "--jobs", "2"}) == 0);
  CHECK(query(killed,
              "SELECT COUNT(*) FROM sources WHERE status='ingesting'")[1] ==
        "0");
  std::string got = content(killed, tmp.path);
  CHECK(got.size() == expected.size());
  CHECK(got == expected);
}
