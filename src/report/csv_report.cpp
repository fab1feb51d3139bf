#include "report/csv_report.hpp"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

#include "classify/address_syntax.hpp"
#include "leakscope/measure_cache.hpp"
#include "leakscope/store_queries.hpp"
#include "measure/domains.hpp"
#include "report/csv_writer.hpp"
#include "report/masking.hpp"

namespace leakscope {
namespace {

// Every e-mail address inside free text (a file name, a locator, evidence)
// masked as mask_email does.
std::string mask_addresses_in(const std::string& text) {
  return replace_addresses_in(
      text, [](const std::string& a) -> std::optional<std::string> {
        return mask_email(a);
      });
}

// The report CSVs, in the order they are written.
constexpr const char* kCsvFiles[] = {"people.csv", "organizations.csv",
                                     "government_contacts.csv", "documents.csv",
                                     "tables.csv"};

// A CSV file's bytes kept in the measure cache as it is written: values of
// at most 1 MiB under `<prefix><file>.<8-digit sequence>`, so neither
// writing nor reading it back holds the whole file in memory.
class CachedCopy {
 public:
  CachedCopy(MeasureCache& cache, std::string key)
      : cache_(cache), key_(std::move(key)) {}
  void add(const std::string& bytes) {
    buffer_ += bytes;
    if (buffer_.size() >= (1u << 20)) flush();
  }
  // True when every part was kept.
  bool finish() {
    flush();
    return ok_;
  }

 private:
  void flush() {
    if (buffer_.empty() || !ok_) return;
    char seq[16];
    std::snprintf(seq, sizeof seq, "%08d", part_++);
    ok_ = cache_.put(key_ + seq, buffer_);
    buffer_.clear();
  }
  MeasureCache& cache_;
  std::string key_;
  std::string buffer_;
  int part_ = 0;
  bool ok_ = true;
};

}  // namespace

std::vector<std::string> write_csv_reports(const Store& s,
                                           const std::string& dir,
                                           bool unmask) {
  std::vector<std::string> written;
  // The CSVs of this store state, as written the first time (they depend
  // on nothing else but --unmask).
  MeasureCache cache(s);
  const std::string prefix =
      std::string("csv.v1.") + (unmask ? "unmasked." : "masked.");
  if (cache.get(prefix + "complete")) {
    for (const char* name : kCsvFiles) {
      AtomicFile f(dir + "/" + name);
      cache.for_each(prefix + name + ".",
                     [&](const std::string& part) { f.put(part); });
      f.close();
      written.push_back(f.path());
    }
    return written;
  }
  cache.erase(prefix);
  std::vector<std::unique_ptr<CachedCopy>> copies;
  auto copy_to_cache = [&](const char* name) {
    copies.push_back(std::make_unique<CachedCopy>(cache, prefix + name + "."));
    return [c = copies.back().get()](const std::string& b) { c->add(b); };
  };

  s.expand_cell_findings();
  std::map<std::string, measure::DomainFacts> facts;
  auto facts_of = [&](const std::string& d) -> const measure::DomainFacts& {
    auto it = facts.find(d);
    if (it == facts.end())
      it = facts.emplace(d, measure::domain_facts(d)).first;
    return it->second;
  };

  const store_queries::EmailFacts email = store_queries::email_facts(s);
  // People: one row per distinct address, with a name seen next to it.
  {
    CsvWriter f(
        dir + "/people.csv",
        {"person", "name", "organization", "country", "free_mail", "items"},
        false, copy_to_cache("people.csv"));
    for (const store_queries::PersonRow& p : email.people) {
      const auto& df = facts_of(classify::email_domain(p.email));
      f.row({unmask ? p.email : mask_email(p.email),
             unmask ? p.name : mask_name(p.name),
             df.free_mail ? "" : df.registrable, df.country,
             df.free_mail ? "1" : "0", std::to_string(p.records)});
    }
    f.close();
    written.push_back(f.path());
  }
  // Organisations (domains are not personal data: never masked).
  {
    CsvWriter f(dir + "/organizations.csv",
                {"organization", "group", "country", "government", "addresses",
                 "items"},
                false, copy_to_cache("organizations.csv"));
    std::map<std::string, std::pair<int64_t, int64_t>> per_org;
    for (const auto& d : email.domains) {
      const auto& df = facts_of(d.domain);
      if (df.free_mail) continue;
      auto& agg = per_org[df.registrable];
      agg.first += d.addresses;
      agg.second += d.records;
    }
    for (const auto& [org, agg] : per_org) {
      const auto& df = facts_of(org);
      f.row({org, df.group, df.country, df.government ? "1" : "0",
             std::to_string(agg.first), std::to_string(agg.second)});
    }
    f.close();
    written.push_back(f.path());
  }
  // Government contacts.
  {
    CsvWriter f(dir + "/government_contacts.csv",
                {"contact", "organization", "country", "items"}, false,
                copy_to_cache("government_contacts.csv"));
    for (const auto& g : store_queries::government_contacts(s))
      f.row({unmask ? g.contact : mask_email(g.contact),
             facts_of(classify::email_domain(g.contact)).registrable, g.country,
             std::to_string(g.items)});
    f.close();
    written.push_back(f.path());
  }
  // Business documents.
  {
    CsvWriter f(dir + "/documents.csv",
                {"sha256", "type", "confidence", "occurrences", "name",
                 "first_locator", "evidence"},
                false, copy_to_cache("documents.csv"));
    for (const auto& d : store_queries::business_documents(s))
      f.row({d.sha256, d.type, d.confidence, std::to_string(d.occurrences),
             unmask ? d.name : mask_addresses_in(d.name),
             unmask ? d.first_locator : mask_addresses_in(d.first_locator),
             unmask ? d.evidence : mask_addresses_in(d.evidence)});
    f.close();
    written.push_back(f.path());
  }
  // SQL tables recovered.
  {
    CsvWriter f(
        dir + "/tables.csv",
        {"source", "database", "table", "columns", "rows", "deleted_rows"},
        false, copy_to_cache("tables.csv"));
    for (const auto& t : s.sql_tables())
      f.row({t.source, t.database, t.schema + "." + t.name,
             std::to_string(t.columns), std::to_string(t.rows),
             std::to_string(t.deleted_rows)});
    f.close();
    written.push_back(f.path());
  }
  bool kept = true;
  for (auto& c : copies) kept = c->finish() && kept;
  if (kept) cache.put(prefix + "complete", "1");
  return written;
}

}  // namespace leakscope
