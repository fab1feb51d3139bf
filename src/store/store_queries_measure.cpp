// The measurement's queries (store_queries.hpp, class Measure). Working
// sets: temp.scope_src (source ids of the scope), temp.dom (facts of each
// e-mail domain, from the caller).
#include <sqlite3.h>

#include "leakscope/store_queries.hpp"
#include "store/hash_runs.hpp"
#include "store/schema.hpp"
#include "store/statement.hpp"

namespace leakscope::store_queries {

namespace {

// One record: an item, or one row of a SQL table (item = the table).
constexpr const char* kRecordKey =
    "f.item_id * 4294967296 + COALESCE(f.sql_row, 0)";

// `s` with LIKE's wildcards and the escape character escaped ('\').
std::string like_literal(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

Measure::Measure(const Store& s) : s_(s) {
  StoreSql::exec(s_, "DROP TABLE IF EXISTS temp.scope_src");
  StoreSql::exec(s_, "CREATE TEMP TABLE scope_src(id INTEGER PRIMARY KEY)");
  StoreSql::exec(s_, "DROP TABLE IF EXISTS temp.dom");
  StoreSql::exec(s_,
                 "CREATE TEMP TABLE dom(domain TEXT PRIMARY KEY, org TEXT, grp "
                 "TEXT, free INTEGER, country TEXT, gov INTEGER)");
}

Measure::~Measure() = default;

std::vector<std::string> Measure::roots() const {
  std::vector<std::string> out;
  Statement st(s_, "SELECT DISTINCT root FROM sources ORDER BY root");
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::pair<int64_t, int64_t> Measure::root_files_bytes(
    const std::string& root) const {
  Statement st(
      s_, "SELECT COUNT(*), COALESCE(SUM(size),0) FROM sources WHERE root=?");
  st.bind(1, root);
  st.step();
  return {st.integer(0), st.integer(1)};
}

// temp.scope_findings: the findings (all_findings) of the scope's items.
void Measure::scope_all() {
  all_ = true;
  StoreSql::exec(s_, "DROP VIEW IF EXISTS temp.scope_findings");
  StoreSql::exec(
      s_, "CREATE TEMP VIEW scope_findings AS SELECT * FROM all_findings");
}

void Measure::scope_root(const std::string& root) {
  StoreSql::exec(s_, "DELETE FROM temp.scope_src");
  Statement ins(
      s_, "INSERT INTO temp.scope_src SELECT id FROM sources WHERE root=?");
  ins.bind(1, root);
  ins.step();
  all_ = false;
  StoreSql::exec(s_, "DROP VIEW IF EXISTS temp.scope_findings");
  StoreSql::exec(s_,
                 "CREATE TEMP VIEW scope_findings AS SELECT * FROM "
                 "all_findings WHERE item_id IN (SELECT id FROM items WHERE "
                 "source_id IN (SELECT id FROM temp.scope_src))");
}

std::string Measure::scope() const {
  return all_ ? "1" : "i.source_id IN (SELECT id FROM temp.scope_src)";
}

RawUnique Measure::messages() const {
  return {StoreSql::scalar(
              s_, "SELECT COUNT(*) FROM items i WHERE i.kind='message' AND " +
                      scope()),
          StoreSql::scalar(
              s_,
              "SELECT COUNT(DISTINCT f.value) FROM item_fields f JOIN items i "
              "ON i.id=f.item_id WHERE i.kind='message' AND "
              "f.name='dedup_key' AND " +
                  scope())};
}

RawUnique Measure::attachments() const {
  return {
      StoreSql::scalar(
          s_, "SELECT COUNT(*) FROM items i WHERE i.kind='attachment' AND " +
                  scope()),
      StoreSql::scalar(s_,
                       "SELECT COUNT(DISTINCT i.sha256) FROM items i WHERE "
                       "i.kind='attachment' AND " +
                           scope())};
}

std::map<std::string, RawUnique> Measure::email_addresses_by_place() const {
  constexpr const char* kHeaderFields =
      "('from.address','sender.address','reply_to.address','to.address',"
      "'cc.address','bcc.address')";
  // (place, value) of every address occurrence in scope, as a subquery
  // (not a TEMP table: its rows stay in the statements' own working sets).
  const std::string places =
      "(SELECT 'headers' AS place, lower(f.value) AS value FROM item_fields "
      "f JOIN items i ON i.id=f.item_id WHERE f.name IN " +
      std::string(kHeaderFields) + " AND " + scope() +
      " UNION ALL SELECT CASE WHEN sql_row IS NOT NULL THEN 'sql' ELSE "
      "'text' END, value FROM temp.scope_findings WHERE type='email' AND "
      "(sql_row IS NOT NULL OR COALESCE(field,'') NOT IN " +
      std::string(kHeaderFields) + "))";
  std::map<std::string, RawUnique> out;
  for (const char* place : {"headers", "sql", "text"}) out[place] = {};
  Statement st(s_, "SELECT place, COUNT(*), COUNT(DISTINCT value) FROM " +
                       places + " GROUP BY place");
  RawUnique all;
  while (st.step()) {
    out[st.text(0)] = {st.integer(1), st.integer(2)};
    all.raw += st.integer(1);
  }
  all.unique =
      StoreSql::scalar(s_, "SELECT COUNT(DISTINCT value) FROM " + places);
  out["all"] = all;
  return out;
}

std::map<std::string, RawUnique> Measure::findings_by_type() const {
  std::map<std::string, RawUnique> out;
  Statement st(s_,
               "SELECT f.type, COUNT(*), COUNT(DISTINCT f.value) FROM "
               "temp.scope_findings f GROUP BY f.type");
  while (st.step()) out[st.text(0)] = {st.integer(1), st.integer(2)};
  return out;
}

RawUnique Measure::findings_with_prefix(const std::string& prefix) const {
  const std::string pattern = like_literal(prefix) + "%";
  Statement raw(s_,
                "SELECT COUNT(*) FROM temp.scope_findings f WHERE f.type LIKE "
                "? ESCAPE '\\'");
  raw.bind(1, pattern);
  raw.step();
  Statement unique(s_,
                   "SELECT COUNT(*) FROM (SELECT DISTINCT f.type, f.value FROM "
                   "temp.scope_findings f WHERE f.type "
                   "LIKE ? ESCAPE '\\')");
  unique.bind(1, pattern);
  unique.step();
  return {raw.integer(0), unique.integer(0)};
}

std::vector<std::string> Measure::email_domains() const {
  std::vector<std::string> out;
  Statement st(s_,
               "SELECT DISTINCT substr(f.value, instr(f.value,'@')+1) FROM "
               "temp.scope_findings f WHERE "
               "f.type='email'");
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void Measure::set_domain_facts(const std::vector<DomainFacts>& facts) {
  StoreSql::exec(s_, "DELETE FROM temp.dom");
  Statement ins(s_, "INSERT OR IGNORE INTO temp.dom VALUES(?,?,?,?,?,?)");
  for (const DomainFacts& d : facts) {
    ins.bind(1, d.domain).bind(2, d.organization).bind(3, d.group);
    ins.bind(4, int64_t{d.free_mail}).bind(5, d.country);
    ins.bind(6, int64_t{d.government});
    ins.step();
    ins.reset();
  }
}

int64_t Measure::free_mail_domains() const {
  return StoreSql::scalar(
      s_, "SELECT COUNT(DISTINCT org) FROM temp.dom WHERE free=1");
}

int64_t Measure::government_organizations() const {
  return StoreSql::scalar(
      s_, "SELECT COUNT(DISTINCT org) FROM temp.dom WHERE gov=1");
}

int64_t Measure::government_contacts() const {
  return StoreSql::scalar(
      s_,
      "SELECT COUNT(DISTINCT f.value) FROM temp.scope_findings f WHERE "
      "f.type='government_contact'");
}

std::vector<std::pair<std::string, std::string>> Measure::organization_labels()
    const {
  std::vector<std::pair<std::string, std::string>> out;
  Statement st(s_,
               "SELECT DISTINCT org, grp FROM temp.dom WHERE free=0 AND gov=0 "
               "ORDER BY org");
  while (st.step()) out.emplace_back(st.text(0), st.text(1));
  return out;
}

void Measure::for_each_company_cell(
    const std::function<bool(const std::string& column)>& is_company,
    const std::function<void(const std::string& organization,
                             const std::string& company)>& f) const {
  struct Column {
    int64_t table, item, ordinal;
  };
  std::vector<Column> cols;
  {
    Statement st(s_,
                 "SELECT t.id, t.item_id, c.ordinal, c.name FROM sql_tables t "
                 "JOIN items i ON i.id=t.item_id JOIN sql_columns c ON "
                 "c.table_id=t.id WHERE " +
                     scope());
    while (st.step())
      if (is_company(st.text(3)))
        cols.push_back({st.integer(0), st.integer(1), st.integer(2)});
  }
  for (const Column& c : cols) {
    // Identifiers from the store's own catalog (integers), never evidence.
    Statement st(s_, "SELECT d.org, r.c" + std::to_string(c.ordinal) +
                         " FROM all_findings f JOIN sql_rows_" +
                         std::to_string(c.table) +
                         " r ON r.rowid=f.sql_row JOIN temp.dom d ON "
                         "d.domain=substr(f.value, instr(f.value,'@')+1) WHERE "
                         "f.item_id=? AND f.type='email' AND d.free=0 AND "
                         "d.gov=0");
    st.bind(1, c.item);
    while (st.step())
      if (!st.is_null(1)) f(st.text(0), st.text(1));
  }
}

void Measure::for_each_unaddressed_name_row(
    const std::function<void(const std::string& names)>& f) const {
  Statement st(
      s_,
      "SELECT item_id, sql_row, group_concat(value, ' ') FROM (SELECT "
      "f.item_id, f.sql_row, f.value FROM temp.scope_findings f WHERE "
      "f.type='person_name' AND f.sql_row IS NOT NULL "
      "AND NOT EXISTS (SELECT 1 FROM all_findings e WHERE "
      "e.item_id=f.item_id AND e.sql_row=f.sql_row AND e.type='email') "
      "ORDER BY f.item_id, f.sql_row, f.sql_column) GROUP BY item_id, "
      "sql_row");
  while (st.step()) f(st.text(2));
}

void Measure::clear_name_keys() {
  name_insert_.reset();
  StoreSql::exec(s_, "DROP TABLE IF EXISTS temp.names");
  StoreSql::exec(s_, "CREATE TEMP TABLE names(key TEXT)");
  name_insert_ =
      std::make_unique<Statement>(s_, "INSERT INTO temp.names VALUES(?)");
}

void Measure::add_name_key(const std::string& key) {
  name_insert_->reset();
  name_insert_->bind(1, key);
  name_insert_->step();
}

int64_t Measure::distinct_name_keys() const {
  return StoreSql::scalar(s_, "SELECT COUNT(DISTINCT key) FROM temp.names");
}

void Measure::for_each_address_with_names(
    const std::function<void(const std::string& address,
                             const std::string& organization,
                             const std::string& names)>& f) const {
  // Each occurrence of an address with the names shown with it there (its
  // display names in the item, or its SQL row's name cells).
  prepare_shown_names(s_);
  Statement st(s_,
               "SELECT value, org, name FROM (SELECT e.value AS value, d.org "
               "AS org, CASE WHEN e.sql_row IS NULL THEN (SELECT "
               "group_concat(n.name, ' ') FROM temp.shown_names n WHERE "
               "n.item_id=e.item_id AND n.address=e.value) ELSE (SELECT "
               "n.name FROM temp.row_names n WHERE n.item_id=e.item_id AND "
               "n.sql_row=e.sql_row) END AS name FROM temp.scope_findings e "
               "JOIN temp.dom d ON "
               "d.domain=substr(e.value, instr(e.value,'@')+1) AND d.free=0 "
               "WHERE e.type='email') WHERE name IS NOT NULL");
  while (st.step()) f(st.text(0), st.text(1), st.text(2));
}

int64_t Measure::sql_databases() const {
  return StoreSql::scalar(s_,
                          "SELECT COUNT(DISTINCT i.title) FROM items i WHERE "
                          "i.kind='sql_database' AND " +
                              scope());
}

int64_t Measure::sql_tables() const {
  return StoreSql::scalar(
      s_,
      "SELECT COUNT(*) FROM (SELECT DISTINCT d.value, i.title FROM items i "
      "JOIN item_fields d ON d.item_id=i.id AND d.name='database' WHERE "
      "i.kind='sql_table' AND " +
          scope() + ")");
}

namespace {

// One run's chunks, in order, from sql_row_hashes.
class StoredRun : public SortedHashStream {
 public:
  StoredRun(const Store& s, int64_t table, int64_t run)
      : st_(s,
            "SELECT hashes FROM sql_row_hashes WHERE table_id=? AND run=? "
            "ORDER BY seq"),
        reader_(&StoredRun::next_chunk, this) {
    st_.bind(1, table).bind(2, run);
  }
  bool next(uint64_t* h) override { return reader_.next(h); }

 private:
  static bool next_chunk(void* self, std::string* bytes) {
    auto* r = static_cast<StoredRun*>(self);
    if (!r->st_.step()) return false;
    const void* p = sqlite3_column_blob(r->st_.raw(), 0);
    bytes->assign(static_cast<const char*>(p),
                  static_cast<size_t>(sqlite3_column_bytes(r->st_.raw(), 0)));
    return true;
  }
  Statement st_;
  HashRunReader reader_;
};

// A table written before row hashes were kept in runs: its _hash column in
// unsigned order (the column holds the 64 bits as a signed integer).
class LegacyHashes : public SortedHashStream {
 public:
  LegacyHashes(const Store& s, int64_t table)
      : st_(s, "SELECT DISTINCT _hash FROM " + row_table_name(table) +
                   " ORDER BY _hash < 0, _hash") {}
  bool next(uint64_t* h) override {
    if (!st_.step()) return false;
    *h = static_cast<uint64_t>(st_.integer(0));
    return true;
  }

 private:
  Statement st_;
};

}  // namespace

Measure::SqlRows Measure::sql_rows() const {
  // Rows: counted when written (sql_tables.rows, deleted_rows). Unique: the
  // distinct content hashes. A row's hash is seeded with its table's full
  // name and column names, so only tables of one full name can share rows:
  // a table alone under its name with one sorted run counts that run's
  // hashes; every other group is a merge of its tables' runs.
  SqlRows r;
  struct Table {
    int64_t id, rows, runs, hashes;
  };
  std::map<std::string, std::vector<Table>> by_name;
  {
    Statement st(s_,
                 "SELECT t.id, t.full_name, t.rows, t.deleted_rows, (SELECT "
                 "COUNT(DISTINCT run) FROM sql_row_hashes h WHERE "
                 "h.table_id=t.id), (SELECT COALESCE(SUM(count),0) FROM "
                 "sql_row_hashes h WHERE h.table_id=t.id) FROM sql_tables t "
                 "JOIN items i ON i.id=t.item_id WHERE " +
                     scope());
    while (st.step()) {
      r.raw += st.integer(2);
      r.deleted += st.integer(3);
      by_name[st.text(1)].push_back(
          {st.integer(0), st.integer(2), st.integer(4), st.integer(5)});
    }
  }
  for (const auto& [name, tables] : by_name) {
    if (tables.size() == 1 && tables[0].runs <= 1 &&
        (tables[0].runs == 1 || tables[0].rows == 0)) {
      r.unique += tables[0].hashes;
      continue;
    }
    std::vector<std::unique_ptr<SortedHashStream>> streams;
    for (const Table& t : tables) {
      if (t.runs == 0 && t.rows > 0)
        streams.push_back(std::make_unique<LegacyHashes>(s_, t.id));
      for (int64_t run = 0; run < t.runs; ++run)
        streams.push_back(std::make_unique<StoredRun>(s_, t.id, run));
    }
    r.unique += count_distinct_hashes(streams);
  }
  return r;
}

std::vector<Measure::CountryRow> Measure::countries() const {
  // Organisations by their domain's country; people by the country of
  // their row (phone or address) else their domain's ccTLD.
  StoreSql::exec(s_, "DROP TABLE IF EXISTS temp.person_country");
  StoreSql::exec(s_,
                 "CREATE TEMP TABLE person_country(person TEXT, country TEXT)");
  StoreSql::exec(
      s_,
      "INSERT INTO temp.person_country SELECT f.value, COALESCE((SELECT "
      "p.country FROM all_findings p WHERE f.sql_row IS NOT NULL AND "
      "p.item_id=f.item_id AND p.sql_row=f.sql_row AND p.type IN "
      "('phone','postal_address') AND p.country IS NOT NULL AND "
      "p.country<>'' LIMIT 1), (SELECT NULLIF(d.country,'') FROM temp.dom d "
      "WHERE d.domain=substr(f.value, instr(f.value,'@')+1))) FROM "
      "temp.scope_findings f WHERE f.type='email'");
  std::vector<CountryRow> out;
  Statement st(
      s_,
      "WITH o AS (SELECT country, COUNT(DISTINCT org) n FROM temp.dom WHERE "
      "country<>'' AND free=0 GROUP BY country), p AS (SELECT country, "
      "COUNT(DISTINCT person) n FROM temp.person_country WHERE country IS "
      "NOT NULL GROUP BY country), c AS (SELECT country FROM o UNION SELECT "
      "country FROM p) SELECT c.country, COALESCE(o.n,0), COALESCE(p.n,0) "
      "FROM c LEFT JOIN o USING(country) LEFT JOIN p USING(country) ORDER BY "
      "3 DESC, 2 DESC, 1");
  while (st.step()) out.push_back({st.text(0), st.integer(1), st.integer(2)});
  return out;
}

std::vector<Measure::GovernmentRow> Measure::government_bodies() const {
  std::vector<GovernmentRow> out;
  Statement st(s_,
               "SELECT org, country, COUNT(*) FROM temp.dom WHERE gov=1 GROUP "
               "BY org, country ORDER BY org");
  while (st.step()) out.push_back({st.text(0), st.text(1), st.integer(2)});
  return out;
}

std::pair<std::string, std::string> Measure::date_span() const {
  Statement st(s_,
               "SELECT MIN(i.date), MAX(i.date) FROM items i WHERE i.date IS "
               "NOT NULL AND " +
                   scope());
  if (st.step() && !st.is_null(0)) return {st.text(0), st.text(1)};
  return {};
}

std::map<std::string, int64_t> Measure::dated_items_by_year() const {
  std::map<std::string, int64_t> out;
  Statement st(s_,
               "SELECT substr(i.date,1,4), COUNT(*) FROM items i WHERE i.date "
               "IS NOT NULL AND " +
                   scope() + " GROUP BY 1 ORDER BY 1");
  while (st.step()) out[st.text(0)] = st.integer(1);
  return out;
}

int64_t Measure::dated_items() const {
  return StoreSql::scalar(
      s_,
      "SELECT COUNT(*) FROM items i WHERE i.date IS NOT NULL AND " + scope());
}

int64_t Measure::dated_items_before(const std::string& cutoff) const {
  Statement st(s_,
               "SELECT COUNT(*) FROM items i WHERE i.date IS NOT NULL AND "
               "i.date < ? AND " +
                   scope());
  st.bind(1, cutoff);
  st.step();
  return st.integer(0);
}

RawUnique Measure::category(const TypeSet& set) const {
  // (f.type IN (?,...) OR f.type LIKE ? ESCAPE '\' ...), every name bound.
  std::string cond;
  for (size_t k = 0; k < set.types.size(); ++k)
    cond += std::string(k ? "," : "f.type IN (") + "?";
  if (!set.types.empty()) cond += ")";
  for (size_t k = 0; k < set.prefixes.size(); ++k)
    cond +=
        std::string(cond.empty() ? "" : " OR ") + "f.type LIKE ? ESCAPE '\\'";
  if (cond.empty()) return {};
  cond = "(" + cond + ")";
  auto count = [&](const std::string& what) {
    Statement st(s_, "SELECT COUNT(DISTINCT " + what +
                         ") FROM temp.scope_findings f WHERE " + cond);
    int at = 1;
    for (const auto& t : set.types) st.bind(at++, t);
    for (const auto& p : set.prefixes) st.bind(at++, like_literal(p) + "%");
    st.step();
    return st.integer(0);
  };
  return {count(kRecordKey), count("f.value")};
}

std::map<std::string, RawUnique> Measure::addresses_records_by_organization()
    const {
  std::map<std::string, RawUnique> out;
  Statement st(s_, "SELECT d.org, COUNT(DISTINCT f.value), COUNT(DISTINCT " +
                       std::string(kRecordKey) +
                       ") FROM temp.scope_findings f JOIN temp.dom d ON "
                       "d.domain=substr(f.value, instr(f.value,'@')+1) WHERE "
                       "f.type='email' GROUP BY d.org");
  while (st.step()) out[st.text(0)] = {st.integer(1), st.integer(2)};
  return out;
}

}  // namespace leakscope::store_queries
