// The classifier: check digits, each recognizer on crafted text (true
// positives with exact offsets, near misses that must not be found), the SQL
// column classes, business-document scoring, and findings in the store.
#include "leakscope/classify.hpp"

#include <doctest/doctest.h>
#include <phonenumbers/phonenumberutil.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "classify/checks.hpp"
#include "classify/document_types.hpp"
#include "classify/recognizers.hpp"
#include "classify/sql_columns.hpp"
#include "ingest/ingest.hpp"
#include "leakscope/store.hpp"
#include "store/statement.hpp"

using namespace leakscope;
using namespace leakscope::classify;

namespace {

std::vector<Finding> scan(std::string_view text, std::string region = "") {
  std::vector<Finding> out;
  ScanContext ctx;
  ctx.region_hint = std::move(region);
  scan_all(text, ctx, out);
  return out;
}

// The phone numbers find_phones finds in `text` under `ctx`, each as
// `show` writes it.
std::vector<std::string> phones_in(
    const std::string& text, const ScanContext& ctx,
    const std::function<std::string(const Finding&)>& show) {
  std::vector<Finding> out;
  find_phones(text, ctx, out);
  std::vector<std::string> v;
  for (const auto& f : out) v.push_back(show(f));
  return v;
}

// "type=value@start-end" for every finding, in order.
std::vector<std::string> brief(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs)
    out.push_back(f.type + "=" + f.value + "@" + std::to_string(f.start) + "-" +
                  std::to_string(f.end));
  return out;
}

std::vector<std::string> of_type(const std::vector<Finding>& fs,
                                 const std::string& type) {
  std::vector<std::string> out;
  for (const auto& f : fs)
    if (f.type == type) out.push_back(f.value);
  return out;
}

// A table CRM.dbo.`name` with `columns` (name, SQL type, value kind).
SqlTableSchema crm_table(
    const char* name,
    std::initializer_list<std::tuple<const char*, const char*, SqlValueKind>>
        columns) {
  SqlTableSchema t;
  t.database = "CRM";
  t.schema = "dbo";
  t.name = name;
  for (const auto& [n, type, kind] : columns) {
    SqlColumn col;
    col.name = n;
    col.sql_type = type;
    col.kind = kind;
    t.columns.push_back(col);
  }
  return t;
}

}  // namespace

TEST_CASE("classify: check digits") {
  CHECK(luhn_ok("4111111111111111"));
  CHECK_FALSE(luhn_ok("4111111111111112"));
  CHECK(card_network("4111111111111111") == "visa");
  CHECK(card_network("5555555555554444") == "mastercard");
  CHECK(card_network("378282246310005") == "amex");
  CHECK(card_network("1234567890123456") == "");
  CHECK(iban_ok("DE89370400440532013000"));
  CHECK(iban_ok("GB82WEST12345698765432"));
  CHECK_FALSE(iban_ok("DE89370400440532013001"));  // check digits fail
  CHECK_FALSE(iban_ok("DE8937040044053201300"));   // one short for DE
  CHECK(ssn_ok("123456789"));
  CHECK_FALSE(ssn_ok("000123456"));
  CHECK_FALSE(ssn_ok("666123456"));
  CHECK_FALSE(ssn_ok("912345678"));
  CHECK_FALSE(ssn_ok("123004567"));
  CHECK_FALSE(ssn_ok("123450000"));
  CHECK(nino_ok("AB123456C"));
  CHECK_FALSE(nino_ok("BG123456A"));
  CHECK_FALSE(nino_ok("DA123456A"));
  CHECK_FALSE(nino_ok("AB123456E"));
  CHECK(dni_ok("12345678Z"));
  CHECK_FALSE(dni_ok("12345678A"));
  CHECK(dni_ok("X1234567L"));
  CHECK(bsn_ok("111222333"));
  CHECK_FALSE(bsn_ok("111222334"));
  CHECK(codice_fiscale_ok("RSSMRA85T10A562S"));
  CHECK_FALSE(codice_fiscale_ok("RSSMRA85T10A562T"));
  CHECK(aadhaar_ok("234567890124"));
  CHECK_FALSE(aadhaar_ok("234567890125"));
  CHECK_FALSE(aadhaar_ok("134567890124"));  // never starts with 0 or 1
}

TEST_CASE("classify: e-mail addresses are normalised") {
  CHECK(normalize_email("Anna.Schmidt@Contoso.DE") ==
        "anna.schmidt@contoso.de");
  CHECK(normalize_email("jörg@bücher.example") == "jörg@xn--bcher-kva.example");
  CHECK(normalize_email("x@localhost") == "");
  CHECK(normalize_email("x@host.123") == "");
  auto fs = scan("Write to <Bob.Smith@Fabrikam.COM>, not to bob@@x or @none.");
  CHECK(brief(fs) ==
        std::vector<std::string>{"email=bob.smith@fabrikam.com@10-32"});
}

