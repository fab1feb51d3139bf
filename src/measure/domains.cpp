#include "measure/domains.hpp"

#include <libpsl.h>

#include <cctype>
#include <set>

#include "classify/address_syntax.hpp"
#include "util/text.hpp"

namespace leakscope::measure {
namespace {

const psl_ctx_t* psl() {
  // The list Debian's publicsuffix package installs, else libpsl's builtin.
  static const psl_ctx_t* ctx = [] {
    const psl_ctx_t* p = psl_latest(nullptr);
    return p ? p : psl_builtin();
  }();
  return ctx;
}

// Mailbox providers whose addresses say nothing about an organisation. Name
// labels match across TLDs (yahoo.de, hotmail.fr); full domains exactly.
// Sources: the providers' own domain lists and the free-email-domains list
// published by HubSpot (kept here as data, reviewed by hand).
const std::set<std::string>& free_mail_labels() {
  static const std::set<std::string> k = {
      "gmail",     "googlemail",  "yahoo",     "ymail",      "rocketmail",
      "hotmail",   "outlook",     "live",      "msn",        "aol",
      "aim",       "icloud",      "me",        "mac",        "gmx",
      "yandex",    "protonmail",  "proton",    "zoho",       "mail",
      "inbox",     "tutanota",    "tuta",      "fastmail",   "hushmail",
      "mailbox",   "posteo",      "qq",        "163",        "126",
      "sina",      "naver",       "daum",      "hanmail",    "rediffmail",
      "libero",    "virgilio",    "seznam",    "laposte",    "orange",
      "wanadoo",   "free",        "sfr",       "btinternet", "sky",
      "talktalk",  "virginmedia", "ntlworld",  "comcast",    "verizon",
      "att",       "sbcglobal",   "bellsouth", "cox",        "charter",
      "earthlink", "juno",        "shaw",      "rogers",     "sympatico",
      "bigpond",   "optusnet",    "xtra",      "terra",      "uol",
      "bol",       "ig",          "t-online",  "freenet",    "arcor",
      "web",       "wp",          "o2",        "interia",    "onet",
      "op",        "abv",         "rambler",   "ukr",        "i",
      "list",      "bk",
  };
  return k;
}

}  // namespace

DomainFacts domain_facts(std::string_view domain) {
  DomainFacts f;
  std::string d = ascii_lower(domain);
  while (!d.empty() && d.back() == '.') d.pop_back();
  if (d.empty()) return f;
  const char* reg = psl_registrable_domain(psl(), d.c_str());
  f.registrable = reg ? reg : d;
  size_t dot = f.registrable.find('.');
  f.group =
      dot == std::string::npos ? f.registrable : f.registrable.substr(0, dot);
  std::string gov = classify::government_country(d);
  f.government = !gov.empty();
  f.country = f.government ? gov : classify::cctld_country(f.registrable);
  // Generic labels ("mail", "web", "i") only count as free mail on the
  // providers' own domains, not as any company's name label.
  static const std::set<std::string> kExact = {
      "mail.ru",     "mail.com",     "web.de",     "i.ua",     "list.ru",
      "bk.ru",       "inbox.ru",     "inbox.com",  "o2.pl",    "wp.pl",
      "op.pl",       "me.com",       "mac.com",    "live.com", "live.co.uk",
      "live.de",     "live.fr",      "free.fr",    "sky.com",  "ig.com.br",
      "bol.com.br",  "terra.com.br", "uol.com.br", "att.net",  "cox.net",
      "mailbox.org", "orange.fr",    "aim.com"};
  static const std::set<std::string> kGeneric = {
      "mail",  "web", "i",   "list", "bk",      "inbox",  "o2", "wp",
      "op",    "me",  "mac", "live", "free",    "sky",    "ig", "bol",
      "terra", "uol", "att", "cox",  "mailbox", "orange", "aim"};
  if (kExact.count(f.registrable)) {
    f.free_mail = true;
  } else if (free_mail_labels().count(f.group) && !kGeneric.count(f.group)) {
    f.free_mail = true;
  }
  return f;
}

}  // namespace leakscope::measure
