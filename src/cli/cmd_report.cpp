#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <set>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "leakscope/measure.hpp"
#include "report/csv_report.hpp"
#include "report/csv_writer.hpp"
#include "report/html_report.hpp"
#include "report/report_json.hpp"
#include "util/json_text.hpp"

namespace po = boost::program_options;

namespace leakscope::cli {

namespace {
// YYYY-MM-DD naming a day that exists (proleptic Gregorian, years 1..9999).
bool is_calendar_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  const int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)),
            day = std::stoi(d.substr(8, 2));
  if (y < 1 || m < 1 || m > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return day <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}
}  // namespace

int cmd_report(const std::vector<std::string>& args) {
  std::string store_path, out_dir, formats, owner, reference_date;
  bool unmask = false, by_source = false, json = false;
  po::options_description desc("report options");
  desc.add_options()("store", po::value<std::string>(&store_path)->required(),
                     "evidence store")(
      "out", po::value<std::string>(&out_dir)->required(), "output directory")(
      "format",
      po::value<std::string>(&formats)->default_value("html,json,csv"),
      "comma-separated formats: html, json, csv")(
      "owner", po::value<std::string>(&owner),
      "registrable domain of the exposing organisation, reported on its own")(
      "reference-date", po::value<std::string>(&reference_date),
      "YYYY-MM-DD the age of the data is measured from (default: today)")(
      "unmask", po::bool_switch(&unmask),
      "do not mask personal data in CSV/HTML")(
      "by-source", po::bool_switch(&by_source),
      "HTML: a full figures table per evidence source")(
      "json", po::bool_switch(&json),
      "progress and the files written as JSON lines on stdout");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscope report: " << printable(e.what()) << "\n" << desc;
    return kExitUsage;
  }
  std::set<std::string> wanted;
  {
    std::stringstream ss(formats);
    std::string one;
    while (std::getline(ss, one, ',')) {
      if (one != "json" && one != "html" && one != "csv") {
        std::cerr << "leakscope report: unknown format \"" << one
                  << "\" (available: html, json, csv)\n";
        return kExitUsage;
      }
      wanted.insert(one);
    }
  }
  if (!reference_date.empty() && !is_calendar_date(reference_date)) {
    std::cerr << "leakscope report: --reference-date wants a calendar date "
                 "as YYYY-MM-DD, got \""
              << printable(reference_date) << "\"\n";
    return kExitUsage;
  }
  if (!std::filesystem::exists(store_path)) {
    std::cerr << "leakscope report: " << store_path << ": no such store\n";
    return kExitUsage;
  }
  for (char& c : owner)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  try {
    auto store = Store::open(store_path, /*read_only=*/true);
    auto report = build_report(*store);
    MeasureOptions mo;
    mo.owner = owner;
    mo.reference_date = reference_date;
    StepProgress progress(choose_progress_mode(json), "report");
    // Steps: the measurement's phases, then each format.
    const int formats_total = static_cast<int>(wanted.size());
    int measure_total = 0;
    mo.progress = [&](const std::string& phase, int done, int total) {
      measure_total = total;
      progress.step("measuring: " + phase, done, total + formats_total);
    };
    // The CSV files need no figure of the measurement: written meanwhile,
    // through a connection of their own (the measurement's passes leave a
    // core idle part of the time).
    std::filesystem::create_directories(out_dir);
    std::future<std::vector<std::string>> csv_files;
    if (wanted.count("csv"))
      csv_files = std::async(
          std::launch::async,
          [&out_dir, unmask](std::shared_ptr<Store> own) {
            return write_csv_reports(*own, out_dir, unmask);
          },
          std::shared_ptr<Store>(store->open_reader()));
    // The CSV files alone need no measurement.
    if (wanted.count("json") || wanted.count("html"))
      add_measurements(*store, report, mo);
    int done = measure_total;
    report["masked"] = !unmask;
    std::vector<std::string> written;
    if (wanted.count("json")) {
      progress.step("report.json", done++, measure_total + formats_total);
      std::string path = out_dir + "/report.json";
      // Bytes from evidence that are not UTF-8 become U+FFFD here, never an
      // exception that leaves no report.
      write_file_atomically(path, dump_json(report, 2) + "\n");
      written.push_back(path);
    }
    if (wanted.count("csv")) {
      progress.step("CSV files", done++, measure_total + formats_total);
      for (const auto& p : csv_files.get()) written.push_back(p);
    }
    if (wanted.count("html")) {
      progress.step("report.html", done++, measure_total + formats_total);
      std::string path = out_dir + "/report.html";
      write_file_atomically(path, render_report_html(report, by_source));
      written.push_back(path);
    }
    progress.finish();
    if (json) {
      std::printf(
          "%s\n",
          dump_json({{"event", "written"}, {"files", written}}).c_str());
    } else {
      for (const auto& p : written) std::cerr << "wrote " << p << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "leakscope report: " << printable(e.what()) << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace leakscope::cli
