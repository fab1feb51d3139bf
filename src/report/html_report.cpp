#include "report/html_report.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace leakscope {
namespace {

using nlohmann::json;

std::string num(const json& v) {
  if (v.is_number_integer()) {
    // Thousands separators: figures are read aloud in meetings.
    std::string s = std::to_string(v.get<int64_t>());
    std::string out;
    int n = static_cast<int>(s.size());
    for (int i = 0; i < n; ++i) {
      out += s[static_cast<size_t>(i)];
      int left = n - 1 - i;
      if (left > 0 && left % 3 == 0 && s[static_cast<size_t>(i)] != '-')
        out += ',';
    }
    return out;
  }
  if (v.is_null()) return "—";
  if (v.is_string()) return html_escape(v.get<std::string>());
  return html_escape(v.dump());
}

const json& at(const json& j, std::initializer_list<const char*> path) {
  static const json kNull;
  const json* cur = &j;
  for (const char* k : path) {
    if (!cur->is_object() || !cur->contains(k)) return kNull;
    cur = &(*cur)[k];
  }
  return *cur;
}

// A horizontal bar chart: one bar per (label, value), values labelled.
std::string bar_chart(
    const std::string& title,
    const std::vector<std::pair<std::string, int64_t>>& bars) {
  if (bars.empty()) return "<p class=\"none\">No data.</p>";
  int64_t max = 1;
  for (const auto& b : bars) max = std::max(max, b.second);
  const int row = 22, label_w = 260, bar_w = 380;
  int h = static_cast<int>(bars.size()) * row + 10;
  std::ostringstream o;
  o << "<svg class=\"chart\" role=\"img\" width=\"" << label_w + bar_w + 90
    << "\" height=\"" << h << "\" viewBox=\"0 0 " << label_w + bar_w + 90 << " "
    << h << "\"><title>" << html_escape(title) << "</title>";
  int y = 5;
  for (const auto& [label, v] : bars) {
    int w = static_cast<int>(static_cast<double>(v) / static_cast<double>(max) *
                             bar_w);
    if (v > 0 && w < 2) w = 2;
    std::string l = label;
    if (l.size() > 34) {
      size_t cut = 32;  // never inside a UTF-8 sequence
      while (cut > 0 && (static_cast<unsigned char>(l[cut]) & 0xC0) == 0x80)
        --cut;
      l = l.substr(0, cut) + "…";
    }
    o << "<text x=\"" << label_w - 6 << "\" y=\"" << y + 15
      << "\" text-anchor=\"end\" class=\"lbl\">" << html_escape(l) << "</text>"
      << "<rect class=\"bar\" x=\"" << label_w << "\" y=\"" << y + 3
      << "\" width=\"" << w << "\" height=\"" << row - 6
      << "\" fill=\"#1f5f8b\"><title>" << html_escape(label) << ": " << v
      << "</title></rect>"
      << "<text x=\"" << label_w + w + 6 << "\" y=\"" << y + 15
      << "\" class=\"val\">" << num(json(v)) << "</text>";
    y += row;
  }
  o << "</svg>";
  return o.str();
}

void figure_row(std::ostringstream& o, const std::string& label,
                const json& v) {
  o << "<tr><th>" << html_escape(label) << "</th>";
  if (v.is_object() && (v.contains("raw") || v.contains("unique"))) {
    o << "<td>" << num(at(v, {"raw"})) << "</td><td>" << num(at(v, {"unique"}))
      << "</td>";
  } else {
    o << "<td colspan=\"2\">" << num(v) << "</td>";
  }
  o << "</tr>\n";
}

// The organisations whose people or records the exposure holds, most
// people first; the first kShown, the rest in organizations.csv. Domains
// are not personal data: shown as they are.
void affected_organizations(std::ostringstream& o, const json& orgs) {
  constexpr size_t kShown = 50;
  o << "<h2>Affected organisations</h2>\n";
  const json& listed = at(orgs, {"listed"});
  if (!listed.is_array() || listed.empty()) {
    o << "<p class=\"none\">No organisation's addresses were found.</p>\n";
    return;
  }
  o << "<table id=\"organizations\"><thead><tr><th>Organisation</th>"
       "<th>Group</th><th>Country</th><th>People (addresses)</th>"
       "<th>Records</th><th>Business documents</th><th>Notification "
       "pack</th></tr></thead><tbody>";
  size_t shown = 0;
  for (const auto& x : listed) {
    if (shown++ == kShown) break;
    o << "<tr><td>" << num(at(x, {"organization"}));
    if (at(x, {"government"}) == true) o << " (government)";
    o << "</td><td>" << num(at(x, {"group"})) << "</td><td>"
      << num(at(x, {"country"}));
    if (at(x, {"country_name"}).is_string() &&
        !at(x, {"country_name"}).get<std::string>().empty())
      o << " " << num(at(x, {"country_name"}));
    o << "</td><td>" << num(at(x, {"people"})) << "</td><td>"
      << num(at(x, {"records"})) << "</td><td>" << num(at(x, {"documents"}))
      << "</td><td><code>" << num(at(x, {"pack"})) << "</code></td></tr>";
  }
  o << "</tbody></table>\n<p class=\"meta\">" << num(at(orgs, {"total"}))
    << " affected organisations";
  if (at(orgs, {"total"}).is_number_integer() &&
      at(orgs, {"total"}).get<int64_t>() > static_cast<int64_t>(kShown))
    o << " (the " << kShown << " with the most people shown)";
  o << "; every one in organizations.csv. <code>leakscope notify "
       "--all</code> writes each organisation's pack under the directory "
       "named here, listed in its manifest.json.</p>\n";
}

// The recovered SQL databases and tables, most rows first.
void recovered_tables(std::ostringstream& o, const json& tables) {
  constexpr size_t kShown = 100;
  if (!tables.is_array() || tables.empty()) return;
  std::vector<const json*> sorted;
  for (const auto& t : tables) sorted.push_back(&t);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const json* a, const json* b) {
                     const json &ra = at(*a, {"rows"}), &rb = at(*b, {"rows"});
                     return ra.is_number_integer() && rb.is_number_integer() &&
                            ra.get<int64_t>() > rb.get<int64_t>();
                   });
  o << "<h2>Recovered databases and tables</h2>\n<table "
       "id=\"tables\"><thead><tr><th>Source</th><th>Database</th><th>Table</"
       "th><th>Rows</th><th>Deleted rows</th><th>What the columns "
       "hold</th></tr></thead><tbody>";
  size_t shown = 0;
  for (const json* t : sorted) {
    if (shown++ == kShown) break;
    std::string classes;
    if (at(*t, {"classes"}).is_array())
      for (const auto& c : at(*t, {"classes"}))
        if (c.is_string())
          classes += (classes.empty() ? "" : ", ") + c.get<std::string>();
    o << "<tr><td>" << num(at(*t, {"source"})) << "</td><td>"
      << num(at(*t, {"database"})) << "</td><td>" << num(at(*t, {"table"}))
      << "</td><td>" << num(at(*t, {"rows"})) << "</td><td>"
      << num(at(*t, {"deleted_rows"})) << "</td><td>"
      << (classes.empty() ? "—" : html_escape(classes)) << "</td></tr>";
  }
  o << "</tbody></table>\n<p class=\"meta\">" << tables.size()
    << " tables recovered";
  if (tables.size() > kShown) o << " (the " << kShown << " largest shown)";
  o << "; every one in tables.csv.</p>\n";
}

}  // namespace

