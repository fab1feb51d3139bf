#include "directory.hpp"

#include <set>

#include "civil_time.hpp"
#include "rng.hpp"

namespace mailgen {
namespace {

struct Name {
  const char* native;
  const char* ascii;
};

struct CastMember {
  const char* given;
  const char* family;
  const char* ascii;
  const char* local;  // mailbox local part
  const char* title;
  int org;
};

// Org indices used by the cast table below.
enum : int {
  kNorthwind,
  kContoso,
  kContosoSales,
  kFabrikam,
  kAdatum,
  kTailspin,
  kWingtip,
  kLitware,
  kProseware,
  kGovUk,
  kGouvFr,
  kGmail,
  kOutlookCom,
};

std::vector<Org> make_orgs() {
  auto org = [](const char* name, const char* domain, const char* address,
                const char* country, Lang lang, Zone zone, Client client,
                const char* mx, const char* ip) {
    Org o;
    o.name = name;
    o.domain = domain;
    o.address = address;
    o.country = country;
    o.lang = lang;
    o.zone = zone;
    o.client = client;
    o.mx = mx;
    o.ip_prefix = ip;
    return o;
  };
  std::vector<Org> v;
  v.push_back(org("Northwind Consulting Ltd", "northwind-consulting.com",
                  "12 Fictional Row, London EC1A 9ZZ, United Kingdom\r\n"
                  "Registered in England and Wales No. 09999999",
                  "GB", Lang::kEn, Zone::kUk, Client::kOutlook,
                  "mx1.northwind-consulting.com", "198.51.100."));
  v.back().vendor = true;
  v.push_back(org("Contoso GmbH", "contoso.de",
                  "Musterstraße 12, 10115 Berlin\r\n"
                  "Sitz der Gesellschaft: Berlin, HRB 999999 B",
                  "DE", Lang::kDe, Zone::kCentralEurope, Client::kOutlook,
                  "mail.contoso.de", "192.0.2."));
  v.push_back(org("Contoso GmbH – Vertrieb Süd", "sales.contoso.de",
                  "Beispielweg 7, 80331 München", "DE", Lang::kDe,
                  Zone::kCentralEurope, Client::kThunderbird, "mail.contoso.de",
                  "192.0.2."));
  v.push_back(org("Fabrikam Ltd", "fabrikam.co.uk",
                  "3 Example Street, Manchester M1 9ZZ", "GB", Lang::kEn,
                  Zone::kUk, Client::kOutlook,
                  "fabrikam-co-uk.mail.protection.outlook.com", "203.0.113."));
  v.push_back(org("Adatum SA", "adatum.fr", "18 rue de l'Exemple, 69002 Lyon",
                  "FR", Lang::kFr, Zone::kCentralEurope, Client::kThunderbird,
                  "mx.adatum.fr", "192.0.2."));
  v.push_back(org("テイルスピン・トイズ株式会社", "tailspin.co.jp",
                  "〒105-0011 東京都港区芝公園9-9-9", "JP", Lang::kJa,
                  Zone::kJapan, Client::kOutlookLegacy, "mx.tailspin.co.jp",
                  "203.0.113."));
  v.push_back(org("Wingtip Toys Ltda.", "wingtip.com.br",
                  "Av. Exemplo, 1000 – São Paulo – SP, 01310-000", "BR",
                  Lang::kPt, Zone::kBrazil, Client::kAppleMail,
                  "mx.wingtip.com.br", "198.51.100."));
  v.push_back(org("Litware S.L.", "litware.es",
                  "Calle Ficticia 25, 28001 Madrid", "ES", Lang::kEs,
                  Zone::kCentralEurope, Client::kOutlook, "mail.litware.es",
                  "192.0.2."));
  v.push_back(org("Proseware Pvt Ltd", "proseware.in",
                  "Plot 7, Example Business Park, Andheri East, Mumbai 400069",
                  "IN", Lang::kEn, Zone::kIndia, Client::kGmail,
                  "aspmx.l.google.com", "203.0.113."));
  v.push_back(org("Digital Services Agency", "digital.agency.gov.uk",
                  "10 Example Lane, London SW1A 9ZZ", "GB", Lang::kEn,
                  Zone::kUk, Client::kOutlook, "mx.digital.agency.gov.uk",
                  "198.51.100."));
  v.push_back(org("Agence du numérique – Bureau des achats",
                  "transition.agence-numerique.gouv.fr",
                  "20 avenue de l'Exemple, 75007 Paris", "FR", Lang::kFr,
                  Zone::kCentralEurope, Client::kThunderbird,
                  "smtp.agence-numerique.gouv.fr", "192.0.2."));
  v.push_back(org("", "gmail.com", "", "US", Lang::kEn, Zone::kUsPacific,
                  Client::kGmail, "gmail-smtp-in.l.google.com", "203.0.113."));
  v.back().freemail = true;
  v.push_back(org("", "outlook.com", "", "DE", Lang::kDe, Zone::kCentralEurope,
                  Client::kOutlook, "outlook-com.olc.protection.outlook.com",
                  "198.51.100."));
  v.back().freemail = true;
  return v;
}

// The fixed cast. Order matters: samples refer to people by email.
const CastMember kCast[] = {
    {"Olivia", "Bennett", "Olivia Bennett", "olivia.bennett", "Sales Director",
     kNorthwind},
    {"Rajesh", "Iyer", "Rajesh Iyer", "rajesh.iyer", "Delivery Manager",
     kNorthwind},
    {"Sophie", "Laurent", "Sophie Laurent", "sophie.laurent",
     "Responsable de compte France", kNorthwind},
    {"Jonas", "Weber", "Jonas Weber", "jonas.weber", "Account Manager DACH",
     kNorthwind},
    {"健二", "佐藤", "Kenji Sato", "kenji.sato", "Account Manager Japan",
     kNorthwind},
    {"Northwind", "Accounts", "Northwind Accounts", "accounts",
     "Accounts Receivable", kNorthwind},
    {"Hans", "Müller", "Hans Mueller", "hans.mueller", "Leiter IT-Einkauf",
     kContoso},
    {"Sabine", "Köhler", "Sabine Koehler", "sabine.koehler", "Projektleiterin",
     kContoso},
    {"Lena", "Schäfer", "Lena Schaefer", "lena.schaefer",
     "Assistenz der Geschäftsführung", kContoso},
    {"Jürgen", "Groß", "Juergen Gross", "juergen.gross", "Vertrieb Süd",
     kContosoSales},
    {"Emma", "Clarke", "Emma Clarke", "emma.clarke", "Procurement Manager",
     kFabrikam},
    {"Oliver", "Hughes", "Oliver Hughes", "oliver.hughes", "Head of IT",
     kFabrikam},
    {"Siobhán", "O'Brien", "Siobhan O'Brien", "siobhan.obrien",
     "Finance Officer", kFabrikam},
    {"Gaëlle", "Dubois", "Gaelle Dubois", "gaelle.dubois",
     "Directrice des systèmes d'information", kAdatum},
    {"François", "Lefèvre", "Francois Lefevre", "francois.lefevre",
     "Chef de projet", kAdatum},
    {"Chloé", "Martin", "Chloe Martin", "chloe.martin",
     "Comptabilité fournisseurs", kAdatum},
    {"太郎", "田中", "Taro Tanaka", "taro.tanaka", "情報システム部 部長",
     kTailspin},
    {"花子", "佐藤", "Hanako Sato", "hanako.sato", "購買部", kTailspin},
    {"一郎", "鈴木", "Ichiro Suzuki", "ichiro.suzuki", "経理部", kTailspin},
    {"José", "Silva", "Jose Silva", "jose.silva", "Gerente de TI", kWingtip},
    {"João", "Pereira", "Joao Pereira", "joao.pereira",
     "Coordenador de Projetos", kWingtip},
    {"Ana Luíza", "Costa", "Ana Luiza Costa", "analuiza.costa", "Financeiro",
     kWingtip},
    {"María", "García", "Maria Garcia", "maria.garcia", "Directora de Compras",
     kLitware},
    {"Alejandro", "Núñez", "Alejandro Nunez", "alejandro.nunez",
     "Responsable de Sistemas", kLitware},
    {"Lucía", "Fernández", "Lucia Fernandez", "lucia.fernandez",
     "Administración", kLitware},
    {"Priya", "Sharma", "Priya Sharma", "priya.sharma", "Procurement Lead",
     kProseware},
    {"Arjun", "Mehta", "Arjun Mehta", "arjun.mehta", "IT Programme Manager",
     kProseware},
    {"Ananya", "Rao", "Ananya Rao", "ananya.rao", "Accounts Payable",
     kProseware},
    {"Charlotte", "Davies", "Charlotte Davies", "charlotte.davies",
     "Commercial Lead", kGovUk},
    {"Mohammed", "Khan", "Mohammed Khan", "mohammed.khan", "Service Owner",
     kGovUk},
    {"Commercial", "Team", "Commercial Team", "commercial", "Commercial Team",
     kGovUk},
    {"Hélène", "Rousseau", "Helene Rousseau", "helene.rousseau",
     "Cheffe du bureau des achats", kGouvFr},
    {"Mathieu", "Girard", "Mathieu Girard", "mathieu.girard",
     "Chargé de mission", kGouvFr},
    {"Tom", "Becker", "Tom Becker", "tom.becker.dev",
     "Freelance SharePoint consultant", kGmail},
    {"Lucas", "Oliveira", "Lucas Oliveira", "lucas.oliveira.ti",
     "Consultor independente", kGmail},
    {"Hans", "Müller", "Hans Mueller", "hans.mueller1970", "", kOutlookCom},
    {"María", "García", "Maria Garcia", "maria.garcia.lopez", "", kOutlookCom},
};

// Per-country name pools for generated colleagues (bulk mode).
struct Pool {
  const char* country;
  std::vector<Name> given, family;
  const char* title;
};

const std::vector<Pool>& pools() {
  static const std::vector<Pool> p = {
      {"DE",
       {{"Anna", "anna"},
        {"Lukas", "lukas"},
        {"Jörg", "joerg"},
        {"Birgit", "birgit"},
        {"Sören", "soeren"},
        {"Katrin", "katrin"}},
       {{"Schmidt", "schmidt"},
        {"Weiß", "weiss"},
        {"Krüger", "krueger"},
        {"Schröder", "schroeder"},
        {"Wagner", "wagner"},
        {"Bäcker", "baecker"}},
       "Sachbearbeitung"},
      {"GB",
       {{"James", "james"},
        {"Amelia", "amelia"},
        {"Harry", "harry"},
        {"Isla", "isla"},
        {"George", "george"},
        {"Grace", "grace"}},
       {{"Smith", "smith"},
        {"Jones", "jones"},
        {"Taylor", "taylor"},
        {"Evans", "evans"},
        {"Roberts", "roberts"},
        {"Walsh", "walsh"}},
       "Project Coordinator"},
      {"FR",
       {{"Élodie", "elodie"},
        {"Thomas", "thomas"},
        {"Camille", "camille"},
        {"Jérôme", "jerome"},
        {"Amélie", "amelie"},
        {"Léa", "lea"}},
       {{"Bernard", "bernard"},
        {"Petit", "petit"},
        {"Durand", "durand"},
        {"Leroy", "leroy"},
        {"Fournier", "fournier"},
        {"Lefèbvre", "lefebvre"}},
       "Chargé(e) de projet"},
      {"JP",
       {{"健", "ken"},
        {"美咲", "misaki"},
        {"翔太", "shota"},
        {"陽菜", "hina"},
        {"大輔", "daisuke"},
        {"結衣", "yui"}},
       {{"高橋", "takahashi"},
        {"伊藤", "ito"},
        {"渡辺", "watanabe"},
        {"山本", "yamamoto"},
        {"中村", "nakamura"},
        {"小林", "kobayashi"}},
       "総務部"},
      {"BR",
       {{"Luís", "luis"},
        {"Mariana", "mariana"},
        {"Gabriel", "gabriel"},
        {"Letícia", "leticia"},
        {"Rafael", "rafael"},
        {"Beatriz", "beatriz"}},
       {{"Santos", "santos"},
        {"Souza", "souza"},
        {"Rodrigues", "rodrigues"},
        {"Ferreira", "ferreira"},
        {"Gonçalves", "goncalves"},
        {"Araújo", "araujo"}},
       "Analista de TI"},
      {"ES",
       {{"Javier", "javier"},
        {"Lucía", "lucia"},
        {"Sergio", "sergio"},
        {"Paula", "paula"},
        {"Íñigo", "inigo"},
        {"Carmen", "carmen"}},
       {{"López", "lopez"},
        {"Martínez", "martinez"},
        {"Sánchez", "sanchez"},
        {"Pérez", "perez"},
        {"Gómez", "gomez"},
        {"Muñoz", "munoz"}},
       "Técnico de sistemas"},
      {"IN",
       {{"Rohan", "rohan"},
        {"Kavya", "kavya"},
        {"Vikram", "vikram"},
        {"Sneha", "sneha"},
        {"Aditya", "aditya"},
        {"Neha", "neha"}},
       {{"Patel", "patel"},
        {"Gupta", "gupta"},
        {"Reddy", "reddy"},
        {"Nair", "nair"},
        {"Singh", "singh"},
        {"Joshi", "joshi"}},
       "Senior Analyst"},
  };
  return p;
}

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.below(10));
  return s;
}

