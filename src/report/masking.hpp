// Masking of personal data in reports (the default; --unmask turns it off).
// Masked forms keep what a reader needs to recognise their own data and no
// more: "j***@contoso.com", "J*** S***", "+49*******101".
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace leakscope {

std::string mask_email(const std::string& email);
std::string mask_name(const std::string& name);
std::string mask_phone(const std::string& e164);
// By finding type: email, phone, person_name; anything else keeps its first
// and last character.
std::string mask_value(const std::string& type, const std::string& value);

// `text` with every e-mail-address-shaped run (local part, '@', host) that
// `replace` answers for (it returns the replacement, or nullopt to keep
// it) replaced: free text such as file names, locators and evidence.
std::string replace_addresses_in(
    const std::string& text,
    const std::function<std::optional<std::string>(const std::string&)>&
        replace);

}  // namespace leakscope
