// The extent of an OLE2 compound file ([MS-CFB]) as its allocation table
// describes it, checked against the bytes present. libgsf opens a compound
// file whose streams run past its end without complaint; this check is what
// reports such a file as cut.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leakscope::office {

// A problem text when the header, the DIFAT or the FAT names a sector that
// starts at or beyond the end of `bytes`; nullopt when every used sector
// begins inside the file (a short last sector is tolerated, as writers
// differ) or when `bytes` is not a compound file. Never throws.
std::optional<std::string> cfb_truncation(std::string_view bytes);

}  // namespace leakscope::office
