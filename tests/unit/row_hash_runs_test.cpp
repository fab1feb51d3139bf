// Unique SQL rows from the sorted row-hash runs that ingest keeps
// (store/hash_runs.hpp): the encoding, the merge, damaged runs, and the
// figure report.json gives for the same table in two backups, whether each
// table is one run or many.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "bakgen/backup_writer.hpp"
#include "store/hash_runs.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;
namespace bg = bakgen;

namespace {

class VectorStream : public SortedHashStream {
 public:
  explicit VectorStream(std::vector<HashRunChunk> chunks)
      : chunks_(std::move(chunks)), reader_(&VectorStream::next_chunk, this) {}
  bool next(uint64_t* h) override { return reader_.next(h); }
  bool damaged() const { return reader_.damaged(); }

 private:
  static bool next_chunk(void* self, std::string* bytes) {
    auto* v = static_cast<VectorStream*>(self);
    if (v->at_ >= v->chunks_.size()) return false;
    *bytes = v->chunks_[v->at_++].bytes;
    return true;
  }
  std::vector<HashRunChunk> chunks_;
  size_t at_ = 0;
  HashRunReader reader_;
};

// A backup at `path` of database `database` holding one table, dbo.`table`.
std::string one_table_backup(const fs::path& path, const std::string& database,
                             const std::string& table,
                             std::vector<bg::Column> columns,
                             decltype(bg::TableContents::rows) rows) {
  bg::DatabaseSpec db;
  db.name = database;
  bg::TableContents t;
  t.spec.name = table;
  t.spec.columns = std::move(columns);
  t.rows = std::move(rows);
  bg::write_database(path.string(), db, {t});
  return path.string();
}

// The report.json `leakscope report --format json` writes for `store` into
// `out`.
nlohmann::json json_report(const fs::path& store, const fs::path& out) {
  REQUIRE(test::run_binary({"report", "--store", store.string(), "--out",
                            out.string(), "--format", "json"}) == 0);
  return nlohmann::json::parse(test::read_file(out / "report.json"));
}

}  // namespace

TEST_CASE("hash runs: sorted, distinct, chunked, decoded back exactly") {
  std::mt19937_64 rng(7);
  std::vector<uint64_t> hashes;
  for (int k = 0; k < 150000; ++k) hashes.push_back(rng());
  hashes.push_back(0);
  hashes.push_back(~uint64_t{0});
  for (int k = 0; k < 1000; ++k) hashes.push_back(hashes[k]);  // repeats
  std::vector<uint64_t> expected = hashes;
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());

  auto chunks = encode_hash_run(hashes);
  REQUIRE(chunks.size() == 3);  // 150002 distinct in chunks of 65536
  CHECK(chunks[0].count == 65536);
  CHECK(chunks[2].count == 150002 - 2 * 65536);
  VectorStream s(chunks);
  std::vector<uint64_t> back;
  uint64_t h;
  while (s.next(&h)) back.push_back(h);
  CHECK_FALSE(s.damaged());
  CHECK(back == expected);
}

TEST_CASE("hash runs: distinct over overlapping runs; damage ends a run") {
  std::vector<uint64_t> a = {5, 1, 9, 1000000007, 3}, b = {9, 3, 42}, c = {42};
  std::vector<std::unique_ptr<SortedHashStream>> streams;
  streams.push_back(std::make_unique<VectorStream>(encode_hash_run(a)));
  streams.push_back(std::make_unique<VectorStream>(encode_hash_run(b)));
  streams.push_back(std::make_unique<VectorStream>(encode_hash_run(c)));
  CHECK(count_distinct_hashes(streams) == 6);  // 1 3 5 9 42 1000000007

  // A chunk cut inside its last varint: what precedes is counted, the run
  // is marked damaged.
  std::vector<uint64_t> d = {1, 2, uint64_t{1} << 60};
  auto chunks = encode_hash_run(d);
  chunks[0].bytes.pop_back();
  VectorStream cut(chunks);
  uint64_t h;
  int n = 0;
  while (cut.next(&h)) ++n;
  CHECK(n == 2);
  CHECK(cut.damaged());
  // A difference of 0 (hashes not ascending): damaged, not counted twice.
  HashRunChunk zero{3, std::string("\x05\x00\x01", 3)};
  VectorStream z({zero});
  n = 0;
  while (z.next(&h)) ++n;
  CHECK(n == 1);
  CHECK(z.damaged());
}

