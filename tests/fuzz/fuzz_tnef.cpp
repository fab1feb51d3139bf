// libFuzzer target: the TNEF reader.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tnef.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in("\x78\x9F\x3E\x22", 4);
  in.append(reinterpret_cast<const char*>(data), size);
  leakscope::mime::read_tnef(in);
  return 0;
}
