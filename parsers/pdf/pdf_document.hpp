// PDF metadata and text through MuPDF. See FORMAT.md.
#pragma once

#include <string_view>

#include "leakscope/document.hpp"

namespace leakscope::pdf {

// Never throws; damage goes to DocumentInfo::problems.
DocumentInfo read_pdf(std::string_view bytes,
                      const DocumentLimits& limits = {});

// "D:20190312100000+01'00'" -> "2019-03-12T10:00:00+01:00"; "" if malformed.
std::string pdf_date_to_iso(std::string_view d);

}  // namespace leakscope::pdf
