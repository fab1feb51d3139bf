// Round trips through the SQL Server reader: databases written by
// tests/tools/bakgen (a writer that shares no code with parsers/) are read
// back with parse_source() and compared value by value with the text the
// reader is specified to produce (parsers/mssql/FORMAT.md, sql_types.cpp's
// canonical forms), computed here from the random values before encoding.
// Damaged copies (truncated, bytes flipped) must never crash the reader and
// must be reported.
#include <doctest/doctest.h>

#if __has_include("bakgen/backup_writer.hpp")

#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "backup_header.hpp"
#include "bakgen/backup_writer.hpp"
#include "bakgen/encode.hpp"
#include "bakgen/samples.hpp"
#include "catalog.hpp"
#include "ingest/mssql_info.hpp"
#include "ingest/source_parser.hpp"
#include "leakscope/reporter.hpp"
#include "mtf_format.hpp"
#include "mtf_reader.hpp"
#include "page.hpp"
#include "page_store.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace bg = leakscope::bakgen;
using leakscope::test::MemorySink;

namespace {

using test::TempDir;

void spit(const std::string& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// ---- canonical text, as parsers/mssql/FORMAT.md specifies it ----

std::string place_point(std::string digits, int scale, bool negative) {
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale))
      digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return (negative ? "-" : "") + digits;
}

std::string fmt_date(int64_t days0001) {
  int64_t y;
  unsigned m, d;
  bg::civil_from_days(days0001, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y),
                m, d);
  return buf;
}

std::string fmt_time(uint64_t units, int scale) {
  uint64_t pow = 1;
  for (int i = 0; i < scale; ++i) pow *= 10;
  uint64_t s = units / pow, f = units % pow;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu",
                static_cast<unsigned long long>(s / 3600),
                static_cast<unsigned long long>(s / 60 % 60),
                static_cast<unsigned long long>(s % 60));
  std::string out = buf;
  if (scale > 0) {
    std::string fs = std::to_string(f);
    out += "." + std::string(static_cast<size_t>(scale) - fs.size(), '0') + fs;
  }
  return out;
}

std::string shortest(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string hex_upper(std::string_view b) {
  static const char* k = "0123456789ABCDEF";
  std::string s = "0x";
  for (unsigned char c : b) {
    s.push_back(k[c >> 4]);
    s.push_back(k[c & 15]);
  }
  return s;
}

void append_utf8(std::string& s, uint32_t cp) {
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// ---- random values: (text given to the writer, text the reader prints) ----

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}
  uint64_t below(uint64_t n) { return rng_() % n; }
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  bool chance(int percent) {
    return below(100) < static_cast<uint64_t>(percent);
  }
  uint64_t bits() { return rng_(); }

  // A length, often small, sometimes the maximum.
  size_t length(size_t max) {
    if (max == 0) return 0;
    switch (below(6)) {
      case 0:
        return 0;
      case 1:
        return max;
      case 2:
        return static_cast<size_t>(below(std::min<size_t>(max, 4) + 1));
      default:
        return static_cast<size_t>(below(max + 1));
    }
  }

  // Text in windows-1252's repertoire, `n` characters.
  std::string cp1252_text(size_t n) {
    static const uint32_t kHigh[] = {
        0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030,
        0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178};
    std::string s;
    for (size_t i = 0; i < n; ++i) {
      uint64_t k = below(10);
      uint32_t cp = k < 6   ? static_cast<uint32_t>(between(0x20, 0x7E))
                    : k < 9 ? static_cast<uint32_t>(between(0xA0, 0xFF))
                            : kHigh[below(std::size(kHigh))];
      append_utf8(s, cp);
    }
    return s;
  }
  // Text of at most `units` UTF-16 code units; *used gets the count.
  std::string unicode_text(size_t units, size_t* used) {
    std::string s;
    size_t u = 0;
    while (u < units) {
      uint64_t k = below(10);
      uint32_t cp;
      if (k < 4)
        cp = static_cast<uint32_t>(between(0x20, 0x7E));
      else if (k < 6)
        cp = static_cast<uint32_t>(between(0xA0, 0x24F));
      else if (k < 7)
        cp = static_cast<uint32_t>(between(0x391, 0x44F));
      else if (k < 9)
        cp = static_cast<uint32_t>(between(0x4E00, 0x9FFF));
      else
        cp = static_cast<uint32_t>(between(0x1F600, 0x1F64F));
      size_t need = cp >= 0x10000 ? 2 : 1;
      if (u + need > units) break;
      append_utf8(s, cp);
      u += need;
    }
    *used = u;
    return s;
  }
  std::string bytes(size_t n) {
    std::string b;
    for (size_t i = 0; i < n; ++i) b.push_back(static_cast<char>(below(256)));
    return b;
  }
  std::string digits(size_t n) {
    std::string d;
    for (size_t i = 0; i < n; ++i)
      d.push_back(static_cast<char>(
          '0' + (i == 0 && n > 1 ? between(1, 9) : between(0, 9))));
    return d;
  }

 private:
  std::mt19937_64 rng_;
};

struct Value {
  std::string in, out;
};

