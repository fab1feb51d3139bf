// The classifier: recognizers run over every item's text and fields and say
// what they found (findings). It sees Items only: it never includes a parser
// or the store. The ingest pipeline runs one Classifier per source, on the
// producing thread, and the store writes each item's findings in the same
// transaction as the item (so a killed run leaves no orphan findings).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "leakscope/item.hpp"
#include "leakscope/sql_records.hpp"

namespace leakscope {

// One thing found. Column meanings are those of the store's `findings` table.
struct Finding {
  // "email", "phone", "payment_card", "iban", "national_id.us.ssn", ...,
  // "sql_column.<information_type>", "document.<type>".
  std::string type;
  // Normalised: e-mail case-folded with an IDNA (ASCII) domain, phone E.164,
  // card and IBAN without separators, document.* the item's SHA-256.
  std::string value;
  std::string field;  // the item field it was found in; empty: the text
  // UTF-8 byte offsets into that field value or text, end exclusive; -1 when
  // the finding is about the whole item.
  int64_t start = -1;
  int64_t end = -1;
  double confidence = 1.0;  // 0..1
  std::string detector;     // the recognizer's name
  std::string evidence;     // what scored, or the surrounding context
  std::string country;      // ISO 3166-1 alpha-2 when the value implies one
  // Local id (as returned by ItemSink::emit) of the item the finding belongs
  // to when it is not the item being classified (a column's information type
  // is confirmed while its rows go by, and recorded on the table item).
  int64_t target = kNoParent;
  // A finding in a SQL cell: the row (its rowid in the table's row table,
  // 1-based in the order the rows were handed over) and the column ordinal;
  // `target` is then the table item. 0 / -1 otherwise.
  int64_t sql_row = 0;
  int sql_column = -1;
  // A column finding (sql_row 0, sql_column set): every non-empty cell of
  // the column is a value of `type`, the cell's text itself (names,
  // addresses). The store records it on the column instead of one finding
  // per cell (see STORE.md, sql_columns.cell_type).
  bool whole_column = false;
  // The one normalised value of a cell of a value column (below): the
  // store keeps its value id in the row itself (sql_rows_<id>._v<ordinal>),
  // not as a finding row.
  bool cell_value = false;
};

// A column each of whose cells yields at most one normalised value of one
// type (an e-mail column: the address case-folded; a phone column: E.164):
// the store gives the column a value-id column in the row table.
struct ValueColumn {
  int ordinal = 0;
  std::string type;       // "email", "phone", "date_of_birth"
  double confidence = 1;  // of every such value
  std::string detector;   // "sql_column"
  std::string evidence;   // "column Email (contact_info)"
};

// Classifies the items of one source, in emit order. Keeps per-source state
// (a table's column types for its rows, a message's country hint for its
// attachments); bounded: one entry per table or message, none per row.
struct ClassifierOptions {
  // Regions (ISO 3166 alpha-2) a national phone number written with no
  // country hint may be taken for, in order; empty: the default list
  // (US, CA, GB, DE, FR, AU, IN). `ingest --phone-regions`.
  std::vector<std::string> phone_regions;
  // The exposure's own countries, most seen first: tried for such a number
  // before `phone_regions` (ingest fills it from the store: the regions of
  // the phone numbers it already holds that no run merely assumed).
  std::vector<std::string> exposure_regions;
};

class Classifier {
 public:
  static std::unique_ptr<Classifier> create(
      const ClassifierOptions& options = {});
  virtual ~Classifier() = default;
  // `local_id` is the id emit() is about to return for `item`.
  virtual std::vector<Finding> classify(const Item& item, int64_t local_id) = 0;
  // A SQL table (the sql_table item `table_item`) whose rows follow: the
  // information class of each column is decided here, once.
  // Returns the table's value columns (findings for their cells come
  // with cell_value set).
  virtual std::vector<ValueColumn> begin_table(
      int64_t table_item, const SqlTableSchema& schema) = 0;
  // The findings of one row of the current table, appended to `out` with
  // target = table_item, sql_row = `rowid`, sql_column = the ordinal. Only
  // columns whose class or type can hold what a recognizer looks for are
  // scanned (no regex over integers, dates, GUIDs or bytes unless the
  // column's class says so).
  virtual void classify_row(int64_t table_item, int64_t rowid,
                            std::span<const SqlValue> values,
                            std::vector<Finding>& out) = 0;
  // Findings still pending at the end of the source (column types of a
  // table with fewer rows than the sample size).
  virtual std::vector<Finding> finish() = 0;
};

}  // namespace leakscope
