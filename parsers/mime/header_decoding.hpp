// Header value decoding: RFC 2047 encoded words, RFC 2231 parameters,
// unfolding, and raw 8-bit header bytes turned into UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leakscope::mime {

// Removes CRLF/LF folding (RFC 5322 §2.2.3): a line break followed by
// whitespace becomes that whitespace.
std::string unfold(std::string_view value);

// Decodes every "=?charset?B|Q?text?=" in `value` to UTF-8. Whitespace
// between adjacent encoded words is dropped (RFC 2047 §6.2); adjacent words in
// one charset are joined before conversion, so a multi-byte character split
// across words survives. Text outside encoded words that is not UTF-8 is
// converted with the detector. Sets *malformed when an encoded word could not
// be decoded (it is then kept literally).
std::string decode_rfc2047(std::string_view value, bool* malformed = nullptr);

// A structured header value such as Content-Type or Content-Disposition:
// "text/plain; charset=utf-8; name*0*=...".
struct HeaderParams {
  std::string value;  // the part before the first ';', lower-cased, trimmed
  // Parameter names lower-cased; values unquoted and, for RFC 2231 forms,
  // joined across continuations, percent-decoded and converted to UTF-8.
  std::vector<std::pair<std::string, std::string>> params;
  const std::string* get(std::string_view name) const;
};
HeaderParams parse_header_params(std::string_view raw);

}  // namespace leakscope::mime
