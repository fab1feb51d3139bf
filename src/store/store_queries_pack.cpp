// Notification packs, lookup and the lookup index (store_queries.hpp).
// Working sets: temp.pack_* for a pack, temp.lookup_* for a lookup.
#include "leakscope/store_queries.hpp"
#include "store/statement.hpp"

namespace leakscope::store_queries {

namespace {

// Fills TEMP table temp.<name>(d) with `domains`.
void domain_table(const Store& s, const std::string& name,
                  const std::set<std::string>& domains) {
  StoreSql::exec(s, "DROP TABLE IF EXISTS temp." + name);
  StoreSql::exec(s, "CREATE TEMP TABLE " + name + "(d TEXT PRIMARY KEY)");
  Statement ins(s, "INSERT OR IGNORE INTO temp." + name + " VALUES(?)");
  for (const auto& d : domains) {
    ins.bind(1, d);
    ins.step();
    ins.reset();
  }
}

// The e-mail values at the domains of temp.<domains>, into temp.<values>.
void values_at_domains(const Store& s, const std::string& domains,
                       const std::string& values) {
  StoreSql::exec(s, "DROP TABLE IF EXISTS temp." + values);
  StoreSql::exec(s, "CREATE TEMP TABLE " + values +
                        " AS SELECT id FROM finding_values WHERE "
                        "type='email' AND substr(value, instr(value,'@')+1) "
                        "IN (SELECT d FROM temp." +
                        domains + ")");
}

}  // namespace

std::vector<std::string> email_value_domains(const Store& s) {
  std::vector<std::string> out;
  Statement st(s,
               "SELECT DISTINCT substr(value, instr(value,'@')+1) FROM "
               "finding_values WHERE type='email'");
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void for_each_email_value(const Store& s,
                          const std::function<void(const std::string&)>& f) {
  Statement st(s, "SELECT value FROM finding_values WHERE type='email'");
  while (st.step()) f(st.text(0));
}

void for_each_identifying_value(
    const Store& s, const std::function<void(const std::string& type,
                                             const std::string& value)>& f) {
  Statement st(s,
               "SELECT type, value FROM finding_values WHERE type IN "
               "('email','government_contact','person_name')");
  while (st.step()) f(st.text(0), st.text(1));
}

int64_t records_with_address(const Store& s, const std::string& address) {
  StoreSql::exec(s, "DROP TABLE IF EXISTS temp.lookup_values");
  StoreSql::exec(s, "CREATE TEMP TABLE lookup_values(id INTEGER PRIMARY KEY)");
  Statement st(s,
               "INSERT INTO temp.lookup_values SELECT id FROM finding_values "
               "WHERE type='email' AND value=?");
  st.bind(1, address);
  st.step();
  return s.count_records_with_values("lookup_values");
}

int64_t records_with_domains(const Store& s,
                             const std::set<std::string>& domains) {
  domain_table(s, "lookup_domains", domains);
  values_at_domains(s, "lookup_domains", "lookup_values");
  return s.count_records_with_values("lookup_values");
}

PackScope::PackScope(const Store& s, const std::set<std::string>& domains,
                     const std::set<std::pair<int64_t, size_t>>& company_cells,
                     const std::string& label)
    : s_(s) {
  // The organisation's addresses (interned values), then the items and the
  // SQL rows that hold one, through the findings' value index.
  domain_table(s, "pack_domains", domains);
  values_at_domains(s, "pack_domains", "pack_values");
  s.records_with_values("pack_values", "pack_records");
  StoreSql::exec(s, "DROP TABLE IF EXISTS temp.pack_items");
  StoreSql::exec(s, "CREATE TEMP TABLE pack_items(id INTEGER PRIMARY KEY)");
  StoreSql::exec(s,
                 "INSERT OR IGNORE INTO temp.pack_items SELECT item_id FROM "
                 "temp.pack_records WHERE sql_row=0");
  StoreSql::exec(s, "DROP TABLE IF EXISTS temp.pack_rows");
  StoreSql::exec(s,
                 "CREATE TEMP TABLE pack_rows(item_id INTEGER, sql_row "
                 "INTEGER, PRIMARY KEY(item_id, sql_row))");
  StoreSql::exec(s,
                 "INSERT OR IGNORE INTO temp.pack_rows SELECT item_id, sql_row "
                 "FROM temp.pack_records WHERE sql_row>0");
  // SQL rows whose company cell names the organisation, through an index
  // of the company cells' lower-case text built once per connection (one
  // pass over those columns for every pack of a notify run, then a lookup
  // per pack).
  if (!label.empty() && !company_cells.empty()) {
    if (!StoreSql::scalar(s,
                          "SELECT COUNT(*) FROM sqlite_temp_master WHERE "
                          "name='company_cells'")) {
      StoreSql::exec(s,
                     "CREATE TEMP TABLE company_cells(label TEXT, item_id "
                     "INTEGER, sql_row INTEGER)");
      for (const auto& [item, ordinal] : company_cells) {
        Statement t(s, "SELECT id FROM sql_tables WHERE item_id=?");
        t.bind(1, item);
        if (!t.step()) continue;
        // Table id and ordinal are the store's integers, never evidence.
        const std::string cell = "c" + std::to_string(ordinal);
        Statement st(s, "INSERT INTO temp.company_cells SELECT lower(" + cell +
                            "), ?, rowid FROM sql_rows_" +
                            std::to_string(t.integer(0)) + " WHERE typeof(" +
                            cell + ")='text'");
        st.bind(1, item);
        st.step();
      }
      StoreSql::exec(s,
                     "CREATE INDEX temp.company_cells_label ON "
                     "company_cells(label)");
    }
    Statement st(s,
                 "INSERT OR IGNORE INTO temp.pack_rows SELECT item_id, sql_row "
                 "FROM temp.company_cells WHERE label=?");
    st.bind(1, label);
    st.step();
  }
  StoreSql::exec(s, "DROP TABLE IF EXISTS temp.pack_foreign");
  StoreSql::exec(s, "CREATE TEMP TABLE pack_foreign(t TEXT PRIMARY KEY)");
  // Attachments and documents of the messages in scope (three levels).
  for (int level = 0; level < 3; ++level)
    StoreSql::exec(s,
                   "INSERT OR IGNORE INTO temp.pack_items SELECT i.id FROM "
                   "items i WHERE i.parent_id IN (SELECT id FROM "
                   "temp.pack_items) AND i.kind IN "
                   "('attachment','document','archive','file','tnef')");
}

PackScope::~PackScope() = default;

void PackScope::add_foreign_token(const std::string& token) {
  token_cache_.clear();
  if (!token_insert_)
    token_insert_ = std::make_unique<Statement>(
        s_, "INSERT OR IGNORE INTO temp.pack_foreign VALUES(?)");
  token_insert_->reset();
  token_insert_->bind(1, token);
  token_insert_->step();
}

bool PackScope::is_foreign_token(const std::string& token) const {
  auto known = token_cache_.find(token);
  if (known != token_cache_.end()) return known->second;
  if (!token_find_)
    token_find_ = std::make_unique<Statement>(
        s_, "SELECT 1 FROM temp.pack_foreign WHERE t=?");
  token_find_->reset();
  token_find_->bind(1, token);
  const bool foreign = token_find_->step();
  token_find_->reset();
  if (token_cache_.size() >= kTokenCache) token_cache_.clear();
  token_cache_.emplace(token, foreign);
  return foreign;
}

void PackScope::for_each_item(
    const std::function<void(const ItemRow&)>& f) const {
  Statement st(s_,
               "SELECT i.id, i.kind, i.locator, COALESCE(i.date,''), "
               "COALESCE(i.sha256,'') FROM items i WHERE i.id IN (SELECT id "
               "FROM temp.pack_items) ORDER BY i.id");
  while (st.step())
    f({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4)});
}

std::vector<PackScope::FindingRow> PackScope::item_findings(
    int64_t item) const {
  std::vector<FindingRow> out;
  if (!item_findings_)
    item_findings_ = std::make_unique<Statement>(
        s_,
        "SELECT type, value, COALESCE(field,''), evidence FROM findings "
        "WHERE item_id=? AND sql_row IS NULL ORDER BY id");
  Statement& st = *item_findings_;
  st.reset();
  st.bind(1, item);
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), -1});
  return out;
}

void PackScope::for_each_row(
    const std::function<void(int64_t item, int64_t rowid)>& f) const {
  Statement st(s_, "SELECT item_id, sql_row FROM temp.pack_rows ORDER BY 1, 2");
  while (st.step()) f(st.integer(0), st.integer(1));
}

std::vector<PackScope::FindingRow> PackScope::row_findings(
    int64_t item, int64_t rowid) const {
  std::vector<FindingRow> out;
  if (!row_findings_)
    row_findings_ = std::make_unique<Statement>(
        s_,
        "SELECT type, value, sql_column FROM findings WHERE item_id=? AND "
        "sql_row=? ORDER BY id");
  Statement& st = *row_findings_;
  st.reset();
  st.bind(1, item).bind(2, rowid);
  while (st.step())
    out.push_back({st.text(0), st.text(1), "", "", st.integer(2)});
  return out;
}

}  // namespace leakscope::store_queries
