// leakscope-bakgen: writes synthetic SQL Server full backups.
//
//   leakscope-bakgen --out FILE --crm [--seed S] [--mdf]
//       the CRM sample database (samples.hpp)
//   leakscope-bakgen --out FILE --rows N [--seed S] [--mdf]
//                    [--compression none|row|page]
//       the benchmark database: one table of N rows, streamed (any size)
//   leakscope-bakgen --out FILE --wide-rows N [--seed S] [--mdf]
//                    [--compression none|row|page]
//       the wide benchmark database: a CRM-shaped table of N rows
//
// --mdf writes the database's data file instead of a backup. Exit codes: 0
// written, 1 failed (message on stderr), 2 usage.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "backup_writer.hpp"
#include "samples.hpp"

namespace {

int usage(const char* why) {
  if (why) std::fprintf(stderr, "leakscope-bakgen: %s\n", why);
  std::fprintf(
      stderr,
      "usage: leakscope-bakgen --out FILE (--crm | --rows N | --wide-rows N) "
      "[--seed S] [--mdf] [--compression none|row|page]\n");
  return 2;
}

bool parse_u64(const char* s, uint64_t* v) {
  if (!s || !*s) return false;
  char* end = nullptr;
  unsigned long long x = std::strtoull(s, &end, 10);
  if (*end || s[0] == '-') return false;
  *v = x;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace leakscope::bakgen;
  std::string out;
  bool crm = false, have_rows = false, mdf = false, wide = false;
  uint64_t rows = 0, seed = 1;
  uint8_t compression = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const char* next = i + 1 < argc ? argv[i + 1] : nullptr;
    if (a == "--out" && next) {
      out = next;
      ++i;
    } else if (a == "--rows" && next) {
      if (!parse_u64(next, &rows)) return usage("--rows needs a number");
      have_rows = true;
      ++i;
    } else if (a == "--wide-rows" && next) {
      if (!parse_u64(next, &rows)) return usage("--wide-rows needs a number");
      have_rows = true;
      wide = true;
      ++i;
    } else if (a == "--seed" && next) {
      if (!parse_u64(next, &seed)) return usage("--seed needs a number");
      ++i;
    } else if (a == "--compression" && next) {
      std::string c = next;
      if (c != "none" && c != "row" && c != "page")
        return usage("--compression is none, row or page");
      compression = c == "row" ? 1 : c == "page" ? 2 : 0;
      ++i;
    } else if (a == "--crm") {
      crm = true;
    } else if (a == "--mdf") {
      mdf = true;
    } else if (a == "--help" || a == "-h") {
      usage(nullptr);
      return 0;
    } else {
      return usage(("unknown argument " + a).c_str());
    }
  }
  if (out.empty()) return usage("--out is required");
  if (crm == have_rows)
    return usage("give exactly one of --crm, --rows and --wide-rows");
  OutputFormat format = mdf ? OutputFormat::kDataFile : OutputFormat::kBackup;
  try {
    WriterStats s;
    if (crm) {
      s = write_database(out, crm_database(), crm_tables(seed), format);
    } else if (wide) {
      s = write_wide_bench(out, rows, seed, format, compression);
    } else {
      s = write_bench(out, rows, seed, format, {}, compression);
    }
    std::printf(
        "%s: %llu pages written, %llu row records, %llu off-row "
        "values, data file of %llu pages\n",
        out.c_str(), static_cast<unsigned long long>(s.pages),
        static_cast<unsigned long long>(s.records),
        static_cast<unsigned long long>(s.lob_values),
        static_cast<unsigned long long>(s.file_pages));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leakscope-bakgen: %s\n", e.what());
    return 1;
  }
  return 0;
}
