// Check-digit and range rules of identifiers (pure functions over ASCII).
// Inputs are the identifier without separators.
#pragma once

#include <string>
#include <string_view>

namespace leakscope::classify {

bool luhn_ok(std::string_view digits);
// The card network of a 13-19 digit number by its issuer prefix, or "" when
// no known network issues that prefix/length.
std::string card_network(std::string_view digits);
// A number published for testing (4111 1111 1111 1111 ...) or an obvious
// sequence: Luhn-valid, in a real range, and still no one's card.
bool test_card_number(std::string_view digits);
// ISO 13616: country length table and mod-97 == 1. `iban` upper-case.
bool iban_ok(std::string_view iban);
// US SSN: area not 000/666/900-999, group not 00, serial not 0000.
bool ssn_ok(std::string_view nine_digits);
// UK National Insurance number: two prefix letters (HMRC's excluded letters
// and pairs), six digits, suffix A-D. Upper-case, no spaces.
bool nino_ok(std::string_view nino);
// Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter).
bool dni_ok(std::string_view id);
// Dutch BSN: 9 digits, the "11-proef".
bool bsn_ok(std::string_view nine_digits);
// Italian codice fiscale: 16 characters, the check character.
bool codice_fiscale_ok(std::string_view cf);
// Indian Aadhaar: 12 digits, first 2-9, Verhoeff check digit.
bool aadhaar_ok(std::string_view twelve_digits);

}  // namespace leakscope::classify
