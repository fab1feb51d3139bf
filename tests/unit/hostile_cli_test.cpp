// Hostile input, the command line and names taken from the data: exit codes
// and messages exact, nothing created before the inputs are checked, no
// path built from a value that is not a domain name, addresses validated
// as RFC 5321/5322/1035 say, and a full disk never ending in a crash or a
// half-written output that looks complete.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bakgen/backup_writer.hpp"
#include "classify/address_syntax.hpp"
#include "classify/recognizers.hpp"
#include "test_support.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;
namespace bg = leakscope::bakgen;
using namespace leakscope;

namespace {

// A folder with one message between two organisations, ingested.
std::string small_store(const test::TempDir& tmp) {
  fs::create_directories(tmp.path / "ev");
  test::write_file(
      tmp.path / "ev" / "a.eml",
      "From: Anna Berg <anna@contoso.com>\r\nTo: bob@fabrikam.com\r\n"
      "Date: Tue, 2 Mar 2021 10:00:00 +0000\r\nSubject: hello\r\n\r\n"
      "hi\r\n");
  const std::string store = tmp.file("c.db");
  REQUIRE(test::run_binary({"ingest", tmp.file("ev"), "--store", store}) == 0);
  return store;
}

}  // namespace

TEST_CASE("hostile cli: --version prints one line and nothing else") {
  auto r = test::run_capture({"--version"});
  CHECK(r.status == 0);
  CHECK(r.out == "leakscope " LEAKSCOPE_VERSION "\n");
  CHECK(r.err.empty());
}

TEST_CASE(
    "cli: the parsing engine is loaded only by the commands that read "
    "evidence, from beside the executable") {
  // The executable itself links none of the document, phone or pattern
  // libraries (their dynamic linking cost a lookup 15 ms).
  FILE* pipe = ::popen(
      ("readelf -d " + std::string(LEAKSCOPE_BINARY) + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string elf;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) elf.append(buf, n);
  REQUIRE(::pclose(pipe) == 0);
  CHECK(elf.find("(NEEDED)") != std::string::npos);
  for (const char* lib : {"libpoppler", "libphonenumber", "libhs.", "libgsf",
                          "libxml2", "libzip"})
    CHECK_MESSAGE(elf.find(lib) == std::string::npos, lib);

  // A copy of the executable without the engine beside it: the store
  // commands work, ingest and info say which module is missing.
  test::TempDir tmp;
  const std::string store = small_store(tmp);
  fs::create_directories(tmp.path / "bin");
  const std::string copy = tmp.file("bin/leakscope");
  fs::copy_file(LEAKSCOPE_BINARY, copy);
  auto found = test::run_capture({"lookup", "--store", store, "contoso.com"}, 0,
                                 "", 0, 0, copy);
  CHECK(found.status == 0);
  CHECK(found.out == "yes (1 items)\n");
  const std::string engine = tmp.file("bin/leakscope-engine.so");
  for (const char* command : {"ingest", "info"}) {
    auto r = test::run_capture({command, tmp.file("ev")}, 0, "", 0, 0, copy);
    CHECK(r.status == 2);
    CHECK(r.err == "leakscope " + std::string(command) +
                       ": cannot load the parsing engine " + engine + ": " +
                       engine +
                       ": cannot open shared object file: No such file or "
                       "directory\n");
  }
}

TEST_CASE(
    "cli: notify --all writes its packs on two threads, reported in order, "
    "each as --org writes it") {
  test::TempDir tmp;
  fs::create_directories(tmp.path / "ev");
  const char* orgs[] = {"contoso.com", "fabrikam.com", "northwind.de",
                        "tailspin.fr"};
  for (int i = 0; i < 4; ++i)
    test::write_file(tmp.path / "ev" / (std::to_string(i) + ".eml"),
                     std::string("From: Anna Berg <anna@") + orgs[i] +
                         ">\r\nTo: bob@" + orgs[(i + 1) % 4] +
                         "\r\nDate: Tue, 2 Mar 2021 10:00:00 +0000\r\nSubject: "
                         "hello\r\n\r\nhi\r\n");
  const std::string store = tmp.file("c.db");
  REQUIRE(test::run_binary({"ingest", tmp.file("ev"), "--store", store}) == 0);
  auto all = test::run_capture({"notify", "--store", store, "--all", "--out",
                                tmp.file("all"), "--json"});
  REQUIRE(all.status == 0);
  std::vector<std::string> reported;
  std::istringstream lines(all.out);
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["event"] == "pack") reported.push_back(j["organization"]);
  }
  CHECK(reported == std::vector<std::string>(std::begin(orgs), std::end(orgs)));
  auto manifest = nlohmann::json::parse(
      test::read_file(tmp.path / "all" / "manifest.json"));
  REQUIRE(manifest["packs"].size() == 4);
  for (int i = 0; i < 4; ++i) {
    CHECK(manifest["packs"][i]["organization"] == orgs[i]);
    auto one = test::run_capture({"notify", "--store", store, "--org", orgs[i],
                                  "--out", tmp.file("one")});
    REQUIRE(one.status == 0);
    const std::string dir = manifest["packs"][i]["directory"];
    CHECK(test::read_file(tmp.path / "all" / dir / "items.jsonl") ==
          test::read_file(tmp.path / "one" / dir / "items.jsonl"));
    CHECK(!test::read_file(tmp.path / "all" / dir / "items.jsonl").empty());
  }
}