// A value for a column of canonical type `type` (as the reader names it).
Value random_value(Gen& g, const bg::Column& c, const std::string& type) {
  using namespace bg;
  Value v;
  auto same = [&](std::string s) {
    v.in = v.out = std::move(s);
    return v;
  };
  switch (c.xtype) {
    case kBit:
      return same(g.chance(50) ? "1" : "0");
    case kTinyInt:
      return same(std::to_string(g.between(0, 255)));
    case kSmallInt:
      return same(std::to_string(g.between(-32768, 32767)));
    case kInt:
      return same(std::to_string(static_cast<int32_t>(g.bits())));
    case kBigInt:
      return same(std::to_string(static_cast<int64_t>(g.bits())));
    case kDecimal:
    case kNumeric: {
      std::string d = g.digits(static_cast<size_t>(g.between(1, c.precision)));
      bool neg = g.chance(40) && d != "0";
      return same(place_point(d, c.scale, neg));
    }
    case kMoney:
    case kSmallMoney: {
      int64_t x = c.xtype == kMoney ? static_cast<int64_t>(g.bits())
                                    : static_cast<int32_t>(g.bits());
      if (g.chance(50)) x %= 100000000;
      uint64_t mag =
          x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
      return same(place_point(std::to_string(mag), 4, x < 0));
    }
    case kReal: {
      float f;
      do {
        uint32_t b = static_cast<uint32_t>(g.bits());
        std::memcpy(&f, &b, 4);
      } while (!std::isfinite(f));
      if (g.chance(30)) f = static_cast<float>(g.between(-1000, 1000)) / 8;
      return same(shortest(static_cast<double>(f)));
    }
    case kFloat: {
      double d;
      do {
        uint64_t b = g.bits();
        std::memcpy(&d, &b, 8);
      } while (!std::isfinite(d));
      if (g.chance(30)) d = static_cast<double>(g.between(-100000, 100000)) / 3;
      return same(shortest(d));
    }
    case kDate:
      return same(fmt_date(g.between(0, 3652058)));
    case kTime: {
      uint64_t pow = 1;
      for (int i = 0; i < c.scale; ++i) pow *= 10;
      return same(fmt_time(g.below(86400 * pow), c.scale));
    }
    case kDateTime2: {
      uint64_t pow = 1;
      for (int i = 0; i < c.scale; ++i) pow *= 10;
      return same(fmt_date(g.between(0, 3652058)) + "T" +
                  fmt_time(g.below(86400 * pow), c.scale));
    }
    case kDateTimeOffset: {
      uint64_t pow = 1;
      for (int i = 0; i < c.scale; ++i) pow *= 10;
      int off = static_cast<int>(g.between(-840, 840));
      char z[8];
      std::snprintf(z, sizeof z, "%c%02d:%02d", off < 0 ? '-' : '+',
                    std::abs(off) / 60, std::abs(off) % 60);
      return same(fmt_date(g.between(1, 3652057)) + "T" +
                  fmt_time(g.below(86400 * pow), c.scale) + z);
    }
    case kDateTime: {
      int64_t days = g.between(-53690, 2958463);
      uint64_t ticks = g.below(25920000);
      return same(fmt_date(693595 + days) + "T" +
                  fmt_time((ticks * 10 + 1) / 3, 3));
    }
    case kSmallDateTime: {
      int64_t days = g.between(0, 65535);
      uint64_t mins = g.below(1440);
      return same(fmt_date(693595 + days) + "T" + fmt_time(mins * 60, 0));
    }
    case kUniqueIdentifier: {
      std::string b = g.bytes(16), h = hex_upper(b).substr(2);
      return same(h.substr(0, 8) + "-" + h.substr(8, 4) + "-" +
                  h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
                  h.substr(20, 12));
    }
    case kChar: {
      size_t n = static_cast<size_t>(c.length);
      std::string s = g.cp1252_text(g.length(n));
      v.in = s;
      size_t chars = 0;
      for (unsigned char ch : s) chars += (ch & 0xC0) != 0x80;
      v.out = s + std::string(n - chars, ' ');
      return v;
    }
    case kVarChar:
      return same(g.cp1252_text(g.length(c.length < 0 ? 700 : c.length)));
    case kText:
      return same(
          g.cp1252_text(g.chance(15) ? g.between(8000, 60000) : g.length(300)));
    case kNChar: {
      size_t units = static_cast<size_t>(c.length) / 2, used;
      std::string s = g.unicode_text(g.length(units), &used);
      v.in = s;
      v.out = s + std::string(units - used, ' ');
      return v;
    }
    case kNVarChar: {
      size_t used;
      return same(
          g.unicode_text(g.length(c.length < 0 ? 350 : c.length / 2), &used));
    }
    case kNText: {
      size_t used;
      return same(g.unicode_text(
          g.chance(15) ? g.between(4000, 30000) : g.length(200), &used));
    }
    case kBinary: {
      size_t n = static_cast<size_t>(c.length);
      std::string b = g.bytes(g.length(n));
      v.in = hex_upper(b);
      b.resize(n, '\0');
      v.out = hex_upper(b);
      return v;
    }
    case kVarBinary:
      return same(hex_upper(g.bytes(g.length(c.length < 0 ? 700 : c.length))));
    case kImage:
      return same(hex_upper(
          g.bytes(g.chance(15) ? g.between(8000, 40000) : g.length(300))));
  }
  FAIL("no generator for " << type);
  return v;
}

// A canonical type name (as the reader's type_name prints it).
std::string random_type(Gen& g) {
  auto n = [&](int lo, int hi) { return std::to_string(g.between(lo, hi)); };
  switch (g.below(30)) {
    case 0:
      return "bit";
    case 1:
      return "tinyint";
    case 2:
      return "smallint";
    case 3:
      return "int";
    case 4:
      return "bigint";
    case 5: {
      int p = static_cast<int>(g.between(1, 38));
      return "decimal(" + std::to_string(p) + "," + n(0, p) + ")";
    }
    case 6: {
      int p = static_cast<int>(g.between(1, 38));
      return "numeric(" + std::to_string(p) + "," + n(0, p) + ")";
    }
    case 7:
      return "money";
    case 8:
      return "smallmoney";
    case 9:
      return "real";
    case 10:
      return "float";
    case 11:
      return "date";
    case 12:
      return "time(" + n(0, 7) + ")";
    case 13:
      return "datetime";
    case 14:
      return "smalldatetime";
    case 15:
      return "datetime2(" + n(0, 7) + ")";
    case 16:
      return "datetimeoffset(" + n(0, 7) + ")";
    case 17:
      return "char(" + n(1, 100) + ")";
    case 18:
      return "varchar(" + n(1, 300) + ")";
    case 19:
      return "nchar(" + n(1, 60) + ")";
    case 20:
      return "nvarchar(" + n(1, 200) + ")";
    case 21:
      return "binary(" + n(1, 100) + ")";
    case 22:
      return "varbinary(" + n(1, 300) + ")";
    case 23:
      return "uniqueidentifier";
    case 24:
      return "varchar(max)";
    case 25:
      return "nvarchar(max)";
    case 26:
      return "varbinary(max)";
    case 27:
      return "text";
    case 28:
      return "ntext";
    default:
      return "image";
  }
}

// What the reader should give for one table.
struct ExpectedTable {
  bg::TableSpec spec;
  std::vector<std::string> column_types;  // "int NOT NULL"...
  std::vector<std::vector<std::pair<std::string, std::string>>> rows;
  int64_t live = 0;
};

// One row as the reader emits it: its fields, sorted, as one string.
std::string row_key(std::vector<std::pair<std::string, std::string>> f) {
  std::sort(f.begin(), f.end());
  std::string k;
  for (const auto& [n, v] : f) k += n + "\x1f" + v + "\x1e";
  return k;
}

struct Generated {
  bg::DatabaseSpec db;
  std::vector<bg::TableContents> tables;
  std::vector<ExpectedTable> expected;
};

