// Hostile input, the evidence tree: paths recorded once and canonically,
// the store never ingested as evidence, links and special files never
// followed or opened, access times kept, evidence changed while it was read
// named, and escape bytes in names never reaching a terminal.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "ingest/source_parser.hpp"
#include "test_support.hpp"
#include "util/evidence_file.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;
using namespace leakscope;

namespace {

const char* kMail =
    "From: Anna Berg <anna@contoso.com>\r\nTo: bob@fabrikam.com\r\n"
    "Subject: hello\r\n\r\nhi\r\n";

// Sets both times of `p` (not following a link) `days` days back.
void age(const fs::path& p, int days) {
  struct timespec ts[2];
  clock_gettime(CLOCK_REALTIME, &ts[0]);
  ts[0].tv_sec -= days * 86400;
  ts[1] = ts[0];
  REQUIRE(utimensat(AT_FDCWD, p.c_str(), ts, AT_SYMLINK_NOFOLLOW) == 0);
}

int64_t atime_of(const fs::path& p) {
  struct stat st;
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_atim.tv_sec;
}

}  // namespace

TEST_CASE(
    "hostile paths: one file named three ways is one source, recorded by "
    "its canonical path and as given; verify works from anywhere") {
  test::TempDir tmp;
  fs::create_directories(tmp.path / "ev");
  test::write_file(tmp.path / "ev" / "a.eml", kMail);
  const std::string store = tmp.file("c.db");
  const std::string canon = fs::canonical(tmp.path / "ev" / "a.eml").string();
  auto r = test::run_capture({"ingest", "ev", "./ev", canon, "--store", store},
                             0, tmp.path.string());
  CHECK(r.status == 0);
  CHECK(test::sql_strings(store,
                          "SELECT path || '|' || given || '|' || root "
                          "FROM sources") ==
        std::vector<std::string>{canon + "|ev/a.eml|ev"});
  // From another directory every source is still found.
  auto v = test::run_capture({"verify", "--store", store}, 0, "/");
  CHECK(v.status == 0);
  CHECK(v.out.find("1 verified, 0 changed, 0 missing") != std::string::npos);
}

TEST_CASE(
    "hostile paths: the store inside the evidence folder is excluded by "
    "device and inode; verify stays clean") {
  test::TempDir tmp;
  fs::create_directories(tmp.path / "ev");
  test::write_file(tmp.path / "ev" / "a.eml", kMail);
  const std::string store = (tmp.path / "ev" / "case.db").string();
  auto r = test::run_capture(
      {"ingest", (tmp.path / "ev").string(), "--store", store});
  CHECK(r.status == 0);
  auto again = test::run_capture(
      {"ingest", (tmp.path / "ev").string(), "--store", store, "--json"});
  CHECK(again.status == 0);
  const std::string dir = fs::canonical(tmp.path / "ev").string();
  CHECK(again.out.find("\"excluded\":[\"" + dir + "/case.db\",\"" + dir +
                       "/case.db-shm\",\"" + dir + "/case.db-wal\"]") !=
        std::string::npos);
  CHECK(test::sql_strings(store, "SELECT COUNT(*) FROM sources") ==
        std::vector<std::string>{"1"});
  auto v = test::run_capture({"verify", "--store", store});
  CHECK(v.status == 0);
  CHECK(v.out.find("1 verified, 0 changed, 0 missing") != std::string::npos);
}

