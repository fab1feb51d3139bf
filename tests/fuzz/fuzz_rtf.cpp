// libFuzzer target: RTF text (lib/util/rtf_text) and compressed RTF
// (lib/util/rtf_compressed), as loose .rtf files and Outlook bodies reach
// them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "util/rtf_compressed.hpp"
#include "util/rtf_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  leakscope::rtf_rough_text(in);
  std::string why;
  leakscope::rtf_rough_text(leakscope::decompress_rtf(in, 1 << 20, &why));
  return 0;
}