// `compression` 1: ROW-compressed tables (no text/ntext/image columns and
// no forwarded rows, which the writer does not compress).
// `sparse`: about a third of the nullable in-row columns are SPARSE.
Generated random_database(uint64_t seed, int tables, uint8_t compression = 0,
                          bool sparse = false) {
  Gen g(seed);
  Generated out;
  out.db.name = "RoundTrip" + std::to_string(seed);
  out.db.server = "TESTSQL\\INST" + std::to_string(seed % 7);
  // A windows-1252 collation the reader maps to windows-1252 (see the
  // SQL_Latin1_General_CP1_CI_AS case below).
  out.db.collation = bg::kModernSpanishCiAs;
  for (int t = 0; t < tables; ++t) {
    bg::TableContents tc;
    ExpectedTable ex;
    tc.spec.schema = g.chance(20) ? "sales" : "dbo";
    tc.spec.name = "T" + std::to_string(t) + "_" + std::to_string(seed);
    tc.spec.clustered = g.chance(40);
    tc.spec.compression = compression;
    std::vector<std::string> types;
    if (tc.spec.clustered) {
      tc.spec.columns.emplace_back("Id", "int NOT NULL");
      types.push_back("int");
      ex.column_types.push_back("int NOT NULL");
    }
    int ncols = static_cast<int>(g.between(1, 10));
    for (int c = 0; c < ncols; ++c) {
      std::string type = random_type(g);
      while (compression &&
             (type == "text" || type == "ntext" || type == "image"))
        type = random_type(g);
      bool nullable = g.chance(75);
      bool is_sparse = sparse && nullable && type != "text" &&
                       type != "ntext" && type != "image" && g.chance(35);
      tc.spec.columns.emplace_back(
          "c" + std::to_string(c) + "_" + type.substr(0, type.find('(')),
          type + (is_sparse  ? " SPARSE NULL"
                  : nullable ? ""
                             : " NOT NULL"));
      types.push_back(type);
      ex.column_types.push_back(type + (nullable ? " NULL" : " NOT NULL"));
    }
    // Mostly small tables; some spread over many pages.
    int nrows = static_cast<int>(g.chance(25) ? g.between(300, 2500)
                                              : g.between(0, 60));
    for (int r = 0; r < nrows; ++r) {
      bg::Row row;
      std::vector<std::pair<std::string, std::string>> fields;
      for (size_t c = 0; c < tc.spec.columns.size(); ++c) {
        const bg::Column& col = tc.spec.columns[c];
        if (tc.spec.clustered && c == 0) {
          row.push_back(std::to_string(r * 3 + 1));
          fields.emplace_back(col.name, std::to_string(r * 3 + 1));
          continue;
        }
        if (col.nullable && g.chance(20)) {
          row.push_back(std::nullopt);
          continue;
        }
        Value v = random_value(g, col, types[c]);
        row.push_back(v.in);
        fields.emplace_back(col.name, v.out);
      }
      bg::RowState st = bg::RowState::kLive;
      if (g.chance(10)) st = bg::RowState::kGhost;
      if (!tc.spec.clustered && !compression && g.chance(8))
        st = bg::RowState::kForwarded;
      if (st == bg::RowState::kGhost) {
        fields.emplace_back("deleted", "true");
        fields.emplace_back("deleted_because", "ghost record");
      } else {
        ++ex.live;
      }
      tc.rows.push_back(std::move(row));
      tc.states.push_back(st);
      ex.rows.push_back(std::move(fields));
    }
    ex.spec = tc.spec;
    out.tables.push_back(std::move(tc));
    out.expected.push_back(std::move(ex));
  }
  return out;
}

struct ReadBack {
  MemorySink sink;
  CollectingReporter rep;
  std::map<std::string, int64_t> tables;  // "schema.name" -> item id
  std::string threw;  // what parse_source() threw, if it did
  explicit ReadBack(const std::string& path) {
    try {
      parse_source(path, "x.bak", sink, rep, {});
    } catch (const std::exception& e) {
      threw = e.what();
    }
    for (size_t i = 0; i < sink.items.size(); ++i)
      if (sink.items[i].kind == "sql_table")
        tables[sink.items[i].title] = static_cast<int64_t>(i);
  }
  const Item* database() const {
    for (const auto& i : sink.items)
      if (i.kind == "sql_database") return &i;
    return nullptr;
  }
  std::vector<const Item*> rows_of(int64_t table) const {
    std::vector<const Item*> v;
    for (const auto& i : sink.items)
      if (i.parent == table && i.kind == "sql_row") v.push_back(&i);
    return v;
  }
  std::string damage() const {
    std::string s;
    for (const auto& d : rep.damages) s += d.locator + ": " + d.what + "\n";
    return s;
  }
};

// Compares everything the reader says about the database with `gen`.
void check_round_trip(const Generated& gen, const ReadBack& rb,
                      bool backup = true) {
  CAPTURE(rb.damage());
  CHECK(rb.threw.empty());
  CHECK(rb.rep.damages.empty());
  const Item* db = rb.database();
  REQUIRE(db);
  CHECK(*db->field("database") == gen.db.name);
  if (backup) {
    REQUIRE(db->field("backup_type"));
    CHECK(*db->field("backup_type") == "full");
  }
  CHECK(*db->field("tables") == std::to_string(gen.expected.size()));
  CHECK(rb.tables.size() == gen.expected.size());
  for (const ExpectedTable& ex : gen.expected) {
    std::string title = ex.spec.schema + "." + ex.spec.name;
    CAPTURE(title);
    auto it = rb.tables.find(title);
    REQUIRE(it != rb.tables.end());
    const Item& t = rb.sink.items[static_cast<size_t>(it->second)];
    std::vector<std::string> names, types;
    auto schema = rb.sink.schemas.find(it->second);
    REQUIRE(schema != rb.sink.schemas.end());
    for (const auto& c : schema->second.columns) {
      names.push_back(c.name);
      types.push_back(c.sql_type + (c.nullable ? " NULL" : " NOT NULL"));
    }
    REQUIRE(names.size() == ex.spec.columns.size());
    for (size_t c = 0; c < names.size(); ++c) {
      CHECK(names[c] == ex.spec.columns[c].name);
      CHECK(types[c] == ex.column_types[c]);
    }
    REQUIRE(t.field("declared_rows"));
    CHECK(*t.field("declared_rows") == std::to_string(ex.live));
    std::vector<std::string> want, got;
    for (const auto& r : ex.rows) want.push_back(row_key(r));
    for (const Item* r : rb.rows_of(it->second)) {
      std::vector<std::pair<std::string, std::string>> f;
      for (const auto& x : r->fields) f.emplace_back(x.name, x.value);
      got.push_back(row_key(f));
    }
    CHECK(got.size() == want.size());
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    if (got != want) {
      // Show the first row that differs.
      std::vector<std::string> missing, extra;
      std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                          std::back_inserter(missing));
      std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                          std::back_inserter(extra));
      auto show = [](std::string s) {
        for (char& ch : s) {
          if (ch == '\x1f') ch = '=';
          if (ch == '\x1e') ch = '|';
        }
        return s.substr(0, 2000);
      };
      CHECK_MESSAGE(missing.empty(), "expected, not read: " << show(
                                         missing.empty() ? "" : missing[0]));
      CHECK_MESSAGE(extra.empty(), "read, not expected: "
                                       << show(extra.empty() ? "" : extra[0]));
    }
  }
}

