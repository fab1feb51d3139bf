// append_utf16le: UTF-16LE (SQL Server nchar/nvarchar/ntext) to UTF-8, with
// its ASCII fast path (four units at a time) and every slow case.
#include <doctest/doctest.h>

#include <string>

#include "util/text.hpp"

namespace {

// UTF-16LE bytes of the code units `units`.
std::string le(std::initializer_list<unsigned> units) {
  std::string b;
  for (unsigned u : units) {
    b.push_back(static_cast<char>(u & 0xFF));
    b.push_back(static_cast<char>(u >> 8));
  }
  return b;
}

std::string convert(const std::string& bytes, std::string prefix = "") {
  leakscope::append_utf16le(prefix, bytes);
  return prefix;
}

}  // namespace

TEST_CASE("UTF-16LE to UTF-8: ASCII runs, every length around the fast path") {
  std::string text = "Contoso Ltd, 1 Main Street";
  for (size_t n = 0; n <= text.size(); ++n) {
    std::string bytes;
    for (size_t i = 0; i < n; ++i)
      bytes += le({static_cast<unsigned char>(text[i])});
    CHECK(convert(bytes) == text.substr(0, n));
  }
  // Appends after what the string held.
  CHECK(convert(le({'a', 'b'}), "x=") == "x=ab");
}

TEST_CASE("UTF-16LE to UTF-8: non-ASCII inside and between ASCII runs") {
  // "Müller-Lüdenscheidt Straße" with ü (U+00FC), ß (U+00DF).
  CHECK(convert(le(
            {'M', 0xFC, 'l', 'l', 'e', 'r', '-', 'L', 0xFC, 'd', 'e', 'n'})) ==
        "M\xC3\xBCller-L\xC3\xBC"
        "den");
  // Three-byte (U+20AC euro) and a surrogate pair (U+1F600) after ASCII.
  CHECK(convert(le({'1', '0', ' ', 0x20AC, ' ', 0xD83D, 0xDE00, '!'})) ==
        "10 \xE2\x82\xAC \xF0\x9F\x98\x80!");
  // Cyrillic only.
  CHECK(convert(le({0x0414, 0x043E, 0x0433})) == "\xD0\x94\xD0\xBE\xD0\xB3");
}

TEST_CASE("UTF-16LE to UTF-8: broken input becomes U+FFFD, never lost bytes") {
  // A lone high surrogate before ASCII, a lone low surrogate, a high
  // surrogate at the very end.
  CHECK(convert(le({0xD800, 'a', 'b', 'c', 'd'})) ==
        "\xEF\xBF\xBD"
        "abcd");
  CHECK(convert(le({'a', 0xDC00, 'b'})) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(convert(le({'a', 0xDBFF})) == "a\xEF\xBF\xBD");
  // An odd trailing byte is not half a unit: it is dropped.
  CHECK(convert(le({'a', 'b'}) + "c") == "ab");
  // A byte with the high bit in the ASCII position of an otherwise ASCII
  // group of four goes the slow way.
  CHECK(convert(le({'a', 'b', 0x80, 'd', 'e'})) ==
        "ab\xC2\x80"
        "de");
  CHECK(convert(le({'a', 'b', 0x100, 'd'})) ==
        "ab\xC4\x80"
        "d");
}
