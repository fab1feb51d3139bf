#include "samples.hpp"

#include <cstdio>

#include "encode.hpp"

namespace leakscope::bakgen {

std::string Rng::digits(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + below(10)));
  return s;
}

namespace {

struct Country {
  const char* code;
  const char* name;
  const char* domain;
};

// The customers of the mailgen world, by country.
const Country kCountries[] = {
    {"DE", "Germany", "contoso.de"},
    {"GB", "United Kingdom", "fabrikam.co.uk"},
    {"FR", "France", "adatum.fr"},
    {"ES", "Spain", "litware.es"},
    {"BR", "Brazil", "wingtip.com.br"},
    {"IN", "India", "proseware.in"},
    {"JP", "Japan", "tailspin.co.jp"},
};

struct Contact {
  const char* first;
  const char* last;
  const char* mail;  // local part
  int country;       // index into kCountries
  const char* city;
  bool deleted;
};

const Contact kContacts[] = {
    {"Katrin", "Schröder", "katrin.schroeder", 0, "Berlin", false},
    {"Lukas", "Becker", "lukas.becker", 0, "Berlin", false},
    {"Anja", "Hoffmann", "anja.hoffmann", 0, "München", false},
    {"Jürgen", "Weiß", "juergen.weiss", 0, "München", false},
    {"Sabine", "Krüger", "sabine.krueger", 0, "Hamburg", false},
    {"Tobias", "Schäfer", "tobias.schaefer", 0, "Berlin", false},
    {"Miriam", "Vogel", "miriam.vogel", 0, "Hamburg", false},
    {"Felix", "Neumann", "felix.neumann", 0, "Berlin", true},
    {"Stefanie", "Braun", "stefanie.braun", 0, "München", false},
    {"Oliver", "Hughes", "oliver.hughes", 1, "London", false},
    {"Charlotte", "Evans", "charlotte.evans", 1, "Manchester", false},
    {"Harry", "Patel", "harry.patel", 1, "London", false},
    {"Emily", "Clarke", "emily.clarke", 1, "Manchester", false},
    {"George", "Turner", "george.turner", 1, "London", false},
    {"Amelia", "Wright", "amelia.wright", 1, "London", false},
    {"Thomas", "O'Neill", "thomas.oneill", 1, "Manchester", true},
    {"Grace", "Robinson", "grace.robinson", 1, "London", false},
    {"Camille", "Dubois", "camille.dubois", 2, "Paris", false},
    {"Léa", "Moreau", "lea.moreau", 2, "Lyon", false},
    {"Julien", "Lefèvre", "julien.lefevre", 2, "Paris", false},
    {"Chloé", "Girard", "chloe.girard", 2, "Lyon", false},
    {"Nicolas", "Fontaine", "nicolas.fontaine", 2, "Paris", false},
    {"Élodie", "Mercier", "elodie.mercier", 2, "Lyon", false},
    {"Antoine", "Rousseau", "antoine.rousseau", 2, "Paris", false},
    {"Lucía", "García", "lucia.garcia", 3, "Madrid", false},
    {"Javier", "Fernández", "javier.fernandez", 3, "Madrid", false},
    {"Marta", "López", "marta.lopez", 3, "Madrid", false},
    {"Álvaro", "Sánchez", "alvaro.sanchez", 3, "Madrid", false},
    {"Carmen", "Ruiz", "carmen.ruiz", 3, "Madrid", false},
    {"Pablo", "Navarro", "pablo.navarro", 3, "Madrid", false},
    {"Ana", "Souza", "ana.souza", 4, "São Paulo", false},
    {"Rafael", "Oliveira", "rafael.oliveira", 4, "São Paulo", false},
    {"Beatriz", "Costa", "beatriz.costa", 4, "São Paulo", false},
    {"Thiago", "Almeida", "thiago.almeida", 4, "São Paulo", false},
    {"Priya", "Sharma", "priya.sharma", 5, "Mumbai", false},
    {"Arjun", "Mehta", "arjun.mehta", 5, "Mumbai", false},
    {"Kavya", "Nair", "kavya.nair", 5, "Mumbai", false},
    {"Rohan", "Gupta", "rohan.gupta", 5, "Mumbai", false},
    {"Ananya", "Iyer", "ananya.iyer", 5, "Mumbai", false},
    {"美咲", "佐藤", "misaki.sato", 6, "東京", false},
    {"大輔", "高橋", "daisuke.takahashi", 6, "東京", false},
    {"由美", "田中", "yumi.tanaka", 6, "東京", false},
};

// A phone number in the country's international format, in ranges set
// aside for fiction where the country has them (DE, GB, FR).
std::string phone(Rng& rng, int country, const std::string& city) {
  std::string d = rng.digits(8);
  switch (country) {
    case 0:
      if (city == "München") return "+49 89 99998 " + d.substr(0, 3);
      if (city == "Hamburg") return "+49 40 66969 " + d.substr(0, 3);
      return "+49 30 23125 " + d.substr(0, 3);
    case 1:
      if (d[0] < '3') return "+44 7700 900" + d.substr(1, 3);
      if (city == "Manchester") return "+44 161 496 0" + d.substr(1, 3);
      return "+44 20 7946 0" + d.substr(1, 3);
    case 2:
      if (city == "Lyon")
        return "+33 4 65 71 " + d.substr(0, 2) + " " + d.substr(2, 2);
      return "+33 1 99 00 " + d.substr(0, 2) + " " + d.substr(2, 2);
    case 3:
      return "+34 91 " + d.substr(0, 3) + " " + d.substr(3, 2) + " " +
             d.substr(5, 2);
    case 4:
      return "+55 11 3" + d.substr(0, 3) + "-" + d.substr(3, 4);
    case 5:
      return "+91 22 " + d.substr(0, 4) + " " + d.substr(4, 4);
    default:
      return "+81 3-" + d.substr(0, 4) + "-" + d.substr(4, 4);
  }
}

std::string datetime(int y, int mo, int d, int h, int mi, int s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.000", y, mo, d,
                h, mi, s);
  return buf;
}

