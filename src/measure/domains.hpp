// Organisations from domain names: registrable domains through libpsl with
// Debian's public suffix list (psl_latest), free-mail providers, country of
// a domain, organisation groups (the registrable domain's name label).
#pragma once

#include <string>
#include <string_view>

namespace leakscope::measure {

struct DomainFacts {
  std::string registrable;  // "contoso.co.uk" for "mail.contoso.co.uk"
  std::string group;        // "contoso": the label left of the public suffix
  bool free_mail = false;   // a mailbox provider, not an organisation
  std::string country;      // ISO alpha-2 from the ccTLD or government suffix
  bool government = false;
};

DomainFacts domain_facts(std::string_view domain);

}  // namespace leakscope::measure
