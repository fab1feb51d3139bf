// samples/docs (written by tests/tools/docgen) read back: every document's
// format, title and page count as its MANIFEST.json says, and the
// classifier tags exactly the business type the generator wrote (none for
// the decoy).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "ingest/source_parser.hpp"
#include "leakscope/classify.hpp"
#include "test_support.hpp"

using namespace leakscope;
using leakscope::test::MemorySink;

TEST_CASE("samples docs: documents read back as generated and are classified") {
  std::ifstream in("samples/docs/MANIFEST.json");
  REQUIRE(in);
  auto m = nlohmann::json::parse(in);
  int checked = 0;
  for (const auto& f : m["files"]) {
    std::string file = f["file"];
    CAPTURE(file);
    MemorySink sink;
    CollectingReporter rep;
    parse_source("samples/docs/" + file, file, sink, rep, {});
    CHECK(rep.damages.empty());
    auto c = Classifier::create();
    std::set<std::string> types;
    for (size_t i = 0; i < sink.items.size(); ++i)
      for (const auto& x : c->classify(sink.items[i], static_cast<int64_t>(i)))
        if (x.type.rfind("document.", 0) == 0) types.insert(x.type.substr(9));
    if (f["format"] == "zip") {
      REQUIRE(!sink.items.empty());
      CHECK(sink.items[0].kind == "archive");
      CHECK(types == std::set<std::string>{"invoice", "statement_of_work"});
      ++checked;
      continue;
    }
    REQUIRE(!sink.items.empty());
    const Item& d = sink.items[0];
    CHECK(d.kind == "document");
    CHECK(*d.field("format") == f["format"].get<std::string>());
    CHECK(d.title == f["title"].get<std::string>());
    CHECK(*d.field("author") == f["author"].get<std::string>());
    CHECK(*d.field("pages") == std::to_string(f["pages"].get<int>()));
    CHECK(d.sha256 == f["sha256"].get<std::string>());
    std::string want = f["business_type"];
    if (want == "none") {
      CHECK(types.empty());
    } else {
      CHECK(types.count(want) == 1);
    }
    ++checked;
  }
  CHECK(checked == 7);
}
