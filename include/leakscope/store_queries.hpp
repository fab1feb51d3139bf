// The queries that readers of a store need (report.json, the CSVs, the
// measurement, notification packs, lookup, the lookup index), as functions
// of the store: the SQL text lives in src/store (store_queries_*.cpp), every
// value from evidence or the command line is a bound parameter, and the
// callers get typed rows. Working sets live in SQLite TEMP tables of the
// store's connection, so memory stays bounded whatever the store's size.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "leakscope/store.hpp"

namespace leakscope::store_queries {

struct RawUnique {
  int64_t raw = 0, unique = 0;
};

// --- report.json (foundation figures) and the CSVs ---
struct SourceTotals {
  int64_t files = 0, bytes = 0, unreadable = 0, damaged = 0;
  std::map<std::string, int64_t> by_kind;  // sources.kind ("unknown": none)
};
SourceTotals source_totals(const Store& s);
struct ProblemSource {
  std::string path, error, status;  // status "failed" or "damaged"
  int64_t damages = 0;
};
std::vector<ProblemSource> problem_sources(const Store& s);  // by path

// TEMP tables of the names shown with an address: shown_names(item_id,
// address, name), a display name of the address in an item, and
// row_names(item_id, sql_row, name), the name cells of a SQL row, in the
// attached database work_names. Built once per workspace
// (Store::open_reader); needs expand_cell_findings().
void prepare_shown_names(const Store& s);

// people.csv: each distinct e-mail address with the records that hold it
// and the greatest name shown with it (display name or the name cells of
// its SQL row); organizations.csv: per e-mail domain, distinct addresses
// and records. Needs expand_cell_findings().
struct PersonRow {
  std::string email, name;  // name "" when none
  int64_t records = 0;
};
struct DomainRow {
  std::string domain;
  int64_t addresses = 0, records = 0;
};
struct EmailFacts {
  std::vector<PersonRow> people;   // by address, in byte order
  std::vector<DomainRow> domains;  // by domain, in byte order
};
EmailFacts email_facts(const Store& s);
struct GovernmentContactRow {
  std::string contact, country;
  int64_t items = 0;
};
std::vector<GovernmentContactRow> government_contacts(const Store& s);
struct DocumentRow {
  std::string sha256, type, confidence, name, first_locator, evidence;
  int64_t occurrences = 0;
};
std::vector<DocumentRow> business_documents(const Store& s);

// --- ingest ---
// The regions of the distinct phone numbers the store holds, most numbers
// first (ties by code), counting only numbers whose region was never
// merely assumed (a national number with no hint: confidence below 0.9).
std::vector<std::pair<std::string, int64_t>> phone_regions_seen(const Store& s);

// --- the measurement (measure.cpp), over a scope ---
// The figures of one scope: every item, or the items of one evidence root.
// The figures that read findings need Store::expand_cell_findings() first
// (messages, attachments and the SQL figures do not). One at a time per
// store (they share TEMP tables).
class Measure {
 public:
  explicit Measure(const Store& s);
  ~Measure();
  // Evidence roots (sources.root), sorted; files and bytes of one.
  std::vector<std::string> roots() const;
  std::pair<int64_t, int64_t> root_files_bytes(const std::string& root) const;
  void scope_all();
  void scope_root(const std::string& root);

  RawUnique messages() const;
  RawUnique attachments() const;
  // E-mail addresses in scope by where they were found: "headers" (From,
  // Sender, Reply-To, To, Cc, Bcc of message items, case-folded, whether or
  // not the items were classified), "sql" (SQL cells), "text" (every other
  // e-mail finding: bodies, documents, attachments, fields), and "all"
  // (the three together; unique over their union).
  std::map<std::string, RawUnique> email_addresses_by_place() const;
  // (raw, unique) findings by type.
  std::map<std::string, RawUnique> findings_by_type() const;
  // Findings whose type starts with `prefix` (matched literally); unique by
  // (type, value).
  RawUnique findings_with_prefix(const std::string& prefix) const;

