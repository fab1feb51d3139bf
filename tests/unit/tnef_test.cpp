// The TNEF reader (parsers/mime/tnef.cpp): the corpus's winmail.dat files
// with the names and sizes of their attachments, Unicode and 8-bit names,
// embedded objects, and hostile streams (unknown types, lengths past the
// end, bad checksums, oversized names, truncation and bit flips).
#include "tnef.hpp"

#include <doctest/doctest.h>

#include <map>
#include <random>

#include "test_support.hpp"

using namespace leakscope;
using leakscope::mime::read_tnef;

namespace {

void put16(std::string* s, uint16_t v) {
  *s += static_cast<char>(v & 0xFF);
  *s += static_cast<char>(v >> 8);
}
void put32(std::string* s, uint32_t v) {
  for (int i = 0; i < 4; ++i) *s += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::string attribute(uint8_t level, uint32_t id, const std::string& data,
                      int checksum_delta = 0) {
  std::string out(1, static_cast<char>(level));
  put32(&out, id);
  put32(&out, static_cast<uint32_t>(data.size()));
  out += data;
  uint32_t sum = 0;
  for (unsigned char c : data) sum += c;
  put16(&out, static_cast<uint16_t>((sum + checksum_delta) & 0xFFFF));
  return out;
}

std::string utf16(const std::u16string& s) {
  std::string out;
  for (char16_t c : s) put16(&out, c);
  put16(&out, 0);
  return out;
}

// One variable-size property value: count 1, length, bytes, padding.
std::string variable_prop(uint32_t tag, const std::string& value) {
  std::string p;
  put32(&p, tag);
  put32(&p, 1);
  put32(&p, static_cast<uint32_t>(value.size()));
  p += value;
  while (p.size() % 4) p += '\0';
  return p;
}

std::string props(const std::vector<std::string>& list) {
  std::string p;
  put32(&p, static_cast<uint32_t>(list.size()));
  for (const auto& x : list) p += x;
  return p;
}

std::string stream(const std::vector<std::string>& attributes) {
  std::string out;
  put32(&out, 0x223E9F78);
  put16(&out, 1);
  out += attribute(1, 0x00078008, std::string("IPM.Note") + '\0');
  for (const auto& a : attributes) out += a;
  return out;
}

std::string rend() {
  std::string r;
  put16(&r, 1);
  put32(&r, 0xFFFFFFFF);
  put16(&r, 32);
  put16(&r, 32);
  put32(&r, 0);
  return r;
}

}  // namespace

TEST_CASE("tnef: the corpus's winmail.dat files, attachment by attachment") {
  if (!test::have_corpus("eml/mimekit")) {
    MESSAGE("../shared/corpus/eml/mimekit is absent: corpus TNEF skipped");
    return;
  }
  // Names and sizes as libytnef read them (and `tnef --list` agrees), but
  // for winmail.tnef, whose two attachments are OLE objects: their 16-byte
  // IID is not part of the object ([MS-OXTNEF] 2.1.3.4.1).
  const std::map<std::string, std::vector<std::string>> want = {
      {"attachments.tnef", {"zappa_av1.jpg 2937", "bookmark.htm 85805"}},
      {"body.tnef", {}},
      {"long-filename.tnef", {"allproductsmar2000.dat 279"}},
      {"missing-filenames.tnef",
       {"generpts.src 61210", "TechlibDEC99.doc 33792",
        "TechlibDEC99-JAN00.doc 34304", "TechlibNOV99.doc 33792"}},
      {"one-file.tnef", {"AUTHORS 244"}},
      {"two-files.tnef", {"AUTHORS 244", "README 893"}},
      {"winmail.tnef",
       {"Untitled Attachment 29184", "Untitled Attachment 68608"}},
      {"MAPI_ATTACH_DATA_OBJ.tnef",
       {"VIA_Nytt_1402.doc 61952", "VIA_Nytt_1402.pdf 213685",
        "VIA_Nytt_14021.htm 68919"}},
  };
  for (const auto& [name, files] : want) {
    CAPTURE(name);
    auto t = read_tnef(
        test::read_file(test::corpus_dir() / "eml" / "mimekit" / name));
    std::vector<std::string> got;
    for (const auto& f : t.files)
      got.push_back(f.name + " " + std::to_string(f.data.size()));
    CHECK(got == files);
    CHECK(t.error == "");
  }
  auto g = read_tnef(test::read_file(test::corpus_dir() / "eml" / "mimekit" /
                                     "garbage-at-end.tnef"));
  CHECK(g.error ==
        "1 stray bytes at offset 4183 (expected an attribute of at least 11 "
        "bytes)");
}

TEST_CASE("tnef: names, objects and damage in generated streams") {
  SUBCASE("a Unicode long name wins over the 8.3 title; data by value") {
    auto t = read_tnef(stream(
        {attribute(1, 0x00018004, std::string("Angebot") + '\0'),
         attribute(2, 0x00069002, rend()),
         attribute(2, 0x00018010, std::string("KONTAK~1.CSV") + '\0'),
         attribute(2, 0x0006800F, "a,b\n1,2\n"),
         attribute(
             2, 0x00069005,
             props({variable_prop(0x3707001F, utf16(u"Kontakte Müller.csv")),
                    variable_prop(0x370E001E,
                                  std::string("text/csv") + '\0')}))}));
    REQUIRE(t.files.size() == 1);
    CHECK(t.files[0].name == "Kontakte Müller.csv");
    CHECK(t.files[0].mime_type == "text/csv");
    CHECK(t.files[0].data == "a,b\n1,2\n");
    CHECK(t.subject == "Angebot");
    CHECK(t.message_class == "IPM.Note");
    CHECK(t.error == "");
  }
  SUBCASE("an 8-bit title in the stream's code page") {
    std::string cp;
    put32(&cp, 1251);
    put32(&cp, 0);
    auto t = read_tnef(
        stream({attribute(1, 0x00069007, cp), attribute(2, 0x00069002, rend()),
                attribute(2, 0x00018010,
                          std::string("\xC4\xEE\xE3\xEE\xE2"
                                      "\xEE\xF0.doc") +
                              '\0'),
                attribute(2, 0x0006800F, "x")}));
    REQUIRE(t.files.size() == 1);
    CHECK(t.files[0].name == "Договор.doc");
  }
  SUBCASE("an object's IID is dropped: an embedded message is TNEF again") {
    const std::string inner = stream({attribute(2, 0x00069002, rend()),
                                      attribute(2, 0x00018010, "in.txt"),
                                      attribute(2, 0x0006800F, "inner")});
    auto t = read_tnef(stream(
        {attribute(2, 0x00069002, rend()),
         attribute(2, 0x00069005,
                   props({variable_prop(0x3001001E, "Forwarded"),
                          variable_prop(0x3701000D,
                                        std::string(16, '\x11') + inner)}))}));
    REQUIRE(t.files.size() == 1);
    CHECK(t.files[0].name == "Forwarded");
    CHECK(t.files[0].data == inner);
    auto nested = read_tnef(t.files[0].data);
    REQUIRE(nested.files.size() == 1);
    CHECK(nested.files[0].name == "in.txt");
  }
  SUBCASE("an unknown property type stops its list, the rest is kept") {
    std::string bad;
    put32(&bad, 0x37070077);
    put32(&bad, 5);
    auto t = read_tnef(stream(
        {attribute(2, 0x00069002, rend()), attribute(2, 0x00018010, "a.txt"),
         attribute(2, 0x0006800F, "hello"),
         attribute(2, 0x00069005, props({bad})),
         attribute(2, 0x00069002, rend()), attribute(2, 0x00018010, "b.txt"),
         attribute(2, 0x0006800F, "world")}));
    REQUIRE(t.files.size() == 2);
    CHECK(t.files[0].name == "a.txt");
    CHECK(t.files[1].data == "world");
    CHECK(t.error ==
          "attachment properties at offset 83: property 0 at +4: type 0x0077 "
          "unknown");
  }
  SUBCASE("a long Unicode name is cut at 1,024 bytes, whole characters") {
    auto t = read_tnef(
        stream({attribute(2, 0x00069002, rend()),
                attribute(2, 0x00069005,
                          props({variable_prop(
                              0x3707001F, utf16(std::u16string(3000, u'ä')))})),
                attribute(2, 0x0006800F, "x")}));
    REQUIRE(t.files.size() == 1);
    CHECK(t.files[0].name == [] {
      std::string s;
      for (int i = 0; i < 512; ++i) s += "ä";
      return s;
    }());
  }
  SUBCASE("lengths past the end, bad checksums and levels are damage") {
    std::string s = stream({attribute(2, 0x00069002, rend()),
                            attribute(2, 0x00018010, "a.txt"),
                            attribute(2, 0x0006800F, "data", 1)});
    auto t = read_tnef(s);
    REQUIRE(t.files.size() == 1);
    CHECK(t.files[0].data == "data");
    CHECK(t.error ==
          "checksum of the attribute at offset 67 does not match its data "
          "(read anyway)");
    std::string huge = s.substr(0, 67);
    huge += attribute(2, 0x0006800F, "data").substr(0, 5);
    put32(&huge, 0x7FFFFFFF);
    huge += "abc";
    t = read_tnef(huge);
    CHECK(t.error ==
          "attribute 0x0006800F at offset 67 declares 2147483647 bytes, 3 "
          "remain");
    REQUIRE(t.files.size() == 1);
    CHECK(t.files[0].name == "a.txt");
    t = read_tnef(stream({attribute(7, 0x00018010, "x")}));
    CHECK(t.error ==
          "attribute at offset 26 has level 7 (expected 1 or 2); skipped");
    CHECK(t.files.empty());
  }
}

TEST_CASE("tnef: truncated and bit-flipped streams never crash") {
  std::vector<std::string> seeds = {stream(
      {attribute(2, 0x00069002, rend()), attribute(2, 0x00018010, "a.txt"),
       attribute(2, 0x0006800F, std::string(300, 'z')),
       attribute(2, 0x00069005,
                 props({variable_prop(0x3707001F, utf16(u"long name.txt")),
                        variable_prop(0x3701000D, std::string(40, 'o'))}))})};
  if (test::have_corpus("eml/mimekit"))
    seeds.push_back(test::read_file(test::corpus_dir() / "eml" / "mimekit" /
                                    "two-files.tnef"));
  else
    MESSAGE("../shared/corpus/eml/mimekit is absent: generated seed only");
  std::mt19937 rng(7);
  int damaged = 0;
  for (const std::string& seed : seeds) {
    for (int k = 0; k < 200; ++k) {
      std::string b = seed.substr(0, 7 + rng() % (seed.size() - 6));
      for (int f = 0; f < 8; ++f)
        b[6 + rng() % (b.size() - 6)] ^= static_cast<char>(1u << (rng() % 8));
      auto t = read_tnef(b);
      if (!t.error.empty()) ++damaged;
      for (const auto& f : t.files) CHECK(f.name.size() <= 1024);
    }
  }
  CHECK(damaged == 400);  // every variant: a flip breaks a checksum
}