// Office and mobile numbers as people in `country` write them. Digits are
// drawn first, in one sequence, then sliced (the order in which operands of
// one expression are evaluated is unspecified, so one expression never draws
// twice from the Rng).
void assign_phones(Person* p, const Org& org) {
  Rng rng(fnv1a(p->email));
  const std::string a = digits(rng, 8);
  const std::string b = digits(rng, 8);
  const std::string& c = org.country;
  if (org.domain == "gmail.com") {
    p->phone = "+1 206-555-01" + a.substr(0, 2);
    p->mobile = "(206) 555-01" + b.substr(0, 2);
  } else if (c == "GB") {
    p->phone = "+44 (0)20 7946 0" + a.substr(0, 3);
    p->mobile = "+44 (0)7700 900" + b.substr(0, 3);
  } else if (c == "DE") {
    p->phone = "+49 30 " + a.substr(0, 4) + " " + a.substr(4, 3);
    p->mobile = "+49 171 " + b.substr(0, 7);
  } else if (c == "FR") {
    p->phone = "01 99 00 " + a.substr(0, 2) + " " + a.substr(2, 2);
    p->mobile = "06 39 98 " + b.substr(0, 2) + " " + b.substr(2, 2);
  } else if (c == "JP") {
    p->phone = "03-" + a.substr(0, 4) + "-" + a.substr(4, 4);
    p->mobile = "090-" + b.substr(0, 4) + "-" + b.substr(4, 4);
  } else if (c == "BR") {
    p->phone = "+55 11 " + a.substr(0, 4) + "-" + a.substr(4, 4);
    p->mobile = "(11) 9" + b.substr(0, 4) + "-" + b.substr(4, 4);
  } else if (c == "ES") {
    p->phone = "+34 91 " + a.substr(0, 3) + " " + a.substr(3, 2) + " " +
               a.substr(5, 2);
    p->mobile =
        "+34 6" + b.substr(0, 2) + " " + b.substr(2, 3) + " " + b.substr(5, 3);
  } else {  // IN
    p->phone = "+91 22 " + a.substr(0, 4) + " " + a.substr(4, 4);
    p->mobile = "+91 98" + b.substr(0, 3) + " " + b.substr(3, 5);
  }
}

