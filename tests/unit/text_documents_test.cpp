// Plain text and HTML files are documents with their text (formats `text`
// and `html`, src/ingest/formats/documents.cpp): a loose credentials.txt
// or customer list in an exposure is read and classified like a PDF.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace leakscope;

TEST_CASE("text documents: loose .txt and .html files are read") {
  test::TempDir tmp;
  const fs::path in = tmp.path / "in";
  fs::create_directories(in);
  // UTF-8; Windows-1252 ("Müller" with a single byte FC); UTF-16LE with a
  // byte-order mark; HTML with a script that must not become text.
  test::write_file(
      in / "a_notes.txt",
      "Bitte an Jürgen Weiß schreiben: juergen.weiss@contoso.de\n");
  test::write_file(
      in / "b_legacy.txt",
      "Kontakt: Hans M\xFCller <hans.mueller@fabrikam.de>, Rechnung "
      "f\xFCr M\xE4rz\n");
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("mail ops@adatum.fr now\n")) {
    utf16 += c;
    utf16 += '\0';
  }
  test::write_file(in / "c_unicode.txt", utf16);
  test::write_file(
      in / "d_page.html",
      "<!DOCTYPE html><html><head><meta charset=\"windows-1252\"><script>"
      "var x='no@script.example';</script></head><body><p>Write to "
      "<b>sales@northwind.co.uk</b> &amp; M\xFCller</p></body></html>");
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary(
              {"ingest", in.string(), "--store", store.string()}) == 0);
  CHECK(test::sql_strings(
            store,
            "SELECT kind || ' ' || (SELECT value FROM item_fields WHERE "
            "item_id=i.id AND name='format') || ' ' || text_size FROM items i "
            "ORDER BY locator") ==
        std::vector<std::string>{"document text 59", "document text 70",
                                 "document text 23", "document html 40"});
  CHECK(test::sql_strings(store,
                          "SELECT value FROM finding_values WHERE type='email' "
                          "ORDER BY value") ==
        std::vector<std::string>{"hans.mueller@fabrikam.de",
                                 "juergen.weiss@contoso.de", "ops@adatum.fr",
                                 "sales@northwind.co.uk"});
  // The Windows-1252 file's text is UTF-8 now, the charset named.
  CHECK(test::sql_strings(
            store,
            "SELECT f.value FROM item_fields f JOIN items i ON i.id=f.item_id "
            "WHERE f.name='charset' AND i.locator LIKE '%b_legacy.txt'") ==
        std::vector<std::string>{"ISO-8859-1"});
}

TEST_CASE("text documents: cut and bit-flipped text and HTML are read") {
  // A UTF-16 file cut inside a code unit (the half unit becomes U+FFFD), an
  // HTML page cut inside a tag and inside a script (neither is text), and
  // a flipped byte (no longer UTF-8: the detector's charset reads it): each
  // is a document with what its bytes hold.
  test::TempDir tmp;
  const fs::path in = tmp.path / "in";
  fs::create_directories(in);
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("ops@adatum.fr wrote"))
    utf16 += std::string{c, '\0'};
  test::write_file(in / "a_cut_utf16.txt", utf16.substr(0, utf16.size() - 1));
  test::write_file(in / "b_cut_tag.html",
                   "<html><body><p>sales@northwind.co.uk</p><a href=\"x");
  test::write_file(in / "c_cut_script.html",
                   "<html><body>info@contoso.de<script>var a='x@y.example");
  std::string flipped = "<html><body>Rechnung an kunde@fabrikam.de</body>";
  flipped[14] ^= 0x80;
  test::write_file(in / "d_flipped.html", flipped);
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary(
              {"ingest", in.string(), "--store", store.string()}) == 0);
  CHECK(test::sql_strings(store,
                          "SELECT kind || ' ' || text_size FROM items ORDER "
                          "BY locator") ==
        std::vector<std::string>{"document 21", "document 21", "document 15",
                                 "document 30"});
  CHECK(test::sql_strings(store,
                          "SELECT value FROM finding_values WHERE type='email' "
                          "ORDER BY value") ==
        std::vector<std::string>{"info@contoso.de", "kunde@fabrikam.de",
                                 "ops@adatum.fr", "sales@northwind.co.uk"});
}

TEST_CASE("text documents: a text dump past 16 MiB is read from its start") {
  test::TempDir tmp;
  const fs::path in = tmp.path / "in";
  fs::create_directories(in);
  std::string dump = "first@contoso.de\n";
  dump.append((17u << 20) - dump.size(), 'x');
  dump += "\nlast@fabrikam.de\n";
  test::write_file(in / "dump.txt", dump);
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary(
              {"ingest", in.string(), "--store", store.string()}) == 0);
  CHECK(test::sql_strings(
            store, "SELECT value FROM finding_values WHERE type='email'") ==
        std::vector<std::string>{"first@contoso.de"});
  CHECK(test::sql_strings(store, "SELECT offset || ' ' || what FROM damages") ==
        std::vector<std::string>{"16777216 text file larger than 16777216 "
                                 "bytes; its text read from the start only"});
  CHECK(test::sql_strings(store, "SELECT text_size FROM items") ==
        std::vector<std::string>{"16777216"});
}
