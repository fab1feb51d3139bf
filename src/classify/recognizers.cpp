#include "classify/recognizers.hpp"

#include <arpa/inet.h>
#include <phonenumbers/phonenumberutil.h>
#include <unicode/uidna.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <list>
#include <set>
#include <unordered_map>

#include "classify/address_syntax.hpp"
#include "classify/candidates.hpp"
#include "classify/checks.hpp"
#include "util/text.hpp"

namespace leakscope::classify {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}

// The `n` bytes before `pos`, lower-cased (context for keyword checks).
std::string before(std::string_view text, size_t pos, size_t n) {
  size_t from = pos > n ? pos - n : 0;
  return ascii_lower(text.substr(from, pos - from));
}

// The same, not reaching back past the start of the line: a keyword on the
// line above describes another value.
std::string before_on_line(std::string_view text, size_t pos, size_t n) {
  size_t from = pos > n ? pos - n : 0;
  const size_t nl = text.substr(from, pos - from).rfind('\n');
  if (nl != std::string_view::npos) from += nl + 1;
  return ascii_lower(text.substr(from, pos - from));
}

bool contains_any(const std::string& hay,
                  std::initializer_list<const char*> needles) {
  for (const char* n : needles)
    if (hay.find(n) != std::string::npos) return true;
  return false;
}

Finding make(const ScanContext& ctx, std::string type, std::string value,
             size_t start, size_t end, double confidence, const char* detector,
             std::string evidence = {}, std::string country = {}) {
  Finding f;
  f.type = std::move(type);
  f.value = std::move(value);
  f.field = ctx.field;
  f.start = static_cast<int64_t>(start);
  f.end = static_cast<int64_t>(end);
  f.confidence = confidence;
  f.detector = detector;
  f.evidence = std::move(evidence);
  f.country = std::move(country);
  return f;
}