  // Domains: the distinct domains of the store's e-mail values (a superset
  // of the scope's); then the caller's facts about each go into the working
  // set, which keeps those of the scope's addresses. Facts come before every
  // figure below that reads findings.
  std::vector<std::string> email_domains() const;
  struct DomainFacts {
    std::string domain, organization, group, country;
    bool free_mail = false, government = false;
  };
  void set_domain_facts(const std::vector<DomainFacts>& facts);
  int64_t free_mail_domains() const;
  int64_t government_organizations() const;
  int64_t government_contacts() const;  // distinct values in scope
  // (organisation, name-label group) of the organisations that are neither
  // free mail nor government.
  std::vector<std::pair<std::string, std::string>> organization_labels() const;
  // The company cells of SQL rows in scope next to an address of a
  // counted organisation, for columns the caller picks by name:
  // f(organisation, company cell text).
  void for_each_company_cell(
      const std::function<bool(const std::string& column)>& is_company,
      const std::function<void(const std::string& organization,
                               const std::string& company)>& f) const;
  // The name cells (joined in column order) of each SQL row in scope that
  // has person names but no address.
  void for_each_unaddressed_name_row(
      const std::function<void(const std::string& names)>& f) const;
  // A working set of name keys (person_name_key of unaddressed rows),
  // counted distinct in SQLite rather than in memory.
  void clear_name_keys();
  void add_name_key(const std::string& key);
  int64_t distinct_name_keys() const;
  // Each e-mail finding in scope at a non-free-mail organisation, with the
  // names shown with it: f(address, organisation, names joined).
  void for_each_address_with_names(
      const std::function<void(const std::string& address,
                               const std::string& organization,
                               const std::string& names)>& f) const;

  int64_t sql_databases() const;  // distinct names
  int64_t sql_tables() const;     // distinct (database, schema.table)
  struct SqlRows {
    int64_t raw = 0, deleted = 0, unique = 0;
  };
  SqlRows sql_rows() const;

  // Countries: (code, organisations, people), by people then organisations.
  struct CountryRow {
    std::string code;
    int64_t organizations = 0, people = 0;
  };
  std::vector<CountryRow> countries() const;
  struct GovernmentRow {
    std::string organization, country;
    int64_t domains = 0;
  };
  std::vector<GovernmentRow> government_bodies() const;
  std::pair<std::string, std::string> date_span() const;  // "" when none
  std::map<std::string, int64_t> dated_items_by_year() const;
  int64_t dated_items() const;
  int64_t dated_items_before(const std::string& cutoff) const;  // bound
  // A category: finding types by exact name or by prefix (literal).
  struct TypeSet {
    std::vector<std::string> types, prefixes;
  };
  // The categories to count (at most 64), given before the facts: one pass
  // over the scope's findings counts their records with the organisations'.
  void set_categories(std::vector<TypeSet> sets);
  // Per category: records (items, SQL rows) with a finding of the set, and
  // its distinct values.
  std::vector<RawUnique> categories() const;
  // Per organisation: the distinct business documents (document.* findings,
  // by SHA-256) in or under (three levels: attachments, their documents)
  // an item that holds one of its addresses.
  std::map<std::string, int64_t> documents_by_organization() const;
  // Items of kind sql_database in scope (each recovered copy).
  int64_t sql_database_copies() const;
  // Per organisation (free mail and government included): its distinct
  // addresses (raw) and the records holding one (unique).
  std::map<std::string, RawUnique> addresses_records_by_organization() const;

