#include <errno.h>
#include <sys/stat.h>

#include <boost/program_options.hpp>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "classify/recognizers.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "ingest/ingest.hpp"
#include "util/json_text.hpp"

namespace po = boost::program_options;

namespace leakscope::cli {

int cmd_ingest(const std::vector<std::string>& args,
               const std::string& command_line) {
  IngestOptions opt;
  bool json = false, no_classify = false, no_documents = false;
  std::string shard, phone_regions;
  po::options_description desc("ingest options");
  desc.add_options()(
      "store",
      po::value<std::string>(&opt.store_path)->default_value("case.db"),
      "evidence store (SQLite)")("jobs",
                                 po::value<int>(&opt.jobs)->default_value(0),
                                 "parser threads (0: one per core)")(
      "shard", po::value<std::string>(&shard),
      "K/N: ingest only this deterministic share of the sources")(
      "no-classify", po::bool_switch(&no_classify),
      "do not run the classifier (no findings)")(
      "no-documents", po::bool_switch(&no_documents),
      "do not open PDF/Office/zip content (recorded as files)")(
      "phone-regions", po::value<std::string>(&phone_regions),
      "regions for national phone numbers written with no country hint, in "
      "order, e.g. DE,AT,CH (default US,CA,GB,DE,FR,AU,IN)")(
      "follow-symlinks", po::bool_switch(&opt.follow_symlinks),
      "follow symbolic links whose targets are inside the given paths "
      "(default: record links as links)")(
      "json", po::bool_switch(&json),
      "machine-readable progress and summary on stdout")(
      "paths", po::value<std::vector<std::string>>(&opt.paths),
      "evidence paths");
  po::positional_options_description pos;
  pos.add("paths", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope ingest: " << printable(e.what()) << "\n" << desc;
    return kExitUsage;
  }
  if (opt.paths.empty()) {
    std::cerr << "leakscope ingest: no PATH given\n" << desc;
    return kExitUsage;
  }
  // Every PATH must exist before the store is created or changed.
  for (const auto& p : opt.paths) {
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) {
      std::cerr << "leakscope ingest: " << printable(p) << ": "
                << std::strerror(errno) << "; nothing was ingested\n";
      return kExitUnreadable;
    }
  }
  if (!shard.empty()) {
    int k = 0, n = 0;
    char slash = 0;
    std::istringstream in(shard);
    if (!(in >> k >> slash >> n) || slash != '/' || n < 1 || k < 1 || k > n ||
        !in.eof()) {
      std::cerr
          << "leakscope ingest: --shard wants K/N with 1 <= K <= N, got \""
          << shard << "\"\n";
      return kExitUsage;
    }
    opt.shard_k = k;
    opt.shard_n = n;
  }
  if (!phone_regions.empty()) {
    size_t at = 0;
    while (at <= phone_regions.size()) {
      size_t comma = phone_regions.find(',', at);
      if (comma == std::string::npos) comma = phone_regions.size();
      std::string r = phone_regions.substr(at, comma - at);
      for (char& c : r)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!classify::is_phone_region(r)) {
        std::cerr << "leakscope ingest: --phone-regions wants ISO 3166 "
                     "region codes libphonenumber knows, such as DE,GB; got \""
                  << printable(r) << "\"\n";
        return kExitUsage;
      }
      opt.phone_regions.push_back(r);
      at = comma + 1;
    }
  }
  opt.classify = !no_classify;
  opt.documents = !no_documents;
  if (opt.jobs < 0 || opt.jobs > 256) {
    std::cerr << "leakscope ingest: --jobs must be between 0 and 256\n";
    return kExitUsage;
  }
  opt.command_line = command_line;
  ProgressMode mode = choose_progress_mode(json);
  IngestProgress last;
  IngestSummary s = run_ingest(opt, [&](const IngestProgress& p) {
    last = p;
    show_progress(mode, p, false);
  });
  if (mode != ProgressMode::kNone) show_progress(mode, last, true);
  if (json) {
    nlohmann::json j = {{"event", "summary"},
                        {"store", opt.store_path},
                        {"files", s.files},
                        {"bytes", s.bytes},
                        {"ingested", s.ingested},
                        {"skipped", s.skipped},
                        {"damaged", s.damaged},
                        {"failed", s.failed},
                        {"items", s.items},
                        {"seconds", s.seconds},
                        {"unreadable", s.failed_paths},
                        {"not_read", s.not_read_paths},
                        {"excluded", s.excluded_paths},
                        {"notices", s.notices}};
    std::printf("%s\n", dump_json(j).c_str());
  } else {
    std::fprintf(
        stderr,
        "ingested %llu of %llu files (%s) in %.1f s: %llu items, %llu "
        "skipped (already in store), %llu with damage, %llu unreadable\n",
        static_cast<unsigned long long>(s.ingested),
        static_cast<unsigned long long>(s.files), human_bytes(s.bytes).c_str(),
        s.seconds, static_cast<unsigned long long>(s.items),
        static_cast<unsigned long long>(s.skipped),
        static_cast<unsigned long long>(s.damaged),
        static_cast<unsigned long long>(s.failed));
    for (const auto& p : s.failed_paths)
      std::fprintf(stderr, "unreadable: %s\n", printable(p).c_str());
    for (const auto& p : s.not_read_paths)
      std::fprintf(stderr, "not read: %s\n", printable(p).c_str());
    for (const auto& p : s.excluded_paths)
      std::fprintf(stderr, "excluded: %s: the evidence store's own file\n",
                   printable(p).c_str());
    for (const auto& n : s.notices)
      std::fprintf(stderr, "notice: %s\n", n.c_str());
  }
  return s.failed ? kExitUnreadable : kExitOk;
}

}  // namespace leakscope::cli
