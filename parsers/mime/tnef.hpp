// Opens Microsoft TNEF streams (winmail.dat, application/ms-tnef) with
// leakscope's own reader ([MS-OXTNEF]) and lists the files they carry.
// See FORMAT.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::mime {

inline constexpr uint32_t kTnefSignature = 0x223E9F78;  // little-endian

bool looks_like_tnef(std::string_view bytes);

struct TnefFile {
  std::string name;  // long file name if present, else the 8.3 title; UTF-8
  std::string mime_type;  // PR_ATTACH_MIME_TAG when present
  std::string data;
};

struct TnefContents {
  std::string subject;
  std::string message_class;
  std::vector<TnefFile> files;
  std::string error;  // the first damage met (the rest is read past it)
};

// Never throws; a damaged stream yields what was read plus `error`.
TnefContents read_tnef(std::string_view bytes);

}  // namespace leakscope::mime
