#include "message_parser.hpp"

#include <doctest/doctest.h>

#include "ingest/content_dispatch.hpp"
#include "test_support.hpp"
#include "util/sha256.hpp"

using namespace leakscope;
using leakscope::test::MemorySink;
using leakscope::test::values;

namespace {
const char* kMessage =
    "Received: from mx.example.com by mail.vendor.com; Tue, 1 Jul 2003 "
    "10:52:37 +0200\r\n"
    "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <Juergen.Mueller@Contoso.DE>\r\n"
    "To: \"Sales\" <sales@vendor.com>, bob@fabrikam.co.uk\r\n"
    "Cc: carol@adatum.fr\r\n"
    "Subject: =?ISO-8859-1?Q?Angebot_f=FCr?= Q3\r\n"
    "Date: Tue, 1 Jul 2003 10:52:37 +0200\r\n"
    "Message-ID: <abc@contoso.de>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "preamble\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=inner\r\n"
    "\r\n"
    "--inner\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Gr=FC=DFe aus K=F6ln\r\n"
    "--inner  \r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "\r\n"
    "<p>Gr\xC3\xBC\xC3\x9F"
    "e</p>\r\n"
    "--inner--\r\n"
    "--outer\r\n"
    "Content-Type: text/csv; name=\"prices.csv\"\r\n"
    "Content-Disposition: attachment; "
    "filename*=UTF-8''Preise%20M%C3%BCller.csv\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "U0tVLFByaWNlCkEtMSwxMC4wMAo=\r\n"
    "--outer\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "From: x@example.org\r\n"
    "Subject: inner\r\n"
    "Message-ID: <inner@example.org>\r\n"
    "Content-Type: application/octet-stream; name=inner.bin\r\n"
    "\r\n"
    "BINARY\r\n"
    "--outer--\r\n"
    "epilogue\r\n";
}  // namespace

TEST_CASE("a multipart message becomes a message item with parts") {
  MemorySink sink;
  CollectingReporter rep;
  ContentDispatcher dispatch;
  mime::MessageParser parser(sink, rep, &dispatch);
  parser.parse(kMessage, "mail/1.eml");
  CHECK(rep.damages.empty());
  // The message, the CSV attachment, the attached message, its
  // application/octet-stream part, and that part's bytes read as a plain
  // text document (text declared as no text/* type has no text of its own).
  REQUIRE(sink.items.size() == 5);
  CHECK(sink.items[4].kind == "document");
  CHECK(sink.items[4].parent == 3);
  CHECK(sink.items[4].text == "BINARY");
  const Item& m = sink.items[0];
  CHECK(m.kind == "message");
  CHECK(m.locator == "mail/1.eml");
  CHECK(m.title == "Angebot für Q3");
  CHECK(*m.date == "2003-07-01T08:52:37Z");
  CHECK(values(m, "from.address") ==
        std::vector<std::string>{"Juergen.Mueller@Contoso.DE"});
  CHECK(values(m, "from.name") == std::vector<std::string>{"Jürgen Müller"});
  CHECK(values(m, "to.name") == std::vector<std::string>{"Sales", ""});
  CHECK(values(m, "to.address") ==
        std::vector<std::string>{"sales@vendor.com", "bob@fabrikam.co.uk"});
  CHECK(values(m, "cc.address") == std::vector<std::string>{"carol@adatum.fr"});
  CHECK(values(m, "message_id") ==
        std::vector<std::string>{"<abc@contoso.de>"});
  CHECK(values(m, "received").size() == 1);
  CHECK(values(m, "dedup_key") ==
        std::vector<std::string>{"message-id:<abc@contoso.de>"});
  CHECK(values(m, "body.charset") ==
        std::vector<std::string>{"text/plain ISO-8859-1 (declared)",
                                 "text/html UTF-8 (declared)"});
  CHECK(m.text == "Grüße aus Köln\n\nGrüße");
  CHECK(m.size == std::string(kMessage).size());

  const Item& a = sink.items[1];
  CHECK(a.kind == "attachment");
  CHECK(a.parent == 0);
  CHECK(a.title == "Preise Müller.csv");
  CHECK(a.locator == "mail/1.eml#part=2/attachment=Preise Müller.csv");
  CHECK(a.size == 20);
  CHECK(a.sha256 == Sha256::hex("SKU,Price\nA-1,10.00\n"));
  CHECK(values(a, "declared_type") == std::vector<std::string>{"text/csv"});
  // Its bytes are delimited text with a header: identification says csv
  // (a text/* part is not read as a table: its text is the attachment's).
  CHECK(values(a, "sniffed_type") == std::vector<std::string>{"csv"});
  CHECK(a.text == "SKU,Price\nA-1,10.00\n");

  const Item& inner = sink.items[2];
  CHECK(inner.kind == "message");
  CHECK(inner.parent == 0);
  CHECK(inner.locator == "mail/1.eml#part=3/message");
  CHECK(inner.title == "inner");
  const Item& bin = sink.items[3];
  CHECK(bin.kind == "attachment");
  CHECK(bin.parent == 2);
  CHECK(bin.locator == "mail/1.eml#part=3/message/part=1/attachment=inner.bin");
  CHECK(bin.size == 6);
}

TEST_CASE("damage is reported and parsing carries on") {
  MemorySink sink;
  CollectingReporter rep;
  mime::MessageParser parser(sink, rep, nullptr);
  parser.parse(
      "From: a@b.c\nSubject: broken\nDate: someday\nContent-Type: "
      "multipart/mixed; "
      "boundary=zz\n\n--zz\nContent-Type: application/pdf; name=a.pdf\n"
      "Content-Transfer-Encoding: base64\n\nJVBERi0x*LjQK\n",
      "x.eml");
  REQUIRE(sink.items.size() == 2);
  CHECK(values(sink.items[0], "date.malformed") ==
        std::vector<std::string>{"true"});
  CHECK(values(sink.items[0], "date.raw") ==
        std::vector<std::string>{"someday"});
  CHECK(!sink.items[0].date);
  CHECK(sink.items[1].title == "a.pdf");
  CHECK(sink.items[1].size == 9);  // "%PDF-1.4\n"
  REQUIRE(rep.damages.size() == 3);
  CHECK(rep.damages[0].locator == "x.eml");
  CHECK(rep.damages[0].what == "message: close boundary \"--zz--\" not found");
  CHECK(rep.damages[1].what ==
        "part 1 (offset 168): 1 invalid base64 characters skipped");
  CHECK(rep.damages[2].what ==
        "Date \"someday\" is not an RFC 5322 date; kept raw");
}

TEST_CASE("identification of message header blocks") {
  CHECK(mime::looks_like_message("From: a@b\nSubject: x\n\nbody"));
  CHECK(
      mime::looks_like_message("\xEF\xBB\xBF"
                               "From: a@b\n\nbody"));
  CHECK(mime::looks_like_message("   \nDelivered-To: a@b\n\nbody"));
  CHECK_FALSE(
      mime::looks_like_message("This is a plain text file.\nNo headers."));
  CHECK_FALSE(mime::looks_like_message("key: value\nother: thing\n"));
}