std::string random_datetime(Rng& rng, int from_year, int to_year) {
  int y = static_cast<int>(rng.between(from_year, to_year));
  int mo = static_cast<int>(rng.between(1, 12));
  int d = static_cast<int>(rng.between(1, 28));
  int h = static_cast<int>(rng.between(7, 19));
  int mi = static_cast<int>(rng.below(60));
  int s = static_cast<int>(rng.below(60));
  return datetime(y, mo, d, h, mi, s);
}

TableContents contacts(Rng& rng) {
  TableContents t;
  t.spec.name = "Contacts";
  t.spec.columns = {
      Column("ContactId", "int NOT NULL"),
      Column("FirstName", "nvarchar(50)"),
      Column("LastName", "nvarchar(50) NOT NULL"),
      Column("Email", "varchar(100)"),
      Column("Phone", "varchar(30)"),
      Column("Country", "nvarchar(50)"),
      Column("City", "nvarchar(50)"),
      Column("CreatedAt", "datetime NOT NULL"),
  };
  t.spec.clustered = true;
  t.spec.key = {0};
  int id = 1000;
  for (const Contact& c : kContacts) {
    const Country& k = kCountries[c.country];
    std::string tel = phone(rng, c.country, c.city);
    std::string when = random_datetime(rng, 2014, 2022);
    bool no_phone = rng.percent(10);
    t.rows.push_back({std::to_string(++id), std::string(c.first),
                      std::string(c.last), std::string(c.mail) + "@" + k.domain,
                      no_phone ? Cell() : Cell(tel), std::string(k.name),
                      std::string(c.city), when});
    t.states.push_back(c.deleted ? RowState::kGhost : RowState::kLive);
  }
  return t;
}

