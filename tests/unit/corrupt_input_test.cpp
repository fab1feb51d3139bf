// Truncations and bit flips of real messages: the parsers must report the
// damage and carry on, never crash or hang.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "ingest/content_dispatch.hpp"
#include "mbox.hpp"
#include "message_parser.hpp"
#include "test_support.hpp"

using namespace leakscope;
using leakscope::test::MemorySink;

namespace {}  // namespace

TEST_CASE(
    "truncated and bit-flipped real messages are parsed as far as they go") {
  if (!leakscope::test::have_corpus("eml")) {
    MESSAGE("skipped: ../shared/corpus/eml is absent");
    return;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(
           leakscope::test::corpus_dir() / "eml"))
    if (e.is_regular_file() && e.file_size() < 300000 &&
        e.path().extension() != ".jsonl" && e.path().extension() != ".tsv")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 250);
  std::mt19937_64 rng(7);
  ContentDispatcher dispatch;
  size_t variants = 0, damaged_truncations = 0, multipart_truncations = 0;
  for (const auto& f : files) {
    std::string bytes = test::read_file(f);
    if (bytes.size() < 64) continue;
    for (int v = 0; v < 6; ++v) {
      std::string mutated = bytes;
      bool truncated = v < 3;
      if (truncated) {
        mutated.resize(rng() % mutated.size());
      } else {
        for (int k = 0; k < 8; ++k)
          mutated[rng() % mutated.size()] ^=
              static_cast<char>(1 << (rng() % 8));
      }
      MemorySink sink;
      CollectingReporter rep;
      mime::MessageParser parser(sink, rep, &dispatch);
      parser.parse(mutated, f.filename().string());
      REQUIRE(!sink.items.empty());
      CHECK(sink.items[0].kind == "message");
      CHECK(sink.items[0].size == mutated.size());
      ++variants;
      // A multipart message cut inside its parts loses its close boundary,
      // and that must be reported.
      if (truncated && bytes.find("boundary=") != std::string::npos &&
          bytes.find("--\n", mutated.size()) != std::string::npos &&
          mutated.find("\n\n") != std::string::npos &&
          mutated.size() > mutated.find("\n\n") + 200) {
        ++multipart_truncations;
        if (!rep.damages.empty()) ++damaged_truncations;
      }
    }
    // The mbox splitter over the same damaged bytes.
    std::string box =
        "From x\n" + bytes.substr(0, bytes.size() / 2) + "\nFrom y\n" + bytes;
    size_t n = 0;
    mime::MboxSplitter split([&](const mime::MboxMessage&) { ++n; });
    split.feed(box);
    split.finish();
    CHECK(n >= 2);
  }
  CHECK(variants > 1500);
  MESSAGE(variants << " damaged variants parsed; " << damaged_truncations
                   << " of " << multipart_truncations
                   << " cut multipart messages reported damage");
  CHECK(damaged_truncations * 10 >= multipart_truncations * 8);
}
