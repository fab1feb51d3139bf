// Real SQL Server backups and data files from ../shared/corpus/bak: exact row
// counts and values. The stock pubs database's counts are known; files that
// were modified by their owners are checked against their own catalog
// (sysrowsets row counts) and against values read by hand.
#include <doctest/doctest.h>

#include <map>

#include "ingest/source_parser.hpp"
#include "test_support.hpp"

using namespace leakscope;
using leakscope::test::MemorySink;

namespace {

struct Db {
  MemorySink sink;
  CollectingReporter rep;
  ParseOutcome outcome;
  std::map<std::string, int64_t> table_ids;
  explicit Db(const std::string& file) {
    auto path = leakscope::test::corpus_dir() / "bak" / file;
    outcome = parse_source(path.string(), file, sink, rep, {});
    for (size_t i = 0; i < sink.items.size(); ++i)
      if (sink.items[i].kind == "sql_table")
        table_ids[sink.items[i].title] = static_cast<int64_t>(i);
  }
  int rows(const std::string& table) const {
    auto it = table_ids.find(table);
    if (it == table_ids.end()) return -1;
    int n = 0;
    for (const auto& i : sink.items)
      if (i.parent == it->second && i.kind == "sql_row" && !i.field("deleted"))
        ++n;
    return n;
  }
  const Item* row_where(const std::string& table, const std::string& col,
                        const std::string& value) const {
    auto it = table_ids.find(table);
    if (it == table_ids.end()) return nullptr;
    for (const auto& i : sink.items)
      if (i.parent == it->second && i.kind == "sql_row" && i.field(col) &&
          *i.field(col) == value)
        return &i;
    return nullptr;
  }
  const Item* database() const {
    for (const auto& i : sink.items)
      if (i.kind == "sql_database") return &i;
    return nullptr;
  }
  // Every table's decoded rows equal the count its catalog declares.
  void check_declared_counts() const {
    for (const auto& [name, id] : table_ids) {
      const Item& t = sink.items[static_cast<size_t>(id)];
      CAPTURE(name);
      REQUIRE(t.field("declared_rows"));
      CHECK(rows(name) == std::stoi(*t.field("declared_rows")));
    }
  }
};

std::string val(const Item* row, const char* col) {
  if (!row || !row->field(col)) return "<missing>";
  return *row->field(col);
}

bool have() {
  if (leakscope::test::have_corpus("bak")) return true;
  MESSAGE("skipped: ../shared/corpus/bak is absent");
  return false;
}

}  // namespace

TEST_CASE(
    "pubs data file (SQL Server 2005, created 2000): the stock row counts") {
  if (!have()) return;
  Db db("pubs_sql2005_created2000.mdf");
  CHECK(db.outcome.kind == "mssql_data_file");
  REQUIRE(db.database());
  CHECK(*db.database()->field("database") == "pubs");
  CHECK(*db.database()->field("database_version") == "611");
  const std::map<std::string, int> stock = {
      {"dbo.authors", 23},     {"dbo.discounts", 3}, {"dbo.employee", 43},
      {"dbo.jobs", 14},        {"dbo.pub_info", 8},  {"dbo.publishers", 8},
      {"dbo.roysched", 86},    {"dbo.sales", 21},    {"dbo.stores", 6},
      {"dbo.titleauthor", 25}, {"dbo.titles", 18}};
  for (const auto& [t, n] : stock) {
    CAPTURE(t);
    CHECK(db.rows(t) == n);
  }
  db.check_declared_counts();
  const Item* a = db.row_where("dbo.authors", "au_id", "172-32-1176");
  CHECK(val(a, "au_lname") == "White");
  CHECK(val(a, "au_fname") == "Johnson");
  CHECK(val(a, "phone") == "408 496-7223");
  CHECK(val(a, "contract") == "1");
  const Item* t = db.row_where("dbo.titles", "title_id", "BU1032");
  CHECK(val(t, "title") == "The Busy Executive's Database Guide");
  CHECK(val(t, "price") == "19.9900");
  CHECK(val(t, "pubdate") == "1991-06-12T00:00:00.000");
  CHECK(val(t, "type") == "business    ");
  REQUIRE(t);
  CHECK(
      t->locator ==
      "pubs_sql2005_created2000.mdf#db=pubs/table=dbo.titles/page=1:99/slot=0");
  // text and image values stored off-row.
  const Item* p = db.row_where("dbo.pub_info", "pub_id", "1389");
  CHECK(val(p, "pr_info")
            .rfind("This is sample text data for Algodata Infosystems", 0) ==
        0);
  CHECK(val(p, "logo").rfind("0x47494638", 0) == 0);  // a GIF
}

