// Outlook .pst stores (parsers/pst, libpff): the corpus's six stores
// against what readpst and lspst list for them (../shared/corpus/pst/
// EXPECTED.jsonl), a store inside a zip, and damaged stores.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "leakscope/reporter.hpp"
#include "pst_reader.hpp"
#include "test_support.hpp"
#include "zip_support.hpp"

using namespace leakscope;
namespace fs = std::filesystem;

namespace {

struct CountingSink : ItemSink {
  int64_t n = 0;
  std::vector<Item> items;
  int64_t emit(Item&& it) override {
    items.push_back(std::move(it));
    return n++;
  }
};

fs::path pst_file(const char* name) {
  return test::corpus_dir() / "pst" / name;
}

}  // namespace

TEST_CASE("pst: the corpus's stores, item by item") {
  if (!test::have_corpus("pst")) {
    MESSAGE("../shared/corpus/pst is absent: corpus PST skipped");
    return;
  }
  test::TempDir tmp;
  const fs::path store = tmp.path / "s.db";
  std::vector<std::string> args = {"ingest", "--store", store.string()};
  for (const char* f :
       {"farnulfo-pst-exp__sample1.pst", "farnulfo-pst-exp__sample2.pst",
        "farnulfo-pst-exp__submessage.pst", "farnulfo-pst-exp__test_ansi.pst",
        "rjohnsondev-java-libpst__dist-list.pst",
        "rjohnsondev-java-libpst__passworded.pst"})
    args.push_back(pst_file(f).string());
  REQUIRE(test::run_binary(args) == 0);
  // Every message, contact and appointment with its folder: readpst's
  // e-mails (sample1 Unicode, sample2 ANSI, submessage with its attached
  // message), the dist-list store's appointment and contact, and the
  // passworded store's contact under Contacts (as readpst files it; lspst
  // lists it under Inbox). test_ansi's "Post" (IPM.Post) is read although
  // readpst skips it.
  const std::vector<std::string> want = {
      "farnulfo-pst-exp__sample1.pst message Here is a sample message | "
      "Top of Outlook data file/Sample1",
      "farnulfo-pst-exp__sample2.pst message Here is a sample message | "
      "Top of Outlook data file/Sample2",
      "farnulfo-pst-exp__submessage.pst message This is a message which has "
      "an embedded message attached | Top of Outlook data file/submessage",
      "farnulfo-pst-exp__submessage.pst message This is an embedded message "
      "| Top of Outlook data file/submessage",
      "farnulfo-pst-exp__test_ansi.pst message Post | Top of Personal "
      "Folders/Folder",
      "rjohnsondev-java-libpst__dist-list.pst appointment Test appointment | "
      "Top of Personal Folders/Calendar",
      "rjohnsondev-java-libpst__dist-list.pst distribution_list test dist "
      "list | Top of Personal Folders/Contacts",
      "rjohnsondev-java-libpst__dist-list.pst contact contact name 1 | Top of "
      "Personal Folders/Contacts",
      "rjohnsondev-java-libpst__passworded.pst distribution_list test dist "
      "list | Top of Personal Folders/Contacts",
      "rjohnsondev-java-libpst__passworded.pst contact contact name 1 | Top "
      "of Personal Folders/Contacts",
  };
  CHECK(test::sql_strings(
            store,
            "SELECT substr(i.locator, 1, instr(i.locator, '#') - 1) || ' ' || "
            "i.kind || ' ' || i.title || ' | ' || (SELECT value FROM "
            "item_fields WHERE item_id=i.id AND name='folder_path') FROM items "
            "i WHERE i.kind IN ('message','contact','appointment',"
            "'distribution_list') ORDER BY i.locator") == want);
  // readpst's senders and attachment names.
  CHECK(
      test::sql_strings(store,
                        "SELECT DISTINCT value FROM item_fields WHERE name IN "
                        "('from.address','from.name')") ==
      std::vector<std::string>{"terrymah@microsoft.com", "Terry Mahaffey"});
  CHECK(test::sql_strings(store,
                          "SELECT title || ' ' || size FROM items WHERE "
                          "kind='attachment' ORDER BY locator") ==
        std::vector<std::string>{"leah_thumper.jpg 93142",
                                 "leah_thumper.jpg 93142",
                                 "This is an embedded message 0"});
  // lspst's appointment times and the contact's address (named
  // properties).
  CHECK(test::sql_strings(
            store,
            "SELECT f.name || '=' || f.value FROM item_fields f JOIN items i "
            "ON i.id=f.item_id WHERE i.kind='appointment' AND f.name IN "
            "('start','end') ORDER BY f.name DESC") ==
        std::vector<std::string>{"start=2016-08-02T15:00:00Z",
                                 "end=2016-08-02T15:30:00Z"});
  CHECK(test::sql_strings(store,
                          "SELECT DISTINCT f.value FROM item_fields f JOIN "
                          "items i ON i.id=f.item_id WHERE i.kind='contact' "
                          "AND f.name='email'") ==
        std::vector<std::string>{"contact1@rjohnson.id.au"});
  CHECK(test::sql_strings(store, "SELECT COUNT(*) FROM damages") ==
        std::vector<std::string>{"0"});
  // The same message in two stores is one message to the measurement.
  const fs::path out = tmp.path / "r";
  REQUIRE(test::run_binary({"report", "--store", store.string(), "--out",
                            out.string(), "--format", "json"}) == 0);
  nlohmann::json r;
  std::ifstream(out / "report.json") >> r;
  CHECK(r["counts"]["messages"]["raw"] == 5);
  CHECK(r["counts"]["messages"]["unique"] == 4);
}