// Characters of an e-mail local part (RFC 5322 atext and dots) and domain.
bool local_char(char c) {
  return is_alnum(c) || std::strchr(".!#$%&'*+/=?^_`{|}~-", c) != nullptr ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool domain_char(char c) {
  return is_alnum(c) || c == '-' || c == '.' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Digit runs that may be a separated number: digits with single spaces,
// dashes or dots between them. Calls fn(start, end, digits).
template <typename Fn>
void for_each_number_run(std::string_view t, size_t min_digits,
                         size_t max_digits, const char* separators, Fn fn) {
  size_t i = 0, n = t.size();
  while (i < n) {
    if (!is_digit(t[i]) || (i > 0 && (is_alnum(t[i - 1])))) {
      ++i;
      continue;
    }
    size_t start = i, last_digit = i;
    std::string digits;
    while (i < n) {
      if (is_digit(t[i])) {
        digits.push_back(t[i]);
        last_digit = i;
        ++i;
      } else if (std::strchr(separators, t[i]) && i + 1 < n &&
                 is_digit(t[i + 1]) && is_digit(t[i - 1])) {
        ++i;
      } else {
        break;
      }
      if (digits.size() > max_digits) break;
    }
    size_t end = last_digit + 1;
    bool bounded = end >= n || !is_alnum(t[end]);
    if (bounded && digits.size() >= min_digits && digits.size() <= max_digits)
      fn(start, end, digits);
    // The rest of an overlong run (a GUID, a serial) is skipped whole, its
    // separator-joined groups included: its tail is no number of its own.
    while (i < n && (is_digit(t[i]) ||
                     (std::strchr(separators, t[i]) && i + 1 < n &&
                      is_digit(t[i + 1]) && i > 0 && is_digit(t[i - 1]))))
      ++i;
  }
}

const PhoneNumberUtil& phone_util() { return *PhoneNumberUtil::GetInstance(); }

}  // namespace

void find_emails(std::string_view t, const ScanContext& ctx,
                 std::vector<Finding>& out) {
  size_t pos = 0;
  while ((pos = t.find('@', pos)) != std::string_view::npos) {
    size_t s = pos;
    while (s > 0 && local_char(t[s - 1])) --s;
    while (s < pos && (t[s] == '.' || t[s] == '\'')) ++s;
    size_t e = pos + 1;
    while (e < t.size() && domain_char(t[e])) ++e;
    while (e > pos + 1 && (t[e - 1] == '.' || t[e - 1] == '-')) --e;
    if (s < pos && e > pos + 1) {
      std::string norm = normalize_email(t.substr(s, e - s));
      if (!norm.empty())
        out.push_back(make(ctx, "email", norm, s, e, 0.99, "email"));
    }
    pos = std::max(e, pos + 1);
  }
}

// libphonenumber's region code for "no region".
const std::string kUnknownRegion = "ZZ";

namespace {

// The digits of a number written only with digits and the separators people
// put in phone numbers ("+49 (89) 99998-123" -> "+498999998123"); "" when
// anything else is in it (letters of an extension, words), which only
// libphonenumber's own extraction understands.
std::string compact_phone(std::string_view number) {
  std::string out;
  out.reserve(number.size());
  for (char c : number) {
    if (is_digit(c) || (c == '+' && out.empty())) {
      out.push_back(c);
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' &&
               c != '/') {
      return "";
    }
  }
  return out;
}

// An international number ("+" then digits) built directly from its
// country calling code (the 1-3 digit prefix libphonenumber knows) and
// national number, without Parse's regular expressions (measured 7-13 us a
// number, half of a CRM table's ingest). False when no prefix is a calling
// code or the result is not valid; the caller then asks Parse, which also
// strips a written national prefix ("+44 (0)20 ...").
bool build_international(const PhoneNumberUtil& u, const std::string& digits,
                         PhoneNumber* pn) {
  if (digits.size() < 8 || digits.size() > 18 || digits[0] != '+') return false;
  for (size_t len = 1; len <= 3; ++len) {
    int cc = std::stoi(digits.substr(1, len));
    std::string region;
    u.GetRegionCodeForCountryCode(cc, &region);
    if (region == kUnknownRegion) continue;
    std::string national = digits.substr(1 + len);
    if (national.empty() || national.size() > 17) return false;
    PhoneNumber n;
    n.set_country_code(cc);
    size_t zeros = 0;
    while (zeros < national.size() && national[zeros] == '0') ++zeros;
    if (zeros == national.size()) return false;
    if (zeros) {
      // Italian-style numbers keep their leading zeros in the number itself.
      n.set_italian_leading_zero(true);
      if (zeros > 1) n.set_number_of_leading_zeros(static_cast<int>(zeros));
    }
    n.set_national_number(std::stoull(national));
    *pn = n;
    return true;
  }
  return false;
}

}  // namespace

bool is_phone_region(const std::string& region) {
  static const std::set<std::string> regions = [] {
    std::set<std::string> r;
    phone_util().GetSupportedRegions(&r);
    return r;
  }();
  return regions.count(region) > 0;
}

bool parse_phone(std::string_view number, const std::string& region_hint,
                 std::string* e164, std::string* region) {
  // Parsing is regex-driven (libphonenumber's regular expressions, looked
  // up by pattern text, are most of a classifier's time) and the same
  // numbers recur (signatures, a contact's number in every row that names
  // them): this thread keeps its answers for recent (hint, number) pairs
  // in two generations of at most kGeneration each. A full current
  // generation becomes the previous one (the older is dropped); an answer
  // found in the previous generation moves back into the current one, so a
  // number in use is never dropped by the others' churn. Memory: about
  // 100 bytes per pair, 6 MB per thread at most.
  constexpr size_t kGeneration = 32768;
  using Answers =
      std::unordered_map<std::string, std::pair<std::string, std::string>>;
  thread_local Answers seen, before;
  const std::string& hint = region_hint.empty() ? kUnknownRegion : region_hint;
  std::string key;
  key.reserve(hint.size() + 1 + number.size());
  key.append(hint).push_back('\x1f');
  key.append(number);
  auto hit = seen.find(key);
  if (hit == seen.end()) {
    if (seen.size() >= kGeneration) {
      before = std::move(seen);
      seen = Answers();
    }
    if (auto old = before.find(key); old != before.end()) {
      hit = seen.emplace(std::move(key), std::move(old->second)).first;
      before.erase(old);
    }
  }
  if (hit == seen.end()) {
    const PhoneNumberUtil& u = phone_util();
    std::pair<std::string, std::string>
        answer;  // E.164 ("" if invalid), region
    std::string compact = compact_phone(number);
    // IsValidNumber is GetRegionCodeForNumber + IsValidNumberForRegion (the
    // regex matching that dominates the cost): the region is looked up once
    // and kept.
    auto valid = [&](const PhoneNumber& pn) {
      std::string reg;
      u.GetRegionCodeForNumber(pn, &reg);
      if (reg == kUnknownRegion || !u.IsValidNumberForRegion(pn, reg))
        return false;
      u.Format(pn, PhoneNumberUtil::E164, &answer.first);
      answer.second = reg;
      return true;
    };
    PhoneNumber pn;
    if (!(build_international(u, compact, &pn) && valid(pn))) {
      pn.Clear();
      if (u.Parse(compact.empty() ? std::string(number) : compact, hint, &pn) ==
          PhoneNumberUtil::NO_PARSING_ERROR)
        valid(pn);
    }
    hit = seen.emplace(std::move(key), std::move(answer)).first;
  }
  if (hit->second.first.empty()) return false;
  *e164 = hit->second.first;
  *region = hit->second.second;
  return true;
}

bool parse_phone_in_phone_column(std::string_view number,
                                 const std::string& region_hint,
                                 std::string* e164, std::string* region) {
  const PhoneNumberUtil& u = phone_util();
  const std::string& hint = region_hint.empty() ? kUnknownRegion : region_hint;
  std::string compact = compact_phone(number);
  PhoneNumber pn;
  // Built from the digits where that is plain (Parse is regex-driven): an
  // international number, or a national one with the region's trunk prefix.
  bool built = build_international(u, compact, &pn);
  if (!built && hint != kUnknownRegion && !compact.empty() &&
      compact.size() <= 17 &&
      compact.find_first_not_of("0123456789") == std::string::npos) {
    std::string ndd;
    u.GetNddPrefixForRegion(hint, true, &ndd);
    std::string national = compact;
    if (!ndd.empty() && national.rfind(ndd, 0) == 0)
      national = national.substr(ndd.size());
    int cc = u.GetCountryCodeForRegion(hint);
    if (cc && !national.empty() && national[0] != '0') {
      pn.Clear();
      pn.set_country_code(cc);
      pn.set_national_number(std::stoull(national));
      built = true;
    }
  }
  if (!built) {
    pn.Clear();
    if (u.Parse(compact.empty() ? std::string(number) : compact, hint, &pn) !=
        PhoneNumberUtil::NO_PARSING_ERROR)
      return false;
  }
  if (!u.IsPossibleNumber(pn)) return false;
  std::list<std::string> regions;
  u.GetRegionCodesForCountryCallingCode(pn.country_code(), &regions);
  if (regions.empty()) return false;
  if (regions.size() == 1) {
    *region = regions.front();
  } else if (std::find(regions.begin(), regions.end(), hint) != regions.end()) {
    // One code, several regions (+1, +44, +7): the row's own country says
    // which, without pattern matching.
    *region = hint;
  } else {
    u.GetRegionCodeForNumber(pn, region);
    if (*region == kUnknownRegion) *region = regions.front();
  }
  u.Format(pn, PhoneNumberUtil::E164, e164);
  return true;
}

// Phone candidates are found here and only parsed by libphonenumber: its
// PhoneNumberMatcher re-converts the text for every attempt and is
// quadratic on long bodies (measured: 58% of ingest time in
// u_strToUTF8WithSub on a mail corpus).
bool date_like(std::string_view c) {
  // 2019-03-12, 12.03.2019, 03/12/2019: dates, not numbers to call.
  std::string shape;
  for (char ch : c) shape += is_digit(ch) ? 'd' : ch;
  for (const char* d :
       {"dddd-dd-dd", "dd.dd.dddd", "dd/dd/dddd", "dddd/dd/dd", "dd-dd-dddd",
        "dddd.dd.dd", "d.d.dddd", "dd.d.dddd", "d.dd.dddd"})
    if (shape.find(d) != std::string::npos) return true;
  return false;
}

namespace {

// An extension written after a number: "x565", " ext. 12", ", Durchwahl
// -12", " poste 3", " доб. 45". Returns the end of the extension (0: none)
// and its digits in *ext.
size_t extension_after(std::string_view t, size_t e, std::string* ext) {
  size_t k = e;
  while (k < t.size() && (t[k] == ' ' || t[k] == ',')) ++k;
  static const char* const kMarkers[] = {
      "extension", "ext.", "ext", "durchwahl", "dw.", "dw", "poste",
      "apparat",   "app.", "x",   "доб.",      "доб", "вн."};
  const std::string low = ascii_lower(t.substr(k, 12));
  size_t m = 0;
  for (const char* marker : kMarkers) {
    const size_t len = std::strlen(marker);
    if (low.compare(0, len, marker) == 0) {
      m = len;
      break;
    }
  }
  if (!m) return 0;
  k += m;
  while (k < t.size() && (t[k] == ' ' || t[k] == '-' || t[k] == ':' ||
                          t[k] == '#' || t[k] == '.'))
    ++k;
  const size_t d0 = k;
  while (k < t.size() && is_digit(t[k]) && k - d0 < 6) ++k;
  if (k == d0 || (k < t.size() && is_alnum(t[k]))) return 0;
  *ext = std::string(t.substr(d0, k - d0));
  return k;
}

// The characters of an international number as libphonenumber reads them:
// "00" and "011" dialling prefixes as "+", a trunk prefix written "(0)"
// after the country code dropped ("+46 (0)8 ..." is +46 8 ...).
std::string international_form(std::string_view cand, size_t prefix_len) {
  std::string s = "+" + std::string(cand.substr(prefix_len));
  for (size_t p; (p = s.find("(0)")) != std::string::npos;) s.erase(p, 3);
  return s;
}

// The written layout of a national number: digits as 'd', separators kept
// ("(212) 736-5012" -> "(ddd) ddd-dddd").
std::string layout_of(std::string_view cand) {
  std::string s;
  for (char c : cand) s.push_back(is_digit(c) ? 'd' : c);
  return s;
}

// The regions tried for a national number written with no country hint, in
// order, each with the layouts its numbers are written in; a number is
// taken for a region only when its layout is one of them and
// libphonenumber says it is valid there (phone_regions.md in FORMAT terms:
// the default list of issue 15).
struct NationalLayouts {
  const char* region;
  bool trunk_zero;  // numbers start with the trunk prefix 0
  std::vector<const char*> layouts;
};
const std::vector<NationalLayouts>& default_phone_regions() {
  static const std::vector<NationalLayouts> k = {
      {"US",
       false,
       {"(ddd) ddd-dddd", "(ddd)ddd-dddd", "(ddd) ddd dddd", "ddd-ddd-dddd",
        "ddd.ddd.dddd", "ddd ddd dddd", "ddd/ddd-dddd"}},
      {"CA", false, {"(ddd) ddd-dddd", "ddd-ddd-dddd", "ddd.ddd.dddd"}},
      {"GB",
       true,
       {"ddddd dddddd", "ddddd ddd ddd", "dddd ddd dddd", "ddd dddd dddd"}},
      {"DE",
       true,
       {"dddd dddddd", "dddd ddddddd", "dddd dddddddd", "ddd dddddddd",
        "ddd ddddddd", "ddddd dddddd", "dddd/dddddd", "dddd/ddddddd",
        "ddd/dddddddd", "dddd-dddddd", "dddd-ddddddd", "ddd dddd dddd"}},
      {"FR", true, {"dd dd dd dd dd", "dd.dd.dd.dd.dd"}},
      {"AU", true, {"dd dddd dddd", "(dd) dddd dddd", "dddd ddd ddd"}},
      {"IN", false, {"ddddd ddddd"}},
  };
  return k;
}

// After the default list: the regions tried, in this order, for a national
// number that none of the default regions writes and validates so (only
// when --phone-regions is not given). Europe first, then the world's other
// large numbering plans; each only where libphonenumber's national format
// for the number groups its digits as written. A number several of them
// fit is taken for the first: its region is a guess, said so in the
// evidence, with a lower confidence.
const std::vector<std::string>& wider_phone_regions() {
  static const std::vector<std::string> k = {
      "NL", "BE", "AT", "CH", "IT", "ES", "PT", "SE", "DK", "NO", "FI", "IE",
      "PL", "CZ", "SK", "HU", "RO", "BG", "GR", "HR", "SI", "LU", "EE", "LV",
      "LT", "IS", "MT", "CY", "BR", "MX", "AR", "CL", "CO", "PE", "JP", "KR",
      "CN", "HK", "SG", "TW", "MY", "TH", "PH", "ID", "VN", "NZ", "ZA", "NG",
      "KE", "EG", "MA", "TR", "IL", "AE", "SA", "RU", "UA"};
  return k;
}
size_t digits_in(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return is_digit(c); }));
}
// "41.173.96.26": four dot-separated groups of at most three digits, each
// at most 255 (an IPv4 address, the IP recognizer's, never a phone).
bool dotted_quad(std::string_view s) {
  int groups = 0, value = 0, len = 0;
  for (char c : s) {
    if (is_digit(c)) {
      value = value * 10 + (c - '0');
      if (++len > 3 || value > 255) return false;
    } else if (c == '.' && len > 0) {
      ++groups;
      value = len = 0;
    } else {
      return false;
    }
  }
  return len > 0 && groups == 3;
}
// A word that says a phone number is meant, in the 32 bytes before the
// number (the line above included: "Phone:\n467 3395") or the 12 after it
// ("781 1704 office"), in the languages of the exposure's countries.
bool phone_context(std::string_view text, size_t start, size_t end) {
  static const char* kBefore[] = {
      "phone",     "tel",       "mobile",  "cell",      "fax",      "call",
      "dial",      "ring",      "contact", "reach",     "whatsapp", "sms",
      "text me",   "hotline",   "direct",  "desk",      "office",   "answer",
      "telefon",   "handy",     "mobil",   "rufnummer", "anruf",    "durchwahl",
      "portable",  "appel",     "joindre", "gsm",       "móvil",    "celular",
      "llam",      "cellulare", "chiam",   "bel ",      "ligar",    "teléfono",
      "téléphone", "tél",       "тел",     "моб",       "звон"};
  static const char* kAfter[] = {"office", "mobile", "fax", "cell", "home",
                                 "work",   "(m)",    "(o)", "(w)",  "direct"};
  // A keyword starts a word ("hotel", "recall", "automobile" are not "tel",
  // "call", "mobil").
  auto word_in = [](const std::string& hay, const char* k) {
    for (size_t at = hay.find(k); at != std::string::npos;
         at = hay.find(k, at + 1)) {
      const auto prev = at ? static_cast<unsigned char>(hay[at - 1]) : ' ';
      if (!std::isalpha(prev) && prev < 0x80) return true;
    }
    return false;
  };
  const std::string b = before(text, start, 32);
  for (const char* k : kBefore)
    if (word_in(b, k)) return true;
  const std::string a =
      ascii_lower(text.substr(end, std::min<size_t>(12, text.size() - end)));
  for (const char* k : kAfter)
    if (word_in(a, k)) return true;
  return false;
}