// The pages of a backup, through the reader's own MTF and page layers.
struct Pages {
  mssql::PageStore store;
  mtf::MtfSummary summary;
  CollectingReporter rep;
  explicit Pages(const std::string& bytes) {
    size_t pos = 0;
    mtf::MtfCallbacks cb;
    cb.on_page = [&](const mtf::StreamInfo&, uint64_t, std::string_view p) {
      mssql::PageHeader h;
      std::string why;
      if (mssql::parse_page_header(p, &h, &why)) store.add(h, p);
    };
    summary = mtf::read_mtf(
        [&](char* dst, size_t n) {
          size_t k = std::min(n, bytes.size() - pos);
          std::memcpy(dst, bytes.data() + pos, k);
          pos += k;
          return k;
        },
        cb, rep, "x.bak");
  }
};

}  // namespace

TEST_CASE("bakgen: random tables of every type read back value for value") {
  TempDir dir;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    Generated gen = random_database(seed, static_cast<int>(seed % 4) + 2);
    std::string path = dir.file("rt" + std::to_string(seed) + ".bak");
    bg::write_database(path, gen.db, gen.tables);
    ReadBack rb(path);
    check_round_trip(gen, rb);
  }
}

TEST_CASE("bakgen: ROW-compressed tables of every type read back") {
  TempDir dir;
  for (uint64_t seed = 101; seed <= 112; ++seed) {
    CAPTURE(seed);
    Generated gen = random_database(seed, static_cast<int>(seed % 4) + 2, 1);
    std::string path = dir.file("rc" + std::to_string(seed) + ".bak");
    bg::write_database(path, gen.db, gen.tables);
    ReadBack rb(path);
    check_round_trip(gen, rb);
    for (const auto& [title, id] : rb.tables) {
      const std::string* c =
          rb.sink.items[static_cast<size_t>(id)].field("compression");
      REQUIRE(c);
      CHECK(*c == "row");
    }
  }
}

TEST_CASE("bakgen: PAGE-compressed tables (anchor, dictionary) read back") {
  TempDir dir;
  for (uint64_t seed = 201; seed <= 212; ++seed) {
    CAPTURE(seed);
    Generated gen = random_database(seed, static_cast<int>(seed % 4) + 2, 2);
    std::string path = dir.file("pc" + std::to_string(seed) + ".bak");
    bg::write_database(path, gen.db, gen.tables);
    ReadBack rb(path);
    check_round_trip(gen, rb);
    for (const auto& [title, id] : rb.tables) {
      const std::string* c =
          rb.sink.items[static_cast<size_t>(id)].field("compression");
      REQUIRE(c);
      CHECK(*c == "page");
    }
  }
}

TEST_CASE("bakgen: SPARSE columns (the sparse vector) read back") {
  TempDir dir;
  size_t sparse_columns = 0;
  for (uint64_t seed = 301; seed <= 310; ++seed) {
    CAPTURE(seed);
    Generated gen =
        random_database(seed, static_cast<int>(seed % 4) + 2, 0, true);
    for (const auto& t : gen.tables)
      for (const auto& c : t.spec.columns) sparse_columns += c.sparse;
    std::string path = dir.file("sp" + std::to_string(seed) + ".bak");
    bg::write_database(path, gen.db, gen.tables);
    ReadBack rb(path);
    check_round_trip(gen, rb);
  }
  CHECK(sparse_columns >= 10);
}

// Transparent Data Encryption keeps page headers plain and encrypts the
// rest of each page: simulated by scrambling bytes 96.. of every page.
TEST_CASE("bakgen: pages with encrypted bodies are reported, no rows") {
  TempDir dir;
  Generated gen = random_database(401, 3);
  std::string path = dir.file("tde.bak");
  bg::write_database(path, gen.db, gen.tables);
  std::string bytes = test::read_file(path);
  uint64_t x = 0x9E3779B97F4A7C15ull;
  size_t scrambled = 0;
  for (size_t at = 0; at + 8192 <= bytes.size(); at += 512) {
    const auto* p = reinterpret_cast<const uint8_t*>(bytes.data() + at);
    uint32_t pid = p[32] | (p[33] << 8) | (p[34] << 16) | (p[35] << 24);
    // Data, index, text, IAM pages; the boot and file header pages stay.
    if (p[0] != 1 || p[36] != 1 || p[37] != 0 ||
        (p[1] != 1 && p[1] != 2 && p[1] != 3 && p[1] != 10))
      continue;
    (void)pid;
    for (size_t i = 96; i < 8192; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      bytes[at + i] = static_cast<char>(x);
    }
    ++scrambled;
    at += 8192 - 512;
  }
  REQUIRE(scrambled > 10);
  std::string enc = dir.file("tde-enc.bak");
  spit(enc, bytes);
  ReadBack rb(enc);
  CHECK(rb.threw.empty());
  const Item* db = rb.database();
  REQUIRE(db);
  REQUIRE(db->field("encrypted"));
  CHECK(*db->field("encrypted") == "true");
  CHECK(*db->field("database") == gen.db.name);
  CHECK(rb.sink.of_kind("sql_table").empty());
  CHECK(rb.sink.of_kind("sql_row").empty());
  bool noted = false;
  for (const auto& n : rb.rep.notes)
    noted |= n.what.rfind(
                 "database pages are encrypted (Transparent Data "
                 "Encryption)",
                 0) == 0;
  CHECK(noted);
  nlohmann::json info = mssql_info(enc, "mssql_backup");
  CHECK(info["encrypted"] == true);
  CHECK(info["database"] == gen.db.name);
  // The plain backup is not taken for encrypted.
  CHECK(mssql_info(path, "mssql_backup")["encrypted"] == false);
  ReadBack plain(path);
  REQUIRE(plain.database());
  CHECK(!plain.database()->field("encrypted"));
}

