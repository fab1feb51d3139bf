// The real messages in ../shared/corpus/eml against EXPECTED.jsonl (Python's
// email package as oracle). Well-formed messages must match exactly; every
// file must ingest without a crash. Where this parser deliberately reads a
// message differently from the oracle, kKnownDifferences says why.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "ingest/source_parser.hpp"
#include "test_support.hpp"

using namespace leakscope;
using leakscope::test::MemorySink;

namespace {

const std::map<std::string, const char*> kKnownDifferences = {
    {"mime4j/russian-headers.msg",
     "raw 8-bit KOI8-R file name: we decode it (Список.doc), Python gives "
     "None"},
    {"mime4j/mimetools-testmsgs/russian.msg",
     "raw 8-bit file name: we decode it, Python gives None"},
    {"mime4j/mimetools-testmsgs/multi-2evil.msg",
     "encoded words inside an RFC 2231 value: we decode them, Python keeps "
     "them raw"},
    {"php-mime-mail-parser/m0018",
     "base64 with 233 data characters (1 more than a multiple of 4): we decode "
     "174 bytes and report the damage, Python returns the undecoded text"},
    {"flanker/spam/broken-headers.eml",
     "windows-1252 byte in a raw header: we convert it (…), Python substitutes "
     "U+FFFD"},
    {"spamassassin/nice/cjk/big5-base64.1",
     "Big5 encoded word: ICU decodes it, Python's result is mojibake"},
    {"mime4j/mimetools-testmsgs/multi-2gifs-base64.msg",
     "Python found no attachments; we read both GIF parts"},
    {"mimekit/message-partial.0.eml",
     "message/partial fragment: kept as one inline part, not reassembled"},
    {"php-mime-mail-parser/issue274.eml",
     "base64-encoded message/rfc822 part: we decode and read the forwarded "
     "message's 4 attachments too; Python's walk does not enter it"},
    {"mime4j/malformedHeader-noheader.msg",
     "no header block at all: identified as text, not as a message"},
};

struct Att {
  std::string name;
  uint64_t size;
  std::string sha256;
  bool operator==(const Att&) const = default;
};

// Attachments as Python walks them: into message/rfc822 parts (children of a
// message), not into attached .eml files or TNEF (which Python doesn't open).
void collect(const MemorySink& s, int64_t id, std::vector<Att>& out) {
  for (size_t i = 0; i < s.items.size(); ++i) {
    const Item& c = s.items[i];
    if (c.parent != id) continue;
    if (c.kind == "message") collect(s, static_cast<int64_t>(i), out);
    if (c.kind == "attachment") out.push_back({c.title, c.size, c.sha256});
  }
}

}  // namespace

TEST_CASE("real messages from public test suites match the oracle") {
  if (!leakscope::test::have_corpus("eml")) {
    MESSAGE("skipped: ../shared/corpus/eml is absent");
    return;
  }
  auto root = leakscope::test::corpus_dir() / "eml";
  std::ifstream in(root / "EXPECTED.jsonl");
  std::string line;
  int files = 0, compared = 0, mboxes = 0, tnefs = 0, known = 0;
  while (std::getline(in, line)) {
    auto e = nlohmann::json::parse(line);
    std::string rel = e["file"];
    CAPTURE(rel);
    MemorySink sink;
    CollectingReporter rep;
    ParseOutcome po = parse_source((root / rel).string(), rel, sink, rep, {});
    ++files;
    CHECK(po.sha256 == e["sha256"].get<std::string>());
    CHECK(po.bytes == e["bytes"].get<uint64_t>());
    bool documented = kKnownDifferences.count(rel) > 0;
    if (documented) ++known;
    std::string kind = e["kind"];
    if (kind == "tnef") {
      ++tnefs;
      CHECK(po.kind == "tnef");
      continue;
    }
    if (kind == "mbox") {
      ++mboxes;
      CHECK(po.kind == "mbox");
      int top = 0;
      for (const auto& it : sink.items)
        top += it.kind == "message" && it.parent == 0;
      CHECK(top == static_cast<int>(e["messages"].size()));
      continue;
    }
    if (documented) continue;
    REQUIRE(po.kind == "message");
    REQUIRE(!sink.items.empty());
    const Item& m = sink.items[0];
    std::vector<Att> got, want;
    collect(sink, 0, got);
    for (const auto& a : e["attachments"])
      want.push_back(
          {a["filename"].is_null() ? "" : a["filename"].get<std::string>(),
           a["size"].get<uint64_t>(), a["sha256"].get<std::string>()});
    bool well_formed = e.value("well_formed", false);
    if (well_formed) {
      ++compared;
      CHECK(got == want);
      std::string subject =
          e["subject"].is_null() ? "" : e["subject"].get<std::string>();
      // Python keeps folding whitespace; we collapse runs of it.
      std::string collapsed;
      bool sp = false;
      for (char c : subject) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
          sp = true;
          continue;
        }
        if (sp && !collapsed.empty()) collapsed.push_back(' ');
        sp = false;
        collapsed.push_back(c);
      }
      CHECK(m.title == collapsed);
    } else if (!(got == want)) {
      // A malformed message read differently must carry recorded damage.
      CHECK_MESSAGE(!rep.damages.empty(),
                    "differs from the oracle without damage");
    }
  }
  CHECK(files == 319);
  CHECK(mboxes == 65);
  CHECK(tnefs == 14);
  CHECK(compared >= 160);
  MESSAGE("corpus eml: " << files << " files, " << compared
                         << " well-formed compared exactly, " << known
                         << " documented differences");
}
