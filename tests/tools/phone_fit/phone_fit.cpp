// leakscope-phone-fit: reads phone numbers as written, one per line, and
// prints per line: the number, a tab, and the regions (comma-separated, ""
// for none) where it is valid in a layout the region uses: an
// international number ("+", "00", "011"; "(0)" trunk notation dropped)
// its own region when valid; a national one every region whose national
// format (libphonenumber) groups its digits as written. An extension
// ("x12", "ext. 12") is not part of the number.
#include <phonenumbers/phonenumberutil.h>

#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "classify/recognizers.hpp"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

std::string without_extension(std::string s) {
  for (const char* mark : {"x", "X", "ext", "Ext"}) {
    const size_t at = s.find(mark);
    if (at != std::string::npos) s.resize(at);
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace

int main() {
  const PhoneNumberUtil& u = *PhoneNumberUtil::GetInstance();
  std::set<std::string> regions;
  u.GetSupportedRegions(&regions);
  for (std::string line; std::getline(std::cin, line);) {
    std::string n = without_extension(line);
    std::vector<std::string> fit;
    std::string intl;
    if (n.rfind("+", 0) == 0)
      intl = n;
    else if (n.rfind("00", 0) == 0)
      intl = "+" + n.substr(2);
    else if (n.rfind("011", 0) == 0)
      intl = "+" + n.substr(3);
    if (!intl.empty()) {
      const size_t trunk = intl.find("(0)");
      if (trunk != std::string::npos) intl.erase(trunk, 3);
      PhoneNumber pn;
      std::string region;
      if (u.Parse(intl, "ZZ", &pn) == PhoneNumberUtil::NO_PARSING_ERROR &&
          u.IsValidNumber(pn)) {
        u.GetRegionCodeForNumber(pn, &region);
        fit.push_back(region);
      }
    } else {
      for (const auto& r : regions) {
        PhoneNumber pn;
        if (u.Parse(n, r, &pn) != PhoneNumberUtil::NO_PARSING_ERROR ||
            !u.IsValidNumberForRegion(pn, r))
          continue;
        std::string national;
        u.Format(pn, PhoneNumberUtil::NATIONAL, &national);
        if (leakscope::classify::digit_groups(national) ==
            leakscope::classify::digit_groups(n))
          fit.push_back(r);
      }
    }
    std::cout << line << '\t';
    for (size_t k = 0; k < fit.size(); ++k)
      std::cout << (k ? "," : "") << fit[k];
    std::cout << '\n';
  }
  return 0;
}
