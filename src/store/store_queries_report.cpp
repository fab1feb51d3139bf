// report.json's foundation figures and the CSVs' rows (store_queries.hpp).
#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "leakscope/store_queries.hpp"
#include "store/statement.hpp"

namespace leakscope::store_queries {

SourceTotals source_totals(const Store& s) {
  SourceTotals t;
  Statement st(s,
               "SELECT COUNT(*), COALESCE(SUM(size),0), "
               "COALESCE(SUM(status='failed'),0), "
               "COALESCE(SUM(status='damaged'),0) FROM sources");
  if (st.step()) {
    t.files = st.integer(0);
    t.bytes = st.integer(1);
    t.unreadable = st.integer(2);
    t.damaged = st.integer(3);
  }
  Statement k(s,
              "SELECT COALESCE(kind,'unknown'), COUNT(*) FROM sources GROUP "
              "BY 1 ORDER BY 1");
  while (k.step()) t.by_kind[k.text(0)] = k.integer(1);
  return t;
}

std::vector<ProblemSource> problem_sources(const Store& s) {
  std::vector<ProblemSource> out;
  Statement st(s,
               "SELECT path, COALESCE(error,''), status, damages FROM sources "
               "WHERE status IN ('failed','damaged') ORDER BY path");
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.integer(3)});
  return out;
}

namespace {

// The names shown with addresses (prepare_shown_names) into work_names.
void build_shown_names(const Store& s) {
  // Names shown with an address in one item: a person_name finding whose
  // evidence ends with " of <address>" (a display name), kept when the
  // address is an e-mail finding of that item. An address has no space, so
  // it is the evidence after its last space: parsed once per distinct
  // evidence text (work_names.evidence_address), then joined in SQL.
  StoreSql::exec(
      s,
      "CREATE TABLE work_names.evidence_address(id INTEGER PRIMARY KEY, "
      "address TEXT)");
  {
    Statement ins(s, "INSERT INTO work_names.evidence_address VALUES(?,?)");
    Statement st(s,
                 "SELECT e.id, e.evidence FROM finding_evidence e WHERE e.id "
                 "IN (SELECT f.evidence_id FROM finding_rows f WHERE "
                 "f.value_id IN (SELECT id FROM finding_values WHERE "
                 "type='person_name') AND f.sql_row IS NULL)");
    while (st.step()) {
      const std::string evidence = st.text(1);
      const size_t space = evidence.rfind(' ');
      if (space == std::string::npos || space < 3 ||
          evidence.compare(space - 3, 4, " of ") != 0)
        continue;
      ins.bind(1, st.integer(0)).bind(2, evidence.substr(space + 1));
      ins.step();
      ins.reset();
    }
  }
  // In (name, item) order: an (item, address)'s names are met in name
  // order wherever they are read in rowid order.
  StoreSql::exec(
      s,
      "CREATE TABLE work_names.shown_names AS SELECT f.item_id AS item_id, "
      "a.address AS address, v.value AS name FROM finding_values v JOIN "
      "finding_rows f ON f.value_id=v.id AND f.sql_row IS NULL JOIN "
      "work_names.evidence_address a ON a.id=f.evidence_id WHERE "
      "v.type='person_name' AND EXISTS (SELECT 1 FROM finding_values ev "
      "JOIN finding_rows fe ON fe.value_id=ev.id AND fe.item_id=f.item_id "
      "AND fe.sql_row IS NULL WHERE ev.type='email' AND ev.value=a.address) "
      "ORDER BY v.value, f.item_id, f.id");
  StoreSql::exec(
      s,
      "CREATE INDEX work_names.shown_names_at ON shown_names(item_id, "
      "address)");
  // The name cells of a SQL row (whole-column person_name findings), in
  // column order, joined by spaces.
  StoreSql::exec(s,
                 "CREATE TABLE work_names.row_names(item_id INTEGER, sql_row "
                 "INTEGER, name "
                 "TEXT, PRIMARY KEY(item_id, sql_row))");
  // Whole-column findings live in work_cells.cell_findings (expanded from the
  // catalog); finding_rows holds some only when a finding's evidence says
  // "sql_column" (none in stores written by this version), and then the
  // all_findings view (its three-way join) is read as before.
  const bool rows_too = StoreSql::scalar(s,
                                         "SELECT EXISTS(SELECT 1 FROM "
                                         "finding_evidence WHERE "
                                         "detector='sql_column')") != 0;
  StoreSql::exec(
      s,
      std::string("INSERT INTO work_names.row_names SELECT item_id, sql_row, "
                  "group_concat(value, ' ') FROM (SELECT item_id, sql_row, "
                  "value FROM ") +
          (rows_too ? "all_findings WHERE detector='sql_column' AND "
                    : "work_cells.cell_findings WHERE ") +
          "type='person_name' AND sql_row IS NOT NULL ORDER BY item_id, "
          "sql_row, sql_column) GROUP BY item_id, sql_row");
}

}  // namespace

