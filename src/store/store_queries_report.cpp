// report.json's foundation figures and the CSVs' rows (store_queries.hpp).
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

void prepare_shown_names(const Store& s) {
  if (StoreSql::scalar(s,
                       "SELECT COUNT(*) FROM sqlite_temp_master WHERE "
                       "name='row_names'"))
    return;  // built earlier on this connection (readers do not write)
  // Names shown with an address in one item: a person_name finding whose
  // evidence ends with " of <address>" (a display name), kept when the
  // address is an e-mail finding of that item. An address has no space, so
  // it is the evidence after its last space: parsed once per distinct
  // evidence text (temp.evidence_address), then joined in SQL.
  StoreSql::exec(s,
                 "CREATE TEMP TABLE evidence_address(id INTEGER PRIMARY KEY, "
                 "address TEXT)");
  {
    Statement ins(s, "INSERT INTO temp.evidence_address VALUES(?,?)");
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
      "CREATE TEMP TABLE shown_names AS SELECT f.item_id AS item_id, "
      "a.address AS address, v.value AS name FROM finding_values v JOIN "
      "finding_rows f ON f.value_id=v.id AND f.sql_row IS NULL JOIN "
      "temp.evidence_address a ON a.id=f.evidence_id WHERE "
      "v.type='person_name' AND EXISTS (SELECT 1 FROM finding_values ev "
      "JOIN finding_rows fe ON fe.value_id=ev.id AND fe.item_id=f.item_id "
      "AND fe.sql_row IS NULL WHERE ev.type='email' AND ev.value=a.address) "
      "ORDER BY v.value, f.item_id, f.id");
  StoreSql::exec(s,
                 "CREATE INDEX temp.shown_names_at ON shown_names(item_id, "
                 "address)");
  // The name cells of a SQL row (whole-column person_name findings), in
  // column order, joined by spaces.
  StoreSql::exec(
      s,
      "CREATE TEMP TABLE row_names(item_id INTEGER, sql_row INTEGER, name "
      "TEXT, PRIMARY KEY(item_id, sql_row))");
  // Whole-column findings live in temp.cell_findings (expanded from the
  // catalog); finding_rows holds some only when a finding's evidence says
  // "sql_column" (none in stores written by this version), and then the
  // all_findings view (its three-way join) is read as before.
  const bool rows_too = StoreSql::scalar(s,
                                         "SELECT EXISTS(SELECT 1 FROM "
                                         "finding_evidence WHERE "
                                         "detector='sql_column')") != 0;
  StoreSql::exec(
      s, std::string("INSERT INTO temp.row_names SELECT item_id, sql_row, "
                     "group_concat(value, ' ') FROM (SELECT item_id, sql_row, "
                     "value FROM ") +
             (rows_too ? "all_findings WHERE detector='sql_column' AND "
                       : "temp.cell_findings WHERE ") +
             "type='person_name' AND sql_row IS NOT NULL ORDER BY item_id, "
             "sql_row, sql_column) GROUP BY item_id, sql_row");
}

void for_each_person(const Store& s,
                     const std::function<void(PersonRow&&)>& f) {
  // The name: of each record that holds the address, the name shown with
  // it (a display name of the address, or the name cells of its SQL row,
  // joined); of those, the greatest, so the choice never depends on the
  // query plan.
  prepare_shown_names(s);
  // The records of each address from finding_rows' value index (and the
  // SQL cells' value columns: an address cell always has a value id, so no
  // record is counted in two parts), the names from the small name tables;
  // merged by address.
  Statement st(
      s,
      "SELECT value, SUM(records), MAX(name) FROM (SELECT v.value AS value, "
      "COUNT(DISTINCT f.item_id * 4294967296 + COALESCE(f.sql_row, 0)) AS "
      "records, NULL AS name FROM finding_values v JOIN (SELECT value_id, "
      "item_id, sql_row FROM finding_rows UNION ALL SELECT value_id, "
      "item_id, sql_row FROM temp.cell_findings WHERE value_id IS NOT NULL) "
      "f ON f.value_id=v.id WHERE v.type='email' GROUP BY v.id UNION ALL "
      "SELECT value, COUNT(DISTINCT item_id * 4294967296 + sql_row), NULL "
      "FROM temp.cell_findings WHERE value_id IS NULL AND type='email' GROUP "
      "BY value UNION ALL SELECT address, 0, MAX(name) FROM (SELECT "
      "address, MIN(name) AS name FROM temp.shown_names GROUP BY item_id, "
      "address) GROUP BY address UNION ALL SELECT e.value, 0, MAX(n.name) "
      "FROM temp.cell_findings e JOIN temp.row_names n ON "
      "n.item_id=e.item_id AND n.sql_row=e.sql_row WHERE e.type='email' "
      "GROUP BY e.value UNION ALL SELECT v.value, 0, MAX(n.name) FROM "
      "finding_values v JOIN finding_rows e ON e.value_id=v.id AND "
      "e.sql_row IS NOT NULL JOIN temp.row_names n ON n.item_id=e.item_id "
      "AND n.sql_row=e.sql_row WHERE v.type='email' GROUP BY v.value) GROUP "
      "BY value ORDER BY value");
  while (st.step())
    f(PersonRow{st.text(0), st.is_null(2) ? "" : st.text(2), st.integer(1)});
}

std::vector<DomainRow> email_domains_with_counts(const Store& s) {
  std::vector<DomainRow> out;
  // From finding_rows' value index and the SQL cells, never through the
  // findings view's joins.
  Statement st(
      s,
      "SELECT domain, COUNT(DISTINCT value), COUNT(DISTINCT rec) FROM "
      "(SELECT substr(v.value, instr(v.value,'@')+1) AS domain, v.value AS "
      "value, f.item_id * 4294967296 + COALESCE(f.sql_row, 0) AS rec FROM "
      "finding_values v JOIN finding_rows f ON f.value_id=v.id WHERE "
      "v.type='email' UNION ALL SELECT substr(value, instr(value,'@')+1), "
      "value, item_id * 4294967296 + sql_row FROM temp.cell_findings WHERE "
      "type='email') GROUP BY 1");
  while (st.step()) out.push_back({st.text(0), st.integer(1), st.integer(2)});
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
