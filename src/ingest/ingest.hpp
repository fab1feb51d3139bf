// `leakscope ingest`: walk the paths, parse every new or changed source with
// N worker threads, write through one StoreWriter, keep custody.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace leakscope {

struct IngestOptions {
  std::vector<std::string> paths;
  std::string store_path;
  int jobs = 0;          // 0: one per core
  bool classify = true;  // run the classifier (findings)
  // --shard K/N: only the sources whose path hashes to K-1 modulo N
  // (FNV-1a of the canonical absolute path: deterministic across runs and
  // hosts that mount the evidence at the same place).
  int shard_k = 0, shard_n = 0;
  // Follow symbolic links whose targets stay inside the given paths (else
  // links are recorded as links, not followed).
  bool follow_symlinks = false;
  // --phone-regions: regions tried, in order, for a national phone number
  // written with no country hint (empty: the classifier's default list).
  std::vector<std::string> phone_regions;
  bool documents = true;  // open PDF/Office/zip content (loose and attached)
  std::string command_line;
};

struct IngestProgress {
  uint64_t files_total = 0, files_done = 0;
  uint64_t bytes_total = 0, bytes_done = 0;
  double seconds = 0;
};

struct IngestSummary {
  uint64_t files = 0;  // sources found by the walk
  uint64_t bytes = 0;
  uint64_t ingested = 0;  // parsed this run
  uint64_t skipped = 0;   // already in the store with the same hash
  uint64_t damaged = 0;   // parsed, with damage reported
  uint64_t failed = 0;    // unreadable
  uint64_t items = 0;     // items written this run
  double seconds = 0;
  std::vector<std::string> failed_paths;   // "<path>: <error>"
  std::vector<std::string> damaged_paths;  // "<path>: <n> damage reports"
  // "<display>: <why>" for entries not read (links, FIFOs, devices).
  std::vector<std::string> not_read_paths;
  std::vector<std::string> excluded_paths;  // the store's own files met
  std::vector<std::string> notices;         // said once per run
};

IngestSummary run_ingest(
    const IngestOptions& options,
    const std::function<void(const IngestProgress&)>& progress);

}  // namespace leakscope
