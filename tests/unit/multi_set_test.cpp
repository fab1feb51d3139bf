// Backup files holding several backup sets (BACKUP ... WITH NOINIT appends
// a set to the media): `info` lists every set and `ingest` recovers each
// full set as its own database instead of mixing their pages.
#include <doctest/doctest.h>

#include <algorithm>
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
  test::TempDir dir;
  std::string crm = dir.file("crm.bak"), bench = dir.file("bench.bak"),
              multi = dir.file("appended.bak");
  bakgen::write_database(crm, bakgen::crm_database(), bakgen::crm_tables(1),
                         bakgen::OutputFormat::kBackup);
  bakgen::write_bench(bench, 1500, 2, bakgen::OutputFormat::kBackup);
  std::ofstream(multi, std::ios::binary) << append_sets(crm, bench);

  nlohmann::json info = mssql_info(multi, "mssql_backup");
  REQUIRE(info["backup_sets"].size() == 2);
  CHECK(info["backup_sets"][0] ==
        nlohmann::json{{"position", 1},
                       {"database", "CRM"},
                       {"backup_type", "full"},
                       {"backup_name", "CRM-Full Database Backup"},
                       {"backup_start", "2022-11-30T23:00:04+01:00"},
                       {"backup_finish", "2022-11-30T23:00:06+01:00"},
                       {"sql_server_version", "15.0.2000"},
                       {"database_version", 904}});
  CHECK(info["backup_sets"][1] ==
        nlohmann::json{{"position", 2},
                       {"database", "Bench"},
                       {"backup_type", "full"},
                       {"backup_name", "Bench-Full Database Backup"},
                       {"backup_start", "2021-06-16T10:03:26+01:00"},
                       {"backup_finish", "2021-06-16T10:03:28+01:00"},
                       {"sql_server_version", "15.0.2000"},
                       {"database_version", 904}});
  // Top-level keys: the first set, its own finish time (not the file's end);
  // the header parser sees set 1 only, so the one note is the set count.
  CHECK(info["database"] == "CRM");
  CHECK(info["backup_finish"] == "2022-11-30T23:00:06+01:00");
  CHECK(info["notes"] ==
        nlohmann::json::array(
            {"2 backup sets appended in this file: the top-level keys "
             "describe set 1; `ingest` recovers each full set as its own "
             "database, differential sets applied to the full set before "
             "them"}));
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
}

TEST_CASE("backup sets: two fulls of one database, told apart by set") {
  test::TempDir dir;
  std::string a = dir.file("a.bak"), b = dir.file("b.bak"),
              multi = dir.file("crm.bak"), store = dir.file("case.db");
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
  // Each set's contacts, with their own values (set 1 was written with
  // seed 1, set 2 with seed 2): 40 live rows and 2 ghosts, plus the header.
  for (int set : {1, 2}) {
    std::string csv = dir.file("contacts" + std::to_string(set) + ".csv");
    test::run_leakscope("dump-table --store " + store +
                        " --table CRM.dbo.Contacts --backup-set " +
                        std::to_string(set) + " --out " + csv);
    std::string text = test::read_file(csv);
    CHECK(std::count(text.begin(), text.end(), '\n') == 43);
    CHECK(text.find(set == 1 ? "crm.bak#db=CRM/table=dbo.Contacts/page="
                             : "crm.bak#set=2/db=CRM/table=dbo.Contacts/"
                               "page=") != std::string::npos);
    CHECK(text.find(set == 1 ? "crm.bak#set=2/" : "crm.bak#db=CRM/") ==
          std::string::npos);
    // A cell starting with '+' that is not a plain number is neutralised.
    CHECK(text.find(set == 1
                        ? "katrin.schroeder@contoso.de,'+49 30 23125 820,"
                        : "katrin.schroeder@contoso.de,'+49 30 23125 857,") !=
          std::string::npos);
  }
}

TEST_CASE("backup sets: a data stream whose length runs past any file") {
  // The walk seeks over data streams by their declared length: a damaged
  // (checksum-valid) length of 2^63 must end the walk, not wrap around.
  test::TempDir dir;
  std::string path = dir.file("crm.bak");
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
  CHECK(info["notes"].empty());
  // Ingest reads through instead (it does not seek): every page is still
  // there, and the end-of-set block the stream swallowed is reported.
  test::MemorySink sink;
  CollectingReporter rep;
  parse_source(path, "crm.bak", sink, rep, {});
  CHECK(sink.of_kind("sql_row").size() == 67);  // 42 + 17 + 8
  REQUIRE(rep.damages.size() == 1);
  CHECK(rep.damages[0].what ==
        "no ESET block at the end: the backup is incomplete");
}
