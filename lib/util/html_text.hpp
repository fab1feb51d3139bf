// HTML to plain text (mail bodies, .msg and PST HTML bodies, loose .html
// files), for classification: tags dropped, block elements become
// line breaks, script/style content skipped, character references decoded.
// Not a renderer; a single linear pass with no allocation per tag.
#pragma once

#include <string>
#include <string_view>

namespace leakscope {

std::string html_to_text(std::string_view html);

// The charset named by <meta charset=...> or <meta http-equiv content=...>
// in the first 4 KiB, lower-cased; empty when none.
std::string html_meta_charset(std::string_view html);

}  // namespace leakscope
