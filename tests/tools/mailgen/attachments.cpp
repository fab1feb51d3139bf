#include "attachments.hpp"

#include <cstdio>

#include "charset_encode.hpp"
#include "civil_time.hpp"
#include "pdf.hpp"
#include "png.hpp"
#include "rng.hpp"
#include "text_bank.hpp"

namespace mailgen {
namespace {

struct Catalog {
  const char* charset;  // what Excel in that locale saves CSV as
  bool bom;             // UTF-8 with byte order mark ("CSV UTF-8")
  char sep;
  bool decimal_comma;
  const char* currency;
  const char* header;
  std::vector<const char*> items;
};

const Catalog& catalog(Lang lang) {
  static const Catalog en = {
      "UTF-8",
      true,
      ',',
      false,
      "GBP",
      "SKU,Description,Unit,Price (GBP)",
      {"Senior consultant – day rate", "Project manager – day rate",
       "Mailbox migration (per mailbox)", "Service desk (per user/month)",
       "On-site support – half day", "Training workshop (up to 8 people)",
       "Backup agent licence (per server/year)", "Travel expenses (flat)"}};
  static const Catalog de = {
      "windows-1252",
      false,
      ';',
      true,
      "EUR",
      "Artikelnr.;Bezeichnung;Einheit;Preis (€)",
      {"Senior-Berater – Tagessatz", "Projektleitung – Tagessatz",
       "Postfachmigration (je Postfach)", "Servicedesk (je Nutzer/Monat)",
       "Vor-Ort-Einsatz – halber Tag", "Schulung (bis 8 Teilnehmer)",
       "Lizenz Backup-Agent (je Server/Jahr)", "Reisekostenpauschale"}};
  static const Catalog fr = {
      "UTF-8",
      true,
      ';',
      true,
      "EUR",
      "Référence;Désignation;Unité;Prix (€ HT)",
      {"Consultant senior – jour", "Chef de projet – jour",
       "Migration de boîte aux lettres (unité)",
       "Centre de services (par utilisateur/mois)",
       "Intervention sur site – demi-journée", "Formation (8 personnes max.)",
       "Licence agent de sauvegarde (serveur/an)", "Frais de déplacement"}};
  static const Catalog ja = {
      "Shift_JIS",
      false,
      ',',
      false,
      "JPY",
      "品番,品名,単位,単価（円）",
      {"シニアコンサルタント（人日）", "プロジェクトマネージャー（人日）",
       "メールボックス移行（1件）", "ヘルプデスク（1ユーザー/月）",
       "オンサイト対応（半日）", "研修（8名まで）",
       "バックアップエージェント（1サーバー/年）", "交通費（定額）"}};
  static const Catalog es = {
      "windows-1252",
      false,
      ';',
      true,
      "EUR",
      "Referencia;Descripción;Unidad;Precio (€)",
      {"Consultor sénior – jornada", "Jefe de proyecto – jornada",
       "Migración de buzón (unidad)", "Centro de soporte (usuario/mes)",
       "Soporte in situ – media jornada", "Formación (hasta 8 personas)",
       "Licencia agente de copia (servidor/año)", "Gastos de viaje"}};
  static const Catalog pt = {
      "UTF-8",
      true,
      ';',
      true,
      "BRL",
      "Código;Descrição;Unidade;Preço (R$)",
      {"Consultor sênior – diária", "Gerente de projeto – diária",
       "Migração de caixa postal (unidade)",
       "Central de serviços (usuário/mês)", "Suporte presencial – meio período",
       "Treinamento (até 8 pessoas)", "Licença agente de backup (servidor/ano)",
       "Despesas de viagem"}};
  switch (lang) {
    case Lang::kDe:
      return de;
    case Lang::kFr:
      return fr;
    case Lang::kJa:
      return ja;
    case Lang::kEs:
      return es;
    case Lang::kPt:
      return pt;
    default:
      return en;
  }
}

std::string money(uint64_t cents, bool decimal_comma) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llu%c%02llu",
                static_cast<unsigned long long>(cents / 100),
                decimal_comma ? ',' : '.',
                static_cast<unsigned long long>(cents % 100));
  return buf;
}

