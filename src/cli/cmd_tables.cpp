#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "leakscope/store.hpp"
#include "report/masking.hpp"

namespace po = boost::program_options;

namespace leakscope::cli {

namespace {

struct TableRow {
  int64_t id;
  std::string source, database, schema, table;
  int64_t columns, rows, deleted;
  int64_t backup_set;  // 1-based set of an appended backup file; 1 otherwise
};

std::vector<TableRow> list_tables(const Store& store) {
  Statement st(
      store.db(),
      "SELECT t.id, s.path, "
      "(SELECT value FROM item_fields WHERE item_id=t.id AND name='database'), "
      "(SELECT value FROM item_fields WHERE item_id=t.id AND name='schema'), "
      "(SELECT value FROM item_fields WHERE item_id=t.id AND name='table'), "
      "(SELECT COUNT(*) FROM item_fields WHERE item_id=t.id AND "
      "name='column'), "
      "(SELECT COUNT(*) FROM items r WHERE r.parent_id=t.id AND "
      "r.kind='sql_row' AND "
      " NOT EXISTS (SELECT 1 FROM item_fields d WHERE d.item_id=r.id AND "
      "d.name='deleted')), "
      "(SELECT COUNT(*) FROM items r WHERE r.parent_id=t.id AND "
      "r.kind='sql_row' AND "
      " EXISTS (SELECT 1 FROM item_fields d WHERE d.item_id=r.id AND "
      "d.name='deleted')), "
      "COALESCE((SELECT CAST(value AS INTEGER) FROM item_fields WHERE "
      "item_id=t.parent_id AND name='backup_set'), 1) "
      "FROM items t JOIN sources s ON s.id=t.source_id WHERE "
      "t.kind='sql_table' "
      "ORDER BY s.path, 9, 3, 4, 5");
  std::vector<TableRow> out;
  while (st.step())
    out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3),
                   st.text(4), st.integer(5), st.integer(6), st.integer(7),
                   st.integer(8)});
  return out;
}

}  // namespace

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
    std::cerr << "leakscope tables: " << e.what() << "\n" << desc;
    return kExitUsage;
  }
  auto store = Store::open(store_path, true);
  auto tables = list_tables(*store);
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : tables)
      out.push_back({{"source", t.source},
                     {"database", t.database},
                     {"schema", t.schema},
                     {"table", t.table},
                     {"columns", t.columns},
                     {"rows", t.rows},
                     {"deleted_rows", t.deleted},
                     {"backup_set", t.backup_set}});
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%-40s %-16s %-32s %8s %10s %8s %4s\n", "source", "database",
              "table", "columns", "rows", "deleted", "set");
  for (const auto& t : tables)
    std::printf(
        "%-40s %-16s %-32s %8lld %10lld %8lld %4lld\n", t.source.c_str(),
        t.database.c_str(), (t.schema + "." + t.table).c_str(),
        static_cast<long long>(t.columns), static_cast<long long>(t.rows),
        static_cast<long long>(t.deleted),
        static_cast<long long>(t.backup_set));
  return kExitOk;
}

int cmd_dump_table(const std::vector<std::string>& args) {
  std::string store_path, name, out_path, source;
  int64_t backup_set = 0;
  po::options_description desc("dump-table options");
  desc.add_options()("store", po::value<std::string>(&store_path)->required(),
                     "evidence store")(
      "table", po::value<std::string>(&name)->required(), "DB.schema.table")(
      "out", po::value<std::string>(&out_path)->required(),
      "CSV file to write")("source", po::value<std::string>(&source),
                           "which source, when several hold the table")(
      "backup-set", po::value<int64_t>(&backup_set),
      "which backup set of an appended backup file (1, 2, ...)");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope dump-table: " << e.what() << "\n" << desc;
    return kExitUsage;
  }
  size_t d1 = name.find('.'),
         d2 = d1 == std::string::npos ? d1 : name.find('.', d1 + 1);
  if (d2 == std::string::npos) {
    std::cerr << "leakscope dump-table: --table must be DB.schema.table, got \""
              << name << "\"\n";
    return kExitUsage;
  }
  std::string db = name.substr(0, d1),
              schema = name.substr(d1 + 1, d2 - d1 - 1),
              table = name.substr(d2 + 1);
  auto store = Store::open(store_path, true);
  std::vector<TableRow> matches;
  for (const auto& t : list_tables(*store))
    if (t.database == db && t.schema == schema && t.table == table &&
        (source.empty() || t.source == source) &&
        (backup_set == 0 || t.backup_set == backup_set))
      matches.push_back(t);
  if (matches.empty()) {
    std::cerr << "leakscope dump-table: no table " << name << " in "
              << store_path << "\n";
    return kExitUnreadable;
  }
  if (matches.size() > 1) {
    std::cerr << "leakscope dump-table: " << name << " is in " << matches.size()
              << " places; writing the one from " << matches[0].source
              << " backup set " << matches[0].backup_set
              << " (choose with --source and --backup-set):\n";
    for (const auto& m : matches)
      std::cerr << "  " << m.source << " backup set " << m.backup_set << "\n";
  }
  const TableRow& t = matches[0];
  std::vector<std::string> columns;
  {
    Statement st(
        store->db(),
        "SELECT value FROM item_fields WHERE item_id=? AND name='column' "
        "ORDER BY rowid");
    st.bind(1, t.id);
    while (st.step()) columns.push_back(st.text(0));
  }
  std::ofstream out(out_path, std::ios::binary);
  for (size_t i = 0; i < columns.size(); ++i)
    out << (i ? "," : "") << csv_quote(columns[i]);
  out << ",_deleted,_locator\r\n";
  Statement rows(store->db(),
                 "SELECT id, locator FROM items WHERE parent_id=? AND "
                 "kind='sql_row' ORDER BY id");
  rows.bind(1, t.id);
  Statement fields(store->db(),
                   "SELECT name, value FROM item_fields WHERE item_id=?");
  int64_t n = 0;
  while (rows.step()) {
    std::map<std::string, std::string> v;
    fields.reset();
    fields.bind(1, rows.integer(0));
    while (fields.step()) v[fields.text(0)] = fields.text(1);
    for (size_t i = 0; i < columns.size(); ++i)
      out << (i ? "," : "")
          << csv_quote(v.count(columns[i]) ? v[columns[i]] : "");
    out << "," << (v.count("deleted") ? "true" : "false") << ","
        << csv_quote(rows.text(1)) << "\r\n";
    ++n;
  }
  if (!out) {
    std::cerr << "leakscope dump-table: cannot write " << out_path << "\n";
    return kExitUsage;
  }
  std::cerr << "wrote " << n << " rows of " << name << " to " << out_path
            << "\n";
  return kExitOk;
}

}  // namespace leakscope::cli
