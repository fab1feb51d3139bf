#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "report/report_json.hpp"

namespace po = boost::program_options;

namespace leakscope::cli {

int cmd_report(const std::vector<std::string>& args) {
  std::string store_path, out_dir, formats;
  po::options_description desc("report options");
  desc.add_options()("store", po::value<std::string>(&store_path)->required(),
                     "evidence store")(
      "out", po::value<std::string>(&out_dir)->required(), "output directory")(
      "format", po::value<std::string>(&formats)->default_value("json"),
      "comma-separated formats (json)");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope report: " << e.what() << "\n" << desc;
    return kExitUsage;
  }
  for (const auto& f : {formats}) {
    std::stringstream ss(f);
    std::string one;
    while (std::getline(ss, one, ',')) {
      if (one != "json") {
        std::cerr << "leakscope report: format \"" << one
                  << "\" is not available yet (available: json)\n";
        return kExitUsage;
      }
    }
  }
  if (!std::filesystem::exists(store_path)) {
    std::cerr << "leakscope report: " << store_path << ": no such store\n";
    return kExitUsage;
  }
  auto store = Store::open(store_path, /*read_only=*/true);
  auto report = build_report(*store);
  std::filesystem::create_directories(out_dir);
  std::string path = out_dir + "/report.json";
  std::ofstream out(path);
  out << report.dump(2) << "\n";
  if (!out) {
    std::cerr << "leakscope report: cannot write " << path << "\n";
    return kExitUsage;
  }
  std::cerr << "wrote " << path << "\n";
  return kExitOk;
}

}  // namespace leakscope::cli