TEST_CASE("bakgen: row-overflow and off-row (max) values read back") {
  TempDir dir;
  bg::DatabaseSpec db;
  db.name = "Overflow";
  bg::TableContents t;
  t.spec.name = "Docs";
  t.spec.columns = {
      bg::Column("Id", "int NOT NULL"),  bg::Column("A", "varchar(6000)"),
      bg::Column("B", "nvarchar(4000)"), bg::Column("M", "varchar(max)"),
      bg::Column("N", "nvarchar(max)"),  bg::Column("V", "varbinary(max)")};
  Gen g(9);
  std::vector<std::vector<std::string>> want;
  for (int r = 0; r < 40; ++r) {
    auto text = [&](size_t n) {
      std::string s;
      for (size_t i = 0; i < n; ++i)
        s.push_back(static_cast<char>('a' + g.below(26)));
      return s;
    };
    std::string a = text(g.chance(50) ? 5000 + g.below(1000) : g.below(50));
    std::string b = text(g.chance(50) ? 3000 + g.below(1000) : g.below(50));
    std::string m = text(g.chance(50) ? 8001 + g.below(30000) : g.below(900));
    std::string n = text(g.chance(50) ? 4001 + g.below(9000) : g.below(300));
    std::string v;
    size_t vn = g.chance(50) ? 8001 + g.below(20000) : g.below(100);
    for (size_t i = 0; i < vn; ++i)
      v.push_back(static_cast<char>(g.below(256)));
    std::string hex = "0x";
    for (unsigned char c : v) {
      hex.push_back("0123456789ABCDEF"[c >> 4]);
      hex.push_back("0123456789ABCDEF"[c & 15]);
    }
    t.rows.push_back({std::to_string(r), a, b, m, n, hex});
    want.push_back({std::to_string(r), a, b, m, n, hex});
  }
  std::string path = dir.file("overflow.bak");
  bg::write_database(path, db, {t});
  ReadBack rb(path);
  CAPTURE(rb.damage());
  CHECK(rb.rep.damages.empty());
  auto rows = rb.rows_of(rb.tables.at("dbo.Docs"));
  REQUIRE(rows.size() == want.size());
  size_t matched = 0;
  for (const Item* row : rows) {
    int id = std::stoi(*row->field("Id"));
    const auto& w = want[static_cast<size_t>(id)];
    bool same = *row->field("A") == w[1] && *row->field("B") == w[2] &&
                *row->field("M") == w[3] && *row->field("N") == w[4] &&
                *row->field("V") == w[5];
    CHECK_MESSAGE(same, "row " << id);
    matched += same;
  }
  CHECK(matched == want.size());
}

TEST_CASE("bakgen: the data file (.mdf) form reads back the same") {
  TempDir dir;
  Generated gen = random_database(77, 4);
  std::string path = dir.file("rt.mdf");
  bg::write_database(path, gen.db, gen.tables, bg::OutputFormat::kDataFile);
  ReadBack rb(path);
  check_round_trip(gen, rb, false);
  REQUIRE(rb.database());
  CHECK(*rb.database()->field("unformatted_pages") == "0");
}

TEST_CASE("bakgen: ghost and forwarded records") {
  TempDir dir;
  bg::DatabaseSpec db;
  db.name = "Moves";
  bg::TableContents heap;
  heap.spec.name = "Heap";
  heap.spec.columns = {bg::Column("Id", "int NOT NULL"),
                       bg::Column("Payload", "varchar(2000)")};
  for (int i = 0; i < 600; ++i) {
    heap.rows.push_back({std::to_string(i),
                         std::string(static_cast<size_t>(i % 50) * 20, 'x')});
    heap.states.push_back(i % 5 == 0   ? bg::RowState::kForwarded
                          : i % 7 == 0 ? bg::RowState::kGhost
                                       : bg::RowState::kLive);
  }
  std::string path = dir.file("moves.bak");
  bg::write_database(path, db, {heap});
  ReadBack rb(path);
  CHECK(rb.rep.damages.empty());
  auto rows = rb.rows_of(rb.tables.at("dbo.Heap"));
  REQUIRE(rows.size() == 600);  // every row once: stubs are not rows
  std::set<std::string> ids;
  int ghosts = 0;
  for (const Item* r : rows) {
    ids.insert(*r->field("Id"));
    int id = std::stoi(*r->field("Id"));
    bool deleted = r->field("deleted") && *r->field("deleted") == "true";
    CHECK(deleted == (id % 5 != 0 && id % 7 == 0));
    ghosts += deleted;
    CHECK(r->field("Payload")->size() == static_cast<size_t>(id % 50) * 20);
  }
  CHECK(ids.size() == 600);
  int want_ghosts = 0;
  for (int i = 0; i < 600; ++i) want_ghosts += i % 5 != 0 && i % 7 == 0;
  CHECK(ghosts == want_ghosts);
}

TEST_CASE("bakgen: off-row text, ntext and image values of every size") {
  TempDir dir;
  bg::DatabaseSpec db;
  db.name = "Lobs";
  db.collation = bg::kModernSpanishCiAs;
  bg::TableContents t;
  t.spec.name = "Docs";
  t.spec.columns = {bg::Column("Id", "int NOT NULL"), bg::Column("T", "text"),
                    bg::Column("N", "ntext"), bg::Column("I", "image")};
  t.spec.clustered = true;
  Gen g(5);
  std::vector<std::array<std::string, 3>> want;
  int id = 0;
  for (size_t n :
       {0, 1, 63, 64, 7999, 8000, 8001, 16000, 16001, 100000, 4000000}) {
    size_t used;
    std::string text = g.cp1252_text(n);
    std::string ntext = g.unicode_text(std::min<size_t>(n, 2000000), &used);
    std::string image = g.bytes(n);
    t.rows.push_back({std::to_string(++id), text, ntext, hex_upper(image)});
    want.push_back({text, ntext, hex_upper(image)});
  }
  t.rows.push_back(
      {std::to_string(++id), std::nullopt, std::nullopt, std::nullopt});
  std::string path = dir.file("lobs.bak");
  bg::write_database(path, db, {t});
  ReadBack rb(path);
  CAPTURE(rb.damage());
  CHECK(rb.rep.damages.empty());
  auto rows = rb.rows_of(rb.tables.at("dbo.Docs"));
  REQUIRE(rows.size() == want.size() + 1);
  for (const Item* r : rows) {
    size_t i = static_cast<size_t>(std::stoi(*r->field("Id"))) - 1;
    CAPTURE(i);
    if (i == want.size()) {
      CHECK(!r->field("T"));
      CHECK(!r->field("N"));
      CHECK(!r->field("I"));
      continue;
    }
    REQUIRE(r->field("T"));
    CHECK(*r->field("T") == want[i][0]);
    CHECK(*r->field("N") == want[i][1]);
    CHECK(*r->field("I") == want[i][2]);
  }
  bg::TableContents big = t;
  big.rows = {{"1", std::string(bg::kMaxLobBytes + 1, 'a'), std::nullopt,
               std::nullopt}};
  CHECK_THROWS_AS(bg::write_database(dir.file("big.bak"), db, {big}),
                  std::invalid_argument);
}

