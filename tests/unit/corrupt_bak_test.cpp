// Truncated and bit-flipped real SQL Server files: the reader reports the
// damage (with page ids and offsets) and carries on; it never crashes,
// hangs or reads outside a page.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "ingest/mssql_source.hpp"
#include "test_support.hpp"

using namespace leakscope;
using leakscope::test::MemorySink;

namespace {
SourceRead reader_of(const std::string& bytes, size_t* pos) {
  return [&bytes, pos](char* dst, size_t n) {
    size_t take = std::min(n, bytes.size() - *pos);
    std::memcpy(dst, bytes.data() + *pos, take);
    *pos += take;
    return take;
  };
}

size_t rows(const MemorySink& s) {
  size_t n = 0;
  for (const auto& i : s.items) n += i.kind == "sql_row";
  return n;
}
}  // namespace

TEST_CASE("damaged backups and data files are read as far as they go") {
  if (!leakscope::test::have_corpus("bak")) {
    MESSAGE("skipped: ../shared/corpus/bak is absent");
    return;
  }
  std::mt19937_64 rng(11);
  struct Case {
    const char* file;
    const char* kind;
  };
  for (Case c : {Case{"pubs_sql2012rtm_full.bak", "mssql_backup"},
                 Case{"pubs_sql2005_created2000.mdf", "mssql_data_file"},
                 Case{"northwind_sql2019_full.bak", "mssql_backup"}}) {
    CAPTURE(c.file);
    std::string original =
        test::read_file(leakscope::test::corpus_dir() / "bak" / c.file);
    size_t full_rows = 0;
    {
      MemorySink sink;
      CollectingReporter rep;
      size_t pos = 0;
      parse_mssql(c.kind, reader_of(original, &pos), c.file, sink, rep, {});
      full_rows = rows(sink);
      REQUIRE(full_rows > 100);
    }
    for (int v = 0; v < 12; ++v) {
      std::string bytes = original;
      bool truncate = v % 2 == 0;
      if (truncate) {
        bytes.resize(rng() % bytes.size());
      } else {
        // Flip bits in page headers, records and the catalog alike.
        for (int k = 0; k < 64; ++k)
          bytes[rng() % bytes.size()] ^= static_cast<char>(1 << (rng() % 8));
      }
      MemorySink sink;
      CollectingReporter rep;
      size_t pos = 0;
      parse_mssql(c.kind, reader_of(bytes, &pos), c.file, sink, rep, {});
      REQUIRE(!sink.items.empty());
      CHECK(sink.items[0].kind == "sql_database");
      CHECK(rows(sink) <= full_rows + 64);  // flipped ghost bits may add a few
      if (truncate && bytes.size() + 8192 < original.size()) {
        CHECK(!rep.damages.empty());
      }
    }
  }
}

TEST_CASE("garbage that is not MTF is reported, not parsed") {
  std::string junk(100000, 'x');
  MemorySink sink;
  CollectingReporter rep;
  size_t pos = 0;
  parse_mssql("mssql_backup", reader_of(junk, &pos), "junk.bak", sink, rep, {});
  REQUIRE(rep.damages.size() >= 2);
  CHECK(rep.damages[0].what ==
        "no valid MTF descriptor block from offset 0 to the end");
  CHECK(rep.damages[1].what == "no MTF TAPE block at the start");
}
