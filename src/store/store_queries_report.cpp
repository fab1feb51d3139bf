// report.json's foundation figures and the CSVs' rows (store_queries.hpp).
#include "leakscope/store_queries.hpp"
#include "store/statement.hpp"

namespace leakscope::store_queries {

namespace {

constexpr const char* kAddressFields =
    "('from.address','sender.address','reply_to.address','to.address',"
    "'cc.address','bcc.address')";

}  // namespace

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

RawUnique messages(const Store& s) {
  return {
      StoreSql::scalar(s, "SELECT COUNT(*) FROM items WHERE kind='message'"),
      StoreSql::scalar(s,
                       "SELECT COUNT(DISTINCT f.value) FROM item_fields f "
                       "JOIN items i ON i.id=f.item_id WHERE "
                       "i.kind='message' AND f.name='dedup_key'")};
}

RawUnique attachments(const Store& s) {
  return {
      StoreSql::scalar(s, "SELECT COUNT(*) FROM items WHERE kind='attachment'"),
      StoreSql::scalar(s,
                       "SELECT COUNT(DISTINCT sha256) FROM items WHERE "
                       "kind='attachment'")};
}

RawUnique header_addresses(const Store& s) {
  return {
      StoreSql::scalar(
          s, std::string("SELECT COUNT(*) FROM item_fields WHERE name IN ") +
                 kAddressFields),
      StoreSql::scalar(s, std::string("SELECT COUNT(DISTINCT lower(value)) "
                                      "FROM item_fields WHERE name IN ") +
                              kAddressFields)};
}

std::pair<std::string, std::string> message_span(const Store& s) {
  Statement st(s,
               "SELECT MIN(date), MAX(date) FROM items WHERE kind='message' "
               "AND date IS NOT NULL");
  if (st.step() && !st.is_null(0)) return {st.text(0), st.text(1)};
  return {};
}

void prepare_shown_names(const Store& s) {
  if (StoreSql::scalar(s,
                       "SELECT COUNT(*) FROM sqlite_temp_master WHERE "
                       "name='row_names'"))
    return;  // built earlier on this connection (readers do not write)
  // Names shown with an address in one item: a person_name finding whose
  // evidence ends with " of <address>" (a display name). An address has no
  // space, so it is the evidence after its last space.
  StoreSql::exec(s,
                 "CREATE TEMP TABLE shown_names(item_id INTEGER, address "
                 "TEXT, name TEXT)");
  {
    Statement ins(s, "INSERT INTO temp.shown_names VALUES(?,?,?)");
    Statement st(s,
                 "SELECT f.item_id, e.evidence, v.value FROM finding_values v "
                 "JOIN finding_rows f ON f.value_id=v.id JOIN "
                 "finding_evidence e ON e.id=f.evidence_id WHERE "
                 "v.type='person_name' AND f.sql_row IS NULL");
    while (st.step()) {
      const std::string evidence = st.text(1);
      const size_t space = evidence.rfind(' ');
      if (space == std::string::npos || space < 3 ||
          evidence.compare(space - 3, 4, " of ") != 0)
        continue;
      ins.bind(1, st.integer(0)).bind(2, evidence.substr(space + 1));
      ins.bind(3, st.text(2));
      ins.step();
      ins.reset();
    }
  }
  StoreSql::exec(s,
                 "CREATE INDEX temp.shown_names_at ON shown_names(item_id, "
                 "address)");
  // The name cells of a SQL row (whole-column person_name findings), in
  // column order, joined by spaces.
  StoreSql::exec(
      s,
      "CREATE TEMP TABLE row_names(item_id INTEGER, sql_row INTEGER, name "
      "TEXT, PRIMARY KEY(item_id, sql_row))");
  StoreSql::exec(s,
                 "INSERT INTO temp.row_names SELECT item_id, sql_row, "
                 "group_concat(value, ' ') FROM (SELECT item_id, sql_row, "
                 "value FROM all_findings WHERE type='person_name' AND "
                 "detector='sql_column' AND sql_row IS NOT NULL ORDER BY "
                 "item_id, sql_row, sql_column) GROUP BY item_id, sql_row");
}

void for_each_person(const Store& s,
                     const std::function<void(PersonRow&&)>& f) {
  // The name: of each record that holds the address, the name shown with
  // it (a display name of the address, or the name cells of its SQL row,
  // joined); of those, the greatest, so the choice never depends on the
  // query plan.
  prepare_shown_names(s);
  Statement st(s,
               "SELECT value, COUNT(DISTINCT rec), MAX(name) FROM (SELECT "
               "f.value AS value, f.item_id * 4294967296 + "
               "COALESCE(f.sql_row, 0) AS rec, CASE WHEN f.sql_row IS NULL "
               "THEN (SELECT MIN(n.name) FROM temp.shown_names n WHERE "
               "n.item_id=f.item_id AND n.address=f.value) ELSE (SELECT "
               "n.name FROM temp.row_names n WHERE n.item_id=f.item_id AND "
               "n.sql_row=f.sql_row) END AS name FROM all_findings f WHERE "
               "f.type='email') GROUP BY value ORDER BY value");
  while (st.step())
    f(PersonRow{st.text(0), st.is_null(2) ? "" : st.text(2), st.integer(1)});
}

std::vector<DomainRow> email_domains_with_counts(const Store& s) {
  std::vector<DomainRow> out;
  Statement st(
      s,
      "SELECT substr(value, instr(value,'@')+1), COUNT(DISTINCT value), "
      "COUNT(DISTINCT item_id * 4294967296 + COALESCE(sql_row, 0)) FROM "
      "all_findings WHERE type='email' GROUP BY 1");
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
  Statement st(
      s,
      "SELECT f.value, substr(f.type, 10), MAX(f.confidence), COUNT(*), "
      "MIN(i.locator), (SELECT COALESCE((SELECT value FROM item_fields WHERE "
      "item_id=f.item_id AND name='filename'), i.title)), MIN(f.evidence) "
      "FROM all_findings f JOIN items i ON i.id=f.item_id WHERE f.type LIKE "
      "'document.%' GROUP BY f.value, f.type ORDER BY 2, 1");
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