TEST_CASE("bakgen: clustered leaf pages form one chain from pgfirst") {
  TempDir dir;
  Generated gen = random_database(1234, 1);
  auto& t = gen.tables[0];
  t.spec.clustered = true;
  t.spec.columns = {bg::Column("Id", "int NOT NULL"),
                    bg::Column("Name", "nvarchar(200)")};
  t.rows.clear();
  t.states.clear();
  for (int i = 0; i < 5000; ++i)
    t.rows.push_back({std::to_string(i),
                      "name " + std::to_string(i) + std::string(100, 'z')});
  std::string path = dir.file("chain.bak");
  bg::write_database(path, gen.db, {t});
  Pages p(test::read_file(path));
  CHECK(p.rep.damages.empty());
  CHECK(p.summary.saw_tape);
  CHECK(p.summary.saw_eset);
  mssql::Catalog cat;
  CollectingReporter rep;
  REQUIRE(cat.load(p.store, rep, "x.bak"));
  REQUIRE(cat.user_tables().size() == 1);
  const mssql::Table& table = cat.user_tables()[0];
  CHECK(cat.database_name() == gen.db.name);
  CHECK(cat.database_version() == 904);
  REQUIRE(table.in_row_units.size() == 1);
  uint64_t unit = table.in_row_units[0];
  std::set<uint64_t> data_pages;
  std::string page;
  int index_pages = 0;
  for (uint64_t k : p.store.pages_of(unit)) {
    REQUIRE(p.store.read(k, &page));
    mssql::PageHeader h;
    std::string why;
    REQUIRE(mssql::parse_page_header(page, &h, &why));
    if (h.type == mssql::kDataPage) data_pages.insert(k);
    if (h.type == mssql::kIndexPage) ++index_pages;
  }
  CHECK(data_pages.size() > 50);
  CHECK(index_pages >= 1);
  // From pgfirst along m_nextPage: every data page once, prev links back.
  uint64_t k = table.first_pages[0], prev = 0;
  size_t visited = 0;
  while (k) {
    REQUIRE(data_pages.count(k));
    REQUIRE(p.store.read(k, &page));
    mssql::PageHeader h;
    std::string why;
    REQUIRE(mssql::parse_page_header(page, &h, &why));
    CHECK(h.prev_page == (prev & 0xFFFFFFFF));
    ++visited;
    prev = k;
    k = h.next_page ? mssql::PageStore::key(h.next_file, h.next_page) : 0;
    REQUIRE(visited <= data_pages.size());
  }
  CHECK(visited == data_pages.size());
  CHECK(table.declared_rows == 5000);
}

TEST_CASE("bakgen: the backup header parser reads the generated header") {
  TempDir dir;
  bg::DatabaseSpec db = bg::crm_database();
  std::string path = dir.file("crm.bak");
  bg::write_database(path, db, bg::crm_tables(1));
  std::string bytes = test::read_file(path);
  mtf::BackupHeader h = mtf::parse_backup_header(
      std::string_view(bytes).substr(0, std::min<size_t>(bytes.size(), 65536)));
  size_t tail = bytes.size() > 65536 ? bytes.size() - 65536 : 0;
  mtf::read_backup_trailer(std::string_view(bytes).substr(tail), tail, h);
  std::string notes;
  for (const auto& n : h.notes) notes += n + "\n";
  CAPTURE(notes);
  CHECK(h.notes.empty());
  CHECK(h.database == "CRM");
  CHECK(h.server == "CRMSQL01\\SQLEXPRESS");
  CHECK(h.backup_type == "full");
  CHECK(h.sql_server_version == "15.0.2000");
  CHECK(h.database_version == 904);
  CHECK(h.compatibility_level == 150);
  CHECK(h.collation == "SQL_Latin1_General_CP1_CI_AS");
  CHECK(h.backup_start == "2022-11-30T23:00:04+01:00");
  CHECK(h.backup_finish == "2022-11-30T23:00:06+01:00");
  CHECK(h.database_created == "2019-02-18T14:07:33+01:00");
  CHECK(h.machine_name == "CRMSQL01");
  CHECK(h.family_count == 1);
  REQUIRE(h.files.size() == 2);
  CHECK(h.files[0].logical_name == "CRM");
  CHECK(h.files[0].type == "D");
  CHECK(h.files[0].size % 65536 == 0);
  CHECK(h.files[1].logical_name == "CRM_log");
}

TEST_CASE("bakgen: the CRM sample") {
  TempDir dir;
  std::string path = dir.file("crm.bak");
  bg::write_database(path, bg::crm_database(), bg::crm_tables(1));
  ReadBack rb(path);
  CAPTURE(rb.damage());
  CHECK(rb.rep.damages.empty());
  CHECK(*rb.database()->field("database") == "CRM");
  REQUIRE(rb.tables.count("dbo.Contacts"));
  REQUIRE(rb.tables.count("dbo.PriceList"));
  REQUIRE(rb.tables.count("dbo.Projects"));
  auto contacts = rb.rows_of(rb.tables["dbo.Contacts"]);
  int live = 0, deleted = 0;
  std::set<std::string> countries;
  for (const Item* r : contacts) {
    (r->field("deleted") ? deleted : live)++;
    countries.insert(*r->field("Country"));
    CHECK(r->field("Email")->find('@') != std::string::npos);
  }
  CHECK(live == 40);
  CHECK(deleted == 2);
  CHECK(countries.size() >= 6);
  auto prices = rb.rows_of(rb.tables["dbo.PriceList"]);
  CHECK(prices.size() == 17);
  bool saw = false;
  for (const Item* r : prices)
    if (*r->field("Sku") == "NW-CONS-SR-D") {
      saw = true;
      CHECK(*r->field("UnitPrice") == "1250.0000");
      CHECK(*r->field("Currency") == "EUR");
    }
  CHECK(saw);
  auto projects = rb.rows_of(rb.tables["dbo.Projects"]);
  REQUIRE(projects.size() == 8);
  for (const Item* r : projects)
    if (*r->field("ProjectId") == "1") {
      CHECK(*r->field("Budget") == "184500.00");
      CHECK(*r->field("StartDate") == "2019-03-04");
      CHECK(r->field("Notes")->size() > 12000);
    }
  // Deterministic: the same seed gives the same bytes.
  std::string again = dir.file("crm2.bak");
  bg::write_database(again, bg::crm_database(), bg::crm_tables(1));
  CHECK(test::read_file(again) == test::read_file(path));
}

TEST_CASE("bakgen: a streamed benchmark table reads back whole") {
  TempDir dir;
  std::string path = dir.file("bench.bak");
  bg::WriterStats s =
      bg::write_bench(path, 60000, 3, bg::OutputFormat::kBackup);
  CHECK(s.records == 60000);
  struct Counter : RecordSink {
    int64_t rows = 0, n = 0;
    size_t event_id = 0;  // the EventId column's ordinal
    std::set<std::string> ids;
    int64_t emit(Item&&) override { return n++; }
    void begin_table(int64_t, const SqlTableSchema& t) override {
      for (size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].name == "EventId") event_id = i;
    }
    void row(int64_t, const SqlRowRef&, std::span<const SqlValue> v) override {
      ++rows;
      if (rows % 997 == 0) ids.insert(sql_value_text(v[event_id]));
    }
  } sink;
  CollectingReporter rep;
  parse_source(path, "bench.bak", sink, rep, {});
  CHECK(rep.damages.empty());
  CHECK(sink.rows == 60000);
  CHECK(sink.ids.size() == 60000 / 997);
  for (const auto& id : sink.ids) {
    CHECK(std::stoi(id) >= 1);
    CHECK(std::stoi(id) <= 60000);
  }
}

