#include "util/mapi_item.hpp"

#include <ctime>

#include "util/sha256.hpp"
#include "util/text.hpp"

namespace leakscope {

std::optional<std::string> filetime_iso(uint64_t ft) {
  constexpr uint64_t kEpochDelta = 116444736000000000ull;  // 1601 -> 1970
  if (ft < kEpochDelta) return std::nullopt;
  const uint64_t secs = (ft - kEpochDelta) / 10000000ull;
  if (secs > 253402300799ull) return std::nullopt;  // after 9999-12-31
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf);
}

void add_mapi_sender(Item& msg, const std::string& smtp,
                     const std::string& sender_email, const std::string& name) {
  std::string from = smtp;
  if (from.empty() && sender_email.find('@') != std::string::npos)
    from = sender_email;
  if (!from.empty()) {
    msg.add("from.address", ascii_lower(trim(from)));
    msg.add("from.name", name);
  } else if (!name.empty()) {
    msg.add("from.display_name", name);
  }
  if (from.empty() && !sender_email.empty())
    msg.add("from.exchange_address", sender_email);
}

void add_mapi_recipient(Item& msg, uint32_t type, const std::string& address,
                        const std::string& display) {
  const std::string field = type == 2 ? "cc" : type == 3 ? "bcc" : "to";
  if (address.find('@') != std::string::npos) {
    msg.add(field + ".address", ascii_lower(trim(address)));
    msg.add(field + ".name", display);
  } else if (!address.empty() || !display.empty()) {
    msg.add(field + ".exchange_address", address);
    msg.add(field + ".display_name", display);
  }
}

int64_t emit_attachment_bytes(Item it, const std::string& data,
                              const std::string& name,
                              const std::string& declared_type, int depth,
                              ItemSink& sink, Reporter& reporter,
                              ContentHandler* handler) {
  it.size = data.size();
  it.sha256 = Sha256::hex(data);
  if (handler && !data.empty()) it.add("sniffed_type", handler->sniff(data));
  const std::string locator = it.locator;
  const int64_t id = sink.emit(std::move(it));
  if (handler && !data.empty()) {
    EmbeddedContent c;
    c.bytes = data;
    c.name = name;
    c.declared_type = declared_type;
    c.locator = locator;
    c.item_id = id;
    c.depth = depth + 1;
    handler->open(c, sink, reporter);
  }
  return id;
}

}  // namespace leakscope