TEST_CASE("classify: phone numbers need to be valid for their region") {
  auto fs = scan("Call +49 30 23125101 or +1 650-253-0000; order 123-4567-89.");
  CHECK(of_type(fs, "phone") ==
        std::vector<std::string>{"+493023125101", "+16502530000"});
  REQUIRE(fs.size() >= 2);
  CHECK(fs[0].country == "DE");
  CHECK(fs[0].start == 5);
  CHECK(fs[0].end == 20);
  // A national number with no hint: taken for a default region only when
  // written in that region's layout and valid there (issue 15).
  const auto national = scan("Tel. 030 23125101");
  CHECK(of_type(national, "phone") ==
        std::vector<std::string>{"+493023125101"});
  REQUIRE(!national.empty());
  CHECK(national[0].evidence ==
        "national number with no country hint, written as DE numbers are "
        "(ddd dddddddd) and valid there, DE from the default regions");
  CHECK(national[0].confidence == doctest::Approx(0.75));
  CHECK(of_type(scan("(905) 674-3793 and 780-999-2181 and 07911 123 456"),
                "phone") == std::vector<std::string>{"+19056743793",
                                                     "+17809992181",
                                                     "+447911123456"});
  // A layout no default region writes, or not valid where it fits: none.
  CHECK(of_type(scan("ref 12 345 678 9"), "phone").empty());
  CHECK(of_type(scan("serial 123-456-7890"), "phone").empty());
  CHECK(of_type(scan("Tel. 030 23125101", "DE"), "phone") ==
        std::vector<std::string>{"+493023125101"});
  std::string e164, region;
  CHECK(parse_phone("+44 20 7946 0958", "", &e164, &region));
  CHECK(e164 == "+442079460958");
  CHECK(region == "GB");
  CHECK_FALSE(parse_phone("+49 1", "", &e164, &region));
}

TEST_CASE(
    "classify: phone answers kept per thread stay right across the cache's "
    "generations") {
  // More distinct numbers than one generation holds (32,768): the first
  // ones move to the older generation or out, the answers never change.
  auto number = [](int i) {
    return "+49 30 " + std::to_string(2000000 + i * 7);
  };
  std::vector<std::string> first;
  std::string e164, region;
  for (int i = 0; i < 40000; ++i) {
    const bool ok = parse_phone(number(i), "", &e164, &region);
    if (i < 50 || i >= 39950) first.push_back(ok ? e164 + " " + region : "-");
  }
  std::vector<std::string> again;
  for (int round = 0; round < 3; ++round) {
    again.clear();
    for (int k = 0; k < 40000; ++k) {
      if (k >= 50 && k < 39950) continue;
      const bool ok = parse_phone(number(k), "", &e164, &region);
      again.push_back(ok ? e164 + " " + region : "-");
    }
    CHECK(again == first);
  }
  CHECK(first.front() == "+49302000000 DE");
  CHECK(first.back() == "+49302279993 DE");
  CHECK_FALSE(parse_phone("+49 1", "", &e164, &region));
}

TEST_CASE("classify: cards, IBANs and national identifiers") {
  auto fs = scan(
      "card 4111 1111 1111 1111, bad 4111 1111 1111 1112, IBAN DE89 3704 0044 "
      "0532 0130 00.");
  CHECK(of_type(fs, "payment_card") ==
        std::vector<std::string>{"4111111111111111"});
  CHECK(of_type(fs, "iban") ==
        std::vector<std::string>{"DE89370400440532013000"});
  auto iban = std::find_if(fs.begin(), fs.end(),
                           [](const Finding& f) { return f.type == "iban"; });
  REQUIRE(iban != fs.end());
  CHECK(iban->country == "DE");
  CHECK(iban->start == 56);
  CHECK(iban->end == 83);
  CHECK(of_type(scan("IBAN DE89 3704 0044 0532 0130 01"), "iban").empty());

  auto ids = scan(
      "SSN: 123-45-6789; bad 666-12-3456; NINO AB 12 34 56 C; DNI 12345678Z; "
      "CF RSSMRA85T10A562S; BSN 111222333; Aadhaar 2345 6789 0124.");
  CHECK(of_type(ids, "national_id.us.ssn") ==
        std::vector<std::string>{"123456789"});
  CHECK(of_type(ids, "national_id.uk.nino") ==
        std::vector<std::string>{"AB123456C"});
  CHECK(of_type(ids, "national_id.es.dni") ==
        std::vector<std::string>{"12345678Z"});
  CHECK(of_type(ids, "national_id.it.codice_fiscale") ==
        std::vector<std::string>{"RSSMRA85T10A562S"});
  CHECK(of_type(ids, "national_id.nl.bsn") ==
        std::vector<std::string>{"111222333"});
  CHECK(of_type(ids, "national_id.in.aadhaar") ==
        std::vector<std::string>{"234567890124"});
  // Nine digits without a keyword or the ddd-dd-dddd form are not an SSN.
  CHECK(of_type(scan("order 123456789 shipped"), "national_id.us.ssn").empty());
}

