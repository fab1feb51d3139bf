// libFuzzer target: one message through the MIME parser and the content
// dispatcher (nested messages, TNEF), with items discarded.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "ingest/content_dispatch.hpp"
#include "message_parser.hpp"

using leakscope::fuzz::NullSink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  NullSink sink;
  leakscope::CollectingReporter rep;
  leakscope::ContentDispatcher dispatch;
  leakscope::mime::MessageParser parser(sink, rep, &dispatch);
  parser.parse(std::string_view(reinterpret_cast<const char*>(data), size),
               "fuzz.eml");
  return 0;
}