TEST_CASE("bakgen: truncated and bit-flipped backups are reported") {
  TempDir dir;
  Generated gen = random_database(99, 3);
  std::string path = dir.file("whole.bak");
  bg::write_database(path, gen.db, gen.tables);
  const std::string original = test::read_file(path);
  size_t full_rows = 0;
  {
    ReadBack rb(path);
    REQUIRE(rb.rep.damages.empty());
    full_rows = rb.sink.of_kind("sql_row").size();
    REQUIRE(full_rows > 0);
  }
  // LEAKSCOPE_BAKGEN_DAMAGE=N runs N variants of each kind (40 by default;
  // thousands under a sanitizer build make a cheap fuzzer).
  const char* env = std::getenv("LEAKSCOPE_BAKGEN_DAMAGE");
  const int variants = env ? std::max(1, std::atoi(env)) : 40;
  std::mt19937_64 rng(env ? static_cast<uint64_t>(std::atoi(env)) : 2024);
  std::string damaged = dir.file("damaged.bak");
  // Cuts after the end-of-set block's header leave a complete backup.
  size_t eset = original.rfind("ESET");
  REQUIRE(eset != std::string::npos);
  SUBCASE("truncated anywhere") {
    for (int v = 0; v < variants; ++v) {
      size_t cut = static_cast<size_t>(rng() % original.size());
      CAPTURE(cut);
      spit(damaged, original.substr(0, cut));
      ReadBack rb(damaged);
      CHECK_MESSAGE(rb.threw.empty(), rb.threw);
      if (cut >= 4) REQUIRE(rb.database());
      if (cut >= 4 && cut < eset + 52)
        CHECK(!rb.rep.damages.empty());  // at least: no ESET block
      CHECK(rb.sink.of_kind("sql_row").size() <= full_rows);
    }
  }
  SUBCASE("random bytes flipped") {
    for (int v = 0; v < variants; ++v) {
      std::string bytes = original;
      int flips = 1 + static_cast<int>(rng() % 64);
      for (int k = 0; k < flips; ++k)
        bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
      spit(damaged, bytes);
      ReadBack rb(damaged);  // must not crash, hang or read out of bounds
      CHECK_MESSAGE(rb.threw.empty(), rb.threw);
      if (bytes.compare(0, 4, "TAPE") == 0 && rb.threw.empty())
        REQUIRE(rb.database());
      // A flipped status bit can turn a ghost live and back; no more rows
      // appear than records exist.
      CHECK(rb.sink.of_kind("sql_row").size() <= full_rows + 64);
    }
  }
  SUBCASE("bytes flipped in page headers, first records and slot arrays") {
    // Pages start 1024 bytes into the MSDA block, every 8192 bytes.
    size_t first = original.find("MSDA");
    REQUIRE(first != std::string::npos);
    first += 1024;
    size_t pages = (original.rfind("MSLS") - first) / 8192;
    REQUIRE(pages > 10);
    for (int v = 0; v < variants; ++v) {
      std::string bytes = original;
      int flips = 1 + static_cast<int>(rng() % 8);
      for (int k = 0; k < flips; ++k) {
        size_t page = first + 8192 * (rng() % pages);
        size_t at = rng() % 2 ? rng() % 256 : 8192 - 1 - rng() % 64;
        bytes[page + at] ^= static_cast<char>(1 << (rng() % 8));
      }
      spit(damaged, bytes);
      ReadBack rb(damaged);
      CHECK_MESSAGE(rb.threw.empty(), rb.threw);
      CHECK(rb.sink.of_kind("sql_row").size() <= full_rows + 4096);
    }
  }
  SUBCASE("a damaged block header is reported") {
    // Every block header is checksummed: flip a byte in each in turn.
    std::vector<size_t> blocks;
    for (size_t at = 0; at + 52 <= original.size(); at += 512) {
      bool id = true;
      for (int i = 0; i < 4; ++i)
        id = id && original[at + i] >= 'A' && original[at + i] <= 'Z';
      if (id && mtf::xor_checksum(std::string_view(original).substr(at, 50)) ==
                    mtf::le16(original.data() + at + 50))
        blocks.push_back(at);
    }
    REQUIRE(blocks.size() >= 8);
    for (size_t at : blocks) {
      CAPTURE(original.substr(at, 4));
      std::string bytes = original;
      bytes[at + 20] ^= 0x5A;
      spit(damaged, bytes);
      ReadBack rb(damaged);
      CHECK(!rb.rep.damages.empty());
    }
  }
  SUBCASE("a damaged record is reported with its page and slot") {
    // The first user data page (m_indexId 256): make slot 0's fixed-length
    // end point past the page.
    size_t page_at = 0;
    for (size_t at = 0; at + 8192 <= original.size(); at += 512) {
      const auto* p = reinterpret_cast<const uint8_t*>(original.data() + at);
      if (p[0] != 1 || p[1] != 1 || p[6] != 0 || p[7] != 1 ||
          (p[22] | p[23]) == 0)
        continue;
      size_t slot0 = p[8190] | (p[8191] << 8);
      if (((p[slot0] >> 1) & 7) == 0) {  // a primary record
        page_at = at;
        break;
      }
    }
    REQUIRE(page_at);
    std::string bytes = original;
    uint16_t slot0 = static_cast<uint16_t>(
        static_cast<uint8_t>(bytes[page_at + 8190]) |
        (static_cast<uint8_t>(bytes[page_at + 8191]) << 8));
    bytes[page_at + slot0 + 2] = static_cast<char>(0xF0);
    bytes[page_at + slot0 + 3] = static_cast<char>(0x1F);
    spit(damaged, bytes);
    ReadBack rb(damaged);
    REQUIRE(!rb.rep.damages.empty());
    bool named = false;
    for (const auto& d : rb.rep.damages)
      named = named || (d.locator.find("/slot=0") != std::string::npos &&
                        d.what.find("record") != std::string::npos);
    CHECK_MESSAGE(named, rb.damage());
    CHECK(rb.sink.of_kind("sql_row").size() == full_rows - 1);
  }
}