TEST_CASE("classify: IP addresses, dates of birth and secrets") {
  auto fs = scan(
      "from 192.168.10.5 and 2001:db8::1; version 1.2.3.4; 10.0.0.256; "
      "1.2.3.4.5");
  CHECK(of_type(fs, "ip_address") ==
        std::vector<std::string>{"192.168.10.5", "2001:db8::1"});
  auto dob = scan("Date of birth: 08.12.1948. Meeting on 01.02.2020.");
  CHECK(of_type(dob, "date_of_birth") ==
        std::vector<std::string>{"1948-12-08"});
  auto sec = scan(
      "key AKIAIOSFODNN7EXAMPLE, Server=db;User Id=sa;Password=Winter2019!;, "
      "token ghp_abcdefghijklmnopqrstuvwxyz0123456789, "
      "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----");
  CHECK(of_type(sec, "secret.aws_access_key") ==
        std::vector<std::string>{"AKIAIOSFODNN7EXAMPLE"});
  CHECK(of_type(sec, "secret.password") ==
        std::vector<std::string>{"Winter2019!"});
  CHECK(of_type(sec, "secret.github_token") ==
        std::vector<std::string>{"ghp_abcdefghijklmnopqrstuvwxyz0123456789"});
  CHECK(of_type(sec, "secret.private_key") ==
        std::vector<std::string>{"RSA PRIVATE KEY"});
}

TEST_CASE("classify: government domains and country codes") {
  CHECK(government_country("hmrc.gov.uk") == "GB");
  CHECK(government_country("finances.gouv.fr") == "FR");
  CHECK(government_country("bsi.bund.de") == "DE");
  CHECK(government_country("ec.europa.eu") == "EU");
  CHECK(government_country("irs.gov") == "US");
  CHECK(government_country("gov.contoso.com") == "");
  CHECK(government_country("notgov.uk") == "");
  CHECK(cctld_country("mail.contoso.co.uk") == "GB");
  CHECK(cctld_country("contoso.de") == "DE");
  CHECK(cctld_country("contoso.com") == "");
  CHECK(cctld_country("startup.io") == "");
}

TEST_CASE("classify: SQL column names in several languages") {
  std::map<std::string, std::string> expect = {
      {"EmailAddress", "contact_info"},
      {"courriel", "contact_info"},
      {"Telefonnummer", "contact_info"},
      {"Nachname", "name"},
      {"Vorname", "name"},
      {"apellido", "name"},
      {"FirstName", "name"},
      {"Geburtsdatum", "date_of_birth"},
      {"DOB", "date_of_birth"},
      {"CustomerSSN", "national_id"},
      {"CreditCardNumber", "credit_card"},
      {"IBAN", "banking"},
      {"PasswordHash", "credentials"},
      {"Diagnosis", "health"},
      {"PostalCode", "contact_info"},
      {"Salary", "financial"},
      {"Rating", ""},
      {"CompanyName", ""},
      {"Status", ""},
      {"UnitPrice", ""},
  };
  for (const auto& [name, type] : expect) {
    CAPTURE(name);
    CHECK(classify_column_name(name).information_type == type);
  }
  CHECK(country_code_from_name("Germany") == "DE");
  CHECK(country_code_from_name("España") == "ES");
  CHECK(country_code_from_name("United Kingdom") == "GB");
  CHECK(country_code_from_name("Atlantis") == "");
}

TEST_CASE("classify: business documents are scored, decoys are not") {
  auto sow = score_document(
      "SOW_Contoso_Migration.docx Statement of Work",
      "Statement of Work\nScope\nThe vendor migrates...\nDeliverables\n- plan\n"
      "Milestones\nM1 ...\nAcceptance criteria\n...");
  REQUIRE(sow.size() == 1);
  CHECK(sow[0].type == "statement_of_work");
  CHECK(sow[0].score == doctest::Approx(1.0));
  CHECK(sow[0].evidence.find("deliverables (\"deliverables\")") !=
        std::string::npos);

  auto inv = score_document(
      "INV-2021-0042.pdf Invoice",
      "Invoice number: 2021-0042\nBill to: Contoso\nVAT 19%\n"
      "Amount due: EUR 1,190.00\nIBAN DE89 3704 0044 0532 0130 00");
  REQUIRE(!inv.empty());
  CHECK(inv[0].type == "invoice");

  auto decoy =
      score_document("grandmas_apple_pie.docx",
                     "Apple pie\nIngredients: apples, sugar, butter.\n"
                     "Keep the grocery invoice for the private budget.");
  CHECK(decoy.empty());
  CHECK(score_document("agenda_monday.docx", "Agenda for Monday").empty());
}