TEST_CASE("hostile cli: ingest of a path that does not exist creates nothing") {
  test::TempDir tmp;
  auto r = test::run_capture(
      {"ingest", "/nonexistent", "--store", tmp.file("c.db")});
  CHECK(r.status == 1);
  CHECK(r.err ==
        "leakscope ingest: /nonexistent: No such file or directory; nothing "
        "was ingested\n");
  CHECK(!fs::exists(tmp.file("c.db")));
}

TEST_CASE("hostile cli: merge checks every input before it creates a target") {
  test::TempDir tmp;
  const std::string store = small_store(tmp);
  auto r = test::run_capture(
      {"merge", store, tmp.file("missing.db"), "--into", tmp.file("t.db")});
  CHECK(r.status == 2);
  CHECK(r.err ==
        "leakscope merge: " + tmp.file("missing.db") + ": no such store\n");
  CHECK(!fs::exists(tmp.file("t.db")));
  // A file that is not a leakscope store is refused the same way.
  test::write_file(tmp.path / "notes.txt",
                   "not a database at all, just text\n");
  r = test::run_capture(
      {"merge", store, tmp.file("notes.txt"), "--into", tmp.file("t.db")});
  CHECK(r.status == 2);
  CHECK(r.err.find("leakscope merge: " + tmp.file("notes.txt") +
                   ": file is not a database") == 0);
  CHECK(!fs::exists(tmp.file("t.db")));
}

TEST_CASE("hostile cli: --reference-date must be a day of the calendar") {
  test::TempDir tmp;
  const std::string store = small_store(tmp);
  for (const char* bad :
       {"2021-99-99", "2021-02-29", "2021-04-31", "2021-00-10", "0000-01-01",
        "2021-1-01", "２０２１-01-01"}) {
    CAPTURE(bad);
    auto r = test::run_capture({"report", "--store", store, "--out",
                                tmp.file("r"), "--reference-date", bad});
    CHECK(r.status == 2);
    CHECK(r.err ==
          std::string("leakscope report: --reference-date wants a calendar "
                      "date as YYYY-MM-DD, got \"") +
              bad + "\"\n");
  }
  CHECK(!fs::exists(tmp.file("r")));
  auto ok =
      test::run_capture({"report", "--store", store, "--out", tmp.file("r"),
                         "--format", "json", "--reference-date", "2020-02-29"});
  CHECK(ok.status == 0);
}

TEST_CASE("hostile cli: dump-table names databases and tables with dots") {
  test::TempDir tmp;
  bg::DatabaseSpec db;
  db.name = "Shop.EU";
  bg::TableContents t;
  t.spec.schema = "sales.v2";
  t.spec.name = "Orders.2021";
  t.spec.columns = {bg::Column("Id", "int"), bg::Column("Item", "varchar(20)")};
  t.rows = {{"1", "tea"}, {"2", "cups"}};
  fs::create_directories(tmp.path / "ev");
  bg::write_database(tmp.file("ev/shop.bak"), db, {t});
  const std::string store = tmp.file("c.db");
  REQUIRE(test::run_binary({"ingest", tmp.file("ev"), "--store", store}) == 0);
  auto r = test::run_capture({"dump-table", "--store", store, "--table",
                              "Shop.EU.sales.v2.Orders.2021", "--out",
                              tmp.file("o.csv")});
  CHECK(r.status == 0);
  CHECK(r.err == "wrote 2 rows of Shop.EU.sales.v2.Orders.2021 to " +
                     tmp.file("o.csv") + "\n");
  const std::string csv = test::read_file(tmp.path / "o.csv");
  CAPTURE(csv);
  CHECK(csv.find("Id,Item,_deleted,_locator") == 0);
  CHECK(csv.find("1,tea,false,ev/shop.bak#db=Shop.EU/"
                 "table=sales.v2.Orders.2021/page=") != std::string::npos);
  r = test::run_capture({"dump-table", "--store", store, "--table",
                         "Shop.EU.sales.Orders", "--out", tmp.file("p.csv")});
  CHECK(r.status == 1);
  CHECK(r.err == "leakscope dump-table: no table Shop.EU.sales.Orders in " +
                     store + "\n");
}

