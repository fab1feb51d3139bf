#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "ingest/mssql_info.hpp"
#include "ingest/source_parser.hpp"
#include "leakscope/format.hpp"
#include "leakscope/item.hpp"
#include "util/file_reader.hpp"
#include "util/json_text.hpp"

namespace po = boost::program_options;

namespace leakscope::cli {

namespace {

// Items only: `info` describes files, not the rows of SQL tables.
struct CollectingSink : RecordSink {
  std::vector<Item> items;
  int64_t emit(Item&& item) override {
    items.push_back(std::move(item));
    return static_cast<int64_t>(items.size()) - 1;
  }
  void begin_table(int64_t, const SqlTableSchema&) override {}
  void row(int64_t, const SqlRowRef&, std::span<const SqlValue>) override {}
};

// A document's metadata (the keys of DocumentInfo) or an archive's entries.
int print_document_info(const std::string& file, const ParseOutcome& po,
                        const std::vector<Item>& items,
                        const CollectingReporter& reporter, bool json) {
  const Item& d = items[0];
  nlohmann::json j;
  j["file"] = file;
  j["kind"] = d.kind;
  j["size"] = po.bytes;
  j["sha256"] = po.sha256;
  for (const auto& f : d.fields) {
    if (f.name == "encrypted" || f.name == "macros") {
      j[f.name] = f.value == "true";
    } else if ((f.name == "pages" || f.name == "entries" ||
                f.name == "expanded_size" || f.name == "code_page") &&
               !f.value.empty() &&
               f.value.find_first_not_of("0123456789") == std::string::npos) {
      j[f.name] = std::stoll(f.value);
    } else {
      j[f.name] = f.value;
    }
  }
  if (d.kind == "archive") {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& it : items)
      if (it.parent == 0 && it.kind == "file") {
        nlohmann::json e = {
            {"name", it.field("filename") ? *it.field("filename") : it.title},
            {"size", it.size}};
        if (const std::string* t = it.field("sniffed_type")) e["kind"] = *t;
        if (it.field("zip_bomb")) e["zip_bomb"] = true;
        if (it.field("encrypted")) e["encrypted"] = true;
        entries.push_back(e);
      }
    j["entries"] = entries;
  } else {
    j["text_bytes"] = d.text.size();
  }
  nlohmann::json damage = nlohmann::json::array();
  for (const auto& x : reporter.damages)
    damage.push_back({{"locator", x.locator}, {"what", x.what}});
  j["damage"] = damage;
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& x : reporter.notes) notes.push_back(x.what);
  if (!notes.empty()) j["notes"] = notes;
  if (json) {
    std::printf("%s\n", dump_json(j, 2).c_str());
  } else {
    std::printf("%s: %s\n", printable(file).c_str(), d.kind.c_str());
    for (auto& [k, v] : j.items()) {
      if (k == "file" || k == "kind" || k == "damage" || k == "entries" ||
          k == "notes")
        continue;
      std::printf("  %-18s %s\n", k.c_str(),
                  v.is_string() ? printable(v.get<std::string>()).c_str()
                                : dump_json(v, -1, true).c_str());
    }
    if (j.contains("entries"))
      for (const auto& e : j["entries"])
        std::printf("  entry              %s\n",
                    dump_json(e, -1, true).c_str());
    for (const auto& x : damage)
      std::printf("  damage             %s\n",
                  printable(x["what"].get<std::string>()).c_str());
  }
  return kExitOk;
}

// "Name <address>" for each address of a header ("from", "to"...).
std::vector<std::string> mailboxes(const Item& it, const std::string& header) {
  std::vector<std::string> addrs, names, out;
  for (const auto& f : it.fields) {
    if (f.name == header + ".address") addrs.push_back(f.value);
    if (f.name == header + ".name") names.push_back(f.value);
  }
  for (size_t i = 0; i < addrs.size(); ++i) {
    std::string n = i < names.size() ? names[i] : "";
    out.push_back(n.empty() ? addrs[i] : n + " <" + addrs[i] + ">");
  }
  return out;
}

std::vector<std::string> values(const Item& it, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& f : it.fields)
    if (f.name == name) out.push_back(f.value);
  return out;
}

}  // namespace