// Start of daylight saving time, as a UTC instant, for the given rules.
int64_t last_sunday_utc(int year, int month, int hour_utc) {
  int days_in = month == 3 || month == 10 ? 31 : 30;
  int64_t t = from_civil(year, month, days_in, hour_utc);
  return t - to_civil(t).weekday * 86400;
}

int64_t nth_sunday_utc(int year, int month, int n, int hour_utc) {
  int64_t t = from_civil(year, month, 1, hour_utc);
  int wd = to_civil(t).weekday;
  return t + ((7 - wd) % 7 + 7 * (n - 1)) * 86400;
}

bool dst(Zone zone, int64_t utc) {
  int year = to_civil(utc).year;
  switch (zone) {
    case Zone::kUk:
    case Zone::kCentralEurope:  // EU rule: 01:00 UTC, last Sunday Mar/Oct
      return utc >= last_sunday_utc(year, 3, 1) &&
             utc < last_sunday_utc(year, 10, 1);
    case Zone::kUsPacific:  // 2nd Sunday March 10:00 UTC .. 1st Sunday Nov
                            // 09:00
      return utc >= nth_sunday_utc(year, 3, 2, 10) &&
             utc < nth_sunday_utc(year, 11, 1, 9);
    default:
      return false;
  }
}

}  // namespace

