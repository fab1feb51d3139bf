// Recognizers over one run of UTF-8 text (an item's text or one field
// value). Each appends findings with byte offsets into `text`; `field` is
// copied into them (empty for an item's text). They are independent: each
// sees the same text, bulk_extractor style.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classify/address_syntax.hpp"
#include "leakscope/classify.hpp"

namespace leakscope::classify {

struct ScanContext {
  std::string field;        // field name, empty for the item text
  std::string region_hint;  // ISO 3166 alpha-2 for phone parsing, or ""
  // Regions tried for a national phone number with no hint (null or
  // empty: the default list); owned by the classifier, outlives the scan.
  const std::vector<std::string>* phone_regions = nullptr;
  // The exposure's own countries, most seen first (the regions of the phone
  // numbers the store held before this run, ClassifierOptions): tried
  // after the regions the text names and before `phone_regions`.
  const std::vector<std::string>* exposure_regions = nullptr;
};

// The sizes of the digit groups of a written number ("(212) 736-5012":
// 3,3,4): how a layout is compared with libphonenumber's national format.
std::vector<size_t> digit_groups(std::string_view s);

void find_emails(std::string_view text, const ScanContext& ctx,
                 std::vector<Finding>& out);
void find_phones(std::string_view text, const ScanContext& ctx,
                 std::vector<Finding>& out);
void find_cards(std::string_view text, const ScanContext& ctx,
                std::vector<Finding>& out);
void find_ibans(std::string_view text, const ScanContext& ctx,
                std::vector<Finding>& out);
void find_national_ids(std::string_view text, const ScanContext& ctx,
                       std::vector<Finding>& out);
void find_ip_addresses(std::string_view text, const ScanContext& ctx,
                       std::vector<Finding>& out);
void find_dates_of_birth(std::string_view text, const ScanContext& ctx,
                         std::vector<Finding>& out);
void find_secrets(std::string_view text, const ScanContext& ctx,
                  std::vector<Finding>& out);

// All of the above.
void scan_all(std::string_view text, const ScanContext& ctx,
              std::vector<Finding>& out);

// True when `region` (upper case) is a region libphonenumber has metadata
// for.
bool is_phone_region(const std::string& region);
// A phone number parsed with libphonenumber: E.164 and region, or false.
bool parse_phone(std::string_view number, const std::string& region_hint,
                 std::string* e164, std::string* region);
// The same with a cheaper check, for the cells of a column already shown to
// hold phone numbers (its name and a sample validated with parse_phone):
// a number of a possible length for its country (libphonenumber's
// IsPossibleNumber, metadata lengths, no pattern matching), its region by
// the country code (patterns only where one code serves several regions).
bool parse_phone_in_phone_column(std::string_view number,
                                 const std::string& region_hint,
                                 std::string* e164, std::string* region);
}  // namespace leakscope::classify