TEST_CASE(
    "hostile paths: an SQLite file that is not a leakscope store is refused "
    "and left unchanged") {
  test::TempDir tmp;
  fs::create_directories(tmp.path / "ev");
  test::write_file(tmp.path / "ev" / "a.eml", kMail);
  const std::string other = tmp.file("browser-history.sqlite");
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(other.c_str(), &h) == SQLITE_OK);
  REQUIRE(sqlite3_exec(h, "CREATE TABLE urls(url TEXT)", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  sqlite3_close(h);
  const std::string before = Sha256::hex(test::read_file(other));
  for (const char* cmd : {"ingest", "report", "verify"}) {
    CAPTURE(cmd);
    std::vector<std::string> args = {cmd, "--store", other};
    if (std::string(cmd) == "ingest") args.push_back(tmp.file("ev"));
    if (std::string(cmd) == "report") {
      args.push_back("--out");
      args.push_back(tmp.file("out"));
    }
    auto r = test::run_capture(args);
    CHECK(r.status == 2);
    CHECK(r.err.find(other +
                     ": an SQLite database that is not a leakscope store (it "
                     "has no schema_version table); refusing to use or change "
                     "it: give --store a new file") != std::string::npos);
  }
  CHECK(Sha256::hex(test::read_file(other)) == before);
  CHECK(!fs::exists(other + "-wal"));
}

TEST_CASE(
    "hostile paths: symbolic links are recorded as links; --follow-symlinks "
    "never leaves the given paths") {
  test::TempDir tmp;
  const fs::path ev = tmp.path / "ev";
  fs::create_directories(ev / "sub");
  fs::create_directories(tmp.path / "outside");
  test::write_file(ev / "a.eml", kMail);
  test::write_file(tmp.path / "outside" / "secret.eml", kMail);
  fs::create_directory_symlink("/etc", ev / "etc");
  fs::create_symlink("../../outside/secret.eml", ev / "sub" / "out.eml");
  fs::create_symlink("../a.eml", ev / "sub" / "in.eml");
  fs::create_directory_symlink("..", ev / "sub" / "up");

  const std::string store = tmp.file("c.db");
  auto r = test::run_capture({"ingest", ev.string(), "--store", store});
  CHECK(r.status == 0);
  CHECK(test::sql_strings(store,
                          "SELECT given || ' ' || kind || ' ' || status || "
                          "' ' || error FROM sources WHERE status='skipped' "
                          "ORDER BY given") ==
        std::vector<std::string>{
            ev.string() +
                "/etc symlink skipped symbolic link to \"/etc\"; not "
                "followed (--follow-symlinks follows links that stay inside "
                "the given paths)",
            ev.string() +
                "/sub/in.eml symlink skipped symbolic link to \"../a.eml\"; "
                "not followed (--follow-symlinks follows links that stay "
                "inside the given paths)",
            ev.string() +
                "/sub/out.eml symlink skipped symbolic link to "
                "\"../../outside/secret.eml\"; not followed (--follow-symlinks "
                "follows links that stay inside the given paths)",
            ev.string() +
                "/sub/up symlink skipped symbolic link to \"..\"; not "
                "followed (--follow-symlinks follows links that stay inside "
                "the given paths)"});
  CHECK(r.err.find("not read: ev/etc: symbolic link to \"/etc\"") !=
        std::string::npos);
  CHECK(test::sql_strings(store,
                          "SELECT COUNT(*) FROM sources WHERE "
                          "status='ok'") == std::vector<std::string>{"1"});

  const std::string followed = tmp.file("f.db");
  r = test::run_capture(
      {"ingest", ev.string(), "--store", followed, "--follow-symlinks"});
  CHECK(r.status == 0);
  // Inside the roots: followed (a.eml once, by device and inode; the link
  // to the parent folder is a loop). Outside: recorded, not followed.
  CHECK(test::sql_strings(followed,
                          "SELECT given || ' ' || status FROM sources ORDER "
                          "BY given") ==
        std::vector<std::string>{ev.string() + "/a.eml ok",
                                 ev.string() + "/etc skipped",
                                 ev.string() + "/sub/out.eml skipped"});
  CHECK(test::sql_strings(followed,
                          "SELECT error FROM sources WHERE given LIKE "
                          "'%out.eml'") ==
        std::vector<std::string>{
            "symbolic link to \"../../outside/secret.eml\"; not followed: its "
            "target is outside the given paths"});
  CHECK(test::sql_strings(followed,
                          "SELECT COUNT(*) FROM items WHERE "
                          "locator LIKE '%passwd%' OR locator LIKE "
                          "'%secret%'") == std::vector<std::string>{"0"});
}

TEST_CASE(
    "hostile paths: FIFOs and devices are never opened; info, ingest and "
    "verify end") {
  test::TempDir tmp;
  const fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  test::write_file(ev / "a.eml", kMail);
  REQUIRE(mkfifo((ev / "pipe").c_str(), 0600) == 0);

  auto info = test::run_capture({"info", "/dev/zero"});
  CHECK(info.status == 1);
  CHECK(info.err ==
        "leakscope info: /dev/zero: not a regular file (character device); "
        "not read\n");
  info = test::run_capture({"info", (ev / "pipe").string()});
  CHECK(info.status == 1);
  CHECK(info.err == "leakscope info: " + (ev / "pipe").string() +
                        ": not a regular file (fifo); not read\n");

  const std::string store = tmp.file("c.db");
  auto r = test::run_capture({"ingest", ev.string(), "--store", store});
  CHECK(r.status == 0);
  CHECK(r.err.find("not read: ev/pipe: fifo; not evidence that can be read "
                   "as a file\n") != std::string::npos);
  CHECK(test::sql_strings(store,
                          "SELECT kind || ' ' || status FROM sources "
                          "ORDER BY path") ==
        std::vector<std::string>{"message ok", "fifo skipped"});

  // The evidence replaced by a FIFO after ingest: verify names it and ends.
  fs::remove(ev / "a.eml");
  REQUIRE(mkfifo((ev / "a.eml").c_str(), 0600) == 0);
  auto v = test::run_capture({"verify", "--store", store, "--json"});
  CHECK(v.status == 1);
  CHECK(v.out.find("\"error\":\"" + fs::canonical(ev).string() +
                   "/a.eml: not a regular file (fifo); not read\"") !=
        std::string::npos);
  CHECK(v.out.find("\"missing\":1") != std::string::npos);
  CHECK(v.out.find("\"not_read\":1") != std::string::npos);
}

TEST_CASE("hostile paths: reading evidence leaves access times unchanged") {
  test::TempDir tmp;
  const fs::path ev = tmp.path / "ev";
  fs::create_directories(ev / "sub");
  test::write_file(ev / "sub" / "a.eml", kMail);
  for (const fs::path& p : {ev / "sub" / "a.eml", ev / "sub", ev}) age(p, 3);
  // The file system updates access times here (relatime: a 3-day-old
  // atime is updated by a read), as a plain read of a control file shows.
  test::write_file(tmp.path / "control", "x");
  age(tmp.path / "control", 3);
  const int64_t control_before = atime_of(tmp.path / "control");
  (void)test::read_file(tmp.path / "control");
  REQUIRE_MESSAGE(atime_of(tmp.path / "control") != control_before,
                  "this file system does not update access times: the test "
                  "cannot show that leakscope keeps them");

  const int64_t file_before = atime_of(ev / "sub" / "a.eml"),
                sub_before = atime_of(ev / "sub"), ev_before = atime_of(ev);
  auto r =
      test::run_capture({"ingest", ev.string(), "--store", tmp.file("c.db")});
  CHECK(r.status == 0);
  CHECK(r.err.find("notice:") == std::string::npos);
  CHECK(atime_of(ev / "sub" / "a.eml") == file_before);
  CHECK(atime_of(ev / "sub") == sub_before);
  CHECK(atime_of(ev) == ev_before);
  auto v = test::run_capture({"verify", "--store", tmp.file("c.db")});
  CHECK(v.status == 0);
  CHECK(atime_of(ev / "sub" / "a.eml") == file_before);
}

TEST_CASE(
    "hostile paths: when O_NOATIME is refused (files of another owner) the "
    "run says once that access times may change; unreadable files are "
    "listed") {
  test::TempDir tmp;
  const fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  test::write_file(ev / "a.eml", kMail);
  test::write_file(ev / "b.eml", kMail);
  test::write_file(ev / "locked.eml", kMail);
  fs::permissions(ev / "locked.eml", fs::perms::owner_read);
  // The examiner is "nobody"; the evidence belongs to root (the test's
  // user) and the store goes into a folder nobody may write.
  fs::create_directories(tmp.path / "out");
  fs::permissions(tmp.path, fs::perms::all);
  fs::permissions(tmp.path / "out", fs::perms::all);
  auto r = test::run_capture(
      {"ingest", ev.string(), "--store", (tmp.path / "out" / "c.db").string()},
      0, "", 65534);
  CHECK(r.status == 1);
  const std::string notice =
      "notice: access times may have changed: the kernel refused O_NOATIME "
      "for files or folders the examiner does not own (read them as their "
      "owner, or from a read-only or noatime mount, to keep them)\n";
  const size_t at = r.err.find(notice);
  CHECK(at != std::string::npos);
  CHECK(r.err.find(notice, at + 1) == std::string::npos);  // once
  CHECK(r.err.find("unreadable: ev/locked.eml: " + fs::canonical(ev).string() +
                   "/locked.eml: cannot open: Permission denied\n") !=
        std::string::npos);
  CHECK(
      test::sql_strings((tmp.path / "out" / "c.db").string(),
                        "SELECT COUNT(*) FROM custody WHERE event='notice'") ==
      std::vector<std::string>{"1"});
}

TEST_CASE(
    "hostile paths: evidence changed while it was read is recorded as "
    "damage") {
  test::TempDir tmp;
  const std::string path = tmp.file("big.bin");
  // Three chunks of the reader: the file is cut after the first is read.
  test::write_file(path, std::string(3 * EvidenceReader::kChunk, '\x01'));
  test::MemorySink sink;
  CollectingReporter reporter;
  bool cut = false;
  ParseOutcome po =
      parse_source(path, "big.bin", sink, reporter, [&](uint64_t read) {
        if (!cut && read > 0) {
          cut = true;
          REQUIRE(::truncate(path.c_str(), 1000) == 0);
        }
      });
  REQUIRE(cut);
  REQUIRE(reporter.damages.size() == 1);
  CHECK(reporter.damages[0].locator == "big.bin");
  CHECK(reporter.damages[0].what ==
        "evidence changed while it was read: size changed from 3145728 to "
        "1000 bytes; modification time changed; the recorded size and "
        "SHA-256 are of the bytes read and may match neither version");
  CHECK(po.bytes == EvidenceReader::kChunk);

  // Replaced under its name (a new file renamed over it) while being read.
  test::write_file(path, std::string(3 * EvidenceReader::kChunk, '\x02'));
  test::MemorySink sink2;
  CollectingReporter reporter2;
  cut = false;
  parse_source(path, "big.bin", sink2, reporter2, [&](uint64_t read) {
    if (!cut && read > 0) {
      cut = true;
      test::write_file(path + ".new", "other");
      fs::rename(path + ".new", path);
    }
  });
  REQUIRE(reporter2.damages.size() == 1);
  CHECK(reporter2.damages[0].what ==
        "evidence changed while it was read: the name now points at another "
        "file (replaced); the recorded size and SHA-256 are of the bytes "
        "read and may match neither version");
}

TEST_CASE(
    "hostile paths: escape sequences and non-UTF-8 bytes in evidence names "
    "never reach the terminal raw, and round-trip in JSON") {
  test::TempDir tmp;
  const fs::path ev = tmp.path / "ev";
  fs::create_directories(ev);
  // OSC 52 (write the clipboard), a CSI colour and a byte that is not UTF-8.
  const std::string name = "m\x1b]52;c;aGk=\x07\x1b[31m\xff.eml";
  const std::string shown = "m\\x1b]52;c;aGk=\\x07\\x1b[31m\\xff.eml";
  test::write_file(ev / name, kMail);
  REQUIRE(mkfifo((ev / ("p\x1b[2J")).c_str(), 0600) == 0);
  const std::string store = tmp.file("c.db");
  auto r = test::run_capture({"ingest", ev.string(), "--store", store});
  CHECK(r.status == 0);
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK(r.err.find("not read: ev/p\\x1b[2J: fifo;") != std::string::npos);

  auto info = test::run_capture({"info", (ev / name).string()});
  CHECK(info.status == 0);
  CHECK(info.out.find('\x1b') == std::string::npos);
  CHECK(info.out.find('\x07') == std::string::npos);
  CHECK(info.out.find(shown) != std::string::npos);

  // verify names the changed file, escaped.
  test::write_file(ev / name, std::string(kMail) + "changed");
  auto v = test::run_capture({"verify", "--store", store});
  CHECK(v.status == 1);
  CHECK(v.out.find(fs::canonical(ev).string() + "/" + shown + ": changed\n") !=
        std::string::npos);
  CHECK(v.out.find('\x1b') == std::string::npos);

  // report.json and packs: valid JSON, the name in its lossless form.
  auto rep = test::run_capture({"report", "--store", store, "--out",
                                tmp.file("r"), "--format", "json,csv"});
  CHECK(rep.status == 0);
  auto n = test::run_capture(
      {"notify", "--store", store, "--all", "--out", tmp.file("n")});
  CHECK(n.status == 0);
  const std::string items =
      test::read_file(tmp.path / "n" / "contoso.com" / "items.jsonl");
  CHECK(
      items.find("\"locator\":\"ev/m\\\\x1b]52;c;aGk=\\\\x07\\\\x1b[31m\\\\xff"
                 ".eml\"") != std::string::npos);
  CHECK(unescape_printable(shown) == name);
  for (const auto& e : fs::recursive_directory_iterator(tmp.path / "r")) {
    CAPTURE(e.path());
    const std::string text = test::read_file(e.path());
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(is_valid_utf8(text));
  }
}

TEST_CASE("hostile paths: printable() escapes controls and is lossless") {
  CHECK(printable("plain ü ☃") == "plain ü ☃");
  CHECK(printable("a\\b") == "a\\\\b");
  CHECK(printable("\x1b[0m\t\n\x7f") == "\\x1b[0m\\x09\\x0a\\x7f");
  CHECK(printable("\xc2\x9b"
                  "2J") == "\\u009b2J");  // C1 CSI
  CHECK(printable("\xe2\x80\xa8") == "\\u2028");
  CHECK(printable("\xff\xc3") == "\\xff\\xc3");
  for (std::string s :
       {std::string("a\\x41"), std::string("\xc2\x85\\\xff\x1b"),
        std::string("\xe2\x80\xa9 \xf0\x9f\x98\x80")}) {
    CAPTURE(s);
    const std::string p = printable(s);
    CHECK(unescape_printable(p) == s);
    CHECK(is_valid_utf8(p));
    CHECK(std::none_of(p.begin(), p.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    }));
    CHECK(!is_printable(s));
  }
}
