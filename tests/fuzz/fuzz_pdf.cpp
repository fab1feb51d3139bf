// libFuzzer target: PDF metadata and text through MuPDF (our reader).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pdf_document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  leakscope::DocumentLimits limits;
  limits.max_pages = 50;
  leakscope::pdf::read_pdf(
      std::string_view(reinterpret_cast<const char*>(data), size), limits);
  return 0;
}
