// Measurement, reports, notification packs and lookups over a small
// exposure whose answers are known: three messages (one a copy of another
// with an extra Received header) between two organisations with branches in
// two countries, a government contact and a free-mail sender.
#include "leakscope/measure.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/ingest.hpp"
#include "leakscope/store.hpp"
#include "report/csv_report.hpp"
#include "report/csv_writer.hpp"
#include "report/html_report.hpp"
#include "report/masking.hpp"
#include "report/notify.hpp"
#include "report/report_json.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

namespace {

const char* kMessage1 =
    "From: Anna Berg <anna@contoso.de>\r\n"
    "To: Bob Stone <bob@fabrikam.co.uk>\r\n"
    "Cc: tax@hmrc.gov.uk\r\n"
    "Subject: Renewal\r\n"
    "Date: Tue, 12 Mar 2019 10:00:00 +0100\r\n"
    "Message-ID: <renewal-1@contoso.de>\r\n\r\n"
    "Call me on +49 30 23125101.\r\n";

const char* kMessage3 =
    "From: carl@gmail.com\r\n"
    "To: anna@contoso.de, Dora Lenoir <dora@contoso.fr>\r\n"
    "Subject: Payment\r\n"
    "Date: Wed, 05 May 2021 09:00:00 +0000\r\n"
    "Message-ID: <pay-3@gmail.com>\r\n\r\n"
    "IBAN DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111.\r\n";

struct Exposure {
  fs::path dir;
  std::string db;
  // `name` tells two exposures of one test apart.
  explicit Exposure(const std::string& name = "measure") {
    dir = fs::temp_directory_path() /
          ("leakscope-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "bucket" / "a");
    fs::create_directories(dir / "drive");
    std::ofstream(dir / "bucket" / "a" / "1.eml", std::ios::binary)
        << kMessage1;
    std::ofstream(dir / "drive" / "2.eml", std::ios::binary)
        << "Received: from relay.example by mx.example; Tue, 12 Mar 2019 "
           "10:00:05 +0100\r\n"
        << kMessage1;
    std::ofstream(dir / "drive" / "3.eml", std::ios::binary) << kMessage3;
    db = (dir / "case.db").string();
    IngestOptions opt;
    opt.paths = {(dir / "bucket").string(), (dir / "drive").string()};
    opt.store_path = db;
    opt.jobs = 1;
    run_ingest(opt, {});
  }
  ~Exposure() { fs::remove_all(dir); }
};

}  // namespace

TEST_CASE(
    "measure: raw and unique figures, organisations, countries, time span") {
  Exposure x;
  auto store = Store::open(x.db, true);
  auto r = build_report(*store);
  MeasureOptions mo;
  mo.reference_date = "2024-01-01";
  add_measurements(*store, r, mo);
  const auto& c = r["counts"];
  CHECK(c["messages"] == nlohmann::json({{"raw", 3}, {"unique", 2}}));
  CHECK(c["people"] == nlohmann::json({{"raw", 9}, {"unique", 5}}));
  CHECK(c["phones"] == nlohmann::json({{"raw", 2}, {"unique", 1}}));
  CHECK(c["ibans"] == nlohmann::json({{"raw", 1}, {"unique", 1}}));
  CHECK(c["payment_cards"] == nlohmann::json({{"raw", 1}, {"unique", 1}}));
  CHECK(c["national_ids"] == nlohmann::json({{"raw", 0}, {"unique", 0}}));
  CHECK(c["secrets"] == nlohmann::json({{"raw", 0}, {"unique", 0}}));
  CHECK(c["organizations"]["unique"] ==
        3);  // contoso.de, contoso.fr, fabrikam.co.uk
  CHECK(c["organizations"]["groups"] == 2);  // contoso, fabrikam
  CHECK(c["government"] ==
        nlohmann::json({{"organizations", 1}, {"contacts", 1}}));
  CHECK(c["sql"]["rows"] == nlohmann::json({{"raw", 0}, {"unique", 0}}));
  CHECK(r["countries"] == nlohmann::json::parse(R"([
      {"code":"GB","name":"United Kingdom","organizations":2,"people":2},
      {"code":"DE","name":"Germany","organizations":1,"people":1},
      {"code":"FR","name":"France","organizations":1,"people":1}])"));
  // The affected organisations, most people first (ties keep name order).
  CHECK(r["organizations"]["total"] == 4);
  REQUIRE(r["organizations"]["listed"].size() == 4);
  CHECK(r["organizations"]["listed"][0] == nlohmann::json::parse(R"({
      "organization":"contoso.de","group":"contoso","country":"DE",
      "country_name":"Germany","government":false,"people":1,"records":3,
      "documents":0,"pack":"contoso.de/"})"));
  CHECK(r["organizations"]["listed"][3]["organization"] == "hmrc.gov.uk");
  CHECK(r["organizations"]["listed"][3]["government"] == true);
  CHECK(r["counts"]["sql"]["database_copies"] == 0);
  CHECK(r["sql_tables"] == nlohmann::json::array());
  CHECK(r["time_span"]["by_year"] ==
        nlohmann::json({{"2019", 2}, {"2021", 1}}));
  CHECK(r["time_span"]["earliest"] == "2019-03-12T09:00:00Z");
  CHECK(r["time_span"]["age"]["older_than_3_years"] == 2);
  CHECK(r["government"][0]["organization"] == "hmrc.gov.uk");
  REQUIRE(r["by_source"].size() == 2);
  CHECK(r["by_source"][0]["counts"]["messages"] ==
        nlohmann::json({{"raw", 1}, {"unique", 1}}));
  CHECK(r["by_source"][1]["counts"]["messages"] ==
        nlohmann::json({{"raw", 2}, {"unique", 2}}));
  CHECK(r["method"].contains("people.unique"));
  bool has_contact = false;
  for (const auto& cat : r["categories"])
    if (cat["category"] == "contact details (e-mail, phone, postal address)") {
      has_contact = true;
      CHECK(cat["records"] == 3);
    }
  CHECK(has_contact);

  // The owner is reported on its own and left out of the organisations.
  auto r2 = build_report(*store);
  mo.owner = "contoso.de";
  add_measurements(*store, r2, mo);
  CHECK(r2["counts"]["organizations"]["unique"] == 2);
  CHECK(r2["owner"] ==
        nlohmann::json(
            {{"domain", "contoso.de"}, {"addresses", 1}, {"items", 3}}));
}

TEST_CASE(
    "measure cache: kept per store state, read back, invalidated by ingest") {
  Exposure x;
  auto measured = [&](const std::string& owner) {
    auto store = Store::open(x.db, true);
    auto r = build_report(*store);
    MeasureOptions mo;
    mo.reference_date = "2024-01-01";
    mo.owner = owner;
    add_measurements(*store, r, mo);
    return r;
  };
  const auto first = measured("");
  const auto version = test::sql_strings(x.db, "SELECT MAX(id) FROM custody");
  // The facts, and the records of each organisation for lookup (the key
  // alone: every organisation kept).
  REQUIRE(test::sql_strings(x.db,
                            "SELECT key || ' ' || content_version || ' ' || "
                            "(CASE WHEN key='measure.v3' THEN '' ELSE value "
                            "END) FROM measure_cache ORDER BY key") ==
          std::vector<std::string>{
              "lookup.v1.org. " + version[0] + " complete",
              "lookup.v1.org.contoso.de " + version[0] + " 3",
              "lookup.v1.org.contoso.fr " + version[0] + " 1",
              "lookup.v1.org.fabrikam.co.uk " + version[0] + " 2",
              "lookup.v1.org.gmail.com " + version[0] + " 1",
              "lookup.v1.org.hmrc.gov.uk " + version[0] + " 2",
              "measure.v3 " + version[0] + " "});
  // Counts removed (a store measured by a version that did not keep them):
  // the next report, reading the cached facts, writes them.
  test::sql_strings(x.db,
                    "DELETE FROM measure_cache WHERE key LIKE 'lookup.%'");
  measured("");
  CHECK(test::sql_strings(x.db,
                          "SELECT value FROM measure_cache WHERE "
                          "key='lookup.v1.org.contoso.de'") ==
        std::vector<std::string>{"3"});
  // The second report reads the cache: a value planted in it shows.
  test::sql_strings(x.db,
                    "UPDATE measure_cache SET value=json_set(value, "
                    "'$.counts.phones.raw', 999) WHERE key='measure.v3'");
  CHECK(measured("")["counts"]["phones"]["raw"] == 999);
  // Another owner is applied to the cached facts, as when computed afresh.
  auto owner = measured("contoso.fr");
  CHECK(owner["counts"]["organizations"]["unique"] == 2);
  CHECK(owner["counts"]["organizations"]["groups"] == 2);  // contoso, fabrikam
  CHECK(owner["owner"] ==
        nlohmann::json(
            {{"domain", "contoso.fr"}, {"addresses", 1}, {"items", 1}}));
  // An ingest changes the store (a custody event): the cache is stale and
  // the figures are computed again.
  fs::create_directories(x.dir / "more");
  std::ofstream(x.dir / "more" / "4.eml", std::ios::binary)
      << "From: eve@northwind.nl\r\nTo: anna@contoso.de\r\nSubject: "
         "x\r\nDate: Thu, 06 May 2021 09:00:00 +0000\r\n\r\nCall +31 20 "
         "794 8800.\r\n";
  IngestOptions opt;
  opt.paths = {(x.dir / "more").string()};
  opt.store_path = x.db;
  opt.jobs = 1;
  run_ingest(opt, {});
  const auto after = measured("");
  CHECK(after["counts"]["phones"] ==
        nlohmann::json({{"raw", 3}, {"unique", 2}}));
  CHECK(after["counts"]["organizations"]["unique"] == 4);
  CHECK(first["counts"]["phones"] ==
        nlohmann::json({{"raw", 2}, {"unique", 1}}));
  CHECK(test::sql_strings(x.db,
                          "SELECT DISTINCT content_version FROM "
                          "measure_cache") ==
        test::sql_strings(x.db, "SELECT MAX(id) FROM custody"));
}

TEST_CASE(
    "report and notify on a terminal: a bar on stderr once a command runs "
    "for a second, cleared at the end") {
  Exposure x;
  const std::string out = (x.dir / "out").string();
  // The bar after 0 ms (test hook; a second by default).
  const auto r = test::run_on_terminal(
      {"report", "--store", x.db, "--out", out, "--format", "json"},
      {"LEAKSCOPE_TEST_PROGRESS_AFTER_MS=0"});
  const std::string& text = r.second;
  CHECK(r.first == 0);
  const std::string empty(30, ' ');
  CHECK(text.find("\rreport [" + empty +
                  "] 0/4 measuring: whole store\x1b[K") != std::string::npos);
  CHECK(text.find("] 3/4 report.json\x1b[K") != std::string::npos);
  // Cleared before the files written are listed.
  CHECK(text.find("\r\x1b[Kwrote " + out + "/report.json") !=
        std::string::npos);
  auto n = test::run_on_terminal(
      {"notify", "--store", x.db, "--all", "--out", (x.dir / "packs").string()},
      {"LEAKSCOPE_TEST_PROGRESS_AFTER_MS=0"});
  CHECK(n.first == 0);
  CHECK(n.second.find("\rnotify [") != std::string::npos);
  // Under a second (this store): no bar at all.
  auto quick = test::run_on_terminal(
      {"report", "--store", x.db, "--out", out, "--format", "json"}, {});
  CHECK(quick.first == 0);
  CHECK(quick.second.find('\r') == quick.second.find("\r\n"));
  CHECK(quick.second.find("report [") == std::string::npos);
}

TEST_CASE("report and notify --json: progress and outputs as JSON lines") {
  Exposure x;
  const std::string out = (fs::path(x.dir) / "out").string();
  auto lines = [](const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
      out.push_back(nlohmann::json::parse(line));
    return out;
  };
  auto r = test::run_capture(
      {"report", "--store", x.db, "--out", out, "--json", "--format", "json"});
  REQUIRE(r.status == 0);
  auto ev = lines(r.out);
  // The measurement's phases (whole store, evidence sources, done), then
  // the format, then what was written.
  REQUIRE(ev.size() == 5);
  CHECK(ev[0] == nlohmann::json({{"event", "progress"},
                                 {"command", "report"},
                                 {"phase", "measuring: whole store"},
                                 {"done", 0},
                                 {"total", 4}}));
  CHECK(ev[1]["phase"] == "measuring: evidence sources");
  CHECK(ev[3]["phase"] == "report.json");
  CHECK(ev[4] == nlohmann::json({{"event", "written"},
                                 {"files", {out + "/report.json"}}}));
  CHECK(r.err.empty());
  // Measured once: the next report reads the cache and has no phases.
  r = test::run_capture(
      {"report", "--store", x.db, "--out", out, "--json", "--format", "json"});
  CHECK(lines(r.out) ==
        std::vector<nlohmann::json>{
            {{"event", "progress"},
             {"command", "report"},
             {"phase", "report.json"},
             {"done", 0},
             {"total", 1}},
            {{"event", "written"}, {"files", {out + "/report.json"}}}});

  // The CSV files alone: no measurement (on a store never measured).
  Exposure fresh("measure-fresh");
  r = test::run_capture({"report", "--store", fresh.db, "--out", out + "/csv",
                         "--json", "--format", "csv"});
  CHECK(lines(r.out).front() == nlohmann::json({{"event", "progress"},
                                                {"command", "report"},
                                                {"phase", "CSV files"},
                                                {"done", 0},
                                                {"total", 1}}));
  CHECK(test::sql_strings(fresh.db,
                          "SELECT COUNT(*) FROM measure_cache "
                          "WHERE key='measure.v3'") ==
        std::vector<std::string>{"0"});

  auto n = test::run_capture({"notify", "--store", x.db, "--org", "contoso.de",
                              "--out", out + "/packs", "--json"});
  REQUIRE(n.status == 0);
  ev = lines(n.out);
  REQUIRE(ev.size() == 3);
  CHECK(ev[1] ==
        nlohmann::json(
            {{"event", "pack"}, {"organization", "contoso.de"}, {"items", 3}}));
  CHECK(ev[2]["files"][0] == out + "/packs/manifest.json");
}

TEST_CASE("measure: names cluster across scripts and spellings") {
  CHECK(person_name_key("Jürgen  WEISS") == "jurgen weiss");
  CHECK(person_name_key("Jürgen Weiß") == "jurgen weiss");
  CHECK(person_name_key("Ólafur Þór") == "olafur thor");
}

TEST_CASE("report: masking, CSV files and HTML") {
  CHECK(mask_email("anna.berg@contoso.de") == "a***@contoso.de");
  CHECK(mask_name("Anna Berg") == "A*** B***");
  CHECK(mask_name("Élodie") == "É***");
  CHECK(mask_phone("+493023125101") == "+49*******101");
  CHECK(csv_cell("a,b") == "\"a,b\"");
  CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  // Formulas neutralised (OWASP), unless raw.
  CHECK(csv_cell("=HYPERLINK(\"http://x\",\"y\")") ==
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  for (const char* f : {"+A1", "-B2", "@SUM(A1)", "\tx", "\rx"})
    CHECK((csv_cell(f).rfind("'", 0) == 0 || csv_cell(f).rfind("\"'", 0) == 0));
  CHECK(csv_cell("=1+1", true) == "=1+1");
  CHECK(csv_cell("a=b") == "a=b");
  // Plain numbers are left alone; a sign before anything else is not.
  for (const char* n : {"-0.01", "+3", "-12", "1e-5", "-2.5E+3"})
    CHECK(csv_cell(n) == n);
  for (const char* f : {"-2+3", "+A1", "-", "-1e", "--1"})
    CHECK(csv_cell(f) == std::string("'") + f);

  Exposure x;
  auto store = Store::open(x.db, true);
  fs::path out = x.dir / "report";
  fs::create_directories(out);
  write_csv_reports(*store, out.string(), false);
  std::string people = test::read_file(out / "people.csv");
  CHECK(people.find("anna@contoso.de") == std::string::npos);
  CHECK(people.find("a***@contoso.de,A*** B***,contoso.de,DE,0,3\r\n") !=
        std::string::npos);
  std::string orgs = test::read_file(out / "organizations.csv");
  CHECK(orgs ==
        "organization,group,country,government,addresses,items\r\n"
        "contoso.de,contoso,DE,0,1,3\r\n"
        "contoso.fr,contoso,FR,0,1,1\r\n"
        "fabrikam.co.uk,fabrikam,GB,0,1,2\r\n"
        "hmrc.gov.uk,hmrc,GB,1,1,2\r\n");
  write_csv_reports(*store, out.string(), true);
  CHECK(
      test::read_file(out / "people.csv").find("anna@contoso.de,Anna Berg,") !=
      std::string::npos);

  nlohmann::json r = build_report(*store);
  add_measurements(*store, r, {});
  r["counts"]["messages"]["raw"] = 1234567;
  r["unreadable"] = {
      {{"path", "<script>alert(1)</script>.eml"}, {"error", "x"}}};
  std::string html = render_report_html(r);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;.eml") !=
        std::string::npos);
  CHECK(html.find("1,234,567") != std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  // One bar per year in the by-year chart (2 years) and per country (3).
  size_t bars = 0;
  for (size_t p = 0;
       (p = html.find("<rect class=\"bar\"", p)) != std::string::npos; ++p)
    ++bars;
  CHECK(bars == 2 + 3 + r["categories"].size());
}

TEST_CASE(
    "notify: a pack holds only its organisation's data; lookup answers "
    "yes/no") {
  Exposure x;
  auto store = Store::open(x.db, true);
  fs::path out = x.dir / "packs";
  PackSummary p = write_notification_pack(*store, "contoso.fr", out.string());
  CHECK(p.items == 1);
  std::string pack = test::read_file(out / "contoso.fr" / "items.jsonl") +
                     test::read_file(out / "contoso.fr" / "summary.json");
  CHECK(pack.find("dora@contoso.fr") != std::string::npos);
  CHECK(pack.find("Dora Lenoir") != std::string::npos);
  for (const char* other :
       {"anna@contoso.de", "carl@gmail.com", "bob@fabrikam.co.uk",
        "tax@hmrc.gov.uk", "Anna Berg", "Bob Stone", "4111111111111111",
        "DE89370400440532013000", "+493023125101"})
    CHECK_MESSAGE(pack.find(other) == std::string::npos, other);

  PackSummary de = write_notification_pack(*store, "contoso.de", out.string());
  CHECK(de.items == 3);
  std::string de_pack = test::read_file(out / "contoso.de" / "items.jsonl");
  CHECK(de_pack.find("anna@contoso.de") != std::string::npos);
  CHECK(de_pack.find("dora@contoso.fr") == std::string::npos);
  CHECK(de_pack.find("bob@fabrikam.co.uk") == std::string::npos);

  CHECK(affected_organizations(*store) ==
        std::vector<std::string>{"contoso.de", "contoso.fr", "fabrikam.co.uk",
                                 "hmrc.gov.uk"});
  auto yes = lookup(*store, "contoso.de");
  CHECK(yes.found);
  CHECK(yes.items == 3);
  CHECK(lookup(*store, "Dora@Contoso.FR").items == 1);
  CHECK_FALSE(lookup(*store, "nobody.example").found);
  CHECK(lookup(*store, "mail.contoso.de").items == 0);

  // Once this store state is measured, a registrable domain is answered
  // from the measurement's count (the same figures; a planted one shows),
  // anything else as before; a changed store is counted again.
  const std::vector<std::string> orgs = {"contoso.de",     "contoso.fr",
                                         "fabrikam.co.uk", "gmail.com",
                                         "hmrc.gov.uk",    "northwind.nl"};
  std::vector<int64_t> counted, measured;
  for (const auto& o : orgs) counted.push_back(lookup(*store, o).items);
  CHECK(counted == std::vector<int64_t>{3, 1, 2, 1, 2, 0});
  {
    auto r = build_report(*store);
    add_measurements(*store, r, MeasureOptions{});
  }
  for (const auto& o : orgs) measured.push_back(lookup(*store, o).items);
  CHECK(measured == counted);
  test::sql_strings(x.db,
                    "UPDATE measure_cache SET value='7' WHERE "
                    "key='lookup.v1.org.contoso.de'");
  CHECK(lookup(*store, "contoso.de").items == 7);
  CHECK(lookup(*store, "mail.contoso.de").items == 0);
  CHECK(lookup(*store, "Dora@Contoso.FR").items == 1);
  test::sql_strings(x.db,
                    "UPDATE measure_cache SET content_version=content_version-"
                    "1 WHERE key='lookup.v1.org.'");
  CHECK(lookup(*store, "contoso.de").items == 3);
}

TEST_CASE(
    "measure: two addresses of one person at one organisation are one person") {
  fs::path dir = fs::temp_directory_path() /
                 ("leakscope-people-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "1.eml", std::ios::binary)
      << "From: Anna Berg <anna@contoso.de>\r\nTo: Bob Stone "
         "<bob@contoso.de>\r\n"
         "Subject: a\r\nMessage-ID: <p1@x>\r\n\r\nhi\r\n";
  std::ofstream(dir / "2.eml", std::ios::binary)
      << "From: \"Berg, Anna\" <a.berg@contoso.de>\r\nTo: Anna Berg "
         "<anna.berg@gmail.com>\r\n"
         "Subject: b\r\nMessage-ID: <p2@x>\r\n\r\nhi\r\n";
  std::ofstream(dir / "3.eml", std::ios::binary)
      << "From: ANNA BERG <a.berg@contoso.de>\r\nTo: Support "
         "<support@contoso.de>\r\n"
         "Subject: c\r\nMessage-ID: <p3@x>\r\n\r\nhi\r\n";
  std::string db = (dir / "case.db").string();
  IngestOptions opt;
  opt.paths = {dir.string()};
  opt.store_path = db;
  opt.jobs = 1;
  run_ingest(opt, {});
  auto store = Store::open(db, true);
  nlohmann::json r = build_report(*store);
  add_measurements(*store, r, {});
  // Addresses: anna@, bob@, a.berg@, support@ (contoso.de), anna.berg@gmail.
  // "Anna Berg" at contoso.de joins anna@ and a.berg@ (message 3 shows it;
  // "Berg, Anna" is another key); the gmail namesake is not merged.
  CHECK(r["counts"]["people"] == nlohmann::json({{"raw", 6}, {"unique", 4}}));
  store.reset();
  fs::remove_all(dir);
}

#if __has_include("bakgen/backup_writer.hpp")
#include "bakgen/backup_writer.hpp"
#include "test_support.hpp"

TEST_CASE(
    "measure: organisation groups join domains named by one company in SQL "
    "rows") {
  namespace bg = leakscope::bakgen;
  fs::path dir = fs::temp_directory_path() /
                 ("leakscope-groups-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  bg::DatabaseSpec db;
  db.name = "CRM";
  bg::TableContents t;
  t.spec.name = "Customers";
  t.spec.columns = {bg::Column("Email", "nvarchar(80)"),
                    bg::Column("CompanyName", "nvarchar(80)")};
  t.rows = {{"anna@contoso.de", "Contoso GmbH"},
            {"ben@contoso-group.com", "CONTOSO AG"},
            {"cara@fabrikam.com", "Fabrikam Ltd"}};
  bg::write_database((dir / "crm.bak").string(), db, {t});
  std::string store_path = (dir / "case.db").string();
  IngestOptions opt;
  opt.paths = {(dir / "crm.bak").string()};
  opt.store_path = store_path;
  opt.jobs = 1;
  run_ingest(opt, {});
  auto store = Store::open(store_path, true);
  nlohmann::json r = build_report(*store);
  add_measurements(*store, r, {});
  // contoso.de and contoso-group.com have different name labels but one
  // company name ("Contoso"): one group; fabrikam.com its own.
  CHECK(r["counts"]["organizations"]["unique"] == 3);
  CHECK(r["counts"]["organizations"]["groups"] == 2);
  store.reset();
  fs::remove_all(dir);
}
#endif

TEST_CASE("measure: every finding type the report names is counted") {
  // One message with one known identifier of each type in its body.
  test::TempDir tmp;
  std::filesystem::create_directories(tmp.path / "ev");
  std::ofstream(tmp.path / "ev" / "a.eml")
      << "From: anna@contoso.com\r\nTo: bob@fabrikam.com\r\nSubject: all\r\n"
         "Date: Tue, 2 Mar 2021 10:00:00 +0000\r\n\r\n"
         "SSN 536-22-1234\r\n"
         "IBAN DE89 3704 0044 0532 0130 00\r\n"
         "Card 5505 4138 8775 4723\r\n"
         "Tel. +49 30 23125101\r\n"
         "Server 203.0.113.45\r\n"
         "Date of birth: 14.03.1979\r\n"
         "key AKIAIOSFODNN7EXAMPLE\r\n";
  const std::string store = tmp.file("c.db");
  REQUIRE(test::run_binary({"ingest", tmp.file("ev"), "--store", store}) == 0);
  REQUIRE(test::run_binary({"report", "--store", store, "--out", tmp.file("r"),
                            "--format", "json"}) == 0);
  const auto j =
      nlohmann::json::parse(test::read_file(tmp.path / "r" / "report.json"));
  const auto& counts = j["counts"];
  CAPTURE(counts.dump());
  for (const char* key : {"national_ids", "ibans", "payment_cards", "phones",
                          "ip_addresses", "dates_of_birth", "secrets"}) {
    CAPTURE(key);
    CHECK(counts[key]["raw"] == 1);
    CHECK(counts[key]["unique"] == 1);
  }
}

TEST_CASE(
    "phones: a national number with no hint is tried for the exposure's "
    "most-seen countries, from the store before the run") {
  test::TempDir tmp;
  // First evidence: 24 Dutch numbers written internationally, 2 Belgian.
  std::filesystem::create_directories(tmp.path / "first");
  std::string body;
  for (int k = 0; k < 24; ++k)
    body += "Tel +31 20 794 88" + std::string(k < 10 ? "0" : "") +
            std::to_string(k) + "\r\n";
  body += "Tel +32 2 555 12 12\r\nTel +32 2 555 12 13\r\n";
  std::ofstream(tmp.path / "first" / "a.eml")
      << "From: anna@contoso.com\r\nTo: bob@fabrikam.com\r\nSubject: "
         "lijst\r\n\r\n"
      << body;
  // Then a national Amsterdam number, no country hint anywhere.
  std::filesystem::create_directories(tmp.path / "second");
  std::ofstream(tmp.path / "second" / "b.eml")
      << "From: carl@example.com\r\nTo: dora@example.com\r\nSubject: "
         "bel\r\n\r\nBel me op 020 123 4567.\r\n";
  const std::string store = tmp.file("c.db");
  REQUIRE(test::run_binary({"ingest", tmp.file("first"), "--store", store}) ==
          0);
  REQUIRE(test::run_binary({"ingest", tmp.file("second"), "--store", store}) ==
          0);
  CHECK(test::sql_strings(
            store,
            "SELECT value || ' ' || country || ' ' || confidence || ' | ' || "
            "evidence FROM findings f JOIN items i ON i.id=f.item_id WHERE "
            "type='phone' AND i.locator LIKE '%b.eml'") ==
        std::vector<std::string>{
            "+31201234567 NL 0.75 | national number with no country hint, "
            "written as NL numbers are (ddd ddd dddd) and valid there, NL "
            "from the exposure's most-seen countries"});
  // The same message in a store that has seen no Dutch numbers: no region
  // of the default list writes it so; the wider list's guess, said so.
  const std::string fresh = tmp.file("fresh.db");
  REQUIRE(test::run_binary({"ingest", tmp.file("second"), "--store", fresh}) ==
          0);
  CHECK(test::sql_strings(fresh,
                          "SELECT value || ' ' || confidence || ' | ' || "
                          "evidence FROM findings WHERE type='phone'") ==
        std::vector<std::string>{
            "+31201234567 0.5 | national number with no country hint, "
            "written as NL numbers are (ddd ddd dddd) and valid there, NL "
            "from the regions tried for a number a phone word announces "
            "(the first whose numbering plan validates it and writes it so; "
            "a guess)"});
}

TEST_CASE("ingest --phone-regions: validated, and used for national numbers") {
  test::TempDir tmp;
  std::filesystem::create_directories(tmp.path / "ev");
  std::ofstream(tmp.path / "ev" / "a.eml")
      << "From: anna@contoso.com\r\nTo: bob@fabrikam.com\r\nSubject: bel\r\n"
         "\r\nBel me op 020 123 4567.\r\n";
  auto bad = test::run_capture({"ingest", tmp.file("ev"), "--store",
                                tmp.file("x.db"), "--phone-regions", "NL,XX"});
  CHECK(bad.status == 2);
  CHECK(bad.err ==
        "leakscope ingest: --phone-regions wants ISO 3166 region codes "
        "libphonenumber knows, such as DE,GB; got \"XX\"\n");
  CHECK(!std::filesystem::exists(tmp.file("x.db")));
  const std::string store = tmp.file("c.db");
  REQUIRE(test::run_binary({"ingest", tmp.file("ev"), "--store", store,
                            "--phone-regions", "nl,be"}) == 0);
  CHECK(test::sql_strings(store,
                          "SELECT value || ' ' || country FROM findings "
                          "WHERE type='phone'") ==
        std::vector<std::string>{"+31201234567 NL"});
  // Without --phone-regions: the same region, as a guess of lower
  // confidence.
  const std::string plain = tmp.file("d.db");
  REQUIRE(test::run_binary({"ingest", tmp.file("ev"), "--store", plain}) == 0);
  CHECK(test::sql_strings(plain,
                          "SELECT value || ' ' || country || ' ' || "
                          "confidence FROM findings WHERE type='phone'") ==
        std::vector<std::string>{"+31201234567 NL 0.5"});
  CHECK(test::sql_strings(store,
                          "SELECT confidence FROM findings WHERE "
                          "type='phone'") == std::vector<std::string>{"0.75"});
}

TEST_CASE(
    "store: readers share one workspace, removed with the last of them; a "
    "read-only store's path may hold URI characters") {
  Exposure x;
  const fs::path odd = x.dir / "case ?#%25.db";
  fs::copy_file(x.db, odd);
  const int before = test::count_workspaces();
  {
    auto store = Store::open(odd.string(), /*read_only=*/true);
    store->expand_cell_findings();
    CHECK(test::count_workspaces() == before + 1);
    auto reader = store->open_reader();
    reader->expand_cell_findings();
    CHECK(test::count_workspaces() == before + 1);  // the same one
    store.reset();
    CHECK(test::count_workspaces() == before + 1);  // the reader still holds it
    // The reader reads the store at that path (nothing else).
    CHECK(lookup(*reader, "contoso.de").items == 3);
  }
  CHECK(test::count_workspaces() == before);
  // Read-only: the store file is never written.
  const auto size = fs::file_size(odd);
  {
    auto store = Store::open(odd.string(), /*read_only=*/true);
    CHECK_THROWS_WITH(store->begin_run("leakscope test"),
                      doctest::Contains("readonly database"));
  }
  CHECK(fs::file_size(odd) == size);
}
