#include "leakscope/measure.hpp"

#include <unicode/locid.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cctype>
#include <ctime>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include "leakscope/measure_cache.hpp"
#include "leakscope/store_queries.hpp"
#include "measure/domains.hpp"
#include "util/json_text.hpp"
#include "util/sha256.hpp"

namespace leakscope {
namespace {

using nlohmann::json;

namespace q = store_queries;

json raw_unique(int64_t raw, int64_t unique) {
  return {{"raw", raw}, {"unique", unique}};
}
json raw_unique(const q::RawUnique& ru) {
  return raw_unique(ru.raw, ru.unique);
}

// The English name of an ISO 3166 country code (ICU), "" when ICU has none.
std::string country_name(const std::string& code) {
  if (code.size() != 2) return "";
  icu::UnicodeString name;
  icu::Locale("", code.c_str())
      .getDisplayCountry(icu::Locale::getEnglish(), name);
  std::string out;
  name.toUTF8String(out);
  return out == code ? "" : out;
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

// What organisation groups are made of (cached with the scope's facts):
// each counted organisation with its name label, and the companies that SQL
// rows name next to an address at it (company_key, legal forms dropped).
json organization_facts(const q::Measure& m) {
  json orgs = json::array(), companies = json::array();
  std::set<std::string> counted;
  for (const auto& [org, label] : m.organization_labels()) {
    counted.insert(org);
    orgs.push_back({org, label});
  }
  // Tables with a company column: the company named in a row joins the
  // organisation of the row's addresses.
  auto is_company = [](const std::string& column) {
    std::string col = column;
    for (char& ch : col)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const char* k :
         {"company", "organization", "organisation", "firma", "unternehmen",
          "societe", "empresa", "bedrijf", "employer", "account"})
      if (col.find(k) != std::string::npos) return true;
    return false;
  };
  std::set<std::pair<std::string, std::string>> pairs;
  // One key per distinct company text (a company recurs in every row of
  // its people).
  std::unordered_map<std::string, std::string> keys;
  m.for_each_company_cell(
      is_company, [&](const std::string& org, const std::string& company) {
        if (!counted.count(org)) return;
        auto known = keys.find(company);
        if (known == keys.end())
          known = keys.emplace(company, company_key(company)).first;
        if (!known->second.empty()) pairs.emplace(org, known->second);
      });
  for (const auto& [org, key] : pairs) companies.push_back({org, key});
  return {{"labels", orgs}, {"companies", companies}};
}

// Organisation groups: registrable domains with the same name label
// (contoso.de, contoso.fr), or named by the same company in structured data
// (a SQL row with an address at the domain and a company column), joined;
// the owner's organisation left out.
int64_t organization_groups(const json& facts, const std::string& owner) {
  UnionFind groups_of;
  std::set<std::string> orgs;
  for (const auto& o : facts["labels"]) {
    const std::string org = o[0];
    if (org == owner) continue;
    orgs.insert(org);
    groups_of.join(org, "\x1fL" + o[1].get<std::string>());
  }
  for (const auto& c : facts["companies"]) {
    const std::string org = c[0];
    if (orgs.count(org))
      groups_of.join(org,
                     "\x1f"
                     "C" +
                         c[1].get<std::string>());
  }
  std::set<std::string> groups;
  for (const auto& o : orgs) groups.insert(groups_of.find(o));
  return static_cast<int64_t>(groups.size());
}

// Categories, shaped like a GDPR Art. 33(3) notification: what kinds of
// personal data, about roughly how many data subjects, in how many records.
struct Category {
  const char* name;
  const char* kind;
  q::Measure::TypeSet types;
};
const std::vector<Category>& measured_categories() {
  static const std::vector<Category> kCategories = {
      {"contact details (e-mail, phone, postal address)",
       "personal",
       {{"email", "phone", "postal_address"}, {}}},
      {"names", "personal", {{"person_name"}, {}}},
      {"national identification numbers", "personal", {{}, {"national_id."}}},
      {"payment card data", "personal", {{"payment_card"}, {}}},
      {"bank account numbers (IBAN)", "personal", {{"iban"}, {}}},
      {"dates of birth", "personal", {{"date_of_birth"}, {}}},
      {"online identifiers (IP addresses)", "personal", {{"ip_address"}, {}}},
      {"health data", "special_category", {{"sql_column.health"}, {}}},
      {"credentials and secrets", "security", {{}, {"secret."}}},
      {"government contacts", "personal", {{"government_contact"}, {}}},
      {"business documents (statements of work, contracts, price lists, "
       "invoices, orders)",
       "business_confidential",
       {{}, {"document."}}},
  };
  return kCategories;
}

// The counts of the measure's current scope that read no finding:
// messages, attachments and the SQL databases, tables and rows (measured
// while another thread expands the cells).
void measure_plain(q::Measure& m, json& counts) {
  counts["messages"] = raw_unique(m.messages());
  counts["attachments"] = raw_unique(m.attachments());
  // SQL: databases and tables by name (one database in several backups is
  // one database), rows raw and unique by content.
  json sql;
  sql["databases"] = m.sql_databases();
  sql["database_copies"] = m.sql_database_copies();
  sql["tables"] = m.sql_tables();
  const q::Measure::SqlRows rows = m.sql_rows();
  sql["rows"] = raw_unique(rows.raw, rows.unique);
  sql["deleted_rows"] = rows.deleted;
  counts["sql"] = sql;
}

// The other counts of the measure's current scope, after measure_plain and
// Store::expand_cell_findings(). `full` adds the figures only the
// whole-store report carries (countries, categories, time span details).
void measure_scope(q::Measure& m, json& counts, bool full, json* extra,
                   json* owner_facts) {
  {
    std::vector<q::Measure::TypeSet> sets;
    for (const auto& c : measured_categories()) sets.push_back(c.types);
    m.set_categories(std::move(sets));
  }
  // Domains of every e-mail address -> organisations (the facts come before
  // the figures that read findings).
  {
    std::vector<q::Measure::DomainFacts> facts;
    for (const std::string& d : m.email_domains()) {
      measure::DomainFacts df = measure::domain_facts(d);
      facts.push_back({d, df.registrable, df.group, df.country, df.free_mail,
                       df.government});
    }
    m.set_domain_facts(facts);
  }
  // Every address found anywhere, with where it was found beside it.
  {
    auto places = m.email_addresses_by_place();
    json e = raw_unique(places["all"]);
    e["in_headers"] = raw_unique(places["headers"]);
    e["in_sql"] = raw_unique(places["sql"]);
    e["in_text"] = raw_unique(places["text"]);
    counts["email_addresses"] = e;
  }

  // Findings by type.
  std::map<std::string, q::RawUnique> by_type = m.findings_by_type();
  auto type_count = [&](const std::string& t) {
    auto it = by_type.find(t);
    return it == by_type.end() ? raw_unique(0, 0) : raw_unique(it->second);
  };
  counts["phones"] = type_count("phone");
  counts["payment_cards"] = type_count("payment_card");
  counts["ibans"] = type_count("iban");
  counts["national_ids"] = raw_unique(m.findings_with_prefix("national_id."));
  counts["secrets"] = raw_unique(m.findings_with_prefix("secret."));
  counts["ip_addresses"] = type_count("ip_address");
  counts["dates_of_birth"] = type_count("date_of_birth");

  // Organisations: the figures that leave the --owner out are made from
  // these facts when the report is written (apply_owner).
  (*owner_facts)["organizations"] = organization_facts(m);
  json by_org = json::object();
  for (const auto& [org, n] : m.addresses_records_by_organization())
    by_org[org] = {n.raw, n.unique};
  (*owner_facts)["addresses_records"] = by_org;
  counts["organizations"] = {{"free_mail_domains", m.free_mail_domains()}};
  counts["government"] = {{"organizations", m.government_organizations()},
                          {"contacts", m.government_contacts()}};

  // People: one per e-mail address; SQL rows that name a person without an
  // address add one per distinct transliterated name.
  int64_t name_rows = 0;
  m.clear_name_keys();
  m.for_each_unaddressed_name_row([&](const std::string& cells) {
    std::string key = person_name_key(cells);
    if (key.empty()) return;
    ++name_rows;
    m.add_name_key(key);
  });
  const q::RawUnique email =
      by_type.count("email") ? by_type["email"] : q::RawUnique{};
  // Addresses of one person: two addresses at one organisation shown with
  // the same full name (display name, or the name columns of a SQL row) are
  // one person (j.smith@ and john.smith@contoso.com, "John Smith").
  int64_t merged = 0;
  {
    UnionFind people;
    // One transliteration per distinct name shown (a name recurs with
    // every message that shows it).
    std::unordered_map<std::string, std::string> keys;
    m.for_each_address_with_names([&](const std::string& address,
                                      const std::string& org,
                                      const std::string& shown) {
      auto known = keys.find(shown);
      if (known == keys.end())
        known = keys.emplace(shown, person_name_key(shown)).first;
      const std::string& key = known->second;
      if (key.find(' ') == std::string::npos) return;  // a full name only
      people.join(address, "\x1f" + org + "\x1f" + key);
    });
    // Each name node joins the addresses shown with it: addresses minus
    // components is the number of merges.
    std::unordered_map<std::string, int64_t> addresses_in;
    for (const auto& node : people.nodes())
      if (node[0] != '\x1f') ++addresses_in[people.find(node)];
    for (const auto& [root, n] : addresses_in) merged += n - 1;
  }
  counts["people"] = raw_unique(email.raw + name_rows,
                                email.unique - merged + m.distinct_name_keys());

  // Documents by business type.
  json docs = json::object();
  for (const char* t :
       {"statement_of_work", "proof_of_execution", "price_list", "invoice",
        "purchase_order", "contract", "nda", "quotation"})
    docs[t] = type_count(std::string("document.") + t);
  counts["documents"] = docs;

  if (!full || !extra) return;

  json countries = json::array();
  for (const auto& c : m.countries())
    countries.push_back({{"code", c.code},
                         {"name", country_name(c.code)},
                         {"organizations", c.organizations},
                         {"people", c.people}});
  (*extra)["countries"] = countries;

  // The affected organisations (not free mail), most people first: the
  // owner is left out when the report is written.
  {
    const std::map<std::string, int64_t> documents =
        m.documents_by_organization();
    json orgs = json::array();
    for (const auto& [org, n] : (*owner_facts)["addresses_records"].items()) {
      const measure::DomainFacts df = measure::domain_facts(org);
      if (df.free_mail) continue;
      auto d = documents.find(org);
      orgs.push_back({{"organization", org},
                      {"group", df.group},
                      {"country", df.country},
                      {"country_name", country_name(df.country)},
                      {"government", df.government},
                      {"people", n[0]},
                      {"records", n[1]},
                      {"documents", d == documents.end() ? 0 : d->second},
                      {"pack", org + "/"}});
    }
    std::stable_sort(
        orgs.begin(), orgs.end(), [](const json& a, const json& b) {
          return a["people"].get<int64_t>() > b["people"].get<int64_t>();
        });
    (*extra)["organizations"] = orgs;
  }

  // Government bodies with their country.
  json gov = json::array();
  for (const auto& g : m.government_bodies())
    gov.push_back({{"organization", g.organization},
                   {"country", g.country},
                   {"domains", g.domains}});
  (*extra)["government"] = gov;

  // Time span over every dated item, by year, and the age of the data.
  json span;
  const auto [earliest, latest] = m.date_span();
  span["earliest"] = earliest.empty() ? json(nullptr) : json(earliest);
  span["latest"] = latest.empty() ? json(nullptr) : json(latest);
  json by_year = json::object();
  for (const auto& [year, n] : m.dated_items_by_year()) by_year[year] = n;
  span["by_year"] = by_year;
  (*extra)["time_span"] = span;

  json categories = json::array();
  const std::vector<q::RawUnique> found = m.categories();
  const std::vector<Category>& cats = measured_categories();
  for (size_t k = 0; k < cats.size(); ++k) {
    const Category& c = cats[k];
    const q::RawUnique& n = found[k];
    if (n.raw == 0) continue;
    categories.push_back({{"category", c.name},
                          {"kind", c.kind},
                          {"records", n.raw},
                          {"distinct_values", n.unique}});
  }
  (*extra)["categories"] = categories;
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
      {"email_addresses.raw",
       "Every e-mail address occurrence: in the From, Sender, Reply-To, To, "
       "Cc and Bcc headers of every message occurrence (in_headers), in SQL "
       "cells (in_sql) and in any other text: bodies, documents, "
       "attachments, item fields (in_text); raw is their sum."},
      {"email_addresses.unique",
       "Distinct case-folded addresses over all three places together (an "
       "address in a header and a CRM table counts once); each place's own "
       "figure beside it."},
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

// Letters kept lower-case, every other run of bytes one space, no space at
// either end.
std::string squeeze_letters(const std::string& s) {
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

}  // namespace

std::string person_name_key(const std::string& name) {
  // ASCII is its own transliteration ("Any-Latin; Latin-ASCII" leave it as
  // it is, and squeeze_letters lowers it): ICU only for the rest, which
  // costs about a microsecond per name behind one lock.
  bool ascii = true;
  for (unsigned char c : name)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return squeeze_letters(name);
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
  return squeeze_letters(s);
}

namespace {

// The figures of each evidence root (several roots: one Measure scope
// after the other, on `store`).
json measure_roots(const Store& store, const std::vector<std::string>& roots) {
  q::Measure m(store);
  json by_source = json::array();
  // What reads no finding first (another thread may be expanding the
  // cells), then the rest.
  for (const auto& root : roots) {
    const auto [files, bytes] = m.root_files_bytes(root);
    json one = {{"source", root}, {"files", files}, {"bytes", bytes}};
    m.scope_root(root);
    measure_plain(m, one["counts"]);
    by_source.push_back(one);
  }
  store.expand_cell_findings();
  for (auto& one : by_source) {
    m.scope_root(one["source"].get<std::string>());
    json root_owner_facts;
    measure_scope(m, one["counts"], false, nullptr, &root_owner_facts);
    one["owner_facts"] = root_owner_facts;
  }
  return by_source;
}

// Every figure of the measurement that depends on neither --owner nor the
// reference date, for the whole store and each evidence root: what the
// measure cache keeps per store state.
json measure_facts(const Store& store, const MeasureOptions& opt) {
  q::Measure m(store);
  const std::vector<std::string> roots = m.roots();
  int done = 0;
  auto step = [&](const std::string& phase) {
    if (opt.progress) opt.progress(phase, done, 3);
    ++done;
  };
  // Several evidence roots: their figures are measured on a connection of
  // their own, on the other core, while this one measures the whole store.
  std::future<json> by_root;
  if (roots.size() > 1)
    by_root = std::async(
        std::launch::async,
        [&roots](std::shared_ptr<Store> own) {
          return measure_roots(*own, roots);
        },
        std::shared_ptr<Store>(store.open_reader()));
  step("whole store");
  json facts, extra, owner_facts, counts;
  m.scope_all();
  // What reads no finding first: the other threads expand the cells
  // meanwhile (the CSVs' and the roots' first step).
  measure_plain(m, counts);
  // The recovered tables: where from, how many rows, what their columns
  // hold.
  json tables = json::array();
  for (const auto& t : store.sql_tables()) {
    std::set<std::string> classes;
    for (const auto& c : store.sql_columns(t.id))
      if (!c.information_type.empty()) classes.insert(c.information_type);
    tables.push_back({{"source", t.source},
                      {"database", t.database},
                      {"table", t.schema + "." + t.name},
                      {"rows", t.rows},
                      {"deleted_rows", t.deleted_rows},
                      {"classes", classes}});
  }
  store.expand_cell_findings();
  measure_scope(m, counts, true, &extra, &owner_facts);
  facts["counts"] = counts;
  extra["sql_tables"] = tables;
  facts["extra"] = extra;
  facts["owner_facts"] = owner_facts;
  step("evidence sources");
  if (by_root.valid()) {
    facts["by_source"] = by_root.get();
  } else {
    // One root holds every source: its figures are the whole store's.
    json by_source = json::array();
    for (const auto& root : roots) {
      const auto [files, bytes] = m.root_files_bytes(root);
      by_source.push_back({{"source", root},
                           {"files", files},
                           {"bytes", bytes},
                           {"counts", facts["counts"]},
                           {"owner_facts", owner_facts}});
    }
    facts["by_source"] = by_source;
  }
  step("done");
  return facts;
}

// The organisation figures of one scope for this --owner ("" for none):
// organisations and groups leave the owner's organisation out.
void apply_owner(json& counts, const json& owner_facts,
                 const std::string& owner) {
  const json& orgs = owner_facts["organizations"];
  int64_t unique = 0;
  for (const auto& o : orgs["labels"])
    if (o[0].get<std::string>() != owner) ++unique;
  counts["organizations"]["unique"] = unique;
  counts["organizations"]["groups"] = organization_groups(orgs, owner);
}

// Cache keys of the records of each organisation (lookup): the key alone
// marks a state whose every organisation is kept, each under the key
// followed by its registrable domain.
const std::string kOrganizationRecords = "lookup.v1.org.";

// Keeps the records of every organisation the measurement counted
// (addresses_records: organisation -> [addresses, records]).
void keep_organization_records(MeasureCache& cache, const json& by_org) {
  std::vector<std::pair<std::string, std::string>> kv;
  kv.reserve(by_org.size() + 1);
  for (const auto& [org, n] : by_org.items())
    kv.emplace_back(kOrganizationRecords + org,
                    std::to_string(n[1].get<int64_t>()));
  kv.emplace_back(kOrganizationRecords, "complete");
  cache.erase(kOrganizationRecords);
  cache.put_many(kv);
}

}  // namespace

std::optional<int64_t> measured_organization_records(
    const Store& store, const std::string& organization) {
  MeasureCache cache(store);
  if (!cache.get(kOrganizationRecords)) return std::nullopt;
  const std::optional<std::string> n =
      cache.get(kOrganizationRecords + organization);
  if (!n) return 0;  // measured, and no address at it
  try {
    return std::stoll(*n);
  } catch (const std::exception&) {
    return std::nullopt;  // not a count: measure again
  }
}

void add_measurements(const Store& store, json& report,
                      const MeasureOptions& opt) {
  // The facts of this store state: from the cache when the store has not
  // changed since they were computed (STORE.md, measure_cache).
  constexpr const char* kCacheKey = "measure.v3";
  MeasureCache cache(store);
  json facts;
  if (auto cached = cache.get(kCacheKey)) {
    facts = json::parse(*cached, nullptr, /*allow_exceptions=*/false);
    if (!facts.is_object() || !facts.contains("by_source")) facts = json();
  }
  if (facts.is_null()) {
    facts = measure_facts(store, opt);
    cache.put(kCacheKey, dump_json(facts, -1));
  }
  // lookup's per-organisation counts, from the facts (also when these were
  // cached by a version that did not keep the counts).
  if (!cache.get(kOrganizationRecords))
    keep_organization_records(cache, facts["owner_facts"]["addresses_records"]);

  json counts = facts["counts"];
  apply_owner(counts, facts["owner_facts"], opt.owner);
  for (auto& [k, v] : counts.items())
    if (!report["counts"].contains(k)) report["counts"][k] = v;
  // The foundation counted header addresses only; every address now.
  report["counts"]["email_addresses"] = counts["email_addresses"];
  const json& extra = facts["extra"];
  report["countries"] = extra["countries"];
  report["government"] = extra["government"];
  report["categories"] = extra["categories"];
  // Affected organisations, the owner's left out; the first 200 here, every
  // one in organizations.csv.
  constexpr size_t kListed = 200;
  json orgs = json::array();
  int64_t affected = 0;
  for (const auto& o : extra["organizations"]) {
    if (o["organization"].get<std::string>() == opt.owner) continue;
    ++affected;
    if (orgs.size() < kListed) orgs.push_back(o);
  }
  report["organizations"] = {{"total", affected}, {"listed", orgs}};
  report["sql_tables"] = extra["sql_tables"];
  report["time_span"]["by_year"] = extra["time_span"]["by_year"];
  // The foundation's span was over messages; every dated item now.
  report["time_span"]["earliest"] = extra["time_span"]["earliest"];
  report["time_span"]["latest"] = extra["time_span"]["latest"];

  if (!opt.owner.empty()) {
    const json& by_org = facts["owner_facts"]["addresses_records"];
    const bool seen = by_org.contains(opt.owner);
    report["owner"] = {
        {"domain", opt.owner},
        {"addresses", seen ? by_org[opt.owner][0].get<int64_t>() : 0},
        {"items", seen ? by_org[opt.owner][1].get<int64_t>() : 0}};
  } else {
    report["owner"] = nullptr;
  }

  // The age of the data, relative to the reference date (not cached: one
  // indexed count per cut-off).
  q::Measure m(store);
  m.scope_all();
  std::string ref = opt.reference_date.empty() ? today() : opt.reference_date;
  json age = {{"reference_date", ref}};
  for (int years : {1, 3, 5}) {
    std::string cutoff =
        std::to_string(std::stoi(ref.substr(0, 4)) - years) + ref.substr(4);
    age["older_than_" + std::to_string(years) + "_years"] =
        m.dated_items_before(cutoff);
  }
  age["dated_items"] = m.dated_items();
  report["time_span"]["age"] = age;

  json by_source = json::array();
  for (const auto& one : facts["by_source"]) {
    json c = one["counts"];
    apply_owner(c, one["owner_facts"], opt.owner);
    by_source.push_back({{"source", one["source"]},
                         {"files", one["files"]},
                         {"bytes", one["bytes"]},
                         {"counts", c}});
  }
  report["by_source"] = by_source;
  json m_texts = methods();
  for (auto& [k, v] : m_texts.items()) report["method"][k] = v;
}

}  // namespace leakscope