// A street word right after the number ("9543 1819 St. John Street"): a
// house number, whatever came before.
bool street_after(std::string_view text, size_t end) {
  static const char* kStreet[] = {
      " st ",    " st.",   " street", " avenue", " ave",   " road",
      " rd",     " lane",  " blvd",   " suite",  " apt",   " drive",
      " way ",   " rue ",  " via ",   " calle ", " str.",  " strasse",
      " straße", " plaza", " place",  " court",  " square"};
  std::string a =
      ascii_lower(text.substr(end, std::min<size_t>(10, text.size() - end)));
  a += ' ';
  for (const char* k : kStreet)
    if (a.rfind(k, 0) == 0) return true;
  return false;
}

// Every region libphonenumber knows, the wider list's first, then the rest
// in code order: for a number a phone word announces.
const std::vector<std::string>& all_phone_regions() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> out = wider_phone_regions();
    std::set<std::string> all;
    phone_util().GetSupportedRegions(&all);
    for (const auto& r : all)
      if (std::find(out.begin(), out.end(), r) == out.end() &&
          std::find_if(default_phone_regions().begin(),
                       default_phone_regions().end(), [&](const auto& d) {
                         return r == d.region;
                       }) == default_phone_regions().end())
        out.push_back(r);
    return out;
  }();
  return k;
}

