// report.html: one self-contained file (no network: inline CSS and SVG
// only) rendered from the report.json object, readable by a lawyer and
// printable to A4 PDF. Every string from the evidence is HTML-escaped.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace leakscope {

std::string render_report_html(const nlohmann::json& report);
std::string html_escape(const std::string& s);

}  // namespace leakscope
