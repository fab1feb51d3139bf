#include "report/notify.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

#include "classify/address_syntax.hpp"
#include "leakscope/measure.hpp"
#include "leakscope/store_queries.hpp"
#include "measure/domains.hpp"
#include "report/csv_writer.hpp"
#include "report/masking.hpp"
#include "util/json_text.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace leakscope {
namespace {

using nlohmann::json;

// Every e-mail domain in the store whose registrable domain is `org`.
std::set<std::string> domains_of_org(const Store& s, const std::string& org) {
  std::set<std::string> out;
  // A domain whose registrable domain is `org` is `org` or ends with
  // ".org": only those are looked up in the public suffix list.
  const std::string dotted = "." + org;
  for (const std::string& d : store_queries::email_value_domains(s)) {
    const bool under = d == org || (d.size() > dotted.size() &&
                                    d.compare(d.size() - dotted.size(),
                                              dotted.size(), dotted) == 0);
    if (under && measure::domain_facts(d).registrable == org) out.insert(d);
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

// The words of `text` that could name someone: runs of letters and digits
// (bytes of multi-byte UTF-8 count as letters), split again where a lower
// case letter meets an upper case one ("FabrikamLeads" -> fabrikam,
// leads), lower-cased ASCII; with at least two bytes and one letter.
// Each with its byte offset in `text`.
std::vector<std::pair<size_t, std::string>> words_of(const std::string& text) {
  std::vector<std::pair<size_t, std::string>> out;
  auto is_word = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
  size_t i = 0;
  while (i < text.size()) {
    if (!is_word(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t start = i;
    bool letter = false;
    std::string w;
    for (; i < text.size() && is_word(static_cast<unsigned char>(text[i]));
         ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (i > start && std::isupper(c) &&
          std::islower(static_cast<unsigned char>(text[i - 1])))
        break;
      letter = letter || !std::isdigit(c);
      w.push_back(static_cast<char>(std::tolower(c)));
    }
    if (w.size() >= 2 && letter) out.emplace_back(start, w);
  }
  return out;
}

// `text` (a locator, a table name) with every word that identifies someone
// other than the pack's organisation cut to its first character and "***",
// and every e-mail address that is not at one of `domains` masked whole.
std::string mask_foreign_text(const std::string& text,
                              const store_queries::PackScope& scope,
                              const std::set<std::string>& domains) {
  // Addresses first (their words would be masked one by one otherwise).
  std::string out = replace_addresses_in(
      text, [&](const std::string& a) -> std::optional<std::string> {
        if (domains.count(ascii_lower(a.substr(a.find('@') + 1))))
          return std::nullopt;
        return mask_foreign("email", a);
      });
  // Then words, from the end so that offsets stay valid.
  auto words = words_of(out);
  for (auto it = words.rbegin(); it != words.rend(); ++it) {
    if (!scope.is_foreign_token(it->second)) continue;
    size_t first_len = 1;
    unsigned char c0 = static_cast<unsigned char>(out[it->first]);
    if (c0 >= 0xC0) first_len = c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : 2;
    out.replace(it->first + first_len, it->second.size() - first_len, "***");
  }
  return out;
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
  for (const std::string& d : store_queries::email_value_domains(s)) {
    measure::DomainFacts f = measure::domain_facts(d);
    // Only names that are domains (RFC 1035) become organisations, and so
    // directory names: never "..", "/" or markup from a crafted address.
    if (!f.free_mail && classify::is_valid_domain(f.registrable))
      orgs.insert(f.registrable);
  }
  return {orgs.begin(), orgs.end()};
}

PackSummary write_notification_pack(const Store& s, const std::string& org_in,
                                    const std::string& dir) {
  std::string org = ascii_lower(org_in);
  std::set<std::string> domains = domains_of_org(s, org);
  std::string label = measure::domain_facts(org).group;

  // SQL rows whose company-like column names the organisation: only those
  // columns are read, table by table.
  std::map<int64_t, Store::SqlTableInfo> tables;
  std::map<int64_t, std::vector<Store::SqlColumnInfo>> columns;
  for (auto& t : s.sql_tables()) {
    columns[t.item_id] = s.sql_columns(t.id);
    tables[t.item_id] = t;
  }
  // The company cells that may name the organisation, by (table item,
  // ordinal).
  std::set<std::pair<int64_t, size_t>> own_company_cells;
  if (!label.empty())
    for (const auto& [item, cols] : columns)
      for (size_t k = 0; k < cols.size(); ++k)
        if (cols[k].value_kind == "text" && is_company_column(cols[k].name))
          own_company_cells.insert({item, k});  // names are text
  store_queries::PackScope scope(s, domains, own_company_cells, label);
  // Words that identify someone else: of every address not at the
  // organisation's domains (its local part and its organisation's name),
  // of every person's name, of every other organisation's name. The
  // organisation's own name and its own addresses' words stay readable.
  {
    std::set<std::string> own_words;
    for (const auto& [pos, w] : words_of(label)) own_words.insert(w);
    for (const auto& d : domains)
      for (const auto& [pos, w] : words_of(d)) own_words.insert(w);
    // First the organisation's own words, then everyone else's.
    store_queries::for_each_identifying_value(s, [&](const std::string& type,
                                                     const std::string& value) {
      if (type == "person_name" ||
          !domains.count(classify::email_domain(value)))
        return;
      for (const auto& [pos, w] : words_of(value.substr(0, value.find('@'))))
        own_words.insert(w);
    });
    store_queries::for_each_identifying_value(
        s, [&](const std::string& type, const std::string& value) {
          std::vector<std::pair<size_t, std::string>> words;
          if (type == "person_name") {
            words = words_of(value);
          } else {
            std::string domain = classify::email_domain(value);
            if (domains.count(domain)) return;
            words = words_of(value.substr(0, value.find('@')));
            for (auto& w : words_of(measure::domain_facts(domain).group))
              words.push_back(w);
          }
          for (const auto& [pos, w] : words)
            if (!own_words.count(w)) scope.add_foreign_token(w);
        });
  }

  // The organisation names a directory: only a domain name (letters,
  // digits, hyphens and inner dots) may, so no value can leave `dir`.
  if (!classify::is_valid_domain(org))
    throw std::runtime_error("\"" + printable(org) +
                             "\" is not a domain name (RFC 1035); no pack "
                             "written");
  std::string out_dir = dir + "/" + org;
  std::filesystem::create_directories(out_dir);
  PackSummary sum;
  sum.organization = org;
  sum.directory = out_dir;
  std::string items_path = out_dir + "/items.jsonl";
  AtomicFile out(items_path);

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
  scope.for_each_item([&](const store_queries::PackScope::ItemRow& it) {
    json j;
    j["locator"] = mask_foreign_text(it.locator, scope, domains);
    j["kind"] = it.kind;
    if (!it.date.empty()) j["date"] = it.date;
    if (!it.sha256.empty()) j["sha256"] = it.sha256;
    fj = json::array();
    for (const auto& f : scope.item_findings(it.id)) {
      const std::string& type = f.type;
      if (type.rfind("sql_column.", 0) == 0) continue;
      bool own = false;
      if (type == "email" || type == "government_contact") {
        own = is_own_email(f.value);
      } else if (type == "person_name") {
        size_t of = f.evidence.rfind(" of ");
        own =
            of != std::string::npos && is_own_email(f.evidence.substr(of + 4));
      } else if (type.rfind("document.", 0) == 0) {
        own = true;  // a document's type and hash identify no person
      }
      add_finding(type, f.value, f.field, own);
    }
    j["findings"] = fj;
    // Evidence bytes that are not UTF-8 (file names) are replaced, never
    // allowed to abort the pack.
    out.put(dump_json(j, -1) + "\n");
    ++sum.items;
  });
  // SQL rows. Only the organisation's own identifiers are shown: its
  // addresses, and a company cell that names it. Every other cell and
  // finding is masked (a row that holds one of its addresses may also name
  // another organisation's people).
  // Each table's locator, read once (rows of one table come together).
  std::map<int64_t, std::string> locators;
  auto table_locator = [&](int64_t item) -> const std::string& {
    auto it = locators.find(item);
    if (it == locators.end())
      it = locators.emplace(item, s.item_locator(item)).first;
    return it->second;
  };
  scope.for_each_row([&](int64_t item, int64_t rowid) {
    auto t = tables.find(item);
    if (t == tables.end()) return;
    const auto& cols = columns[item];
    std::map<int64_t, std::vector<std::pair<std::string, std::string>>> by_cell;
    for (const auto& v : s.row_values(t->second.id, rowid))
      by_cell[v.ordinal].push_back({v.type, v.value});
    for (const auto& f : scope.row_findings(item, rowid))
      by_cell[f.sql_column].push_back({f.type, f.value});
    auto own_finding = [&](const std::string& type, const std::string& v) {
      return (type == "email" || type == "government_contact") &&
             is_own_email(v);
    };
    json j;
    j["kind"] = "sql_row";
    j["table"] = mask_foreign_text(t->second.full_name, scope, domains);
    s.for_each_sql_row(
        t->second.id,
        [&](int64_t, const SqlRowRef& ref, std::span<const SqlValue> values) {
          j["locator"] = mask_foreign_text(
              table_locator(item) + "/page=" + std::to_string(ref.file) + ":" +
                  std::to_string(ref.page) +
                  "/slot=" + std::to_string(ref.slot),
              scope, domains);
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
    out.put(dump_json(j, -1) + "\n");
    ++sum.items;
  });
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
  write_file_atomically(summary_path, dump_json(summary, 2) + "\n");
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
  store_queries::for_each_email_value(s, [&](const std::string& e) {
    names.insert(e);
    measure::DomainFacts f = measure::domain_facts(classify::email_domain(e));
    if (!f.free_mail && !f.registrable.empty()) names.insert(f.registrable);
  });
  std::map<std::string, std::vector<std::string>> ranges;
  for (const auto& n : names) {
    std::string h = Sha256::hex(n);
    for (char& c : h)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    ranges[h.substr(0, 5)].push_back(h.substr(5));
  }
  // Padding (as Have I Been Pwned's range API pads its answers): every
  // bucket holds at least kMinBucket suffixes, the real ones and random
  // ones, and as many decoy buckets as real ones (at least kMinDecoys) hold
  // only random suffixes. A checker learns whether its own name is listed;
  // it cannot tell how many names a bucket holds, nor whether a bucket
  // holds any real name at all.
  constexpr size_t kMinBucket = 16, kMinDecoys = 256;
  std::random_device rd;  // the kernel's CSPRNG
  auto random_hex = [&](size_t n) {
    static const char* kHex = "0123456789ABCDEF";
    std::string h;
    while (h.size() < n) {
      uint32_t r = rd();
      for (int k = 0; k < 8 && h.size() < n; ++k, r >>= 4) h += kHex[r & 15];
    }
    return h;
  };
  const size_t decoys = std::max(kMinDecoys, ranges.size());
  for (size_t k = 0; k < decoys;) {
    std::string prefix = random_hex(5);
    if (ranges.count(prefix)) continue;
    ranges[prefix];  // an empty bucket, padded below
    ++k;
  }
  std::filesystem::create_directories(dir);
  for (auto& [prefix, suffixes] : ranges) {
    while (suffixes.size() < kMinBucket) suffixes.push_back(random_hex(59));
    std::sort(suffixes.begin(), suffixes.end());
    std::string bucket;
    for (const auto& x : suffixes) bucket += x + "\n";
    write_file_atomically(dir + "/" + prefix + ".txt", bucket);
  }
  write_file_atomically(
      dir + "/README.txt",
      "leakscope lookup index (k-anonymity ranges)\n"
      "Names: lower-case e-mail addresses (IDNA domain) and registrable "
      "domains.\n"
      "Hash: SHA-256 of the name, upper-case hex. File <first 5 hex>.txt "
      "lists the\n"
      "remaining 59 hex digits of indexed names in that range, padded with "
      "random\n"
      "entries to at least 16 lines; decoy files hold random entries only. "
      "A\n"
      "checker learns whether its own name is listed, not how many names a "
      "file\n"
      "holds. A missing file means no indexed name has that prefix.\n");
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
    r.items = store_queries::records_with_address(s, norm);
  } else {
    // The target and its subdomains; a registrable domain also covers the
    // organisation's other hosts (mail.contoso.com for contoso.com).
    std::string org = measure::domain_facts(target).registrable;
    // A registrable domain: its records as the measurement of this store
    // state counted them, when it was measured (one indexed read).
    if (!org.empty() && org == target) {
      if (const auto n = measured_organization_records(s, org)) {
        r.items = *n;
        r.found = r.items > 0;
        return r;
      }
    }
    std::set<std::string> domains =
        domains_of_org(s, org.empty() ? target : org);
    std::set<std::string> chosen;
    std::string dotted = "." + target;
    for (const auto& d : domains) {
      bool sub =
          d.size() > dotted.size() &&
          d.compare(d.size() - dotted.size(), dotted.size(), dotted) == 0;
      if (d != target && !sub && org != target) continue;
      chosen.insert(d);
    }
    r.items = store_queries::records_with_domains(s, chosen);
  }
  r.found = r.items > 0;
  return r;
}

}  // namespace leakscope