TableContents price_list() {
  TableContents t;
  t.spec.name = "PriceList";
  t.spec.columns = {Column("Sku", "varchar(20) NOT NULL"),
                    Column("Description", "nvarchar(200)"),
                    Column("UnitPrice", "money"),
                    Column("Currency", "char(3)")};
  struct P {
    const char* sku;
    const char* what;
    const char* price;
    const char* cur;
  };
  const P items[] = {
      {"NW-CONS-SR-D", "Senior consultant, day rate", "1250.00", "EUR"},
      {"NW-CONS-JR-D", "Consultant, day rate", "850.00", "EUR"},
      {"NW-CONS-SR-D-UK", "Senior consultant, day rate (UK)", "1080.00", "GBP"},
      {"NW-PM-D", "Project manager, day rate", "980.00", "EUR"},
      {"NW-ARCH-D", "Solution architect, day rate", "1490.00", "EUR"},
      {"NW-TRAIN-1D", "Workshop, one day, up to 12 participants", "3200.00",
       "EUR"},
      {"NW-AUDIT-SEC", "Security audit (fixed price)", "18500.00", "EUR"},
      {"NW-LIC-CRM-U", "CRM licence, per user and month", "39.90", "EUR"},
      {"NW-LIC-CRM-U-US", "CRM licence, per user and month (US)", "42.50",
       "USD"},
      {"NW-LIC-CRM-U-JP", "CRM ライセンス（ユーザー／月）", "5800.00", "JPY"},
      {"NW-LIC-CRM-U-BR", "Licença CRM, por usuário e mês", "219.00", "BRL"},
      {"NW-LIC-CRM-U-IN", "CRM licence, per user and month (India)", "2990.00",
       "INR"},
      {"NW-SUPPORT-GOLD", "Support contract Gold, per year", "24000.00", "EUR"},
      {"NW-SUPPORT-SILV", "Support contract Silver, per year", "12000.00",
       "EUR"},
      {"NW-HOSTING-M", "Managed hosting, per month", "1499.99", "EUR"},
      {"NW-TRAVEL-FLAT", "Travel expenses, flat rate per day", "95.00", "EUR"},
      {"NW-LEGACY-0001", "Discontinued: on-site server setup", nullptr,
       nullptr},
  };
  for (const P& p : items) {
    t.rows.push_back({std::string(p.sku), std::string(p.what),
                      p.price ? Cell(p.price) : Cell(),
                      p.cur ? Cell(p.cur) : Cell()});
    // Two rows were updated to longer values and moved off their page.
    std::string sku = p.sku;
    t.states.push_back(sku == "NW-TRAIN-1D" || sku == "NW-LIC-CRM-U-JP"
                           ? RowState::kForwarded
                           : RowState::kLive);
  }
  return t;
}

