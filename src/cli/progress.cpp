#include "cli/progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "util/json_text.hpp"
#include "util/text.hpp"

namespace leakscope::cli {

ProgressMode choose_progress_mode(bool json) {
  if (json) return ProgressMode::kJson;
  return isatty(STDERR_FILENO) ? ProgressMode::kTty : ProgressMode::kNone;
}

std::string human_bytes(double b) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) {
    b /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u ? "%.1f %s" : "%.0f %s", b, units[u]);
  return buf;
}

void show_progress(ProgressMode mode, const IngestProgress& p, bool final) {
  double rate = p.seconds > 0 ? p.bytes_done / p.seconds : 0;
  double eta = rate > 0 ? (p.bytes_total - p.bytes_done) / rate : 0;
  if (mode == ProgressMode::kJson) {
    static double last = -1;
    if (!final && p.seconds - last < 1.0) return;
    last = p.seconds;
    nlohmann::json j = {{"event", "progress"},
                        {"files_done", p.files_done},
                        {"files_total", p.files_total},
                        {"bytes_done", p.bytes_done},
                        {"bytes_total", p.bytes_total},
                        {"bytes_per_second", static_cast<uint64_t>(rate)},
                        {"eta_seconds", static_cast<uint64_t>(eta)}};
    std::printf("%s\n", dump_json(j).c_str());
    std::fflush(stdout);
    return;
  }
  if (mode != ProgressMode::kTty) return;
  double frac =
      p.bytes_total ? static_cast<double>(p.bytes_done) / p.bytes_total : 1.0;
  int width = 30, filled = static_cast<int>(frac * width);
  std::string bar(static_cast<size_t>(filled), '=');
  bar.resize(static_cast<size_t>(width), ' ');
  int e = static_cast<int>(eta);
  std::fprintf(
      stderr,
      "\r[%s] %3.0f%%  %s / %s  %llu/%llu files  %s/s  ETA %d:%02d:%02d ",
      bar.c_str(), frac * 100, human_bytes(p.bytes_done).c_str(),
      human_bytes(p.bytes_total).c_str(),
      static_cast<unsigned long long>(p.files_done),
      static_cast<unsigned long long>(p.files_total), human_bytes(rate).c_str(),
      e / 3600, e / 60 % 60, e % 60);
  if (final) std::fputc('\n', stderr);
  std::fflush(stderr);
}

namespace {
double now_seconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

StepProgress::StepProgress(ProgressMode mode, std::string command)
    : mode_(mode), command_(std::move(command)), started_(now_seconds()) {
  // Test hook: LEAKSCOPE_TEST_PROGRESS_AFTER_MS=N shows the bar after N ms
  // instead of a second (a test's store is measured in milliseconds).
  if (const char* ms = std::getenv("LEAKSCOPE_TEST_PROGRESS_AFTER_MS"))
    show_after_ = std::strtod(ms, nullptr) / 1000;
}

void StepProgress::step(const std::string& phase, int done, int total) {
  if (mode_ == ProgressMode::kJson) {
    nlohmann::json j = {{"event", "progress"},
                        {"command", command_},
                        {"phase", phase},
                        {"done", done},
                        {"total", total}};
    std::printf("%s\n", dump_json(j).c_str());
    std::fflush(stdout);
    return;
  }
  if (mode_ != ProgressMode::kTty || now_seconds() - started_ < show_after_)
    return;
  const int width = 30, fill = total > 0 ? done * width / total : width;
  std::string shown = printable(phase);
  if (shown.size() > 40) {
    size_t cut = 40;  // never inside a UTF-8 sequence
    while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80)
      --cut;
    shown.resize(cut);
  }
  std::fprintf(stderr, "\r%s [%s%s] %d/%d %s\x1b[K", command_.c_str(),
               std::string(static_cast<size_t>(fill), '#').c_str(),
               std::string(static_cast<size_t>(width - fill), ' ').c_str(),
               done, total, shown.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void StepProgress::finish() {
  if (drawn_) std::fprintf(stderr, "\r\x1b[K");
  drawn_ = false;
}

}  // namespace leakscope::cli