TEST_CASE("pubs backup (SQL Server 2012): rows match the catalog") {
  if (!have()) return;
  Db db("pubs_sql2012rtm_full.bak");
  CHECK(db.outcome.kind == "mssql_backup");
  CHECK(*db.database()->field("database") == "pubs");
  CHECK(*db.database()->field("database_version") == "706");
  CHECK(*db.database()->field("backup_type") == "full");
  CHECK(db.table_ids.size() == 15);
  CHECK(db.rows("dbo.authors") == 26);
  CHECK(db.rows("dbo.jobs") == 14);
  db.check_declared_counts();
  CHECK(val(db.row_where("dbo.authors", "au_id", "172-32-1176"), "au_lname") ==
        "White");
}

TEST_CASE("Northwind backup (SQL Server 2019, upgraded from 2000)") {
  if (!have()) return;
  Db db("northwind_sql2019_full.bak");
  CHECK(*db.database()->field("database") == "Northwind");
  CHECK(*db.database()->field("database_version") == "904");
  // This copy was reshaped by its owner: four tables, not the stock thirteen.
  CHECK(db.table_ids.size() == 4);
  CHECK(db.rows("dbo.Products") == 77);
  CHECK(db.rows("dbo.Categories") == 9);
  CHECK(db.rows("dbo.Users") == 58);
  db.check_declared_counts();
  const Item* chai = db.row_where("dbo.Products", "Name", "Chai");
  CHECK(val(chai, "Id") == "1");
  CHECK(val(chai, "QuantityPerUnit") == "10 boxes x 20 bags");
  CHECK(val(chai, "UnitPrice") == "50.0000");
  CHECK(db.rep.damages.empty());
}

TEST_CASE("QLBH backup (SQL Server 2017): Vietnamese nvarchar data") {
  if (!have()) return;
  Db db("qlbh_sql2017_full.bak");
  CHECK(*db.database()->field("database") == "QLBH");
  CHECK(db.rows("dbo.Customers") == 17);
  CHECK(db.rows("dbo.Products") == 56);
  db.check_declared_counts();
  const Item* c = db.row_where("dbo.Customers", "CustomerID", "15");
  CHECK(val(c, "CompanyName") == "Trần Thanh Sơn");
  CHECK(val(c, "Email") == "thanhson1859@gmail.com");
}

TEST_CASE("LocalDB data file and its log file") {
  if (!have()) return;
  Db db("database1_localdb2012.mdf");
  CHECK(db.outcome.kind == "mssql_data_file");
  CHECK(db.table_ids.size() == 3);
  for (const char* t : {"dbo.Book", "dbo.Borrow", "dbo.User"})
    CHECK(db.rows(t) == 4);
  Db log("database1_localdb2012_log.ldf");
  CHECK(log.outcome.kind == "mssql_log_file");
}

TEST_CASE("log and differential backups are recognised for what they are") {
  if (!have()) return;
  Db log("ft1_sql2008r2_log.trn");
  REQUIRE(log.database());
  CHECK(*log.database()->field("backup_type") == "log");
  CHECK(log.table_ids.empty());
  Db diff("doublediff_sql2008r2_diff1.bak");
  REQUIRE(diff.database());
  CHECK(*diff.database()->field("backup_type") == "differential");
}

TEST_CASE("one stripe of an incomplete striped set: the catalog is read") {
  if (!have()) return;
  Db db("northwind_sql2014_stripe1of2_full.bak");
  CHECK(db.table_ids.size() == 11);
  const Item& customers =
      db.sink.items[static_cast<size_t>(db.table_ids["dbo.Customers"])];
  CHECK(*customers.field("declared_rows") == "91");
}

TEST_CASE(
    "compressed backup (MSSQLBAK): decompressed and read like any backup") {
  if (!have()) return;
  Db db("tutorialdb_compressed.bak");
  CHECK(db.outcome.kind == "mssql_backup_compressed");
  REQUIRE(db.database());
  CHECK(*db.database()->field("database") == "TutorialDB");
  CHECK(db.rows("dbo.rental_data") == 453);
  CHECK(db.rows("dbo.rental_rx_models") == 1);
  db.check_declared_counts();
  const Item* m = db.row_where("dbo.rental_rx_models", "model_name", "rxDTree");
  REQUIRE(m);
  CHECK(val(m, "model").size() ==
        2 + 2 * 17485);  // varbinary(max) read off-row
}
