// The format seam (leakscope/format.hpp): the registry is what
// identification, `info --formats`, the fuzz list and docs/FORMATS.md read.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "leakscope/format.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

TEST_CASE(
    "formats: every registered format is named once, fuzzed, and in "
    "docs/FORMATS.md") {
  const std::string doc = test::read_file("docs/FORMATS.md");
  std::set<std::string> names;
  for (const FormatDescriptor* f : registered_formats()) {
    CAPTURE(f->name);
    CHECK(names.insert(f->name).second);
    CHECK(format_named(f->name) == f);
    CHECK(static_cast<bool>(f->recognise));
    // A parsed format has a fuzz target, and it exists.
    if (f->parse) {
      REQUIRE(std::string(f->fuzz_target).size() > 0);
      CHECK(fs::exists(fs::path("tests/fuzz") /
                       (std::string(f->fuzz_target) + ".cpp")));
    }
    // Its row in the generated table, summary included (regenerate with
    // scripts/formats-doc when this fails).
    std::ostringstream row;
    row << "| `" << f->name << "` | " << (f->container ? "yes" : "no") << " | "
        << (f->parse ? "parsed" : "recorded") << " | "
        << (std::string(f->fuzz_target).empty()
                ? std::string("-")
                : "`" + std::string(f->fuzz_target) + "`")
        << " | " << f->summary << " |";
    CHECK(doc.find(row.str()) != std::string::npos);
  }
  CHECK(format_named("no such format") == nullptr);
  CHECK(names.size() == 34);
}

TEST_CASE("formats: identification tries the registry in order") {
  CHECK(identify("") == "empty");
  CHECK(identify(std::string("\x01\x02\x03\x00\x00", 5)) == "unknown");
  CHECK(identify("%PDF-1.7\n") == "pdf");
  CHECK(identify("From a@b.c Mon Jan  1 00:00:00 2024\nSubject: x\n\nhi\n") ==
        "mbox");
  CHECK(identify("Subject: hello\nFrom: a@b.c\n\nbody\n") == "message");
  CHECK(identify("<!DOCTYPE html><html></html>") == "html");
  CHECK(identify("just some words\n") == "text");
  // A tar whose first member is a message: the tar's magic at offset 257
  // wins over the text heuristics that come later in the registry.
  std::string tar(1024, '\0');
  tar.replace(0, 9, "mail.eml");
  tar.replace(257, 5, "ustar");
  CHECK(identify(tar) == "tar");
}