 private:
  // The scope as a condition on an items alias `i`.
  std::string scope() const;
  // temp.sql_findings(item_id, sql_row, sql_column, type, value, country):
  // every finding in a SQL row (cells included), built once per
  // connection; and the scope's part of it as a table expression.
  void prepare_sql_findings() const;
  std::string sql_findings_in_scope() const;
  // temp.scope_values(type, value, n, n_sql, n_header): the scope's
  // distinct finding values with their occurrences, built at the first
  // figure that needs it, from the per-root tally (work_tally, once per
  // workspace).
  void tally_values() const;
  // One pass over the scope's findings in record order (finding_rows and
  // work_cells.cell_findings merged): the records of each category and of each
  // organisation. Memory: a type index (2 bytes) and an organisation index
  // (4 bytes) per interned value, one counter per category and organisation.
  void count_records() const;
  // work_roots.root_names, once per workspace.
  void prepare_roots() const;
  // work_fields (message keys, attachment hashes, header addresses by
  // root), once per workspace.
  void prepare_root_fields() const;
  // The scope as a condition on a per-root table's `root` column (?1: the
  // scope's root), and `sql` run with ?1 bound: its first column's integer
  // (0 for a statement that returns no row).
  std::string root_condition() const;
  int64_t run_for_scope(const std::string& sql) const;
  // The pass of count_records over every record, counted per evidence root.
  std::shared_ptr<const struct RootRecords> count_root_records() const;
  const Store& s_;
  bool all_ = true;
  std::string root_;  // the scope's evidence root, unless all_
  mutable bool tallied_ = false;
  bool facts_set_ = false;
  std::vector<TypeSet> category_sets_;
  // The organisation of each domain with facts, as an index of org_names_.
  std::map<std::string, int32_t> org_of_domain_;
  std::vector<std::string> org_names_;
  mutable bool counted_ = false;
  mutable std::vector<int64_t> category_records_;  // by category
  mutable std::vector<int64_t> org_records_;       // by organisation index
  std::unique_ptr<class Statement> name_insert_;   // into temp.names
};

// --- notification packs, lookup, the lookup index (notify.cpp) ---
// The distinct domains of e-mail values in the store.
std::vector<std::string> email_value_domains(const Store& s);
// Every e-mail value in the store.
void for_each_email_value(const Store& s,
                          const std::function<void(const std::string&)>& f);
// Every value that identifies a person or an organisation (types email,
// government_contact, person_name): f(type, value).
void for_each_identifying_value(
    const Store& s, const std::function<void(const std::string& type,
                                             const std::string& value)>& f);
// Records (items; SQL rows: sql_row > 0) holding the e-mail value `address`,
// or an address at one of `domains`: their number; the set stays in TEMP
// table temp.<name>_records(item_id, sql_row) for the pack functions.
int64_t records_with_address(const Store& s, const std::string& address);
int64_t records_with_domains(const Store& s,
                             const std::set<std::string>& domains);

// A pack's scope: the records holding an address at `domains`, the SQL
// rows whose company cell (columns `company_cells`: (table item,
// ordinal)) equals `label` case-insensitively, and the attachments and
// documents under the items (three levels). The company cells' text is
// indexed once per connection (TEMP table company_cells): every PackScope
// on one connection must name the same `company_cells`.
class PackScope {
 public:
  PackScope(const Store& s, const std::set<std::string>& domains,
            const std::set<std::pair<int64_t, size_t>>& company_cells,
            const std::string& label);
  ~PackScope();
  struct ItemRow {
    int64_t id = 0;
    std::string kind, locator, date, sha256;  // date, sha256 "" when none
  };
  struct FindingRow {
    std::string type, value, field, evidence;
    int64_t sql_column = -1;
  };
  // Items in scope, by id.
  void for_each_item(const std::function<void(const ItemRow&)>& f) const;
  // Findings of an item (not of its SQL rows), by id.
  std::vector<FindingRow> item_findings(int64_t item) const;
  // (table item, rowid) of the SQL rows in scope, in order.
  void for_each_row(
      const std::function<void(int64_t item, int64_t rowid)>& f) const;
  // Findings of one SQL row (type, value, sql_column), by id.
  std::vector<FindingRow> row_findings(int64_t item, int64_t rowid) const;
  // A working set of words that identify someone other than the pack's
  // organisation (lower-case), kept in a TEMP table.
  void add_foreign_token(const std::string& token);
  bool is_foreign_token(const std::string& token) const;

 private:
  const Store& s_;
  // Prepared once, stepped per item or row.
  mutable std::unique_ptr<class Statement> item_findings_, row_findings_,
      token_insert_, token_find_;
  // Answers of is_foreign_token already given (the words of locators and
  // texts recur with every item); emptied by add_foreign_token and when it
  // holds kTokenCache entries, so memory stays bounded.
  static constexpr size_t kTokenCache = 1 << 16;
  mutable std::unordered_map<std::string, bool> token_cache_;
};

}  // namespace leakscope::store_queries