TEST_CASE("bakgen: the writer refuses what it cannot write") {
  TempDir dir;
  bg::DatabaseSpec db;
  db.name = "Bad";
  bg::BackupWriter w(dir.file("bad.bak"), db);
  CHECK_THROWS_AS(bg::Column("x", "geography"), std::invalid_argument);
  CHECK_THROWS_AS(bg::Column("x", "varchar(8001)"), std::invalid_argument);
  CHECK_THROWS_AS(bg::Column("x", "char(max)"), std::invalid_argument);
  bg::TableSpec t;
  t.name = "T";
  t.columns = {bg::Column("a", "tinyint NOT NULL"),
               bg::Column("b", "decimal(5,2)"), bg::Column("c", "char(4000)"),
               bg::Column("d", "char(4000)"), bg::Column("e", "varchar(100)")};
  size_t id = w.add_table(t);
  CHECK_THROWS_AS(w.add_row(id, {"256", "1", "", "", ""}),
                  std::invalid_argument);
  CHECK_THROWS_AS(w.add_row(id, {std::nullopt, "1", "", "", ""}),
                  std::invalid_argument);
  CHECK_THROWS_AS(w.add_row(id, {"1", "1000.00", "", "", ""}),
                  std::invalid_argument);
  CHECK_THROWS_AS(w.add_row(id, {"1", "1", "", "", std::string(101, 'x')}),
                  std::invalid_argument);
  // 8000 + 100 bytes: no page holds it, so "e" moves to a row-overflow
  // page behind a 24-byte pointer, as SQL Server does.
  w.add_row(id, {"2", "1", "", "", std::string(100, 'x')});
  CHECK_THROWS_AS(w.add_row(id, {"1", "1", "", ""}), std::invalid_argument);
  CHECK_THROWS_AS(w.add_row(id, {"1", "1", "Ω", "", ""}),
                  std::invalid_argument);  // not in windows-1252
  CHECK_THROWS_AS(w.add_table(t), std::invalid_argument);  // defined twice
  bg::TableSpec c = t;
  c.name = "C";
  c.clustered = true;
  c.key = {4};
  CHECK_THROWS_AS(w.add_table(c), std::invalid_argument);  // varchar key
  w.add_row(id, {"1", "-999.99", "a", "b", std::nullopt});
  w.finish();
  ReadBack rb(dir.file("bad.bak"));
  CHECK(rb.rep.damages.empty());
  auto rows = rb.rows_of(rb.tables.at("dbo.T"));
  REQUIRE(rows.size() == 2);
  std::sort(rows.begin(), rows.end(), [](const Item* a, const Item* b) {
    return *a->field("a") < *b->field("a");
  });
  CHECK(*rows[0]->field("b") == "-999.99");
  CHECK(*rows[0]->field("c") == "a" + std::string(3999, ' '));
  CHECK(*rows[1]->field("e") == std::string(100, 'x'));
}

// A catalog row whose id is NULL (one flipped null-bitmap bit) once made the
// catalog throw std::invalid_argument out of parse_source(); it is damage
// (reported with its page and slot) and the row is skipped.
TEST_CASE("bakgen: a NULL id in a catalog row is damage, not an exception") {
  TempDir dir;
  bg::DatabaseSpec db;
  db.name = "Ids";
  bg::TableContents t;
  t.spec.name = "T";
  t.spec.columns = {bg::Column("a", "int")};
  t.rows = {{"1"}, {"2"}};
  std::string path = dir.file("ids.bak");
  bg::write_database(path, db, {t});
  const std::string original = test::read_file(path);
  // (object id, column of "id", record test) for sysclsobjs and sysschobjs.
  struct Target {
    uint32_t object;
    int id_column;
    const char* what;
  };
  for (Target target :
       {Target{64, 1, "sysclsobjs"}, Target{34, 0, "sysschobjs"}}) {
    std::string table = target.what;
    CAPTURE(table);
    std::string bytes = original;
    bool done = false;
    for (size_t at = 0; at + 8192 <= bytes.size() && !done; at += 512) {
      const auto* p = reinterpret_cast<const uint8_t*>(bytes.data() + at);
      uint32_t obj = p[24] | (p[25] << 8) | (p[26] << 16) | (p[27] << 24);
      if (p[0] != 1 || p[1] != 1 || p[6] != 1 || p[7] != 0 ||
          obj != target.object)
        continue;
      uint16_t slots = static_cast<uint16_t>(p[22] | (p[23] << 8));
      for (uint16_t s = 0; s < slots && !done; ++s) {
        size_t off = p[8190 - 2 * s] | (p[8191 - 2 * s] << 8);
        // sysschobjs: the user table's row (type "U " at fixed +13).
        if (target.object == 34 && std::memcmp(p + off + 4 + 13, "U ", 2) != 0)
          continue;
        size_t fixed_end = p[off + 2] | (p[off + 3] << 8);
        bytes[at + off + fixed_end + 2] = static_cast<char>(
            bytes[at + off + fixed_end + 2] | (1 << target.id_column));
        done = true;
      }
    }
    REQUIRE(done);
    std::string damaged = dir.file("ids-damaged.bak");
    spit(damaged, bytes);
    MemorySink sink;
    CollectingReporter rep;
    CHECK_NOTHROW(parse_source(damaged, "ids.bak", sink, rep, {}));
    CHECK(!sink.of_kind("sql_database").empty());
    std::string expected = target.object == 34
                               ? "sysschobjs row of table \"T\": object id is "
                                 "NULL or not an integer (\"\"); table skipped"
                               : "";
    bool reported = false;
    for (const auto& d : rep.damages)
      if (d.locator.find("/page=1:") != std::string::npos &&
          d.locator.find("/slot=") != std::string::npos &&
          (expected.empty() ? d.what.rfind("sysclsobjs schema row: id is "
                                           "NULL",
                                           0) == 0
                            : d.what == expected))
        reported = true;
    CHECK(reported);
    // sysschobjs: the table is lost; sysclsobjs: dbo is built in, T stays.
    CHECK(sink.of_kind("sql_table").size() == (target.object == 34 ? 0u : 1u));
  }
}

// syscolpars collation ids are SQL Server's own ids, not LCIDs: 0xD008 and
// 0x3400D008 (Latin1_General, SQL_Latin1_General_CP1_CI_AS) once read as
// Greek (windows-1253).
TEST_CASE(
    "bakgen: varchar under SQL_Latin1_General_CP1_CI_AS is windows-1252") {
  TempDir dir;
  for (uint32_t coll : {bg::kSqlLatin1Cp1CiAs, bg::kLatin1GeneralCiAs}) {
    bg::DatabaseSpec db;
    db.name = "Latin1";
    db.collation = coll;
    bg::TableContents t;
    t.spec.name = "People";
    t.spec.columns = {bg::Column("Name", "varchar(50)")};
    t.rows = {{"Jürgen Weiß"}, {"Élodie Lefèvre"}, {"5 €"}};
    std::string path = dir.file("latin1.bak");
    bg::write_database(path, db, {t});
    ReadBack rb(path);
    std::multiset<std::string> got;
    for (const Item* r : rb.rows_of(rb.tables.at("dbo.People")))
      got.insert(*r->field("Name"));
    std::string shown;
    for (const auto& g : got) shown += "\"" + g + "\" ";
    CAPTURE(coll);
    CAPTURE(shown);
    CHECK(got ==
          std::multiset<std::string>{"Jürgen Weiß", "Élodie Lefèvre", "5 €"});
  }
}

#else

TEST_CASE("bakgen round trips (skipped: leakscope_bakgen is not linked)") {
  MESSAGE(
      "tests/tools/bakgen is not part of this build: add "
      "add_subdirectory(tests/tools/bakgen) to the root CMakeLists.txt");
}

#endif