TEST_CASE(
    "classify: document types in several languages, the document's own type "
    "first") {
  auto first = [](std::string_view name, std::string_view text) {
    auto s = score_document(name, text);
    return s.empty() ? std::string("none") : s[0].type;
  };
  // The proof of execution of the issue: it refers to a statement of work
  // but is not one.
  auto poe = score_document(
      "PoE_Fabrikam.pdf",
      "Proof of Execution\nProject: ERP migration as set out in the Statement "
      "of Work, under the agreement of 4 March 2021.\nThe deliverables have "
      "been completed.\nCustomer acceptance signature: ________\nDate: "
      "2021-06-30");
  REQUIRE(!poe.empty());
  CHECK(poe[0].type == "proof_of_execution");
  CHECK(poe[0].evidence.find("names itself a proof of execution (\"proof of "
                             "execution\")") != std::string::npos);
  CHECK(first("akt.docx",
              "АКТ приемки-сдачи оказанных услуг\nк договору № 5 от "
              "01.02.2020\nУслуги оказаны полностью и в срок, Заказчик "
              "претензий не имеет.\nПодпись ______") == "proof_of_execution");
  CHECK(first("Acta.docx",
              "ACTA DE ENTREGA DE EQUIPOS\nRecibido por: ____ Entregado por: "
              "____\nFirma") == "proof_of_execution");
  // "Контакт" holds no "акт", and a contact sheet is nothing.
  CHECK(first("contacts.docx", "Контактные данные\nТелефон, адрес") == "none");
  CHECK(first("Angebot.pdf",
              "Müller GmbH\nAngebot Nr. 2021-17\nGerne bieten wir Ihnen an:\n"
              "3 Server je 1.200,00 €\nGesamt 3.600,00 €\nGültig bis "
              "30.06.2021") == "quotation");
  CHECK(first("cotizacion.pdf",
              "COTIZACIÓN\nValidez de la oferta: 30 días\nTotal USD 2.500,00 "
              "\nSubtotal USD 2.100,00") == "quotation");
  CHECK(first("Preisliste.pdf",
              "Preisliste 2021\n- Montage: 100 Euro\n- Demontage: 50 Euro\n"
              "Fragen Sie nach einem Angebot.") == "price_list");
  // An NDA is a contract too: the specific type comes first.
  auto nda = score_document(
      "Confidentiality.docx",
      "Confidentiality Agreement\nThis Agreement is entered into by and "
      "between A (\"Disclosing Party\") and B (\"Receiving Party\").\n"
      "Confidential Information means ...\nGoverning law: England.");
  REQUIRE(nda.size() == 2);
  CHECK(nda[0].type == "nda");
  CHECK(nda[1].type == "contract");
  // A file named NDA whose text is a development agreement: the text wins.
  CHECK(first("NDA.docx",
              "Web Application Development Agreement\nThis agreement is made "
              "by and between X and Y.\nTermination: either party ...") ==
        "contract");
  // The order names itself first; its "Numéro de facture" field does not
  // make it an invoice.
  CHECK(
      first("commande.pdf",
            "BON DE COMMANDE\nNuméro de facture : \nLivrer à : \nFacturer à "
            ": \nFournisseur : \nQuantité Code Prix unitaire Total\n1 A 10.00 "
            "10.00") == "purchase_order");
  CHECK(first("factura.pdf",
              "FACTURA A\nNº de factura 0001-00012\nIVA 21%\nImporte total $ "
              "1.210,00") == "invoice");
  CHECK(first("Arbeitsvertrag.docx",
              "Arbeitsvertrag\nZwischen der Jingga e.K. (nachfolgend "
              "„Arbeitgeber“) und ...\n1. Beginn\n2. Tätigkeit\n3. "
              "Vergütung\nKündigung ...") == "contract");
}

