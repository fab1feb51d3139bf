// The --samples exposure: ~50 messages of a vendor's mailbox, shaped so that
// every case an ingest tool must handle appears at least once:
//
//  charsets   us-ascii, UTF-8 (QP, base64, 8bit), ISO-8859-1 (QP),
//             windows-1252 (QP), ISO-2022-JP (7bit), Shift_JIS (base64);
//             no charset parameter on 8-bit UTF-8 (inbox/0013) and on 8-bit
//             windows-1252 (inbox/0014)
//  headers    RFC 2047 B and Q words in subjects and display names; a comma
//             inside an encoded display name (inbox/0012); a subject split
//             inside a UTF-8 character across words (inbox/0005); a raw 8-bit
//             UTF-8 subject (inbox/0014); a folded Message-ID (inbox/0016);
//             Sender + Reply-To + a To group (inbox/0009); an empty group
//             "undisclosed-recipients:;" with Bcc (sent/0008); a mixed-case
//             address (inbox/0012, inbox/0014); obsolete zone "GMT"
//  file names RFC 2231 charset (inbox/0001), RFC 2231 continuations with
//             charset (inbox/0003, sent/0005) and without (sent/0014),
//             ISO-8859-1 RFC 2231 (inbox/0006),
//             encoded word in quotes (sent/0010), Content-Type name only and
//             Content-Disposition: attachment without a name (inbox/0008),
//             inline with filename (inbox/0013), inline image with
//             Content-ID only, which is NOT an attachment (inbox/0006)
//  structure  multipart/alternative, /related, /mixed; text/calendar
//             alternative (inbox/0015); HTML-only (inbox/0006, inbox/0016);
//             message/rfc822 forwards with their own attachments, one of them
//             also present as sent/0003 (inbox/0007) and one with a file name
//             on the message/rfc822 part (not an attachment); TNEF
//             winmail.dat with two files (inbox/0011, backup/0003)
//  containers LF-only .eml (inbox/0013, sent/0014); a "From " body line in
//             an .eml (inbox/0016); mboxrd archive with ">From " and
//             ">>From " quoting; one .eml.zst
//  duplicates backup/: exact copies, copies with one more Received header,
//             an mbox member saved as .eml; one message saved twice in inbox/
//             under different names; one file shared by several messages
//             under different names (price lists / "Angebot Müller.csv")
#include <cstdio>
#include <map>

#include "civil_time.hpp"
#include "layouts.hpp"
#include "output_tree.hpp"
#include "rng.hpp"
#include "scenario.hpp"

namespace mailgen {
namespace {

std::string V(const std::string& local) { return local + kVendorDomain; }

std::string nnnn(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", n);
  return buf;
}

class Samples {
 public:
  Samples(const Directory& dir, uint64_t seed)
      : dir_(dir), rng_(Rng::mix(seed, 0x5A3D1E5)) {}

  Rng& rng() { return rng_; }
  const Person& person(const std::string& email) const {
    return dir_.people[dir_.find_person(email)];
  }

  // A message between `from` and `to` (one of them the vendor's).
  // `number`, `week`, `quarter`: topic values, 0 for random.
  Scenario scene(const std::string& from, const std::string& to, Topic topic,
                 int year, int attachments, bool html, int number = 0,
                 int week = 0, int quarter = 0) {
    const bool outgoing = person(from).org == dir_.vendor;
    Choice ch;
    ch.topic = topic;
    ch.outgoing = outgoing;
    ch.customer = outgoing ? to : from;
    ch.vendor = outgoing ? from : to;
    ch.year = year;
    ch.reply = false;
    ch.html = html;
    ch.attachments = attachments;
    ch.min_attachment = 1024;
    ch.max_attachment = 6 * 1024;
    ch.max_paragraphs = 2;
    if (number) ch.number = number;
    if (week) ch.week = week;
    if (quarter) ch.quarter = quarter;
    Scenario sc = make_scenario(dir_, rng_, ch);
    sc.spec.cc.clear();  // samples set their recipients explicitly
    sc.spec.bcc.clear();
    if (!sc.spec.to.empty()) sc.spec.to.front().style = NameStyle::kAuto;
    return sc;
  }

  void set_client(Scenario* sc, Client c) {
    sc->spec.client = c;
    sc->spec.message_id = make_message_id(
        c, dir_.org_of(dir_.people[sc->from]).domain, sc->spec.date_utc, rng_);
  }

