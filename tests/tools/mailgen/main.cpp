// leakscope-mailgen: writes a deterministic business-mail exposure and its
// ground truth (MANIFEST.json). See layouts.hpp and ground_truth.hpp.
#include <boost/program_options.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "ground_truth.hpp"
#include "layouts.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  std::string out;
  uint64_t count = 0;
  uint64_t seed = 1;
  po::options_description opts(
      "Usage: leakscope-mailgen --out DIR [--count N] [--seed S] [--samples]");
  opts.add_options()("help,h", "show this help")(
      "out", po::value(&out)->required(), "output directory")(
      "count", po::value(&count), "number of message files (bulk layout)")(
      "seed", po::value(&seed), "random seed (default 1)")(
      "samples", "write the small sample exposure instead");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    if (vm.count("help")) {
      std::cout << opts << "\n";
      return 0;
    }
    po::notify(vm);
    if (!vm.count("samples") && count == 0)
      throw po::error("give --samples or --count N (N > 0)");
  } catch (const po::error& e) {
    std::cerr << "leakscope-mailgen: " << e.what() << "\n" << opts << "\n";
    return 2;
  }
  try {
    std::filesystem::path root(out);
    std::filesystem::create_directories(root);
    mailgen::GroundTruth truth;
    if (vm.count("samples")) {
      mailgen::write_samples(root, seed, &truth);
    } else {
      mailgen::write_bulk(root, count, seed, &truth);
    }
    std::ofstream manifest(root / "MANIFEST.json", std::ios::trunc);
    manifest << truth.manifest(seed).dump(2) << "\n";
    if (!manifest) throw std::runtime_error("cannot write MANIFEST.json");
    std::cerr << "leakscope-mailgen: " << truth.messages_raw() << " messages, "
              << truth.bytes() << " bytes in " << out << "\n";
  } catch (const std::exception& e) {
    std::cerr << "leakscope-mailgen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
