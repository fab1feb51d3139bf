// leakscope-decode-bench FILE: reads FILE once through parse_source() (the
// same identification, hashing and parsers as `leakscope ingest`) into a sink
// that only counts, and prints one JSON line:
//   {"file", "kind", "bytes", "seconds", "items", "rows", "deleted_rows",
//    "damages", "mb_per_s", "rows_per_s"}
// `rows` counts sql_row items. Time is wall-clock from open to last item;
// MB is 10^6 bytes. Exit codes: 0 parsed, 1 unreadable, 2 usage.
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include "ingest/source_parser.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"

namespace {

// Counts items by kind; keeps nothing (memory stays that of the parsers).
class CountingSink : public leakscope::ItemSink {
 public:
  int64_t emit(leakscope::Item&& item) override {
    if (item.kind == "sql_row") {
      ++rows;
      const std::string* d = item.field("deleted");
      if (d && *d == "true") ++deleted_rows;
    }
    return items++;
  }
  int64_t items = 0;
  int64_t rows = 0;
  int64_t deleted_rows = 0;
};

// Counts damages without keeping their text.
class CountingReporter : public leakscope::Reporter {
 public:
  void corruption(const std::string&, uint64_t, const std::string&) override {
    ++damages;
  }
  int64_t damages = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: leakscope-decode-bench FILE\n");
    return 2;
  }
  std::string path = argv[1];
  CountingSink sink;
  CountingReporter reporter;
  auto start = std::chrono::steady_clock::now();
  leakscope::ParseOutcome outcome;
  try {
    outcome = leakscope::parse_source(path, path, sink, reporter, {});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leakscope-decode-bench: %s\n", e.what());
    return 1;
  }
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (secs <= 0) secs = 1e-9;
  std::printf(
      "{\"file\": \"%s\", \"kind\": \"%s\", \"bytes\": %llu, \"seconds\": "
      "%.3f, \"items\": %lld, \"rows\": %lld, \"deleted_rows\": %lld, "
      "\"damages\": %lld, \"mb_per_s\": %.1f, \"rows_per_s\": %.0f}\n",
      path.c_str(), outcome.kind.c_str(),
      static_cast<unsigned long long>(outcome.bytes), secs,
      static_cast<long long>(sink.items), static_cast<long long>(sink.rows),
      static_cast<long long>(sink.deleted_rows),
      static_cast<long long>(reporter.damages), outcome.bytes / 1e6 / secs,
      sink.rows / secs);
  return 0;
}
