// The text of an RTF document or body (Outlook's RTF-only and
// HTML-encapsulated bodies, loose .rtf files) for classification: the
// characters of the body with paragraph breaks as newlines; groups the
// reader does not show (font and colour tables, style sheets, document
// information, pictures, objects, ignorable "\*" destinations) are
// skipped. Escaped bytes (\'hh) are read as Windows-1252, \uN as Unicode.
// Bounded: linear in the input, group nesting past 1,000 levels is read
// flat; never throws.
#pragma once

#include <string>
#include <string_view>

namespace leakscope {

std::string rtf_rough_text(std::string_view rtf);

}  // namespace leakscope
