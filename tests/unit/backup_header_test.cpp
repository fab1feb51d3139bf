// parse_backup_header / read_backup_trailer on the real backups in
// ../shared/corpus/bak (facts from EXPECTED.md and SOURCES.tsv; file lists,
// sizes and times read by hand from the bytes, see parsers/mtf/
// HEADER_FORMAT.md), then on damaged copies of them: truncated, bit-flipped,
// fields pointed out of range. Only the first 1 MiB of each file is read.
#include "backup_header.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

using leakscope::mtf::BackupFile;
using leakscope::mtf::BackupHeader;
using leakscope::mtf::parse_backup_header;
using leakscope::mtf::read_backup_trailer;

namespace {

constexpr size_t kMiB = 1 << 20;

std::filesystem::path bak_dir() { return "../shared/corpus/bak"; }

// The first `limit` bytes of a corpus file; nullopt (and a MESSAGE) if the
// corpus is not here.
std::optional<std::string> read_head(const std::string& name,
                                     size_t limit = kMiB) {
  std::ifstream f(bak_dir() / name, std::ios::binary);
  if (!f) {
    MESSAGE("corpus file absent, skipped: " << name);
    return std::nullopt;
  }
  std::string buf(limit, '\0');
  f.read(buf.data(), static_cast<std::streamsize>(limit));
  buf.resize(static_cast<size_t>(f.gcount()));
  return buf;
}

std::string prefix(const std::string& s, size_t n) {
  return s.substr(0, std::min(n, s.size()));
}

bool has_note(const BackupHeader& h, const std::string& part) {
  for (const auto& n : h.notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

std::string all_notes(const BackupHeader& h) {
  std::string s;
  for (const auto& n : h.notes) s += n + "\n";
  return s;
}

struct Expected {
  const char* file;
  const char* database;
  const char* server;
  const char* backup_type;
  const char* version;
  int database_version;
  int compatibility_level;
  const char* collation;
  uint32_t family_count, family_sequence;
  const char* media_set_id;
  const char* user_name;
  const char* backup_name;
  const char* backup_start;
  // Only for files whose closing MSLS block lies in the first 1 MiB.
  const char* backup_finish;
  std::vector<BackupFile> files;
};

const char* kSql2008R2Sp2 =
    R"(C:\Program Files\Microsoft SQL Server\MSSQL10_50.SQL2008R2SP2\MSSQL\DATA\)";

std::vector<Expected> corpus() {
  std::string dd = kSql2008R2Sp2;
  std::string rts =
      R"(c:\Program Files\Microsoft SQL Server\MSSQL10_50.SQL2008R2SP2\MSSQL\DATA\)";
  std::string ft =
      R"(C:\Program Files\Microsoft SQL Server\MSSQL10_50.MSSQLSERVER\MSSQL\DATA\)";
  std::string nw19 =
      R"(C:\Program Files\Microsoft SQL Server\MSSQL15.MSSQLSERVER\MSSQL\DATA\)";
  std::string nw14 =
      R"(C:\Program Files\Microsoft SQL Server\MSSQL12.MSSQLSERVER\MSSQL\DATA\)";
  std::string pubs =
      R"(C:\Program Files\Microsoft SQL Server\MSSQL11.UGRSQL\MSSQL\DATA\)";
  std::string qlbh =
      R"(C:\Program Files\Microsoft SQL Server\MSSQL14.SQLEXPRESS\MSSQL\DATA\)";
  return {
      {"northwind_sql2019_full.bak",
       "Northwind",
       "DESKTOP-8G1N3T8",
       "full",
       "15.0.2080",
       904,
       100,
       "SQL_Latin1_General_CP1_CI_AS",
       1,
       1,
       "bd640bab-73e4-456b-9cce-54355e36b4ba",
       R"(DESKTOP-8G1N3T8\salihdemirog)",
       "Northwind-Full Database Backup",
       "2021-06-16T10:03:26+03:00",
       nullptr,
       {{"Northwind", nw19 + "NORTHWND.MDF", "D", 4784128},
        {"Northwind_log", nw19 + "NORTHWND_log.ldf", "L", 3932160}}},
      {"pubs_sql2012rtm_full.bak",
       "pubs",
       R"(DESKTOP-7789AN9\SQLEXPRESS)",
       "full",
       "11.0.2100",
       706,
       110,
       "Modern_Spanish_CI_AS",
       1,
       1,
       "dc935659-6efb-4f7b-94e5-c518fb9d9ad1",
       R"(DESKTOP-7789AN9\Uriel)",
       "pubs-Full Database Backup",
       "2024-05-05T19:15:01-06:00",
       nullptr,
       {{"pubs", pubs + "pubs.mdf", "D", 4259840},
        {"pubs_log", pubs + "pubs_log.ldf", "L", 1064960}}},
      {"qlbh_sql2017_full.bak",
       "QLBH",
       R"(LAPTOPOFETTEE97\SQLEXPRESS)",
       "full",
       "14.0.2027",
       869,
       140,
       // The bytes say so (SCIN and the boot page's collation id 0x3400D008);
       // the Vietnamese text is in nvarchar columns.
       "SQL_Latin1_General_CP1_CI_AS",
       1,
       1,
       "dc5b9768-1155-4299-b748-beaac4eec6a0",
       R"(LAPTOPOFETTEE97\Admin)",
       "QLBH-Full Database Backup",
       "2020-06-22T21:29:23+07:00",
       nullptr,
       {{"QLBH", qlbh + "QLBH.mdf", "D", 8388608},
        {"QLBH_log", qlbh + "QLBH_log.ldf", "L", 8388608}}},
      {"restoretimestripe_sql2008r2_stripe1of2_full.bak",
       "RestoreTimeStripe",
       R"(CGE100LAP-42\SQL2008R2SP2)",
       "full",
       "10.50.4042",
       661,
       100,
       "Latin1_General_CI_AS",
       2,
       1,
       "dba99816-9a6c-4ab6-b68c-76b2a726823d",
       R"(ADS\COM3MOORESM)",
       "",
       "2017-12-15T12:46:53+00:00",
       "2017-12-15T12:46:53+00:00",
       {{"restoretimestripe", rts + "restoretimestripe.mdf", "D", 2359296},
        {"restoretimestripe_log", rts + "restoretimestripe_log.LDF", "L",
         589824}}},
      {"restoretimestripe_sql2008r2_stripe2of2_full.bak",
       "RestoreTimeStripe",
       R"(CGE100LAP-42\SQL2008R2SP2)",
       "full",
       "10.50.4042",
       661,
       100,
       "Latin1_General_CI_AS",
       2,
       2,
       "dba99816-9a6c-4ab6-b68c-76b2a726823d",
       R"(ADS\COM3MOORESM)",
       "",
       "2017-12-15T12:46:53+00:00",
       "2017-12-15T12:46:53+00:00",
       {{"restoretimestripe", rts + "restoretimestripe.mdf", "D", 2359296},
        {"restoretimestripe_log", rts + "restoretimestripe_log.LDF", "L",
         589824}}},
      {"northwind_sql2014_stripe1of2_full.bak",
       "Northwind",
       "LENOVO",
       "full",
       "12.0.2000",
       782,
       120,
       "Modern_Spanish_CI_AS",
       2,
       1,
       "258e4405-8273-410d-aa5f-7f0ff53b9a3e",
       R"(LENOVO\Astrit)",
       "Northwind-Full Database Backup",
       "2024-12-09T18:58:10-05:00",
       nullptr,
       {{"Northwind", nw14 + "Northwind.mdf", "D", 5439488},
        {"Northwind_log", nw14 + "Northwind_log.ldf", "L", 1097728}}},
      {"doublediff_sql2008r2_diff1.bak",
       "doublediff",
       R"(WIN-JNMR8KM0U3B\SQL2008R2SP2)",
       "differential",
       "10.50.1600",
       661,
       100,
       "Latin1_General_CI_AS",
       1,
       1,
       "18d178a8-5e6d-4d24-b162-c9a304f9ea1e",
       R"(WIN-JNMR8KM0U3B\Administrator)",
       "",
       "2018-12-21T11:26:31+00:00",
       "2018-12-21T11:26:31+00:00",
       {{"doublediff", dd + "doublediff.mdf", "D", 2359296},
        {"doublediff_log", dd + "doublediff_log.LDF", "L", 589824}}},
      {"ft1_sql2008r2_log.trn",
       "ft1",
       "SQL2008",
       "log",
       "10.50.1600",
       661,
       100,
       "SQL_Latin1_General_CP1_CI_AS",
       1,
       1,
       "1bab5c61-0eb0-4652-92f6-636d762dd7ec",
       R"(BASE\sqlserver)",
       "",
       "2017-05-18T04:18:37+02:00",
       "2017-05-18T04:18:37+02:00",
       {{"ft1", ft + "ft1.mdf", "D", 3145728},
        {"ft1_log", ft + "ft1_log.ldf", "L", 1048576}}},
  };
}

void check_files(const BackupHeader& h, const std::vector<BackupFile>& want) {
  REQUIRE(h.files.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(h.files[i].logical_name == want[i].logical_name);
    CHECK(h.files[i].physical_name == want[i].physical_name);
    CHECK(h.files[i].type == want[i].type);
    CHECK(h.files[i].size == want[i].size);
  }
}

// A field read from a damaged or shorter input is either missing or equal
// to what the whole input gives: damage never produces a wrong value.
void check_subset(const BackupHeader& part, const BackupHeader& whole) {
  CHECK(part.kind == "mssql_backup");
  auto same_or_empty = [](const std::string& a, const std::string& b) {
    return a.empty() || a == b;
  };
  CHECK(same_or_empty(part.database, whole.database));
  CHECK(same_or_empty(part.server, whole.server));
  CHECK(same_or_empty(part.backup_name, whole.backup_name));
  CHECK(same_or_empty(part.user_name, whole.user_name));
  CHECK(same_or_empty(part.sql_server_version, whole.sql_server_version));
  CHECK(same_or_empty(part.collation, whole.collation));
  CHECK(same_or_empty(part.media_set_id, whole.media_set_id));
  CHECK(same_or_empty(part.machine_name, whole.machine_name));
  CHECK(
      (part.backup_type == "unknown" || part.backup_type == whole.backup_type));
  CHECK((part.database_version == 0 ||
         part.database_version == whole.database_version));
  CHECK((part.compatibility_level == 0 ||
         part.compatibility_level == whole.compatibility_level));
  CHECK((part.family_count == 0 || part.family_count == whole.family_count));
  // The start time loses its offset only if the SSET (time zone) is cut.
  CHECK((part.backup_start.empty() ||
         whole.backup_start.rfind(part.backup_start, 0) == 0));
  CHECK(part.files.size() <= whole.files.size());
  for (size_t i = 0; i < part.files.size() && i < whole.files.size(); ++i) {
    CHECK(
        same_or_empty(part.files[i].logical_name, whole.files[i].logical_name));
    CHECK(same_or_empty(part.files[i].physical_name,
                        whole.files[i].physical_name));
    CHECK(part.files[i].size == whole.files[i].size);
  }
}

}  // namespace

TEST_CASE("backup header: every uncompressed corpus backup") {
  for (const Expected& e : corpus()) {
    CAPTURE(e.file);
    auto head = read_head(e.file);
    if (!head) continue;
    BackupHeader h = parse_backup_header(*head);
    INFO(all_notes(h));
    CHECK(h.kind == "mssql_backup");
    CHECK(h.database == e.database);
    CHECK(h.server == e.server);
    CHECK(h.backup_type == e.backup_type);
    CHECK(h.sql_server_version == e.version);
    CHECK(h.database_version == e.database_version);
    CHECK(h.compatibility_level == e.compatibility_level);
    CHECK(h.collation == e.collation);
    CHECK(h.family_count == e.family_count);
    CHECK(h.family_sequence == e.family_sequence);
    CHECK(h.media_set_id == e.media_set_id);
    CHECK(h.user_name == e.user_name);
    CHECK(h.backup_name == e.backup_name);
    CHECK(h.backup_start == e.backup_start);
    CHECK_FALSE(h.compressed);
    CHECK_FALSE(h.encrypted);
    CHECK_FALSE(h.password_protected);
    check_files(h, e.files);
    if (e.backup_finish) {
      CHECK(h.backup_finish == e.backup_finish);
      CHECK(h.notes.empty());
    } else {
      CHECK(h.backup_finish.empty());
      REQUIRE(h.notes.size() == 1);
      CHECK(has_note(h, "backup_finish"));
    }
    // 64 KiB is enough for everything but the finish time.
    BackupHeader small = parse_backup_header(prefix(*head, 64 * 1024));
    CHECK(small.database == h.database);
    CHECK(small.backup_start == h.backup_start);
    check_files(small, e.files);
  }
}

TEST_CASE("backup header: stripes of one media set share its id") {
  auto a = read_head("restoretimestripe_sql2008r2_stripe1of2_full.bak");
  auto b = read_head("restoretimestripe_sql2008r2_stripe2of2_full.bak");
  if (!a || !b) return;
  // SOURCES.tsv: media-set GUID 1698a9db... at TAPE+0xA2 (raw bytes); its
  // text in Windows GUID order starts with the first four bytes reversed.
  CHECK(a->substr(0xA2, 4) == std::string("\x16\x98\xa9\xdb", 4));
  BackupHeader ha = parse_backup_header(*a), hb = parse_backup_header(*b);
  CHECK(ha.media_set_id == hb.media_set_id);
  CHECK(ha.media_set_id.rfind("dba99816-", 0) == 0);
  CHECK(ha.family_sequence == 1);
  CHECK(hb.family_sequence == 2);
  CHECK(ha.family_count == 2);
  CHECK(hb.family_count == 2);
}

TEST_CASE("backup header: compressed container is recognised, not parsed") {
  auto head = read_head("tutorialdb_compressed.bak");
  if (!head) return;
  REQUIRE(head->rfind("MSSQLBAK", 0) == 0);
  BackupHeader h = parse_backup_header(*head);
  CHECK(h.kind == "mssql_backup");
  CHECK(h.compressed);
  CHECK(h.database.empty());
  CHECK(has_note(h, "compressed"));
  for (size_t n : {0, 4, 8, 9, 512, 4096}) {
    BackupHeader p = parse_backup_header(prefix(*head, n));
    CHECK(p.kind == "mssql_backup");
  }
}

TEST_CASE("backup header: the finish time from the trailer") {
  auto all = read_head("doublediff_sql2008r2_diff1.bak");  // whole file
  if (!all) return;
  REQUIRE(all->size() < kMiB);
  BackupHeader h = parse_backup_header(prefix(*all, 64 * 1024));
  CHECK(h.backup_finish.empty());
  CHECK(has_note(h, "backup_finish"));
  size_t from = all->size() - 64 * 1024;
  read_backup_trailer(std::string_view(*all).substr(from), from, h);
  CHECK(h.backup_finish == "2018-12-21T11:26:31+00:00");
  CHECK(h.notes.empty());

  SUBCASE("a tail that does not start on a block boundary") {
    BackupHeader g = parse_backup_header(prefix(*all, 64 * 1024));
    size_t odd = from + 100;
    read_backup_trailer(std::string_view(*all).substr(odd), odd, g);
    CHECK(g.backup_finish == "2018-12-21T11:26:31+00:00");
  }
  SUBCASE("a tail without MSLS or ESET") {
    BackupHeader g = parse_backup_header(prefix(*all, 64 * 1024));
    read_backup_trailer(std::string_view(*all).substr(65536, 8192), 65536, g);
    CHECK(g.backup_finish.empty());
    CHECK(has_note(g, "ESET"));
    CHECK(has_note(g, "MSLS"));
  }
  SUBCASE("another backup's tail is refused") {
    auto other = read_head("ft1_sql2008r2_log.trn");
    if (!other) return;
    BackupHeader g = parse_backup_header(prefix(*all, 64 * 1024));
    read_backup_trailer(*other, 0, g);
    CHECK(g.backup_finish.empty());
    CHECK(has_note(g, "another backup set"));
  }
}

TEST_CASE("backup header: truncated at many lengths") {
  for (const char* file :
       {"northwind_sql2019_full.bak", "pubs_sql2012rtm_full.bak",
        "ft1_sql2008r2_log.trn", "northwind_sql2014_stripe1of2_full.bak"}) {
    CAPTURE(file);
    auto head = read_head(file, 64 * 1024);
    if (!head) continue;
    BackupHeader whole = parse_backup_header(*head);
    // The MQCI stream ends well before 16 KiB in every corpus file.
    for (size_t n = 0; n <= 16384 && n <= head->size(); n += 37) {
      CAPTURE(n);
      BackupHeader h = parse_backup_header(prefix(*head, n));
      check_subset(h, whole);
      bool complete =
          h.database == whole.database &&
          h.files.size() == whole.files.size() && !h.files.empty() &&
          h.files.back().physical_name == whole.files.back().physical_name;
      if (!complete) {
        // Something is missing: a note says what (beyond the finish time).
        CHECK(h.notes.size() >= 2);
      }
      if (h.database.empty())
        CHECK((has_note(h, "database") || has_note(h, "MSCI") ||
               has_note(h, "SCIN") || has_note(h, "MQCI")));
      if (h.media_set_id.empty())
        CHECK((has_note(h, "stripe") || has_note(h, "TAPE")));
    }
  }
}

TEST_CASE("backup header: bit flips never crash or invent values") {
  auto head = read_head("northwind_sql2019_full.bak", 64 * 1024);
  if (!head) return;
  BackupHeader whole = parse_backup_header(*head);
  uint32_t x = 12345;
  auto rnd = [&] {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
  };
  for (int i = 0; i < 3000; ++i) {
    std::string d = prefix(*head, 8192);
    size_t at = rnd() % d.size();
    d[at] = static_cast<char>(d[at] ^ (1 << (rnd() % 8)));
    BackupHeader h = parse_backup_header(d);
    CHECK(h.kind == "mssql_backup");
    // Checksummed headers: a flip in one is reported, never believed.
    bool in_block_header = false;
    for (size_t b : {0, 1024, 1536, 2560, 3584})
      if (at >= b && at < b + 52) in_block_header = true;
    if (in_block_header) {
      CAPTURE(at);
      CHECK(has_note(h, "no valid MTF descriptor block"));
    }
  }
}

TEST_CASE("backup header: damaged fields are left empty with a note") {
  auto orig = read_head("northwind_sql2019_full.bak", 64 * 1024);
  if (!orig) return;
  const size_t scin = 3662;  // MQCI data: "SCIN" record

  SUBCASE("SSET checksum broken: its fields are lost, the rest is read") {
    std::string d = *orig;
    d[1536 + 50] ^= 1;
    BackupHeader h = parse_backup_header(d);
    CHECK(h.backup_name.empty());
    CHECK(h.user_name.empty());
    CHECK(h.database == "Northwind");
    CHECK(has_note(h, "between offsets 1536 and 2560"));
    CHECK(has_note(h, "no SSET block"));
    // Without the SSET the time zone is unknown: local time, no offset.
    CHECK(h.backup_start == "2021-06-16T10:03:26");
  }
  SUBCASE("database name address outside its record") {
    std::string d = *orig;
    d[scin + 0x6A] = '\xF0';  // offset 0x0190 -> 0x01F0 + size > record
    d[scin + 0x6B] = '\x01';
    BackupHeader h = parse_backup_header(d);
    CHECK(h.database.empty());
    CHECK(h.server == "DESKTOP-8G1N3T8");
    CHECK(has_note(h, "database: string address"));
    CHECK(has_note(h, std::to_string(scin + 0x68)));
  }
  SUBCASE("unknown backup type letter") {
    std::string d = *orig;
    d[scin + 0x57] = 'X';
    BackupHeader h = parse_backup_header(d);
    CHECK(h.backup_type == "unknown");
    CHECK(has_note(h, "'X'"));
  }
  SUBCASE("SCIN type letter missing: the MTF facts decide") {
    std::string d = *orig;
    d[scin + 0x57] = 0;
    BackupHeader h = parse_backup_header(d);
    CHECK(h.backup_type == "full");  // SSET not differential, MSDA follows
    CHECK(has_note(h, "inferred"));
  }
  SUBCASE("a collation the table does not know is shown raw") {
    std::string d = *orig;
    // LCID 0x00437 (Georgian), flags 0x0D, sort order 0.
    d[scin + 0xD8] = '\x37';
    d[scin + 0xD9] = '\x04';
    d[scin + 0xDC] = 0;
    BackupHeader h = parse_backup_header(d);
    CHECK(h.collation.empty());
    CHECK(has_note(h, "LCID 1079"));
  }
  SUBCASE("Windows collations by LCID and flags") {
    std::string d = *orig;
    d[scin + 0xD8] = '\x2A';  // LCID 0x0042A: Vietnamese
    d[scin + 0xD9] = '\x04';
    d[scin + 0xDC] = 0;
    CHECK(parse_backup_header(d).collation == "Vietnamese_CI_AS");
    d[scin + 0xDA] = '\x00';  // flags 0: case, accent, kana, width sensitive
    CHECK(parse_backup_header(d).collation == "Vietnamese_CS_AS_KS_WS");
    d[scin + 0xDA] = '\x00';
    d[scin + 0xDB] = '\x01';  // flags 0x10: binary
    CHECK(parse_backup_header(d).collation == "Vietnamese_BIN");
  }
  SUBCASE("time zone not recorded") {
    std::string d = *orig;
    d[1536 + 95] = 127;
    BackupHeader h = parse_backup_header(d);
    CHECK(h.backup_start == "2021-06-16T10:03:26");
    CHECK(has_note(h, "time zone"));
  }
  SUBCASE("invalid start date falls back to the SSET's") {
    std::string d = *orig;
    d[scin + 0x4D] = '\xFF';
    BackupHeader h = parse_backup_header(d);
    CHECK(h.backup_start == "2021-06-16T10:03:26+03:00");
    CHECK(has_note(h, "invalid MTF date"));
  }
  SUBCASE("MQCI stream claims more bytes than there are") {
    std::string d = *orig;
    d[3640 + 8 + 5] = 1;    // length += 2^40
    d[3640 + 20 + 1] ^= 1;  // keep the stream checksum valid
    BackupHeader h = parse_backup_header(d);
    CHECK(h.database == "Northwind");
    CHECK(has_note(h, "MQCI stream at 3640"));
  }
  SUBCASE("implausible stripe facts") {
    std::string d = *orig;
    d[0xBA] = 9;  // family sequence 9 of 1
    BackupHeader h = parse_backup_header(d);
    CHECK(h.family_count == 0);
    CHECK(has_note(h, "implausible family count"));
  }
  SUBCASE("SFIN record length zero stops the list") {
    std::string d = *orig;
    const size_t sfin = scin + 448 + 238;
    REQUIRE(d.substr(sfin, 4) == "SFIN");
    d[sfin + 4] = d[sfin + 5] = 0;
    BackupHeader h = parse_backup_header(d);
    CHECK(h.files.empty());
    CHECK(has_note(h, "configuration record at " + std::to_string(sfin)));
  }
  SUBCASE("a flood of damage keeps the notes bounded") {
    // Valid SFMB blocks with junk between them: one note per junk range.
    std::string sfmb = orig->substr(1024, 512);
    REQUIRE(sfmb.substr(0, 4) == "SFMB");
    std::string d = orig->substr(0, 1024);
    for (int i = 0; i < 200; ++i) d += sfmb + std::string(512, 'x');
    BackupHeader h = parse_backup_header(d);
    CHECK(h.notes.size() == 64);
    CHECK(h.notes.back() == "further notes dropped");
    read_backup_trailer(d, 0, h);
    CHECK(h.notes.size() == 64);
  }
  SUBCASE("not a backup at all") {
    std::string junk(70000, 'x');
    BackupHeader h = parse_backup_header(junk);
    CHECK(h.kind == "mssql_backup");
    CHECK(h.backup_type == "unknown");
    CHECK(has_note(h, "no TAPE block"));
  }
}