TEST_CASE("classify: messages give e-mails, names and government contacts") {
  auto c = Classifier::create();
  Item m;
  m.kind = "message";
  m.title = "Contract";
  m.add("from.address", "Anna.Berg@Contoso.DE");
  m.add("from.name", "Anna Berg");
  m.add("to.address", "j.smith@hmrc.gov.uk");
  m.add("to.name", "");
  m.add("message_id", "<abc@contoso.de>");
  m.text = "Please call me on 030 23125101.";
  auto fs = c->classify(m, 0);
  CHECK(brief(fs) == std::vector<std::string>{
                         "email=anna.berg@contoso.de@0-20",
                         "person_name=Anna Berg@-1--1",
                         "email=j.smith@hmrc.gov.uk@0-19",
                         "phone=+493023125101@18-30",
                         "government_contact=j.smith@hmrc.gov.uk@0-19",
                     });
  CHECK(fs[3].evidence == "parsed with region DE");
  CHECK(fs[4].country == "GB");
}

TEST_CASE(
    "classify: SQL rows take their column's class; the table gets it "
    "confirmed") {
  auto c = Classifier::create();
  SqlTableSchema t =
      crm_table("Contacts", {{"Id", "int", SqlValueKind::kInteger},
                             {"Name", "nvarchar(50)", SqlValueKind::kText},
                             {"Email", "varchar(80)", SqlValueKind::kText},
                             {"Phone", "varchar(30)", SqlValueKind::kText},
                             {"Country", "nvarchar(30)", SqlValueKind::kText},
                             {"MobilePhone", "bigint", SqlValueKind::kInteger},
                             {"Reference", "bigint", SqlValueKind::kInteger},
                             {"Notes", "nvarchar(max)", SqlValueKind::kText}});
  c->begin_table(5, t);
  auto text = [](const char* v) {
    SqlValue x;
    x.kind = SqlValueKind::kText;
    x.text = v;
    return x;
  };
  auto integer = [](int64_t v) {
    SqlValue x;
    x.kind = SqlValueKind::kInteger;
    x.integer = v;
    return x;
  };
  // A Phone column typed bigint is still a phone column; a bigint that is
  // not classified is never scanned (4930231251 would parse as a number);
  // free text is scanned in full.
  std::vector<SqlValue> row = {integer(1),
                               text("Jürgen Weiß"),
                               text("juergen@contoso.de"),
                               text("030 23125101"),
                               text("Germany"),
                               integer(4915112345678),
                               integer(4930231251),
                               text("ask anna@fabrikam.com")};
  std::vector<Finding> fs;
  c->classify_row(5, 1, row, fs);
  // The name is the cell itself: no finding per cell (one for the column,
  // below).
  CHECK(brief(fs) == std::vector<std::string>{"email=juergen@contoso.de@0-18",
                                              "phone=+493023125101@0-12",
                                              "phone=+4915112345678@0-13",
                                              "email=anna@fabrikam.com@4-21"});
  CHECK(fs[1].country == "DE");
  for (const auto& f : fs) {
    CHECK(f.target == 5);
    CHECK(f.sql_row == 1);
    CHECK(f.field.empty());  // the column is sql_column, named in the store
  }
  CHECK(fs[0].sql_column == 2);
  CHECK(fs[2].sql_column == 5);
  CHECK(fs[3].sql_column == 7);
  auto end = c->finish();
  REQUIRE(end.size() == 6);
  CHECK(end[0].type == "sql_column.name");
  CHECK(end[0].value == "Name");
  CHECK(end[0].target == 5);
  CHECK(end[0].sql_row == 0);
  CHECK(end[0].evidence == "name matches \"name\"; 1 of 1 sampled values fit");
  // Every cell of the Name column is a person's name.
  CHECK(end[1].type == "person_name");
  CHECK(end[1].whole_column);
  CHECK(end[1].sql_column == 1);
  CHECK(end[1].target == 5);
  CHECK(end[1].evidence == "column Name (name)");
  CHECK(end[2].type == "sql_column.contact_info");
  CHECK(end[2].value == "Email");
}

TEST_CASE("classify: findings reach the store with their items") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("leakscope-classify-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream eml(dir / "a.eml", std::ios::binary);
    eml << "From: Anna Berg <anna@contoso.de>\r\nTo: tax@hmrc.gov.uk\r\n"
           "Subject: card\r\nMessage-ID: <1@contoso.de>\r\n\r\n"
           "Card 4111 1111 1111 1111, phone +44 20 7946 0958.\r\n";
  }
  std::string db = (dir / "case.db").string();
  IngestOptions opt;
  opt.paths = {(dir / "a.eml").string()};
  opt.store_path = db;
  opt.jobs = 1;
  run_ingest(opt, {});
  auto store = Store::open(db, true);
  CHECK(StoreSql::scalar(*store, "SELECT count(*) FROM findings") == 6);
  CHECK(StoreSql::scalar(
            *store,
            "SELECT count(*) FROM findings WHERE type='payment_card' AND "
            "value='4111111111111111' AND field IS NULL") == 1);
  CHECK(StoreSql::scalar(
            *store,
            "SELECT count(*) FROM findings WHERE type='government_contact' AND "
            "country='GB'") == 1);
  CHECK(StoreSql::scalar(
            *store,
            "SELECT count(*) FROM findings f JOIN items i ON i.id=f.item_id "
            "WHERE i.kind='message'") == 6);
  store.reset();
  fs::remove_all(dir);
}

