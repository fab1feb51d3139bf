// libFuzzer target: Outlook .msg files (parsers/msg) with their attachments
// opened through the ingest dispatcher.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "ingest/content_dispatch.hpp"
#include "leakscope/reporter.hpp"
#include "msg_parser.hpp"

using leakscope::fuzz::NullSink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  NullSink sink;
  leakscope::CollectingReporter rep;
  const leakscope::DispatchLimits limits = leakscope::fuzz::small_limits();
  leakscope::ContentDispatcher d(limits);
  leakscope::msg::parse_msg(bytes, "fuzz.msg", leakscope::kNoParent, 0, sink,
                            rep, &d);
  return 0;
}
