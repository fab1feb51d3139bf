// ingest --shard K/N + merge give exactly the figures of a single run (4
// shards over samples/: mail, a SQL Server backup, documents, a zip), and
// export-index writes a k-anonymity range index a checker can use.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "ingest/ingest.hpp"
#include "leakscope/measure.hpp"
#include "leakscope/store.hpp"
#include "report/notify.hpp"
#include "report/report_json.hpp"
#include "store/merge.hpp"
#include "store/schema.hpp"
#include "store/statement.hpp"
#include "test_support.hpp"
#include "util/sha256.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

namespace {

nlohmann::json figures(const std::string& db) {
  auto store = Store::open(db, true);
  nlohmann::json r = build_report(*store);
  MeasureOptions mo;
  mo.reference_date = "2026-01-01";
  add_measurements(*store, r, mo);
  nlohmann::json out;
  for (const char* k : {"sources", "counts", "countries", "time_span",
                        "categories", "by_source", "government"})
    out[k] = r[k];
  return out;
}

// Each recovered table's full name with its view's columns, sorted (view
// names and table ids differ between a run and a merge).
std::multiset<std::string> view_columns(const fs::path& db) {
  std::vector<std::string> v = test::sql_strings(
      db,
      "SELECT t.full_name || ': ' || (SELECT group_concat(name, '|') FROM "
      "pragma_table_info(t.view_name)) FROM sql_tables t");
  return {v.begin(), v.end()};
}

}  // namespace