TEST_CASE("classify: parse_phone agrees with libphonenumber on every region") {
  // Each region's example fixed-line and mobile numbers, written the three
  // ways people write them; parse_phone's direct path for "+" numbers must
  // give what Parse gives.
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& u = *PhoneNumberUtil::GetInstance();
  std::set<std::string> regions;
  u.GetSupportedRegions(&regions);
  int checked = 0, agreed = 0;
  for (const std::string& r : regions) {
    for (auto type : {PhoneNumberUtil::FIXED_LINE, PhoneNumberUtil::MOBILE}) {
      PhoneNumber example;
      if (!u.GetExampleNumberForType(r, type, &example)) continue;
      std::string intl, e164_text, national;
      u.Format(example, PhoneNumberUtil::INTERNATIONAL, &intl);
      u.Format(example, PhoneNumberUtil::E164, &e164_text);
      u.Format(example, PhoneNumberUtil::NATIONAL, &national);
      for (const std::string& written :
           {intl, e164_text,
            "+" + std::to_string(example.country_code()) + " (" + national +
                ")"}) {
        PhoneNumber ref;
        std::string want, want_region;
        if (u.Parse(written, "ZZ", &ref) == PhoneNumberUtil::NO_PARSING_ERROR &&
            u.IsValidNumber(ref)) {
          u.Format(ref, PhoneNumberUtil::E164, &want);
          u.GetRegionCodeForNumber(ref, &want_region);
        }
        std::string got, got_region;
        bool ok = parse_phone(written, "", &got, &got_region);
        ++checked;
        if ((ok ? got : "") == want && (!ok || got_region == want_region))
          ++agreed;
        else
          MESSAGE(r << ": " << written << " -> " << got << " (" << got_region
                    << "), libphonenumber " << want << " (" << want_region
                    << ")");
      }
    }
  }
  CHECK(checked > 1000);
  CHECK(agreed == checked);
}

TEST_CASE("classify: a document's author is a person only when it names one") {
  auto c = Classifier::create();
  auto authors = [&](const std::string& author) {
    Item d;
    d.kind = "document";
    d.sha256 = std::string(64, 'a');
    d.title = "Notes";
    d.add("author", author);
    std::vector<std::string> names;
    for (const auto& f : c->classify(d, 1))
      if (f.type == "person_name") names.push_back(f.value);
    return names;
  };
  CHECK(authors("Hans Mueller") == std::vector<std::string>{"Hans Mueller"});
  CHECK(authors("Дарья Иванова") == std::vector<std::string>{"Дарья Иванова"});
  for (const char* org :
       {"Fabrikam Cloud", "Contoso GmbH", "Northwind Traders Ltd",
        "ООО Альфаком", "Windows User", "Administrator", "Litware Solutions",
        "Microsoft Office User"}) {
    CAPTURE(org);
    CHECK(authors(org).empty());
  }
}

TEST_CASE(
    "classify: card issuer ranges from the data table, lengths per range") {
  // Prefix and length decide the network; the longest prefix wins.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"501800000000", "maestro"},         // 12 digits
      {"6304000000000000000", "maestro"},  // 19 digits
      {"213100000000000", "jcb"},          // 15-digit JCB
      {"180000000000000", "jcb"},
      {"3528000000000000", "jcb"},
      {"2200000000000000", "mir"},
      {"2221000000000000", "mastercard"},
      {"2720990000000000", "mastercard"},
      {"5100000000000000", "mastercard"},
      {"340000000000000", "amex"},
      {"36000000000000", "diners"},  // 14 digits
      {"38000000000000", "diners"},  // 38-39 at 14 digits too
      {"6011000000000000", "discover"},
      {"6500000000000000", "discover"},
      {"6200000000000000", "unionpay"},
      {"8100000000000000", "unionpay"},
      {"6522000000000000", "discover"},
      {"5080000000000000", "rupay"},
      {"6062820000000000", "hipercard"},
      {"5067000000000000", "elo"},
      {"6500310000000000", "elo"},
      {"9792000000000000", "troy"},
      {"5061000000000000", "verve"},
      {"4026000000000000", "visa"},
      {"4000000000000", "visa"},  // 13 digits
  };
  for (const auto& [number, network] : cases) {
    CAPTURE(number);
    CHECK(card_network(number) == network);
  }
  CHECK(card_network("3400000000000000") == "");   // Amex has 15 digits
  CHECK(card_network("51000000000000000") == "");  // Mastercard has 16
  CHECK(card_network("9999000000000000") == "");
  // Published test numbers and sequences are flagged.
  CHECK(test_card_number("4111111111111111"));
  CHECK(test_card_number("378282246310005"));
  CHECK(test_card_number("1234567890123452"));
  CHECK_FALSE(test_card_number("4929804463622139"));
  std::vector<Finding> out;
  classify::ScanContext ctx;
  classify::find_cards(
      "test 4111 1111 1111 1111 real 4929 8044 6362 2139 maestro 5018 0000 "
      "0009 jcb15 2131 0000 0000 001",
      ctx, out);
  REQUIRE(out.size() == 4);
  CHECK(out[0].confidence == doctest::Approx(0.3));
  CHECK(out[0].evidence ==
        "visa, Luhn valid; a published test number or a sequence, not a real "
        "card");
  CHECK(out[1].value == "4929804463622139");
  CHECK(out[1].confidence == doctest::Approx(0.95));
  CHECK(out[2].value == "501800000009");
  CHECK(out[2].evidence == "maestro, Luhn valid");
  CHECK(out[3].value == "213100000000001");
  CHECK(out[3].evidence == "jcb, Luhn valid");
}

