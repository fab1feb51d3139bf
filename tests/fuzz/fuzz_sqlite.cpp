// libFuzzer target: SQLite database files found in evidence (parsers/dump/
// sqlite_file), deserialised read-only, every table read.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sqlite_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  uint64_t cells = 0;
  leakscope::dump::SqliteCallbacks cb;
  cb.on_table = [](const std::string&, const auto&) { return true; };
  cb.on_row = [&](int64_t, auto values) { cells += values.size(); };
  leakscope::dump::read_sqlite("", bytes, cb);
  return 0;
}
