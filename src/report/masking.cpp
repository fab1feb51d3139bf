#include "report/masking.hpp"

#include <cctype>
#include <vector>

#include "util/text.hpp"

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
  // By code points, never splitting a UTF-8 sequence (the result goes into
  // JSON); bytes that are not UTF-8 are all masked.
  if (!is_valid_utf8(v)) return "***";
  std::vector<size_t> starts;  // byte offset of each code point
  for (size_t i = 0; i < v.size(); ++i)
    if ((static_cast<unsigned char>(v[i]) & 0xC0) != 0x80) starts.push_back(i);
  if (starts.size() <= 2) return std::string(starts.size(), '*');
  return v.substr(0, starts[1]) + std::string(starts.size() - 2, '*') +
         v.substr(starts.back());
}

std::string replace_addresses_in(
    const std::string& text,
    const std::function<std::optional<std::string>(const std::string&)>&
        replace) {
  std::string out = text;
  auto local = [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
           c == '-';
  };
  auto host = [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-';
  };
  for (size_t at = out.find('@'); at != std::string::npos;
       at = out.find('@', at + 1)) {
    size_t b = at, e = at + 1;
    while (b > 0 && local(static_cast<unsigned char>(out[b - 1]))) --b;
    while (e < out.size() && host(static_cast<unsigned char>(out[e]))) ++e;
    if (b == at || e == at + 1) continue;
    std::optional<std::string> with = replace(out.substr(b, e - b));
    if (!with) continue;
    out.replace(b, e - b, *with);
    at = b + with->size() - 1;
  }
  return out;
}

}  // namespace leakscope
