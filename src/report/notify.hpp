// Scoped notification packs and yes/no lookups (data minimisation).
//
// A pack for organisation O (a registrable domain) holds only the items that
// concern O: items with an address at O (messages to or from it, SQL rows
// carrying it), the attachments and documents of those messages, and SQL
// rows whose company-like column names O. Every identifier that is not O's
// own (other parties' addresses, names, phone numbers...) is masked. O's own
// identifiers are shown: they are what O must assess.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "leakscope/store.hpp"

namespace leakscope {

struct PackSummary {
  std::string organization;
  std::string directory;
  int64_t items = 0;
  nlohmann::json files;  // [{name, sha256, bytes}]
};

// Writes DIR/<org>/items.jsonl and DIR/<org>/summary.json.
PackSummary write_notification_pack(const Store& store, const std::string& org,
                                    const std::string& dir);
// Organisations (non-free-mail, registrable) with at least one address.
std::vector<std::string> affected_organizations(const Store& store);

struct LookupResult {
  bool found = false;
  int64_t items = 0;
};
// `target` is an e-mail address or a domain (matched as its registrable
// domain and every subdomain).
LookupResult lookup(const Store& store, const std::string& target);

// A static k-anonymity range index, like Have I Been Pwned's range API:
// for every normalised address and registrable domain (non-free-mail) the
// SHA-256 of its UTF-8 text, upper-case hex; DIR/<first 5 hex>.txt lists
// the other 59 hex digits of each hash in that range, sorted. A checker
// hashes the name it already knows, fetches one range file and looks for
// its suffix: the index holder learns only a 5-digit prefix shared by
// ~1/1,048,576 of all names. Returns the number of names indexed.
int64_t export_lookup_index(const Store& store, const std::string& dir);

}  // namespace leakscope
