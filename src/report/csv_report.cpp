#include "report/csv_report.hpp"

#include <fstream>
#include <map>
#include <stdexcept>

#include "classify/recognizers.hpp"
#include "measure/domains.hpp"
#include "report/masking.hpp"

namespace leakscope {
namespace {

class CsvFile {
 public:
  CsvFile(const std::string& path, const std::vector<std::string>& header)
      : path_(path), out_(path, std::ios::binary) {
    if (!out_) throw std::runtime_error(path + ": cannot write");
    row(header);
  }
  void row(const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i)
      out_ << (i ? "," : "") << csv_quote(cells[i]);
    out_ << "\r\n";
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace

std::vector<std::string> write_csv_reports(const Store& s,
                                           const std::string& dir,
                                           bool unmask) {
  s.expand_cell_findings();
  std::vector<std::string> written;
  std::map<std::string, measure::DomainFacts> facts;
  auto facts_of = [&](const std::string& d) -> const measure::DomainFacts& {
    auto it = facts.find(d);
    if (it == facts.end())
      it = facts.emplace(d, measure::domain_facts(d)).first;
    return it->second;
  };

  // People: one row per distinct address, with a name seen next to it.
  {
    CsvFile f(dir + "/people.csv", {"person", "name", "organization", "country",
                                    "free_mail", "items"});
    // The name: of each record that holds the address, the name shown with
    // it (a display name of the address, or the name cells of its SQL row,
    // joined); of those, the greatest, so the choice never depends on the
    // query plan.
    Statement st(
        s,
        "SELECT value, COUNT(DISTINCT rec), MAX(name) FROM (SELECT "
        "f.value AS value, f.item_id * 4294967296 + "
        "COALESCE(f.sql_row, 0) AS rec, CASE WHEN f.sql_row IS NULL "
        "THEN (SELECT MIN(n.value) FROM findings n WHERE "
        "n.item_id=f.item_id AND n.type='person_name' AND "
        "n.evidence LIKE '% of ' || f.value) ELSE (SELECT "
        "group_concat(n.value, ' ') FROM all_findings n WHERE "
        "n.item_id=f.item_id AND n.sql_row=f.sql_row AND "
        "n.type='person_name' AND n.detector='sql_column') END AS name "
        "FROM all_findings f WHERE f.type='email') GROUP BY value "
        "ORDER BY value");
    while (st.step()) {
      std::string email = st.text(0);
      const auto& df = facts_of(classify::email_domain(email));
      std::string name = st.is_null(2) ? "" : st.text(2);
      f.row({unmask ? email : mask_email(email),
             unmask ? name : mask_name(name),
             df.free_mail ? "" : df.registrable, df.country,
             df.free_mail ? "1" : "0", std::to_string(st.integer(1))});
    }
    written.push_back(f.path());
  }
  // Organisations (domains are not personal data: never masked).
  {
    CsvFile f(dir + "/organizations.csv", {"organization", "group", "country",
                                           "government", "addresses", "items"});
    std::map<std::string, std::pair<int64_t, int64_t>> per_org;
    Statement st(
        s,
        "SELECT substr(value, instr(value,'@')+1), COUNT(DISTINCT value), "
        "COUNT(DISTINCT item_id * 4294967296 + COALESCE(sql_row, 0)) FROM "
        "all_findings WHERE type='email' GROUP BY 1");
    while (st.step()) {
      const auto& df = facts_of(st.text(0));
      if (df.free_mail) continue;
      auto& agg = per_org[df.registrable];
      agg.first += st.integer(1);
      agg.second += st.integer(2);
    }
    for (const auto& [org, agg] : per_org) {
      const auto& df = facts_of(org);
      f.row({org, df.group, df.country, df.government ? "1" : "0",
             std::to_string(agg.first), std::to_string(agg.second)});
    }
    written.push_back(f.path());
  }
  // Government contacts.
  {
    CsvFile f(dir + "/government_contacts.csv",
              {"contact", "organization", "country", "items"});
    Statement st(s,
                 "SELECT value, COALESCE(country,''), COUNT(DISTINCT item_id) "
                 "FROM all_findings "
                 "WHERE type='government_contact' GROUP BY value, country "
                 "ORDER BY value");
    while (st.step()) {
      std::string v = st.text(0);
      f.row({unmask ? v : mask_email(v),
             facts_of(classify::email_domain(v)).registrable, st.text(1),
             std::to_string(st.integer(2))});
    }
    written.push_back(f.path());
  }
  // Business documents.
  {
    CsvFile f(dir + "/documents.csv",
              {"sha256", "type", "confidence", "occurrences", "name",
               "first_locator", "evidence"});
    Statement st(
        s,
        "SELECT f.value, substr(f.type, 10), MAX(f.confidence), COUNT(*), "
        "MIN(i.locator), (SELECT COALESCE((SELECT value FROM item_fields WHERE "
        "item_id=f.item_id AND name='filename'), i.title)), MIN(f.evidence) "
        "FROM "
        "all_findings f JOIN items i ON i.id=f.item_id WHERE f.type LIKE "
        "'document.%' "
        "GROUP BY f.value, f.type ORDER BY 2, 1");
    while (st.step()) {
      f.row({st.text(0), st.text(1), st.text(2), std::to_string(st.integer(3)),
             st.text(5), st.text(4), st.text(6)});
    }
    written.push_back(f.path());
  }
  // SQL tables recovered.
  {
    CsvFile f(dir + "/tables.csv", {"source", "database", "table", "columns",
                                    "rows", "deleted_rows"});
    for (const auto& t : s.sql_tables())
      f.row({t.source, t.database, t.schema + "." + t.name,
             std::to_string(t.columns), std::to_string(t.rows),
             std::to_string(t.deleted_rows)});
    written.push_back(f.path());
  }
  return written;
}

}  // namespace leakscope
