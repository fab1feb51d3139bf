// libFuzzer target: Outlook .pst/.ost stores (parsers/pst, libpff) with
// their attachments opened through the ingest dispatcher.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "ingest/content_dispatch.hpp"
#include "leakscope/reporter.hpp"
#include "pst_reader.hpp"

using leakscope::fuzz::NullSink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  NullSink sink;
  leakscope::CollectingReporter rep;
  const leakscope::DispatchLimits limits = leakscope::fuzz::small_limits();
  leakscope::ContentDispatcher d(limits);
  leakscope::pst::PstInput in;
  in.bytes = std::string_view(reinterpret_cast<const char*>(data), size);
  in.locator = "fuzz.pst";
  in.max_attachment_bytes = 1 << 20;
  leakscope::pst::read_pst(in, sink, rep, &d);
  return 0;
}
