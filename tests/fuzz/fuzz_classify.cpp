// libFuzzer target: every recognizer of the classifier over arbitrary text,
// as an item's text and as a SQL row of a classified table.
#include <cstddef>
#include <cstdint>
#include <string>

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
  leakscope::Item t;
  t.kind = "sql_table";
  t.add("table", "Contacts");
  for (const char* col :
       {"Email", "Phone", "Country", "Name", "CreditCard", "SSN"}) {
    t.add("column", col);
    t.add("column_type", "nvarchar(100) NULL");
  }
  c->classify(t, 1);
  leakscope::Item r;
  r.kind = "sql_row";
  r.parent = 1;
  for (const char* col :
       {"Email", "Phone", "Country", "Name", "CreditCard", "SSN"})
    r.add(col, text);
  c->classify(r, 2);
  c->finish();
  return 0;
}
