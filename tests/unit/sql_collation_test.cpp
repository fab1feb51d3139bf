// Collation ids as SQL Server stores them (syscolpars, boot page): names and
// code pages from the id tables of parsers/mssql/collation.cpp.
#include <doctest/doctest.h>

#include "collation.hpp"
#include "ingest/source_parser.hpp"
#include "sql_types.hpp"
#include "test_support.hpp"

using namespace leakscope;
using namespace leakscope::mssql;

TEST_CASE("sql_collation: ids seen in real databases") {
  struct Case {
    uint32_t id;
    const char* name;
    uint16_t cp;
  };
  for (Case c : {
           Case{0x3400D008, "SQL_Latin1_General_CP1_CI_AS", 1252},
           Case{872468488, "SQL_Latin1_General_CP1_CI_AS", 1252},
           Case{53256, "Latin1_General_CI_AS", 1252},
           Case{53255, "Greek_CI_AS", 1253},
           Case{0x0000D028, "Modern_Spanish_CI_AS", 1252},
           Case{0x00010008, "Latin1_General_BIN", 1252},
           Case{0x00001008, "Latin1_General_CI_AS_KS_WS", 1252},
           Case{0x1F00C008, "SQL_Latin1_General_CP437_CS_AS", 437},
       }) {
    CAPTURE(c.id);
    CollationInfo i = describe_collation(c.id);
    CHECK(i.known);
    CHECK(i.name == c.name);
    CHECK(i.code_page == c.cp);
  }
}

TEST_CASE("sql_collation: flags, versions and SQL sort orders") {
  struct Case {
    uint32_t id;
    const char* name;
    uint16_t cp;
    const char* icu;
  };
  for (Case c : {
           Case{0x0000D020, "Vietnamese_CI_AS", 1258, "windows-1258"},
           Case{0x0004D020, "Vietnamese_100_CI_AS", 1258, "windows-1258"},
           Case{0x0004D120, "Vietnamese_100_CI_AS_SC", 1258, "windows-1258"},
           Case{0x0000D015, "Cyrillic_General_CI_AS", 1251, "windows-1251"},
           Case{0x0000F015, "Cyrillic_General_CI_AI", 1251, "windows-1251"},
           Case{0x0000C010, "Japanese_CS_AS", 932, "ibm-943_P15A-2003"},
           Case{0x00020000 | 0xD000 | 49, "Chinese_PRC_90_CI_AS", 936,
                "windows-936"},
           Case{0x0000D024, "Chinese_PRC_CI_AS", 936, "windows-936"},
           Case{0x0000D011, "Korean_Wansung_CI_AS", 949, "windows-949"},
           Case{0x0000D003, "Chinese_Taiwan_Stroke_CI_AS", 950, "windows-950"},
           Case{0x0000D019, "Thai_CI_AS", 874, "windows-874"},
           Case{0x0000D01A, "Turkish_CI_AS", 1254, "windows-1254"},
           Case{0x0000D00C, "Hebrew_CI_AS", 1255, "windows-1255"},
           Case{0x0000D001, "Arabic_CI_AS", 1256, "windows-1256"},
           Case{0x0000D01F, "Lithuanian_CI_AS", 1257, "windows-1257"},
           Case{0x0000D013, "Polish_CI_AS", 1250, "windows-1250"},
           Case{0x00000808, "Latin1_General_BIN2", 1252, "windows-1252"},
           Case{0x00050008, "Latin1_General_100_BIN", 1252, "windows-1252"},
           Case{0x00060349, "Japanese_Bushu_Kakusu_140_CS_AS_KS_WS", 932,
                "ibm-943_P15A-2003"},
           Case{0x00060149, "Japanese_Bushu_Kakusu_140_CS_AS_KS_WS_VSS", 932,
                "ibm-943_P15A-2003"},
           Case{0x6A00D008, "SQL_Latin1_General_CP1251_CI_AS", 1251,
                "windows-1251"},
           Case{0x7200D008, "SQL_Latin1_General_CP1253_CI_AS", 1253,
                "windows-1253"},
           Case{0x2A00D008, "SQL_Latin1_General_CP850_CI_AS", 850, "ibm-850"},
           Case{0x28010008, "SQL_Latin1_General_CP850_BIN", 850, "ibm-850"},
           Case{0x28000808, "SQL_Latin1_General_CP850_BIN2", 850, "ibm-850"},
           Case{0xD200C008, "SQL_EBCDIC037_CP1_CS_AS", 1252, "windows-1252"},
       }) {
    CAPTURE(c.id);
    CollationInfo i = describe_collation(c.id);
    CHECK(i.known);
    CHECK(i.name == c.name);
    CHECK(i.code_page == c.cp);
    CHECK(std::string(code_page_for(c.id)) == c.icu);
  }
}