// UTF-8 text -> bytes in `charset`; characters it lacks become '?'.
std::string encode_lossy(const std::string& text, const std::string& charset) {
  if (auto whole = encode_charset(text, charset)) return *whole;
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t n = utf8_seq_len(static_cast<unsigned char>(text[i]));
    auto one = encode_charset(text.substr(i, n), charset);
    out += one ? *one : "?";
    i += n;
  }
  return out;
}

const char* lang_suffix(Lang lang) {
  switch (lang) {
    case Lang::kDe:
      return "Preisliste";
    case Lang::kFr:
      return "Liste de prix";
    case Lang::kJa:
      return "価格表";
    case Lang::kEs:
      return "Lista de precios";
    case Lang::kPt:
      return "Tabela de preços";
    default:
      return "Price list";
  }
}

}  // namespace

FileData price_list_csv(int year, Lang lang, size_t min_bytes) {
  const Catalog& c = catalog(lang);
  Rng rng(Rng::mix(static_cast<uint64_t>(year), static_cast<uint64_t>(lang)));
  std::string text = std::string(c.header) + "\r\n";
  const uint64_t scale = lang == Lang::kJa ? 150 : 1;
  size_t row = 0;
  do {
    for (size_t i = 0; i < c.items.size(); ++i, ++row) {
      char sku[32];
      std::snprintf(sku, sizeof sku, "NW-%d-%03zu", year % 100, row + 1);
      uint64_t cents = (rng.below(150000) + 2500) * scale;
      std::string desc = c.items[i];
      if (row >= c.items.size())
        desc += " (" + std::to_string(row / c.items.size() + 1) + ")";
      text += std::string(sku) + c.sep + "\"" + desc + "\"" + c.sep + "1" +
              c.sep +
              (lang == Lang::kJa ? std::to_string(cents / 100)
                                 : money(cents, c.decimal_comma)) +
              "\r\n";
    }
  } while (text.size() < min_bytes);
  FileData f;
  f.name = std::string(lang_suffix(lang)) + " " + std::to_string(year) + ".csv";
  f.content_type = "text/csv";
  f.charset = c.charset;
  f.data = (c.bom ? "\xEF\xBB\xBF" : "") + encode_lossy(text, c.charset);
  return f;
}

FileData contacts_csv(const Directory& dir, int org, Rng& rng, size_t target) {
  std::vector<int> people = dir.members(org);
  std::string text = "Name,E-mail,Phone,Mobile,Title,Company\r\n";
  const Org& o = dir.orgs[org];
  do {
    for (int i : people) {
      const Person& p = dir.people[i];
      text += "\"" + p.display() + "\"," + p.email + "," + p.phone + "," +
              p.mobile + ",\"" + p.title + "\",\"" + o.name + "\"\r\n";
      if (text.size() >= target && target > 0) break;
    }
  } while (text.size() < target);
  FileData f;
  f.name = "contacts-" + o.domain + ".csv";
  f.content_type = "text/csv";
  f.charset = "UTF-8";
  f.data = text;
  return f;
}

FileData meeting_notes_txt(const Directory& dir, const std::vector<int>& who,
                           Lang lang, int64_t utc, int offset_minutes, Rng& rng,
                           size_t target) {
  std::string day = date_text(lang, utc, offset_minutes);
  std::string t = (lang == Lang::kDe   ? "Protokoll vom "
                   : lang == Lang::kFr ? "Compte rendu du "
                   : lang == Lang::kJa ? "議事録 "
                                       : "Meeting notes ") +
                  day + "\r\n\r\n";
  t += lang == Lang::kDe ? "Teilnehmer:\r\n" : "Attendees:\r\n";
  for (int i : who) {
    const Person& p = dir.people[i];
    t += "  - " + p.display() + " <" + p.email + ">, " + p.phone + "\r\n";
  }
  t += "\r\n";
  int item = 1;
  do {
    t += std::to_string(item++) + ". " + filler_sentence(lang, rng) + "\r\n";
    if (item % 4 == 0 && !who.empty()) {
      const Person& p = dir.people[who[rng.below(who.size())]];
      t += "   Action: " + p.display() + " (" + p.mobile + ")\r\n";
    }
  } while (t.size() < target);
  FileData f;
  f.name = lang == Lang::kDe
               ? "Protokoll " + iso_day(utc, offset_minutes) + ".txt"
               : "meeting-notes-" + iso_day(utc, offset_minutes) + ".txt";
  f.content_type = "text/plain";
  f.charset = "UTF-8";
  f.data = t;
  return f;
}