TableContents projects(Rng& rng) {
  TableContents t;
  t.spec.name = "Projects";
  t.spec.columns = {Column("ProjectId", "int NOT NULL"),
                    Column("Name", "nvarchar(100) NOT NULL"),
                    Column("Customer", "nvarchar(100)"),
                    Column("StartDate", "date"),
                    Column("Budget", "decimal(12,2)"),
                    Column("Notes", "ntext")};
  t.spec.clustered = true;
  struct Pr {
    const char* name;
    const char* customer;
    const char* start;
    const char* budget;
    const char* notes;
  };
  const Pr items[] = {
      {"CRM rollout DACH", "Contoso GmbH", "2019-03-04", "184500.00",
       "Kick-off in Berlin with Katrin Schröder (katrin.schroeder@contoso.de, "
       "+49 30 23125 417). Data migration from the legacy system planned for "
       "Q2."},
      {"Customer portal", "Fabrikam Ltd", "2019-09-16", "96000.00",
       "Contact: Oliver Hughes <oliver.hughes@fabrikam.co.uk>. Weekly status "
       "calls on Tuesdays."},
      {"Data protection audit", "Adatum SA", "2020-01-13", "18500.00", nullptr},
      {"Licence renewal 2021", "Litware S.L.", "2021-02-01", "23940.00",
       "Renewal for 50 users; invoice to Lucía García "
       "(lucia.garcia@litware.es)."},
      {"E-commerce integration", "Wingtip Toys Ltda.", "2020-06-01",
       "142300.50", nullptr},
      {"Support desk setup", "Proseware Pvt Ltd", "2021-08-23", "38000.00",
       "Escalations to Priya Sharma, +91 22 5550 0147."},
      {"CRM 導入（東京）", "テイルスピン・トイズ株式会社", "2022-04-11",
       "210000.00", "担当: 佐藤 美咲 (misaki.sato@tailspin.co.jp)"},
      {"Migration weekend", "Contoso GmbH", "2022-10-08", "-1500.00", nullptr},
  };
  int id = 0;
  for (const Pr& p : items) {
    t.rows.push_back({std::to_string(++id), std::string(p.name),
                      std::string(p.customer), std::string(p.start),
                      std::string(p.budget), p.notes ? Cell(p.notes) : Cell()});
    t.states.push_back(RowState::kLive);
  }
  // One project keeps a long meeting log: more than a page of ntext.
  std::string log;
  for (int i = 1; log.size() < 12000; ++i) {
    log += "Meeting " + std::to_string(i) + " (" +
           random_datetime(rng, 2019, 2020).substr(0, 10) +
           "): reviewed the migration plan with Anja Hoffmann "
           "(anja.hoffmann@contoso.de) and Jürgen Weiß; next steps agreed. ";
  }
  t.rows[0][5] = *t.rows[0][5] + " " + log;
  return t;
}

}  // namespace

DatabaseSpec crm_database() {
  DatabaseSpec db;
  db.name = "CRM";
  db.server = "CRMSQL01\\SQLEXPRESS";
  db.user_name = "NORTHWIND\\svc-sqlbackup";
  db.created = {2019, 2, 18, 14, 7, 33};
  db.backup_start = {2022, 11, 30, 23, 0, 4};
  db.backup_finish = {2022, 11, 30, 23, 0, 6};
  db.utc_offset_minutes = 60;
  db.data_directory =
      "C:\\Program Files\\Microsoft SQL Server\\MSSQL15.SQLEXPRESS\\MSSQL\\"
      "DATA\\";
  return db;
}

std::vector<TableContents> crm_tables(uint64_t seed) {
  Rng rng(seed);
  std::vector<TableContents> v;
  v.push_back(contacts(rng));
  v.push_back(price_list());
  v.push_back(projects(rng));
  return v;
}

namespace {

// The benchmark databases' header facts; their key columns are ints.
DatabaseSpec bench_database(const char* name, uint64_t rows) {
  if (rows > 2147483647)
    throw std::invalid_argument("at most 2147483647 rows (the key is an int)");
  DatabaseSpec db;
  db.name = name;
  db.server = "BENCHSQL";
  db.user_name = "BENCHSQL\\bench";
  return db;
}

}  // namespace

