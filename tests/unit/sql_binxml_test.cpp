// Binary XML ([MS-BINXML]) to text, from byte sequences built by hand as
// the specification lays them out.
#include <doctest/doctest.h>

#include "binxml.hpp"
#include "sql_types.hpp"

using namespace leakscope::mssql;

namespace {

// Builds binary XML: header, then tokens appended by the helpers.
struct Bx {
  std::string b = std::string("\xDF\xFF\x01\xB0\x04", 5);
  Bx& raw(std::initializer_list<int> v) {
    for (int x : v) b.push_back(static_cast<char>(x));
    return *this;
  }
  Bx& mb(uint64_t v) {
    do {
      uint8_t c = v & 0x7F;
      v >>= 7;
      b.push_back(static_cast<char>(c | (v ? 0x80 : 0)));
    } while (v);
    return *this;
  }
  Bx& chars(const std::u16string& s) {
    for (char16_t c : s) {
      b.push_back(static_cast<char>(c & 0xFF));
      b.push_back(static_cast<char>(c >> 8));
    }
    return *this;
  }
  Bx& name(const std::u16string& s) {
    return raw({0xF0}).mb(s.size()).chars(s);
  }
  Bx& qname(int ns, int prefix, int local) {
    return raw({0xEF}).mb(ns).mb(prefix).mb(local);
  }
  Bx& text(const std::u16string& s) {
    return raw({0x11}).mb(s.size()).chars(s);
  }
};

std::string text_of(const std::string& b) {
  std::string out;
  CHECK(binxml_to_text(b, &out));
  return out;
}

}  // namespace

TEST_CASE("sql_binxml: elements, attributes, text and escaping") {
  Bx x;
  x.name(u"root").qname(0, 0, 1).name(u"id").qname(0, 0, 2);
  x.name(u"item").qname(0, 0, 3);
  x.raw({0xF8}).mb(1);                         // <root
  x.raw({0xF6}).mb(2).text(u"7 < 8 & \"x\"");  //  id="..."
  x.raw({0xF5});                               // >
  x.raw({0xF8}).mb(3).raw({0xF5}).text(u"Jürgen & Ünal").raw({0xF7});
  x.raw({0xF8}).mb(3).raw({0xF7});  // <item/>
  x.raw({0xF7});
  CHECK(text_of(x.b) ==
        "<root id=\"7 &lt; 8 &amp; &quot;x&quot;\"><item>Jürgen &amp; "
        "Ünal</item><item/></root>");
}

TEST_CASE("sql_binxml: namespaces, typed values, comments, PI, CDATA") {
  Bx x;
  x.name(u"urn:a").name(u"p").name(u"doc").qname(1, 2, 3);  // qname 1 p:doc
  x.name(u"n").qname(0, 0, 4);                              // qname 2 n
  x.raw({0xF8}).mb(1).raw({0xF6}).mb(2).raw({0x02, 0xD2, 0x04, 0, 0});
  x.raw({0xF5});
  x.raw({0xF3}).text(u" note ");
  x.raw({0xF2}).text(u"a<b").raw({0xF1});
  x.name(u"go").raw({0xF4}).mb(5).text(u"now");
  x.raw({0x01, 0xFF, 0xFF});                          // smallint -1
  x.raw({0x08, 0x15, 0xCD, 0x5B, 0x07, 0, 0, 0, 0});  // bigint 123456789
  x.raw({0x86, 0x01});                                // xsd boolean
  x.raw({0xF7});
  CHECK(text_of(x.b) ==
        "<p:doc xmlns:p=\"urn:a\" n=\"1234\"><!-- note --><![CDATA[a<b]]>"
        "<?go now?>-1123456789true</p:doc>");
}

TEST_CASE("sql_binxml: default namespace declared once, names flushed") {
  Bx x;
  x.name(u"urn:d").name(u"a").qname(1, 0, 2).name(u"b").qname(1, 0, 3);
  x.raw({0xF8}).mb(1).raw({0xF5}).raw({0xF8}).mb(2).raw({0xF7}).raw({0xF7});
  x.raw({0xE9});  // name tables flushed: names restart at 1
  x.name(u"c").qname(0, 0, 1).raw({0xF8}).mb(1).raw({0xF7});
  CHECK(text_of(x.b) == "<a xmlns=\"urn:d\"><b/></a><c/>");
}

TEST_CASE("sql_binxml: damage is refused with its offset") {
  std::string out;
  CHECK(!binxml_to_text("<a/>", &out));
  CHECK(out == "no binary XML signature (DF FF) at byte 0");
  Bx x;
  x.name(u"a").qname(0, 0, 1).raw({0xF8}).mb(1);
  CHECK(!binxml_to_text(x.b, &out));
  CHECK(out == "element not closed at the end at byte 15");
  Bx y;
  y.raw({0xF8}).mb(4);
  CHECK(!binxml_to_text(y.b, &out));
  CHECK(out == "element refers to an undefined name at byte 5");
  Bx z;
  z.raw({0x11, 0x09, 0x41, 0x00});
  CHECK(!binxml_to_text(z.b, &out));
  CHECK(out == "string of 9 characters truncated at byte 7");
  Bx w;
  w.raw({0x30});
  CHECK(!binxml_to_text(w.b, &out));
  CHECK(out == "binary XML token 48 not known at byte 5");
  // Through decode_value: the reason and the bytes are kept.
  ColumnType t;
  t.xtype = kXml;
  t.length = -1;
  CHECK(decode_value(t, w.b, &out));
  CHECK(out ==
        "[binary XML not decoded: binary XML token 48 not known at byte 5] "
        "0xDFFF01B00430");
  Bx ok;
  ok.name(u"r").qname(0, 0, 1).raw({0xF8}).mb(1).raw({0xF7});
  CHECK(decode_value(t, ok.b, &out));
  CHECK(out == "<r/>");
}
