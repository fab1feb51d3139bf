#include "leakscope/measure.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cctype>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include "measure/domains.hpp"
#include "util/sha256.hpp"

namespace leakscope {
namespace {

using nlohmann::json;

// One record: an item, or one row of a SQL table (item = the table).
constexpr const char* kRecordKey =
    "f.item_id * 4294967296 + COALESCE(f.sql_row, 0)";

void run(const Store& s, const std::string& sql) { s.exec(sql); }

// Items in scope: every item, or those of one evidence root (scope_src).
struct Scope {
  bool all = true;
  // SQL condition on an items alias `i`.
  std::string cond() const {
    return all ? "1" : "i.source_id IN (SELECT id FROM temp.scope_src)";
  }
};

json raw_unique(int64_t raw, int64_t unique) {
  return {{"raw", raw}, {"unique", unique}};
}

std::string today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// Disjoint sets of strings: union-find with path halving.
class UnionFind {
 public:
  std::string find(std::string x) {
    parent_.try_emplace(x, x);
    for (;;) {
      std::string& p = parent_[x];
      if (p == x) return x;
      p = parent_[p];  // halve the path; both keys exist, no rehash
      x = p;
    }
  }
  void join(const std::string& a, const std::string& b) {
    std::string ra = find(a), rb = find(b);
    if (ra != rb) parent_[ra] = rb;
  }
  std::vector<std::string> nodes() const {
    std::vector<std::string> out;
    for (const auto& kv : parent_) out.push_back(kv.first);
    return out;
  }