// National numbers of one text given the wider search at most (each costs
// a parse per region): a table of numbers is not searched region by region.
constexpr size_t kWiderSearchesPerText = 32;

// Whether national number `cand` (written as `layout`) is written the way
// `region` writes its numbers and is valid there; *e164 and *found (the
// region libphonenumber gives) when it is. Regions of the built-in table
// use its layouts; any other region the grouping of libphonenumber's own
// national format for the number.
bool national_number_for(std::string_view cand, const std::string& layout,
                         const std::string& region, std::string* e164,
                         std::string* found) {
  const auto& table = default_phone_regions();
  const auto known = std::find_if(
      table.begin(), table.end(),
      [&](const NationalLayouts& r) { return region == r.region; });
  if (known != table.end()) {
    // The trunk prefix is the first digit ("(08) 8747 6301" has one).
    const size_t first_digit = cand.find_first_of("0123456789");
    if (first_digit == std::string_view::npos ||
        (cand[first_digit] == '0') != known->trunk_zero)
      return false;
    if (std::find_if(known->layouts.begin(), known->layouts.end(),
                     [&](const char* l) { return layout == l; }) ==
        known->layouts.end())
      return false;
    return parse_phone(cand, region, e164, found);
  }
  // Built from the digits (Parse is regex-driven and this runs for many
  // regions): the region's trunk prefix dropped, the rest its national
  // significant number; valid for the region, and grouped as written.
  const PhoneNumberUtil& u = phone_util();
  std::string digits;
  for (char c : cand)
    if (is_digit(c)) digits.push_back(c);
  std::string ndd;
  u.GetNddPrefixForRegion(region, true, &ndd);
  if (!ndd.empty() && digits.rfind(ndd, 0) == 0) digits.erase(0, ndd.size());
  if (digits.empty() || digits.size() > 17) return false;
  PhoneNumber pn;
  pn.set_country_code(u.GetCountryCodeForRegion(region));
  size_t zeros = 0;
  while (zeros + 1 < digits.size() && digits[zeros] == '0') ++zeros;
  if (zeros) {  // a leading zero that is part of the number (Italy)
    pn.set_italian_leading_zero(true);
    if (zeros > 1) pn.set_number_of_leading_zeros(static_cast<int>(zeros));
  }
  pn.set_national_number(std::stoull(digits));
  if (!u.IsValidNumberForRegion(pn, region)) return false;
  std::string national;
  u.Format(pn, PhoneNumberUtil::NATIONAL, &national);
  if (digit_groups(national) != digit_groups(cand)) return false;
  u.Format(pn, PhoneNumberUtil::E164, e164);
  *found = region;
  return true;
}

}  // namespace

std::vector<size_t> digit_groups(std::string_view s) {
  std::vector<size_t> g;
  size_t run = 0;
  for (char c : s) {
    if (is_digit(c)) {
      ++run;
    } else if (run) {
      g.push_back(run);
      run = 0;
    }
  }
  if (run) g.push_back(run);
  return g;
}