FileData invoice_pdf(const Directory& dir, int customer_person, int year,
                     int number, int64_t utc, Rng& rng, size_t target) {
  const Person& c = dir.people[customer_person];
  const Org& co = dir.org_of(c);
  const Org& vendor = dir.orgs[dir.vendor];
  char inv[32];
  std::snprintf(inv, sizeof inv, "INV-%d-%04d", year, number);
  PdfDoc d;
  d.title = std::string("Invoice ") + inv;
  d.author = "Northwind Accounts";
  d.producer = "Northwind Billing 4.2";
  d.created_utc = utc;
  d.lines = {vendor.name,
             "12 Fictional Row, London EC1A 9ZZ",
             "VAT reg. no. GB 999 9999 73",
             "",
             std::string("INVOICE ") + inv,
             "Date: " + iso_day(utc, 0),
             "",
             "Bill to: " + (co.name.empty() ? c.display() : co.name),
             "Attn: " + c.display() + " <" + c.email + ">",
             "Phone: " + c.phone,
             ""};
  uint64_t total = 0;
  int line = 1;
  do {
    uint64_t cents = (rng.below(200000) + 5000);
    total += cents;
    d.lines.push_back(std::to_string(line++) + "  Consulting services, " +
                      std::to_string(rng.between(1, 20)) + " days   GBP " +
                      money(cents, false));
  } while (d.lines.size() < 18 || d.lines.size() * 40 < target);
  d.lines.push_back("");
  d.lines.push_back("Total due: GBP " + money(total, false));
  d.lines.push_back(
      "Payment within 30 days to IBAN GB33 BUKB 2020 1555 5555 55");
  FileData f;
  f.name = std::string(inv) + ".pdf";
  f.content_type = "application/pdf";
  f.data = make_pdf(d);
  return f;
}

FileData sow_pdf(const Directory& dir, int customer_person, int vendor_person,
                 int quarter, int year, int64_t utc, Rng& rng, size_t target) {
  const Person& c = dir.people[customer_person];
  const Person& v = dir.people[vendor_person];
  const Org& co = dir.org_of(c);
  PdfDoc d;
  d.title = "Statement of Work – Q" + std::to_string(quarter) + " rollout";
  d.author = v.display();
  d.created_utc = utc;
  d.lines = {
      "STATEMENT OF WORK",
      "Customer: " + co.name,
      "Customer contact: " + c.display() + ", " + c.email + ", " + c.phone,
      "Supplier contact: " + v.display() + ", " + v.email + ", " + v.phone,
      "Period: Q" + std::to_string(quarter) + " " + std::to_string(year),
      "",
      "1. Scope"};
  int n = 1;
  do {
    d.lines.push_back("1." + std::to_string(n++) + " " +
                      filler_sentence(Lang::kEn, rng));
  } while (d.lines.size() < 16 || d.lines.size() * 60 < target);
  d.lines.push_back("2. Milestones: kick-off, pilot, rollout, hypercare");
  FileData f;
  f.name = "SOW " + (co.name.empty() ? c.ascii : co.name) + " Q" +
           std::to_string(quarter) + " " + std::to_string(year) + ".pdf";
  f.content_type = "application/pdf";
  f.data = make_pdf(d);
  return f;
}

FileData screenshot_png(Rng& rng, size_t target) {
  FileData f;
  f.name = "screenshot-" + rng.hex(6, false) + ".png";
  f.content_type = "image/png";
  f.data = make_noise_png(target, rng);
  return f;
}

FileData logo_png(int org) {
  FileData f;
  f.name = "image001.png";
  f.content_type = "image/png";
  f.data = make_logo_png(48, 16, static_cast<uint32_t>(org));
  return f;
}

}  // namespace mailgen
