#include "report/notify.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include "classify/recognizers.hpp"
#include "measure/domains.hpp"
#include "report/masking.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace leakscope {
namespace {

using nlohmann::json;

// Every e-mail domain in the store whose registrable domain is `org`.
std::set<std::string> domains_of_org(const Store& s, const std::string& org) {
  std::set<std::string> out;
  Statement st(
      s,
      "SELECT DISTINCT substr(value, instr(value,'@')+1) FROM finding_values "
      "WHERE type='email'");
  while (st.step()) {
    std::string d = st.text(0);
    if (measure::domain_facts(d).registrable == org) out.insert(d);
  }
  return out;
}

// A value in a pack that is not the organisation's own: masked so that it
// identifies neither a person nor another organisation (an address keeps
// only its first character: "b***@***", not the other company's domain).
std::string mask_foreign(const std::string& type, const std::string& v) {
  if (!is_valid_utf8(v)) return "***";
  if (type == "email" || type == "government_contact" ||
      v.find('@') != std::string::npos) {
    std::string first = v.empty() ? "" : v.substr(0, 1);
    if (!first.empty() && static_cast<unsigned char>(first[0]) >= 0x80)
      first.clear();  // never half a UTF-8 sequence
    return first + "***@***";
  }
  return mask_value(type, v);
}

bool is_company_column(const std::string& name) {
  std::string n = ascii_lower(name);
  for (const char* k :
       {"company", "organization", "organisation", "customer", "client",
        "account", "firma", "unternehmen", "societe", "société", "empresa",
        "bedrijf", "vendor", "supplier", "partner"})
    if (n.find(k) != std::string::npos) return true;
  return false;
}

}  // namespace

std::vector<std::string> affected_organizations(const Store& s) {
  std::set<std::string> orgs;
  Statement st(
      s,
      "SELECT DISTINCT substr(value, instr(value,'@')+1) FROM finding_values "
      "WHERE type='email'");
  while (st.step()) {
    measure::DomainFacts f = measure::domain_facts(st.text(0));
    if (!f.free_mail && !f.registrable.empty()) orgs.insert(f.registrable);
  }
  return {orgs.begin(), orgs.end()};
}