void find_phones(std::string_view t, const ScanContext& ctx,
                 std::vector<Finding>& out) {
  size_t n = t.size();
  const size_t first_finding = out.size();
  // National numbers written with no hint wait for the end of the text: an
  // international number in the same text ("+31 20 ...") names the region
  // to try first.
  struct National {
    size_t start, end;
    std::string_view cand;
    std::string ext;
  };
  std::vector<National> national;
  std::vector<std::string> text_regions;  // of international numbers, in order
  for (size_t i = 0; i < n; ++i) {
    char c = t[i];
    if (!(c == '+' || c == '(' || is_digit(c))) continue;
    if (i > 0 && (is_alnum(t[i - 1]) || t[i - 1] == '+' || t[i - 1] == '.' ||
                  t[i - 1] == '-' || t[i - 1] == '/' || t[i - 1] == '@'))
      continue;
    size_t j = i, digits = 0, last_digit = i;
    // International forms: "+", or a dialling prefix "00" (Europe and most
    // of the world) or "011" (North America) before the country code.
    size_t prefix = 0;
    if (c == '+')
      prefix = 1;
    else if (c == '0' && i + 2 < n && t[i + 1] == '0' && t[i + 2] != '0')
      prefix = 2;
    else if (c == '0' && i + 3 < n && t[i + 1] == '1' && t[i + 2] == '1' &&
             (t[i + 3] == ' ' || t[i + 3] == '-') && i + 4 < n &&
             is_digit(t[i + 4]))
      prefix = 3;
    const bool plus = prefix > 0;
    j += prefix;
    while (j < n && digits <= 17) {
      char d = t[j];
      if (is_digit(d)) {
        ++digits;
        last_digit = j;
      } else if (!(d == ' ' || d == '-' || d == '.' || d == '(' || d == ')' ||
                   d == '/') ||
                 (d == ' ' && j + 1 < n && t[j + 1] == ' ')) {
        break;
      }
      ++j;
    }
    size_t e = last_digit + 1;
    std::string ext;
    const size_t ext_end = extension_after(t, e, &ext);
    if (digits < 7 || digits > 17 || (!ext_end && e < n && is_alnum(t[e]))) {
      // Skip the rest of this run so its inner digits are not retried.
      while (i + 1 < n &&
             (is_digit(t[i + 1]) || t[i + 1] == ' ' || t[i + 1] == '-'))
        ++i;
      continue;
    }
    std::string_view cand = t.substr(i, e - i);
    if (date_like(cand)) {
      i = e;
      continue;
    }
    std::string e164, region;
    if (!plus && ctx.region_hint.empty()) {
      national.push_back({i, ext_end ? ext_end : e, cand, ext});
      i = ext_end ? ext_end : e;
      continue;
    }
    const std::string written =
        plus ? international_form(cand, prefix) : std::string(cand);
    if (parse_phone(written, ctx.region_hint, &e164, &region)) {
      std::string evidence =
          "parsed with region " +
          (ctx.region_hint.empty() ? kUnknownRegion : ctx.region_hint);
      if (prefix > 1)
        evidence += "; dialling prefix " + std::string(cand.substr(0, prefix));
      if (!ext.empty()) evidence += "; extension " + ext + " (not in E.164)";
      out.push_back(make(ctx, "phone", e164, i, ext_end ? ext_end : e, 0.9,
                         "libphonenumber", evidence,
                         region == kUnknownRegion ? "" : region));
      if (plus && region != kUnknownRegion &&
          std::find(text_regions.begin(), text_regions.end(), region) ==
              text_regions.end())
        text_regions.push_back(region);
    } else if (!plus) {
      // Not a number of the item's hinted region (a .co.jp sender writing
      // a Belgian number): tried as a number with no hint.
      national.push_back({i, ext_end ? ext_end : e, cand, ext});
    }
    i = ext_end ? ext_end : e;
  }
  // National numbers: the regions of the text's international numbers,
  // then the exposure's most-seen countries, then --phone-regions (or the
  // default list), each only where the number is written in that region's
  // layout and valid there.
  size_t wider_searches = 0;
  for (const National& nn : national) {
    const std::string layout = layout_of(nn.cand);
    std::string e164, region, assumed, why;
    for (const auto& r : text_regions)
      if (national_number_for(nn.cand, layout, r, &e164, &region)) {
        assumed = r;
        why = "a +" + std::to_string(phone_util().GetCountryCodeForRegion(r)) +
              " number in the same text";
        break;
      }
    if (assumed.empty() && ctx.exposure_regions)
      for (const auto& r : *ctx.exposure_regions)
        if (national_number_for(nn.cand, layout, r, &e164, &region)) {
          assumed = r;
          why = "the exposure's most-seen countries";
          break;
        }
    if (assumed.empty() && ctx.phone_regions && !ctx.phone_regions->empty()) {
      for (const auto& r : *ctx.phone_regions)
        if (national_number_for(nn.cand, layout, r, &e164, &region)) {
          assumed = r;
          why = "--phone-regions";
          break;
        }
    } else if (assumed.empty()) {
      for (const auto& r : default_phone_regions())
        if (national_number_for(nn.cand, layout, r.region, &e164, &region)) {
          assumed = r.region;
          why = "the default regions";
          break;
        }
      // Beyond the default list, a guess: a number a phone word announces
      // may be of any region and as short as 7 digits; without one, only
      // of the wider list, 8 digits or more in three groups or more ("3747
      // 3911 Fourth Avenue" is a house number).
      const bool announced = phone_context(t, nn.start, nn.end);
      if (assumed.empty() && wider_searches < kWiderSearchesPerText &&
          !dotted_quad(nn.cand) && !street_after(t, nn.end) &&
          (announced ? digits_in(nn.cand) >= 7
                     : digits_in(nn.cand) >= 8 &&
                           digit_groups(nn.cand).size() >= 3)) {
        ++wider_searches;
        for (const auto& r :
             announced ? all_phone_regions() : wider_phone_regions())
          if (national_number_for(nn.cand, layout, r, &e164, &region)) {
            assumed = r;
            why = announced ? "the regions tried for a number a phone word "
                              "announces (the first whose numbering plan "
                              "validates it and writes it so; a guess)"
                            : "the wider region list (the first whose "
                              "numbering plan validates it and writes it "
                              "so; a guess)";
            break;
          }
      }
    }
    if (assumed.empty()) continue;
    const bool guessed = why.find("; a guess)") != std::string::npos;
    out.push_back(make(
        ctx, "phone", e164, nn.start, nn.end, guessed ? 0.5 : 0.75,
        "libphonenumber",
        (ctx.region_hint.empty()
             ? std::string("national number with no country hint")
             : "national number not valid for the item's hint " +
                   ctx.region_hint) +
            ", written as " + assumed + " numbers are (" + layout +
            ") and valid there, " + assumed + " from " + why +
            (region != assumed && region != kUnknownRegion
                 ? " (a " + region + " number)"
                 : "") +
            (nn.ext.empty() ? "" : "; extension " + nn.ext + " (not in E.164)"),
        region == kUnknownRegion ? "" : region));
  }
  std::stable_sort(
      out.begin() + static_cast<std::ptrdiff_t>(first_finding), out.end(),
      [](const Finding& a, const Finding& b) { return a.start < b.start; });
}

namespace {

// Written with separators, a card number is grouped as cards are printed:
// fours (the last group 1-4 digits), or Amex's and Diners' 4-6-5 and 4-6-4.
// "6727214917-65" is a part number, not a 12-digit card.
bool card_grouping(std::string_view written) {
  const std::vector<size_t> groups = digit_groups(written);
  if (groups.size() <= 1) return true;  // no separators
  if (groups.size() == 3 && groups[0] == 4 && groups[1] == 6 &&
      (groups[2] == 5 || groups[2] == 4))
    return true;
  for (size_t i = 0; i + 1 < groups.size(); ++i)
    if (groups[i] != 4) return false;
  return groups.back() >= 1 && groups.back() <= 4;
}

// True when the digits at `s` continue an IBAN-shaped run that starts up to
// three space-separated groups before them ("GB23 BARC 6392 3047 ..."):
// country letters, two check digits, then groups of four. Such digits are
// an account number (perhaps one whose check digits are wrong), not a
// card, whatever Luhn says.
bool inside_iban_shape(std::string_view t, size_t s) {
  size_t at = s;
  for (int groups = 0; groups < 3; ++groups) {
    if (at < 2 || t[at - 1] != ' ') return false;
    size_t g = at - 1;
    while (g > 0 && is_alnum(t[g - 1])) --g;
    const std::string_view group = t.substr(g, at - 1 - g);
    if (group.size() != 4) return false;
    if (is_alpha(group[0]) && is_alpha(group[1]) && is_digit(group[2]) &&
        is_digit(group[3]) && (g == 0 || !is_alnum(t[g - 1])))
      return true;
    at = g;
  }
  return false;
}

}  // namespace

