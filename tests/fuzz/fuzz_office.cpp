// libFuzzer target: OOXML/ODF packages (zip + XML parts) and OLE2 files.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "office_document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (!leakscope::office::package_format(bytes).empty())
    leakscope::office::read_package(bytes);
  leakscope::office::read_ole2(bytes);
  return 0;
}
