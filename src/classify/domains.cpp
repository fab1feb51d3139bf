// Country and government facts about domain names. The tables are data: a
// suffix of a registrable domain that only government bodies can hold.
#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>

#include "classify/address_syntax.hpp"
#include "util/text.hpp"

namespace leakscope::classify {
namespace {

struct GovSuffix {
  const char* suffix;  // matched at a label boundary
  const char* country;
};

// Government and public-administration suffixes (reserved second-level
// domains of national registries, and institutional domains).
constexpr GovSuffix kGov[] = {
    {"gov", "US"},
    {"mil", "US"},
    {"fed.us", "US"},
    {"gov.uk", "GB"},
    {"police.uk", "GB"},
    {"nhs.uk", "GB"},
    {"mod.uk", "GB"},
    {"parliament.uk", "GB"},
    {"gouv.fr", "FR"},
    {"gob.es", "ES"},
    {"bund.de", "DE"},
    {"gv.at", "AT"},
    {"admin.ch", "CH"},
    {"gc.ca", "CA"},
    {"canada.ca", "CA"},
    {"gov.au", "AU"},
    {"govt.nz", "NZ"},
    {"gov.ie", "IE"},
    {"overheid.nl", "NL"},
    {"rijksoverheid.nl", "NL"},
    {"fgov.be", "BE"},
    {"belgium.be", "BE"},
    {"gov.it", "IT"},
    {"governo.it", "IT"},
    {"gov.pt", "PT"},
    {"gov.pl", "PL"},
    {"gov.cz", "CZ"},
    {"gov.sk", "SK"},
    {"gov.hu", "HU"},
    {"gov.ro", "RO"},
    {"government.bg", "BG"},
    {"gov.gr", "GR"},
    {"gov.cy", "CY"},
    {"gov.mt", "MT"},
    {"gov.si", "SI"},
    {"gov.hr", "HR"},
    {"gov.lv", "LV"},
    {"gov.lt", "LT"},
    {"gov.ee", "EE"},
    {"valtioneuvosto.fi", "FI"},
    {"gov.fi", "FI"},
    {"regeringen.se", "SE"},
    {"gov.se", "SE"},
    {"regjeringen.no", "NO"},
    {"dep.no", "NO"},
    {"gov.dk", "DK"},
    {"stjornarradid.is", "IS"},
    {"gov.br", "BR"},
    {"gob.mx", "MX"},
    {"gob.ar", "AR"},
    {"gob.cl", "CL"},
    {"gov.co", "CO"},
    {"gob.pe", "PE"},
    {"gov.in", "IN"},
    {"nic.in", "IN"},
    {"go.jp", "JP"},
    {"go.kr", "KR"},
    {"gov.cn", "CN"},
    {"gov.sg", "SG"},
    {"gov.my", "MY"},
    {"go.id", "ID"},
    {"gov.ph", "PH"},
    {"go.th", "TH"},
    {"gov.vn", "VN"},
    {"gov.za", "ZA"},
    {"gov.ng", "NG"},
    {"go.ke", "KE"},
    {"gov.eg", "EG"},
    {"gov.il", "IL"},
    {"gov.tr", "TR"},
    {"gov.ae", "AE"},
    {"gov.sa", "SA"},
    {"gov.qa", "QA"},
    {"gov.ua", "UA"},
    {"gov.ru", "RU"},
    {"europa.eu", "EU"},
    {"un.org", "INT"},
    {"nato.int", "INT"},
    {"int", "INT"},
};

bool ends_with_label(const std::string& d, const char* suffix) {
  size_t n = std::char_traits<char>::length(suffix);
  if (d.size() < n) return false;
  if (d.compare(d.size() - n, n, suffix) != 0) return false;
  return d.size() == n || d[d.size() - n - 1] == '.';
}

}  // namespace

namespace {

// The answer for each of this thread's last few thousand domains: the
// suffix table is scanned linearly and a CRM names the same domains in
// every other row.
std::string government_country_uncached(std::string_view domain);

}  // namespace

std::string government_country(std::string_view domain) {
  thread_local std::unordered_map<std::string, std::string> seen;
  return memoized(seen, domain, government_country_uncached);
}

namespace {

std::string government_country_uncached(std::string_view domain) {
  std::string d = ascii_lower(domain);
  while (!d.empty() && d.back() == '.') d.pop_back();
  // The longest matching suffix wins (gov.uk before a generic .uk rule).
  const GovSuffix* best = nullptr;
  for (const auto& g : kGov)
    if (ends_with_label(d, g.suffix) &&
        (!best || std::char_traits<char>::length(g.suffix) >
                      std::char_traits<char>::length(best->suffix)))
      best = &g;
  return best ? best->country : "";
}

}  // namespace

std::string cctld_country(std::string_view domain) {
  std::string d = ascii_lower(domain);
  while (!d.empty() && d.back() == '.') d.pop_back();
  size_t dot = d.rfind('.');
  std::string tld = dot == std::string::npos ? d : d.substr(dot + 1);
  if (tld.size() != 2 || !std::isalpha(static_cast<unsigned char>(tld[0])) ||
      !std::isalpha(static_cast<unsigned char>(tld[1])))
    return "";
  if (tld == "uk") return "GB";
  if (tld == "eu" || tld == "su" || tld == "ac") return "";
  // Two-letter TLDs that are used as generic names, not country hints.
  for (const char* generic : {"io", "co", "tv", "me", "ai", "fm", "ly", "to"})
    if (tld == generic) return "";
  std::string cc = tld;
  for (char& c : cc)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return cc;
}

}  // namespace leakscope::classify