std::string html_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_report_html(const json& r, bool detailed_sources) {
  std::ostringstream o;
  o << R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>leakscope report</title>
<style>
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1a1a1a;margin:2em auto;max-width:980px;line-height:1.4}
h1{font-size:1.6em;border-bottom:3px solid #1f5f8b;padding-bottom:.2em}
h2{font-size:1.2em;color:#1f5f8b;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0 1em;width:100%}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
td{font-variant-numeric:tabular-nums}
thead th{background:#eef3f7}
.meta{color:#555;font-size:.9em}
.none{color:#777;font-style:italic}
.chart .lbl,.chart .val{font-size:12px;fill:#1a1a1a}
.method td{font-size:.9em}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table,svg{page-break-inside:avoid}}
@page{size:A4;margin:16mm}
</style></head><body>
<h1>Exposure report</h1>
)";
  o << "<p class=\"meta\">Generated " << num(at(r, {"generated"}))
    << " by leakscope " << num(at(r, {"tool_version"})) << " · schema "
    << num(at(r, {"schema"})) << "</p>\n";
  const json& owner = at(r, {"owner"});
  if (owner.is_object())
    o << "<p><strong>Exposing organisation:</strong> "
      << num(at(owner, {"domain"})) << " — " << num(at(owner, {"addresses"}))
      << " of its addresses in " << num(at(owner, {"items"}))
      << " items (reported on its own, not counted among affected "
         "organisations).</p>\n";

  o << "<h2>Summary: raw and deduplicated "
       "figures</h2>\n<table><thead><tr><th>Figure</th>"
       "<th>Raw</th><th>Unique</th></tr></thead><tbody>\n";
  const json& c = at(r, {"counts"});
  figure_row(o, "Evidence files", at(r, {"sources", "files"}));
  figure_row(o, "Evidence bytes", at(r, {"sources", "bytes"}));
  for (auto [key, label] : std::vector<std::pair<const char*, const char*>>{
           {"messages", "E-mail messages"},
           {"attachments", "Attachments"},
           {"email_addresses", "E-mail addresses"},
           {"people", "People (data subjects)"},
           {"phones", "Phone numbers"},
           {"payment_cards", "Payment cards"},
           {"ibans", "IBANs"},
           {"national_ids", "National identifiers"},
           {"secrets", "Secrets and credentials"}}) {
    if (c.contains(key)) figure_row(o, label, c[key]);
  }
  figure_row(o, "Organisations (registrable domains)",
             at(c, {"organizations", "unique"}));
  figure_row(o, "Organisation groups (same name across TLDs)",
             at(c, {"organizations", "groups"}));
  figure_row(o, "Government bodies", at(c, {"government", "organizations"}));
  figure_row(o, "Government contacts", at(c, {"government", "contacts"}));
  figure_row(o, "SQL databases (copies recovered / distinct names)",
             json{{"raw", at(c, {"sql", "database_copies"})},
                  {"unique", at(c, {"sql", "databases"})}});
  figure_row(o, "SQL tables", at(c, {"sql", "tables"}));
  figure_row(o, "SQL rows", at(c, {"sql", "rows"}));
  const json& docs = at(c, {"documents"});
  if (docs.is_object())
    for (auto& [k, v] : docs.items()) figure_row(o, "Documents: " + k, v);
  o << "</tbody></table>\n";

  const json& span = at(r, {"time_span"});
  o << "<h2>Time span</h2>\n<p>Earliest dated item: "
    << num(at(span, {"earliest"})) << "; latest: " << num(at(span, {"latest"}))
    << ".</p>\n";
  std::vector<std::pair<std::string, int64_t>> years;
  if (at(span, {"by_year"}).is_object())
    for (auto& [y, n] : at(span, {"by_year"}).items())
      if (n.is_number_integer()) years.emplace_back(y, n.get<int64_t>());
  o << bar_chart("Dated items by year", years);
  const json& age = at(span, {"age"});
  if (age.is_object())
    o << "<p>Age of the data relative to " << num(at(age, {"reference_date"}))
      << ": " << num(at(age, {"older_than_1_years"}))
      << " items older than 1 year, " << num(at(age, {"older_than_3_years"}))
      << " older than 3 years, " << num(at(age, {"older_than_5_years"}))
      << " older than 5 years (of " << num(at(age, {"dated_items"}))
      << " dated items).</p>\n";

  o << "<h2>Countries</h2>\n";
  std::vector<std::pair<std::string, int64_t>> cp;
  const json& countries = at(r, {"countries"});
  if (countries.is_array()) {
    o << "<table><thead><tr><th>Country</th><th>Organisations</th><th>People</"
         "th></tr></thead><tbody>";
    for (const auto& x : countries) {
      o << "<tr><td>" << num(at(x, {"code"}));
      if (at(x, {"name"}).is_string() &&
          !at(x, {"name"}).get<std::string>().empty())
        o << " " << num(at(x, {"name"}));
      o << "</td><td>" << num(at(x, {"organizations"})) << "</td><td>"
        << num(at(x, {"people"})) << "</td></tr>";
      if (at(x, {"people"}).is_number_integer() && cp.size() < 25)
        cp.emplace_back(at(x, {"code"}).is_string()
                            ? at(x, {"code"}).get<std::string>()
                            : "?",
                        at(x, {"people"}).get<int64_t>());
    }
    o << "</tbody></table>\n";
  }
  o << bar_chart("People by country", cp);

  affected_organizations(o, at(r, {"organizations"}));
  recovered_tables(o, at(r, {"sql_tables"}));

  o << "<h2>Categories of data (GDPR Art. 33(3))</h2>\n";
  std::vector<std::pair<std::string, int64_t>> cats;
  const json& categories = at(r, {"categories"});
  if (categories.is_array() && !categories.empty()) {
    o << "<table><thead><tr><th>Category</th><th>Kind</th><th>Records</"
         "th><th>Distinct "
         "values</th></tr></thead><tbody>";
    for (const auto& x : categories) {
      o << "<tr><td>" << num(at(x, {"category"})) << "</td><td>"
        << num(at(x, {"kind"})) << "</td><td>" << num(at(x, {"records"}))
        << "</td><td>" << num(at(x, {"distinct_values"})) << "</td></tr>";
      if (at(x, {"records"}).is_number_integer() &&
          at(x, {"category"}).is_string())
        cats.emplace_back(at(x, {"category"}).get<std::string>(),
                          at(x, {"records"}).get<int64_t>());
    }
    o << "</tbody></table>\n";
  }
  o << bar_chart("Records by category", cats);

  const json& gov = at(r, {"government"});
  if (gov.is_array() && !gov.empty()) {
    o << "<h2>Government "
         "bodies</h2>\n<table><thead><tr><th>Organisation</th><th>Country</th>"
         "</tr></thead><tbody>";
    for (const auto& g : gov)
      o << "<tr><td>" << num(at(g, {"organization"})) << "</td><td>"
        << num(at(g, {"country"})) << "</td></tr>";
    o << "</tbody></table>\n";
  }

  const json& by_source = at(r, {"by_source"});
  if (by_source.is_array() && !by_source.empty()) {
    o << "<h2>Provenance: figures per evidence "
         "source</h2>\n<table><thead><tr><th>Source</th>"
         "<th>Files</th><th>Messages (raw / unique)</th><th>People (raw / "
         "unique)</th><th>SQL "
         "rows (raw / unique)</th></tr></thead><tbody>";
    for (const auto& s : by_source) {
      const json& sc = at(s, {"counts"});
      o << "<tr><td>" << num(at(s, {"source"})) << "</td><td>"
        << num(at(s, {"files"})) << "</td><td>"
        << num(at(sc, {"messages", "raw"})) << " / "
        << num(at(sc, {"messages", "unique"})) << "</td><td>"
        << num(at(sc, {"people", "raw"})) << " / "
        << num(at(sc, {"people", "unique"})) << "</td><td>"
        << num(at(sc, {"sql", "rows", "raw"})) << " / "
        << num(at(sc, {"sql", "rows", "unique"})) << "</td></tr>";
    }
    o << "</tbody></table>\n";
    if (detailed_sources)
      for (const auto& s : by_source) {
        const json& sc = at(s, {"counts"});
        o << "<h3>Source " << num(at(s, {"source"}))
          << "</h3>\n<table><thead><tr><th>Figure"
             "</th><th>Raw</th><th>Unique</th></tr></thead><tbody>";
        if (sc.is_object())
          for (auto& [k, v] : sc.items()) {
            if (k == "documents" || k == "sql") continue;
            figure_row(o, k, v);
          }
        figure_row(o, "sql rows", at(sc, {"sql", "rows"}));
        const json& d = at(sc, {"documents"});
        if (d.is_object())
          for (auto& [k, v] : d.items()) figure_row(o, "documents: " + k, v);
        o << "</tbody></table>\n";
      }
  }

  const json& unreadable = at(r, {"unreadable"});
  if (unreadable.is_array() && !unreadable.empty()) {
    o << "<h2>Unreadable "
         "evidence</h2>\n<table><thead><tr><th>Path</th><th>Error</th></tr>"
         "</thead><tbody>";
    for (const auto& u : unreadable)
      o << "<tr><td>" << num(at(u, {"path"})) << "</td><td>"
        << num(at(u, {"error"})) << "</td></tr>";
    o << "</tbody></table>\n";
  }

  o << "<h2>Method</h2>\n<table class=\"method\"><tbody>";
  const json& method = at(r, {"method"});
  if (method.is_object())
    for (auto& [k, v] : method.items())
      o << "<tr><th>" << html_escape(k) << "</th><td>" << num(v)
        << "</td></tr>";
  o << "</tbody></table>\n<p class=\"meta\">Personal data in this report and "
       "its CSV files is "
       "masked unless the report was made with --unmask.</p>\n</body></html>\n";
  return o.str();
}

}  // namespace leakscope
