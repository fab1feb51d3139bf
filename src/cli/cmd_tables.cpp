#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/commands.hpp"
#include "leakscope/store.hpp"
#include "report/csv_writer.hpp"
#include "report/masking.hpp"
#include "util/json_text.hpp"

namespace po = boost::program_options;

namespace leakscope::cli {

namespace {}  // namespace

int cmd_tables(const std::vector<std::string>& args) {
  std::string store_path;
  bool json = false;
  po::options_description desc("tables options");
  desc.add_options()("store", po::value<std::string>(&store_path)->required(),
                     "evidence store")("json", po::bool_switch(&json),
                                       "JSON output");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope tables: " << printable(e.what()) << "\n" << desc;
    return kExitUsage;
  }
  auto store = Store::open(store_path, true);
  auto tables = store->sql_tables();
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : tables)
      out.push_back({{"source", t.source},
                     {"database", t.database},
                     {"schema", t.schema},
                     {"table", t.name},
                     {"view", t.view_name},
                     {"columns", t.columns},
                     {"rows", t.rows - t.deleted_rows},  // live rows
                     {"deleted_rows", t.deleted_rows},
                     {"backup_set", t.backup_set}});
    std::printf("%s\n", dump_json(out, 2).c_str());
    return kExitOk;
  }
  std::printf("%-40s %-16s %-32s %8s %10s %8s %4s\n", "source", "database",
              "table", "columns", "rows", "deleted", "set");
  for (const auto& t : tables)
    std::printf("%-40s %-16s %-32s %8lld %10lld %8lld %4lld\n",
                printable(t.source).c_str(), printable(t.database).c_str(),
                printable(t.schema + "." + t.name).c_str(),
                static_cast<long long>(t.columns),
                static_cast<long long>(t.rows - t.deleted_rows),
                static_cast<long long>(t.deleted_rows),
                static_cast<long long>(t.backup_set));
  return kExitOk;
}

int cmd_dump_table(const std::vector<std::string>& args) {
  std::string store_path, name, out_path, source;
  int64_t backup_set = 0;
  bool raw = false;
  po::options_description desc("dump-table options");
  desc.add_options()("store", po::value<std::string>(&store_path)->required(),
                     "evidence store")(
      "table", po::value<std::string>(&name)->required(), "DB.schema.table")(
      "out", po::value<std::string>(&out_path)->required(),
      "CSV file to write")("source", po::value<std::string>(&source),
                           "which source, when several hold the table")(
      "backup-set", po::value<int64_t>(&backup_set),
      "which backup set of an appended backup file (1, 2, ...)")(
      "raw", po::bool_switch(&raw),
      "exact cell values: no leading ' before a cell a spreadsheet would run "
      "as a formula");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope dump-table: " << printable(e.what()) << "\n"
              << desc;
    return kExitUsage;
  }
  auto store = Store::open(store_path, true);
  // The table's full name ("CRM.dbo.Contacts") or its view's name ("CRM.dbo.
  // Contacts #7"): names may hold dots, so they are compared whole.
  std::vector<Store::SqlTableInfo> matches;
  for (const auto& t : store->sql_tables())
    if ((t.full_name == name || t.view_name == name) &&
        (source.empty() || t.source == source) &&
        (backup_set == 0 || t.backup_set == backup_set))
      matches.push_back(t);
  if (matches.empty()) {
    std::cerr << "leakscope dump-table: no table " << printable(name) << " in "
              << store_path << "\n";
    return kExitUnreadable;
  }
  if (matches.size() > 1) {
    std::cerr << "leakscope dump-table: " << name << " is in " << matches.size()
              << " places; writing the one from "
              << printable(matches[0].source) << " backup set "
              << matches[0].backup_set
              << " (choose with --source and --backup-set):\n";
    for (const auto& m : matches)
      std::cerr << "  " << printable(m.source) << " backup set " << m.backup_set
                << "\n";
  }
  const Store::SqlTableInfo& t = matches[0];
  std::vector<Store::SqlColumnInfo> columns = store->sql_columns(t.id);
  // Item locator of the table: each row's locator is it plus page and slot.
  const std::string table_locator = store->item_locator(t.item_id);
  std::vector<std::string> header;
  std::set<std::string> taken;
  for (const auto& c : columns) {
    header.push_back(c.name);
    taken.insert(c.name);
  }
  // The tool's own columns never take a recovered column's name.
  auto own = [&](std::string n) {
    while (taken.count(n)) n = "_" + n;
    taken.insert(n);
    return n;
  };
  header.push_back(own("_deleted"));
  header.push_back(own("_locator"));
  int64_t n = 0;
  try {
    CsvWriter out(out_path, header, raw);
    std::vector<std::string> cells;
    store->for_each_sql_row(
        t.id, [&](int64_t, const SqlRowRef& ref, std::span<const SqlValue> v) {
          cells.clear();
          for (const SqlValue& x : v) cells.push_back(sql_value_text(x));
          cells.push_back(ref.state == RowState::kLive ? "false" : "true");
          cells.push_back(table_locator + "/page=" + std::to_string(ref.file) +
                          ":" + std::to_string(ref.page) +
                          "/slot=" + std::to_string(ref.slot));
          out.row(cells);
          ++n;
        });
    out.close();
  } catch (const std::runtime_error& e) {
    std::cerr << "leakscope dump-table: " << printable(e.what()) << "\n";
    return kExitUsage;
  }
  std::cerr << "wrote " << n << " rows of " << name << " to " << out_path
            << "\n";
  return kExitOk;
}

}  // namespace leakscope::cli
