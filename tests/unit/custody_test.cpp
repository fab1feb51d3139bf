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
#include "util/sha256.hpp"

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
  CHECK(test::sql_strings(db, "SELECT event FROM custody ORDER BY id") ==
        std::vector<std::string>{"run_start", "source", "source", "run_end"});
  std::string last;
  for (const auto& at :
       test::sql_strings(db, "SELECT at FROM custody ORDER BY id")) {
    CAPTURE(at);
    CHECK(std::regex_match(at, iso));
    CHECK(at >= before);
    CHECK(at <= after);
    CHECK(at >= last);
    last = at;
  }
  // The run's own times, to the second.
  const auto started = test::sql_strings(db, "SELECT started FROM runs");
  const auto finished = test::sql_strings(db, "SELECT finished FROM runs");
  REQUIRE(started.size() == 1);
  REQUIRE(finished.size() == 1);
  const std::regex iso_s(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  CHECK(std::regex_match(started[0], iso_s));
  CHECK(std::regex_match(finished[0], iso_s));
  CHECK(started[0] >= before.substr(0, 19));
  CHECK(finished[0] <= after.substr(0, 19) + "Z");
  CHECK(test::sql_strings(db, "SELECT tool_version FROM runs") ==
        std::vector<std::string>{LEAKSCOPE_VERSION});
}

TEST_CASE(
    "custody: verify checks the hash chain and reports the first "
    "broken link") {
  test::TempDir tmp;
  fs::path ev = evidence(tmp);
  fs::path db = tmp.path / "case.db";
  REQUIRE(test::run_binary({"ingest", ev.string(), "--store", db.string()}) ==
          0);
  auto head = test::sql_strings(
      db, "SELECT hash FROM custody ORDER BY id DESC LIMIT 1");
  REQUIRE(head.size() == 1);
  {
    test::Captured v = test::run_capture({"verify", "--store", db.string()});
    CHECK(v.status == 0);
    CHECK(v.out == "custody: 4 links intact, head " + head[0] +
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
  SUBCASE("a link forged with a hash recomputed as STORE.md describes") {
    // The forger changes link 2's detail and recomputes its hash from the
    // documented canonical bytes; link 3 still names the old hash.
    auto field = [&](const std::string& col) {
      return test::sql_strings(
          db, "SELECT COALESCE(" + col + ",'') FROM custody WHERE id=2")[0];
    };
    std::string canon;
    for (const std::string& f :
         {std::string("2"), field("run_id"), field("at"), field("event"),
          field("path"), field("size"), field("sha256"),
          std::string("nothing happened")})
      canon += std::to_string(f.size()) + ":" + f + ";";
    const std::string forged = Sha256::hex(field("prev_hash") + "\n" + canon);
    CHECK(tamper(db,
                 "DROP TRIGGER custody_no_update; UPDATE custody SET "
                 "detail='nothing happened', hash='" +
                     forged + "' WHERE id=2") == "");
    test::Captured v = test::run_capture({"verify", "--store", db.string()});
    CHECK(v.status == 1);
    CHECK(v.out.rfind("custody: broken at link 3 of 4: prev_hash is not the "
                      "hash of link 2\n",
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
