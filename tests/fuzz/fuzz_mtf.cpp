// libFuzzer target: the MTF reader over arbitrary bytes, pages handed to the
// page store and the catalog.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ingest/mssql_source.hpp"

namespace {
// Takes items and typed rows; reads every value (so a bad view or length
// in a row is touched under the sanitizers) and keeps nothing.
struct NullSink : leakscope::RecordSink {
  int64_t n = 0;
  size_t bytes = 0;
  int64_t emit(leakscope::Item&&) override { return n++; }
  void begin_table(int64_t, const leakscope::SqlTableSchema&) override {}
  void row(int64_t, const leakscope::SqlRowRef&,
           std::span<const leakscope::SqlValue> values) override {
    for (const auto& v : values)
      for (char c : v.text) bytes += static_cast<unsigned char>(c) & 1;
  }
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
  leakscope::parse_mssql("mssql_backup", read, "fuzz.bak", sink, rep, {});
  return 0;
}
