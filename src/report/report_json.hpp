// report.json, schema "leakscope.report/1". Keys are stable: later versions
// add keys, never rename or remove them.
//   schema, generated, tool_version, store
//   sources {files, bytes, unreadable, damaged, by_kind{kind: n}}
//   counts.messages {raw, unique}     unique by Message-ID, else by a hash of
//                                     normalised headers and body text
//   counts.attachments {raw, unique}  unique by SHA-256 of decoded bytes
//   counts.email_addresses {raw, unique}  occurrences in From, Sender,
//                                     Reply-To, To, Cc, Bcc; unique case-folded
//   time_span {earliest, latest}      over dated messages
//   unreadable [{path, error}], damaged [{path, damages}]
//   method {figure: how it was counted}
#pragma once

#include <nlohmann/json.hpp>

#include "leakscope/store.hpp"

namespace leakscope {

nlohmann::json build_report(const Store& store);

}  // namespace leakscope
