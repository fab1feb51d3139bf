// libFuzzer target: SQL text dumps (parsers/dump/sql_dump): the dialect
// sniffed from the bytes (else the first byte chooses one), every
// statement lexed and every tuple and COPY line read, in pieces of varying
// size.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sql_dump.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  using leakscope::dump::SqlDialect;
  auto d = leakscope::dump::sniff_sql_dump(bytes);
  const SqlDialect dialect = d ? *d
                               : (data[0] % 3 == 0   ? SqlDialect::kMySql
                                  : data[0] % 3 == 1 ? SqlDialect::kPostgres
                                                     : SqlDialect::kStandard);
  uint64_t values = 0;
  leakscope::dump::SqlDumpReader::Callbacks cb;
  cb.on_create = [&](const auto&, const auto& cols) { values += cols.size(); };
  cb.on_row = [&](const auto&, const auto&, const auto& v) {
    values += v.size();
  };
  leakscope::dump::SqlDumpReader r(dialect, cb, 1 << 16);
  const size_t step = 1 + data[0] % 61;
  for (size_t at = 0; at < bytes.size(); at += step)
    r.feed(std::string_view(bytes).substr(at, step));
  r.finish();
  return 0;
}