TEST_CASE("classify: phone numbers in the forms people write them") {
  auto phones = [](const std::string& text) {
    return phones_in(
        text, {},  // no country hint
        [](const Finding& f) { return f.value + " | " + f.evidence; });
  };
  // Trunk prefix in parentheses after the country code.
  CHECK(phones("Tel. +46 (0)8 928 571 38") ==
        std::vector<std::string>{"+46892857138 | parsed with region ZZ"});
  CHECK(phones("+41 (0)71 526 99 04") ==
        std::vector<std::string>{"+41715269904 | parsed with region ZZ"});
  // International dialling prefixes instead of "+".
  CHECK(phones("call 001-518-640-0854 now") ==
        std::vector<std::string>{
            "+15186400854 | parsed with region ZZ; dialling prefix 00"});
  CHECK(phones("0049 30 901820") ==
        std::vector<std::string>{
            "+4930901820 | parsed with region ZZ; dialling prefix 00"});
  CHECK(phones("011 44 20 7946 0958") ==
        std::vector<std::string>{
            "+442079460958 | parsed with region ZZ; dialling prefix 011"});
  // Extensions, kept apart from the number.
  CHECK(phones("+1-604-696-5272x565") ==
        std::vector<std::string>{"+16046965272 | parsed with region ZZ; "
                                 "extension 565 (not in E.164)"});
  CHECK(phones("+49 89 1234567 ext. 12, thanks") ==
        std::vector<std::string>{"+49891234567 | parsed with region ZZ; "
                                 "extension 12 (not in E.164)"});
  CHECK(phones("+49 89 1234567 Durchwahl -12") ==
        std::vector<std::string>{"+49891234567 | parsed with region ZZ; "
                                 "extension 12 (not in E.164)"});
  // Not numbers to call: a date, an order number glued to letters.
  CHECK(phones("2021-03-04 12:30").empty());
  CHECK(phones("0049x").empty());
}