int cmd_info(const std::vector<std::string>& args) {
  std::string file;
  bool json = false, list_formats = false;
  po::options_description desc("info options");
  desc.add_options()("json", po::bool_switch(&json), "JSON output")(
      "formats", po::bool_switch(&list_formats),
      "list the formats leakscope identifies, in the order it tries them")(
      "file", po::value<std::string>(&file), "file to describe");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope info: " << printable(e.what()) << "\n" << desc;
    return kExitUsage;
  }
  if (list_formats) {
    // The format registry (leakscope/format.hpp), as docs/FORMATS.md shows
    // it and scripts/test reads the fuzz targets from it.
    nlohmann::json list = nlohmann::json::array();
    for (const FormatDescriptor* f : registered_formats())
      list.push_back({{"name", f->name},
                      {"summary", f->summary},
                      {"container", f->container},
                      {"parsed", f->parse != nullptr},
                      {"document", f->document},
                      {"fuzz_target", f->fuzz_target}});
    if (json) {
      std::printf("%s\n", dump_json(list, 2).c_str());
    } else {
      for (const auto& f : list)
        std::printf("%-24s %-9s %-7s %-13s %s\n",
                    f["name"].get<std::string>().c_str(),
                    f["container"].get<bool>() ? "container" : "-",
                    f["parsed"].get<bool>() ? "parsed" : "listed",
                    f["fuzz_target"].get<std::string>().empty()
                        ? "-"
                        : f["fuzz_target"].get<std::string>().c_str(),
                    f["summary"].get<std::string>().c_str());
    }
    return kExitOk;
  }
  if (file.empty()) {
    std::cerr << "leakscope info: no FILE given\n";
    return kExitUsage;
  }
  // SQL Server files: header facts only, never the whole (possibly huge) file.
  try {
    EvidenceReader probe(file);
    std::string kind = identify(probe.peek_raw());
    if (kind.rfind("mssql_", 0) == 0) {
      nlohmann::json j = mssql_info(file, kind);
      j["file"] = file;
      if (json) {
        std::printf("%s\n", dump_json(j, 2).c_str());
        return kExitOk;
      }
      std::printf("%s: %s\n", printable(file).c_str(), kind.c_str());
      // The RESTORE HEADERONLY facts first, then the file list.
      for (const char* k :
           {"database", "server", "backup_type", "backup_name", "user_name",
            "sql_server_version", "database_version", "compatibility_level",
            "backup_start", "backup_finish", "collation", "compressed",
            "encrypted", "password_protected"})
        if (j.contains(k) && !j[k].is_null())
          std::printf("  %-20s %s\n", k, dump_json(j[k], -1, true).c_str());
      if (j.contains("stripe"))
        std::printf("  %-20s %s\n", "stripe",
                    dump_json(j["stripe"], -1, true).c_str());
      if (j.contains("backup_sets") && j["backup_sets"].size() > 1)
        for (const auto& set : j["backup_sets"])
          std::printf("  backup_set           %s\n",
                      dump_json(set, -1, true).c_str());
      for (const auto& f : j["files"])
        std::printf("  file                 %s\n",
                    dump_json(f, -1, true).c_str());
      for (const auto& n : j["notes"])
        std::printf("  note                 %s\n",
                    printable(n.get<std::string>()).c_str());
      return kExitOk;
    }
  } catch (const std::exception& e) {
    std::cerr << "leakscope info: " << printable(e.what()) << "\n";
    return kExitUnreadable;
  }
  CollectingSink sink;
  CollectingReporter reporter;
  std::string display = file.substr(file.rfind('/') + 1);
  ParseOutcome po;
  try {
    po = parse_source(file, display, sink, reporter, {});
  } catch (const std::exception& e) {
    std::cerr << "leakscope info: " << printable(e.what()) << "\n";
    return kExitUnreadable;
  }
  if (!sink.items.empty() &&
      (sink.items[0].kind == "document" || sink.items[0].kind == "archive"))
    return print_document_info(file, po, sink.items, reporter, json);
  nlohmann::json j;
  j["file"] = file;
  j["kind"] = po.kind;
  j["size"] = po.bytes;
  j["sha256"] = po.sha256;
  nlohmann::json messages = nlohmann::json::array();
  for (size_t i = 0; i < sink.items.size(); ++i) {
    const Item& it = sink.items[i];
    if (it.kind != "message") continue;
    nlohmann::json m;
    m["locator"] = it.locator;
    m["from"] = mailboxes(it, "from");
    m["to"] = mailboxes(it, "to");
    m["date"] = it.date ? nlohmann::json(*it.date) : nlohmann::json(nullptr);
    m["subject"] = it.title;
    if (auto* id = it.field("message_id")) m["message_id"] = *id;
    nlohmann::json parts = nlohmann::json::array();
    for (size_t k = i + 1; k < sink.items.size(); ++k) {
      const Item& c = sink.items[k];
      if (c.parent != static_cast<int64_t>(i)) continue;
      if (c.kind == "message") continue;
      nlohmann::json p = {{"kind", c.kind},
                          {"name", c.title},
                          {"size", c.size},
                          {"sha256", c.sha256}};
      if (auto* t = c.field("declared_type")) p["declared_type"] = *t;
      if (auto* t = c.field("sniffed_type")) p["sniffed_type"] = *t;
      parts.push_back(p);
    }
    m["parts"] = parts;
    m["charsets"] = values(it, "body.charset");
    m["defects"] = values(it, "defect");
    messages.push_back(m);
  }
  if (!messages.empty()) j["messages"] = messages;
  nlohmann::json damage = nlohmann::json::array();
  for (const auto& d : reporter.damages) {
    nlohmann::json x = {{"locator", d.locator}, {"what", d.what}};
    if (d.offset != kNoOffset) x["offset"] = d.offset;
    damage.push_back(x);
  }
  j["damage"] = damage;
  if (json) {
    std::printf("%s\n", dump_json(j, 2).c_str());
    return kExitOk;
  }
  std::printf("%s: %s, %llu bytes, sha256 %s\n", printable(file).c_str(),
              printable(po.kind).c_str(),
              static_cast<unsigned long long>(po.bytes), po.sha256.c_str());
  for (const auto& m : messages) {
    std::printf("\n%s\n", printable(m["locator"].get<std::string>()).c_str());
    for (const auto& f : m["from"])
      std::printf("  From:    %s\n", printable(f.get<std::string>()).c_str());
    std::printf("  Date:    %s\n",
                m["date"].is_null()
                    ? "(none)"
                    : printable(m["date"].get<std::string>()).c_str());
    std::printf("  Subject: %s\n",
                printable(m["subject"].get<std::string>()).c_str());
    for (const auto& p : m["parts"])
      std::printf("  part:    %s %s (%llu bytes, %s)\n",
                  printable(p["kind"].get<std::string>()).c_str(),
                  printable(p["name"].get<std::string>()).c_str(),
                  static_cast<unsigned long long>(p["size"].get<uint64_t>()),
                  printable(p.value("sniffed_type", std::string("?"))).c_str());
  }
  for (const auto& d : reporter.damages)
    std::printf("damage: %s: %s\n", printable(d.locator).c_str(),
                printable(d.what).c_str());
  return kExitOk;
}

}  // namespace leakscope::cli
