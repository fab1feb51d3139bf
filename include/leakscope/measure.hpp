// Measurement over an evidence store after ingest: raw and deduplicated
// counts, organisations, countries, time span, categories, per evidence
// source. Reads the store (items, item_fields, findings); writes nothing to
// it (working sets live in SQLite TEMP tables, so memory stays bounded
// whatever the store's size).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "leakscope/store.hpp"

namespace leakscope {

struct MeasureOptions {
  std::string owner;  // registrable domain of the exposing org, or ""
  std::string
      reference_date;  // "YYYY-MM-DD" for the age of the data; "" = today
  // Called between phases: (phase name, phases done, phases total).
  std::function<void(const std::string&, int, int)> progress;
};

// Adds the measurement keys to a report.json object built by build_report:
// counts.{people, phones, payment_cards, ibans, national_ids, secrets,
// organizations, government, documents, sql}, countries, time_span.by_year
// and age, categories, owner, by_source, and their method texts.
void add_measurements(const Store& store, nlohmann::json& report,
                      const MeasureOptions& options);

// The records (items and SQL rows) holding an address at `organization` (a
// registrable domain) or its subdomains, as the measurement of this store
// state counted them (kept by add_measurements); nullopt when this state
// was not measured. lookup answers from it.
std::optional<int64_t> measured_organization_records(
    const Store& store, const std::string& organization);

// Lower-case ASCII key of a person's name for clustering: ICU
// Any-Latin/Latin-ASCII transliteration, case folding, letters only,
// single spaces ("Jürgen  WEISS" -> "jurgen weiss").
std::string person_name_key(const std::string& name);

}  // namespace leakscope
