// JSON and NDJSON exports into typed tables (parsers/dump/json_records):
// the corpus's two files as Python's json module reads them
// (../shared/corpus/dump/EXPECTED.jsonl), nested paths, tables per member,
// columns past the first records, damage.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "json_records.hpp"
#include "leakscope/format.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

namespace {

std::vector<dump::JsonRecord> records(
    const std::string& text, size_t step,
    std::vector<std::string>* problems = nullptr) {
  std::vector<dump::JsonRecord> out;
  auto layout = dump::sniff_json(text);
  REQUIRE(layout);
  dump::JsonRecordReader r(
      *layout, [&](const dump::JsonRecord& x) { out.push_back(x); });
  for (size_t at = 0; at < text.size(); at += step)
    r.feed(std::string_view(text).substr(at, step));
  r.finish();
  if (problems) *problems = r.problems();
  return out;
}

}  // namespace

TEST_CASE("json: the corpus's JSON and NDJSON files") {
  if (!test::have_corpus("dump")) {
    MESSAGE("../shared/corpus/dump is absent: skipped");
    return;
  }
  const fs::path dir = test::corpus_dir() / "dump";
  test::TempDir tmp;
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary(
              {"ingest",
               (dir / "wireservice-csvkit__testjson_nested.json").string(),
               (dir / "wireservice-csvkit__testjson_multiline.json").string(),
               "--store", store.string()}) == 0);
  // EXPECTED: a list of 2 (keys text, float, datetime, boolean, nested);
  // NDJSON of 2 records with two key sets.
  CHECK(test::sql_strings(
            store,
            "SELECT t.name || ' ' || t.rows || ' ' || (SELECT "
            "group_concat(name, ',') FROM (SELECT name FROM sql_columns c "
            "WHERE c.table_id=t.id ORDER BY ordinal)) FROM sql_tables t ORDER "
            "BY t.name") ==
        std::vector<std::string>{
            "wireservice-csvkit__testjson_multiline 2 a,b,d",
            "wireservice-csvkit__testjson_nested 2 text,float,datetime,"
            "boolean,nested.time,nested.nested.date,nested.nested.integer"});
  CHECK(test::sql_strings(store,
                          "SELECT value FROM item_fields WHERE name='format' "
                          "ORDER BY value") ==
        std::vector<std::string>{"json", "ndjson"});
}

TEST_CASE("json: members of a top-level object, arrays, nulls, pieces") {
  const std::string doc =
      "{\"meta\": {\"v\": 1},\n \"users\": [{\"id\": 1, \"email\": "
      "\"a@example.org\", \"tags\": [\"x\", \"y\"]}, {\"id\": 2, \"email\": "
      "null}],\n \"orders\": [{\"n\": 7}]}";
  for (size_t step : {1, 4, 1000}) {
    CAPTURE(step);
    const auto r = records(doc, step);
    REQUIRE(r.size() == 3);
    CHECK(r[0].table == "users");
    CHECK(r[0].fields.size() == 4);
    CHECK(r[0].fields[2].first == "tags.0");
    CHECK(r[0].fields[3] ==
          std::pair<std::string, std::optional<std::string>>{"tags.1", "y"});
    CHECK(r[1].fields[1].second == std::nullopt);
    CHECK(r[2].table == "orders");
  }
  // Not JSON records.
  CHECK_FALSE(dump::sniff_json("plain text\n"));
  CHECK(identify("[{\"a\": 1}, {\"a\": 2}]") == "json");
  CHECK(identify("{\"a\":1}\n{\"a\":2}\n") == "json");
  // A cut document (identification would not call it JSON: read as one
  // here) keeps its whole records and says where it broke.
  std::vector<dump::JsonRecord> cut;
  dump::JsonRecordReader r(
      dump::JsonLayout::kDocument,
      [&](const dump::JsonRecord& x) { cut.push_back(x); });
  r.feed("[{\"a\": 1}, {\"a\": 2}, {\"a\"");
  r.finish();
  CHECK(cut.size() == 2);
  REQUIRE(r.problems().size() == 1);
  CHECK(r.problems()[0].find("the records before it are kept") !=
        std::string::npos);
}

TEST_CASE("json: truncated and bit-flipped exports never crash") {
  if (!test::have_corpus("dump")) {
    MESSAGE("../shared/corpus/dump is absent: skipped");
    return;
  }
  const std::string doc = test::read_file(
      test::corpus_dir() / "dump" / "wireservice-csvkit__testjson_nested.json");
  const std::string lines =
      test::read_file(test::corpus_dir() / "dump" /
                      "wireservice-csvkit__testjson_multiline.json");
  std::mt19937 rng(6);
  int variants = 0, reported = 0;
  for (const auto& [bytes, layout] :
       {std::pair{doc, dump::JsonLayout::kDocument},
        std::pair{lines, dump::JsonLayout::kLines}}) {
    for (int k = 0; k < 20; ++k) {
      std::string b =
          k < 10 ? bytes.substr(0, bytes.size() * (k + 1) / 11) : bytes;
      if (k >= 10)
        for (int f = 0; f < 4; ++f)
          b[rng() % b.size()] ^= static_cast<char>(1u << (rng() % 8));
      ++variants;
      dump::JsonRecordReader r(layout, [](const dump::JsonRecord&) {});
      r.feed(b);
      r.finish();
      if (!r.problems().empty()) ++reported;
    }
  }
  CHECK(variants == 40);
  MESSAGE(reported << " of 40 damaged exports reported damage");
  // Every cut document is reported (its array is never closed), and every
  // flipped one here (four flips in a few hundred bytes break its syntax).
  CHECK(reported == 40);
}
