// RTF text (lib/util/rtf_text) and compressed RTF (lib/util/rtf_compressed):
// escapes, Unicode, hidden destinations, Outlook's HTML-encapsulated
// bodies, LZFu streams, a loose .rtf ingested as a document, damaged input.
#include <doctest/doctest.h>

#include <fstream>
#include <random>

#include "test_support.hpp"
#include "util/rtf_compressed.hpp"
#include "util/rtf_text.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

namespace {

void put32(std::string* s, uint32_t v) {
  for (int i = 0; i < 4; ++i) *s += static_cast<char>((v >> (8 * i)) & 0xFF);
}

// An LZFu stream of `tokens`: a literal byte, or a reference (offset,
// length) into the dictionary, eight per control byte.
struct Token {
  bool ref;
  char literal;
  unsigned offset, length;
};
std::string lzfu(const std::vector<Token>& tokens, uint32_t raw_size) {
  std::string body;
  for (size_t i = 0; i < tokens.size(); i += 8) {
    unsigned char control = 0;
    std::string run;
    for (size_t k = i; k < tokens.size() && k < i + 8; ++k) {
      const Token& t = tokens[k];
      if (!t.ref) {
        run += t.literal;
        continue;
      }
      control |= static_cast<unsigned char>(1u << (k - i));
      const unsigned ref = t.offset << 4 | (t.length - 2);
      run += static_cast<char>(ref >> 8);
      run += static_cast<char>(ref & 0xFF);
    }
    body += static_cast<char>(control);
    body += run;
  }
  std::string out;
  put32(&out, static_cast<uint32_t>(body.size() + 12));
  put32(&out, raw_size);
  put32(&out, 0x75465A4C);  // "LZFu"
  put32(&out, 0);           // CRC (not checked)
  return out + body;
}

Token lit(char c) { return {false, c, 0, 0}; }
Token ref(unsigned offset, unsigned length) {
  return {true, 0, offset, length};
}

}  // namespace

TEST_CASE("rtf: text, escapes, Unicode and hidden groups") {
  CHECK(rtf_rough_text(
            "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\colortbl;"
            "\\red0\\green0\\blue0;}{\\*\\generator Riched20;}"
            "\\pard Vertrag mit M\\'fcller\\par "
            "\\u1044?\\u1086?\\u1075?\\u1086?\\u1074?\\u1086?\\u1088? "
            "\\{1\\}\\tab Ende}") == "Vertrag mit Müller\nДоговор {1}\tEnde");
  // \ucN: N fallback characters after each \uN, escapes among them.
  CHECK(rtf_rough_text("{\\rtf1\\uc2\\u8364\\'80\\'80 = EUR}") == "€ = EUR");
  // Outlook's HTML-encapsulated body: \htmlrtf groups and \*\htmltag
  // destinations are not text.
  CHECK(rtf_rough_text("{\\rtf1\\ansi\\fromhtml1 {\\*\\htmltag19 <html>}"
                       "\\htmlrtf {\\fonttbl x}\\htmlrtf0 Hello "
                       "{\\*\\htmltag84 <b>}world\\htmlrtf\\par\\htmlrtf0}") ==
        "Hello world");
  // \binN skips N raw bytes; a picture's data is not text.
  CHECK(rtf_rough_text("{\\rtf1 a{\\pict\\pngblip 89504e47}\\bin3 xyzb}") ==
        "ab");
  // Unbalanced and deep groups, stray backslashes: read, never thrown.
  CHECK(rtf_rough_text(std::string(5000, '{') + "deep" + std::string(10, '}') +
                       "\\") == "deep");
}

TEST_CASE("rtf: compressed RTF streams") {
  std::string why;
  // A reference into the dictionary's prefix ("{\rtf1\ansi" at 0), literals,
  // an overlapping reference to the bytes just written, and the end marker
  // (a reference to the write position).
  std::vector<Token> t = {ref(0, 11)};
  for (char c : std::string(" abc")) t.push_back(lit(c));
  // Write position: 207 + 11 + 4 = 222; "abc" starts at 219.
  t.push_back(ref(219, 6));
  t.push_back(lit('}'));
  t.push_back(ref(207 + 11 + 4 + 6 + 1, 2));
  const std::string packed = lzfu(t, 22);
  CHECK(decompress_rtf(packed, 1 << 20, &why) == "{\\rtf1\\ansi abcabcabc}");
  CHECK(why == "");
  CHECK(rtf_rough_text(decompress_rtf(packed, 1 << 20, &why)) == "abcabcabc");
  // The output limit, then the raw size, bound the work.
  CHECK(decompress_rtf(packed, 5, &why) == "{\\rtf");
  // "MELA": stored as is.
  std::string stored;
  put32(&stored, 12 + 8);
  put32(&stored, 8);
  put32(&stored, 0x414C454D);
  put32(&stored, 0);
  stored += "{\\rtf1 x}";
  CHECK(decompress_rtf(stored, 1 << 20, &why) == "{\\rtf1 x");
  // Damage is named with its offset.
  why.clear();
  CHECK(decompress_rtf(packed.substr(0, 20), 1 << 20, &why) ==
        "{\\rtf1\\ansi ");
  CHECK(why == "compressed RTF: ends at offset 20 after 12 of 22 bytes");
  why.clear();
  std::string other = packed;
  other[8] = 'X';
  CHECK(decompress_rtf(other, 1 << 20, &why) == "");
  CHECK(why ==
        "compressed RTF: type 0x75465A58 at offset 8, expected LZFu or MELA");
  why.clear();
  CHECK(decompress_rtf("LZFu", 1 << 20, &why) == "");
  CHECK(why == "compressed RTF: 4 bytes, expected a 16-byte header");
  // Random damage never reads past the input or the limit.
  std::mt19937 rng(5);
  for (int k = 0; k < 300; ++k) {
    std::string b = packed.substr(0, 16 + rng() % (packed.size() - 15));
    for (int f = 0; f < 4; ++f)
      b[rng() % b.size()] ^= static_cast<char>(1u << (rng() % 8));
    CHECK(decompress_rtf(b, 4096, &why).size() <= 4096);
  }
}

TEST_CASE("rtf: a loose .rtf is a document with its text") {
  test::TempDir tmp;
  const fs::path f = tmp.path / "Angebot.rtf";
  {
    std::ofstream o(f, std::ios::binary);
    o << "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}\\pard Angebot "
         "f\\'fcr die Contoso GmbH\\par Kontakt: anna.schmidt@contoso.de\\par}";
  }
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary({"ingest", f.string(), "--store", store.string()}) ==
          0);
  CHECK(test::sql_strings(store,
                          "SELECT kind || ' ' || (SELECT value FROM "
                          "item_fields WHERE item_id=items.id AND "
                          "name='format') FROM items") ==
        std::vector<std::string>{"document rtf"});
  CHECK(test::sql_strings(store,
                          "SELECT value FROM findings WHERE "
                          "type='email'") ==
        std::vector<std::string>{"anna.schmidt@contoso.de"});
}
