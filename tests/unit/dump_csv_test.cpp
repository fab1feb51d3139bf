// Delimited text exports into typed tables (parsers/dump, src/ingest/
// formats/dumps.cpp): the corpus's CSV and TSV files as Python's csv module
// reads them (../shared/corpus/dump/EXPECTED.jsonl), RFC 4180 and its usual
// deviations on generated files, damage survived.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "csv_reader.hpp"
#include "leakscope/format.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

namespace {

// Every record of `bytes` read in pieces of `step` bytes.
std::vector<std::vector<std::string>> records(
    const std::string& bytes, const dump::CsvDialect& d, size_t step,
    std::vector<std::string>* problems = nullptr) {
  std::vector<std::vector<std::string>> out;
  dump::CsvReader r(d, [&](uint64_t n, const std::vector<std::string>& f) {
    CHECK(n == out.size() + 1);
    out.push_back(f);
  });
  for (size_t at = 0; at < bytes.size(); at += step)
    r.feed(std::string_view(bytes).substr(at, step));
  r.finish();
  if (problems) *problems = r.problems();
  return out;
}

}  // namespace

TEST_CASE("csv: the corpus's exports as Python's csv module reads them") {
  if (!test::have_corpus("dump")) {
    MESSAGE("../shared/corpus/dump is absent: skipped");
    return;
  }
  test::TempDir tmp;
  const fs::path dir = test::corpus_dir() / "dump";
  const fs::path store = tmp.path / "s.db";
  std::vector<std::string> args = {"ingest"};
  for (const char* f :
       {"neondatabase-postgres-sample-dbs__titanic.csv",
        "wireservice-csvkit__dummy.tsv", "wireservice-csvkit__test_latin1.csv",
        "wireservice-csvkit__test_utf16_little.csv"})
    args.push_back((dir / f).string());
  args.push_back("--store");
  args.push_back(store.string());
  REQUIRE(test::run_binary(args) == 0);
  // Rows are the records after the header (EXPECTED: records including the
  // header 1310, 2, 3, 3; every record as wide as the header).
  CHECK(test::sql_strings(
            store,
            "SELECT t.name || ' ' || t.rows || ' ' || (SELECT COUNT(*) FROM "
            "sql_columns c WHERE c.table_id=t.id) FROM sql_tables t ORDER BY "
            "t.name") ==
        std::vector<std::string>{
            "neondatabase-postgres-sample-dbs__titanic 1309 21",
            "wireservice-csvkit__dummy 1 3",
            "wireservice-csvkit__test_latin1 2 3",
            "wireservice-csvkit__test_utf16_little 2 3"});
  CHECK(test::sql_strings(
            store,
            "SELECT group_concat(name, ',') FROM (SELECT c.name FROM "
            "sql_columns c JOIN sql_tables t ON t.id=c.table_id WHERE "
            "t.name LIKE '%titanic' ORDER BY c.ordinal)") ==
        std::vector<std::string>{
            "passengerid,survived,pclass,name,sex,age,sibSp,parch,ticket,fare,"
            "cabin,embarked,wikiId,name_wiki,age_wiki,hometown,boarded,"
            "destination,lifeboat,body,class"});
  CHECK(test::sql_strings(
            store,
            "SELECT f.value || ' ' || (SELECT d.value FROM item_fields d "
            "WHERE d.item_id=i.id AND d.name='delimiter') FROM items i JOIN "
            "item_fields f ON f.item_id=i.id AND f.name='encoding' WHERE "
            "i.kind='sql_database' ORDER BY i.title") ==
        std::vector<std::string>{"UTF-8 ,", "UTF-8 tab", "windows-1252 ,",
                                 "UTF-16LE ,"});
  // The last cell of the Latin-1 and UTF-16 files, decoded.
  const std::string latin1 =
      test::read_file(dir / "wireservice-csvkit__test_latin1.csv");
  auto d = dump::sniff_csv(latin1, "test_latin1.csv");
  REQUIRE(d);
  CHECK(records(latin1, *d, 1).back() ==
        std::vector<std::string>{"4", "5", "\u00A9"});
  const std::string utf16 =
      test::read_file(dir / "wireservice-csvkit__test_utf16_little.csv");
  d = dump::sniff_csv(utf16, "test_utf16_little.csv");
  REQUIRE(d);
  CHECK(d->encoding == dump::TextEncoding::kUtf16Le);
  CHECK(records(utf16, *d, 3).back() ==
        std::vector<std::string>{"4", "5", "\u02A4"});
}