TEST_CASE("shard: four shards merged measure exactly like one run") {
  fs::path dir = fs::temp_directory_path() /
                 ("leakscope-shard-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  IngestOptions one;
  one.paths = {"samples"};
  one.store_path = (dir / "single.db").string();
  one.jobs = 2;
  run_ingest(one, {});
  std::set<std::string> seen;
  int64_t shard_sources = 0;
  auto merged = Store::open((dir / "merged.db").string());
  for (int k = 1; k <= 4; ++k) {
    IngestOptions o = one;
    o.store_path = (dir / ("shard" + std::to_string(k) + ".db")).string();
    o.shard_k = k;
    o.shard_n = 4;
    run_ingest(o, {});
    MergeSummary m = merge_store(*merged, o.store_path);
    CHECK(m.sources > 0);  // every shard gets a share of 51 files
    shard_sources += m.sources;
  }
  merged.reset();
  auto single = Store::open(one.store_path, true);
  CHECK(shard_sources ==
        StoreSql::scalar(*single, "SELECT COUNT(*) FROM sources"));
  single.reset();
  nlohmann::json a = figures(one.store_path),
                 b = figures((dir / "merged.db").string());
  CHECK(a["counts"] == b["counts"]);
  CHECK(a["countries"] == b["countries"]);
  CHECK(a["time_span"] == b["time_span"]);
  CHECK(a["categories"] == b["categories"]);
  CHECK(a["by_source"] == b["by_source"]);
  CHECK(a["sources"] == b["sources"]);
  CHECK(a["government"] == b["government"]);
  // Views as ingest makes them: page columns on the backup's tables, the
  // record number on the dumps'.
  const std::multiset<std::string> views = view_columns(one.store_path);
  CHECK(views == view_columns(dir / "merged.db"));
  CHECK(views.count("customers_export.csv.csv.customers_export: "
                    "id|first_name|last_name|email|phone|leakscope_row|"
                    "leakscope_record") == 1);
  CHECK(views.count("CRM.dbo.Contacts: ContactId|FirstName|LastName|Email|"
                    "Phone|Country|City|CreatedAt|leakscope_row|leakscope_"
                    "page|leakscope_slot|leakscope_state") == 1);
  // A shard merged twice is refused, and the target is unchanged.
  auto again = Store::open((dir / "merged.db").string());
  int64_t items = StoreSql::scalar(*again, "SELECT COUNT(*) FROM items");
  CHECK_THROWS_WITH_AS(
      merge_store(*again, (dir / "shard1.db").string()),
      doctest::Contains("source paths already in the target store"),
      std::runtime_error);
  CHECK(StoreSql::scalar(*again, "SELECT COUNT(*) FROM items") == items);
  again.reset();
  fs::remove_all(dir);
}

TEST_CASE("shard: export-index writes HIBP-style ranges") {
  fs::path dir = fs::temp_directory_path() /
                 ("leakscope-index-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    std::ofstream(dir / "a.eml", std::ios::binary)
        << "From: Anna <Anna@Contoso.DE>\r\nTo: x@gmail.com\r\nMessage-ID: "
           "<i@x>\r\n\r\nhi\r\n";
  }
  IngestOptions o;
  o.paths = {(dir / "a.eml").string()};
  o.store_path = (dir / "c.db").string();
  o.jobs = 1;
  run_ingest(o, {});
  auto store = Store::open(o.store_path, true);
  // anna@contoso.de, x@gmail.com and the registrable domain contoso.de
  // (gmail.com is free mail: not an organisation).
  CHECK(export_lookup_index(*store, (dir / "index").string()) == 3);
  for (const char* name : {"anna@contoso.de", "contoso.de", "x@gmail.com"}) {
    std::string h = Sha256::hex(name);
    for (char& c : h)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::ifstream in(dir / "index" / (h.substr(0, 5) + ".txt"));
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK_MESSAGE(ss.str().find(h.substr(5) + "\n") != std::string::npos, name);
  }
  std::string g = Sha256::hex("gmail.com");
  for (char& c : g)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::ifstream missing(dir / "index" / (g.substr(0, 5) + ".txt"));
  std::stringstream ms;
  ms << missing.rdbuf();
  CHECK(ms.str().find(g.substr(5)) == std::string::npos);
  store.reset();
  fs::remove_all(dir);
}

TEST_CASE(
    "shard: scripts/shards runs shards with GNU parallel and merges them") {
  if (std::system("command -v parallel >/dev/null 2>&1") != 0) {
    MESSAGE(
        "GNU parallel is not installed (scripts/setup installs it): skipped");
    return;
  }
  fs::path dir = fs::temp_directory_path() /
                 ("leakscope-pshard-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string out = (dir / "case.db").string();
  int rc = std::system(("LEAKSCOPE=" LEAKSCOPE_BINARY " scripts/shards 3 " +
                        out + " samples/mail samples/docs >/dev/null 2>&1")
                           .c_str());
  CHECK(rc == 0);
  IngestOptions one;
  one.paths = {"samples/mail", "samples/docs"};
  one.store_path = (dir / "single.db").string();
  one.jobs = 1;
  run_ingest(one, {});
  nlohmann::json a = figures(one.store_path), b = figures(out);
  CHECK(a["counts"] == b["counts"]);
  CHECK(a["by_source"] == b["by_source"]);
  fs::remove_all(dir);
}

TEST_CASE("a row's place and state survive their packing into _place") {
  using leakscope::decode_place;
  using leakscope::encode_place;
  using leakscope::RowState;
  using leakscope::SqlRowRef;
  auto ref = [](uint32_t file, uint32_t page, uint16_t slot, RowState st) {
    SqlRowRef r;
    r.file = file;
    r.page = page;
    r.slot = slot;
    r.state = st;
    return r;
  };
  for (const SqlRowRef& r :
       {ref(1, 0, 0, RowState::kLive), ref(1, 16, 1, RowState::kGhost),
        ref(1, 131071, 4047, RowState::kUnallocatedPage),
        ref(2, 0xFFFFFFFFu, 4095, RowState::kLive),
        ref(65535, 7, 3, RowState::kGhost), ref(0, 9, 8, RowState::kLive)}) {
    const int64_t p = encode_place(r);
    CAPTURE(p);
    CHECK(p >= 0);
    const SqlRowRef back = decode_place(p);
    CHECK(back.file == r.file);
    CHECK(back.page == r.page);
    CHECK(back.slot == r.slot);
    CHECK(back.state == r.state);
  }
  // File 1 and a page below 2^17: a value SQLite stores in 4 bytes.
  CHECK(encode_place(ref(1, 131071, 4047, RowState::kUnallocatedPage)) <
        (int64_t{1} << 31));
  CHECK(encode_place(ref(1, 16, 1, RowState::kGhost)) ==
        (16 << 14 | 1 << 2 | 1));
}
