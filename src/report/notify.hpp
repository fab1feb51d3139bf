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
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

}  // namespace leakscope
