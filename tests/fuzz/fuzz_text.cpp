// libFuzzer target: plain text and HTML files as documents (charset
// detection through ICU, HTML to text), by the path ingest takes for a
// loose .txt or .html and for text attached without a text/* type.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "ingest/content_dispatch.hpp"
#include "leakscope/reporter.hpp"

using leakscope::fuzz::NullSink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  NullSink sink;
  leakscope::CollectingReporter rep;
  const leakscope::DispatchLimits limits = leakscope::fuzz::small_limits();
  leakscope::ContentDispatcher d(limits);
  leakscope::emit_document(bytes, data[0] & 1 ? "html" : "text", "fuzz.txt",
                           "fuzz.txt", leakscope::kNoParent, 0, sink, rep, d,
                           d.limits(), d.budget());
  return 0;
}
