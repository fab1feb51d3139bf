// report.html in a real browser: headless Chromium (Debian's `chromium`)
// renders it without console errors, prints it to PDF, and its screenshot
// shows the charts (pixels of the bar colour #1f5f8b). Skipped when chromium
// is not installed.
#include <doctest/doctest.h>
#include <png.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/html_report.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

struct Png {
  int width = 0, height = 0;
  int64_t bar_pixels = 0;  // pixels within 12 of (31, 95, 139)
};

bool read_png(const std::string& path, Png* out) {
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&img, path.c_str())) return false;
  img.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> px(PNG_IMAGE_SIZE(img));
  if (!png_image_finish_read(&img, nullptr, px.data(), 0, nullptr))
    return false;
  out->width = static_cast<int>(img.width);
  out->height = static_cast<int>(img.height);
  for (size_t i = 0; i + 2 < px.size(); i += 3)
    if (std::abs(px[i] - 31) <= 12 && std::abs(px[i + 1] - 95) <= 12 &&
        std::abs(px[i + 2] - 139) <= 12)
      ++out->bar_pixels;
  return true;
}

}  // namespace

TEST_CASE("report: report.html renders in headless Chromium with its charts") {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    MESSAGE(
        "chromium is not installed (scripts/setup installs it): test skipped");
    return;
  }
  nlohmann::json r = nlohmann::json::parse(R"({
    "schema": "leakscope.report/1", "generated": "2026-11-22T10:00:00Z", "tool_version": "t",
    "sources": {"files": 3, "bytes": 4096},
    "counts": {"messages": {"raw": 335000, "unique": 201000},
               "people": {"raw": 548000, "unique": 123456},
               "organizations": {"unique": 65000, "groups": 51000}},
    "time_span": {"earliest": "2014-01-02T00:00:00Z", "latest": "2022-12-30T00:00:00Z",
                  "by_year": {"2014": 10, "2015": 40, "2016": 90, "2017": 60}},
    "countries": [{"code": "DE", "name": "Germany", "organizations": 10, "people": 300},
                  {"code": "FR", "name": "France", "organizations": 4, "people": 120}],
    "organizations": {"total": 2, "listed": [
      {"organization": "contoso.de", "group": "contoso", "country": "DE",
       "country_name": "Germany", "government": false, "people": 250,
       "records": 4000, "documents": 12, "pack": "contoso.de/"},
      {"organization": "zoll.bund.de", "group": "zoll", "country": "DE",
       "country_name": "Germany", "government": true, "people": 3,
       "records": 9, "documents": 0, "pack": "zoll.bund.de/"}]},
    "sql_tables": [{"source": "/ev/crm.bak", "database": "CRM",
                    "table": "dbo.<Contacts>", "rows": 5000, "deleted_rows": 12,
                    "classes": ["email", "person_name"]}],
    "categories": [{"category": "names", "kind": "personal", "records": 500,
                    "distinct_values": 300}],
    "method": {"messages.unique": "Distinct Message-ID <b>values</b>"}
  })");
  fs::path dir = fs::temp_directory_path() /
                 ("leakscope-html-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path html = dir / "report.html";
  std::ofstream(html) << leakscope::render_report_html(r);
  std::string base =
      "timeout 120 chromium --headless --disable-gpu --no-sandbox "
      "--no-first-run --user-data-dir=" +
      (dir / "profile").string() + " --enable-logging=stderr --v=0 ";
  std::string shot = (dir / "shot.png").string(),
              pdf = (dir / "report.pdf").string();
  int rc1 = std::system((base + "--window-size=1280,2000 --screenshot=" + shot +
                         " file://" + html.string() + " 2>" +
                         (dir / "shot.err").string() + " >/dev/null")
                            .c_str());
  int rc2 =
      std::system((base + "--print-to-pdf=" + pdf + " file://" + html.string() +
                   " 2>" + (dir / "pdf.err").string() + " >/dev/null")
                      .c_str());
  const std::string dom_path = (dir / "dom.html").string();
  int rc3 = std::system((base + "--dump-dom file://" + html.string() + " 2>" +
                         (dir / "dom.err").string() + " >" + dom_path)
                            .c_str());
  CHECK(rc1 == 0);
  CHECK(rc2 == 0);
  CHECK(rc3 == 0);
  // The tables a lawyer reads, as the browser built them: the affected
  // organisations with country names, the recovered tables (a hostile table
  // name escaped, not markup).
  const std::string dom = leakscope::test::read_file(dom_path);
  CHECK(dom.find("<table id=\"organizations\">") != std::string::npos);
  CHECK(dom.find("<td>contoso.de</td><td>contoso</td><td>DE "
                 "Germany</td><td>250</td><td>4,000</td><td>12</td>"
                 "<td><code>contoso.de/</code></td>") != std::string::npos);
  CHECK(dom.find("<td>zoll.bund.de (government)</td>") != std::string::npos);
  CHECK(dom.find("<table id=\"tables\">") != std::string::npos);
  CHECK(dom.find("<td>dbo.&lt;Contacts&gt;</td><td>5,000</td><td>12</td>"
                 "<td>email, person_name</td>") != std::string::npos);
  CHECK(dom.find("<td>DE Germany</td>") != std::string::npos);
  std::string errs = leakscope::test::read_file(dir / "shot.err") +
                     leakscope::test::read_file(dir / "pdf.err");
  CHECK(errs.find("Uncaught") == std::string::npos);
  CHECK(errs.find(":CONSOLE(") == std::string::npos);
  Png png;
  REQUIRE(read_png(shot, &png));
  CHECK(png.width == 1280);
  CHECK(png.height == 2000);
  // Seven bars (4 years, 2 countries, 1 category), each at least 2x16 px and
  // the longest 380 px wide: thousands of pixels of the bar colour.
  CHECK(png.bar_pixels > 5000);
  std::string pdf_bytes = leakscope::test::read_file(pdf);
  CHECK(pdf_bytes.rfind("%PDF-", 0) == 0);
  CHECK(pdf_bytes.size() > 10000);
  fs::remove_all(dir);
}
