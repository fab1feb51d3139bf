// Compressed RTF ([MS-OXRTFCP]): the form Outlook keeps an RTF body in
// (PR_RTF_COMPRESSED, 0x1009) in .msg files and stores.
#pragma once

#include <string>
#include <string_view>

namespace leakscope {

// The RTF of a compressed-RTF stream: "LZFu" (LZ77 over a 4 KiB dictionary
// that starts with a fixed RTF prefix) or "MELA" (stored). At most
// `max_bytes` of output (and never more than the header's raw size). On
// damage returns what was decoded and sets *why (the offset and what was
// expected); never throws.
std::string decompress_rtf(std::string_view in, size_t max_bytes,
                           std::string* why);

}  // namespace leakscope
