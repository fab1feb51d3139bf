// Content-Transfer-Encoding decoders (RFC 2045 §6). Lenient the way mail
// readers must be: bytes outside the alphabet are skipped and counted, never
// fatal.
#pragma once

#include <string>
#include <string_view>

namespace leakscope::mime {

struct DecodeStats {
  size_t invalid_chars = 0;  // bytes skipped (base64) or kept literally (QP)
  bool bad_padding = false;  // base64 ended mid-quantum
};

std::string decode_base64(std::string_view in, DecodeStats* stats = nullptr);
// `header` selects the RFC 2047 "Q" flavour: '_' is a space.
std::string decode_quoted_printable(std::string_view in, bool header = false,
                                    DecodeStats* stats = nullptr);
// uuencode and yEnc: embedded_encodings.hpp.

}  // namespace leakscope::mime
