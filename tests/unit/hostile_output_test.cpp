// Hostile input, what leaves leakscope: CSV cells never become live
// formulas, masked reports carry no full address, and data values are
// never used as patterns.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "bakgen/backup_writer.hpp"
#include "test_support.hpp"

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
