// The store's schema (see STORE.md beside this file): the statements that
// create a version-3 store, the index definitions (in one place; ensured on
// every writable open, so a killed run never leaves a store without them),
// and the SQL of one recovered table's row table and view.
#pragma once

#include <string>
#include <vector>

#include "leakscope/sql_records.hpp"

namespace leakscope {

// Creates every table, view and trigger of an empty store.
const char* schema_v3();
// Tables added to version 3 since (CREATE TABLE IF NOT EXISTS: applied on
// every writable open, so older version-3 stores gain them): the sorted row
// hash runs (hash_runs.hpp) and the measurement cache (STORE.md).
const char* schema_additions();
// CREATE INDEX IF NOT EXISTS ..., all of them.
const char* schema_indexes();

// "..." with every '"' doubled and control characters replaced by '?'
// (recovered names are hostile: they must never end or break the SQL).
std::string quote_identifier(const std::string& name);

// The physical table that holds the rows of sql_tables.id `table_id`.
std::string row_table_name(int64_t table_id);
// A row's place and state in one integer, the row table's _place: bits
// 46..62 the database file id minus 1 (modulo 2^17: file 1, which holds
// nearly every row, costs no bytes), bits 14..45 the page id, bits 2..13 the
// slot (an 8 KiB page's slot array has at most 4,048 entries: parse_page_
// header refuses more) and bits 0..1 the state (RowState). A page id below
// 2^17 keeps the value within 4 bytes of the record.
int64_t encode_place(const SqlRowRef& ref);
SqlRowRef decode_place(int64_t place);

// CREATE TABLE for it: rowid, _place, _hash, then c0..
// typed by each column's value kind, then _v<ordinal> INTEGER (a
// finding_values id) for each value column, in `value_ordinals`' order.
std::string create_row_table_sql(int64_t table_id, const SqlTableSchema& schema,
                                 const std::vector<int>& value_ordinals = {});
// CREATE VIEW `view_name` over it: the recovered columns under their names,
// then the row's place and state under names no recovered column takes.
std::string create_row_view_sql(int64_t table_id, const std::string& view_name,
                                const SqlTableSchema& schema);
// INSERT INTO the row table of `rows` rows, each with rowid, _place, _hash,
// one parameter per column and one per value column: row r's parameters
// start at r * (3 + columns + value_columns) + 1, its first column's at
// that + kFirstColumnParam - 1.
constexpr int kFirstColumnParam = 4;
// Rows a multi-row insert binds (Store::insert_rows).
constexpr int kRowsPerInsert = 16;
std::string insert_row_sql(int64_t table_id, size_t columns,
                           size_t value_columns = 0, size_t rows = 1);

const char* value_kind_name(SqlValueKind k);  // "integer", "text", ...

}  // namespace leakscope
