// The fictional world the mail is about: a vendor (Northwind Consulting),
// its customers in several countries, a government body, free-mail users.
// All names, domains, phone numbers and addresses are invented; phone
// numbers use ranges reserved for drama/fiction where a country has them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mailgen {

// "@" + the vendor's mail domain.
inline constexpr const char* kVendorDomain = "@northwind-consulting.com";

enum class Lang { kEn, kDe, kFr, kJa, kEs, kPt };

// The mail software an organisation uses; decides Message-ID and boundary
// shapes, header order and which charsets are written.
enum class Client {
  kOutlook,        // Exchange Online / Outlook 2016+
  kOutlookLegacy,  // Outlook 2010 on an on-premises Exchange
  kThunderbird,
  kAppleMail,
  kGmail,
  kJavaMail,  // the vendor's billing system
};

enum class Zone { kUk, kCentralEurope, kJapan, kBrazil, kIndia, kUsPacific };

struct Org {
  std::string name;     // as in signatures (may be non-ASCII)
  std::string domain;   // mail domain (lower case ASCII)
  std::string address;  // postal address line(s), UTF-8, CRLF-separated
  std::string country;  // ISO 3166 alpha-2
  Lang lang;
  Zone zone;
  Client client;
  bool vendor = false;
  bool freemail = false;
  std::string mx;         // inbound MX host name
  std::string ip_prefix;  // documentation range for its servers, "192.0.2."
};

struct Person {
  std::string given, family;  // UTF-8, native script
  std::string ascii;          // "Taro Tanaka": romanised full name
  std::string email;          // lower-case ASCII unless noted by a test
  std::string title;          // job title in the person's language
  std::string phone, mobile;  // formatted as the person's country writes them
  int org = 0;                // index into Directory::orgs
  Lang lang = Lang::kEn;      // the language this person writes in
  // Display name in the person's own convention ("田中 太郎", "Hans Müller").
  std::string display() const;
};

struct Directory {
  std::vector<Org> orgs;
  std::vector<Person> people;
  int vendor = 0;                  // org index of Northwind Consulting
  std::vector<int> customer_orgs;  // everything that is not the vendor

  const Org& org_of(const Person& p) const { return orgs[p.org]; }
  // People of org `o`, by index into `people`, in directory order.
  std::vector<int> members(int o) const;
  int find_person(const std::string& email) const;  // -1 if absent
  int find_org(const std::string& domain) const;    // -1 if absent
};

// The fixed cast used by --samples (always the same, independent of seed).
// With extra_per_org > 0, each customer organisation also gets that many
// generated colleagues (names from per-country lists, seeded by `seed`),
// which gives bulk corpora a realistic number of distinct addresses.
Directory make_directory(int extra_per_org, uint64_t seed);

// Minutes east of UTC in `zone` at instant `utc` (EU, UK and US daylight
// saving rules), and the zone's abbreviation at that instant.
int zone_offset(Zone zone, int64_t utc);
std::string zone_abbrev(Zone zone, int64_t utc);

}  // namespace mailgen