  void charsets(Scenario* sc, const char* cs, Cte text, Cte html,
                const char* header_cs, WordEncoding we) {
    sc->spec.charset = cs;
    sc->spec.text_cte = text;
    sc->spec.html_cte = html;
    sc->spec.header_charset = header_cs;
    sc->spec.word_encoding = we;
  }

  void refresh_html(Scenario* sc) {
    if (!sc->spec.html.empty())
      sc->spec.html = html_from_text(sc->spec.text, sc->spec.client);
  }

  // Makes `child` a reply to `parent`, `delay` seconds later.
  void reply(Scenario* child, const Scenario& parent, int64_t delay) {
    retime(child, dir_, parent.spec.date_utc + delay, rng_);
    MessageSpec& s = child->spec;
    s.references = parent.spec.references;
    s.references.push_back(parent.spec.message_id);
    std::string base = parent.spec.subject;
    for (const char* p : {"Re: ", "RE: ", "AW: ", "RES: ", "Fwd: "})
      if (base.rfind(p, 0) == 0) base = base.substr(std::string(p).size());
    s.subject = reply_prefix(child->lang, s.client) + base;
    s.text += reply_quote(dir_, child->lang, s.client, parent.from, parent.to,
                          parent.spec.date_utc, parent.spec.subject,
                          parent.spec.text);
    refresh_html(child);
  }

  Mailbox mailbox(const std::string& email) const {
    const Person& p = person(email);
    return {p.display(), p.email};
  }

  AttachmentSpec file(const FileData& f, Client c, FileNameStyle style) {
    AttachmentSpec a = attach(f, c, rng_);
    a.name_style = style;
    return a;
  }

  // Builds the message, first refreshing the client's own headers
  // (Thread-Topic, X-Mailer...) to match the final subject and client.
  Entity build(Scenario sc) {
    std::string topic = sc.spec.subject;
    for (const char* p : {"Re: ", "RE: ", "AW: ", "RES: ", "Fwd: ", "FW: ",
                          "WG: ", "TR: ", "RV: ", "ENC: "})
      if (topic.rfind(p, 0) == 0) topic = topic.substr(std::string(p).size());
    const bool has_attach =
        !sc.spec.attachments.empty() || !sc.spec.forwards.empty();
    sc.spec.extra = client_fields(sc.spec.client, topic, sc.spec, has_attach,
                                  to_civil(sc.spec.date_utc).year, rng_);
    return build_message(sc.spec, rng_);
  }

  const Directory& dir() const { return dir_; }

