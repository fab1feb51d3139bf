#include "header_decoding.hpp"

#include <doctest/doctest.h>

#include "address.hpp"

using namespace leakscope::mime;

TEST_CASE("RFC 2047 encoded words") {
  CHECK(decode_rfc2047("=?ISO-8859-1?Q?Andr=E9?= Pirard") == "André Pirard");
  CHECK(decode_rfc2047("=?UTF-8?B?w6l0w6k=?=") == "été");
  // Whitespace between adjacent encoded words disappears (RFC 2047 §6.2).
  CHECK(decode_rfc2047("=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=") == "ab");
  CHECK(decode_rfc2047("=?ISO-8859-1?Q?a?=  \r\n  =?ISO-8859-1?Q?b?=") == "ab");
  // ...but not between a word and plain text.
  CHECK(decode_rfc2047("=?ISO-8859-1?Q?a?= b") == "a b");
  CHECK(decode_rfc2047("=?US-ASCII?Q?Keith_Moore?=") == "Keith Moore");
  // A multi-byte character split across two words survives.
  CHECK(decode_rfc2047("=?UTF-8?B?4oI=?= =?UTF-8?B?rA==?=") == "\xE2\x82\xAC");
  // RFC 2231 language suffix on the charset.
  CHECK(decode_rfc2047("=?US-ASCII*EN?Q?pr?=") == "pr");
  CHECK(decode_rfc2047("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=") == "日本語");
  CHECK(decode_rfc2047("=?ks_c_5601-1987?B?u+fB+C5KUEc=?=") == "사진.JPG");
  bool malformed = false;
  CHECK(decode_rfc2047("=?bogus", &malformed) == "=?bogus");
  CHECK(malformed);
}

TEST_CASE("Content-Type and Content-Disposition parameters, RFC 2231") {
  auto p =
      parse_header_params("Text/Plain; charset=\"ISO-8859-1\"; format=flowed");
  CHECK(p.value == "text/plain");
  REQUIRE(p.get("charset"));
  CHECK(*p.get("charset") == "ISO-8859-1");
  CHECK(*p.get("format") == "flowed");

  auto d = parse_header_params(
      "attachment; filename*=UTF-8''Angebot%20M%C3%BCller.csv");
  CHECK(d.value == "attachment");
  CHECK(*d.get("filename") == "Angebot Müller.csv");

  auto c = parse_header_params(
      "attachment;\r\n filename*0=\"very long \";\r\n filename*1=\"name.pdf\"");
  CHECK(*c.get("filename") == "very long name.pdf");

  auto e = parse_header_params(
      "attachment; filename*0*=iso-8859-1'fr'caf%E9; filename*1=\"-menu.txt\"");
  CHECK(*e.get("filename") == "café-menu.txt");

  auto q = parse_header_params("inline; filename=\"a\\\"b.txt\"");
  CHECK(*q.get("filename") == "a\"b.txt");

  // Encoded words inside a quoted filename (not standard, very common).
  auto w = parse_header_params(
      "attachment; filename=\"=?UTF-8?Q?r=C3=A9sum=C3=A9.pdf?=\"");
  CHECK(*w.get("filename") == "résumé.pdf");
}

TEST_CASE("address lists split into display name and address") {
  auto a = parse_address_list(
      "\"Doe, John\" <john@example.com>, jane@example.org (Jane Roe), "
      "=?UTF-8?Q?J=C3=BCrgen?= <j@example.de>");
  REQUIRE(a.size() == 3);
  CHECK(a[0].name == "Doe, John");
  CHECK(a[0].address == "john@example.com");
  CHECK(a[1].name == "Jane Roe");
  CHECK(a[1].address == "jane@example.org");
  CHECK(a[2].name == "Jürgen");
  CHECK(a[2].address == "j@example.de");

  auto g = parse_address_list("Team: a@x.com, b@y.com;, c@z.com");
  REQUIRE(g.size() == 3);
  CHECK(g[0].address == "a@x.com");
  CHECK(g[2].address == "c@z.com");

  CHECK(parse_address_list("undisclosed-recipients:;").empty());
  auto r = parse_address_list("<@relay.example:user@example.com>");
  REQUIRE(r.size() == 1);
  CHECK(r[0].address == "user@example.com");
}
