// Progress display: a bar on a TTY (stderr), JSON lines with --json, nothing
// otherwise.
#pragma once

#include "ingest/ingest.hpp"

namespace leakscope::cli {

enum class ProgressMode { kNone, kTty, kJson };
ProgressMode choose_progress_mode(bool json);
void show_progress(ProgressMode mode, const IngestProgress& p, bool final);
std::string human_bytes(double bytes);

}  // namespace leakscope::cli