 private:
  const Directory& dir_;
  Rng rng_;
};

// Inserts `line` (CRLF-terminated) after the greeting paragraph.
void insert_after_greeting(std::string* text, const std::string& line) {
  size_t p = text->find("\r\n\r\n");
  text->insert(p == std::string::npos ? 0 : p + 4, line + "\r\n");
}

std::string calendar(const Person& organizer, const Person& attendee) {
  return "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nPRODID:Microsoft Exchange "
         "Server 2010\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nORGANIZER;CN=" +
         organizer.display() + ":mailto:" + organizer.email +
         "\r\nATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;"
         "CN=" +
         attendee.display() + ":mailto:" + attendee.email +
         "\r\nSUMMARY;LANGUAGE=pt-BR:Reunião de acompanhamento\r\n"
         "DTSTART;TZID=E. South America Standard Time:20200915T140000\r\n"
         "DTEND;TZID=E. South America Standard Time:20200915T150000\r\n"
         "UID:040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6\r\n"
         "LOCATION;LANGUAGE=pt-BR:Microsoft Teams\r\nEND:VEVENT\r\n"
         "END:VCALENDAR\r\n";
}

}  // namespace

void write_samples(const std::filesystem::path& root, uint64_t seed,
                   GroundTruth* truth) {
  const Directory dir = make_directory(0, seed);
  Samples S(dir, seed);
  OutputTree out(root, truth);
  auto eml = [&](const std::string& rel, const Entity& m,
                 std::string_view eol = "\r\n") {
    out.write_eml(rel, m, eol);
    truth->describe_file(rel, m);
  };
  const std::string olivia = V("olivia.bennett"), rajesh = V("rajesh.iyer"),
                    sophie = V("sophie.laurent"), jonas = V("jonas.weber"),
                    kenji = V("kenji.sato"), accounts = V("accounts");

  // ---- Parents first: sent messages that inbox messages answer. --------
  // sent/0001: price list 2021 (shared file, sent again in sent/0008).
  Scenario s1 = S.scene(olivia, "emma.clarke@fabrikam.co.uk", Topic::kPriceList,
                        2021, 1, true);
  // sent/0002: German price list 2019, Cc to a sub-domain address.
  Scenario s2 = S.scene(jonas, "hans.mueller@contoso.de", Topic::kPriceList,
                        2019, 1, false);
  S.charsets(&s2, "iso-8859-1", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
             "iso-8859-1", WordEncoding::kQ);
  s2.spec.cc.push_back(S.mailbox("juergen.gross@sales.contoso.de"));
  // sent/0003: invoice from the billing system; forwarded in inbox/0007.
  Scenario s3 = S.scene(accounts, "maria.garcia@litware.es", Topic::kInvoice,
                        2020, 1, false, 42);
  s3.spec.subject = "Invoice INV-2020-0042";
  s3.spec.attachments.clear();
  s3.spec.attachments.push_back(
      S.file(invoice_pdf(dir, dir.find_person("maria.garcia@litware.es"), 2020,
                         42, s3.spec.date_utc, S.rng(), 3000),
             Client::kJavaMail, FileNameStyle::kTypeNameOnly));
  // sent/0006: SOW to a government body, Bcc to a freelancer.
  Scenario s6 = S.scene(olivia, "charlotte.davies@digital.agency.gov.uk",
                        Topic::kStatementOfWork, 2021, 1, true, 0, 0, 3);
  S.charsets(&s6, "utf-8", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
             "utf-8", WordEncoding::kQ);
  s6.spec.cc.push_back(S.mailbox("mohammed.khan@digital.agency.gov.uk"));
  s6.spec.bcc.push_back(S.mailbox("tom.becker.dev@gmail.com"));

  // ---- inbox ------------------------------------------------------------
  // 0001: German quote; RFC 2231 file name (same bytes as sent/0002's file).
  Scenario i1 =
      S.scene("hans.mueller@contoso.de", jonas, Topic::kQuote, 2019, 1, false);
  S.charsets(&i1, "iso-8859-1", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
             "iso-8859-1", WordEncoding::kQ);
  i1.spec.attachments.front().name_style = FileNameStyle::kRfc2231;
  i1.spec.attachments.front().filename = "Angebot Müller.csv";
  // 0002: reply to sent/0001, us-ascii, obsolete "GMT" zone.
  Scenario i2 = S.scene("emma.clarke@fabrikam.co.uk", olivia, Topic::kPriceList,
                        2021, 0, false);
  S.reply(&i2, s1, 5 * 3600);
  S.charsets(&i2, "us-ascii", Cte::k7bit, Cte::k7bit, "us-ascii",
             WordEncoding::kQ);
  i2.spec.text =
      "Hi Olivia,\r\n\r\nThanks, received. We will review the new "
      "rates and come back to you next week.\r\n\r\nBest regards,"
      "\r\nEmma\r\n";
  i2.spec.date_style = DateStyle::kObsoleteZone;
  i2.spec.zone_name = "GMT";
  // 0003: French quote, UTF-8 base64, RFC 2231 continuation file name.
  Scenario i3 =
      S.scene("gaelle.dubois@adatum.fr", sophie, Topic::kQuote, 2018, 0, true);
  S.charsets(&i3, "UTF-8", Cte::kBase64, Cte::kBase64, "UTF-8",
             WordEncoding::kB);
  {
    FileData pdf = sow_pdf(dir, dir.find_person("gaelle.dubois@adatum.fr"),
                           dir.find_person(sophie), 2, 2018, i3.spec.date_utc,
                           S.rng(), 2500);
    pdf.name = "Présentation projet migration messagerie Adatum 2018.pdf";
    i3.spec.attachments.push_back(
        S.file(pdf, Client::kThunderbird, FileNameStyle::kRfc2231Continued));
  }
  // 0004: Japanese request for quotation, ISO-2022-JP everywhere.
  Scenario i4 = S.scene("taro.tanaka@tailspin.co.jp", kenji, Topic::kQuote,
                        2020, 0, false);
  S.set_client(&i4, Client::kOutlookLegacy);
  S.charsets(&i4, "ISO-2022-JP", Cte::k7bit, Cte::k7bit, "ISO-2022-JP",
             WordEncoding::kB);
  // 0005: Shift_JIS body; subject's UTF-8 words cut inside characters.
  Scenario i5 = S.scene("hanako.sato@tailspin.co.jp", kenji, Topic::kPriceList,
                        2020, 0, false);
  S.set_client(&i5, Client::kThunderbird);
  S.charsets(&i5, "Shift_JIS", Cte::kBase64, Cte::kBase64, "UTF-8",
             WordEncoding::kB);
  i5.spec.subject = "価格表 2020年版 について";
  i5.spec.subject_style = SubjectStyle::kSplitBytes;
  {
    FileData pdf =
        invoice_pdf(dir, dir.find_person("hanako.sato@tailspin.co.jp"), 2020,
                    77, i5.spec.date_utc, S.rng(), 2000);
    pdf.name = "見積書.pdf";
    i5.spec.attachments.push_back(
        S.file(pdf, Client::kThunderbird, FileNameStyle::kRfc2231));
  }
  // 0006: Apple Mail, HTML only, inline image with Content-ID only (not an
  // attachment) and an ISO-8859-1 RFC 2231 file name.
  Scenario i6 = S.scene("jose.silva@wingtip.com.br", olivia, Topic::kQuote,
                        2020, 0, true);
  i6.spec.html_only = true;
  {
    AttachmentSpec logo =
        S.file(logo_png(dir.find_org("wingtip.com.br")), Client::kAppleMail,
               FileNameStyle::kContentIdOnly);
    logo.content_id = "F3A1B2C4-5D6E-4F70-8192-A3B4C5D6E7F8@wingtip.com.br";
    i6.spec.inline_image = logo;
    i6.spec.html.insert(
        i6.spec.html.rfind("</body>"),
        "<img src=\"cid:" + logo.content_id + "\" alt=\"Wingtip Toys\">\r\n");
    i6.spec.attachments.push_back(S.file(price_list_csv(2020, Lang::kPt),
                                         Client::kAppleMail,
                                         FileNameStyle::kRfc2231Latin1));
  }
  // 0007: forward of sent/0003 as an attached item (message/rfc822 with a
  // file name; the nested message keeps its Message-ID and attachment).
  Scenario i7 = S.scene("maria.garcia@litware.es", olivia, Topic::kInvoice,
                        2020, 0, false);
  retime(&i7, dir, s3.spec.date_utc + 2 * 86400, S.rng());
  i7.spec.subject = forward_prefix(Lang::kEs, i7.spec.client) + s3.spec.subject;
  i7.spec.text =
      "Hola Olivia:\r\n\r\nTe reenvío la factura adjunta; el importe no "
      "coincide con nuestro pedido PO-2020-117. ¿Podrías revisarlo?\r\n\r\n"
      "Un saludo,\r\nMaría\r\n\r\n" +
      signature(S.person("maria.garcia@litware.es"),
                dir.orgs[dir.find_org("litware.es")], Lang::kEs, S.rng());
  S.refresh_html(&i7);
  // 0008: name only on Content-Type, and an attachment without any name.
  Scenario i8 = S.scene("priya.sharma@proseware.in", rajesh,
                        Topic::kPurchaseOrder, 2019, 1, false, 4471);
  i8.spec.attachments.front().name_style = FileNameStyle::kTypeNameOnly;
  i8.spec.attachments.front().filename = "PO-4471.pdf";
  {
    FileData note;
    note.name = "";
    note.content_type = "text/plain";
    note.charset = "us-ascii";
    note.data =
        "Delivery address: Proseware Pvt Ltd, Plot 7, Example "
        "Business Park,\r\nAndheri East, Mumbai 400069.\r\nContact "
        "on site: Arjun Mehta, " +
        S.person("arjun.mehta@proseware.in").mobile + "\r\n";
    AttachmentSpec a = S.file(note, Client::kGmail, FileNameStyle::kNoName);
    i8.spec.attachments.push_back(a);
  }
  // 0009: government shared mailbox: Sender, Reply-To, a To group, Cc.
  Scenario i9 = S.scene("charlotte.davies@digital.agency.gov.uk", olivia,
                        Topic::kContract, 2021, 1, true);
  i9.spec.subject = "Contract renewal – G-Cloud 12 framework";
  i9.spec.from = {"Commercial Team", "commercial@digital.agency.gov.uk"};
  i9.spec.sender = S.mailbox("charlotte.davies@digital.agency.gov.uk");
  i9.spec.reply_to = {{"Commercial Team", "commercial@digital.agency.gov.uk"}};
  i9.spec.to_group = "Northwind account team";
  i9.spec.to_group_members = {S.mailbox(rajesh), S.mailbox(jonas)};
  i9.spec.cc = {S.mailbox("mohammed.khan@digital.agency.gov.uk")};
  // 0010: reply from the Bcc'd freelancer (Gmail, Pacific time).
  Scenario i10 = S.scene("tom.becker.dev@gmail.com", olivia,
                         Topic::kStatementOfWork, 2021, 0, true);
  S.reply(&i10, s6, 20 * 3600);
  i10.spec.date_style = DateStyle::kZoneComment;
  // 0011: Outlook "rich text": attachments inside winmail.dat (TNEF).
  Scenario i11 = S.scene("sabine.koehler@contoso.de", jonas, Topic::kMeeting,
                         2019, 0, false);
  retime(&i11, dir, from_civil(2019, 3, 14, 15, 20, 11), S.rng());
  i11.spec.subject = "Protokoll Abstimmung 14.03.2019";
  {
    FileData notes = meeting_notes_txt(
        dir,
        {dir.find_person("sabine.koehler@contoso.de"), dir.find_person(jonas)},
        Lang::kDe, i11.spec.date_utc, 60, S.rng(), 1200);
    std::vector<TnefInput> files = {
        {"MASSNA~1.TXT", "Maßnahmenplan Rollout 2019.txt", notes.data},
        {"LOGO.PNG", "", logo_png(dir.find_org("contoso.de")).data}};
    i11.spec.attachments.push_back(make_winmail(
        files, "Protokoll Abstimmung 14.03.2019", i11.spec.date_utc, S.rng()));
  }
  // 0012: reply from the Cc'd colleague: "Groß, Jürgen" (comma inside an
  // encoded word), windows-1252, the shared price list again, mixed-case Cc.
  Scenario i12 = S.scene("juergen.gross@sales.contoso.de", jonas,
                         Topic::kPriceList, 2019, 0, false);
  S.reply(&i12, s2, 26 * 3600);
  S.charsets(&i12, "windows-1252", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
             "windows-1252", WordEncoding::kQ);
  i12.spec.from.display = "Groß, Jürgen";
  i12.spec.cc = {{"Hans Müller", "Hans.Mueller@Contoso.de"}};
  i12.spec.attachments.push_back(S.file(price_list_csv(2019, Lang::kDe),
                                        Client::kThunderbird,
                                        FileNameStyle::kQuoted));
  // 0013: no charset parameter on 8-bit UTF-8; LF line endings; inline
  // text part with a file name.
  Scenario i13 = S.scene("francois.lefevre@adatum.fr", sophie, Topic::kMeeting,
                         2020, 0, false);
  i13.spec.subject = forward_prefix(Lang::kFr, Client::kOutlook) +
                     subject_text(Topic::kMeeting, Lang::kFr, i13.vars);
  i13.spec.charset.clear();
  i13.spec.undeclared_charset = "UTF-8";
  i13.spec.text_cte = Cte::k8bit;
  {
    FileData notes =
        meeting_notes_txt(dir, {dir.find_person("francois.lefevre@adatum.fr")},
                          Lang::kFr, i13.spec.date_utc, 60, S.rng(), 800);
    notes.name = "notes-reunion.txt";
    i13.spec.attachments.push_back(
        S.file(notes, Client::kThunderbird, FileNameStyle::kInline));
  }
  // 0014: private address; raw 8-bit UTF-8 subject; undeclared windows-1252
  // body; contact list with personal data; work address in mixed case.
  Scenario i14 = S.scene("hans.mueller1970@outlook.com", jonas, Topic::kMeeting,
                         2022, 0, false);
  i14.spec.subject = "Kontakte für die Urlaubsvertretung – bitte vertraulich";
  i14.spec.subject_style = SubjectStyle::kRaw8bit;
  i14.spec.charset.clear();
  i14.spec.undeclared_charset = "windows-1252";
  i14.spec.text_cte = Cte::k8bit;
  i14.spec.cc = {{"Hans Müller", "Hans.Mueller@Contoso.de"}};
  i14.spec.attachments.push_back(
      S.file(contacts_csv(dir, dir.find_org("contoso.de"), S.rng(), 0),
             Client::kOutlook, FileNameStyle::kQuoted));
  // 0015: meeting invitation (text/calendar alternative), ISO-8859-1.
  Scenario i15 = S.scene("joao.pereira@wingtip.com.br", olivia, Topic::kMeeting,
                         2020, 0, true);
  S.set_client(&i15, Client::kOutlook);
  S.charsets(&i15, "iso-8859-1", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
             "iso-8859-1", WordEncoding::kQ);
  i15.spec.subject = "Convite: Reunião de acompanhamento";
  i15.spec.calendar =
      calendar(S.person("joao.pereira@wingtip.com.br"), S.person(olivia));
  S.refresh_html(&i15);
  // 0016: HTML + text with a body line starting "From "; folded Message-ID.
  Scenario i16 = S.scene("siobhan.obrien@fabrikam.co.uk", olivia,
                         Topic::kInvoice, 2021, 0, true, 107);
  i16.spec.subject = "Invoice query – INV-2021-0107";
  insert_after_greeting(&i16.spec.text,
                        "From the 1st of next month, please send invoices to "
                        "accounts.payable@fabrikam.co.uk only.\r\n");
  S.refresh_html(&i16);
  S.charsets(&i16, "windows-1252", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
             "windows-1252", WordEncoding::kQ);
  i16.spec.fold_message_id = true;
  i16.spec.date_style = DateStyle::kZoneComment;
  // 0017: project status with a screenshot; saved twice under two names.
  Scenario i17 = S.scene("arjun.mehta@proseware.in", rajesh, Topic::kStatus,
                         2020, 1, false, 0, 32);
  i17.spec.date_style = DateStyle::kNoWeekday;
  // 0018: inline forward (message/rfc822, disposition inline, no name) of
  // an internal message that exists nowhere else, with its own attachment.
  Scenario inner = S.scene("lucia.fernandez@litware.es", olivia, Topic::kQuote,
                           2020, 0, false);
  inner.spec.to = {S.mailbox("alejandro.nunez@litware.es")};
  {
    FileData pdf = sow_pdf(dir, dir.find_person("lucia.fernandez@litware.es"),
                           dir.find_person(olivia), 1, 2020,
                           inner.spec.date_utc, S.rng(), 2000);
    pdf.name = "Propuesta mantenimiento 2020.pdf";
    inner.spec.attachments.push_back(
        S.file(pdf, Client::kOutlook, FileNameStyle::kQuoted));
  }
  Scenario i18 = S.scene("alejandro.nunez@litware.es", olivia, Topic::kQuote,
                         2020, 0, false);
  S.set_client(&i18, Client::kThunderbird);
  retime(&i18, dir, inner.spec.date_utc + 3 * 3600, S.rng());
  i18.spec.subject = "Fwd: " + inner.spec.subject;

  // ---- sent ---------------------------------------------------------------
  Scenario s4 =
      S.scene(sophie, "gaelle.dubois@adatum.fr", Topic::kQuote, 2018, 0, true);
  S.reply(&s4, i3, 30 * 3600);
  S.charsets(&s4, "utf-8", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
             "utf-8", WordEncoding::kB);
  Scenario s5 = S.scene(kenji, "taro.tanaka@tailspin.co.jp", Topic::kQuote,
                        2020, 0, false);
  S.reply(&s5, i4, 50 * 3600);
  S.charsets(&s5, "ISO-2022-JP", Cte::k7bit, Cte::k7bit, "ISO-2022-JP",
             WordEncoding::kB);
  {
    FileData pdf = sow_pdf(dir, dir.find_person("taro.tanaka@tailspin.co.jp"),
                           dir.find_person(kenji), 3, 2020, s5.spec.date_utc,
                           S.rng(), 2000);
    pdf.name =
        "御見積書_テイルスピン・トイズ様_2020年度_メールシステム移行.pdf";
    s5.spec.attachments.push_back(
        S.file(pdf, Client::kThunderbird, FileNameStyle::kRfc2231Continued));
  }
  Scenario s7 = S.scene(rajesh, "priya.sharma@proseware.in",
                        Topic::kPurchaseOrder, 2019, 0, false);
  S.reply(&s7, i8, 4 * 3600);
  // sent/0008: announcement to undisclosed recipients (empty group + Bcc).
  Scenario s8 = S.scene(olivia, "emma.clarke@fabrikam.co.uk", Topic::kPriceList,
                        2021, 0, false);
  retime(&s8, dir, s1.spec.date_utc + 7 * 86400, S.rng());
  s8.spec.subject = "Price list 2021 – announcement";
  s8.spec.to.clear();
  s8.spec.to_group = "undisclosed-recipients";
  for (const char* e :
       {"emma.clarke@fabrikam.co.uk", "hans.mueller@contoso.de",
        "gaelle.dubois@adatum.fr", "maria.garcia@litware.es",
        "priya.sharma@proseware.in", "jose.silva@wingtip.com.br"})
    s8.spec.bcc.push_back(S.mailbox(e));
  s8.spec.attachments.push_back(S.file(price_list_csv(2021, Lang::kEn),
                                       Client::kOutlook,
                                       FileNameStyle::kQuoted));
  Scenario s9 = S.scene(jonas, "sabine.koehler@contoso.de", Topic::kMeeting,
                        2019, 0, false);
  S.reply(&s9, i11, 3 * 3600);
  S.charsets(&s9, "windows-1252", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
             "windows-1252", WordEncoding::kQ);
  Scenario s10 = S.scene(sophie, "francois.lefevre@adatum.fr", Topic::kInvoice,
                         2019, 0, false);
  s10.spec.subject = "Facture INV-2019-0318";
  S.charsets(&s10, "iso-8859-1", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
             "iso-8859-1", WordEncoding::kQ);
  {
    FileData pdf =
        invoice_pdf(dir, dir.find_person("francois.lefevre@adatum.fr"), 2019,
                    318, s10.spec.date_utc, S.rng(), 2500);
    pdf.name = "Facture INV-2019-0318 révisée.pdf";
    AttachmentSpec a =
        S.file(pdf, Client::kOutlook, FileNameStyle::kEncodedWord);
    s10.spec.attachments.push_back(a);
  }
  Scenario s11 = S.scene(rajesh, "arjun.mehta@proseware.in", Topic::kStatus,
                         2020, 0, false);
  S.reply(&s11, i17, 2 * 3600);
  Scenario s12 = S.scene(olivia, "jose.silva@wingtip.com.br", Topic::kQuote,
                         2020, 0, true);
  S.reply(&s12, i6, 9 * 3600);
  S.charsets(&s12, "utf-8", Cte::kBase64, Cte::kBase64, "utf-8",
             WordEncoding::kB);
  Scenario s13 = S.scene(kenji, "hanako.sato@tailspin.co.jp", Topic::kPriceList,
                         2020, 0, true);
  S.reply(&s13, i5, 6 * 3600);
  S.charsets(&s13, "utf-8", Cte::kBase64, Cte::kBase64, "utf-8",
             WordEncoding::kB);
  s13.spec.attachments.push_back(S.file(price_list_csv(2020, Lang::kJa),
                                        Client::kThunderbird,
                                        FileNameStyle::kRfc2231));
  Scenario s14 = S.scene(olivia, "tom.becker.dev@gmail.com",
                         Topic::kStatementOfWork, 2021, 2, false, 0, 0, 3);
  s14.spec.subject = "Statement of Work – Q3 rollout (draft v2)";
  s14.spec.attachments.front().filename =
      "Statement of Work - Q3 rollout - draft v2 - Northwind Consulting.pdf";
  s14.spec.attachments.front().name_style = FileNameStyle::kContinuedPlain;

  // ---- archive-2016.mbox --------------------------------------------------
  Scenario a1 = S.scene(olivia, "emma.clarke@fabrikam.co.uk", Topic::kPriceList,
                        2016, 1, false);
  insert_after_greeting(&a1.spec.text,
                        "From 1 April 2016 the new day rates apply.\r\n");
  Scenario a2 = S.scene("emma.clarke@fabrikam.co.uk", olivia, Topic::kPriceList,
                        2016, 0, false);
  S.reply(&a2, a1, 3 * 3600);
  a2.spec.text =
      "Thanks Olivia, that works for us.\r\n\r\n>From 1 April 2016 the new "
      "day rates apply.\r\n\r\nNoted, we will update the purchase order."
      "\r\n\r\nEmma\r\n";
  Scenario a3 = S.scene(jonas, "hans.mueller@contoso.de", Topic::kContract,
                        2016, 1, false);
  S.charsets(&a3, "ISO-8859-1", Cte::k8bit, Cte::k8bit, "ISO-8859-1",
             WordEncoding::kQ);
  Scenario a4 = S.scene("hans.mueller@contoso.de", jonas, Topic::kContract,
                        2016, 0, false);
  S.reply(&a4, a3, 22 * 3600);
  Scenario a5 = S.scene(sophie, "chloe.martin@adatum.fr", Topic::kInvoice, 2016,
                        1, false);
  Scenario a6 = S.scene(kenji, "ichiro.suzuki@tailspin.co.jp", Topic::kContract,
                        2016, 0, false);
  S.charsets(&a6, "ISO-2022-JP", Cte::k7bit, Cte::k7bit, "ISO-2022-JP",
             WordEncoding::kB);
  Scenario a7 =
      S.scene("maria.garcia@litware.es", olivia, Topic::kQuote, 2016, 0, true);
  Scenario a8 = S.scene("priya.sharma@proseware.in", rajesh, Topic::kMeeting,
                        2016, 1, false);

  // ---- compressed -----------------------------------------------------------
  Scenario c1 = S.scene("oliver.hughes@fabrikam.co.uk", olivia, Topic::kStatus,
                        2021, 1, true);
  c1.spec.subject = "Quarterly business review – Q4 2021";

  // ---- build and write
  // --------------------------------------------------------
  Entity S1 = S.build(s1), S2 = S.build(s2), S3 = S.build(s3), S6 = S.build(s6);
  i7.spec.forwards.push_back({S3, "Invoice INV-2020-0042.eml", false});
  Entity INNER = S.build(inner);
  i18.spec.forwards.push_back({INNER, "", true});

  const std::vector<Scenario*> inbox = {&i1,  &i2,  &i3,  &i4,  &i5,  &i6,
                                        &i7,  &i8,  &i9,  &i10, &i11, &i12,
                                        &i13, &i14, &i15, &i16, &i17, &i18};
  std::map<int, Entity> in;
  for (size_t k = 0; k < inbox.size(); ++k) {
    int n = static_cast<int>(k + 1);
    in[n] = S.build(*inbox[k]);
    eml("mail/inbox/" + nnnn(n) + ".eml", in[n], n == 13 ? "\n" : "\r\n");
  }
  eml("mail/inbox/Project status - week 32.eml", in[17]);

  std::map<int, Entity> sent = {{1, S1}, {2, S2}, {3, S3}, {6, S6}};
  const std::vector<std::pair<int, Scenario*>> more = {
      {4, &s4},   {5, &s5},   {7, &s7},   {8, &s8},   {9, &s9},
      {10, &s10}, {11, &s11}, {12, &s12}, {13, &s13}, {14, &s14}};
  for (const auto& [n, sc] : more) sent[n] = S.build(*sc);
  for (const auto& [n, m] : sent)
    eml("mail/sent/" + nnnn(n) + ".eml", m, n == 14 ? "\n" : "\r\n");

  std::vector<Entity> archive;
  for (Scenario* sc : {&a1, &a2, &a3, &a4, &a5, &a6, &a7, &a8})
    archive.push_back(S.build(*sc));
  std::vector<const Entity*> members;
  for (const Entity& m : archive) members.push_back(&m);
  out.write_mbox("mail/archive-2016.mbox", members);

  // backup/: what a second copy of the mailbox leaves behind.
  eml("mail/backup/0001.eml", in[1]);
  eml("mail/backup/0002.eml", sent[2]);
  eml("mail/backup/0003.eml", in[11]);
  Entity b4 = in[3];
  b4.fields.insert(b4.fields.begin(),
                   archive_received(b4.truth->date_utc + 86400 * 30, S.rng()));
  eml("mail/backup/0004.eml", b4);
  Entity b5 = sent[6];
  b5.fields.insert(b5.fields.begin(),
                   archive_received(b5.truth->date_utc + 86400 * 30, S.rng()));
  eml("mail/backup/0005.eml", b5);
  eml("mail/backup/0006.eml", archive[2]);

  Entity C1 = S.build(c1);
  out.write_eml_zst("mail/compressed/0001.eml.zst", C1);
  truth->describe_file("mail/compressed/0001.eml.zst", C1);
}

}  // namespace mailgen
