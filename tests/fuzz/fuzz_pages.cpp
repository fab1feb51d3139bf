// libFuzzer target: database pages (headers, slot arrays, records, the
// catalog, rows, LOB links) from arbitrary bytes read as a data file.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ingest/mssql_source.hpp"

namespace {
struct NullSink : leakscope::ItemSink {
  int64_t n = 0;
  int64_t emit(leakscope::Item&&) override { return n++; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t pos = 0;
  leakscope::SourceRead read = [&](char* dst, size_t n) {
    size_t take = std::min(n, in.size() - pos);
    std::memcpy(dst, in.data() + pos, take);
    pos += take;
    return take;
  };
  NullSink sink;
  leakscope::CollectingReporter rep;
  leakscope::parse_mssql("mssql_data_file", read, "fuzz.mdf", sink, rep, {});
  return 0;
}
