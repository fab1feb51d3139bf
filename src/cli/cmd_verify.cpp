#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "leakscope/store.hpp"
#include "util/file_reader.hpp"
#include "util/json_text.hpp"
#include "util/text.hpp"

namespace po = boost::program_options;

namespace leakscope::cli {

// Re-hashes every source and compares with the store's recorded SHA-256.
int cmd_verify(const std::vector<std::string>& args) {
  std::string store_path;
  bool json = false;
  po::options_description desc("verify options");
  desc.add_options()("store", po::value<std::string>(&store_path)->required(),
                     "evidence store")("json", po::bool_switch(&json),
                                       "JSON output");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope verify: " << printable(e.what()) << "\n" << desc;
    return kExitUsage;
  }
  auto store = Store::open(store_path, true);
  uint64_t ok = 0, changed = 0, missing = 0;
  nlohmann::json problems = nlohmann::json::array();
  // The record first: the custody chain, and each source row against it.
  const Store::CustodyCheck chain = store->check_custody();
  for (const auto& [path, what] : chain.sources)
    problems.push_back(
        {{"path", path}, {"problem", "record altered"}, {"error", what}});
  uint64_t not_read = 0;
  for (const auto& [path, s] : store->sources()) {
    if (s.status == "skipped") {  // a link, FIFO or device: never read
      ++not_read;
      continue;
    }
    std::string sha;
    try {
      EvidenceReader r(path);
      sha = r.finish();
    } catch (const std::exception& e) {
      ++missing;
      problems.push_back(
          {{"path", path}, {"problem", "missing"}, {"error", e.what()}});
      continue;
    }
    if (sha == s.sha256) {
      ++ok;
    } else {
      ++changed;
      problems.push_back({{"path", path},
                          {"problem", "changed"},
                          {"recorded", s.sha256},
                          {"now", sha}});
    }
  }
  const bool record_ok = !chain.broken_at && chain.sources.empty();
  if (json) {
    nlohmann::json custody = {{"links", chain.links},
                              {"head", chain.head},
                              {"intact", chain.broken_at == 0}};
    custody["broken_at"] =
        chain.broken_at ? nlohmann::json(chain.broken_at) : nlohmann::json();
    custody["problem"] =
        chain.broken_at ? nlohmann::json(chain.problem) : nlohmann::json();
    std::printf("%s\n", dump_json(nlohmann::json({{"verified", ok},
                                                  {"changed", changed},
                                                  {"missing", missing},
                                                  {"not_read", not_read},
                                                  {"custody", custody},
                                                  {"problems", problems}}))
                            .c_str());
  } else {
    if (chain.broken_at)
      std::printf("custody: broken at link %lld of %lld: %s\n",
                  static_cast<long long>(chain.broken_at),
                  static_cast<long long>(chain.links), chain.problem.c_str());
    else
      std::printf("custody: %lld links intact, head %s\n",
                  static_cast<long long>(chain.links), chain.head.c_str());
    for (const auto& p : problems)
      std::printf("%s: %s\n", printable(p["path"].get<std::string>()).c_str(),
                  p["problem"].get<std::string>().c_str());
    std::printf("%llu verified, %llu changed, %llu missing\n",
                static_cast<unsigned long long>(ok),
                static_cast<unsigned long long>(changed),
                static_cast<unsigned long long>(missing));
  }
  return (changed || missing || !record_ok) ? kExitUnreadable : kExitOk;
}

}  // namespace leakscope::cli
