// The measurement's queries (store_queries.hpp, class Measure). Working
// sets: temp.scope_src (source ids of the scope), temp.dom (facts of each
// e-mail domain, from the caller).
#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "leakscope/store_queries.hpp"
#include "store/hash_runs.hpp"
#include "store/schema.hpp"
#include "store/statement.hpp"

namespace leakscope::store_queries {

namespace {

// Message header fields that hold an address.
constexpr const char* kHeaderFields =
    "('from.address','sender.address','reply_to.address','to.address',"
    "'cc.address','bcc.address')";

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
  root_.clear();
  tallied_ = false;
  facts_set_ = false;
  counted_ = false;
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
  root_ = root;
  tallied_ = false;
  facts_set_ = false;
  counted_ = false;
  StoreSql::exec(s_, "DROP VIEW IF EXISTS temp.scope_findings");
  StoreSql::exec(s_,
                 "CREATE TEMP VIEW scope_findings AS SELECT * FROM "
                 "all_findings WHERE item_id IN (SELECT id FROM items WHERE "
                 "source_id IN (SELECT id FROM temp.scope_src))");
}

void Measure::prepare_sql_findings() const {
  // A view over the two tables of SQL-row findings (expand_cell_findings):
  // SQLite pushes a query's (item_id, sql_row) or type terms into each arm
  // and its index, so the cells are never copied.
  StoreSql::exec(s_,
                 "CREATE TEMP VIEW IF NOT EXISTS sql_findings AS SELECT "
                 "item_id, sql_row, sql_column, type, value, country FROM "
                 "work_cells.cell_findings UNION ALL SELECT item_id, sql_row, "
                 "sql_column, type, value, country FROM "
                 "work_cells.sql_text_findings");
}

std::string Measure::sql_findings_in_scope() const {
  prepare_sql_findings();
  return all_ ? "temp.sql_findings"
              : "(SELECT * FROM temp.sql_findings WHERE item_id IN (SELECT id "
                "FROM items WHERE source_id IN (SELECT id FROM "
                "temp.scope_src)))";
}

std::string Measure::scope() const {
  return all_ ? "1" : "i.source_id IN (SELECT id FROM temp.scope_src)";
}

namespace {

// work_roots, once per workspace: root_names(id, root), the evidence roots
// (sources.root) numbered from 1 in their order; 0 stands for an item of no
// root in the per-root tables.
void build_root_names(const Store& s) {
  StoreSql::exec(s, "DROP TABLE IF EXISTS work_roots.root_names");
  StoreSql::exec(s,
                 "CREATE TABLE work_roots.root_names(id INTEGER PRIMARY KEY, "
                 "root TEXT UNIQUE)");
  StoreSql::exec(s,
                 "INSERT INTO work_roots.root_names(root) SELECT DISTINCT root "
                 "FROM sources WHERE root IS NOT NULL ORDER BY root");
}

// work_fields, once per workspace: what the item fields and items give
// each evidence root, summed or made distinct per scope: header_values(root,
// value, n), every case-folded address of a message header field with its
// occurrences; message_keys(root, key), the distinct dedup keys of message
// items; attachment_hashes(root, sha256), the distinct attachment
// contents. Roots as in work_roots.root_names (0: none).
void build_root_fields(const Store& s) {
  for (const char* t : {"header_values", "message_keys", "attachment_hashes"})
    StoreSql::exec(s, std::string("DROP TABLE IF EXISTS work_fields.") + t);
  const std::string root_of_item =
      " JOIN items i ON i.id=f.item_id LEFT JOIN sources src ON "
      "src.id=i.source_id LEFT JOIN work_roots.root_names r ON "
      "r.root=src.root";
  StoreSql::exec(s,
                 "CREATE TABLE work_fields.header_values AS SELECT "
                 "COALESCE(r.id, 0) AS root, lower(f.value) AS value, COUNT(*) "
                 "AS n FROM item_fields f" +
                     root_of_item + " WHERE f.name IN " + kHeaderFields +
                     " GROUP BY 1, 2");
  StoreSql::exec(s,
                 "CREATE TABLE work_fields.message_keys AS SELECT DISTINCT "
                 "COALESCE(r.id, 0) AS root, f.value AS key FROM item_fields "
                 "f" +
                     root_of_item +
                     " WHERE i.kind='message' AND f.name='dedup_key'");
  StoreSql::exec(s,
                 "CREATE TABLE work_fields.attachment_hashes AS SELECT "
                 "DISTINCT COALESCE(r.id, 0) AS root, i.sha256 AS sha256 FROM "
                 "items i LEFT JOIN sources src ON src.id=i.source_id LEFT "
                 "JOIN work_roots.root_names r ON r.root=src.root WHERE "
                 "i.kind='attachment'");
  for (const char* t : {"header_values", "message_keys", "attachment_hashes"})
    StoreSql::exec(s, std::string("CREATE INDEX work_fields.") + t +
                          "_root ON " + t + "(root)");
}

}  // namespace

void Measure::prepare_roots() const {
  s_.build_workspace_part("roots", /*again_when_writable=*/true,
                          [this] { build_root_names(s_); });
}

void Measure::prepare_root_fields() const {
  prepare_roots();
  s_.build_workspace_part("fields", /*again_when_writable=*/true,
                          [this] { build_root_fields(s_); });
}

std::string Measure::root_condition() const {
  return all_ ? "1"
              : "root=(SELECT id FROM work_roots.root_names WHERE root=?1)";
}

int64_t Measure::run_for_scope(const std::string& sql) const {
  Statement st(s_, sql);
  if (!all_) st.bind(1, root_);
  return st.step() ? st.integer(0) : 0;
}

RawUnique Measure::messages() const {
  prepare_root_fields();
  return {
      StoreSql::scalar(
          s_,
          "SELECT COUNT(*) FROM items i WHERE i.kind='message' AND " + scope()),
      run_for_scope("SELECT COUNT(DISTINCT key) FROM work_fields.message_keys "
                    "WHERE " +
                    root_condition())};
}

RawUnique Measure::attachments() const {
  prepare_root_fields();
  return {
      StoreSql::scalar(
          s_, "SELECT COUNT(*) FROM items i WHERE i.kind='attachment' AND " +
                  scope()),
      run_for_scope("SELECT COUNT(DISTINCT sha256) FROM "
                    "work_fields.attachment_hashes WHERE " +
                    root_condition())};
}

std::map<std::string, RawUnique> Measure::email_addresses_by_place() const {
  tally_values();
  std::map<std::string, RawUnique> out;
  // Headers: the message items' address fields (classified or not), each
  // distinct case-folded address with its occurrences.
  prepare_root_fields();
  StoreSql::exec(s_, "DROP TABLE IF EXISTS temp.scope_headers");
  run_for_scope(
      "CREATE TEMP TABLE scope_headers AS SELECT value, SUM(n) AS n FROM "
      "work_fields.header_values WHERE " +
      root_condition() + " GROUP BY value");
  {
    Statement st(s_,
                 "SELECT COALESCE(SUM(n),0), COUNT(*) FROM temp.scope_headers");
    st.step();
    out["headers"] = {st.integer(0), st.integer(1)};
  }
  // SQL cells and other text: from the tally's counts by place.
  {
    Statement st(s_,
                 "SELECT COALESCE(SUM(n_sql),0), COALESCE(SUM(n_sql>0),0), "
                 "COALESCE(SUM(n-n_sql-n_header),0), "
                 "COALESCE(SUM(n-n_sql-n_header>0),0) FROM temp.scope_values "
                 "WHERE type='email'");
    st.step();
    out["sql"] = {st.integer(0), st.integer(1)};
    out["text"] = {st.integer(2), st.integer(3)};
  }
  out["all"].raw = out["headers"].raw + out["sql"].raw + out["text"].raw;
  out["all"].unique = StoreSql::scalar(
      s_,
      "SELECT COUNT(*) FROM (SELECT value FROM temp.scope_headers UNION "
      "SELECT value FROM temp.scope_values WHERE type='email' AND "
      "n>n_header)");
  return out;
}

// The records of every evidence root (count_root_records): by root id
// (slot 0: items of no root), the records of each category, and of each
// organisation by name.
struct RootRecords {
  std::vector<std::vector<int64_t>> categories;  // [slot][k]
  std::vector<std::unordered_map<std::string, int64_t>>
      organizations;  // [slot]
};

namespace {

// Occurrences of one value in one evidence root.
struct RootCount {
  int64_t root = 0, n = 0, n_sql = 0, n_header = 0;
};

// A store id as an index, or the error naming the table it came from.
size_t id_index(int64_t id, const char* table) {
  if (id < 0 || id >= (int64_t{1} << 31))
    throw std::runtime_error(std::string(table) + ": id " + std::to_string(id) +
                             " out of range");
  return static_cast<size_t>(id);
}

// The evidence root of each item, as its id in work_roots.root_names (0:
// none); 4 bytes per item.
class ItemRoots {
 public:
  explicit ItemRoots(const Store& s) {
    Statement st(s,
                 "SELECT i.id, COALESCE(r.id, 0) FROM items i LEFT JOIN "
                 "sources src ON src.id=i.source_id LEFT JOIN "
                 "work_roots.root_names r ON r.root=src.root");
    while (st.step()) {
      const size_t at = id_index(st.integer(0), "items");
      if (at >= root_.size()) root_.resize(at + 1, 0);
      root_[at] = static_cast<int32_t>(st.integer(1));
      roots_ = std::max(roots_, static_cast<size_t>(root_[at]) + 1);
    }
  }
  int64_t operator()(int64_t item) const {
    return item >= 0 && static_cast<uint64_t>(item) < root_.size()
               ? root_[static_cast<size_t>(item)]
               : 0;
  }
  size_t slots() const { return roots_; }  // root ids 0 .. slots() - 1

