// Reads one evidence file once, front to back: identifies it by content,
// parses it into items and hashes it in the same pass.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"
#include "leakscope/sql_records.hpp"
#include "util/file_reader.hpp"

namespace leakscope {

struct ParseOutcome {
  std::string kind;    // identified kind ("message", "mbox", "zstd:message"...)
  std::string sha256;  // of the file's raw bytes
  uint64_t bytes = 0;  // raw bytes read
};

struct SourceLimits {
  uint64_t max_message_bytes = 256ull << 20;  // one .eml / one mbox member
  uint64_t max_document_bytes = 1ull << 30;   // one loose PDF, Office or zip
  bool documents = true;  // open PDF/Office/zip content (else: file items)
  // Called with the first bytes; returning true stops before anything is
  // parsed or emitted and the outcome's kind is "deferred" (striped backups
  // wait for the rest of their set).
  std::function<bool(std::string_view head)> defer;
};

// `display` is the locator prefix ("samples/mail/0042.eml"). `on_progress`
// (may be empty) receives raw bytes read so far. Throws std::runtime_error
// only when the file cannot be read at all; damage inside is reported.
ParseOutcome parse_source(const std::string& path, const std::string& display,
                          RecordSink& sink, Reporter& reporter,
                          const std::function<void(uint64_t)>& on_progress,
                          SourceLimits limits = {});

}  // namespace leakscope
