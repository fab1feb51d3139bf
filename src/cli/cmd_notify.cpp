#include <atomic>
#include <boost/program_options.hpp>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "classify/address_syntax.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "report/csv_writer.hpp"
#include "report/notify.hpp"
#include "store/merge.hpp"
#include "util/json_text.hpp"

namespace po = boost::program_options;

namespace leakscope::cli {

// leakscope notify --store case.db (--org DOMAIN | --all) --out DIR
int cmd_notify(const std::vector<std::string>& args) {
  std::string store_path, out_dir, org;
  bool all = false, json = false;
  po::options_description desc("notify options");
  desc.add_options()("store", po::value<std::string>(&store_path)->required(),
                     "evidence store")(
      "out", po::value<std::string>(&out_dir)->required(), "output directory")(
      "org", po::value<std::string>(&org),
      "registrable domain of the organisation")(
      "all", po::bool_switch(&all), "one pack per affected organisation")(
      "json", po::bool_switch(&json),
      "progress and each pack as JSON lines on stdout");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope notify: " << printable(e.what()) << "\n" << desc;
    return kExitUsage;
  }
  if (all == !org.empty()) {
    std::cerr
        << "leakscope notify: give exactly one of --org DOMAIN and --all\n";
    return kExitUsage;
  }
  const std::string org_given = org;
  for (char& c : org)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!all && !classify::is_valid_domain(org)) {
    std::cerr << "leakscope notify: --org wants a registrable domain such as "
                 "example.com, got \""
              << printable(org_given) << "\"\n";
    return kExitUsage;
  }
  if (!std::filesystem::exists(store_path)) {
    std::cerr << "leakscope notify: " << printable(store_path)
              << ": no such store\n";
    return kExitUsage;
  }
  try {
    auto store = Store::open(store_path, /*read_only=*/true);
    std::vector<std::string> orgs =
        all ? affected_organizations(*store) : std::vector<std::string>{org};
    std::filesystem::create_directories(out_dir);
    nlohmann::json manifest = {{"schema", "leakscope.notify/1"},
                               {"packs", nlohmann::json::array()}};
    StepProgress progress(choose_progress_mode(json), "notify");
    const int total = static_cast<int>(orgs.size());
    // Packs are independent (each its own directory and TEMP tables): two
    // threads write them, each on a read-only connection of its own, taking
    // the next organisation as they finish one. This thread reports them in
    // the organisations' order, each once it is written, so the output is
    // the same whatever the timing.
    std::vector<std::optional<PackSummary>> packs(orgs.size());
    std::vector<std::string> failures(orgs.size());
    std::mutex mu;
    std::condition_variable written;
    std::atomic<size_t> next{0};
    auto work = [&](const Store& on) {
      for (size_t i; (i = next++) < orgs.size();) {
        std::optional<PackSummary> p;
        std::string failure;
        try {
          p = write_notification_pack(on, orgs[i], out_dir);
        } catch (const std::exception& e) {
          failure = e.what();
          if (failure.empty()) failure = "unknown error";
          next = orgs.size();  // the others stop after their current pack
        }
        std::lock_guard<std::mutex> lock(mu);
        packs[i] = std::move(p);
        failures[i] = failure.empty() && !packs[i] ? "not written" : failure;
        written.notify_all();
      }
    };
    std::unique_ptr<Store> second;
    if (orgs.size() > 1) second = store->open_reader();
    std::vector<std::thread> threads;
    // Joins the threads however this scope is left (an exception while
    // reporting stops them after their current pack).
    struct Joiner {
      std::vector<std::thread>& threads;
      std::atomic<size_t>& next;
      size_t end;
      ~Joiner() {
        next = end;
        for (auto& t : threads)
          if (t.joinable()) t.join();
      }
    } joiner{threads, next, orgs.size()};
    threads.emplace_back(work, std::cref(*store));
    if (second) threads.emplace_back(work, std::cref(*second));
    std::string failed;
    for (size_t i = 0; i < orgs.size() && failed.empty(); ++i) {
      progress.step(orgs[i], static_cast<int>(i), total);
      std::unique_lock<std::mutex> lock(mu);
      written.wait(lock, [&] { return packs[i] || !failures[i].empty(); });
      if (!packs[i]) {
        failed = failures[i];
        break;
      }
      const PackSummary& p = *packs[i];
      lock.unlock();
      manifest["packs"].push_back(
          {{"organization", p.organization},
           {"directory", std::filesystem::path(p.directory).filename()},
           {"items", p.items},
           {"files", p.files}});
      if (json)
        std::printf("%s\n", dump_json({{"event", "pack"},
                                       {"organization", p.organization},
                                       {"items", p.items}})
                                .c_str());
      else
        std::cerr << "pack " << p.organization << ": " << p.items << " items\n";
    }
    for (auto& t : threads) t.join();
    if (!failed.empty()) throw std::runtime_error(failed);
    progress.finish();
    write_file_atomically(out_dir + "/manifest.json",
                          dump_json(manifest, 2) + "\n");
    if (json)
      std::printf("%s\n", dump_json({{"event", "written"},
                                     {"files", {out_dir + "/manifest.json"}}})
                              .c_str());
    else
      std::cerr << "wrote " << out_dir << "/manifest.json\n";
  } catch (const std::exception& e) {
    std::cerr << "leakscope notify: " << printable(e.what()) << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

// leakscope lookup --store case.db TARGET: prints only yes/no and the
// number of items; exit 0 found, 1 not found, 2 usage.
int cmd_lookup(const std::vector<std::string>& args) {
  std::string store_path, target;
  bool json_out = false;
  po::options_description desc("lookup options");
  desc.add_options()("store", po::value<std::string>(&store_path)->required(),
                     "evidence store")(
      "target", po::value<std::string>(&target)->required(),
      "domain or e-mail address")("json", po::bool_switch(&json_out),
                                  "machine-readable output");
  po::positional_options_description pos;
  pos.add("target", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope lookup: " << printable(e.what()) << "\n" << desc;
    return kExitUsage;
  }
  if (!std::filesystem::exists(store_path)) {
    std::cerr << "leakscope lookup: " << store_path << ": no such store\n";
    return kExitUsage;
  }
  try {
    // Never closed: the process ends here, and tearing down the parsed
    // schema of a store with thousands of recovered tables (a table and a
    // view each) costs about as much as the lookup itself. A read-only
    // connection has nothing to write back; the OS releases its locks.
    Store* store = Store::open(store_path, /*read_only=*/true).release();
    LookupResult r = lookup(*store, target);
    if (json_out)
      std::cout << nlohmann::json{{"found", r.found}, {"items", r.items}}.dump()
                << "\n";
    else
      std::cout << (r.found ? "yes" : "no") << " (" << r.items << " items)\n";
    return r.found ? kExitOk : kExitUnreadable;
  } catch (const std::exception& e) {
    std::cerr << "leakscope lookup: " << printable(e.what()) << "\n";
    return kExitUsage;
  }
}

// leakscope merge SHARD.db... --into case.db
int cmd_merge(const std::vector<std::string>& args) {
  std::vector<std::string> shards;
  std::string into;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--into" && i + 1 < args.size()) {
      into = args[++i];
    } else if (!args[i].empty() && args[i][0] == '-') {
      std::cerr << "leakscope merge: unknown option " << args[i] << "\n";
      return kExitUsage;
    } else {
      shards.push_back(args[i]);
    }
  }
  if (into.empty() || shards.empty()) {
    std::cerr << "usage: leakscope merge SHARD.db... --into case.db\n";
    return kExitUsage;
  }
  try {
    // Every input is checked (it exists and is a leakscope store) before
    // the target is created or changed.
    for (const auto& sh : shards) {
      if (!std::filesystem::is_regular_file(sh))
        throw std::runtime_error(sh + ": no such store");
      Store::open(sh, /*read_only=*/true);
    }
    auto target = Store::open(into);
    for (const auto& sh : shards) {
      MergeSummary m = merge_store(*target, sh);
      std::cerr << "merged " << sh << ": " << m.sources << " sources, "
                << m.items << " items, " << m.findings << " findings\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "leakscope merge: " << printable(e.what()) << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

// leakscope export-index --store case.db --out DIR
int cmd_export_index(const std::vector<std::string>& args) {
  std::string store_path, out_dir;
  po::options_description desc("export-index options");
  desc.add_options()("store", po::value<std::string>(&store_path)->required(),
                     "evidence store")(
      "out", po::value<std::string>(&out_dir)->required(), "output directory");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope export-index: " << printable(e.what()) << "\n"
              << desc;
    return kExitUsage;
  }
  if (!std::filesystem::exists(store_path)) {
    std::cerr << "leakscope export-index: " << store_path
              << ": no such store\n";
    return kExitUsage;
  }
  try {
    auto store = Store::open(store_path, true);
    int64_t n = export_lookup_index(*store, out_dir);
    std::cerr << "indexed " << n << " names into " << out_dir << "\n";
  } catch (const std::exception& e) {
    std::cerr << "leakscope export-index: " << printable(e.what()) << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace leakscope::cli