 private:
  std::vector<int32_t> root_;
  size_t roots_ = 1;
};

// work_tally, once per workspace: the occurrences of every finding value by
// evidence root (work_roots), from which each scope's temp.scope_values is
// summed (tally_values). value_counts(root, value_id, n, n_sql, n_header): the
// interned values, from finding_rows and the value cells. text_counts(root,
// type, value, n): the cells of whole-column findings (not interned). Each
// source read once, in value order, and counted per root as it streams
// by; memory: 4 bytes per item (its root) and a counter per (root, value)
// found in a header field.
void build_root_tally(const Store& s) {
  for (const char* t : {"value_counts", "text_counts"})
    StoreSql::exec(s, std::string("DROP TABLE IF EXISTS work_tally.") + t);
  StoreSql::exec(s,
                 "CREATE TABLE work_tally.value_counts(root INTEGER, value_id "
                 "INTEGER, n INTEGER, n_sql INTEGER, n_header INTEGER)");
  StoreSql::exec(s,
                 "CREATE TABLE work_tally.text_counts(root INTEGER, type TEXT, "
                 "value TEXT, n INTEGER)");
  const ItemRoots root_of(s);
  // Occurrences in a message header's address field, by (root, value).
  auto key = [](int64_t root, size_t value) {
    return (static_cast<uint64_t>(root) << 32) | value;
  };
  std::unordered_map<uint64_t, int64_t> in_headers;
  {
    Statement st(s,
                 std::string("SELECT value_id, item_id FROM finding_rows NOT "
                             "INDEXED WHERE sql_row IS NULL AND field IN ") +
                     kHeaderFields);
    while (st.step())
      ++in_headers[key(root_of(st.integer(1)),
                       id_index(st.integer(0), "finding_rows"))];
  }
  // The findings (their covering value index) and the value cells, merged
  // in value order.
  {
    Statement rows(s,
                   "SELECT value_id, item_id, sql_row IS NOT NULL FROM "
                   "finding_rows INDEXED BY finding_rows_value ORDER BY "
                   "value_id");
    Statement cells(s,
                    "SELECT value_id, item_id FROM work_cells.cell_findings "
                    "WHERE value_id IS NOT NULL ORDER BY value_id");
    Statement ins(s, "INSERT INTO work_tally.value_counts VALUES(?,?,?,?,?)");
    std::vector<RootCount> counts;  // of the value `current`, by root
    size_t current = 0;
    auto flush = [&] {
      for (RootCount& c : counts) {
        auto h = in_headers.find(key(c.root, current));
        c.n_header = h == in_headers.end() ? 0 : h->second;
        ins.bind(1, c.root).bind(2, static_cast<int64_t>(current));
        ins.bind(3, c.n).bind(4, c.n_sql).bind(5, c.n_header);
        ins.step();
        ins.reset();
      }
      counts.clear();
    };
    bool rows_more = rows.step(), cells_more = cells.step();
    while (rows_more || cells_more) {
      const bool from_rows =
          rows_more && (!cells_more || rows.integer(0) <= cells.integer(0));
      Statement& st = from_rows ? rows : cells;
      const size_t value = id_index(st.integer(0), "finding_rows");
      if (value != current) {
        flush();
        current = value;
      }
      const int64_t root = root_of(st.integer(1));
      auto c = std::find_if(counts.begin(), counts.end(),
                            [&](const RootCount& x) { return x.root == root; });
      if (c == counts.end()) {
        counts.push_back({root});
        c = counts.end() - 1;
      }
      ++c->n;
      // A value cell is in a SQL row; a finding when its row is set.
      if (!from_rows || st.integer(2) != 0) ++c->n_sql;
      if (from_rows)
        rows_more = rows.step();
      else
        cells_more = cells.step();
    }
    flush();
  }
  // The cells of whole-column findings, by (type, value).
  {
    Statement cells(s,
                    "SELECT type, value, item_id FROM work_cells.cell_findings "
                    "WHERE value_id IS NULL ORDER BY type, value");
    Statement ins(s, "INSERT INTO work_tally.text_counts VALUES(?,?,?,?)");
    std::string type, value;
    std::vector<RootCount> counts;  // of (type, value), by root
    auto flush = [&] {
      for (const RootCount& c : counts) {
        ins.bind(1, c.root).bind(2, type).bind(3, value).bind(4, c.n);
        ins.step();
        ins.reset();
      }
      counts.clear();
    };
    while (cells.step()) {
      std::string_view t = cells.text_view(0), v = cells.text_view(1);
      if (counts.empty() || t != type || v != value) {
        flush();
        type.assign(t);
        value.assign(v);
      }
      const int64_t root = root_of(cells.integer(2));
      auto c = std::find_if(counts.begin(), counts.end(),
                            [&](const RootCount& x) { return x.root == root; });
      if (c == counts.end())
        counts.push_back({root, 1});
      else
        ++c->n;
    }
    flush();
  }
  StoreSql::exec(s,
                 "CREATE INDEX work_tally.value_counts_root ON "
                 "value_counts(root)");
  StoreSql::exec(s,
                 "CREATE INDEX work_tally.text_counts_root ON "
                 "text_counts(root)");
}

}  // namespace

void Measure::tally_values() const {
  if (tallied_) return;
  // Each distinct (type, value) of the scope with its occurrences: the
  // figures by type, by prefix, the e-mail domains and the distinct values
  // of a category are read from this small table. Summed from the per-root
  // tally (build_root_tally), never through the findings view's joins.
  // n_sql: occurrences in SQL cells; n_header: in a message header's
  // address field.
  prepare_roots();
  s_.expand_cell_findings();
  s_.build_workspace_part("tally", /*again_when_writable=*/true,
                          [this] { build_root_tally(s_); });
  const std::string in_scope =
      all_ ? ""
           : " WHERE root=(SELECT id FROM work_roots.root_names WHERE "
             "root=?1)";
  StoreSql::exec(s_, "DROP TABLE IF EXISTS temp.scope_values");
  Statement st(s_,
               "CREATE TEMP TABLE scope_values AS SELECT type, value, SUM(n) "
               "AS n, SUM(n_sql) AS n_sql, SUM(n_header) AS n_header FROM "
               "(SELECT v.type AS type, v.value AS value, c.n AS n, c.n_sql "
               "AS n_sql, c.n_header AS n_header FROM work_tally.value_counts "
               "c JOIN finding_values v ON v.id=c.value_id" +
                   in_scope +
                   " UNION ALL SELECT type, value, n, n, 0 FROM "
                   "work_tally.text_counts" +
                   in_scope + ") GROUP BY type, value");
  if (!all_) st.bind(1, root_);
  st.step();
  StoreSql::exec(s_,
                 "CREATE INDEX temp.scope_values_type ON scope_values(type)");
  tallied_ = true;
}

std::map<std::string, RawUnique> Measure::findings_by_type() const {
  tally_values();
  std::map<std::string, RawUnique> out;
  Statement st(s_,
               "SELECT type, SUM(n), COUNT(*) FROM temp.scope_values GROUP BY "
               "type");
  while (st.step()) out[st.text(0)] = {st.integer(1), st.integer(2)};
  return out;
}

RawUnique Measure::findings_with_prefix(const std::string& prefix) const {
  tally_values();
  Statement st(s_,
               "SELECT COALESCE(SUM(n),0), COUNT(*) FROM temp.scope_values "
               "WHERE type LIKE ? ESCAPE '\\'");
  st.bind(1, like_literal(prefix) + "%");
  st.step();
  return {st.integer(0), st.integer(1)};
}

std::vector<std::string> Measure::email_domains() const {
  std::vector<std::string> out;
  Statement st(s_,
               "SELECT substr(value, instr(value,'@')+1) FROM finding_values "
               "WHERE type='email' UNION SELECT substr(value, "
               "instr(value,'@')+1) FROM work_cells.cell_findings WHERE "
               "type='email' AND value_id IS NULL");
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void Measure::set_domain_facts(const std::vector<DomainFacts>& facts) {
  StoreSql::exec(s_, "DELETE FROM temp.dom");
  org_of_domain_.clear();
  org_names_.clear();
  std::map<std::string, int32_t> index_of_org;
  {
    Statement ins(s_, "INSERT OR IGNORE INTO temp.dom VALUES(?,?,?,?,?,?)");
    for (const DomainFacts& d : facts) {
      ins.bind(1, d.domain).bind(2, d.organization).bind(3, d.group);
      ins.bind(4, int64_t{d.free_mail}).bind(5, d.country);
      ins.bind(6, int64_t{d.government});
      ins.step();
      ins.reset();
      auto [org, added] = index_of_org.try_emplace(
          d.organization, static_cast<int32_t>(org_names_.size()));
      if (added) org_names_.push_back(d.organization);
      org_of_domain_.try_emplace(d.domain, org->second);
    }
  }
  // The working set keeps the domains of the scope's addresses.
  tally_values();
  StoreSql::exec(s_,
                 "DELETE FROM temp.dom WHERE domain NOT IN (SELECT "
                 "substr(value, instr(value,'@')+1) FROM temp.scope_values "
                 "WHERE type='email')");
  facts_set_ = true;
  counted_ = false;
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
  tally_values();
  return StoreSql::scalar(s_,
                          "SELECT COUNT(*) FROM temp.scope_values WHERE "
                          "type='government_contact'");
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
  prepare_sql_findings();
  for (const Column& c : cols) {
    // Identifiers from the store's own catalog (integers), never evidence.
    // The table's addresses from temp.sql_findings (its (item_id, sql_row)
    // index), never through the all_findings view.
    Statement st(s_, "SELECT d.org, r.c" + std::to_string(c.ordinal) +
                         " FROM temp.sql_findings f JOIN sql_rows_" +
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
      "f.item_id, f.sql_row, f.value FROM " +
          sql_findings_in_scope() +
          " f WHERE f.type='person_name' AND NOT EXISTS (SELECT 1 FROM "
          "temp.sql_findings e WHERE e.item_id=f.item_id AND "
          "e.sql_row=f.sql_row AND e.type='email') ORDER BY f.item_id, "
          "f.sql_row, f.sql_column) GROUP BY item_id, sql_row");
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
  // Each record of an address with the names shown with it there: its
  // display names in an item (shown_names holds only addresses found in
  // their item; an item with several occurrences of the address gives its
  // names once: the union of addresses is the same).
  prepare_shown_names(s_);
  tally_values();
  const std::string in_scope =
      all_ ? "1"
           : "n.item_id IN (SELECT id FROM items WHERE source_id IN (SELECT "
             "id FROM temp.scope_src))";
  {
    Statement st(s_,
                 "SELECT n.address, d.org, group_concat(n.name, ' ') FROM "
                 "work_names.shown_names n JOIN temp.dom d ON "
                 "d.domain=substr(n.address, instr(n.address,'@')+1) AND "
                 "d.free=0 WHERE " +
                     in_scope + " GROUP BY n.item_id, n.address");
    while (st.step()) f(st.text(0), st.text(1), st.text(2));
  }
  // Or the name cells of its SQL row.
  if (StoreSql::scalar(s_,
                       "SELECT COUNT(*) FROM temp.scope_values WHERE "
                       "type='email' AND n_sql>0") == 0)
    return;
  Statement st(
      s_, "SELECT e.value, d.org, n.name FROM " + sql_findings_in_scope() +
              " e JOIN temp.dom d ON d.domain=substr(e.value, "
              "instr(e.value,'@')+1) AND d.free=0 JOIN work_names.row_names n "
              "ON n.item_id=e.item_id AND n.sql_row=e.sql_row WHERE "
              "e.type='email'");
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
  for (const auto& group : by_name) {
    const std::vector<Table>& tables = group.second;  // (captured below)
    if (tables.size() == 1 && tables[0].runs <= 1 &&
        (tables[0].runs == 1 || tables[0].rows == 0)) {
      r.unique += tables[0].hashes;
      continue;
    }
    // The same group in another scope (a table's root and the whole
    // store) is merged once.
    std::vector<int64_t> ids;
    for (const Table& t : tables) ids.push_back(t.id);
    std::sort(ids.begin(), ids.end());
    std::string key = "unique_rows";
    for (int64_t id : ids) key += " " + std::to_string(id);
    r.unique += *s_.shared_result<int64_t>(key, [&] {
      std::vector<std::unique_ptr<SortedHashStream>> streams;
      for (const Table& t : tables) {
        if (t.runs == 0 && t.rows > 0)
          streams.push_back(std::make_unique<LegacyHashes>(s_, t.id));
        for (int64_t run = 0; run < t.runs; ++run)
          streams.push_back(std::make_unique<StoredRun>(s_, t.id, run));
      }
      return std::make_shared<const int64_t>(count_distinct_hashes(streams));
    });
  }
  return r;
}

std::vector<Measure::CountryRow> Measure::countries() const {
  // Organisations by their domain's country; people by the country of
  // their row (phone or address) else their domain's ccTLD.
  StoreSql::exec(s_, "DROP TABLE IF EXISTS temp.person_country");
  StoreSql::exec(s_,
                 "CREATE TEMP TABLE person_country(person TEXT, country TEXT)");
  // An address found outside SQL rows: its domain's country, once per
  // address (from the tally).
  tally_values();
  StoreSql::exec(s_,
                 "INSERT INTO temp.person_country SELECT v.value, "
                 "NULLIF(d.country,'') FROM temp.scope_values v JOIN temp.dom "
                 "d ON d.domain=substr(v.value, instr(v.value,'@')+1) WHERE "
                 "v.type='email' AND v.n>v.n_sql");
  // In a SQL row: the row's phone or address country, else the domain's.
  if (StoreSql::scalar(s_,
                       "SELECT COUNT(*) FROM temp.scope_values WHERE "
                       "type='email' AND n_sql>0") > 0)
    StoreSql::exec(
        s_,
        "INSERT INTO temp.person_country SELECT f.value, COALESCE((SELECT "
        "p.country FROM temp.sql_findings p WHERE p.item_id=f.item_id AND "
        "p.sql_row=f.sql_row AND p.type IN ('phone','postal_address') AND "
        "p.country IS NOT NULL AND p.country<>'' LIMIT 1), (SELECT "
        "NULLIF(d.country,'') FROM temp.dom d WHERE d.domain=substr(f.value, "
        "instr(f.value,'@')+1))) FROM " +
            sql_findings_in_scope() + " f WHERE f.type='email'");
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

void Measure::set_categories(std::vector<TypeSet> sets) {
  if (sets.size() > 64) sets.resize(64);
  category_sets_ = std::move(sets);
  counted_ = false;
}

std::shared_ptr<const RootRecords> Measure::count_root_records() const {
  // Finding types as small indexes, each with its category bits.
  std::map<std::string, uint16_t> type_index;
  std::vector<uint64_t> mask_of_type;
  auto intern_type = [&](const std::string& type) -> uint16_t {
    auto [it, added] = type_index.try_emplace(
        type, static_cast<uint16_t>(mask_of_type.size()));
    if (added) {
      uint64_t mask = 0;
      for (size_t k = 0; k < category_sets_.size(); ++k) {
        bool in = false;
        for (const auto& t : category_sets_[k].types) in = in || t == type;
        for (const auto& p : category_sets_[k].prefixes)
          in = in || type.compare(0, p.size(), p) == 0;
        if (in) mask |= uint64_t{1} << k;
      }
      mask_of_type.push_back(mask);
    }
    return it->second;
  };
  auto org_of = [&](const std::string& domain) -> int32_t {
    auto it = org_of_domain_.find(domain);
    return it == org_of_domain_.end() ? -1 : it->second;
  };
  // Each interned value: its type index, and the organisation of an
  // e-mail value's domain (-1: none).
  std::vector<uint16_t> type_of_value;
  std::vector<int32_t> org_of_value;
  {
    Statement st(s_,
                 "SELECT id, type, CASE WHEN type='email' THEN substr(value, "
                 "instr(value,'@')+1) END FROM finding_values ORDER BY id");
    while (st.step()) {
      const size_t at = id_index(st.integer(0), "finding_values");
      if (at >= type_of_value.size()) {
        type_of_value.resize(at + 1, 0);
        org_of_value.resize(at + 1, -1);
      }
      type_of_value[at] = intern_type(st.text(1));
      if (!st.is_null(2)) org_of_value[at] = org_of(st.text(2));
    }
  }
  // Counters of each root (slot), by category and by organisation index.
  const ItemRoots root_of(s_);
  std::vector<std::vector<int64_t>> categories(
      root_of.slots(), std::vector<int64_t>(category_sets_.size(), 0));
  std::vector<std::vector<int64_t>> orgs_of_slot(
      root_of.slots(), std::vector<int64_t>(org_names_.size(), 0));
  // Two streams in (item, row) order; a finding outside SQL rows has row 0
  // (SQL row ids start at 1).
  Statement rows(s_,
                 "SELECT item_id, COALESCE(sql_row,0), value_id FROM "
                 "finding_rows ORDER BY item_id, sql_row");
  Statement cells(s_,
                  "SELECT item_id, sql_row, value_id, type, CASE WHEN "
                  "type='email' THEN substr(value, instr(value,'@')+1) END "
                  "FROM work_cells.cell_findings ORDER BY item_id, sql_row");
  bool rows_more = rows.step(), cells_more = cells.step();
  uint64_t mask = 0;
  std::vector<int32_t> orgs;  // the current record's, distinct
  auto add = [&](uint16_t type, int32_t org) {
    mask |= mask_of_type[type];
    if (org >= 0 && std::find(orgs.begin(), orgs.end(), org) == orgs.end())
      orgs.push_back(org);
  };
  auto value_at = [&](const Statement& st, int col) -> size_t {
    const int64_t id = st.integer(col);
    if (id < 0 || static_cast<size_t>(id) >= type_of_value.size())
      throw std::runtime_error("finding_rows: value id " + std::to_string(id) +
                               " names no finding value");
    return static_cast<size_t>(id);
  };
  while (rows_more || cells_more) {
    // The next record: the smaller (item, row) of the two streams.
    std::pair<int64_t, int64_t> rec;
    if (!cells_more ||
        (rows_more && std::pair(rows.integer(0), rows.integer(1)) <=
                          std::pair(cells.integer(0), cells.integer(1))))
      rec = {rows.integer(0), rows.integer(1)};
    else
      rec = {cells.integer(0), cells.integer(1)};
    mask = 0;
    orgs.clear();
    while (rows_more && rows.integer(0) == rec.first &&
           rows.integer(1) == rec.second) {
      const size_t v = value_at(rows, 2);
      add(type_of_value[v], org_of_value[v]);
      rows_more = rows.step();
    }
    while (cells_more && cells.integer(0) == rec.first &&
           cells.integer(1) == rec.second) {
      if (!cells.is_null(2)) {
        const size_t v = value_at(cells, 2);
        add(type_of_value[v], org_of_value[v]);
      } else {
        add(intern_type(cells.text(3)),
            cells.is_null(4) ? -1 : org_of(cells.text(4)));
      }
      cells_more = cells.step();
    }
    const auto slot = static_cast<size_t>(root_of(rec.first));
    for (size_t k = 0; k < category_sets_.size(); ++k)
      if (mask >> k & 1) ++categories[slot][k];
    for (int32_t org : orgs) ++orgs_of_slot[slot][static_cast<size_t>(org)];
  }
  auto out = std::make_shared<RootRecords>();
  out->categories = std::move(categories);
  out->organizations.resize(orgs_of_slot.size());
  for (size_t slot = 0; slot < orgs_of_slot.size(); ++slot)
    for (size_t org = 0; org < org_names_.size(); ++org)
      if (orgs_of_slot[slot][org])
        out->organizations[slot][org_names_[org]] = orgs_of_slot[slot][org];
  return out;
}

void Measure::count_records() const {
  if (counted_) return;
  if (!facts_set_)
    throw std::logic_error(
        "Measure: set_domain_facts() must come before the record counts");
  // Records belong to one item, an item to one root: every root's counts
  // come from one pass (shared with the other scopes' connections), and
  // the whole store's are their sum. The organisations of every domain
  // are known in every scope (set_domain_facts is given them all), so the
  // pass is the same whichever scope makes it.
  tally_values();  // the roots and the cells
  const std::shared_ptr<const RootRecords> counts =
      s_.shared_result<RootRecords>("records",
                                    [this] { return count_root_records(); });
  std::vector<size_t> slots;
  if (all_) {
    for (size_t slot = 0; slot < counts->categories.size(); ++slot)
      slots.push_back(slot);
  } else {
    Statement st(s_, "SELECT id FROM work_roots.root_names WHERE root=?");
    st.bind(1, root_);
    if (st.step() &&
        static_cast<size_t>(st.integer(0)) < counts->categories.size())
      slots.push_back(static_cast<size_t>(st.integer(0)));
  }
  std::map<std::string, size_t> index_of_org;
  for (size_t i = 0; i < org_names_.size(); ++i)
    index_of_org.emplace(org_names_[i], i);
  category_records_.assign(category_sets_.size(), 0);
  org_records_.assign(org_names_.size(), 0);
  for (size_t slot : slots) {
    for (size_t k = 0; k < category_sets_.size(); ++k)
      category_records_[k] += counts->categories[slot][k];
    for (const auto& [org, n] : counts->organizations[slot]) {
      auto it = index_of_org.find(org);
      if (it == index_of_org.end())
        throw std::logic_error("Measure: organisation " + org +
                               " counted without its facts");
      org_records_[it->second] += n;
    }
  }
  counted_ = true;
}

std::vector<RawUnique> Measure::categories() const {
  count_records();
  std::vector<RawUnique> out(category_sets_.size());
  // Distinct values: over the tally, across the types of the category
  // (the same value under two of its types counts once).
  std::vector<std::string> types;
  {
    Statement st(s_, "SELECT DISTINCT type FROM temp.scope_values");
    while (st.step()) types.push_back(st.text(0));
  }
  for (size_t k = 0; k < category_sets_.size(); ++k) {
    out[k].raw = category_records_[k];
    const TypeSet& set = category_sets_[k];
    StoreSql::exec(s_, "DROP TABLE IF EXISTS temp.category_types");
    StoreSql::exec(s_,
                   "CREATE TEMP TABLE category_types(type TEXT PRIMARY KEY)");
    Statement ins(s_, "INSERT INTO temp.category_types VALUES(?)");
    for (const std::string& type : types) {
      bool in = false;
      for (const auto& t : set.types) in = in || t == type;
      for (const auto& p : set.prefixes)
        in = in || type.compare(0, p.size(), p) == 0;
      if (!in) continue;
      ins.bind(1, type);
      ins.step();
      ins.reset();
    }
    out[k].unique = StoreSql::scalar(
        s_,
        "SELECT COUNT(DISTINCT value) FROM temp.scope_values WHERE type IN "
        "(SELECT type FROM temp.category_types)");
  }
  return out;
}

std::map<std::string, int64_t> Measure::documents_by_organization() const {
  std::map<std::string, int64_t> out;
  // Document types are interned values ("document." ...: a range of the
  // type index); no SQL cell carries one.
  Statement st(
      s_,
      "WITH RECURSIVE up(sha, item, depth) AS (SELECT v.value, f.item_id, 0 "
      "FROM finding_values v JOIN finding_rows f ON f.value_id=v.id WHERE "
      "v.type>='document.' AND v.type<'document/'" +
          std::string(all_ ? ""
                           : " AND f.item_id IN (SELECT id FROM items WHERE "
                             "source_id IN (SELECT id FROM temp.scope_src))") +
          " UNION "
          "SELECT up.sha, i.parent_id, up.depth+1 FROM up JOIN items i ON "
          "i.id=up.item WHERE i.parent_id IS NOT NULL AND up.depth<3) SELECT "
          "d.org, COUNT(DISTINCT up.sha) FROM up JOIN finding_rows f ON "
          "f.item_id=up.item AND f.sql_row IS NULL JOIN finding_values v ON "
          "v.id=f.value_id AND v.type='email' JOIN temp.dom d ON "
          "d.domain=substr(v.value, instr(v.value,'@')+1) GROUP BY d.org");
  while (st.step()) out[st.text(0)] = st.integer(1);
  return out;
}

int64_t Measure::sql_database_copies() const {
  return StoreSql::scalar(
      s_, "SELECT COUNT(*) FROM items i WHERE i.kind='sql_database' AND " +
              scope());
}

std::map<std::string, RawUnique> Measure::addresses_records_by_organization()
    const {
  count_records();
  std::map<std::string, RawUnique> out;
  // Distinct addresses from the tally (one row per value); records from
  // the pass.
  Statement st(s_,
               "SELECT d.org, COUNT(*) FROM temp.scope_values v JOIN temp.dom "
               "d ON d.domain=substr(v.value, instr(v.value,'@')+1) WHERE "
               "v.type='email' GROUP BY d.org");
  std::map<std::string, int32_t> index_of_org;
  for (size_t i = 0; i < org_names_.size(); ++i)
    index_of_org.emplace(org_names_[i], static_cast<int32_t>(i));
  while (st.step()) {
    const std::string org = st.text(0);
    auto it = index_of_org.find(org);
    out[org] = {st.integer(1),
                it == index_of_org.end()
                    ? 0
                    : org_records_[static_cast<size_t>(it->second)]};
  }
  return out;
}

}  // namespace leakscope::store_queries