void find_cards(std::string_view t, const ScanContext& ctx,
                std::vector<Finding>& out) {
  for_each_number_run(
      t, 12, 19, " -", [&](size_t s, size_t e, const std::string& d) {
        std::string network = card_network(d);
        if (network.empty() || !luhn_ok(d)) return;
        if (inside_iban_shape(t, s) || !card_grouping(t.substr(s, e - s)))
          return;
        // All-same or sequential digits pass Luhn by chance; not cards.
        if (std::all_of(d.begin(), d.end(), [&](char c) { return c == d[0]; }))
          return;
        // Test numbers stay findings (an exposure holding them says
        // something) but are flagged and weigh little.
        const bool test = test_card_number(d);
        out.push_back(make(ctx, "payment_card", d, s, e, test ? 0.3 : 0.95,
                           "card",
                           network + ", Luhn valid" +
                               (test ? "; a published test number or a "
                                       "sequence, not a real card"
                                     : "")));
      });
}

void find_ibans(std::string_view t, const ScanContext& ctx,
                std::vector<Finding>& out) {
  for (size_t i = 0; i + 15 <= t.size(); ++i) {
    if (!is_alpha(t[i]) || !is_alpha(t[i + 1]) || !is_digit(t[i + 2]) ||
        !is_digit(t[i + 3]))
      continue;
    if (i > 0 && is_alnum(t[i - 1])) continue;
    std::string compact;
    size_t j = i, end = i;
    while (j < t.size() && compact.size() < 34) {
      if (is_alnum(t[j])) {
        compact.push_back(upper(t[j]));
        end = ++j;
      } else if (t[j] == ' ' && j + 1 < t.size() && is_alnum(t[j + 1]) &&
                 compact.size() % 4 == 0) {
        ++j;  // IBANs are printed in groups of four
      } else {
        break;
      }
    }
    // The longest prefix that is a valid IBAN (text may follow the number).
    for (size_t len = std::min<size_t>(compact.size(), 34); len >= 15; --len) {
      if (!iban_ok(std::string_view(compact).substr(0, len))) continue;
      // Map the compact length back to a byte end.
      size_t count = 0, k = i;
      while (k < t.size() && count < len) {
        if (is_alnum(t[k])) ++count;
        ++k;
      }
      if (k < t.size() && is_alnum(t[k]) && len == compact.size()) break;
      out.push_back(make(ctx, "iban", compact.substr(0, len), i, k, 0.97,
                         "iban",
                         "mod-97 valid, length for " + compact.substr(0, 2),
                         compact.substr(0, 2)));
      i = k;
      break;
    }
    (void)end;
  }
}

void find_national_ids(std::string_view t, const ScanContext& ctx,
                       std::vector<Finding>& out) {
  std::string field = ascii_lower(ctx.field);
  // US SSN: ddd-dd-dddd, or 9 digits next to an SSN keyword.
  for_each_number_run(
      t, 9, 9, "- ", [&](size_t s, size_t e, const std::string& d) {
        std::string_view raw = t.substr(s, e - s);
        bool dashed = raw.size() == 11 && raw[3] == '-' && raw[6] == '-';
        std::string ctxt = before_on_line(t, s, 40) + " " + field;
        bool ssn_kw =
            contains_any(ctxt, {"ssn", "social security", "social sec"});
        // Without the keyword the ddd-dd-dddd shape alone is taken, unless
        // the words just before name another kind of number ("Ticket
        // 123-45-6789", "Case #", "Order ref").
        const std::string near = before_on_line(t, s, 24);
        const bool other_number =
            !ssn_kw &&
            (near.find('#') != std::string::npos ||
             contains_any(
                 near, {"ticket", "case", "order", "ref", "invoice", "serial",
                        "tracking", "confirmation", "no.", "number", "id ",
                        "id:", "part", "claim", "account", "acct", "policy"}));
        if ((dashed || ssn_kw) && !other_number && ssn_ok(d))
          out.push_back(make(
              ctx, "national_id.us.ssn", d, s, e, ssn_kw ? 0.95 : 0.7, "us_ssn",
              ssn_kw ? "SSN keyword nearby" : "ddd-dd-dddd format", "US"));
        bool bsn_kw =
            contains_any(ctxt, {"bsn", "burgerservicenummer", "sofinummer"});
        if (bsn_kw && raw.size() == 9 && bsn_ok(d))
          out.push_back(make(ctx, "national_id.nl.bsn", d, s, e, 0.9, "nl_bsn",
                             "BSN keyword nearby, 11-proef valid", "NL"));
      });
  // Indian Aadhaar: 12 digits, usually 4-4-4.
  for_each_number_run(
      t, 12, 12, " -", [&](size_t s, size_t e, const std::string& d) {
        std::string_view raw = t.substr(s, e - s);
        bool grouped = raw.size() == 14 && (raw[4] == ' ' || raw[4] == '-');
        bool kw = contains_any(before(t, s, 40) + " " + field,
                               {"aadhaar", "aadhar", "uidai"});
        if ((grouped || kw) && aadhaar_ok(d))
          out.push_back(make(ctx, "national_id.in.aadhaar", d, s, e,
                             kw ? 0.95 : 0.6, "in_aadhaar", "Verhoeff valid",
                             "IN"));
      });
  // Alphanumeric identifiers, tried at every word start: the word itself
  // (DNI/NIE, codice fiscale, NINO) and, for the NINO, the word joined with
  // the following space-separated words ("QQ 12 34 56 C").
  size_t n = t.size();
  for (size_t s = 0; s < n; ++s) {
    if (!is_alnum(t[s]) || (s > 0 && is_alnum(t[s - 1]))) continue;
    size_t we = s;
    while (we < n && is_alnum(t[we])) ++we;
    // Only words that can start one of these identifiers are copied: 9
    // characters (DNI/NIE), 16 (codice fiscale), or a NINO's two letters
    // (alone, or followed by its digits).
    const size_t wl = we - s;
    const bool nino_start = wl <= 9 && wl >= 2 && is_alpha(t[s]) &&
                            is_alpha(t[s + 1]) &&
                            (wl == 2 || is_digit(t[s + 2]));
    if (wl != 9 && wl != 16 && !nino_start) {
      s = we;
      continue;
    }
    std::string word;
    for (size_t k = s; k < we; ++k) word.push_back(upper(t[k]));
    if (word.size() == 9 && dni_ok(word))
      out.push_back(make(ctx, "national_id.es.dni", word, s, we, 0.9, "es_dni",
                         "check letter valid", "ES"));
    if (word.size() == 16 && codice_fiscale_ok(word))
      out.push_back(make(ctx, "national_id.it.codice_fiscale", word, s, we,
                         0.95, "it_codice_fiscale", "check character valid",
                         "IT"));
    if (word.size() <= 9 && is_alpha(t[s])) {
      std::string compact = word;
      size_t e = we;
      while (compact.size() < 9 && e + 1 < n && t[e] == ' ' &&
             is_alnum(t[e + 1])) {
        size_t k = e + 1;
        while (k < n && is_alnum(t[k])) compact.push_back(upper(t[k++]));
        e = k;
      }
      if (compact.size() == 9 && (e >= n || !is_alnum(t[e])) &&
          nino_ok(compact))
        out.push_back(make(ctx, "national_id.uk.nino", compact, s, e, 0.9,
                           "uk_nino", "prefix and suffix rules", "GB"));
    }
  }
}