TEST_CASE("pst: a store inside a zip is read from memory") {
  if (!test::have_corpus("pst")) {
    MESSAGE("../shared/corpus/pst is absent: PST in a zip skipped");
    return;
  }
  test::TempDir tmp;
  const fs::path zip = tmp.path / "mail.zip";
  {
    std::ofstream o(zip, std::ios::binary);
    o << test::make_zip(
        {{"backup/outlook.pst",
          test::read_file(pst_file("farnulfo-pst-exp__sample1.pst")), true}});
  }
  const fs::path store = tmp.path / "s.db";
  REQUIRE(test::run_binary(
              {"ingest", zip.string(), "--store", store.string()}) == 0);
  CHECK(test::sql_strings(store,
                          "SELECT locator FROM items WHERE kind='message'") ==
        std::vector<std::string>{
            "mail.zip#entry=backup/outlook.pst#folder=Top of Outlook data "
            "file/Sample1/msg=2097188"});
}

TEST_CASE("pst: truncated and bit-flipped stores never crash") {
  if (!test::have_corpus("pst")) {
    MESSAGE("../shared/corpus/pst is absent: damaged stores skipped");
    return;
  }
  const std::string bytes =
      test::read_file(pst_file("farnulfo-pst-exp__sample1.pst"));
  std::mt19937 rng(11);
  int damaged = 0, runs = 0;
  for (int k = 0; k < 60; ++k) {
    std::string b = bytes.substr(0, bytes.size() * (k % 20 + 1) / 20);
    for (int f = 0; f < (k / 20) * 8; ++f)
      b[512 + rng() % (b.size() - 512)] ^= static_cast<char>(1u << (rng() % 8));
    CountingSink sink;
    CollectingReporter rep;
    pst::PstInput in;
    in.bytes = b;
    in.locator = "damaged.pst";
    pst::read_pst(in, sink, rep, nullptr);
    ++runs;
    if (!rep.damages.empty()) ++damaged;
    for (const auto& d : rep.damages) CHECK(d.what.rfind("pst: ", 0) == 0);
  }
  CHECK(runs == 60);
  // 39 of the 60 report damage; a cut or flip in bytes that no folder,
  // message or attachment read reaches leaves no trace (libpff checks
  // only what it reads).
  CHECK(damaged == 39);
}

namespace {

// [MS-PST] 5.3: CRC-32 (reflected 0xEDB88320) from 0, no final inversion.
uint32_t pst_crc(std::string_view b) {
  uint32_t crc = 0;
  for (unsigned char c : b) {
    crc ^= c;
    for (int k = 0; k < 8; ++k)
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
  }
  return crc;
}

void put_u32(std::string& b, size_t at, uint32_t v) {
  for (int k = 0; k < 4; ++k) b[at + k] = static_cast<char>(v >> (8 * k));
}

}  // namespace

TEST_CASE("pst: an .ost (offline store) reads as its .pst") {
  // No .ost is in the corpus: the same stores with the header's client
  // magic "SO" (an OST) instead of "SM" and their header CRCs recomputed
  // ([MS-PST] 2.2.2.6: dwCRCPartial over 471 bytes from offset 8, and
  // for Unicode stores dwCRCFull over 516 bytes at 524). They are read as
  // their .pst twins: the same items, folders and titles.
  if (!test::have_corpus("pst")) {
    MESSAGE("../shared/corpus/pst is absent: OST check skipped");
    return;
  }
  test::TempDir tmp;
  struct Store {
    const char* name;
    size_t children;  // items below the store's own
  };
  for (const Store& st : {Store{"farnulfo-pst-exp__sample1.pst", 8},
                          Store{"farnulfo-pst-exp__test_ansi.pst", 6}}) {
    const char* name = st.name;
    CAPTURE(name);
    std::string b = test::read_file(pst_file(name));
    REQUIRE(b.size() > 600);
    REQUIRE(b.substr(8, 2) == "SM");
    // The stored CRC is the one computed here (the formula is right).
    CHECK(pst_crc(std::string_view(b).substr(8, 471)) ==
          (static_cast<uint8_t>(b[4]) | static_cast<uint8_t>(b[5]) << 8 |
           static_cast<uint8_t>(b[6]) << 16 |
           static_cast<uint32_t>(static_cast<uint8_t>(b[7])) << 24));
    b[9] = 'O';
    put_u32(b, 4, pst_crc(std::string_view(b).substr(8, 471)));
    const bool unicode = static_cast<uint8_t>(b[10]) >= 23;
    if (unicode) put_u32(b, 524, pst_crc(std::string_view(b).substr(8, 516)));
    const fs::path ost = tmp.path / (std::string(name) + ".ost");
    test::write_file(ost, b);

    auto items_of = [&](const fs::path& f) {
      const fs::path store = tmp.path / (f.filename().string() + ".db");
      REQUIRE(test::run_binary(
                  {"ingest", "--store", store.string(), f.string()}) == 0);
      // The store's own item is named after its file: left out.
      CHECK(test::sql_strings(store, "SELECT kind FROM sources") ==
            std::vector<std::string>{"pst"});
      return test::sql_strings(
          store,
          "SELECT i.kind || ' ' || COALESCE(i.title,'') || ' | ' || "
          "COALESCE((SELECT value FROM item_fields WHERE item_id=i.id AND "
          "name='folder_path'),'') || ' | ' || "
          "substr(i.locator, instr(i.locator, '#')) FROM items i WHERE "
          "i.parent_id IS NOT NULL ORDER BY i.id");
    };
    const std::vector<std::string> from_pst = items_of(pst_file(name));
    CHECK(from_pst.size() == st.children);
    CHECK(items_of(ost) == from_pst);
  }
}
