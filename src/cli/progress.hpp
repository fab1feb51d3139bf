// Progress display: a bar on a TTY (stderr), JSON lines with --json, nothing
// otherwise.
#pragma once

#include <string>

#include "ingest/ingest.hpp"

namespace leakscope::cli {

enum class ProgressMode { kNone, kTty, kJson };
ProgressMode choose_progress_mode(bool json);
void show_progress(ProgressMode mode, const IngestProgress& p, bool final);
std::string human_bytes(double bytes);

// Progress of a command made of steps (report, notify): on a TTY a bar on
// stderr, shown once the command has run for a second (cleared by
// finish_steps); with --json one line per step on stdout:
// {"event":"progress","command":...,"phase":...,"done":N,"total":M}.
class StepProgress {
 public:
  StepProgress(ProgressMode mode, std::string command);
  void step(const std::string& phase, int done, int total);
  void finish();  // clears the bar

 private:
  ProgressMode mode_;
  std::string command_;
  double started_;
  double show_after_ = 1.0;  // seconds
  bool drawn_ = false;
};

}  // namespace leakscope::cli
