// Chain of custody: timestamps are real values (ISO 8601, within the run,
// in order), the record is a hash chain that verify checks link by link,
// and each way of altering it (rewriting a link, deleting one, replacing
// one, editing a source's hash) is reported exactly.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "leakscope/store.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace leakscope;

namespace {

// Runs `sql` on the store with the plain SQLite API (what an attacker with
// sqlite3 does); returns SQLite's error message, "" on success.
std::string tamper(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  char* err = nullptr;
  std::string msg;
  if (sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK)
    msg = err ? err : "error";
  sqlite3_free(err);
  sqlite3_close(h);
  return msg;
}

std::vector<std::vector<std::string>> rows(const fs::path& db,
                                           const std::string& sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  std::vector<std::vector<std::string>> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::vector<std::string> r;
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const unsigned char* t = sqlite3_column_text(st, c);
      r.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
    }
    out.push_back(r);
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

std::string utc_now_ms() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
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

// A small evidence folder: two mail files.
fs::path evidence(test::TempDir& tmp) {
  fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  std::ofstream(ev / "a.eml")
      << "From: anna@contoso.com\r\nTo: "
         "bob@fabrikam.com\r\nSubject: one\r\n\r\nhi\r\n";
  std::ofstream(ev / "b.eml")
      << "From: carl@contoso.com\r\nTo: "
         "dora@fabrikam.com\r\nSubject: two\r\n\r\nyo\r\n";
  return ev;
}

}  // namespace

TEST_CASE("custody: timestamps are ISO 8601 values within the run, in order") {
  test::TempDir tmp;
  fs::path ev = evidence(tmp);
  fs::path db = tmp.path / "case.db";
  const std::string before = utc_now_ms();
  REQUIRE(test::run_binary({"ingest", ev.string(), "--store", db.string()}) ==
          0);
  const std::string after = utc_now_ms();
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  auto links = rows(db, "SELECT id, at, event FROM custody ORDER BY id");
  REQUIRE(links.size() == 4);  // run_start, two sources, run_end
  CHECK(links[0][2] == "run_start");
  CHECK(links[3][2] == "run_end");
  std::string last;
  for (const auto& l : links) {
    CAPTURE(l[1]);
    CHECK(std::regex_match(l[1], iso));
    CHECK(l[1] >= before);
    CHECK(l[1] <= after);
    CHECK(l[1] >= last);
    last = l[1];
  }
  // The run's own times, to the second.
  auto run = rows(db, "SELECT started, finished, tool_version FROM runs");
  REQUIRE(run.size() == 1);
  const std::regex iso_s(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  CHECK(std::regex_match(run[0][0], iso_s));
  CHECK(std::regex_match(run[0][1], iso_s));
  CHECK(run[0][0] >= before.substr(0, 19));
  CHECK(run[0][1] <= after.substr(0, 19) + "Z");
  CHECK(run[0][2] == LEAKSCOPE_VERSION);
}

TEST_CASE(
    "custody: verify checks the hash chain and reports the first "
    "broken link") {
  test::TempDir tmp;
  fs::path ev = evidence(tmp);
  fs::path db = tmp.path / "case.db";
  REQUIRE(test::run_binary({"ingest", ev.string(), "--store", db.string()}) ==
          0);
  auto head = rows(db, "SELECT hash FROM custody ORDER BY id DESC LIMIT 1");
  REQUIRE(head.size() == 1);
  {
    test::Captured v = test::run_capture({"verify", "--store", db.string()});
    CHECK(v.status == 0);
    CHECK(v.out == "custody: 4 links intact, head " + head[0][0] +
                       "\n2 verified, 0 changed, 0 missing\n");
  }
  // Replacing a link is refused outright.
  CHECK(
      tamper(db,
             "INSERT OR REPLACE INTO custody(id,run_id,at,event,prev_hash,"
             "hash) VALUES(2,1,'2020-01-01T00:00:00.000Z','source','x','y')") ==
      "custody is append-only");

  SUBCASE("a link rewritten behind the triggers' back") {
    CHECK(tamper(db,
                 "DROP TRIGGER custody_no_update; UPDATE custody SET "
                 "detail='nothing happened' WHERE id=2") == "");
    test::Captured v = test::run_capture({"verify", "--store", db.string()});
    CHECK(v.status == 1);
    CHECK(v.out.rfind("custody: broken at link 2 of 4: hash does not match "
                      "the link's contents\n",
                      0) == 0);
  }
  SUBCASE("a link deleted") {
    CHECK(tamper(db,
                 "DROP TRIGGER custody_no_delete; DELETE FROM custody WHERE "
                 "id=3") == "");
    test::Captured v =
        test::run_capture({"verify", "--store", db.string(), "--json"});
    CHECK(v.status == 1);
    auto j = nlohmann::json::parse(v.out);
    CHECK(j["custody"]["intact"] == false);
    CHECK(j["custody"]["broken_at"] == 4);
    CHECK(j["custody"]["problem"] ==
          "link 3 is missing (the chain goes on at 4)");
  }
  SUBCASE("a whole link forged with a recomputed hash of its own") {
    // The forger rewrites link 2 and its hash, but link 3 still names the
    // old hash as its predecessor.
    auto l2 = rows(db, "SELECT hash FROM custody WHERE id=2");
    CHECK(tamper(db,
                 "DROP TRIGGER custody_no_update; UPDATE custody SET "
                 "hash='" +
                     std::string(64, 'a') + "' WHERE id=2") == "");
    test::Captured v = test::run_capture({"verify", "--store", db.string()});
    CHECK(v.status == 1);
    CHECK(v.out.rfind("custody: broken at link 2 of 4: hash does not match",
                      0) == 0);
  }
  SUBCASE("a source's recorded hash edited") {
    CHECK(tamper(db, "UPDATE sources SET sha256='" + std::string(64, '0') +
                         "' WHERE path LIKE '%a.eml'") == "");
    test::Captured v =
        test::run_capture({"verify", "--store", db.string(), "--json"});
    CHECK(v.status == 1);
    auto j = nlohmann::json::parse(v.out);
    CHECK(j["custody"]["intact"] == true);
    REQUIRE(j["problems"].size() == 2);  // the record, and the file itself
    CHECK(j["problems"][0]["problem"] == "record altered");
    CHECK(j["problems"][0]["path"].get<std::string>().ends_with("/a.eml"));
    CHECK(j["problems"][1]["problem"] == "changed");
  }
}
