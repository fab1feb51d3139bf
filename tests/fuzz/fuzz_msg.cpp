// libFuzzer target: Outlook .msg files (parsers/msg) with their attachments
// opened through the ingest dispatcher.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest/content_dispatch.hpp"
#include "leakscope/reporter.hpp"
#include "msg_parser.hpp"

namespace {
struct NullSink : leakscope::ItemSink {
  int64_t n = 0;
  int64_t emit(leakscope::Item&&) override { return n++; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  NullSink sink;
  leakscope::CollectingReporter rep;
  leakscope::DispatchLimits limits;
  limits.max_entry_bytes = 1 << 20;
  limits.max_source_expanded_bytes = 8 << 20;
  limits.max_held_bytes = 4 << 20;
  leakscope::ContentDispatcher d(limits);
  leakscope::msg::parse_msg(bytes, "fuzz.msg", leakscope::kNoParent, 0, sink,
                            rep, &d);
  return 0;
}
