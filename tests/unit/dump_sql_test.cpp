// SQL text dumps into typed tables (parsers/dump/sql_dump): every dump of
// the corpus gives the rows per table that an independent lexer counted
// (../shared/corpus/dump/EXPECTED.jsonl; Pagila's 46273 and Chinook's 15607
// rows are those databases' published counts); dialect quirks on generated
// text; damage survived.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "leakscope/format.hpp"
#include "sql_dump.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

namespace {

struct Row {
  std::string table;
  std::vector<std::string> cols;
  std::vector<std::string> values;  // NULL as "<NULL>"
};

std::vector<Row> read_dump(const std::string& text, dump::SqlDialect d,
                           size_t step,
                           std::vector<std::string>* problems = nullptr) {
  std::vector<Row> rows;
  dump::SqlDumpReader::Callbacks cb;
  cb.on_row = [&](const dump::TableName& t, const std::vector<std::string>& c,
                  const std::vector<dump::SqlDumpReader::Value>& v) {
    Row r{(t.schema.empty() ? "" : t.schema + ".") + t.name, c, {}};
    for (const auto& x : v) r.values.push_back(x.value_or("<NULL>"));
    rows.push_back(std::move(r));
  };
  dump::SqlDumpReader reader(d, cb);
  for (size_t at = 0; at < text.size(); at += step)
    reader.feed(std::string_view(text).substr(at, step));
  reader.finish();
  if (problems) *problems = reader.problems();
  return rows;
}

}  // namespace

TEST_CASE("sql dumps: rows per table as counted by an independent lexer") {
  if (!test::have_corpus("dump")) {
    MESSAGE("../shared/corpus/dump is absent: skipped");
    return;
  }
  const fs::path dir = test::corpus_dir() / "dump";
  test::TempDir tmp;
  const fs::path store = tmp.path / "s.db";
  std::map<std::string, std::map<std::string, int64_t>> want;
  std::vector<std::string> args = {"ingest"};
  std::ifstream expected(dir / "EXPECTED.jsonl");
  std::string line;
  while (std::getline(expected, line)) {
    const auto r = nlohmann::json::parse(line);
    const std::string type = r["type"];
    if (type.find("dump") == std::string::npos) continue;
    const std::string file = r["file"];
    for (const auto& [table, n] : r["rows_per_table"].items())
      want[file]
          [table.find('.') == std::string::npos ? "dump." + table : table] = n;
    args.push_back((dir / file).string());
  }
  REQUIRE(want.size() == 8);
  args.push_back("--store");
  args.push_back(store.string());
  REQUIRE(test::run_binary(args) == 0);
  std::map<std::string, std::map<std::string, int64_t>> got;
  for (const std::string& row : test::sql_strings(
           store,
           "SELECT d.title || '|' || t.schema_name || '.' || t.name || '|' "
           "|| SUM(t.rows) FROM sql_tables t JOIN items ti ON "
           "ti.id=t.item_id JOIN items d ON d.id=ti.parent_id GROUP BY "
           "d.title, t.schema_name, t.name")) {
    const size_t a = row.find('|'), b = row.rfind('|');
    got[row.substr(0, a)][row.substr(a + 1, b - a - 1)] =
        std::stoll(row.substr(b + 1));
  }
  for (const auto& [file, tables] : want) {
    CAPTURE(file);
    CHECK(got[file] == tables);
  }
  // Pagila and Chinook as published.
  int64_t pagila = 0, chinook = 0;
  for (const auto& [t, n] : got["neondatabase-postgres-sample-dbs__pagila.sql"])
    pagila += n;
  for (const auto& [t, n] :
       got["neondatabase-postgres-sample-dbs__chinook.sql"])
    chinook += n;
  CHECK(pagila == 46273);
  CHECK(chinook == 15607);
  // No damage in real dumps.
  CHECK(test::sql_strings(store, "SELECT what FROM damages").empty());
}

