#include "util/message_key.hpp"

#include <string>

#include "util/sha256.hpp"
#include "util/text.hpp"

namespace leakscope {

void add_message_dedup_key(Item& msg, std::string_view message_id) {
  if (!message_id.empty()) {
    msg.add("dedup_key", "message-id:" + std::string(message_id));
    return;
  }
  Sha256 k;
  for (const char* name :
       {"from.address", "to.address", "cc.address", "date.raw"}) {
    for (const auto& f : msg.fields)
      if (f.name == name) k.update(collapse_whitespace(f.value) + "\n");
    k.update("|");
  }
  k.update(collapse_whitespace(msg.title) + "\n");
  k.update(collapse_whitespace(msg.text));
  msg.add("dedup_key", "content:" + k.hex_digest());
}

}  // namespace leakscope
