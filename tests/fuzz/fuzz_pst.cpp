// libFuzzer target: Outlook .pst/.ost stores (parsers/pst, libpff) with
// their attachments opened through the ingest dispatcher.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest/content_dispatch.hpp"
#include "leakscope/reporter.hpp"
#include "pst_reader.hpp"

namespace {
struct NullSink : leakscope::ItemSink {
  int64_t n = 0;
  int64_t emit(leakscope::Item&&) override { return n++; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  NullSink sink;
  leakscope::CollectingReporter rep;
  leakscope::DispatchLimits limits;
  limits.max_entry_bytes = 1 << 20;
  limits.max_source_expanded_bytes = 8 << 20;
  limits.max_held_bytes = 4 << 20;
  leakscope::ContentDispatcher d(limits);
  leakscope::pst::PstInput in;
  in.bytes = std::string_view(reinterpret_cast<const char*>(data), size);
  in.locator = "fuzz.pst";
  in.max_attachment_bytes = 1 << 20;
  leakscope::pst::read_pst(in, sink, rep, &d);
  return 0;
}
