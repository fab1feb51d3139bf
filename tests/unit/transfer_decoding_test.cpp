// Every transfer-decoding path against the project's own encoders
// (mailgen's transfer_encode): the decoded bytes equal what the encoder was
// given, short lines (trailing spaces stripped in transit) included, and
// damage is recorded only where the input really is broken.
#include "transfer_decoding.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "embedded_encodings.hpp"
#include "ingest/content_dispatch.hpp"
#include "message_parser.hpp"
#include "test_support.hpp"
#include "transfer_encode.hpp"
#include "util/sha256.hpp"
#include "zip_support.hpp"

using namespace leakscope;
using leakscope::test::MemorySink;

namespace {

// Bytes of every value, with runs of zeros (which uuencode writes as
// trailing spaces) and the bytes yEnc must escape.
std::string binary(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i)
    s[i] = (i / 64) % 3 == 0 ? '\0' : static_cast<char>(rng() & 0xFF);
  for (char c :
       {'\0', '\n', '\r', '=', static_cast<char>(214), static_cast<char>(227),
        static_cast<char>(224), static_cast<char>(19)})
    s += c;
  return s;
}

struct Parsed {
  MemorySink sink;
  CollectingReporter rep;
  std::vector<const Item*> attachments() const {
    std::vector<const Item*> out;
    for (const auto& i : sink.items)
      if (i.kind == "attachment") out.push_back(&i);
    return out;
  }
  std::string damage() const {
    std::string d;
    for (const auto& x : rep.damages) d += x.what + "\n";
    return d;
  }
};

void parse(Parsed& p, const std::string& message) {
  ContentDispatcher dispatch;
  mime::MessageParser parser(p.sink, p.rep, &dispatch);
  parser.parse(message, "m.eml");
}

std::string part_message(const std::string& cte, const std::string& body,
                         const std::string& filename = "") {
  return "From: a@contoso.com\r\nTo: b@fabrikam.com\r\nSubject: s\r\n"
         "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n"
         "\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\n"
         "Content-Type: application/octet-stream" +
         (filename.empty() ? "" : "; name=\"" + filename + "\"") +
         "\r\nContent-Transfer-Encoding: " + cte + "\r\n\r\n" + body +
         "\r\n--b--\r\n";
}

}  // namespace

TEST_CASE("uuencode: a short line is padded with zero bits, as uudecode does") {
  std::string out;
  // "#86)C" is "abc"; the same line with its last character (a space
  // would be zero bits) cut, and with a checksum character beyond.
  CHECK(mime::decode_uu_line("#86)C", out));
  CHECK(out == "abc");
  out.clear();
  // 3 bytes of zeros: "#````" and its stripped forms "#   ", "#".
  for (const char* line : {"#````", "#    ", "#"}) {
    out.clear();
    CHECK(mime::decode_uu_line(line, out));
    CHECK(out == std::string(3, '\0'));
  }
  out.clear();
  CHECK(mime::decode_uu_line("#86)CM", out));  // checksum char ignored
  CHECK(out == "abc");
  out.clear();
  CHECK(!mime::decode_uu_line("#86)c", out));  // 'c' is not uuencode
  CHECK(out.empty());
}

TEST_CASE(
    "uuencode: a zip attachment whose trailing spaces were stripped decodes "
    "to the exact bytes, in every CTE spelling") {
  const std::string zip = test::make_zip(
      {{"quote.txt", std::string(20000, '\0') + "REQUEST FOR QUOTE", true},
       {"raw.bin", binary(30000, 3), false}});
  for (const char* cte : {"x-uuencode", "uuencode", "x-uue", "uue"}) {
    for (char zero : {'`', ' '}) {
      CAPTURE(cte);
      CAPTURE(zero);
      const std::string body =
          mailgen::uuencode(zip, "REQUEST FOR QUOTE.zip", "\r\n", zero,
                            /*strip_trailing_spaces=*/zero == ' ');
      Parsed p;
      parse(p, part_message(cte, body));
      CHECK(p.damage() == "");
      const auto atts = p.attachments();
      REQUIRE(atts.size() == 1);
      CHECK(atts[0]->title == "REQUEST FOR QUOTE.zip");
      CHECK(atts[0]->size == zip.size());
      CHECK(atts[0]->sha256 == Sha256::hex(zip));
      // The archive opens and both entries are children, undamaged.
      size_t entries = 0;
      for (const auto& i : p.sink.items)
        if (i.kind == "file" || i.kind == "document") ++entries;
      CHECK(entries == 2);
    }
  }
}

TEST_CASE("uuencode: broken parts are decoded as far as they go, with damage") {
  const std::string data = binary(500, 9);
  std::string body = mailgen::uuencode(data, "x.bin", "\r\n");
  {
    // No end line.
    std::string cut = body.substr(0, body.find("`\r\nend"));
    Parsed p;
    parse(p, part_message("x-uuencode", cut));
    REQUIRE(p.attachments().size() == 1);
    CHECK(p.attachments()[0]->sha256 == Sha256::hex(data));
    CHECK(p.damage().find("uuencoded \"x.bin\" has no end line; decoded as "
                          "far as it goes") != std::string::npos);
  }
  {
    // No begin line: the part's bytes are kept as they are.
    std::string headless = body.substr(body.find("\r\n") + 2);
    Parsed p;
    parse(p, part_message("x-uuencode", headless, "y.bin"));
    REQUIRE(p.attachments().size() == 1);
    CHECK(p.damage().find("uuencoded part without a \"begin <mode> <name>\" "
                          "line; its bytes are kept as they are") !=
          std::string::npos);
  }
}

