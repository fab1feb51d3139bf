// The syntax of e-mail addresses and domain names, checked as the RFCs say
// before a value becomes an address finding, an organisation or a file name:
//  * local part (RFC 5321 4.5.3.1.1, RFC 5322 3.2.3 dot-atom, RFC 6531):
//    1..64 octets of atext (letters, digits, !#$%&'*+-/=?^_`{|}~) or UTF-8,
//    in runs separated by single dots, neither first nor last;
//  * domain (RFC 1035 2.3.1 as relaxed by RFC 1123 2.1, RFC 5321 4.5.3.1.2):
//    in its ASCII (punycode) form at most 253 octets, at least two labels,
//    each 1..63 letters, digits or hyphens and neither beginning nor ending
//    with a hyphen; the top-level label one the public suffix list knows
//    (libpsl, without the list's implicit "*" rule), so that "example.jpg"
//    is not a domain, or a special-use or private name that real internal
//    mail carries (RFC 6761: test, example, invalid, localhost; RFC 6762:
//    local; ICANN's private-use "internal"; and the name-collision labels
//    corp, home, lan, intranet: "administrator@corp.local" is an address
//    in a leaked mailbox even though no registry sells .local).
// Beside the syntax, the facts measurement reads from a domain name alone
// (its government country, its ccTLD country; domains.cpp). This part of
// the classifier needs only libpsl and ICU, so that the commands which
// measure a store load neither libphonenumber nor vectorscan.
#pragma once

#include <string>
#include <string_view>

namespace leakscope::classify {

bool is_valid_local_part(std::string_view local);
// `domain`: lower-case ASCII (IDNA already applied), no trailing dot.
bool is_valid_domain(std::string_view domain);
// True when `tld` (lower-case ASCII, punycode for IDN) is a top-level
// domain on the public suffix list or one of the special-use names above.
bool is_known_tld(std::string_view tld);

// An e-mail address normalised (local part case-folded, domain lower-case
// and IDNA/punycode), or "" if it is not a plausible address.
std::string normalize_email(std::string_view address);
// The part after the last '@' ("" when there is none).
std::string email_domain(std::string_view email);
// A government body's country (ISO alpha-2, "EU" for EU institutions, "INT"
// for international bodies) by its domain's suffix; "" if not government.
std::string government_country(std::string_view domain);
// Country of a country-code top-level domain ("uk" -> "GB"), or "".
std::string cctld_country(std::string_view domain);

}  // namespace leakscope::classify