TEST_CASE(
    "hostile cli: --org must be a domain name; no pack is written outside "
    "--out") {
  test::TempDir tmp;
  const std::string store = small_store(tmp);
  const std::string out = tmp.file("packs/inner");
  for (const char* bad :
       {"../../x", ".", "..", "a/b.com", "contoso.com/..", "-contoso.com",
        "contoso-.com", "contoso.jpg", "contoso", "x\x1b]52;c;aGk=\x07.com"}) {
    CAPTURE(bad);
    auto r = test::run_capture(
        {"notify", "--store", store, "--org", bad, "--out", out});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "leakscope notify: --org wants a registrable domain such as "
          "example.com, got \"" +
              printable(bad) + "\"\n");
  }
  CHECK(!fs::exists(tmp.path / "packs"));
  CHECK(!fs::exists(tmp.path / "x"));
  auto ok = test::run_capture(
      {"notify", "--store", store, "--org", "Contoso.COM", "--out", out});
  CHECK(ok.status == 0);
  CHECK(fs::exists(fs::path(out) / "contoso.com" / "items.jsonl"));
}

TEST_CASE(
    "hostile cli: a crafted address is no organisation, no directory and no "
    "government body") {
  test::TempDir tmp;
  fs::create_directories(tmp.path / "ev");
  test::write_file(
      tmp.path / "ev" / "a.eml",
      "From: carol@evil\"><svg/onload=alert(1)>.gov.uk\r\n"
      "To: dave@../../../tmp/x.gov.uk, eve@-evil.gov.uk, anna@contoso.com\r\n"
      "Subject: x\r\n\r\nmail carol@evil\"><svg/onload=alert(1)>.gov.uk\r\n");
  const std::string store = tmp.file("c.db");
  REQUIRE(test::run_binary({"ingest", tmp.file("ev"), "--store", store}) == 0);
  CHECK(test::sql_strings(store,
                          "SELECT DISTINCT value FROM findings WHERE "
                          "type='email' ORDER BY value") ==
        std::vector<std::string>{"anna@contoso.com"});
  auto n = test::run_capture(
      {"notify", "--store", store, "--all", "--out", tmp.file("n")});
  CHECK(n.status == 0);
  std::vector<std::string> dirs;
  for (const auto& e : fs::directory_iterator(tmp.path / "n"))
    dirs.push_back(e.path().filename().string());
  std::sort(dirs.begin(), dirs.end());
  CHECK(dirs == std::vector<std::string>{"contoso.com", "manifest.json"});
  auto r = test::run_capture(
      {"report", "--store", store, "--out", tmp.file("r"), "--format", "json"});
  CHECK(r.status == 0);
  const std::string report = test::read_file(tmp.path / "r" / "report.json");
  const auto j = nlohmann::json::parse(report);
  CHECK(j["counts"]["government"] ==
        nlohmann::json({{"contacts", 0}, {"organizations", 0}}));
  CHECK(j["counts"]["organizations"]["unique"] == 1);
  CHECK(report.find("svg") == std::string::npos);
}

TEST_CASE("hostile cli: addresses and domains as the RFCs define them") {
  using classify::normalize_email;
  // Not addresses: hyphens at a label's edge, an unknown top-level domain,
  // a local part over 64 octets, dots doubled, leading or trailing, a
  // domain that starts with a dot, a label over 63 octets, markup.
  for (const std::string& bad : std::vector<std::string>{
           "test@-nordwind.de", "test@example-.com", "test@example.jpg",
           std::string(65, 'a') + "@example.com", "foo..bar@example.com",
           "foo.@example.com", ".foo@example.com", "test@.example.com",
           "test@example..com", "x@" + std::string(64, 'a') + ".com",
           "c@evil\"><svg/onload=1>.gov.uk", "a@b/c.com", "x@localhost",
           "x@com"}) {
    CAPTURE(bad);
    CHECK(normalize_email(bad) == "");
  }
  CHECK(normalize_email("test+6@example.com") == "test+6@example.com");
  CHECK(normalize_email("test&12@example.com") == "test&12@example.com");
  CHECK(normalize_email("_Yosemite.Sam@Example.COM") ==
        "_yosemite.sam@example.com");
  CHECK(normalize_email(std::string(64, 'a') + "@example.com") ==
        std::string(64, 'a') + "@example.com");
  CHECK(normalize_email("it@corp.local") == "it@corp.local");
  CHECK(normalize_email("a@xn--p1ai.xn--p1ai") == "a@xn--p1ai.xn--p1ai");
  CHECK(classify::is_valid_domain("agency.gov.uk"));
  CHECK(!classify::is_valid_domain("../x"));
  CHECK(!classify::is_valid_domain("."));
  CHECK(classify::is_known_tld("de"));
  CHECK(classify::is_known_tld("xn--p1ai"));  // .рф
  CHECK(!classify::is_known_tld("jpg"));
  CHECK(!classify::is_known_tld("exe"));

  // In text the scanner finds the valid ones and none of the others.
  std::vector<Finding> found;
  classify::ScanContext ctx;
  classify::find_emails(
      "a test@example.jpg b foo..bar@x.de c test+6@example.com d "
      "test@-nordwind.de e _Yosemite.Sam@example.com",
      ctx, found);
  std::vector<std::string> values;
  for (const auto& f : found) values.push_back(f.value);
  CHECK(values == std::vector<std::string>{"test+6@example.com",
                                           "_yosemite.sam@example.com"});
}

