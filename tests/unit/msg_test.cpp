// Outlook .msg (parsers/msg): every corpus message read with the subject and
// top-level attachments olefile reads (../shared/corpus/msg/EXPECTED.jsonl),
// attached messages as child messages, the same item shape as an .eml, and
// truncated or bit-flipped files survived with damage reported.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "ingest/content_dispatch.hpp"
#include "leakscope/format.hpp"
#include "leakscope/reporter.hpp"
#include "msg_parser.hpp"
#include "test_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

namespace {

struct Parsed {
  test::MemorySink sink;
  CollectingReporter rep;
};

void parse(const std::string& bytes, const std::string& name, Parsed& p) {
  ContentDispatcher d;
  d.set_record_sink(&p.sink);
  msg::parse_msg(bytes, name, kNoParent, 0, p.sink, p.rep, &d);
}

std::vector<std::string> fields(const Item& it, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& f : it.fields)
    if (f.name == name) out.push_back(f.value);
  return out;
}

}  // namespace

TEST_CASE("msg: the corpus's messages as olefile reads them") {
  if (!test::have_corpus("msg")) {
    MESSAGE("../shared/corpus/msg is absent: skipped");
    return;
  }
  const fs::path dir = test::corpus_dir() / "msg";
  std::ifstream expected(dir / "EXPECTED.jsonl");
  std::string line;
  int files = 0;
  while (std::getline(expected, line)) {
    const auto r = nlohmann::json::parse(line);
    const std::string file = r["file"];
    const auto& o = r["olefile"];
    CAPTURE(file);
    ++files;
    const std::string bytes = test::read_file(dir / file);
    CHECK(identify(bytes.substr(0, 65536)) ==
          (file == "Sicos1977-MSGReader__EmailWithAttachments.msg"
               ? "ole2"  // its directory lies past the first 64 KiB
               : "msg"));
    CHECK(msg::is_msg(bytes));
    Parsed p;
    parse(bytes, file, p);
    REQUIRE(!p.sink.items.empty());
    const Item& m = p.sink.items[0];
    CHECK(m.kind == "message");
    CHECK(m.title == o.value("subject", std::string()));
    std::vector<std::string> names, want;
    for (const Item& it : p.sink.items)
      if (it.parent == 0 && it.kind == "attachment")
        names.push_back(it.field("filename") ? *it.field("filename") : "");
    for (const auto& a : o["attachments"]) want.push_back(a["name"]);
    CHECK(names == want);
    const size_t recipients = fields(m, "to.address").size() +
                              fields(m, "cc.address").size() +
                              fields(m, "bcc.address").size() +
                              fields(m, "to.exchange_address").size() +
                              fields(m, "cc.exchange_address").size() +
                              fields(m, "bcc.exchange_address").size();
    CHECK(recipients == o["recipient_count"].get<size_t>());
    CHECK(m.field("dedup_key") != nullptr);
    CHECK(p.rep.damages.empty());
  }
  CHECK(files == 15);

  // An Exchange sender with an SMTP address beside its X.500 one: the SMTP
  // address is the sender; the attachments' bytes are olefile's sizes.
  Parsed two;
  parse(test::read_file(dir / "Sicos1977-MSGReader__EmailWith2Attachments.msg"),
        "two.msg", two);
  CHECK(fields(two.sink.items[0], "from.address") ==
        std::vector<std::string>{"kees.van.spelde@achmea.nl"});
  CHECK(two.sink.items[0].date == "2019-12-02T08:44:20Z");
  std::vector<uint64_t> sizes;
  for (const Item& it : two.sink.items)
    if (it.kind == "attachment") sizes.push_back(it.size);
  CHECK(sizes == std::vector<uint64_t>{104629, 76951});

  // An attached message is a child message with its own attachments (the
  // inner mail carries two PDFs).
  Parsed nested;
  parse(test::read_file(
            dir / "Sicos1977-MSGReader__EmailWithInnerMailAndAttachments.msg"),
        "outer.msg", nested);
  std::vector<std::string> messages;
  int64_t inner = -1;
  for (size_t i = 0; i < nested.sink.items.size(); ++i)
    if (nested.sink.items[i].kind == "message") {
      messages.push_back(nested.sink.items[i].title);
      if (i > 0) inner = static_cast<int64_t>(i);
    }
  CHECK(messages == std::vector<std::string>{"Outer mail", "Inner mail"});
  REQUIRE(inner > 0);
  int inner_pdfs = 0;
  for (const Item& it : nested.sink.items)
    if (it.parent == inner && it.kind == "attachment" &&
        it.field("sniffed_type") && *it.field("sniffed_type") == "pdf")
      ++inner_pdfs;
  CHECK(inner_pdfs == 2);
}

TEST_CASE("msg: truncated and bit-flipped corpus messages never crash") {
  if (!test::have_corpus("msg")) {
    MESSAGE("../shared/corpus/msg is absent: skipped");
    return;
  }
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(test::corpus_dir() / "msg"))
    if (e.path().extension() == ".msg") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() == 15);
  std::mt19937 rng(5);
  int variants = 0, truncated_reported = 0;
  for (const auto& path : paths) {
    const std::string bytes = test::read_file(path);
    for (const std::string& cut :
         {bytes.substr(0, bytes.size() / 2), bytes.substr(0, 600)}) {
      ++variants;
      Parsed p;
      parse(cut, path.filename().string(), p);
      if (!p.rep.damages.empty()) ++truncated_reported;
    }
    for (int k = 0; k < 3; ++k) {
      std::string b = bytes;
      for (int f = 0; f < 16; ++f)
        b[rng() % b.size()] ^= static_cast<char>(1u << (rng() % 8));
      ++variants;
      Parsed p;
      parse(b, path.filename().string(), p);
    }
  }
  CHECK(variants == 75);
  MESSAGE(truncated_reported << " of 30 truncated messages reported damage");
  CHECK(truncated_reported == 25);
}
