// leakscope-decode-bench [--pages-only] FILE
//
// Default (the "items" stage): reads FILE once through parse_source() (the
// same identification, hashing and parsers as `leakscope ingest`) into a
// sink that only counts.
// --pages-only (the "page decoding" stage): FILE is an uncompressed SQL
// Server backup or data file; its pages are read (MTF, torn bits, spill
// store), the catalog loaded and every row of every user table decoded to
// typed text values (mssql::for_each_row), with no hashing and no items.
//
// Prints one JSON line:
//   {"file", "kind", "bytes", "seconds", "items", "rows", "deleted_rows",
//    "value_bytes", "damages", "mb_per_s", "rows_per_s"}
// `rows` counts rows (RecordSink::row calls); `value_bytes` the UTF-8 bytes of
// the decoded values (--pages-only). Time is wall-clock from open to last row;
// MB is 10^6 bytes. Exit codes: 0 parsed, 1 unreadable, 2 usage.
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "ingest/mssql_source.hpp"
#include "ingest/source_parser.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"

namespace {

// Counts items by kind; keeps nothing (memory stays that of the parsers).
class CountingSink : public leakscope::RecordSink {
 public:
  int64_t emit(leakscope::Item&&) override { return items++; }
  void begin_table(int64_t, const leakscope::SqlTableSchema&) override {}
  void row(int64_t, const leakscope::SqlRowRef& ref,
           std::span<const leakscope::SqlValue>) override {
    ++rows;
    if (ref.state != leakscope::RowState::kLive) ++deleted_rows;
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

// The page-decoding stage alone; see the header comment.
bool decode_pages_only(const std::string& path, CountingSink& sink,
                       CountingReporter& reporter, uint64_t* value_bytes,
                       leakscope::ParseOutcome* outcome) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char magic[4] = {};
  size_t got = std::fread(magic, 1, 4, f);
  std::rewind(f);
  outcome->kind = got == 4 && std::string(magic, 4) == "TAPE"
                      ? "mssql_backup"
                      : "mssql_data_file";
  leakscope::SourceRead read = [&](char* dst, size_t n) {
    size_t r = std::fread(dst, 1, n, f);
    outcome->bytes += r;
    return r;
  };
  leakscope::MssqlDatabaseReader db;
  db.add(outcome->kind, read, path, reporter, {}, path);
  std::fclose(f);
  return db.decode_rows(
      reporter, path,
      [&](const leakscope::mssql::RowRef& ref,
          const std::vector<leakscope::mssql::RowValue>& values) {
        ++sink.items;
        ++sink.rows;
        if (ref.deleted) ++sink.deleted_rows;
        for (const auto& v : values) *value_bytes += v.text.size();
      });
}

int main(int argc, char** argv) {
  bool pages_only = argc == 3 && std::string(argv[1]) == "--pages-only";
  if (argc != 2 && !pages_only) {
    std::fprintf(stderr, "usage: leakscope-decode-bench [--pages-only] FILE\n");
    return 2;
  }
  std::string path = argv[argc - 1];
  CountingSink sink;
  CountingReporter reporter;
  uint64_t value_bytes = 0;
  auto start = std::chrono::steady_clock::now();
  leakscope::ParseOutcome outcome;
  try {
    if (pages_only) {
      if (!decode_pages_only(path, sink, reporter, &value_bytes, &outcome)) {
        std::fprintf(stderr,
                     "leakscope-decode-bench: %s: no readable catalog\n",
                     path.c_str());
        return 1;
      }
    } else {
      outcome = leakscope::parse_source(path, path, sink, reporter, {});
    }
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
      "\"value_bytes\": %llu, \"damages\": %lld, \"mb_per_s\": %.1f, "
      "\"rows_per_s\": %.0f}\n",
      path.c_str(), outcome.kind.c_str(),
      static_cast<unsigned long long>(outcome.bytes), secs,
      static_cast<long long>(sink.items), static_cast<long long>(sink.rows),
      static_cast<long long>(sink.deleted_rows),
      static_cast<unsigned long long>(value_bytes),
      static_cast<long long>(reporter.damages), outcome.bytes / 1e6 / secs,
      sink.rows / secs);
  return 0;
}
