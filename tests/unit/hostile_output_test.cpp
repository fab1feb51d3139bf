// Hostile input, what leaves leakscope: CSV cells never become live
// formulas, masked reports carry no full address, and data values are
// never used as patterns.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "bakgen/backup_writer.hpp"
#include "test_support.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;
namespace bg = leakscope::bakgen;
using namespace leakscope;

TEST_CASE(
    "hostile: CSV formula injection is neutralised in reports and "
    "dump-table") {
  test::TempDir tmp;
  fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  std::ofstream(ev / "m.eml")
      << "From: \"=HYPERLINK(\"\"http://evil/\"\",\"\"open\"\")\" "
         "<anna@contoso.com>\r\nTo: bob@fabrikam.com\r\nSubject: x\r\n\r\nhi "
         "anna@contoso.com\r\n";
  bg::DatabaseSpec db;
  db.name = "CRM";
  bg::TableContents t;
  t.spec.name = "Notes";
  t.spec.columns = {bg::Column("Id", "int"), bg::Column("Text", "varchar(60)")};
  t.rows = {{"1", "=cmd|' /C calc'!A0"}, {"2", "@SUM(1+1)"}, {"3", "plain"}};
  bg::write_database((ev / "crm.bak").string(), db, {t});
  const fs::path store = tmp.path / "c.db";
  REQUIRE(test::run_binary(
              {"ingest", ev.string(), "--store", store.string()}) == 0);

  const fs::path csv = tmp.path / "notes.csv";
  REQUIRE(test::run_binary({"dump-table", "--store", store.string(), "--table",
                            "CRM.dbo.Notes", "--out", csv.string()}) == 0);
  const std::string dumped = test::read_file(csv);
  CHECK(dumped.find("1,'=cmd|' /C calc'!A0,false,") != std::string::npos);
  CHECK(dumped.find("2,'@SUM(1+1),false,") != std::string::npos);
  CHECK(dumped.find("3,plain,false,") != std::string::npos);
  CHECK(!fs::exists(csv.string() + ".partial"));
  REQUIRE(test::run_binary({"dump-table", "--store", store.string(), "--table",
                            "CRM.dbo.Notes", "--out", csv.string(), "--raw"}) ==
          0);
  CHECK(test::read_file(csv).find("1,=cmd|' /C calc'!A0,false,") !=
        std::string::npos);

  const fs::path out = tmp.path / "report";
  REQUIRE(test::run_binary({"report", "--store", store.string(), "--out",
                            out.string(), "--format", "csv", "--unmask"}) == 0);
  const std::string people = test::read_file(out / "people.csv");
  // The display name (quoted-string pairs removed by the parser) with its
  // formula neutralised.
  CHECK(people.find("anna@contoso.com,\"'=HYPERLINK(http://evil/,open)\",") !=
        std::string::npos);
  for (const auto& e : fs::directory_iterator(out)) {
    CAPTURE(e.path());
    CHECK(e.path().extension() != ".partial");
    // No line of any CSV starts a cell with a bare formula character.
    const std::string text = test::read_file(e.path());
    CHECK(text.find(",=") == std::string::npos);
    CHECK(text.find("\n=") == std::string::npos);
  }
}

TEST_CASE(
    "hostile: data values are never patterns, and the lookup index is "
    "padded") {
  test::TempDir tmp;
  fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  // "%@fabrikam.de" would match Bob's display-name evidence as a LIKE
  // pattern.
  std::ofstream(ev / "a.eml") << "From: Bob Stone <bob@fabrikam.de>\r\nTo: "
                                 "%@fabrikam.de\r\nSubject: s\r\n\r\nhi\r\n";
  const fs::path store = tmp.path / "c.db";
  REQUIRE(test::run_binary(
              {"ingest", ev.string(), "--store", store.string()}) == 0);
  const fs::path out = tmp.path / "report";
  REQUIRE(test::run_binary({"report", "--store", store.string(), "--out",
                            out.string(), "--format", "csv", "--unmask"}) == 0);
  CHECK(test::read_file(out / "people.csv") ==
        "person,name,organization,country,free_mail,items\r\n"
        "%@fabrikam.de,,fabrikam.de,DE,0,1\r\n"
        "bob@fabrikam.de,Bob Stone,fabrikam.de,DE,0,1\r\n");

  // Three names (two addresses and fabrikam.de): three real buckets and 256
  // decoys, every one at least 16 lines, the real suffixes among them.
  const fs::path idx = tmp.path / "idx";
  REQUIRE(test::run_binary({"export-index", "--store", store.string(), "--out",
                            idx.string()}) == 0);
  size_t buckets = 0, with_real = 0;
  std::set<std::string> real;
  for (const char* n : {"bob@fabrikam.de", "%@fabrikam.de", "fabrikam.de"}) {
    std::string h = Sha256::hex(n);
    for (char& c : h) c = static_cast<char>(std::toupper(c));
    real.insert(h);
  }
  for (const auto& e : fs::directory_iterator(idx)) {
    if (e.path().filename() == "README.txt") continue;
    ++buckets;
    const std::string text = test::read_file(e.path());
    CHECK(std::count(text.begin(), text.end(), '\n') >= 16);
    const std::string prefix = e.path().stem().string();
    for (const auto& h : real)
      if (h.substr(0, 5) == prefix) {
        CHECK(text.find(h.substr(5) + "\n") != std::string::npos);
        ++with_real;
      }
  }
  CHECK(buckets == 259);
  CHECK(with_real == 3);
}

TEST_CASE(
    "hostile: a masked documents.csv carries no full address, in names and "
    "locators too") {
  test::TempDir tmp;
  const fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  const std::string pdf =
      test::read_file("samples/docs/SOW_Contoso_ERP_Migration.pdf");
  REQUIRE(!pdf.empty());
  std::ofstream(ev / "Offer for carol.king@fabrikam.com.pdf", std::ios::binary)
      << pdf;
  const std::string store = (tmp.path / "c.db").string();
  REQUIRE(test::run_binary({"ingest", ev.string(), "--store", store}) == 0);
  REQUIRE(test::run_binary({"report", "--store", store, "--out",
                            (tmp.path / "r").string(), "--format", "csv"}) ==
          0);
  const std::string masked = test::read_file(tmp.path / "r" / "documents.csv");
  CHECK(masked.find("carol.king") == std::string::npos);
  CHECK(masked.find(",Offer for c***@fabrikam.com.pdf,ev/Offer for "
                    "c***@fabrikam.com.pdf,") != std::string::npos);
  REQUIRE(test::run_binary({"report", "--store", store, "--out",
                            (tmp.path / "u").string(), "--format", "csv",
                            "--unmask"}) == 0);
  CHECK(test::read_file(tmp.path / "u" / "documents.csv")
            .find("ev/Offer for carol.king@fabrikam.com.pdf") !=
        std::string::npos);
}