void prepare_shown_names(const Store& s) {
  // Once per workspace (the cell findings expanded before).
  s.build_workspace_part("names", /*again_when_writable=*/false,
                         [&s] { build_shown_names(s); });
}

EmailFacts email_facts(const Store& s) {
  // Every occurrence of an address (finding_rows through its covering value
  // index, SQL cells from work_cells.cell_findings) as 16 bytes (record, key,
  // address), counted in memory by sorting: record = item id * 2^32 + SQL
  // row (0 outside SQL rows). The records of an address are distinct per
  // key, a value id (its findings and cells) or, for cells without one, the
  // address text, summed per text; those of a domain are distinct over all
  // its addresses.
  std::vector<std::string> texts;  // address texts, by index
  std::unordered_map<std::string, uint32_t> index_of;
  auto intern = [&](std::string_view text) -> uint32_t {
    auto [it, added] = index_of.try_emplace(
        std::string(text), static_cast<uint32_t>(texts.size()));
    if (added) texts.push_back(it->first);
    return it->second;
  };
  std::unordered_map<int64_t, uint32_t> text_of_id;
  {
    Statement st(s, "SELECT id, value FROM finding_values WHERE type='email'");
    while (st.step()) text_of_id[st.integer(0)] = intern(st.text_view(1));
  }
  // key: a value id (< 2^31, the store's interned ids) or, with the top bit
  // set, an address text index.
  constexpr uint32_t kTextKey = 0x80000000u;
  struct Occurrence {
    int64_t record;
    uint32_t key, text;
  };
  std::vector<Occurrence> occ;
  auto value_key = [](int64_t id) {
    if (id < 0 || id >= int64_t{kTextKey})
      throw std::runtime_error("finding_values: id " + std::to_string(id) +
                               " out of range");
    return static_cast<uint32_t>(id);
  };
  {
    Statement st(s,
                 "SELECT value_id, item_id, COALESCE(sql_row,0) FROM "
                 "finding_rows WHERE value_id IN (SELECT id FROM "
                 "finding_values WHERE type='email')");
    while (st.step()) {
      auto t = text_of_id.find(st.integer(0));
      if (t == text_of_id.end()) continue;
      occ.push_back({st.integer(1) * 4294967296 + st.integer(2),
                     value_key(st.integer(0)), t->second});
    }
  }
  {
    Statement st(s,
                 "SELECT value_id, value, item_id, sql_row FROM "
                 "work_cells.cell_findings WHERE type='email'");
    while (st.step()) {
      const int64_t record = st.integer(2) * 4294967296 + st.integer(3);
      if (st.is_null(0)) {
        const uint32_t t = intern(st.text_view(1));
        occ.push_back({record, kTextKey | t, t});
        continue;
      }
      auto t = text_of_id.find(st.integer(0));
      occ.push_back(
          {record, value_key(st.integer(0)),
           t != text_of_id.end() ? t->second : intern(st.text_view(1))});
    }
  }
  if (texts.size() >= kTextKey)
    throw std::runtime_error("more than 2^31 distinct addresses");
  std::vector<int64_t> records(texts.size(), 0);
  // Sorts the occurrences by (key, record) and calls f with each one that
  // starts a distinct pair.
  auto for_each_distinct = [&occ](auto&& f) {
    std::sort(occ.begin(), occ.end(),
              [](const Occurrence& a, const Occurrence& b) {
                return std::tie(a.key, a.record) < std::tie(b.key, b.record);
              });
    for (size_t i = 0; i < occ.size(); ++i)
      if (i == 0 || occ[i].key != occ[i - 1].key ||
          occ[i].record != occ[i - 1].record)
        f(occ[i]);
  };
  for_each_distinct([&](const Occurrence& o) { ++records[o.text]; });

  // Per domain: distinct addresses and distinct records over all of them.
  // Domains as indexes in byte order; the occurrences re-sorted by
  // (domain, record).
  std::map<std::string, uint32_t> domain_index;
  std::vector<uint32_t> domain_of(texts.size());
  for (uint32_t i = 0; i < texts.size(); ++i)
    domain_index.try_emplace(texts[i].substr(texts[i].find('@') + 1), 0);
  {
    uint32_t k = 0;
    for (auto& [domain, index] : domain_index) index = k++;
  }
  for (uint32_t i = 0; i < texts.size(); ++i)
    domain_of[i] = domain_index[texts[i].substr(texts[i].find('@') + 1)];
  std::vector<int64_t> domain_addresses(domain_index.size(), 0),
      domain_records(domain_index.size(), 0);
  for (uint32_t i = 0; i < texts.size(); ++i)
    if (records[i] > 0) ++domain_addresses[domain_of[i]];
  for (Occurrence& o : occ) o.key = domain_of[o.text];
  for_each_distinct([&](const Occurrence& o) { ++domain_records[o.key]; });

  // The names shown with each address: the greatest of a display name (the
  // least one per item) and the name cells of its SQL rows.
  prepare_shown_names(s);
  std::vector<std::string> names(texts.size());
  std::vector<bool> named(texts.size(), false);
  {
    Statement st(
        s,
        "SELECT address, MAX(name) FROM (SELECT address, MIN(name) AS name "
        "FROM work_names.shown_names GROUP BY item_id, address) GROUP BY "
        "address "
        "UNION ALL SELECT e.value, MAX(n.name) FROM work_cells.cell_findings e "
        "JOIN "
        "work_names.row_names n ON n.item_id=e.item_id AND n.sql_row=e.sql_row "
        "WHERE e.type='email' GROUP BY e.value UNION ALL SELECT v.value, "
        "MAX(n.name) FROM finding_values v JOIN finding_rows e ON "
        "e.value_id=v.id AND e.sql_row IS NOT NULL JOIN work_names.row_names n "
        "ON "
        "n.item_id=e.item_id AND n.sql_row=e.sql_row WHERE v.type='email' "
        "GROUP BY v.value");
    while (st.step()) {
      if (st.is_null(1)) continue;
      auto it = index_of.find(std::string(st.text_view(0)));
      if (it == index_of.end()) continue;  // shown, never found: not listed
      std::string name(st.text_view(1));
      if (!named[it->second] || names[it->second] < name) {
        names[it->second] = std::move(name);
        named[it->second] = true;
      }
    }
  }
  EmailFacts out;
  std::vector<uint32_t> order(texts.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return texts[a] < texts[b]; });
  // An interned address with no occurrence left (its source removed
  // unfinished) is no one's.
  for (uint32_t i : order)
    if (records[i] > 0)
      out.people.push_back({texts[i], std::move(names[i]), records[i]});
  for (const auto& [domain, k] : domain_index)
    if (domain_records[k] > 0)
      out.domains.push_back({domain, domain_addresses[k], domain_records[k]});
  return out;
}

