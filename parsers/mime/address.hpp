// RFC 5322 §3.4 address lists: "Name <a@b>, c@d (Comment), Group: e@f;"
// split into display name + address. Lenient: unbalanced quotes or brackets
// end at the end of the value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leakscope::mime {

struct Mailbox {
  std::string name;     // display name, RFC 2047-decoded, UTF-8; may be empty
  std::string address;  // addr-spec as written (case kept); may lack '@'
};

std::vector<Mailbox> parse_address_list(std::string_view value);

}  // namespace leakscope::mime