void find_ip_addresses(std::string_view t, const ScanContext& ctx,
                       std::vector<Finding>& out) {
  // IPv4: four dotted decimal octets, not part of a longer dotted run.
  for (size_t i = 0; i < t.size(); ++i) {
    if (!is_digit(t[i]) || (i > 0 && (is_alnum(t[i - 1]) || t[i - 1] == '.')))
      continue;
    size_t j = i;
    int parts = 0;
    bool ok = true;
    while (parts < 4) {
      size_t d0 = j;
      int v = 0;
      while (j < t.size() && is_digit(t[j]) && j - d0 < 4)
        v = v * 10 + (t[j++] - '0');
      size_t len = j - d0;
      if (len == 0 || len > 3 || v > 255 || (len > 1 && t[d0] == '0')) {
        ok = false;
        break;
      }
      ++parts;
      if (parts < 4) {
        if (j >= t.size() || t[j] != '.') {
          ok = false;
          break;
        }
        ++j;
      }
    }
    if (!ok || parts != 4) continue;
    if (j < t.size() && (is_alnum(t[j]) || (t[j] == '.' && j + 1 < t.size() &&
                                            is_digit(t[j + 1]))))
      continue;
    std::string pre = before(t, i, 12);
    if (contains_any(pre, {"version", "ver.", " v", "v."}) ||
        (!pre.empty() && pre.back() == 'v'))
      continue;
    out.push_back(make(ctx, "ip_address", std::string(t.substr(i, j - i)), i, j,
                       0.8, "ipv4"));
    i = j;
  }
  // IPv6: tokens of hex digits and colons with at least two colons.
  for (size_t i = 0; i < t.size(); ++i) {
    if (!(std::isxdigit(static_cast<unsigned char>(t[i])) || t[i] == ':'))
      continue;
    if (i > 0 && (is_alnum(t[i - 1]) || t[i - 1] == ':')) continue;
    size_t j = i;
    int colons = 0;
    while (j < t.size() && (std::isxdigit(static_cast<unsigned char>(t[j])) ||
                            t[j] == ':' || t[j] == '.')) {
      if (t[j] == ':') ++colons;
      ++j;
    }
    if (colons >= 2 && j - i >= 3 && j - i <= 45 &&
        (j >= t.size() || !is_alnum(t[j]))) {
      std::string tok(t.substr(i, j - i));
      unsigned char buf[16];
      if (inet_pton(AF_INET6, tok.c_str(), buf) == 1 && tok != "::") {
        char norm[64];
        inet_ntop(AF_INET6, buf, norm, sizeof norm);
        out.push_back(make(ctx, "ip_address", norm, i, j, 0.85, "ipv6"));
      }
    }
    i = j;
  }
}

void find_dates_of_birth(std::string_view t, const ScanContext& ctx,
                         std::vector<Finding>& out) {
  std::string field = ascii_lower(ctx.field);
  bool field_kw = contains_any(field, {"birth", "dob", "geburt", "naissance",
                                       "nacimiento", "nascita", "geboorte"});
  for (size_t i = 0; i + 8 <= t.size(); ++i) {
    if (!is_digit(t[i]) || (i > 0 && is_alnum(t[i - 1]))) continue;
    int y = 0, m = 0, d = 0;
    size_t j = i;
    auto num = [&](int maxlen, int* v) {
      size_t k = j;
      *v = 0;
      while (j < t.size() && is_digit(t[j]) && static_cast<int>(j - k) < maxlen)
        *v = *v * 10 + (t[j++] - '0');
      return static_cast<int>(j - k);
    };
    int a = 0, b = 0, c = 0;
    int la = num(4, &a);
    if (j >= t.size() || !std::strchr("-./", t[j])) continue;
    char sep = t[j++];
    int lb = num(2, &b);
    if (j >= t.size() || t[j] != sep) continue;
    ++j;
    int lc = num(4, &c);
    if (la == 4 && lb >= 1 && lc >= 1 && lc <= 2) {
      y = a, m = b, d = c;
    } else if (la <= 2 && lb >= 1 && lc == 4) {
      y = c;
      // Day first unless impossible (US month-first when the day > 12).
      if (b > 12) {
        m = a, d = b;
      } else {
        d = a, m = b;
      }
    } else {
      continue;
    }
    if (j < t.size() && is_digit(t[j])) continue;
    if (y < 1900 || y > 2026 || m < 1 || m > 12 || d < 1 || d > 31) continue;
    // The keyword must be close (a label, "born on"): 24 bytes before.
    std::string ctxt = before(t, i, 24);
    bool kw =
        field_kw ||
        contains_any(ctxt, {"date of birth", "dob", "born", "birth", "geboren",
                            "geburtsdatum", "né le", "née le",
                            "date de naissance", "fecha de nacimiento",
                            "nacido", "data di nascita", "geboortedatum"});
    if (!kw) continue;
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    out.push_back(
        make(ctx, "date_of_birth", iso, i, j, 0.85, "date_of_birth",
             field_kw ? "birth-date field" : "birth keyword before the date"));
    i = j;
  }
}

