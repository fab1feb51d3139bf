// The parts of a mail item that every Outlook format fills the same way
// (.msg in parsers/msg, .pst/.ost in parsers/pst): MAPI times, the sender
// and recipient fields with the names an .eml gives them, and an
// attachment's bytes opened through the ContentHandler.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "leakscope/content.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"

namespace leakscope {

// FILETIME (100 ns since 1601-01-01 UTC) as ISO 8601 ("...Z"); nullopt
// before 1970 or after 9999.
std::optional<std::string> filetime_iso(uint64_t filetime);

// The sender: `smtp` (an SMTP address from PR_SENDER_SMTP_ADDRESS or
// PR_SENT_REPRESENTING_SMTP_ADDRESS, "" when none), else `sender_email`
// (PR_SENDER_EMAIL_ADDRESS) when it is an SMTP address; an Exchange
// (X.500) sender is kept apart as from.exchange_address. Address and name
// are added together so that the n-th name belongs to the n-th address.
void add_mapi_sender(Item& msg, const std::string& smtp,
                     const std::string& sender_email, const std::string& name);

// One recipient: PR_RECIPIENT_TYPE 2 cc, 3 bcc, else to; an address
// without "@" (Exchange) as <field>.exchange_address.
void add_mapi_recipient(Item& msg, uint32_t type, const std::string& address,
                        const std::string& display);

// Emits the attachment item `it` with `data` (size, SHA-256, sniffed
// type) and opens the bytes through `handler` (nullptr: not opened) as a
// child one level below `depth`. Returns the item's id.
int64_t emit_attachment_bytes(Item it, const std::string& data,
                              const std::string& name,
                              const std::string& declared_type, int depth,
                              ItemSink& sink, Reporter& reporter,
                              ContentHandler* handler);

}  // namespace leakscope