TEST_CASE(
    "classify: national numbers beyond the default regions are a guess, "
    "announced by a phone word or in three groups") {
  auto phones = [](const std::string& text) {
    return phones_in(text, {}, [](const Finding& f) {
      return f.value + " " + f.country + " " +
             std::to_string(f.confidence).substr(0, 4);
    });
  };
  // Belgian, Danish, Hong Kong and Swiss numbers as their people write
  // them: no default region writes them so; the wider list's first region
  // whose plan validates them and whose national format groups them so.
  CHECK(phones("Phone: 0490 75 40 81") ==
        std::vector<std::string>{"+32490754081 BE 0.50"});
  CHECK(phones("Phone:\n60-56-85-91\n") ==
        std::vector<std::string>{"+4560568591 DK 0.50"});
  // Several regions write "dddd dddd" (HK, SG, ...): the wider list's first,
  // a guess that may name the wrong one (hence its confidence).
  CHECK(phones("Can someone call me on 9472 7916?") ==
        std::vector<std::string>{"+85294727916 HK 0.50"});
  CHECK(phones("Zentrale 024 971 50 30") ==
        std::vector<std::string>{"+41249715030 CH 0.50"});
  // Without a phone word: three groups or more, 8 digits or more.
  CHECK(phones("Ref 9472 7916 booked").empty());
  CHECK(phones("Meet me at 0490 75 40 81") ==
        std::vector<std::string>{"+32490754081 BE 0.50"});
  // A house number is not a phone, whatever came before; nor an IPv4
  // address, nor a 7-digit number nothing announces.
  CHECK(phones("Our office: 9543 1819 St. John Street").empty());
  CHECK(phones("blocked at 41.173.96.26 today").empty());
  CHECK(phones("Ticket 467 3395 closed").empty());
  // A phone word starts a word: "hotel" is not "tel", "recall" not "call".
  CHECK(phones("the hotel 467 3395 rooms").empty());
  CHECK(phones("recall 467 3395 units").empty());
  // Announced, a 7-digit number is tried for every region: the first
  // whose plan validates it and groups it so (a guess, and said so).
  CHECK(phones("Phone:\n467 3395\n") ==
        std::vector<std::string>{"+3724673395 EE 0.50"});
  // A hint the number is not valid for (a .co.jp sender writing a Belgian
  // mobile) does not end the search.
  {
    std::vector<Finding> hinted;
    classify::ScanContext jp;
    jp.region_hint = "JP";
    classify::find_phones("Phone: 0490 75 40 81", jp, hinted);
    REQUIRE(hinted.size() == 1);
    CHECK(hinted[0].value == "+32490754081");
    CHECK(hinted[0].evidence.rfind(
              "national number not valid for the item's hint JP, written as "
              "BE numbers are (dddd dd dd dd)",
              0) == 0);
  }
  // The evidence says it is a guess.
  std::vector<Finding> out;
  classify::ScanContext ctx;
  classify::find_phones("Phone: 0490 75 40 81", ctx, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].evidence ==
        "national number with no country hint, written as BE numbers are "
        "(dddd dd dd dd) and valid there, BE from the regions tried for a "
        "number a phone word announces (the first whose numbering plan "
        "validates it and writes it so; a guess)");
}

TEST_CASE(
    "classify: a SQL row's Country column is the hint for its national "
    "numbers") {
  auto c = Classifier::create();
  SqlTableSchema t =
      crm_table("Partners", {{"Name", "nvarchar(80)", SqlValueKind::kText},
                             {"Country", "nvarchar(80)", SqlValueKind::kText},
                             {"Notes", "nvarchar(80)", SqlValueKind::kText}});
  c->begin_table(7, t);
  auto row = [&](const char* country, const char* notes) {
    std::vector<SqlValue> r(3);
    for (auto& v : r) v.kind = SqlValueKind::kText;
    r[0].text = "Partner";
    r[1].text = country;
    r[2].text = notes;
    std::vector<Finding> fs;
    c->classify_row(7, 1, r, fs);
    std::vector<std::string> out;
    for (const auto& f : fs)
      if (f.type == "phone") out.push_back(f.value + " " + f.country);
    return out;
  };
  // An Austrian mobile as Austrians write it (libphonenumber groups it
  // otherwise, so no guess would take it): the row's country decides.
  CHECK(row("Österreich", "Handy 0688 872 49 99") ==
        std::vector<std::string>{"+436888724999 AT"});
  CHECK(row("", "Handy 0688 872 49 99").empty());
  CHECK(row("Belgium", "GSM 0490 75 40 81") ==
        std::vector<std::string>{"+32490754081 BE"});
}

TEST_CASE("classify: --phone-regions chooses the regions of national numbers") {
  auto phones = [](const std::string& text,
                   const std::vector<std::string>& regions) {
    ScanContext ctx;
    ctx.phone_regions = &regions;
    return phones_in(
        text, ctx, [](const Finding& f) { return f.value + " " + f.country; });
  };
  // An Amsterdam number, written as libphonenumber formats Dutch numbers:
  // taken when NL is among the regions; with none given, by the wider list
  // after the default one, a guess (next test case).
  CHECK(phones("Bel 020 123 4567", {"NL"}) ==
        std::vector<std::string>{"+31201234567 NL"});
  CHECK(phones("Bel 020 123 4567", {"DE", "AT"}).empty());
  // In the order given: the first region where the number is valid.
  CHECK(phones("Ruf 030 23125101 an", {"AT", "DE"}) ==
        std::vector<std::string>{"+493023125101 DE"});
  // A grouping the region does not write is not taken.
  CHECK(phones("06 12 34 56 78", {"NL"}).empty());
  // An international number in the same text names the region to try
  // first: no --phone-regions needed.
  std::vector<Finding> out;
  classify::ScanContext ctx;
  classify::find_phones("Tel +31 20 123 4567, kantoor 020 765 4321", ctx, out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].value == "+31201234567");
  CHECK(out[1].value == "+31207654321");
  CHECK(out[1].evidence ==
        "national number with no country hint, written as NL numbers are "
        "(ddd ddd dddd) and valid there, NL from a +31 number in the same "
        "text");
}