TEST_CASE("csv: quoting, line ends, delimiters and headers") {
  const std::string text =
      "\xEF\xBB\xBFid;name;note\r\n"
      "1;\"Smith; John\";\"said \"\"hi\"\"\"\r\n"
      "2;Ann;\"two\r\nlines\"\r\n"
      "3;Bob;\r\n";
  auto d = dump::sniff_csv(text, "export.txt");
  REQUIRE(d);
  CHECK(d->delimiter == ';');
  CHECK(d->header);
  CHECK(d->names == std::vector<std::string>{"id", "name", "note"});
  const std::vector<std::vector<std::string>> want = {
      {"id", "name", "note"},
      {"1", "Smith; John", "said \"hi\""},
      {"2", "Ann", "two\r\nlines"},
      {"3", "Bob", ""}};
  // The same records whatever the pieces' size (a quote, a CR LF or a
  // UTF-8 character split between pieces).
  for (size_t step : {1, 2, 3, 7, 64, 4096}) {
    CAPTURE(step);
    CHECK(records(text, *d, step) == want);
  }
  // No header: the first record is data (numbers, addresses).
  auto plain = dump::sniff_csv("1,ann@example.org,3\n2,bob@example.org,4\n");
  REQUIRE(plain);
  CHECK_FALSE(plain->header);
  CHECK(plain->fields == 3);
  // A .tsv's tab wins over a comma that splits as well.
  auto tsv = dump::sniff_csv("a,b\tc,d\ne,f\tg,h\n", "x.tsv");
  REQUIRE(tsv);
  CHECK(tsv->delimiter == '\t');
  // A French export with decimal commas is split on its semicolons, .csv
  // or not: commas split only the data rows, never the header.
  std::string french =
      "\xEF\xBB\xBF"
      "Référence;Désignation;Unité;Prix (€ HT)\r\n";
  for (int i = 10; i < 30; ++i)  // one header among 21 records
    french += "NW-19-0" + std::to_string(i) + ";\"Jour de conseil\";1;6" +
              std::to_string(i) + ",03\r\n";
  auto fr = dump::sniff_csv(french, "Quotation Durand.csv");
  REQUIRE(fr);
  CHECK(fr->delimiter == ';');
  CHECK(fr->names == std::vector<std::string>{"Référence", "Désignation",
                                              "Unité", "Prix (€ HT)"});
  // A Japanese export in Shift_JIS (Excel's CSV) without a byte-order
  // mark: detected, and decoded across pieces that cut its two-byte
  // characters.
  const std::string sjis =
      "\x95i\x94\xD4,\x95i\x96\xBC,\x92P\x88\xCA,\x92P\x89\xBF\x81i\x89"
      "~\x81j\x0D\x0ANW-17-001,\x22\x83V\x83j\x83"
      "A\x83R\x83\x93\x83T\x83\x8B\x83^\x83\x93\x83g\x81i\x90l\x93\xFA"
      "\x81j\x22,1,60000\x0D\x0ANW-17-002,\x22\x83v\x83\x8D\x83W\x83"
      "F\x83N\x83g\x83}\x83l\x81[\x83W\x83\x83\x81[\x81i\x90l\x93\xFA"
      "\x81j\x22,1,61111\x0D\x0ANW-17-003,\x22\x83\x81\x81[\x83\x8B"
      "\x83{\x83"
      "b\x83N\x83X\x88\xDA\x8Ds\x81i1\x8C\x8F\x81j\x22,1,62222\x0D\x0A"
      "NW-17-004,\x22\x83w\x83\x8B\x83v\x83"
      "f\x83X\x83N\x81i1\x83\x86\x81[\x83U\x81[/\x8C\x8E\x81j\x22,1,63333\x0D"
      "\x0ANW-17-005,\x22\x83I\x83\x93\x83T\x83"
      "C\x83g\x91\xCE\x89\x9E\x81i\x94\xBC\x93\xFA\x81j\x22,1,64444\x0D"
      "\x0ANW-17-006,\x22\x8C\xA4\x8F"
      "C\x81i8\x96\xBC\x82\xDC\x82\xC5\x81j\x22,1,65555\x0D\x0ANW-17-007,\x22"
      "\x83V\x83j\x83"
      "A\x83R\x83\x93\x83T\x83\x8B\x83^\x83\x93\x83g\x81i\x90l\x93\xFA"
      "\x81j\x22,1,66666\x0D\x0ANW-17-008,\x22\x83v\x83\x8D\x83W\x83"
      "F\x83N\x83g\x83}\x83l\x81[\x83W\x83\x83\x81[\x81i\x90l\x93\xFA"
      "\x81j\x22,1,67777\x0D\x0ANW-17-009,\x22\x83\x81\x81[\x83\x8B"
      "\x83{\x83"
      "b\x83N\x83X\x88\xDA\x8Ds\x81i1\x8C\x8F\x81j\x22,1,68888\x0D\x0A"
      "NW-17-010,\x22\x83w\x83\x8B\x83v\x83"
      "f\x83X\x83N\x81i1\x83\x86\x81[\x83U\x81[/\x8C\x8E\x81j\x22,1,69999\x0D"
      "\x0ANW-17-011,\x22\x83I\x83\x93\x83T\x83"
      "C\x83g\x91\xCE\x89\x9E\x81i\x94\xBC\x93\xFA\x81j\x22,1,71110\x0D"
      "\x0ANW-17-012,\x22\x8C\xA4\x8F"
      "C\x81i8\x96\xBC\x82\xDC\x82\xC5\x81j\x22,1,72221\x0D\x0A";
  auto jp = dump::sniff_csv(sjis, "Quotation.csv");
  REQUIRE(jp);
  CHECK(jp->charset == "Shift_JIS");
  CHECK(jp->names ==
        std::vector<std::string>{"品番", "品名", "単位", "単価（円）"});
  for (size_t step : {1, 2, 3, 7, 4096}) {
    CAPTURE(step);
    const auto recs = records(sjis, *jp, step);
    REQUIRE(recs.size() == 13);
    CHECK(recs[2] ==
          std::vector<std::string>{
              "NW-17-002", "プロジェクトマネージャー（人日）", "1", "61111"});
  }
  // A Latin-1 export stays Windows-1252.
  auto latin = dump::sniff_csv(
      "Name;Stra\xDF"
      "e;Ort\nM\xFC"
      "ller;Hauptstra\xDF"
      "e 1;K\xF6ln\nB\xE9"
      "atrice;Rue de la Paix;Paris\n");
  REQUIRE(latin);
  CHECK(latin->encoding == dump::TextEncoding::kWindows1252);
  // An unterminated quote at the end is reported, the record kept.
  std::vector<std::string> problems;
  auto cut =
      records("a,b\n1,\"open\n", *dump::sniff_csv("a,b\n1,2\n"), 5, &problems);
  CHECK(cut.back() == std::vector<std::string>{"1", "open\n"});
  CHECK(problems == std::vector<std::string>{
                        "record 2: a quoted field is not closed at the end of "
                        "the file"});
}