TEST_CASE("sql_collation: unknown and Unicode-only ids fall back to 1252") {
  CollationInfo u = describe_collation(0x0000D0FE);  // no designator 254
  CHECK(!u.known);
  CHECK(u.name.empty());
  CHECK(std::string(code_page_for(0x0000D0FE)) == "windows-1252");
  CHECK(!describe_collation(0x0100D008).known);  // no SQL sort order 1
  CHECK(std::string(code_page_for(0x0100D008)) == "windows-1252");
  CollationInfo hi = describe_collation(0x0004D035);  // Indic_General_100
  CHECK(hi.known);
  CHECK(hi.unicode_only);
  CHECK(hi.name == "Indic_General_100_CI_AS");
  CHECK(std::string(code_page_for(0x0004D035)) == "windows-1252");
}

TEST_CASE("sql_collation: varchar bytes decode through the id's code page") {
  ColumnType t;
  t.xtype = kVarChar;
  t.length = 20;
  std::string out;
  t.collation = 0x3400D008;  // SQL_Latin1_General_CP1_CI_AS
  REQUIRE(decode_value(t, "J\xFCrgen \x80", &out));
  CHECK(out == "Jürgen €");
  t.collation = 53255;  // Greek_CI_AS
  REQUIRE(decode_value(t, "\xE1\xE2\xE3", &out));
  CHECK(out == "αβγ");
  t.collation = 0x0000D015;  // Cyrillic_General_CI_AS
  REQUIRE(decode_value(t, "\xCF\xF0\xE8", &out));
  CHECK(out == "При");
  t.collation = 0x2A00D008;  // SQL_Latin1_General_CP850_CI_AS
  REQUIRE(decode_value(t, "\x81\x9A", &out));
  CHECK(out == "üÜ");
  t.collation = 0x1F00C008;  // SQL_Latin1_General_CP437_CS_AS
  REQUIRE(decode_value(t, "\x82\xE1", &out));
  CHECK(out == "éß");
  t.collation = 0x0000D020;  // Vietnamese_CI_AS: windows-1258
  REQUIRE(decode_value(t, "\xD0\xF5", &out));
  CHECK(out == "Đơ");
}

TEST_CASE("sql_collation: database collation from the boot page (corpus)") {
  auto dir = leakscope::test::corpus_dir() / "bak";
  if (!std::filesystem::exists(dir / "pubs_sql2012rtm_full.bak")) {
    MESSAGE("corpus not present: " << dir.string());
    return;
  }
  struct Case {
    const char* file;
    const char* collation;
  };
  // The same names `leakscope info` reads from the backup header.
  for (Case c :
       {Case{"pubs_sql2012rtm_full.bak", "Modern_Spanish_CI_AS"},
        Case{"northwind_sql2019_full.bak", "SQL_Latin1_General_CP1_CI_AS"},
        Case{"qlbh_sql2017_full.bak", "SQL_Latin1_General_CP1_CI_AS"},
        Case{"restoretimestripe_sql2008r2_stripe2of2_full.bak",
             "Latin1_General_CI_AS"}}) {
    CAPTURE(c.file);
    leakscope::test::MemorySink sink;
    CollectingReporter rep;
    parse_source((dir / c.file).string(), c.file, sink, rep, {});
    const Item* db = nullptr;
    for (const auto& i : sink.items)
      if (i.kind == "sql_database") db = &i;
    REQUIRE(db);
    const std::string* got = db->field("collation");
    REQUIRE(got);
    CHECK(*got == c.collation);
  }
}

TEST_CASE("sql_collation: char data under a possible _UTF8 collation") {
  ColumnType t;
  t.xtype = kVarChar;
  t.length = 20;
  std::string out;
  // Latin1_General_100_CI_AS_SC with one flag bit the tables do not know:
  // valid UTF-8 bytes are kept as UTF-8...
  t.collation = 0x0004D108 | 0x400;
  CHECK(char_data_may_be_utf8(t.collation));
  REQUIRE(decode_value(t, "J\xC3\xBCrgen \xE2\x82\xAC", &out));
  CHECK(out == "Jürgen €");
  // ...and bytes that are not UTF-8 still go through code page 1252.
  REQUIRE(decode_value(t, "J\xFCrgen", &out));
  CHECK(out == "Jürgen");
  // An overlong encoding and an encoded surrogate are not UTF-8.
  REQUIRE(decode_value(t, "\xC0\xAF", &out));
  CHECK(out == "À¯");
  REQUIRE(decode_value(t, "\xED\xA0\x80", &out));
  CHECK(out == "í\xC2\xA0€");
  // Unicode-only designator (Indic_General_100): char data only under _UTF8.
  t.collation = 0x0004D035;
  CHECK(char_data_may_be_utf8(t.collation));
  REQUIRE(decode_value(t, "\xE0\xA4\x95", &out));
  CHECK(out == "क");
  // The same bytes under a plain Windows or SQL collation are code page text.
  t.collation = 0x0004D108;  // Latin1_General_100_CI_AS_SC
  CHECK_FALSE(char_data_may_be_utf8(t.collation));
  REQUIRE(decode_value(t, "J\xC3\xBCrgen", &out));
  CHECK(out == "JÃ¼rgen");
  t.collation = 0x3400D008;  // SQL_Latin1_General_CP1_CI_AS
  CHECK_FALSE(char_data_may_be_utf8(t.collation));
}