PackSummary write_notification_pack(const Store& s, const std::string& org_in,
                                    const std::string& dir) {
  std::string org = ascii_lower(org_in);
  std::set<std::string> domains = domains_of_org(s, org);
  std::string label = measure::domain_facts(org).group;

  // Items in scope, in a TEMP table (bounded memory on a large store).
  s.exec("DROP TABLE IF EXISTS temp.pack_items");
  s.exec("CREATE TEMP TABLE pack_items(id INTEGER PRIMARY KEY)");
  s.exec("DROP TABLE IF EXISTS temp.pack_domains");
  s.exec("CREATE TEMP TABLE pack_domains(d TEXT PRIMARY KEY)");
  {
    Statement ins(s, "INSERT OR IGNORE INTO temp.pack_domains VALUES(?)");
    for (const auto& d : domains) {
      ins.bind(1, d);
      ins.step();
      ins.reset();
    }
  }
  // The organisation's addresses (interned values), then the items and the
  // SQL rows that hold one, through the findings' value index.
  s.exec("DROP TABLE IF EXISTS temp.pack_values");
  s.exec(
      "CREATE TEMP TABLE pack_values AS SELECT id FROM finding_values WHERE "
      "type='email' AND substr(value, instr(value,'@')+1) IN (SELECT d FROM "
      "temp.pack_domains)");
  s.records_with_values("pack_values", "pack_records");
  s.exec(
      "INSERT OR IGNORE INTO temp.pack_items SELECT item_id FROM "
      "temp.pack_records WHERE sql_row=0");
  s.exec("DROP TABLE IF EXISTS temp.pack_rows");
  s.exec(
      "CREATE TEMP TABLE pack_rows(item_id INTEGER, sql_row INTEGER, "
      "PRIMARY KEY(item_id, sql_row))");
  s.exec(
      "INSERT OR IGNORE INTO temp.pack_rows SELECT item_id, sql_row FROM "
      "temp.pack_records WHERE sql_row>0");
  // SQL rows whose company-like column names the organisation: only those
  // columns are read, table by table.
  std::map<int64_t, Store::SqlTableInfo> tables;
  std::map<int64_t, std::vector<Store::SqlColumnInfo>> columns;
  for (auto& t : s.sql_tables()) {
    columns[t.item_id] = s.sql_columns(t.id);
    tables[t.item_id] = t;
  }
  // The company cells that name the organisation, by (table item, ordinal).
  std::set<std::pair<int64_t, size_t>> own_company_cells;
  if (!label.empty()) {
    for (const auto& [item, cols] : columns)
      for (size_t k = 0; k < cols.size(); ++k) {
        if (!is_company_column(cols[k].name)) continue;
        own_company_cells.insert({item, k});
        // Table id and ordinal are the store's integers, never evidence.
        Statement st(s,
                     "INSERT OR IGNORE INTO temp.pack_rows SELECT ?, "
                     "rowid FROM sql_rows_" +
                         std::to_string(tables[item].id) + " WHERE lower(c" +
                         std::to_string(k) + ")=?");
        st.bind(1, item).bind(2, label);
        st.step();
      }
  }
  // Attachments and documents of the messages in scope (two levels).
  for (int level = 0; level < 3; ++level)
    s.exec(
        "INSERT OR IGNORE INTO temp.pack_items SELECT i.id FROM items i WHERE "
        "i.parent_id IN "
        "(SELECT id FROM temp.pack_items) AND i.kind IN "
        "('attachment','document','archive',"
        "'file','tnef')");

  std::string out_dir = dir + "/" + org;
  std::filesystem::create_directories(out_dir);
  PackSummary sum;
  sum.organization = org;
  sum.directory = out_dir;
  std::string items_path = out_dir + "/items.jsonl";
  std::ofstream out(items_path, std::ios::binary);
  if (!out) throw std::runtime_error(items_path + ": cannot write");

  // An identifier is the organisation's own when it is an address at one of
  // its domains, or a name shown with such an address, or any value of a SQL
  // row that carries such an address (the row is about O's own person).
  auto is_own_email = [&](const std::string& e) {
    return domains.count(classify::email_domain(e)) > 0;
  };
  json by_type = json::object();
  // The findings of the record being written; add_finding appends one,
  // masked unless it is the organisation's own.
  json fj;
  auto add_finding = [&](const std::string& type, const std::string& value,
                         const std::string& field, bool own) {
    json one = {{"type", type},
                {"value", own ? value : mask_foreign(type, value)}};
    if (!field.empty()) one["field"] = field;
    if (!own) one["masked"] = true;
    fj.push_back(one);
    by_type[type] = by_type.value(type, 0) + 1;
  };
  Statement items(
      s,
      "SELECT i.id, i.kind, i.locator, COALESCE(i.date,''), i.sha256 FROM "
      "items i "
      "WHERE i.id IN (SELECT id FROM temp.pack_items) ORDER BY i.id");
  Statement finds(
      s,
      "SELECT type, value, COALESCE(field,''), evidence FROM findings WHERE "
      "item_id=? AND sql_row IS NULL ORDER BY id");
  while (items.step()) {
    int64_t id = items.integer(0);
    std::string kind = items.text(1);
    json j;
    j["locator"] = items.text(2);
    j["kind"] = kind;
    if (!items.text(3).empty()) j["date"] = items.text(3);
    if (!items.is_null(4)) j["sha256"] = items.text(4);
    finds.bind(1, id);
    std::vector<std::array<std::string, 4>> fs;
    while (finds.step())
      fs.push_back(
          {finds.text(0), finds.text(1), finds.text(2), finds.text(3)});
    finds.reset();
    fj = json::array();
    for (const auto& [type, value, field, evidence] : fs) {
      if (type.rfind("sql_column.", 0) == 0) continue;
      bool own = false;
      if (type == "email" || type == "government_contact") {
        own = is_own_email(value);
      } else if (type == "person_name") {
        size_t of = evidence.rfind(" of ");
        own = of != std::string::npos && is_own_email(evidence.substr(of + 4));
      } else if (type.rfind("document.", 0) == 0) {
        own = true;  // a document's type and hash identify no person
      }
      add_finding(type, value, field, own);
    }
    j["findings"] = fj;
    // Evidence bytes that are not UTF-8 (file names) are replaced, never
    // allowed to abort the pack.
    out << j.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    ++sum.items;
  }
  // SQL rows. Only the organisation's own identifiers are shown: its
  // addresses, and a company cell that names it. Every other cell and
  // finding is masked (a row that holds one of its addresses may also name
  // another organisation's people).
  Statement rows(s,
                 "SELECT item_id, sql_row FROM temp.pack_rows ORDER BY 1, 2");
  Statement cell_finds(s,
                       "SELECT type, value, sql_column FROM findings WHERE "
                       "item_id=? AND sql_row=? ORDER BY id");
  // Each table's locator, read once (rows of one table come together).
  std::map<int64_t, std::string> locators;
  auto table_locator = [&](int64_t item) -> const std::string& {
    auto it = locators.find(item);
    if (it == locators.end())
      it = locators.emplace(item, s.item_locator(item)).first;
    return it->second;
  };
  while (rows.step()) {
    int64_t item = rows.integer(0), rowid = rows.integer(1);
    auto t = tables.find(item);
    if (t == tables.end()) continue;
    const auto& cols = columns[item];
    std::map<int64_t, std::vector<std::pair<std::string, std::string>>> by_cell;
    for (const auto& v : s.row_values(t->second.id, rowid))
      by_cell[v.ordinal].push_back({v.type, v.value});
    cell_finds.bind(1, item).bind(2, rowid);
    while (cell_finds.step())
      by_cell[cell_finds.integer(2)].push_back(
          {cell_finds.text(0), cell_finds.text(1)});
    cell_finds.reset();
    auto own_finding = [&](const std::string& type, const std::string& v) {
      return (type == "email" || type == "government_contact") &&
             is_own_email(v);
    };
    json j;
    j["kind"] = "sql_row";
    j["table"] = t->second.full_name;
    s.for_each_sql_row(
        t->second.id,
        [&](int64_t, const SqlRowRef& ref, std::span<const SqlValue> values) {
          j["locator"] =
              table_locator(item) + "/page=" + std::to_string(ref.file) + ":" +
              std::to_string(ref.page) + "/slot=" + std::to_string(ref.slot);
          j["state"] = row_state_name(ref.state);
          json cells = json::object();
          for (size_t k = 0; k < values.size() && k < cols.size(); ++k) {
            if (values[k].kind == SqlValueKind::kNull) continue;
            std::string v = sql_value_text(values[k]);
            auto fc = by_cell.find(static_cast<int64_t>(k));
            bool own = false;
            std::string type = cols[k].cell_type;
            if (fc != by_cell.end()) {
              own = true;
              for (const auto& [ft, fv] : fc->second) {
                if (type.empty()) type = ft;
                own = own && own_finding(ft, fv);
              }
            } else if (own_company_cells.count({item, k})) {
              own = ascii_lower(v) == label;
            }
            cells[cols[k].name] = own ? v : mask_foreign(type, v);
          }
          j["cells"] = cells;
        },
        rowid);
    fj = json::array();
    for (const auto& [col, list] : by_cell)
      for (const auto& [type, value] : list) {
        if (type.rfind("sql_column.", 0) == 0) continue;
        add_finding(type, value,
                    col >= 0 && static_cast<size_t>(col) < cols.size()
                        ? cols[static_cast<size_t>(col)].name
                        : std::string(),
                    own_finding(type, value));
      }
    j["findings"] = fj;
    // Evidence bytes that are not UTF-8 (file names) are replaced, never
    // allowed to abort the pack.
    out << j.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    ++sum.items;
  }
  out.close();
  json summary = {{"organization", org},
                  {"domains", json(std::vector<std::string>(domains.begin(),
                                                            domains.end()))},
                  {"items", sum.items},
                  {"findings_by_type", by_type},
                  {"note",
                   "Only items that concern this organisation; every "
                   "identifier that is not "
                   "its own is masked."}};
  std::string summary_path = out_dir + "/summary.json";
  std::ofstream(summary_path) << summary.dump(2) << "\n";
  for (const auto& p : {items_path, summary_path}) {
    std::ifstream in(p, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    sum.files.push_back({{"name", std::filesystem::path(p).filename().string()},
                         {"sha256", Sha256::hex(bytes)},
                         {"bytes", bytes.size()}});
  }
  return sum;
}

int64_t export_lookup_index(const Store& s, const std::string& dir) {
  std::set<std::string> names;
  {
    Statement st(s, "SELECT value FROM finding_values WHERE type='email'");
    while (st.step()) {
      std::string e = st.text(0);
      names.insert(e);
      measure::DomainFacts f = measure::domain_facts(classify::email_domain(e));
      if (!f.free_mail && !f.registrable.empty()) names.insert(f.registrable);
    }
  }
  std::map<std::string, std::vector<std::string>> ranges;
  for (const auto& n : names) {
    std::string h = Sha256::hex(n);
    for (char& c : h)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    ranges[h.substr(0, 5)].push_back(h.substr(5));
  }
  std::filesystem::create_directories(dir);
  for (auto& [prefix, suffixes] : ranges) {
    std::sort(suffixes.begin(), suffixes.end());
    std::ofstream out(dir + "/" + prefix + ".txt", std::ios::binary);
    for (const auto& x : suffixes) out << x << "\n";
    if (!out)
      throw std::runtime_error(dir + "/" + prefix + ".txt: cannot write");
  }
  std::ofstream(dir + "/README.txt")
      << "leakscope lookup index (k-anonymity ranges)\n"
         "Names: lower-case e-mail addresses (IDNA domain) and registrable "
         "domains.\n"
         "Hash: SHA-256 of the name, upper-case hex. File <first 5 hex>.txt "
         "lists the\n"
         "remaining 59 hex digits of every indexed name in that range. A "
         "missing file\n"
         "means no indexed name has that prefix.\n";
  return static_cast<int64_t>(names.size());
}

LookupResult lookup(const Store& s, const std::string& target_in) {
  LookupResult r;
  std::string target = ascii_lower(target_in);
  if (target.find('@') != std::string::npos) {
    std::string norm = classify::normalize_email(target);
    if (norm.empty()) norm = target;
    // Records (an item, or one row of a SQL table) through the value
    // indexes.
    s.exec("DROP TABLE IF EXISTS temp.lookup_values");
    s.exec("CREATE TEMP TABLE lookup_values(id INTEGER PRIMARY KEY)");
    Statement st(s,
                 "INSERT INTO temp.lookup_values SELECT id FROM finding_values "
                 "WHERE type='email' AND value=?");
    st.bind(1, norm);
    st.step();
    r.items = s.records_with_values("lookup_values", "lookup_records");
  } else {
    // The target and its subdomains; a registrable domain also covers the
    // organisation's other hosts (mail.contoso.com for contoso.com).
    std::string org = measure::domain_facts(target).registrable;
    std::set<std::string> domains =
        domains_of_org(s, org.empty() ? target : org);
    s.exec("DROP TABLE IF EXISTS temp.lookup_domains");
    s.exec("CREATE TEMP TABLE lookup_domains(d TEXT PRIMARY KEY)");
    Statement ins(s, "INSERT OR IGNORE INTO temp.lookup_domains VALUES(?)");
    std::string dotted = "." + target;
    for (const auto& d : domains) {
      bool sub =
          d.size() > dotted.size() &&
          d.compare(d.size() - dotted.size(), dotted.size(), dotted) == 0;
      if (d != target && !sub && org != target) continue;
      ins.bind(1, d);
      ins.step();
      ins.reset();
    }
    s.exec("DROP TABLE IF EXISTS temp.lookup_values");
    s.exec(
        "CREATE TEMP TABLE lookup_values AS SELECT id FROM finding_values "
        "WHERE type='email' AND substr(value, instr(value,'@')+1) IN (SELECT "
        "d FROM temp.lookup_domains)");
    r.items = s.records_with_values("lookup_values", "lookup_records");
  }
  r.found = r.items > 0;
  return r;
}

}  // namespace leakscope
