#include "report/masking.hpp"

namespace leakscope {
namespace {

// Length in code points of a UTF-8 string's first character.
size_t first_char_bytes(const std::string& s) {
  if (s.empty()) return 0;
  unsigned char c = static_cast<unsigned char>(s[0]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
  return std::min(n, s.size());
}

}  // namespace

std::string mask_email(const std::string& email) {
  size_t at = email.rfind('@');
  if (at == std::string::npos) return mask_name(email);
  return email.substr(0, first_char_bytes(email)) + "***" + email.substr(at);
}

std::string mask_name(const std::string& name) {
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && name[i] == ' ') ++i;
    if (i >= name.size()) break;
    size_t j = i;
    while (j < name.size() && name[j] != ' ') ++j;
    std::string word = name.substr(i, j - i);
    if (!out.empty()) out += ' ';
    out += word.substr(0, first_char_bytes(word)) + "***";
    i = j;
  }
  return out;
}

std::string mask_phone(const std::string& p) {
  if (p.size() <= 6) return std::string(p.size(), '*');
  size_t keep_head = p[0] == '+' ? 3 : 2;
  return p.substr(0, keep_head) + std::string(p.size() - keep_head - 3, '*') +
         p.substr(p.size() - 3);
}

std::string mask_value(const std::string& type, const std::string& v) {
  if (type == "email" || type == "government_contact") return mask_email(v);
  if (type == "phone") return mask_phone(v);
  if (type == "person_name") return mask_name(v);
  if (v.size() <= 2) return std::string(v.size(), '*');
  return v.substr(0, 1) + std::string(v.size() - 2, '*') +
         v.substr(v.size() - 1);
}

std::string csv_quote(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace leakscope
