// The information type of a SQL column from its name, in the spirit of SQL
// Server's Data Discovery & Classification: keyword lists in several
// languages, matched on the name folded to lower-case letters and digits.
#pragma once

#include <string>
#include <string_view>

namespace leakscope::classify {

enum class ColumnKind {
  kNone,
  kEmail,
  kPhone,
  kPersonName,
  kAddress,  // street, city, postal code, region
  kCountry,
  kNationalId,
  kCreditCard,
  kBanking,
  kFinancial,
  kCredentials,
  kDateOfBirth,
  kHealth,
};

struct ColumnClass {
  ColumnKind kind = ColumnKind::kNone;
  std::string information_type;  // "contact_info", "name", ... ("" for none)
  std::string keyword;           // the keyword that matched
};

ColumnClass classify_column_name(std::string_view column_name);

// ISO 3166 alpha-2 of a country given by name (English, German, French,
// Spanish, Italian, Dutch, Portuguese for the common ones) or code, or "".
std::string country_code_from_name(std::string_view name);

}  // namespace leakscope::classify