WriterStats write_bench(const std::string& path, uint64_t rows, uint64_t seed,
                        OutputFormat format,
                        const std::function<void(uint64_t)>& progress,
                        uint8_t compression) {
  BackupWriter w(path, bench_database("Bench", rows), format);
  TableSpec t;
  t.name = "Events";
  t.columns = {Column("EventId", "int NOT NULL"), Column("CustomerId", "int"),
               Column("Code", "varchar(20)"), Column("CreatedAt", "datetime")};
  t.clustered = true;
  t.compression = compression;
  size_t id = w.add_table(t);
  Rng rng(seed);
  // 2020-01-01 plus one to a few seconds per event.
  int64_t base_days = days_from_civil(2020, 1, 1);
  int64_t secs = 0;
  Row row(4);
  for (uint64_t i = 0; i < rows; ++i) {
    secs += rng.between(1, 7);
    int64_t y;
    unsigned m, d;
    civil_from_days(base_days + secs / 86400, &y, &m, &d);
    int64_t s = secs % 86400;
    char when[32];
    std::snprintf(
        when, sizeof when, "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
        static_cast<long long>(y), m, d, static_cast<long long>(s / 3600),
        static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    row[0] = std::to_string(i + 1);
    row[1] = std::to_string(rng.between(1, 250000));
    row[2] = "EV-" + rng.digits(static_cast<int>(rng.between(4, 12)));
    row[3] = when;
    w.add_row(id, row);
    if (progress && (i + 1) % 65536 == 0) progress(i + 1);
  }
  w.finish();
  return w.stats();
}

WriterStats write_wide_bench(const std::string& path, uint64_t rows,
                             uint64_t seed, OutputFormat format,
                             uint8_t compression) {
  BackupWriter w(path, bench_database("BenchCrm", rows), format);
  TableSpec t;
  t.name = "Customers";
  t.columns = {
      Column("CustomerId", "int NOT NULL"), Column("FirstName", "nvarchar(50)"),
      Column("LastName", "nvarchar(50)"),   Column("Email", "varchar(100)"),
      Column("Phone", "varchar(30)"),       Column("Street", "nvarchar(100)"),
      Column("City", "nvarchar(50)"),       Column("Country", "nvarchar(50)"),
      Column("Balance", "decimal(12,2)"),   Column("CreatedAt", "datetime2(3)"),
      Column("Notes", "nvarchar(400)")};
  t.clustered = true;
  t.compression = compression;
  size_t id = w.add_table(t);
  Rng rng(seed);
  static const char* kStreets[] = {
      "Hauptstraße", "High Street", "Rue de la Paix", "Calle Mayor",
      "Rua Augusta", "MG Road",     "中央通り"};
  static const char* kNotes[] = {
      "Renewal discussed; asked for a quote on the premium support tier and "
      "an invoice copy for the last quarter.",
      "Prefers contact by e-mail. Account manager changed in March; new "
      "contract terms sent for signature.",
      "Complained about delivery times; credit note issued. Follow up after "
      "the next order to confirm satisfaction.",
  };
  const size_t n_contacts = sizeof kContacts / sizeof kContacts[0];
  int64_t base_days = days_from_civil(2016, 1, 1);
  Row row(11);
  for (uint64_t i = 0; i < rows; ++i) {
    const Contact& first = kContacts[rng.below(n_contacts)];
    const Contact& last = kContacts[rng.below(n_contacts)];
    const Contact& where = kContacts[rng.below(n_contacts)];
    const Country& k = kCountries[where.country];
    int64_t y;
    unsigned m, d;
    civil_from_days(base_days + static_cast<int64_t>(i / 2000), &y, &m, &d);
    char when[40];
    std::snprintf(
        when, sizeof when, "%04lld-%02u-%02uT%02d:%02d:%02d.%03d",
        static_cast<long long>(y), m, d, static_cast<int>(rng.between(7, 19)),
        static_cast<int>(rng.below(60)), static_cast<int>(rng.below(60)),
        static_cast<int>(rng.below(1000)));
    char balance[32];
    std::snprintf(balance, sizeof balance, "%lld.%02lld",
                  static_cast<long long>(rng.below(250000)),
                  static_cast<long long>(rng.below(100)));
    row[0] = std::to_string(i + 1);
    row[1] = first.first;
    row[2] = last.last;
    row[3] = std::string(first.mail) + std::to_string(i % 97) + "@" + k.domain;
    row[4] = phone(rng, where.country, where.city);
    row[5] =
        std::to_string(rng.between(1, 240)) + " " + kStreets[where.country];
    row[6] = where.city;
    row[7] = k.name;
    row[8] = balance;
    row[9] = when;
    row[10] = rng.percent(30) ? Cell() : Cell(kNotes[rng.below(3)]);
    w.add_row(id, row);
  }
  w.finish();
  return w.stats();
}

}  // namespace leakscope::bakgen
