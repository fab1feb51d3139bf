#include "charset.hpp"

#include <doctest/doctest.h>

#include "embedded_encodings.hpp"
#include "transfer_decoding.hpp"
#include "util/html_text.hpp"

using namespace leakscope::mime;

TEST_CASE("declared charsets are converted to UTF-8") {
  auto t = decode_text("caf\xE9", "ISO-8859-1");
  CHECK(t.utf8 == "café");
  CHECK(t.how == "declared");
  auto j = decode_text("\x93\xFA\x96\x7B", "Shift_JIS");
  CHECK(j.utf8 == "日本");
  CHECK(j.how == "declared");
  auto w = decode_text("\x80 5", "windows-1252");
  CHECK(w.utf8 == "€ 5");
}

TEST_CASE("missing or wrong charsets are detected and say so") {
  // UTF-8 bytes declared as US-ASCII.
  auto u = decode_text(
      "Gr\xC3\xBC\xC3\x9F"
      "e",
      "us-ascii");
  CHECK(u.utf8 == "Grüße");
  CHECK(u.charset == "UTF-8");
  CHECK(u.how == "detected");
  // No declaration at all, plain ASCII.
  auto a = decode_text("hello", "");
  CHECK(a.utf8 == "hello");
  CHECK(a.charset == "US-ASCII");
  // Unknown charset name, Latin-1 bytes: the detector picks a single-byte set.
  auto l = decode_text(
      "Le caf\xE9 est pr\xEAt, la cr\xE8me br\xFBl\xE9"
      "e aussi. Tr\xE8s bien, "
      "merci beaucoup pour votre r\xE9ponse rapide.",
      "x-unknown");
  CHECK(l.how == "detected");
  CHECK(l.utf8.find("café") != std::string::npos);
}

TEST_CASE("transfer encodings") {
  CHECK(decode_base64("aGVsbG8gd29ybGQ=") == "hello world");
  CHECK(decode_base64("aGVs\r\nbG8=\r\n") == "hello");
  DecodeStats s;
  CHECK(decode_base64("aGV*sbG8=", &s) == "hello");
  CHECK(s.invalid_chars == 1);
  DecodeStats after;
  CHECK(decode_base64("PGh0bWw+Cg==\n\n--x-->\njunk", &after) == "<html>\n");
  CHECK(after.invalid_chars > 0);
  CHECK(decode_quoted_printable("caf=E9=\r\nlatte") == "caf\xE9latte");
  CHECK(decode_quoted_printable("a=3Db=\nc") == "a=bc");
  DecodeStats q;
  CHECK(decode_quoted_printable("50=%", false, &q) == "50=%");
  CHECK(q.invalid_chars == 1);
  CHECK(decode_quoted_printable("a_b", true) == "a b");
  CHECK(decode_uuencoded_part("begin 644 x\n#86)C\n`\nend\n").bytes == "abc");
}

TEST_CASE("HTML becomes text") {
  CHECK(leakscope::html_to_text(
            "<html><head><style>p{}</style></head><body><p>Hello&nbsp;"
            "&amp; welcome</p><p>Line&#x20AC;2</p><script>x()</script>"
            "</body></html>") == "Hello & welcome\nLine€2");
  CHECK(leakscope::html_meta_charset(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; "
            "charset=windows-1251\">") == "windows-1251");
}
