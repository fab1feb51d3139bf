// libFuzzer target: every recognizer of the classifier over arbitrary text,
// as an item's text and as a SQL row of a classified table.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "leakscope/classify.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto c = leakscope::Classifier::create();
  leakscope::Item m;
  m.kind = "message";
  m.add("from.address", text.substr(0, 64));
  m.add("from.name", text.substr(0, 32));
  m.text = text;
  c->classify(m, 0);
  leakscope::SqlTableSchema t;
  t.name = "Contacts";
  std::vector<leakscope::SqlValue> row;
  for (const char* col :
       {"Email", "Phone", "Country", "Name", "CreditCard", "SSN", "Notes"}) {
    leakscope::SqlColumn c;
    c.name = col;
    c.sql_type = "nvarchar(100)";
    t.columns.push_back(c);
    leakscope::SqlValue v;
    v.kind = leakscope::SqlValueKind::kText;
    v.text = text;
    row.push_back(v);
  }
  // The same bytes as a number where a column is typed bigint.
  leakscope::SqlColumn phone;
  phone.name = "MobilePhone";
  phone.sql_type = "bigint";
  phone.kind = leakscope::SqlValueKind::kInteger;
  t.columns.push_back(phone);
  leakscope::SqlValue n;
  n.kind = leakscope::SqlValueKind::kInteger;
  for (size_t i = 0; i < 8 && i < size; ++i)
    n.integer = n.integer << 8 | data[i];
  row.push_back(n);
  c->begin_table(1, t);
  std::vector<leakscope::Finding> out;
  c->classify_row(1, 1, row, out);
  c->finish();
  return 0;
}