TEST_CASE(
    "uuencode and yEnc blocks inside a plain-text body become attachments "
    "with their exact bytes") {
  const std::string a = binary(4000, 1), b = binary(7000, 2);
  const std::string message =
      "From: a@contoso.com\r\nTo: b@fabrikam.com\r\nSubject: files\r\n\r\n"
      "Here is the price list:\r\n\r\n" +
      mailgen::uuencode(a, "prices 2021.xls", "\r\n", '`', true) +
      "\r\nand the scan:\r\n" + mailgen::yenc(b, "scan 01.jpg", "\r\n") +
      "\r\nregards\r\n";
  Parsed p;
  parse(p, message);
  CHECK(p.damage() == "");
  const auto atts = p.attachments();
  REQUIRE(atts.size() == 2);
  CHECK(atts[0]->title == "prices 2021.xls");
  CHECK(atts[0]->sha256 == Sha256::hex(a));
  CHECK(atts[0]->locator == "m.eml#part=1.uu1/attachment=prices 2021.xls");
  CHECK(atts[1]->title == "scan 01.jpg");
  CHECK(atts[1]->sha256 == Sha256::hex(b));
  const std::string& text = p.sink.items[0].text;
  CHECK(text.find("Here is the price list:") != std::string::npos);
  CHECK(text.find("[uuencode file \"prices 2021.xls\", 4008 bytes, part "
                  "1.uu1]") != std::string::npos);
  CHECK(text.find("[yenc file \"scan 01.jpg\", 7008 bytes, part 1.yenc2]") !=
        std::string::npos);
  CHECK(text.find("regards") != std::string::npos);
  CHECK(text.find("begin 644") == std::string::npos);

  // A yEnc block whose data was altered fails its CRC; one cut short fails
  // its size.
  std::string y = mailgen::yenc(b, "scan 01.jpg", "\r\n");
  std::string altered = y;
  altered[200] = altered[200] == 'A' ? 'B' : 'A';
  Parsed q;
  parse(q, "From: a@contoso.com\r\nSubject: x\r\n\r\n" + altered);
  CHECK(q.damage().find("yEnc \"scan 01.jpg\": CRC-32 does not match") !=
        std::string::npos);
  std::string cut = y;
  cut.erase(300, 130);
  Parsed r;
  parse(r, "From: a@contoso.com\r\nSubject: x\r\n\r\n" + cut);
  CHECK(r.damage().find(" bytes decoded, the =yend line says 7008") !=
        std::string::npos);
  // Text that merely mentions "begin 644" is left alone.
  Parsed t;
  parse(t,
        "From: a@contoso.com\r\nSubject: x\r\n\r\nbegin 644 notes\r\nwe "
        "start on Monday\r\nend\r\n");
  CHECK(t.attachments().empty());
  CHECK(t.sink.items[0].text.find("begin 644 notes") != std::string::npos);
}

TEST_CASE(
    "base64 and quoted-printable: missing padding, stray characters and a "
    "soft break at the end of a part") {
  const std::string data = binary(1001, 5);  // 1001 bytes: padding "=="
  std::string b64 = mailgen::base64_lines(data, "\r\n");
  {
    std::string unpadded = b64;
    while (unpadded.find('=') != std::string::npos)
      unpadded.erase(unpadded.find('='), 1);
    mime::DecodeStats st;
    CHECK(mime::decode_base64(unpadded, &st) == data);
    CHECK(st.invalid_chars == 0);
    CHECK(!st.bad_padding);
  }
  {
    std::string stray = b64;
    stray.insert(10, "!");
    stray.insert(100, "*");
    mime::DecodeStats st;
    CHECK(mime::decode_base64(stray, &st) == data);
    CHECK(st.invalid_chars == 2);
    Parsed p;
    parse(p, part_message("base64", stray, "d.bin"));
    CHECK(p.attachments()[0]->sha256 == Sha256::hex(data));
    CHECK(p.damage().find("2 invalid base64 characters skipped") !=
          std::string::npos);
  }
  {
    // One sextet too many cannot be decoded: damage.
    mime::DecodeStats st;
    CHECK(mime::decode_base64("QUJD"
                              "R",
                              &st) == "ABC");
    CHECK(st.bad_padding);
  }
  {
    const std::string text = "line one\r\nno newline at the end, long " +
                             std::string(100, 'x') + " =tail";
    std::string qp = mailgen::quoted_printable(text, "\r\n");
    qp += "=\r\n";  // a soft break closes the part
    mime::DecodeStats st;
    CHECK(mime::decode_quoted_printable(qp, false, &st) == text);
    CHECK(st.invalid_chars == 0);
    std::string bare = mailgen::quoted_printable(text, "\r\n") + "=";
    CHECK(mime::decode_quoted_printable(bare, false, &st) == text);
    CHECK(st.invalid_chars == 0);
  }
}