 private:
  std::unordered_map<std::string, std::string> parent_;
};

// A company name reduced for comparison: transliterated, lower-case, legal
// form words dropped ("Contoso GmbH" and "CONTOSO AG" -> "contoso").
std::string company_key(const std::string& name) {
  static const std::set<std::string> kLegal = {
      "gmbh", "ag",  "ltd",  "limited", "inc",         "incorporated",
      "sa",   "sas", "sarl", "srl",     "spa",         "bv",
      "nv",   "llc", "plc",  "corp",    "corporation", "co",
      "kg",   "ohg", "ab",   "as",      "oy",          "sl",
      "se",   "pty", "the",  "and",     "company",     "group"};
  std::string key, word;
  std::string folded = person_name_key(name) + " ";
  for (char c : folded) {
    if (c != ' ') {
      word += c;
      continue;
    }
    if (!word.empty() && !kLegal.count(word))
      key += (key.empty() ? "" : " ") + word;
    word.clear();
  }
  return key;
}

// Organisation groups: registrable domains with the same name label
// (contoso.de, contoso.fr), or named by the same company in structured data
// (a SQL row with an address at the domain and a company column), joined.
int64_t organization_groups(const Store& s, const std::string& C,
                            const std::string& owner_cond) {
  UnionFind groups_of;
  std::set<std::string> orgs;
  {
    Statement st(
        s,
        "SELECT DISTINCT org, grp FROM temp.dom WHERE free=0 AND gov=0 AND " +
            owner_cond);
    while (st.step()) {
      orgs.insert(st.text(0));
      groups_of.join(st.text(0), "\x1fL" + st.text(1));
    }
  }
  // Tables with a company column: the company named in a row joins the
  // organisation of the row's addresses.
  std::vector<std::pair<int64_t, int64_t>> company_cols;  // (table, ordinal)
  std::map<int64_t, int64_t> table_item;
  {
    Statement st(s,
                 "SELECT t.id, t.item_id, c.ordinal, c.name FROM sql_tables t "
                 "JOIN items i ON i.id=t.item_id JOIN sql_columns c ON "
                 "c.table_id=t.id WHERE " +
                     C);
    while (st.step()) {
      std::string col = st.text(3);
      for (char& ch : col)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      bool company = false;
      for (const char* k :
           {"company", "organization", "organisation", "firma", "unternehmen",
            "societe", "empresa", "bedrijf", "employer", "account"})
        if (col.find(k) != std::string::npos) company = true;
      if (!company) continue;
      company_cols.emplace_back(st.integer(0), st.integer(2));
      table_item[st.integer(0)] = st.integer(1);
    }
  }
  for (const auto& [table, ordinal] : company_cols) {
    // Identifiers from the store's own catalog (integers), never evidence.
    Statement st(s, "SELECT d.org, r.c" + std::to_string(ordinal) +
                        " FROM all_findings f JOIN sql_rows_" +
                        std::to_string(table) +
                        " r ON r.rowid=f.sql_row JOIN temp.dom d ON "
                        "d.domain=substr(f.value, instr(f.value,'@')+1) WHERE "
                        "f.item_id=? AND f.type='email' AND d.free=0 AND "
                        "d.gov=0");
    st.bind(1, table_item[table]);
    while (st.step()) {
      if (st.is_null(1) || !orgs.count(st.text(0))) continue;
      std::string key = company_key(st.text(1));
      if (!key.empty())
        groups_of.join(st.text(0), std::string("\x1f") + "C" + key);
    }
  }
  std::set<std::string> groups;
  for (const auto& o : orgs) groups.insert(groups_of.find(o));
  return static_cast<int64_t>(groups.size());
}

// Counts of one scope. `full` adds the figures only the whole-store report
// carries (countries, categories, time span details).
json measure_scope(const Store& s, const Scope& sc, const MeasureOptions& opt,
                   bool full, json* extra) {
  const std::string C = sc.cond();
  json counts;
  counts["messages"] = raw_unique(
      s.scalar("SELECT COUNT(*) FROM items i WHERE i.kind='message' AND " + C),
      s.scalar(
          "SELECT COUNT(DISTINCT f.value) FROM item_fields f JOIN items i ON "
          "i.id=f.item_id WHERE i.kind='message' AND f.name='dedup_key' AND " +
          C));
  counts["attachments"] = raw_unique(
      s.scalar("SELECT COUNT(*) FROM items i WHERE i.kind='attachment' AND " +
               C),
      s.scalar("SELECT COUNT(DISTINCT i.sha256) FROM items i WHERE "
               "i.kind='attachment' AND " +
               C));

  // Findings by type.
  std::map<std::string, std::pair<int64_t, int64_t>> by_type;
  {
    Statement st(s,
                 "SELECT f.type, COUNT(*), COUNT(DISTINCT f.value) FROM "
                 "all_findings f JOIN "
                 "items i ON i.id=f.item_id WHERE " +
                     C + " GROUP BY f.type");
    while (st.step()) by_type[st.text(0)] = {st.integer(1), st.integer(2)};
  }
  auto type_count = [&](const std::string& t) {
    auto it = by_type.find(t);
    return it == by_type.end()
               ? raw_unique(0, 0)
               : raw_unique(it->second.first, it->second.second);
  };
  auto prefix_count = [&](const std::string& prefix) {
    return raw_unique(
        s.scalar("SELECT COUNT(*) FROM all_findings f JOIN items i "
                 "ON i.id=f.item_id WHERE "
                 "f.type LIKE '" +
                 prefix + "%' AND " + C),
        s.scalar("SELECT COUNT(*) FROM (SELECT DISTINCT f.type, "
                 "f.value FROM all_findings f JOIN "
                 "items i ON i.id=f.item_id WHERE f.type LIKE '" +
                 prefix + "%' AND " + C + ")"));
  };
  counts["phones"] = type_count("phone");
  counts["payment_cards"] = type_count("payment_card");
  counts["ibans"] = type_count("iban");
  counts["national_ids"] = prefix_count("national\\_id.' ESCAPE '\\");
  counts["secrets"] = prefix_count("secret.");
  counts["ip_addresses"] = type_count("ip_address");
  counts["dates_of_birth"] = type_count("date_of_birth");

  // Domains of every e-mail address in scope -> organisations.
  run(s, "DROP TABLE IF EXISTS temp.dom");
  run(s,
      "CREATE TEMP TABLE dom(domain TEXT PRIMARY KEY, org TEXT, grp TEXT, free "
      "INTEGER, "
      "country TEXT, gov INTEGER)");
  {
    Statement ins(s, "INSERT OR IGNORE INTO temp.dom VALUES(?,?,?,?,?,?)");
    Statement st(s,
                 "SELECT DISTINCT substr(f.value, instr(f.value,'@')+1) FROM "
                 "all_findings f JOIN "
                 "items i ON i.id=f.item_id WHERE f.type='email' AND " +
                     C);
    while (st.step()) {
      std::string d = st.text(0);
      measure::DomainFacts df = measure::domain_facts(d);
      ins.bind(1, d)
          .bind(2, df.registrable)
          .bind(3, df.group)
          .bind(4, int64_t{df.free_mail});
      ins.bind(5, df.country).bind(6, int64_t{df.government});
      ins.step();
      ins.reset();
    }
  }
  // The owner's domain is bound, never pasted into the SQL text.
  run(s, "DROP TABLE IF EXISTS temp.owner");
  run(s, "CREATE TEMP TABLE owner(org TEXT)");
  if (!opt.owner.empty()) {
    Statement ins(s, "INSERT INTO temp.owner VALUES(?)");
    ins.bind(1, opt.owner);
    ins.step();
  }
  const std::string owner_cond = "org NOT IN (SELECT org FROM temp.owner)";
  counts["organizations"] = {
      {"unique", s.scalar("SELECT COUNT(DISTINCT org) FROM temp.dom WHERE "
                          "free=0 AND gov=0 AND " +
                          owner_cond)},
      {"groups", organization_groups(s, C, owner_cond)},
      {"free_mail_domains",
       s.scalar("SELECT COUNT(DISTINCT org) FROM temp.dom WHERE free=1")}};
  counts["government"] = {
      {"organizations",
       s.scalar("SELECT COUNT(DISTINCT org) FROM temp.dom WHERE gov=1")},
      {"contacts",
       s.scalar(
           "SELECT COUNT(DISTINCT f.value) FROM all_findings f JOIN items i ON "
           "i.id=f.item_id WHERE f.type='government_contact' AND " +
           C)}};

  // People: one per e-mail address; SQL rows that name a person without an
  // address add one per distinct transliterated name.
  run(s, "DROP TABLE IF EXISTS temp.names");
  run(s, "CREATE TEMP TABLE names(key TEXT)");
  int64_t name_rows = 0;
  {
    Statement ins(s, "INSERT INTO temp.names VALUES(?)");
    // The name cells of each SQL row with no address, in column order.
    Statement st(
        s,
        "SELECT item_id, sql_row, group_concat(value, ' ') FROM (SELECT "
        "f.item_id, f.sql_row, f.value FROM all_findings f JOIN items i ON "
        "i.id=f.item_id WHERE f.type='person_name' AND f.sql_row IS NOT NULL "
        "AND " +
            C +
            " AND NOT EXISTS (SELECT 1 FROM all_findings e WHERE "
            "e.item_id=f.item_id AND e.sql_row=f.sql_row AND e.type='email') "
            "ORDER BY f.item_id, f.sql_row, f.sql_column) GROUP BY item_id, "
            "sql_row");
    while (st.step()) {
      std::string key = person_name_key(st.text(2));
      if (key.empty()) continue;
      ++name_rows;
      ins.bind(1, key);
      ins.step();
      ins.reset();
    }
  }
  int64_t email_raw = by_type.count("email") ? by_type["email"].first : 0;
  int64_t email_unique = by_type.count("email") ? by_type["email"].second : 0;
  int64_t names_unique = s.scalar("SELECT COUNT(DISTINCT key) FROM temp.names");
  // Addresses of one person: two addresses at one organisation shown with
  // the same full name (display name, or the name columns of a SQL row) are
  // one person (j.smith@ and john.smith@contoso.com, "John Smith").
  int64_t merged = 0;
  {
    UnionFind people;
    // temp.dom already holds each domain's organisation and free-mail flag.
    Statement st(
        s,
        "SELECT e.value, d.org, group_concat(n.value, ' ') FROM all_findings e "
        "JOIN "
        "items i ON i.id=e.item_id JOIN temp.dom d ON "
        "d.domain=substr(e.value, instr(e.value,'@')+1) AND d.free=0 JOIN "
        "all_findings n "
        "ON n.item_id=e.item_id AND n.sql_row IS e.sql_row AND "
        "n.type='person_name' AND "
        "(n.detector='sql_column' OR n.evidence LIKE '% of ' || e.value) WHERE "
        "e.type='email' AND " +
            C + " GROUP BY e.id");
    while (st.step()) {
      std::string key = person_name_key(st.text(2));
      if (key.find(' ') == std::string::npos) continue;  // a full name only
      people.join(st.text(0), "\x1f" + st.text(1) + "\x1f" + key);
    }
    // Each name node joins the addresses shown with it: addresses minus
    // components is the number of merges.
    std::unordered_map<std::string, int64_t> addresses_in;
    for (const auto& node : people.nodes())
      if (node[0] != '\x1f') ++addresses_in[people.find(node)];
    for (const auto& [root, n] : addresses_in) merged += n - 1;
  }
  counts["people"] =
      raw_unique(email_raw + name_rows, email_unique - merged + names_unique);

  // Documents by business type.
  json docs = json::object();
  for (const char* t : {"statement_of_work", "proof_of_execution", "price_list",
                        "invoice", "purchase_order", "contract", "nda"})
    docs[t] = type_count(std::string("document.") + t);
  counts["documents"] = docs;

  // SQL: databases and tables by name (one database in several backups is
  // one database), rows raw and unique by content.
  json sql;
  sql["databases"] = s.scalar(
      "SELECT COUNT(DISTINCT i.title) FROM items i WHERE i.kind='sql_database' "
      "AND " +
      C);
  sql["tables"] = s.scalar(
      "SELECT COUNT(*) FROM (SELECT DISTINCT d.value, i.title FROM items i "
      "JOIN item_fields d "
      "ON d.item_id=i.id AND d.name='database' WHERE i.kind='sql_table' AND " +
      C + ")");
  // Rows: counted when written (sql_tables.rows, deleted_rows); unique by
  // the content hash each row was stored with.
  std::vector<int64_t> tables_in_scope;
  int64_t rows_raw = 0, deleted_rows = 0;
  {
    Statement st(s,
                 "SELECT t.id, t.rows, t.deleted_rows FROM sql_tables t JOIN "
                 "items i ON i.id=t.item_id WHERE " +
                     C);
    while (st.step()) {
      tables_in_scope.push_back(st.integer(0));
      rows_raw += st.integer(1);
      deleted_rows += st.integer(2);
    }
  }
  int64_t rows_unique = 0;
  if (!tables_in_scope.empty()) {
    run(s, "DROP TABLE IF EXISTS temp.row_hash");
    run(s, "CREATE TEMP TABLE row_hash(h INTEGER PRIMARY KEY)");
    for (int64_t id : tables_in_scope)
      run(s,
          "INSERT OR IGNORE INTO temp.row_hash SELECT _hash FROM "
          "sql_rows_" +
              std::to_string(id));
    rows_unique = s.scalar("SELECT COUNT(*) FROM temp.row_hash");
    run(s, "DROP TABLE temp.row_hash");
  }
  sql["rows"] = raw_unique(rows_raw, rows_unique);
  sql["deleted_rows"] = deleted_rows;
  counts["sql"] = sql;

  if (!full || !extra) return counts;

  // Countries: organisations by their domain's country; people by the
  // country of their row (phone or address) else their domain's ccTLD.
  run(s, "DROP TABLE IF EXISTS temp.person_country");
  run(s, "CREATE TEMP TABLE person_country(person TEXT, country TEXT)");
  run(s,
      "INSERT INTO temp.person_country SELECT f.value, COALESCE((SELECT "
      "p.country FROM "
      "all_findings p WHERE f.sql_row IS NOT NULL AND p.item_id=f.item_id AND "
      "p.sql_row=f.sql_row AND p.type IN "
      "('phone','postal_address') AND "
      "p.country IS NOT NULL AND p.country<>'' LIMIT 1), (SELECT "
      "NULLIF(d.country,'') FROM "
      "temp.dom d WHERE d.domain=substr(f.value, instr(f.value,'@')+1))) FROM "
      "all_findings f JOIN "
      "items i ON i.id=f.item_id WHERE f.type='email' AND " +
          C);
  json countries = json::array();
  {
    Statement st(
        s,
        "WITH o AS (SELECT country, COUNT(DISTINCT org) n FROM temp.dom WHERE "
        "country<>'' AND free=0 GROUP BY country), p AS (SELECT country, "
        "COUNT(DISTINCT person) n FROM temp.person_country WHERE country IS "
        "NOT "
        "NULL GROUP BY country), c AS (SELECT country FROM o UNION SELECT "
        "country "
        "FROM p) SELECT c.country, COALESCE(o.n,0), COALESCE(p.n,0) FROM c "
        "LEFT "
        "JOIN o USING(country) LEFT JOIN p USING(country) ORDER BY 3 DESC, 2 "
        "DESC, 1");
    while (st.step())
      countries.push_back({{"code", st.text(0)},
                           {"organizations", st.integer(1)},
                           {"people", st.integer(2)}});
  }
  (*extra)["countries"] = countries;

  // Government bodies with their country.
  json gov = json::array();
  {
    Statement st(
        s,
        "SELECT org, country, COUNT(*) FROM temp.dom WHERE gov=1 GROUP BY org, "
        "country ORDER BY org");
    while (st.step())
      gov.push_back({{"organization", st.text(0)},
                     {"country", st.text(1)},
                     {"domains", st.integer(2)}});
  }
  (*extra)["government"] = gov;

  // Time span over every dated item, by year, and the age of the data.
  json span;
  {
    Statement st(
        s,
        "SELECT MIN(i.date), MAX(i.date) FROM items i WHERE i.date IS NOT "
        "NULL AND " +
            C);
    if (st.step() && !st.is_null(0)) {
      span["earliest"] = st.text(0);
      span["latest"] = st.text(1);
    } else {
      span["earliest"] = nullptr;
      span["latest"] = nullptr;
    }
  }
  json by_year = json::object();
  {
    Statement st(
        s,
        "SELECT substr(i.date,1,4), COUNT(*) FROM items i WHERE i.date IS "
        "NOT NULL AND " +
            C + " GROUP BY 1 ORDER BY 1");
    while (st.step()) by_year[st.text(0)] = st.integer(1);
  }
  span["by_year"] = by_year;
  std::string ref = opt.reference_date.empty() ? today() : opt.reference_date;
  json age = {{"reference_date", ref}};
  for (int years : {1, 3, 5}) {
    std::string cutoff =
        std::to_string(std::stoi(ref.substr(0, 4)) - years) + ref.substr(4);
    age["older_than_" + std::to_string(years) + "_years"] = s.scalar(
        "SELECT COUNT(*) FROM items i WHERE i.date IS NOT NULL AND i.date < '" +
        cutoff + "' AND " + C);
  }
  age["dated_items"] = s.scalar(
      "SELECT COUNT(*) FROM items i WHERE i.date IS NOT NULL AND " + C);
  span["age"] = age;
  (*extra)["time_span"] = span;

  // Categories, shaped like a GDPR Art. 33(3) notification: what kinds of
  // personal data, about roughly how many data subjects, in how many records.
  struct Cat {
    const char* name;
    const char* kind;
    std::string types_sql;  // condition on f.type
  };
  std::vector<Cat> cats = {
      {"contact details (e-mail, phone, postal address)", "personal",
       "f.type IN ('email','phone','postal_address')"},
      {"names", "personal", "f.type='person_name'"},
      {"national identification numbers", "personal",
       "f.type LIKE 'national\\_id.%' ESCAPE '\\'"},
      {"payment card data", "personal", "f.type='payment_card'"},
      {"bank account numbers (IBAN)", "personal", "f.type='iban'"},
      {"dates of birth", "personal", "f.type='date_of_birth'"},
      {"online identifiers (IP addresses)", "personal", "f.type='ip_address'"},
      {"health data", "special_category", "f.type='sql_column.health'"},
      {"credentials and secrets", "security", "f.type LIKE 'secret.%'"},
      {"government contacts", "personal", "f.type='government_contact'"},
      {"business documents (statements of work, contracts, price lists, "
       "invoices, orders)",
       "business_confidential", "f.type LIKE 'document.%'"},
  };
  json categories = json::array();
  for (const auto& c : cats) {
    int64_t records =
        s.scalar("SELECT COUNT(DISTINCT " + std::string(kRecordKey) +
                 ") FROM all_findings f JOIN items i ON i.id=f.item_id WHERE " +
                 c.types_sql + " AND " + C);
    if (records == 0) continue;
    int64_t values = s.scalar(
        "SELECT COUNT(DISTINCT f.value) FROM all_findings f JOIN items i "
        "ON i.id=f.item_id WHERE " +
        c.types_sql + " AND " + C);
    categories.push_back({{"category", c.name},
                          {"kind", c.kind},
                          {"records", records},
                          {"distinct_values", values}});
  }
  (*extra)["categories"] = categories;

  if (!opt.owner.empty()) {
    json o;
    o["domain"] = opt.owner;
    o["addresses"] = s.scalar(
        "SELECT COUNT(DISTINCT f.value) FROM all_findings f JOIN items i ON "
        "i.id=f.item_id JOIN "
        "temp.dom d ON d.domain=substr(f.value, instr(f.value,'@')+1) WHERE "
        "f.type='email' "
        "AND d.org IN (SELECT org FROM temp.owner) AND " +
        C);
    o["items"] = s.scalar(
        "SELECT COUNT(DISTINCT " + std::string(kRecordKey) +
        ") FROM all_findings f JOIN items i ON i.id=f.item_id JOIN temp.dom d "
        "ON "
        "d.domain=substr(f.value, instr(f.value,'@')+1) WHERE f.type='email' "
        "AND d.org IN (SELECT org FROM temp.owner) AND " +
        C);
    (*extra)["owner"] = o;
  } else {
    (*extra)["owner"] = nullptr;
  }
  return counts;
}

json methods() {
  return {
      {"people.raw",
       "Every e-mail address occurrence (headers, text, fields, SQL columns) "
       "plus every SQL "
       "row that names a person without an address."},
      {"people.unique",
       "Distinct case-folded, IDNA-normalised e-mail addresses (addresses at "
       "one organisation shown with the same full name, from display names or "
       "SQL name columns, count as one person), plus distinct names "
       "(ICU Any-Latin/Latin-ASCII transliterated, case-folded, letters only) "
       "of SQL rows "
       "without an address."},
      {"phones",
       "libphonenumber-valid numbers, region from the item's context; unique "
       "by E.164."},
      {"payment_cards",
       "13-19 digit numbers with a known issuer prefix that pass Luhn; unique "
       "by the digits."},
      {"ibans",
       "ISO 13616 country length and mod-97 check; unique without spaces."},
      {"national_ids",
       "US SSN, UK NINO, ES DNI/NIE, NL BSN, IT codice fiscale, IN Aadhaar, "
       "each with its check rules; unique by (type, value)."},
      {"secrets",
       "AWS keys, PEM private keys, GitHub/Slack/Stripe/Google tokens, JWTs, "
       "passwords in connection strings and credential columns; unique by "
       "value."},
      {"organizations.unique",
       "Registrable domains (libpsl, Debian's public suffix list) of every "
       "e-mail address, "
       "free-mail providers, government bodies and the --owner domain "
       "excluded."},
      {"organizations.groups",
       "Registrable domains grouped by their name label (contoso.de and "
       "contoso.fr are one group) and by the company name that SQL rows give "
       "next to an address at them (legal forms dropped): read both figures, "
       "branches as separate entities or as one customer."},
      {"government",
       "Domains under government suffixes (gov.uk, gouv.fr, bund.de, .gov, "
       "europa.eu...); contacts are distinct addresses at them."},
      {"documents",
       "Items tagged by the business-document scorer (name, title, metadata, "
       "headings and labels of the text); raw tags and unique by SHA-256."},
      {"sql.databases",
       "Distinct database names (one database in several backups counts "
       "once)."},
      {"sql.tables", "Distinct (database, schema.table)."},
      {"sql.rows",
       "raw: every row recovered, deleted ones included; unique: distinct "
       "(database, table, every column value), so the same row in several "
       "backups of one database counts once."},
      {"countries",
       "Organisations by the ccTLD or government suffix of their domain; "
       "people "
       "by the country of their SQL row's phone number or address, else by the "
       "ccTLD of their address."},
      {"time_span",
       "Over every dated item (message Date headers, in UTC); age relative to "
       "the reference date."},
      {"categories",
       "Items (records) with at least one finding of the category, and the "
       "distinct values found."},
      {"by_source",
       "The same counts restricted to the items of each top-level path given "
       "to "
       "ingest (sources.root)."},
  };
}

}  // namespace

std::string person_name_key(const std::string& name) {
  static std::once_flag once;
  static std::unique_ptr<icu::Transliterator> tr;
  static std::mutex mu;
  std::call_once(once, [] {
    UErrorCode err = U_ZERO_ERROR;
    tr.reset(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, err));
    if (U_FAILURE(err)) tr.reset();
  });
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(name);
  if (tr) {
    std::lock_guard<std::mutex> lock(mu);
    tr->transliterate(u);
  } else {
    u.toLower();
  }
  std::string s;
  u.toUTF8String(s);
  std::string out;
  for (unsigned char c : s) {
    if (std::isalpha(c)) {
      out.push_back(static_cast<char>(std::tolower(c)));
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void add_measurements(const Store& store, json& report,
                      const MeasureOptions& opt) {
  store.expand_cell_findings();
  int total = 2;
  {
    Statement st(store, "SELECT COUNT(DISTINCT root) FROM sources");
    if (st.step()) total += static_cast<int>(st.integer(0));
  }
  int done = 0;
  auto step = [&](const std::string& phase) {
    if (opt.progress) opt.progress(phase, done, total);
    ++done;
  };
  step("whole store");
  json extra;
  json counts = measure_scope(store, Scope{}, opt, true, &extra);
  for (auto& [k, v] : counts.items())
    if (!report["counts"].contains(k)) report["counts"][k] = v;
  report["countries"] = extra["countries"];
  report["government"] = extra["government"];
  report["categories"] = extra["categories"];
  report["owner"] = extra["owner"];
  report["time_span"]["by_year"] = extra["time_span"]["by_year"];
  report["time_span"]["age"] = extra["time_span"]["age"];
  // The foundation's span was over messages; every dated item now.
  report["time_span"]["earliest"] = extra["time_span"]["earliest"];
  report["time_span"]["latest"] = extra["time_span"]["latest"];

  json by_source = json::array();
  std::vector<std::string> roots;
  {
    Statement st(store, "SELECT DISTINCT root FROM sources ORDER BY root");
    while (st.step()) roots.push_back(st.text(0));
  }
  for (const auto& root : roots) {
    step("source " + root);
    store.exec("DROP TABLE IF EXISTS temp.scope_src");
    store.exec("CREATE TEMP TABLE scope_src(id INTEGER PRIMARY KEY)");
    Statement ins(
        store,
        "INSERT INTO temp.scope_src SELECT id FROM sources WHERE root=?");
    ins.bind(1, root);
    ins.step();
    Scope sc;
    sc.all = false;
    json c = measure_scope(store, sc, opt, false, nullptr);
    Statement st(
        store,
        "SELECT COUNT(*), COALESCE(SUM(size),0) FROM sources WHERE root=?");
    st.bind(1, root);
    st.step();
    by_source.push_back({{"source", root},
                         {"files", st.integer(0)},
                         {"bytes", st.integer(1)},
                         {"counts", c}});
  }
  report["by_source"] = by_source;
  step("done");
  json m = methods();
  for (auto& [k, v] : m.items()) report["method"][k] = v;
}

}  // namespace leakscope
