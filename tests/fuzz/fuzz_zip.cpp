// libFuzzer target: zip archives through the ingest dispatcher (entries
// opened recursively, with the bomb/size/depth limits).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "ingest/content_dispatch.hpp"
#include "leakscope/reporter.hpp"

using leakscope::fuzz::NullSink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  NullSink sink;
  leakscope::CollectingReporter rep;
  const leakscope::DispatchLimits limits = leakscope::fuzz::small_limits();
  leakscope::ContentDispatcher d(limits);
  leakscope::emit_document(bytes, "zip", "fuzz.zip", "fuzz.zip",
                           leakscope::kNoParent, 0, sink, rep, d, d.limits(),
                           d.budget());
  return 0;
}
