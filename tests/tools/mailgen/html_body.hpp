// The HTML alternative of a text body, in the markup style of the client
// (Outlook's WordSection/MsoNormal with numeric entities, Gmail's
// <div dir="ltr">, plain <p> otherwise); quoted lines become <blockquote>.
#pragma once

#include <string>

#include "directory.hpp"

namespace mailgen {

// Text (CRLF) -> HTML. The "{charset}" placeholder in the meta tag is
// filled in by the builder once the part's charset is known.
std::string html_from_text(const std::string& text, Client client);

}  // namespace mailgen