std::vector<GovernmentContactRow> government_contacts(const Store& s) {
  std::vector<GovernmentContactRow> out;
  Statement st(s,
               "SELECT value, COALESCE(country,''), COUNT(DISTINCT item_id) "
               "FROM all_findings WHERE type='government_contact' GROUP BY "
               "value, country ORDER BY value");
  while (st.step()) out.push_back({st.text(0), st.text(1), st.integer(2)});
  return out;
}

std::vector<DocumentRow> business_documents(const Store& s) {
  std::vector<DocumentRow> out;
  // Document types are interned values ("document." ...: a range of the
  // type index); no SQL cell carries one.
  Statement st(
      s,
      "SELECT v.value, substr(v.type, 10), MAX(f.confidence), COUNT(*), "
      "MIN(i.locator), (SELECT COALESCE((SELECT value FROM item_fields WHERE "
      "item_id=f.item_id AND name='filename'), i.title)), MIN(e.evidence) "
      "FROM finding_values v JOIN finding_rows f ON f.value_id=v.id JOIN "
      "finding_evidence e ON e.id=f.evidence_id JOIN items i ON "
      "i.id=f.item_id WHERE v.type>='document.' AND v.type<'document/' "
      "GROUP BY v.value, v.type ORDER BY 2, 1");
  while (st.step()) {
    DocumentRow d;
    d.sha256 = st.text(0);
    d.type = st.text(1);
    d.confidence = st.text(2);
    d.occurrences = st.integer(3);
    d.first_locator = st.text(4);
    d.name = st.text(5);
    d.evidence = st.text(6);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<std::pair<std::string, int64_t>> phone_regions_seen(
    const Store& s) {
  std::vector<std::pair<std::string, int64_t>> out;
  Statement st(s,
               "SELECT v.country, COUNT(*) FROM finding_values v WHERE "
               "v.type='phone' AND COALESCE(v.country,'')<>'' AND NOT EXISTS "
               "(SELECT 1 FROM finding_rows f WHERE f.value_id=v.id AND "
               "f.confidence<0.9) GROUP BY v.country ORDER BY 2 DESC, 1");
  while (st.step()) out.emplace_back(st.text(0), st.integer(1));
  return out;
}

}  // namespace leakscope::store_queries