std::string Person::display() const {
  if (family.empty()) return given;
  // East Asian names: family name first.
  unsigned char lead = static_cast<unsigned char>(family[0]);
  if (lead >= 0xE3 && lead <= 0xE9) return family + " " + given;
  return given + " " + family;
}

std::vector<int> Directory::members(int o) const {
  std::vector<int> v;
  for (size_t i = 0; i < people.size(); ++i)
    if (people[i].org == o) v.push_back(static_cast<int>(i));
  return v;
}

int Directory::find_person(const std::string& email) const {
  for (size_t i = 0; i < people.size(); ++i)
    if (people[i].email == email) return static_cast<int>(i);
  return -1;
}

int Directory::find_org(const std::string& domain) const {
  for (size_t i = 0; i < orgs.size(); ++i)
    if (orgs[i].domain == domain) return static_cast<int>(i);
  return -1;
}

Directory make_directory(int extra_per_org, uint64_t seed) {
  Directory d;
  d.orgs = make_orgs();
  d.vendor = kNorthwind;
  for (int i = 0; i < static_cast<int>(d.orgs.size()); ++i)
    if (i != kNorthwind) d.customer_orgs.push_back(i);
  std::set<std::string> taken;
  for (const CastMember& m : kCast) {
    Person p;
    p.given = m.given;
    p.family = m.family;
    p.ascii = m.ascii;
    p.email = std::string(m.local) + "@" + d.orgs[m.org].domain;
    p.title = m.title;
    p.org = m.org;
    assign_phones(&p, d.orgs[m.org]);
    p.lang = d.orgs[m.org].lang;
    if (p.email == "maria.garcia.lopez@outlook.com") p.lang = Lang::kEs;
    if (p.email == "lucas.oliveira.ti@gmail.com") p.lang = Lang::kPt;
    taken.insert(p.email);
    d.people.push_back(p);
  }
  Rng rng(Rng::mix(seed, 0xD1EC7081));
  for (int o : d.customer_orgs) {
    const Org& org = d.orgs[o];
    if (org.freemail) continue;
    const Pool* pool = nullptr;
    for (const Pool& p : pools())
      if (org.country == p.country) pool = &p;
    for (int k = 0; pool && k < extra_per_org; ++k) {
      const Name& g = rng.pick(pool->given);
      const Name& f = rng.pick(pool->family);
      Person p;
      p.given = g.native;
      p.family = f.native;
      p.ascii = std::string(g.ascii) + " " + f.ascii;
      std::string local = std::string(g.ascii) + "." + f.ascii;
      std::string email = local + "@" + org.domain;
      for (int n = 2; taken.count(email); ++n)
        email = local + std::to_string(n) + "@" + org.domain;
      taken.insert(email);
      p.email = email;
      p.title = pool->title;
      p.org = o;
      p.lang = org.lang;
      assign_phones(&p, org);
      d.people.push_back(p);
    }
  }
  return d;
}

int zone_offset(Zone zone, int64_t utc) {
  switch (zone) {
    case Zone::kUk:
      return dst(zone, utc) ? 60 : 0;
    case Zone::kCentralEurope:
      return dst(zone, utc) ? 120 : 60;
    case Zone::kJapan:
      return 540;
    case Zone::kBrazil:
      return -180;
    case Zone::kIndia:
      return 330;
    case Zone::kUsPacific:
      return dst(zone, utc) ? -420 : -480;
  }
  return 0;
}

std::string zone_abbrev(Zone zone, int64_t utc) {
  bool d = dst(zone, utc);
  switch (zone) {
    case Zone::kUk:
      return d ? "BST" : "GMT";
    case Zone::kCentralEurope:
      return d ? "CEST" : "CET";
    case Zone::kJapan:
      return "JST";
    case Zone::kBrazil:
      return "BRT";
    case Zone::kIndia:
      return "IST";
    case Zone::kUsPacific:
      return d ? "PDT" : "PST";
  }
  return "UTC";
}

}  // namespace mailgen