TEST_CASE(
    "hostile cli: a full disk ends ingest, report and notify with exit 2, "
    "the file named, and no output that looks complete") {
  test::TempDir tmp;
  // Enough addresses, long enough, that people.csv and the pack outgrow
  // 128 KiB while the readers' working files (a count per address) stay
  // under it, and the store opens read-only (its -shm is 32 KiB).
  std::string to;
  for (int i = 0; i < 3000; ++i)
    to += (i ? ", " : "") + std::string("p") + std::to_string(i) +
          ".with.a.long.local.part.to.make.the.csv.files.large@contoso.com";
  fs::create_directories(tmp.path / "ev");
  test::write_file(
      tmp.path / "ev" / "a.eml",
      "From: anna@contoso.com\r\nTo: " + to + "\r\nSubject: all\r\n\r\nhi\r\n");
  const std::string store = tmp.file("c.db");
  REQUIRE(test::run_binary({"ingest", tmp.file("ev"), "--store", store}) == 0);
  constexpr long long kLimit = 128 << 10;

  // A disk too full for the measurement's working files: the one that
  // failed is named, nothing is written, the working directory is gone.
  // (The CSV files alone need no measurement: people.csv fails below.)
  const int before = test::count_workspaces();
  auto w = test::run_capture(
      {"report", "--store", store, "--out", tmp.file("w"), "--format", "json"},
      0, "", 0, 40 << 10);
  CHECK(w.status == 2);
  CHECK(w.err.find("leakscope report: " + fs::temp_directory_path().string() +
                   "/leakscope-work-") == 0);
  CHECK(w.err.find(".db: cannot write the readers' working tables (") !=
        std::string::npos);
  CHECK(!fs::exists(tmp.path / "w" / "report.json"));
  CHECK(test::count_workspaces() == before);

  auto r = test::run_capture({"report", "--store", store, "--out",
                              tmp.file("r"), "--format", "csv", "--unmask"},
                             0, "", 0, kLimit);
  CHECK(r.status == 2);
  CHECK(r.err.find("leakscope report: " + tmp.file("r") +
                   "/people.csv: write failed (File too large)") !=
        std::string::npos);
  CHECK(!fs::exists(tmp.path / "r" / "people.csv"));
  for (const auto& e : fs::directory_iterator(tmp.path / "r"))
    CHECK(e.path().extension() != ".partial");

  auto n = test::run_capture({"notify", "--store", store, "--org",
                              "contoso.com", "--out", tmp.file("n")},
                             0, "", 0, kLimit);
  CHECK(n.status == 2);
  CHECK(n.err.find("leakscope notify: " + tmp.file("n") +
                   "/contoso.com/items.jsonl: write failed (File too large)") !=
        std::string::npos);
  CHECK(!fs::exists(tmp.path / "n" / "contoso.com" / "items.jsonl"));
  CHECK(!fs::exists(tmp.path / "n" / "manifest.json"));

  auto i = test::run_capture(
      {"ingest", tmp.file("ev"), "--store", tmp.file("full.db")}, 0, "", 0,
      kLimit);
  CHECK(i.status == 2);
  CHECK(i.err.find("leakscope ingest: " + tmp.file("full.db") + ": ") == 0);
  // SQLite says "disk I/O error" or "database or disk is full", depending
  // on which write met the limit.
  CHECK((i.err.find("disk I/O error") != std::string::npos ||
         i.err.find("database or disk is full") != std::string::npos));
  CHECK(i.err.find("terminate") == std::string::npos);
}