TEST_CASE("csv: identification tells exports from prose and mail") {
  CHECK(identify("name,email\nAnn,ann@example.org\nBob,bob@example.org\n") ==
        "csv");
  CHECK(identify("Dear Ann, thanks for the call.\nSee you, Bob\nand more "
                 "words here without the same shape\n") == "text");
  CHECK(identify("From: a@example.org\nTo: b@example.org\nSubject: x,y\n\n"
                 "a,b\nc,d\n") == "message");
  CHECK(identify("{\"a\": 1, \"b\": 2}\n") != "csv");
}

TEST_CASE(
    "csv: ragged records keep every field; damaged corpus files "
    "survive") {
  test::TempDir tmp;
  const fs::path f = tmp.path / "contacts.csv";
  {
    std::ofstream o(f, std::ios::binary);
    o << "name,email,phone\n";
    for (int i = 0; i < 30; ++i)
      o << "P" << i << ",p" << i << "@example.org,+49 30 1234567" << i % 10
        << "\n";
    o << "Extra,extra@example.org,1,2,3\nShort\n";
  }
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary({"ingest", f.string(), "--store", store.string()}) ==
          0);
  CHECK(test::sql_strings(store, "SELECT rows FROM sql_tables") ==
        std::vector<std::string>{"32"});
  CHECK(test::sql_strings(store,
                          "SELECT what FROM damages WHERE what LIKE 'csv:%'")
            .empty());
  if (!test::have_corpus("dump")) {
    MESSAGE("../shared/corpus/dump is absent: damaged variants skipped");
    return;
  }
  const std::string bytes =
      test::read_file(test::corpus_dir() / "dump" /
                      "neondatabase-postgres-sample-dbs__titanic.csv");
  std::mt19937 rng(3);
  int variants = 0;
  for (int k = 0; k < 20; ++k) {
    std::string b = bytes.substr(0, bytes.size() * (k + 1) / 21);
    for (int flip = 0; flip < 16; ++flip)
      b[rng() % b.size()] ^= static_cast<char>(1u << (rng() % 8));
    auto d = dump::sniff_csv(b, "t.csv");
    if (!d) continue;
    ++variants;
    records(b, *d, 4096);
  }
  CHECK(variants >= 15);
}

TEST_CASE("samples/dumps ingest to exactly the generator's ground truth") {
  if (!fs::exists("samples/dumps/MANIFEST.json")) {
    MESSAGE("skipped: samples/dumps absent (run scripts/gen-samples)");
    return;
  }
  nlohmann::json truth;
  std::ifstream("samples/dumps/MANIFEST.json") >> truth;
  test::TempDir tmp;
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary(
              {"ingest", "samples/dumps", "--store", store.string()}) == 0);
  std::map<std::string, int64_t> rows;
  for (const std::string& r : test::sql_strings(
           store,
           "SELECT schema_name || '.' || name || ' ' || rows FROM sql_tables"))
    rows[r.substr(0, r.find(' '))] = std::stoll(r.substr(r.find(' ') + 1));
  std::map<std::string, int64_t> want;
  for (const auto& [t, n] : truth["rows_per_table"].items()) want[t] = n;
  CHECK(rows == want);
  // The exports' addresses, all in SQL cells; the manifest is no database.
  const fs::path out = tmp.path / "r";
  REQUIRE(test::run_binary({"report", "--store", store.string(), "--out",
                            out.string(), "--format", "json"}) == 0);
  nlohmann::json r;
  std::ifstream(out / "report.json") >> r;
  CHECK(r["counts"]["email_addresses"]["in_sql"]["unique"] ==
        truth["email_addresses"]);
  CHECK(r["counts"]["email_addresses"]["unique"] == truth["email_addresses"]);
  CHECK(r["counts"]["sql"]["databases"] == 4);
  CHECK(r["counts"]["sql"]["tables"] == 5);
}