void find_secrets(std::string_view t, const ScanContext& ctx,
                  std::vector<Finding>& out) {
  auto token_end = [&](size_t from, auto pred) {
    size_t e = from;
    while (e < t.size() && pred(t[e])) ++e;
    return e;
  };
  auto alnum_ = [](char c) { return is_alnum(c) || c == '_'; };
  // AWS access key ids.
  for (const char* pre : {"AKIA", "ASIA"}) {
    size_t p = 0;
    while ((p = t.find(pre, p)) != std::string_view::npos) {
      size_t e = token_end(
          p, [](char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); });
      if (e - p == 20 && (p == 0 || !is_alnum(t[p - 1])) &&
          (e >= t.size() || !is_alnum(t[e])))
        out.push_back(make(ctx, "secret.aws_access_key",
                           std::string(t.substr(p, 20)), p, e, 0.95, "aws_key",
                           "AKIA/ASIA + 16 characters"));
      p += 4;
    }
  }
  // Private keys (PEM).
  {
    size_t p = 0;
    while ((p = t.find("-----BEGIN ", p)) != std::string_view::npos) {
      size_t le = t.find("-----", p + 11);
      if (le == std::string_view::npos) break;
      std::string label(t.substr(p + 11, le - p - 11));
      if (label.find("PRIVATE KEY") != std::string::npos) {
        size_t end = t.find("-----END ", le);
        size_t stop =
            end == std::string_view::npos ? le + 5 : t.find("-----", end + 9);
        stop = stop == std::string_view::npos ? t.size() : stop + 5;
        std::string kind = ascii_lower(label);
        std::replace(kind.begin(), kind.end(), ' ', '_');
        out.push_back(make(ctx, "secret.private_key", label, p, stop, 0.99,
                           "pem_private_key", "PEM block " + label));
        p = stop;
      } else {
        p = le;
      }
    }
  }
  // Prefixed tokens.
  struct Prefixed {
    const char* prefix;
    const char* type;
    size_t min_len;  // of the part after the prefix
  };
  static const Prefixed kPrefixed[] = {
      {"ghp_", "secret.github_token", 36},
      {"gho_", "secret.github_token", 36},
      {"ghs_", "secret.github_token", 36},
      {"github_pat_", "secret.github_token", 22},
      {"xoxb-", "secret.slack_token", 10},
      {"xoxp-", "secret.slack_token", 10},
      {"xoxa-", "secret.slack_token", 10},
      {"sk_live_", "secret.stripe_key", 20},
      {"rk_live_", "secret.stripe_key", 20},
      {"AIza", "secret.google_api_key", 35},
  };
  for (const auto& pf : kPrefixed) {
    size_t p = 0;
    while ((p = t.find(pf.prefix, p)) != std::string_view::npos) {
      size_t body = p + std::strlen(pf.prefix);
      size_t e = token_end(body, [&](char c) { return alnum_(c) || c == '-'; });
      if (e - body >= pf.min_len && (p == 0 || !alnum_(t[p - 1])))
        out.push_back(make(ctx, pf.type, std::string(t.substr(p, e - p)), p, e,
                           0.95, "token_prefix",
                           std::string("prefix ") + pf.prefix));
      p = e > p ? e : p + 1;
    }
  }
  // JSON Web Tokens: three base64url parts, the first two JSON ("eyJ").
  {
    size_t p = 0;
    auto b64 = [](char c) { return is_alnum(c) || c == '-' || c == '_'; };
    while ((p = t.find("eyJ", p)) != std::string_view::npos) {
      size_t e1 = token_end(p, b64);
      if (e1 + 4 < t.size() && t[e1] == '.' && t.substr(e1 + 1, 3) == "eyJ") {
        size_t e2 = token_end(e1 + 1, b64);
        if (e2 < t.size() && t[e2] == '.') {
          size_t e3 = token_end(e2 + 1, b64);
          if (e3 - e2 > 10) {
            out.push_back(make(ctx, "secret.jwt",
                               std::string(t.substr(p, e3 - p)), p, e3, 0.9,
                               "jwt", "header.payload.signature"));
            p = e3;
            continue;
          }
        }
      }
      p = e1 > p ? e1 : p + 1;
    }
  }
  // Passwords in connection strings and key=value configuration.
  {
    std::string low = ascii_lower(t);
    for (const char* key : {"password=", "pwd=", "password =", "passwd="}) {
      size_t p = 0;
      while ((p = low.find(key, p)) != std::string::npos) {
        if (p > 0 && is_alnum(low[p - 1])) {
          p += 1;
          continue;
        }
        size_t v = p + std::strlen(key);
        while (v < t.size() && (t[v] == ' ' || t[v] == '\'' || t[v] == '"'))
          ++v;
        size_t e = v;
        while (e < t.size() && t[e] != ';' && t[e] != '\'' && t[e] != '"' &&
               !std::isspace(static_cast<unsigned char>(t[e])) && t[e] != '&')
          ++e;
        if (e - v >= 4)
          out.push_back(make(
              ctx, "secret.password", std::string(t.substr(v, e - v)), v, e,
              0.8, "password_assignment", std::string(t.substr(p, v - p))));
        p = e > p ? e : p + 1;
      }
    }
  }
}

namespace {
constexpr size_t kVectorscanFrom = 512;  // bytes
}  // namespace

void scan_all(std::string_view text, const ScanContext& ctx,
              std::vector<Finding>& out) {
  if (text.empty()) return;
  // Which recognizers have a candidate here: for a text of some length one
  // vectorscan pass (candidates.hpp); for a short value (a SQL cell, a
  // header field), where a scan's fixed cost (about 0.4 us) exceeds the
  // recognizers' own gates, counting digits and looking for '@' (measured:
  // scripts/bench classify, tests/tools/classify_bench).
  uint32_t c = 0;
  if (text.size() >= kVectorscanFrom) {
    c = find_candidates(text);
  } else {
    size_t digits = 0;
    for (char ch : text) digits += is_digit(ch);
    if (text.find('@') != std::string_view::npos) c |= kCandEmail;
    if (digits >= 7) c |= kCandNumber | kCandIban | kCandDate;
    if (digits >= 4) c |= kCandIp;
    if (digits >= 6) c |= kCandNational;
    c |= kCandSecret;
  }
  if (!c) return;
  if (c & kCandEmail) find_emails(text, ctx, out);
  if (c & kCandNumber) {
    find_phones(text, ctx, out);
    find_cards(text, ctx, out);
  }
  if (c & kCandIban) find_ibans(text, ctx, out);
  if (c & kCandDate) find_dates_of_birth(text, ctx, out);
  if (c & kCandIp) find_ip_addresses(text, ctx, out);
  if (c & kCandNational) find_national_ids(text, ctx, out);
  if (c & kCandSecret) find_secrets(text, ctx, out);
}

}  // namespace leakscope::classify
