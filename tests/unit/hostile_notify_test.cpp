// Hostile input, what leaves leakscope: a notification pack for one
// organisation shows no identifier of another, in cells, findings,
// locators (evidence file names, attachment names) and table names.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bakgen/backup_writer.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace bg = leakscope::bakgen;
using namespace leakscope;

namespace {

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<nlohmann::json> lines_of(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    out.push_back(nlohmann::json::parse(l));
  return out;
}

}  // namespace

TEST_CASE(
    "hostile: a pack masks other organisations' names in locators and table "
    "names") {
  test::TempDir tmp;
  fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  // A file and an attachment named after Fabrikam's person; the message is
  // Contoso's.
  std::ofstream(ev / "from Bob Stone (bob.stone@fabrikam.com).eml")
      << "From: Anna Berg <anna.berg@contoso.com>\r\n"
         "To: Bob Stone <bob.stone@fabrikam.com>\r\n"
         "Subject: offer\r\nDate: Mon, 2 Mar 2020 10:00:00 +0000\r\n"
         "Message-ID: <1@contoso.com>\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
         "--b1\r\nContent-Type: text/plain\r\n\r\nsee attached, Anna\r\n"
         "--b1\r\nContent-Type: text/plain; name=\"x.txt\"\r\n"
         "Content-Disposition: attachment; filename=\"Bob Stone - "
         "FabrikamOffer.txt\"\r\n\r\nprice 100\r\n--b1--\r\n";
  // A table named after Fabrikam that holds a Contoso row.
  bg::DatabaseSpec db;
  db.name = "CRM";
  bg::TableContents t;
  t.spec.name = "FabrikamLeads";
  t.spec.columns = {bg::Column("Email", "varchar(80)")};
  t.rows = {{"dora.lind@contoso.com"}, {"carl.ode@fabrikam.com"}};
  bg::write_database((ev / "crm.bak").string(), db, {t});

  fs::path store = tmp.path / "case.db";
  REQUIRE(test::run_binary(
              {"ingest", ev.string(), "--store", store.string()}) == 0);
  fs::path out = tmp.path / "packs";
  REQUIRE(test::run_binary({"notify", "--store", store.string(), "--out",
                            out.string(), "--org", "contoso.com"}) == 0);
  const std::string pack = test::read_file(out / "contoso.com" / "items.jsonl");
  auto lines = lines_of(pack);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0]["kind"] == "message");
  // Locators name the file under the root given to ingest ("ev/...").
  CHECK(lines[0]["locator"] == "ev/from B*** S*** (b***@***).eml");
  CHECK(lines[1]["kind"] == "attachment");
  CHECK(lines[1]["locator"] ==
        "ev/from B*** S*** (b***@***).eml#part=2/attachment=B*** S*** - "
        "F***Offer.txt");
  CHECK(lines[2]["kind"] == "sql_row");
  CHECK(lines[2]["table"] == "CRM.dbo.F***Leads");
  CHECK(lines[2]["cells"]["Email"] == "dora.lind@contoso.com");
  CHECK(lines[2]["locator"].get<std::string>().find("/table=dbo.F***Leads/") !=
        std::string::npos);
  // Nothing of Fabrikam or its person anywhere; Contoso's own name stays.
  for (const char* other : {"fabrikam", "bob", "stone", "carl", "ode"})
    CHECK_MESSAGE(lower(pack).find(other) == std::string::npos, other);
  CHECK(pack.find("anna.berg@contoso.com") != std::string::npos);
}
