// End-to-end through the leakscope binary: ingest into a store, re-run
// (resume), SIGKILL at arbitrary moments and re-run, report.json.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "leakscope/store.hpp"
#include "store/statement.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace leakscope;

namespace {

std::string message(int i, bool with_id = true) {
  std::ostringstream m;
  m << "From: Sender " << i << " <sender" << i % 7 << "@Example.COM>\r\n"
    << "To: r" << i % 11 << "@customer" << i % 5 << ".de, shared@vendor.com\r\n"
    << "Subject: Offer " << i << "\r\n"
    << "Date: Tue, 1 Jul 2014 10:52:37 +0200\r\n";
  if (with_id) m << "Message-ID: <m" << i << "@example.com>\r\n";
  m << "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
    << "--b\r\nContent-Type: text/plain\r\n\r\nHello " << i << "\r\n"
    << "--b\r\nContent-Type: application/octet-stream; name=\"f" << i % 13
    << ".bin\"\r\n\r\n"
    << "payload " << i % 13 << "\r\n--b--\r\n";
  return m.str();
}

// Writes an exposure: n .eml files, 5 exact duplicates, an mbox of 20.
void make_exposure(const fs::path& dir, int n) {
  for (int i = 0; i < n; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%05d.eml", i);
    test::write_file(dir / "inbox" / name, message(i));
  }
  for (int i = 0; i < 5; ++i)
    test::write_file(dir / "copies" / (std::to_string(i) + ".eml"), message(i));
  std::string box;
  for (int i = 0; i < 20; ++i)
    box += "From someone Mon Jan  1 00:00:00 2001\n" + message(2000 + i) + "\n";
  test::write_file(dir / "archive.mbox", box);
  test::write_file(dir / "notes.bin", std::string("\x01\x02\x03\x00\xFF", 5));
}

int run(const std::vector<std::string>& args, pid_t* out_pid = nullptr) {
  return test::run_binary(args, out_pid);
}

// Everything a store holds about its items, independent of row ids.
std::string dump(const fs::path& db_path) {
  auto store = Store::open(db_path.string(), true);
  Statement st(*store,
               "SELECT s.path, i.kind, i.locator, COALESCE(i.title,''), "
               "COALESCE(i.sha256,''), i.size, COALESCE(p.locator,''), "
               "(SELECT group_concat(name||'='||value, '|') FROM item_fields f "
               "WHERE f.item_id=i.id), s.sha256, s.status "
               "FROM items i JOIN sources s ON s.id=i.source_id "
               "LEFT JOIN items p ON p.id=i.parent_id ORDER BY 1,3,2");
  std::string out;
  while (st.step()) {
    for (int c = 0; c < 10; ++c) out += st.text(c) + "\t";
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("ingest, report, resume and SIGKILL recovery") {
  test::TempDir tmp;
  fs::path ev = tmp.path / "evidence";
  make_exposure(ev, 1500);
  fs::path ref = tmp.path / "ref.db";
  REQUIRE(run({"ingest", ev.string(), "--store", ref.string(), "--jobs",
               "2"}) == 0);

  auto store = Store::open(ref.string(), true);
  CHECK(StoreSql::scalar(*store, "SELECT COUNT(*) FROM sources") == 1507);
  CHECK(StoreSql::scalar(*store,
                         "SELECT COUNT(*) FROM sources WHERE kind='message'") ==
        1505);
  CHECK(StoreSql::scalar(
            *store, "SELECT COUNT(*) FROM sources WHERE kind='mbox'") == 1);
  CHECK(StoreSql::scalar(
            *store, "SELECT COUNT(*) FROM sources WHERE kind='unknown'") == 1);
  CHECK(StoreSql::scalar(
            *store, "SELECT COUNT(*) FROM items WHERE kind='message'") == 1525);
  CHECK(StoreSql::scalar(
            *store, "SELECT COUNT(*) FROM items WHERE kind='attachment'") ==
        1525);
  CHECK(StoreSql::scalar(*store,
                         "SELECT COUNT(*) FROM custody WHERE event='source'") ==
        1507);
  CHECK(StoreSql::scalar(*store, "SELECT version FROM schema_version") ==
        kSchemaVersion);
  // Locators name the mbox member.
  CHECK(StoreSql::scalar(*store,
                         "SELECT COUNT(*) FROM items WHERE locator="
                         "'evidence/archive.mbox#msg=20'") == 1);
  // Text is stored compressed and reads back.
  int64_t id = StoreSql::scalar(
      *store, "SELECT id FROM items WHERE locator='evidence/inbox/00042.eml'");
  CHECK(store->item_text(id) == "Hello 42");

  // report.json
  fs::path out = tmp.path / "report";
  REQUIRE(run({"report", "--store", ref.string(), "--out", out.string()}) == 0);
  nlohmann::json r;
  std::ifstream(out / "report.json") >> r;
  CHECK(r["schema"] == "leakscope.report/1");
  CHECK(r["sources"]["files"] == 1507);
  CHECK(r["sources"]["unreadable"] == 0);
  CHECK(r["sources"]["by_kind"]["message"] == 1505);
  CHECK(r["counts"]["messages"]["raw"] == 1525);
  CHECK(r["counts"]["messages"]["unique"] == 1520);
  CHECK(r["counts"]["attachments"]["raw"] == 1525);
  CHECK(r["counts"]["attachments"]["unique"] == 13);
  // Each message: one From, two To.
  CHECK(r["counts"]["email_addresses"]["raw"] == 1525 * 3);
  // 7 senders, 55 (i%11, i%5) recipients, one shared address.
  CHECK(r["counts"]["email_addresses"]["unique"] == 7 + 55 + 1);

  // A second run skips everything and changes nothing.
  std::string before = dump(ref);
  REQUIRE(run({"ingest", ev.string(), "--store", ref.string()}) == 0);
  CHECK(dump(ref) == before);
  CHECK(StoreSql::scalar(*store, "SELECT COUNT(*) FROM runs") == 2);

  // Killed at arbitrary moments, then re-run: the same items.
  fs::path killed = tmp.path / "killed.db";
  std::mt19937 rng(42);
  for (int attempt = 0; attempt < 6; ++attempt) {
    pid_t pid;
    run({"ingest", ev.string(), "--store", killed.string(), "--jobs", "2"},
        &pid);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 250));
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
  }
  REQUIRE(run({"ingest", ev.string(), "--store", killed.string(), "--jobs",
               "2"}) == 0);
  CHECK(dump(killed) == before);
}

TEST_CASE("custody is append-only") {
  test::TempDir tmp;
  auto store = Store::open((tmp.path / "c.db").string());
  int64_t run_id = store->begin_run("test");
  store->end_run(run_id, "ok");
  CHECK(StoreSql::scalar(*store, "SELECT COUNT(*) FROM custody") == 2);
  CHECK_THROWS_WITH_AS(StoreSql::exec(*store, "DELETE FROM custody"),
                       doctest::Contains("custody is append-only"),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(StoreSql::exec(*store, "UPDATE custody SET event='x'"),
                       doctest::Contains("custody is append-only"),
                       std::runtime_error);
}

TEST_CASE("exit codes: usage errors are 2, unreadable inputs are 1") {
  test::TempDir tmp;
  CHECK(run({}) == 2);
  CHECK(run({"frobnicate"}) == 2);
  CHECK(run({"ingest", "--store", (tmp.path / "x.db").string()}) == 2);
  CHECK(run({"ingest", (tmp.path / "does-not-exist").string(), "--store",
             (tmp.path / "x.db").string()}) == 1);
}

TEST_CASE("samples/ ingests to exactly the generator's ground truth") {
  if (!fs::exists("samples/MANIFEST.json")) {
    MESSAGE("skipped: samples/MANIFEST.json absent (run scripts/gen-samples)");
    return;
  }
  nlohmann::json truth;
  std::ifstream("samples/MANIFEST.json") >> truth;
  test::TempDir tmp;
  fs::path db = tmp.path / "case.db";
  REQUIRE(run({"ingest", "samples/mail", "--store", db.string()}) == 0);
  fs::path out = tmp.path / "r";
  REQUIRE(run({"report", "--store", db.string(), "--out", out.string()}) == 0);
  nlohmann::json r;
  std::ifstream(out / "report.json") >> r;
  CHECK(r["counts"]["messages"] == truth["counts"]["messages"]);
  CHECK(r["counts"]["attachments"] == truth["counts"]["attachments"]);
  CHECK(r["counts"]["email_addresses"]["in_headers"] ==
        truth["counts"]["email_addresses"]);
  // Addresses in bodies and documents too: every header address, and 23
  // in the text (76 occurrences), of which one appears in no header. Four
  // of the occurrences are in the two copies of "Maßnahmenplan Rollout
  // 2019.txt" inside a winmail.dat (a text file with no declared type, read
  // since plain text files are documents).
  CHECK(r["counts"]["email_addresses"]["in_text"] ==
        nlohmann::json({{"raw", 76}, {"unique", 23}}));
  // And in the CSV exports attached as application/vnd.ms-excel (read as
  // tables since data dumps go into the typed-table path): the three
  // addresses of contacts-contoso.de.csv, one of them in no header or text.
  CHECK(r["counts"]["email_addresses"]["in_sql"] ==
        nlohmann::json({{"raw", 3}, {"unique", 3}}));
  CHECK(r["counts"]["email_addresses"]["raw"] == 120 + 76 + 3);
  CHECK(r["counts"]["email_addresses"]["unique"] == 32);
  // Seven CSV attachments under five names (two sent twice): 51 rows, 35
  // distinct (a row is unique by its table's name and its values).
  CHECK(r["counts"]["sql"]["database_copies"] == 7);
  CHECK(r["counts"]["sql"]["databases"] == 5);
  CHECK(r["counts"]["sql"]["tables"] == 5);
  CHECK(r["counts"]["sql"]["rows"] ==
        nlohmann::json({{"raw", 51}, {"unique", 35}}));
  CHECK(r["sources"]["files"] == truth["files"]);
  CHECK(r["sources"]["damaged"] == 0);
  CHECK(r["sources"]["by_kind"]["mbox"] == 1);
  CHECK(r["sources"]["by_kind"]["zstd:message"] == 1);
  // Subjects and attachment names of every top-level .eml, decoded.
  auto store = Store::open(db.string(), true);
  for (const auto& m : truth["by_message"]) {
    std::string loc = "mail/" + m["path"].get<std::string>().substr(5);
    CAPTURE(loc);
    Statement st(*store, "SELECT id, title FROM items WHERE locator=?");
    st.bind(1, loc);
    REQUIRE(st.step());
    CHECK(st.text(1) == m["subject"].get<std::string>());
    Statement a(*store,
                "SELECT title FROM items WHERE parent_id=? AND "
                "kind='attachment' ORDER BY id");
    a.bind(1, st.integer(0));
    std::vector<std::string> names;
    while (a.step()) names.push_back(a.text(0));
    CHECK(names == m["attachments"].get<std::vector<std::string>>());
  }
}

TEST_CASE("a striped backup set is read as one database") {
  fs::path dir = "../shared/corpus/bak";
  if (!fs::exists(dir)) {
    MESSAGE("skipped: ../shared/corpus/bak is absent");
    return;
  }
  test::TempDir tmp;
  fs::path ev = tmp.path / "set";
  fs::create_directories(ev);
  for (const char* f : {"restoretimestripe_sql2008r2_stripe1of2_full.bak",
                        "restoretimestripe_sql2008r2_stripe2of2_full.bak"})
    fs::copy_file(dir / f, ev / f);
  fs::path db = tmp.path / "case.db";
  REQUIRE(run({"ingest", ev.string(), "--store", db.string()}) == 0);
  auto store = Store::open(db.string(), true);
  CHECK(StoreSql::scalar(
            *store, "SELECT COUNT(*) FROM items WHERE kind='sql_database'") ==
        1);
  CHECK(StoreSql::scalar(
            *store,
            "SELECT COUNT(*) FROM items WHERE kind='mssql_backup_stripe'") ==
        1);
  CHECK(
      StoreSql::scalar(*store,
                       "SELECT COUNT(*) FROM items WHERE kind='sql_table' AND "
                       "title='dbo.steps'") == 1);
  CHECK(StoreSql::scalar(
            *store, "SELECT COUNT(*) FROM sources WHERE kind='mssql_backup'") ==
        2);
  CHECK(StoreSql::scalar(*store,
                         "SELECT COUNT(*) FROM item_fields WHERE "
                         "name='stripe.files_present' AND "
                         "value='2'") == 1);
  // Re-running skips both files.
  REQUIRE(run({"ingest", ev.string(), "--store", db.string()}) == 0);
  CHECK(StoreSql::scalar(
            *store, "SELECT COUNT(*) FROM items WHERE kind='sql_database'") ==
        1);
}

TEST_CASE("info --json on SQL Server files: RESTORE HEADERONLY facts") {
  if (!fs::exists("../shared/corpus/bak")) {
    MESSAGE("skipped: ../shared/corpus/bak is absent");
    return;
  }
  auto nw = nlohmann::json::parse(test::run_leakscope(
      "info --json ../shared/corpus/bak/northwind_sql2019_full.bak"));
  CHECK(nw["kind"] == "mssql_backup");
  CHECK(nw["database"] == "Northwind");
  CHECK(nw["server"] == "DESKTOP-8G1N3T8");
  CHECK(nw["backup_type"] == "full");
  CHECK(nw["sql_server_version"] == "15.0.2080");
  CHECK(nw["database_version"] == 904);
  CHECK(nw["collation"] == "SQL_Latin1_General_CP1_CI_AS");
  CHECK(nw["backup_start"] == "2021-06-16T10:03:26+03:00");
  CHECK(nw["backup_finish"] == "2021-06-16T10:03:28+03:00");
  CHECK(nw["compatibility_level"] == 100);
  CHECK(nw["compressed"] == false);
  CHECK(nw["stripe"]["family_count"] == 1);
  CHECK(nw["stripe"]["media_set_id"] == "ab0b64bde4736b459cce54355e36b4ba");
  REQUIRE(nw["files"].size() == 2);
  CHECK(nw["files"][0]["logical_name"] == "Northwind");
  CHECK(nw["files"][0]["type"] == "D");
  CHECK(nw["files"][0]["physical_name"] ==
        "C:\\Program Files\\Microsoft SQL "
        "Server\\MSSQL15.MSSQLSERVER\\MSSQL\\DATA\\NORTHWND.MDF");
  CHECK(nw["files"][1]["logical_name"] == "Northwind_log");
  CHECK(nw["files"][1]["type"] == "L");

  auto log = nlohmann::json::parse(test::run_leakscope(
      "info --json ../shared/corpus/bak/ft1_sql2008r2_log.trn"));
  CHECK(log["backup_type"] == "log");
  CHECK(log["database"] == "ft1");
  CHECK(log["sql_server_version"] == "10.50.1600");

  auto diff = nlohmann::json::parse(test::run_leakscope(
      "info --json ../shared/corpus/bak/doublediff_sql2008r2_diff1.bak"));
  CHECK(diff["backup_type"] == "differential");

  auto s2 = nlohmann::json::parse(test::run_leakscope(
      "info --json "
      "../shared/corpus/bak/restoretimestripe_sql2008r2_stripe2of2_full.bak"));
  CHECK(s2["stripe"]["family_count"] == 2);
  CHECK(s2["stripe"]["family_sequence"] == 2);
  CHECK(s2["sql_server_version"] == "10.50.4042");

  auto mdf = nlohmann::json::parse(test::run_leakscope(
      "info --json ../shared/corpus/bak/pubs_sql2005_created2000.mdf"));
  CHECK(mdf["kind"] == "mssql_data_file");
  CHECK(mdf["database"] == "pubs");
  CHECK(mdf["database_version"] == 611);
  auto ldf = nlohmann::json::parse(test::run_leakscope(
      "info --json ../shared/corpus/bak/database1_localdb2012_log.ldf"));
  CHECK(ldf["kind"] == "mssql_log_file");
  auto cmp = nlohmann::json::parse(test::run_leakscope(
      "info --json ../shared/corpus/bak/tutorialdb_compressed.bak"));
  CHECK(cmp["compressed"] == true);
  CHECK(cmp["kind"] == "mssql_backup");
  CHECK(cmp["database"] == "TutorialDB");
  CHECK(cmp["sql_server_version"] == "13.0.1500");
  CHECK(cmp["database_version"] == 852);
}
