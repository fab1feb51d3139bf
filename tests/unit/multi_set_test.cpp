// Backup files holding several backup sets (BACKUP ... WITH NOINIT appends
// a set to the media): `info` lists every set and `ingest` recovers each
// full set as its own database instead of mixing their pages.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "bakgen/backup_writer.hpp"
#include "bakgen/samples.hpp"
#include "ingest/mssql_info.hpp"
#include "ingest/source_parser.hpp"
#include "leakscope/reporter.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

namespace {

// The second backup's blocks from its SSET on, appended to the first: the
// layout of a media set written twice (TAPE once, then SSET ... ESET SFMB
// per set).
std::string append_sets(const std::string& first, const std::string& second) {
  std::string b = test::read_file(second);
  size_t at = 0;
  while (at < b.size() && b.compare(at, 4, "SSET") != 0) at += 512;
  REQUIRE(at < b.size());
  return test::read_file(first) + b.substr(at);
}

}  // namespace

TEST_CASE("backup sets: two full sets of two databases in one file") {
  fs::path dir = fs::temp_directory_path() / "leakscope_multi_set_test";
  fs::create_directories(dir);
  std::string crm = (dir / "crm.bak").string(),
              bench = (dir / "bench.bak").string(),
              multi = (dir / "appended.bak").string();
  bakgen::write_database(crm, bakgen::crm_database(), bakgen::crm_tables(1),
                         bakgen::OutputFormat::kBackup);
  bakgen::write_bench(bench, 1500, 2, bakgen::OutputFormat::kBackup);
  std::ofstream(multi, std::ios::binary) << append_sets(crm, bench);

  nlohmann::json info = mssql_info(multi, "mssql_backup");
  REQUIRE(info["backup_sets"].size() == 2);
  CHECK(info["backup_sets"][0]["position"] == 1);
  CHECK(info["backup_sets"][0]["database"] == "CRM");
  CHECK(info["backup_sets"][0]["backup_type"] == "full");
  CHECK(info["backup_sets"][1]["position"] == 2);
  CHECK(info["backup_sets"][1]["database"] == "Bench");
  CHECK(info["backup_sets"][1]["backup_type"] == "full");
  // Top-level keys: the first set, its own finish time (not the file's end).
  CHECK(info["database"] == "CRM");
  CHECK(info["backup_finish"] == info["backup_sets"][0]["backup_finish"]);
  CHECK(info["backup_sets"][0]["backup_finish"] !=
        info["backup_sets"][1]["backup_finish"]);
  // A single-set file lists its one set; the finish time is read from the
  // closing block the walk found, not by parsing the last 64 KiB blind
  // (page data there looked like damaged blocks).
  CHECK(mssql_info(crm, "mssql_backup")["backup_sets"].size() == 1);
  nlohmann::json bench_info = mssql_info(bench, "mssql_backup");
  CHECK(bench_info["backup_finish"] == "2021-06-16T10:03:28+01:00");
  CHECK(bench_info["notes"].empty());

  test::MemorySink sink;
  CollectingReporter rep;
  parse_source(multi, "appended.bak", sink, rep, {});
  CHECK(rep.damages.empty());
  std::map<std::string, int> rows;
  std::vector<std::string> dbs;
  for (const Item& it : sink.items) {
    if (it.kind == "sql_database") dbs.push_back(it.locator);
    if (it.kind == "sql_row") {
      std::string table = it.locator.substr(0, it.locator.find("/page="));
      ++rows[table];
    }
  }
  CHECK(dbs == std::vector<std::string>{"appended.bak#db=CRM",
                                        "appended.bak#set=2/db=Bench"});
  CHECK(rows["appended.bak#db=CRM/table=dbo.Contacts"] == 42);
  CHECK(rows["appended.bak#db=CRM/table=dbo.PriceList"] == 17);
  CHECK(rows["appended.bak#db=CRM/table=dbo.Projects"] == 8);
  CHECK(rows["appended.bak#set=2/db=Bench/table=dbo.Events"] == 1500);
  CHECK(rows.size() == 4);
  const Item* second = nullptr;
  for (const Item& it : sink.items)
    if (it.locator == "appended.bak#set=2/db=Bench") second = &it;
  REQUIRE(second);
  CHECK(*second->field("backup_set") == "2");
  CHECK(*second->field("backup_set_count") == "2");
  CHECK(*second->field("backup_type") == "full");
  fs::remove_all(dir);
}

TEST_CASE("backup sets: two fulls of one database, told apart by set") {
  fs::path dir = fs::temp_directory_path() / "leakscope_multi_set_cli_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string a = (dir / "a.bak").string(), b = (dir / "b.bak").string(),
              multi = (dir / "crm.bak").string(),
              store = (dir / "case.db").string();
  // Two nights of the same database: the contacts' dates and phones differ.
  bakgen::write_database(a, bakgen::crm_database(), bakgen::crm_tables(1),
                         bakgen::OutputFormat::kBackup);
  bakgen::write_database(b, bakgen::crm_database(), bakgen::crm_tables(2),
                         bakgen::OutputFormat::kBackup);
  std::ofstream(multi, std::ios::binary) << append_sets(a, b);
  fs::remove(a);
  fs::remove(b);
  test::run_leakscope("ingest " + multi + " --store " + store);
  nlohmann::json tables = nlohmann::json::parse(
      test::run_leakscope("tables --store " + store + " --json"));
  REQUIRE(tables.size() == 6);
  int in_set[3] = {0, 0, 0};
  for (const auto& t : tables) {
    CHECK(t["database"] == "CRM");
    int set = t["backup_set"].get<int>();
    REQUIRE((set == 1 || set == 2));
    ++in_set[set];
    if (t["table"] == "Contacts") {
      CHECK(t["rows"] == 40);
      CHECK(t["deleted_rows"] == 2);
    }
  }
  CHECK(in_set[1] == 3);
  CHECK(in_set[2] == 3);
  std::string csv = (dir / "contacts2.csv").string();
  test::run_leakscope("dump-table --store " + store +
                      " --table CRM.dbo.Contacts --backup-set 2 --out " + csv);
  std::string text = test::read_file(csv);
  CHECK(text.find("crm.bak#set=2/db=CRM/table=dbo.Contacts/page=") !=
        std::string::npos);
  CHECK(text.find("crm.bak#db=CRM/") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("backup sets: a data stream whose length runs past any file") {
  // The walk seeks over data streams by their declared length: a damaged
  // (checksum-valid) length of 2^63 must end the walk, not wrap around.
  fs::path dir = fs::temp_directory_path() / "leakscope_multi_set_len_test";
  fs::create_directories(dir);
  std::string path = (dir / "crm.bak").string();
  bakgen::write_database(path, bakgen::crm_database(), bakgen::crm_tables(1),
                         bakgen::OutputFormat::kBackup);
  std::string b = test::read_file(path);
  size_t at = b.find("MQDA");
  REQUIRE(at != std::string::npos);
  uint64_t huge = uint64_t{1} << 63;
  std::memcpy(&b[at + 8], &huge, 8);
  uint16_t x = 0;
  for (size_t i = 0; i < 20; i += 2) {
    uint16_t w;
    std::memcpy(&w, &b[at + i], 2);
    x ^= w;
  }
  std::memcpy(&b[at + 20], &x, 2);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << b;
  nlohmann::json info = mssql_info(path, "mssql_backup");
  CHECK(info["database"] == "CRM");
  CHECK(info["backup_sets"].size() == 1);
  fs::remove_all(dir);
}
