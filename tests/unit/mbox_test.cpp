#include "mbox.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace leakscope::mime;

namespace {
std::vector<std::string> split_all(const std::string& box, size_t chunk) {
  std::vector<std::string> out;
  MboxSplitter s([&](const MboxMessage& m) { out.emplace_back(m.bytes); });
  for (size_t i = 0; i < box.size(); i += chunk)
    s.feed(std::string_view(box).substr(i, chunk));
  s.finish();
  return out;
}
}  // namespace

TEST_CASE("mbox splitting and mboxrd unquoting, any chunking") {
  std::string box =
      "From a@example.com Mon Jan  1 00:00:00 2001\n"
      "Subject: one\n\nbody\n>From here\n>>From there\n\n"
      "From b@example.com Mon Jan  1 00:00:01 2001\r\n"
      "Subject: two\r\n\r\nsecond\r\n";
  for (size_t chunk : {1u, 3u, 7u, 64u, 4096u}) {
    auto msgs = split_all(box, chunk);
    REQUIRE(msgs.size() == 2);
    CHECK(msgs[0] == "Subject: one\n\nbody\nFrom here\n>From there\n");
    CHECK(msgs[1] == "Subject: two\r\n\r\nsecond\r\n");
  }
}

TEST_CASE("mbox records offsets, indexes and leading garbage") {
  std::string box = "junk\nFrom x\nA: 1\n\nFrom y\nB: 2\n";
  std::vector<MboxMessage> seen;
  std::vector<std::string> seps;
  MboxSplitter s([&](const MboxMessage& m) {
    seen.push_back(m);
    seps.emplace_back(m.separator);
  });
  s.feed(box);
  s.finish();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].index == 1);
  CHECK(seen[0].offset == 5);
  CHECK(seen[1].index == 2);
  CHECK(seen[1].offset == 18);
  CHECK(seps[1] == "From y");
  CHECK(s.leading_garbage() == 5);
}

TEST_CASE("an oversize mbox message is truncated, not buffered") {
  std::string big = "From x\nA: 1\n\n" + std::string(1000, 'a') + "\n" +
                    std::string(1000, 'b') + "\n";
  bool truncated = false;
  size_t len = 0;
  MboxSplitter s(
      [&](const MboxMessage& m) {
        truncated = m.truncated;
        len = m.bytes.size();
      },
      /*max_message=*/600);
  s.feed(big);
  s.finish();
  CHECK(truncated);
  CHECK(len <= 600);
}
