#include "classify/address_syntax.hpp"

#include <libpsl.h>
#include <unicode/uidna.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "util/text.hpp"

namespace leakscope::classify {

namespace {

bool ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

bool atext(char c) {
  return ascii_alnum(c) || std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr ||
         static_cast<unsigned char>(c) >= 0x80;
}

const psl_ctx_t* suffix_list() {
  // The list Debian's publicsuffix package installs, else libpsl's builtin.
  static const psl_ctx_t* ctx = [] {
    const psl_ctx_t* p = psl_latest(nullptr);
    return p ? p : psl_builtin();
  }();
  return ctx;
}

}  // namespace

bool is_valid_local_part(std::string_view l) {
  if (l.empty() || l.size() > 64 || l.front() == '.' || l.back() == '.')
    return false;
  char prev = 0;
  for (char c : l) {
    if (c == '.') {
      if (prev == '.') return false;
    } else if (!atext(c)) {
      return false;
    }
    prev = c;
  }
  return true;
}

bool is_known_tld(std::string_view tld) {
  if (tld.empty() || tld.size() > 63) return false;
  for (const char* special :
       {"test", "example", "invalid", "localhost", "local", "internal", "corp",
        "home", "lan", "intranet"})
    if (tld == special) return true;
  const std::string t(tld);
  return psl_is_public_suffix2(suffix_list(), t.c_str(),
                               PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

bool is_valid_domain(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  size_t labels = 0, start = 0;
  for (;;) {
    const size_t dot = d.find('.', start);
    const std::string_view label =
        d.substr(start, dot == std::string_view::npos ? d.npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' ||
        label.back() == '-')
      return false;
    for (char c : label)
      if (!ascii_alnum(c) && c != '-') return false;
    ++labels;
    if (dot == std::string_view::npos) {
      return labels >= 2 && is_known_tld(label);
    }
    start = dot + 1;
  }
}

std::string email_domain(std::string_view email) {
  size_t at = email.rfind('@');
  return at == std::string_view::npos ? "" : std::string(email.substr(at + 1));
}

std::string normalize_email(std::string_view a) {
  size_t at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size()) return "";
  const std::string_view local = a.substr(0, at);
  if (!is_valid_local_part(local)) return "";
  std::string domain = ascii_lower(a.substr(at + 1));
  if (!domain.empty() && domain.back() == '.') domain.pop_back();  // FQDN
  bool ascii = std::all_of(domain.begin(), domain.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
  if (!ascii) {
    UErrorCode err = U_ZERO_ERROR;
    static UIDNA* idna = uidna_openUTS46(UIDNA_NONTRANSITIONAL_TO_ASCII, &err);
    if (U_FAILURE(err) || !idna) return "";
    char buf[512];
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    err = U_ZERO_ERROR;
    int32_t len = uidna_nameToASCII_UTF8(idna, domain.data(),
                                         static_cast<int32_t>(domain.size()),
                                         buf, sizeof buf, &info, &err);
    if (U_FAILURE(err) || info.errors != 0 || len <= 0) return "";
    domain.assign(buf, static_cast<size_t>(len));
  }
  if (!is_valid_domain(domain)) return "";
  // Local parts are case-sensitive by the RFC but not in practice: folded.
  return ascii_lower(local) + "@" + domain;
}

}  // namespace leakscope::classify
