// Turns bytes in some declared (or undeclared) character set into UTF-8 with
// ICU, and says which charset was actually used and why.
#pragma once

#include <string>
#include <string_view>

namespace leakscope::mime {

struct DecodedText {
  std::string utf8;
  std::string charset;  // canonical name actually used, e.g. "ISO-8859-1"
  // "declared": the declared charset decoded cleanly.
  // "detected": ICU's detector chose it (declared missing, unknown or wrong).
  // "fallback": nothing fit; windows-1252 with substitutions.
  std::string how;
  bool lossy = false;  // some bytes were replaced with U+FFFD
};

// `declared` may be empty, mixed case, or an alias ("latin1", "utf8",
// "ks_c_5601-1987"). Never throws.
DecodedText decode_text(std::string_view bytes, std::string_view declared);

// Converts with the given charset only, substituting ill-formed input.
// Returns false if ICU does not know the charset.
bool convert_with(std::string_view bytes, std::string_view charset,
                  std::string* utf8, bool* lossy);

}  // namespace leakscope::mime
