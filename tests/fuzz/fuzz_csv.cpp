// libFuzzer target: delimited text exports (parsers/dump): the dialect
// sniffed from the bytes, then every record read, in pieces of varying
// size (a record or a character split across pieces).
#include <cstddef>
#include <cstdint>
#include <string>

#include "csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto d = leakscope::dump::sniff_csv(bytes, size % 2 ? "x.tsv" : "x.csv");
  if (!d) return 0;
  uint64_t fields = 0;
  leakscope::dump::CsvReader r(
      *d,
      [&](uint64_t, const std::vector<std::string>& f) { fields += f.size(); },
      1 << 16);
  size_t step = 1 + (size ? data[0] % 97 : 0);
  for (size_t at = 0; at < bytes.size(); at += step)
    r.feed(std::string_view(bytes).substr(at, step));
  r.finish();
  return 0;
}
