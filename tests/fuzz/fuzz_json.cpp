// libFuzzer target: JSON and NDJSON exports (parsers/dump/json_records):
// the layout sniffed from the bytes (else the first byte chooses one),
// every record flattened, in pieces of varying size.
#include <cstddef>
#include <cstdint>
#include <string>

#include "json_records.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  using leakscope::dump::JsonLayout;
  auto l = leakscope::dump::sniff_json(bytes);
  const JsonLayout layout =
      l ? *l : (data[0] % 2 ? JsonLayout::kLines : JsonLayout::kDocument);
  uint64_t fields = 0;
  leakscope::dump::JsonRecordReader r(
      layout,
      [&](const leakscope::dump::JsonRecord& rec) {
        fields += rec.fields.size();
      },
      1 << 16);
  const size_t step = 1 + data[0] % 53;
  for (size_t at = 0; at < bytes.size(); at += step)
    r.feed(std::string_view(bytes).substr(at, step));
  r.finish();
  return 0;
}