TEST_CASE("sql dumps: dialect quirks") {
  // MySQL: backslash escapes, backticks, conditional comments, _binary,
  // extended inserts, an explicit column list.
  const std::string my =
      "-- MySQL dump 10.13\n/*!40101 SET NAMES utf8 */;\n"
      "CREATE TABLE `people` (\n  `id` int NOT NULL,\n  `name` varchar(40),\n"
      "  `note` text,\n  PRIMARY KEY (`id`),\n  KEY `k` (`name`)\n);\n"
      "INSERT INTO `people` VALUES (1,'O\\'Brien','a;b'),(2,'Ann \"A\"',NULL),"
      "(3,_binary 'x\\0y','semi;colon\\nline');\n"
      "INSERT INTO `people` (`name`,`id`) VALUES ('Bob',4);\n";
  REQUIRE(dump::sniff_sql_dump(my) == dump::SqlDialect::kMySql);
  for (size_t step : {1, 5, 64, 100000}) {
    CAPTURE(step);
    const auto rows = read_dump(my, dump::SqlDialect::kMySql, step);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].values == std::vector<std::string>{"1", "O'Brien", "a;b"});
    CHECK(rows[1].values ==
          std::vector<std::string>{"2", "Ann \"A\"", "<NULL>"});
    CHECK(rows[2].values == std::vector<std::string>{"3",
                                                     std::string("x\0y", 3),
                                                     "semi;colon\nline"});
    CHECK(rows[3].cols == std::vector<std::string>{"name", "id"});
  }
  // PostgreSQL: COPY blocks with escapes and \N, dollar-quoted bodies with
  // semicolons, E'' strings, casts, quoted identifiers.
  const std::string pg =
      "-- PostgreSQL database dump\n"
      "CREATE FUNCTION f() RETURNS void AS $$ BEGIN PERFORM 1; END; $$;\n"
      "CREATE TABLE public.\"2019\" (\"Country\" text, score numeric);\n"
      "COPY public.\"2019\" (\"Country\", score) FROM stdin;\n"
      "Finland\t7.769\nC\\u00f4te\\td'Ivoire\t\\N\n\\.\n"
      "INSERT INTO public.t VALUES (E'tab\\there', 'x'::text, 'it''s');\n";
  REQUIRE(dump::sniff_sql_dump(pg) == dump::SqlDialect::kPostgres);
  for (size_t step : {1, 3, 4096}) {
    CAPTURE(step);
    const auto rows = read_dump(pg, dump::SqlDialect::kPostgres, step);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].table == "public.2019");
    CHECK(rows[0].values == std::vector<std::string>{"Finland", "7.769"});
    CHECK(rows[1].values ==
          std::vector<std::string>{"Cu00f4te\td'Ivoire", "<NULL>"});
    CHECK(rows[2].values == std::vector<std::string>{"tab\there", "x", "it's"});
  }
  // Not dumps.
  CHECK_FALSE(dump::sniff_sql_dump("Dear Ann,\ninsert the page here.\n"));
  CHECK(identify("INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\n") ==
        "sql_dump");
  // An unterminated string at the end is reported.
  std::vector<std::string> problems;
  read_dump("INSERT INTO t VALUES (1,'open", dump::SqlDialect::kStandard, 7,
            &problems);
  CHECK(problems == std::vector<std::string>{
                        "a quoted string is not closed at the end of the dump",
                        "statement 1: a tuple of t is not closed"});
}

TEST_CASE("sql dumps: damaged corpus dumps never crash") {
  if (!test::have_corpus("dump")) {
    MESSAGE("../shared/corpus/dump is absent: skipped");
    return;
  }
  const std::string bytes = test::read_file(test::corpus_dir() / "dump" /
                                            "libsese-sese__mysql_dump.sql");
  std::mt19937 rng(9);
  int variants = 0, reported = 0;
  for (int k = 1; k <= 20; ++k) {
    std::string b = bytes.substr(0, bytes.size() * k / 21);
    for (int f = 0; f < 8; ++f)
      b[rng() % b.size()] ^= static_cast<char>(1u << (rng() % 8));
    ++variants;
    std::vector<std::string> problems;
    read_dump(b, dump::SqlDialect::kMySql, 997, &problems);
    if (!problems.empty()) ++reported;
  }
  CHECK(variants == 20);
  MESSAGE(reported << " of 20 damaged dumps reported damage");
  // A cut inside a string or a tuple is reported; a cut between statements
  // leaves a shorter, well-formed dump (and a flip inside a value changes
  // the value): those stay silent.
  CHECK(reported == 6);
}
