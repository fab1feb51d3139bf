// UTF-8 -> legacy charset conversion (ICU ucnv), for bodies, encoded words
// and file names in the charsets real mail clients used.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mailgen {

// Converts UTF-8 `text` to `charset` (an IANA/ICU name such as "ISO-8859-1",
// "windows-1252", "ISO-2022-JP", "Shift_JIS", "UTF-8", "us-ascii").
// Returns nullopt when some character has no exact mapping; never uses ICU's
// fallback or substitution characters, so the result decodes back to `text`.
// For stateful charsets (ISO-2022-JP) the result ends in the initial state.
std::optional<std::string> encode_charset(std::string_view text,
                                          std::string_view charset);

bool is_ascii(std::string_view text);

// Byte length of the UTF-8 sequence starting with lead byte `c` (1 for
// continuation bytes, so loops always advance).
size_t utf8_seq_len(unsigned char c);

}  // namespace mailgen