TEST_CASE(
    "report: unique SQL rows across two backups of one database, one run or "
    "many per table") {
  test::TempDir tmp;
  // Rows (k % 2000) for k in [first, first + 3000): duplicates inside each
  // table, and the second backup overlaps the first.
  auto backup = [&](const std::string& file, const std::string& database,
                    int first) {
    decltype(bg::TableContents::rows) rows;
    for (int k = first; k < first + 3000; ++k) {
      const int v = k % 2000 + (first ? 1000 : 0);
      rows.push_back({"E" + std::to_string(v), "note " + std::to_string(v)});
    }
    return one_table_backup(tmp.path / file, database, "Events",
                            {bg::Column("Code", "varchar(40)"),
                             bg::Column("Note", "nvarchar(100)")},
                            std::move(rows));
  };
  // Backup one: values 0..1999 (1000 of them twice). Backup two, same
  // database: values 1000..2999 plus 1000..1999 again from k%2000 wrapping
  // (values 1000 + (k % 2000) for k in 3000..5999: 2000..2999, 1000..2999).
  const std::string one = backup("one.bak", "Shop", 0),
                    two = backup("two.bak", "Shop", 3000),
                    other = backup("other.bak", "Archive", 0);
  for (const char* per_run : {"", "700"}) {
    CAPTURE(per_run);
    fs::path store = tmp.path / (std::string("case") + per_run + ".db");
    if (*per_run) ::setenv("LEAKSCOPE_TEST_HASHES_PER_RUN", per_run, 1);
    const int rc = test::run_binary(
        {"ingest", one, two, other, "--store", store.string()});
    ::unsetenv("LEAKSCOPE_TEST_HASHES_PER_RUN");
    REQUIRE(rc == 0);
    CHECK(test::sql_strings(store,
                            "SELECT COUNT(DISTINCT table_id || '/' || run) "
                            "FROM sql_row_hashes")[0] ==
          (*per_run ? "15" : "3"));  // 3000 rows: 5 runs of 700 or fewer
    auto r = json_report(store, tmp.path / (std::string("out") + per_run));
    // Shop.dbo.Events: values 0..2999 once each = 3000 unique rows;
    // Archive.dbo.Events: values 0..1999 = 2000 (another table: its rows
    // are its own, whatever their values).
    CHECK(r["counts"]["sql"]["rows"] ==
          nlohmann::json({{"raw", 9000}, {"unique", 5000}}));
    CHECK(r["counts"]["sql"]["tables"] == 2);
    CHECK(r["counts"]["sql"]["databases"] == 2);
  }
}

TEST_CASE("merge: shards keep their row-hash runs; unique rows as one store") {
  test::TempDir tmp;
  auto backup = [&](const std::string& file, int first) {
    decltype(bg::TableContents::rows) rows;
    for (int k = first; k < first + 1500; ++k)
      rows.push_back({"E" + std::to_string(k)});
    return one_table_backup(tmp.path / file, "Shop", "Events",
                            {bg::Column("Code", "varchar(40)")},
                            std::move(rows));
  };
  const fs::path a = tmp.path / "a.db", b = tmp.path / "b.db",
                 merged = tmp.path / "merged.db";
  REQUIRE(test::run_binary(
              {"ingest", backup("one.bak", 0), "--store", a.string()}) == 0);
  REQUIRE(test::run_binary(
              {"ingest", backup("two.bak", 1000), "--store", b.string()}) == 0);
  REQUIRE(test::run_binary({"merge", a.string(), b.string(), "--into",
                            merged.string()}) == 0);
  CHECK(test::sql_strings(merged, "SELECT SUM(count) FROM sql_row_hashes")[0] ==
        "3000");
  auto r = json_report(merged, tmp.path / "out");
  // E0..E1499 and E1000..E2499: 2500 distinct rows of 3000.
  CHECK(r["counts"]["sql"]["rows"] ==
        nlohmann::json({{"raw", 3000}, {"unique", 2500}}));
}

TEST_CASE("report: e-mail addresses counted wherever found, place by place") {
  // A CRM table's addresses (one also in a message header) and a message:
  // counts.email_addresses is every address, in_sql and in_headers beside.
  test::TempDir tmp;
  one_table_backup(tmp.path / "crm.bak", "CRM", "People",
                   {bg::Column("Email", "varchar(80)")},
                   {{"Ann@Contoso.com"},
                    {"bob@contoso.com"},
                    {"ann@contoso.com"},
                    {"cy@fabrikam.de"}});
  fs::create_directories(tmp.path / "mail");
  std::ofstream(tmp.path / "mail" / "1.eml", std::ios::binary)
      << "From: dee@fabrikam.de\r\nTo: ann@contoso.com\r\nSubject: "
         "hi\r\n\r\nwrite to eve@northwind.nl\r\n";
  const fs::path store = tmp.path / "case.db";
  REQUIRE(test::run_binary({"ingest", tmp.file("crm.bak"),
                            (tmp.path / "mail").string(), "--store",
                            store.string()}) == 0);
  auto r = json_report(store, tmp.path / "out");
  CHECK(r["counts"]["email_addresses"] == nlohmann::json::parse(R"({
      "raw": 7, "unique": 5,
      "in_headers": {"raw": 2, "unique": 2},
      "in_sql": {"raw": 4, "unique": 3},
      "in_text": {"raw": 1, "unique": 1}})"));
}
