// libFuzzer target: the mbox splitter fed in uneven chunks; every message
// must lie within the limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "mbox.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t chunk = size ? (data[0] % 31) + 1 : 1;
  leakscope::mime::MboxSplitter split(
      [](const leakscope::mime::MboxMessage& m) {
        if (m.bytes.size() > 4096) std::abort();
      },
      4096);
  for (size_t i = 0; i < in.size(); i += chunk) split.feed(in.substr(i, chunk));
  split.finish();
  return 0;
}
