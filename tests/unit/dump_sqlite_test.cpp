// SQLite database files found in evidence (parsers/dump/sqlite_file): the
// corpus's Chinook database gives `sqlite3`'s row counts, the same counts
// as the pg_dump of the same data; hostile files (views and triggers,
// quoted names, damage) are read without running anything.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <random>

#include "leakscope/format.hpp"
#include "sqlite_file.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

TEST_CASE("sqlite: the corpus's Chinook database, table by table") {
  if (!test::have_corpus("dump")) {
    MESSAGE("../shared/corpus/dump is absent: skipped");
    return;
  }
  const fs::path file = test::corpus_dir() / "dump" /
                        "lerocha-chinook-database__Chinook_Sqlite.sqlite";
  test::TempDir tmp;
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary(
              {"ingest", file.string(), "--store", store.string()}) == 0);
  CHECK(test::sql_strings(store,
                          "SELECT name || ' ' || rows FROM sql_tables ORDER "
                          "BY name") ==
        std::vector<std::string>{
            "Album 347", "Artist 275", "Customer 59", "Employee 8", "Genre 25",
            "Invoice 412", "InvoiceLine 2240", "MediaType 5", "Playlist 18",
            "PlaylistTrack 8715", "Track 3503"});
  // The file was read, never written: its hash is unchanged.
  CHECK(
      test::sql_strings(store, "SELECT sha256 FROM sources") ==
      std::vector<std::string>{
          "7651ba378ac2fcd0dfc3c66fb101f7a7eed3ba39a612ec642b96e20702061f15"});
  // In memory too (an attachment, an archive entry): the same rows.
  const std::string bytes = test::read_file(file);
  CHECK(identify(bytes.substr(0, 65536)) == "sqlite");
  std::map<std::string, int> rows;
  std::string current;
  dump::SqliteCallbacks cb;
  cb.on_table = [&](const std::string& t, const auto&) {
    current = t;
    return true;
  };
  cb.on_row = [&](int64_t, auto) { ++rows[current]; };
  CHECK(dump::read_sqlite("", bytes, cb).empty());
  CHECK(rows["Track"] == 3503);
  CHECK(rows["PlaylistTrack"] == 8715);
}

TEST_CASE("sqlite: views, triggers and hostile names are never run") {
  test::TempDir tmp;
  const fs::path db = tmp.path / "evil.sqlite";
  {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.string().c_str(), &h) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h,
                         "CREATE TABLE \"we\"\"ird; DROP TABLE x\"(id INTEGER "
                         "PRIMARY KEY, email TEXT, data BLOB);"
                         "INSERT INTO \"we\"\"ird; DROP TABLE x\" VALUES (1, "
                         "'a@example.org', x'00ff'), (2, NULL, NULL);"
                         "CREATE TABLE log(t TEXT);"
                         "CREATE TRIGGER tr AFTER INSERT ON log BEGIN INSERT "
                         "INTO log VALUES('x'); END;"
                         "CREATE VIEW v AS SELECT * FROM log;",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
  }
  std::vector<std::string> tables;
  std::vector<std::vector<int>> kinds;
  dump::SqliteCallbacks cb;
  cb.on_table = [&](const std::string& t, const auto&) {
    tables.push_back(t);
    return true;
  };
  cb.on_row = [&](int64_t rowid, std::span<const SqlValue> v) {
    std::vector<int> k = {static_cast<int>(rowid)};
    for (const auto& x : v) k.push_back(static_cast<int>(x.kind));
    kinds.push_back(k);
  };
  CHECK(dump::read_sqlite(db.string(), "", cb).empty());
  CHECK(tables == std::vector<std::string>{"we\"ird; DROP TABLE x", "log"});
  // id, email, data: integer, text, bytes; then NULLs.
  CHECK(kinds == std::vector<std::vector<int>>{{1, 1, 4, 5}, {2, 1, 0, 0}});
  // Damaged copies: never a crash, damage named.
  const std::string bytes = test::read_file(db);
  std::mt19937 rng(4);
  int reported = 0;
  for (int k = 0; k < 20; ++k) {
    std::string b =
        k < 10 ? bytes.substr(0, bytes.size() * (k + 1) / 11) : bytes;
    if (k >= 10)
      for (int f = 0; f < 16; ++f)
        b[rng() % b.size()] ^= static_cast<char>(1u << (rng() % 8));
    dump::SqliteCallbacks quiet;
    if (!dump::read_sqlite("", b, quiet).empty()) ++reported;
  }
  MESSAGE(reported << " of 20 damaged copies reported damage");
  CHECK(reported == 10);
}
