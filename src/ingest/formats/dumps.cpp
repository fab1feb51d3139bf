// Data dumps into the typed-table path: a delimited text export (CSV, TSV)
// becomes a database with one table whose rows go to the record sink, so
// that `tables`, `dump-table`, classification and measurement treat it as a
// recovered SQL table (parsers/dump, FORMAT.md there).
#include <set>

#include "csv_reader.hpp"
#include "ingest/formats/formats.hpp"
#include "leakscope/item_kinds.hpp"
#include "util/text.hpp"

namespace leakscope::formats {

namespace {

bool recognise_csv(std::string_view b) {
  return dump::sniff_csv(b).has_value();
}

// Column names: the header's, made unique and non-empty; else c1..cN.
std::vector<std::string> column_names(const dump::CsvDialect& d) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t k = 0; k < d.fields; ++k) {
    std::string n = d.header && k < d.names.size()
                        ? collapse_whitespace(d.names[k])
                        : std::string();
    if (n.empty()) n = "c" + std::to_string(k + 1);
    std::string unique = n;
    for (int i = 2; seen.count(unique); ++i)
      unique = n + "_" + std::to_string(i);
    seen.insert(unique);
    out.push_back(unique);
  }
  return out;
}

void parse_csv(const FormatInput& in, FormatContext& ctx) {
  if (!ctx.records) return;  // rows need a record sink
  // A text/* MIME part's text is already read with its attachment item.
  if (!in.source && istarts_with(in.declared_type, "text/")) return;
  // The head for the dialect: the first 64 KiB (pulled pieces kept).
  std::vector<std::string> pending;
  std::string head;
  if (in.pull) {
    while (head.size() < 65536) {
      std::string_view piece = in.pull();
      if (piece.empty()) break;
      pending.emplace_back(piece);
      head.append(
          piece.substr(0, 65536 - std::min<size_t>(head.size(), 65536)));
    }
  } else {
    head = std::string(in.bytes.substr(0, 65536));
  }
  const std::string file = base_name(in.source ? in.locator : in.name);
  const std::string shown = file.empty() ? "data.csv" : file;
  std::optional<dump::CsvDialect> dialect = dump::sniff_csv(head, shown);
  if (!dialect) return;
  const std::vector<std::string> names = column_names(*dialect);

  Item db;
  db.parent = in.source ? kNoParent : in.parent;
  db.kind = kinds::kSqlDatabase;
  db.locator = in.locator + "#db=" + shown;
  db.title = shown;
  db.add("database", shown);
  db.add("format", "csv");
  db.add("encoding", dump::encoding_name(dialect->encoding));
  db.add("delimiter", dialect->delimiter == '\t'
                          ? "tab"
                          : std::string(1, dialect->delimiter));
  db.add("header", dialect->header ? "true" : "false");
  db.add("tables", "1");
  const std::string db_locator = db.locator;
  const int64_t db_id = ctx.sink.emit(std::move(db));

  std::string table = shown;
  if (const size_t dot = table.rfind('.'); dot != std::string::npos && dot > 0)
    table.resize(dot);
  Item ti;
  ti.parent = db_id;
  ti.kind = kinds::kSqlTable;
  ti.locator = db_locator + "/table=csv." + table;
  ti.title = "csv." + table;
  ti.add(fields::kDatabase, shown);
  ti.add(fields::kSchema, "csv");
  ti.add(fields::kTable, table);
  ti.add("column_layout", dialect->header ? "header" : "numbered");
  SqlTableSchema schema;
  schema.database = shown;
  schema.schema = "csv";
  schema.name = table;
  for (const auto& n : names) {
    SqlColumn c;
    c.name = n;
    c.sql_type = "text";
    c.kind = SqlValueKind::kText;
    schema.columns.push_back(std::move(c));
  }
  const std::string table_locator = ti.locator;
  const int64_t table_id = ctx.sink.emit(std::move(ti));
  ctx.records->begin_table(table_id, schema);

  const size_t ncols = names.size();
  std::vector<SqlValue> values(ncols);
  std::string joined;
  uint64_t ragged = 0, first_ragged = 0;
  dump::CsvReader reader(
      *dialect, [&](uint64_t n, const std::vector<std::string>& f) {
        if (n == 1 && dialect->header) return;
        if (f.size() != ncols && ragged++ == 0) first_ragged = n;
        for (size_t k = 0; k < ncols; ++k) {
          SqlValue& v = values[k];
          v = SqlValue{};
          if (k >= f.size() || f[k].empty()) continue;  // NULL
          v.kind = SqlValueKind::kText;
          v.text = f[k];
        }
        if (f.size() > ncols && ncols > 0) {
          // Extra fields stay with the last column, joined by the
          // delimiter: nothing of the record is dropped.
          joined = f[ncols - 1];
          for (size_t k = ncols; k < f.size(); ++k)
            joined += dialect->delimiter + f[k];
          values[ncols - 1].kind = SqlValueKind::kText;
          values[ncols - 1].text = joined;
        }
        SqlRowRef ref;
        // A text dump has no pages: the record number stands in for the
        // page id (FORMAT.md), slot 0.
        ref.page = static_cast<uint32_t>(std::min<uint64_t>(n, UINT32_MAX));
        ctx.records->row(table_id, ref, values);
      });
  for (const auto& p : pending) {
    reader.feed(p);
    if (ctx.progress) ctx.progress();
  }
  if (in.pull) {
    for (;;) {
      std::string_view piece = in.pull();
      if (piece.empty()) break;
      reader.feed(piece);
    }
  } else {
    reader.feed(in.bytes);
  }
  reader.finish();
  for (const auto& p : reader.problems())
    ctx.reporter.corruption(table_locator, kNoOffset, "csv: " + p);
  if (ragged)
    ctx.reporter.note(table_locator,
                      "csv: " + std::to_string(ragged) +
                          " records do not have " + std::to_string(ncols) +
                          " fields (the first: record " +
                          std::to_string(first_ragged) +
                          "); missing fields are NULL, extra ones are kept in "
                          "the last column");
}

}  // namespace

const FormatDescriptor kCsv = {
    "csv",
    "delimited text export (CSV, TSV; comma, semicolon, tab or bar; UTF-8, "
    "UTF-16 or Windows-1252): a table of typed rows",
    recognise_csv,
    false,
    true,
    parse_csv,
    "fuzz_csv"};

}  // namespace leakscope::formats
