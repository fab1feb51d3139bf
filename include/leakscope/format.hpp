// The format seam. A format is what identification names ("pdf", "mbox",
// "7z", "mssql_backup"...): how it is recognised from its first bytes,
// whether it holds other content (a container: its children go back through
// identification, under the nesting depth and the source's expansion
// budget), and the function that parses it into items. The registry
// (src/ingest/formats/registry.cpp) lists every format in the order
// identification tries them; `identify`, ingest (a whole evidence file or
// content embedded in one), `leakscope info`, `leakscope info --formats`,
// the fuzz target list (scripts/test) and docs/FORMATS.md read it.
//
// Adding a format: its parser in a folder of parsers/ (which includes
// nothing from src/), one descriptor in src/ingest/formats/ that recognises
// and parses through the types below, one line in the registry. See
// docs/ARCHITECTURE.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/content.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"
#include "leakscope/sql_records.hpp"

namespace leakscope {

// The content a parse function reads: a whole evidence file (`source`), or
// content embedded in one (an attachment, an archive entry), in memory.
struct FormatInput {
  std::string kind;     // the format's name (one parse function may serve
                        // several formats)
  bool source = false;  // the evidence file itself (else embedded content)
  // The bytes: in memory (`bytes`, when `pull` is empty), or pulled in
  // pieces from the file being read (`pull`; a piece stays valid until the
  // next call; empty at the end).
  std::string_view bytes;
  std::function<std::string_view()> pull;
  // The file on disk when the input is that whole file, uncompressed (for
  // formats that need random access), else "".
  std::string path;
  // The whole file's SHA-256 once everything has been read (a plain source
  // file), else empty.
  std::function<std::string()> file_sha256;
  std::string name;            // file name if known (UTF-8)
  std::string declared_type;   // declared MIME type, lower-case, may be ""
  std::string locator;         // locator of the content itself
  std::string sha256;          // "" when not known yet
  uint64_t size = 0;           // bytes; 0 when not known yet
  int64_t parent = kNoParent;  // the item embedded content hangs under
  int depth = 0;               // nesting depth of embedded content

  // The whole content, at most `limit` bytes (*truncated when more).
  std::string read_all(uint64_t limit, bool* truncated) const;
};

// Where a parse function writes, and what bounds it.
struct FormatContext {
  ItemSink& sink;
  RecordSink* records;  // typed SQL rows (nullptr: none can be written)
  Reporter& reporter;
  ContentHandler& children;  // opens embedded content (containers)
  const DispatchLimits& limits;
  ExpansionBudget& budget;
  uint64_t max_message_bytes;      // one message or mbox member
  uint64_t max_document_bytes;     // one loose document read into memory
  std::function<void()> progress;  // call as pieces are read (may be empty)
};

struct FormatDescriptor {
  const char* name;     // the kind ("pdf", "7z", ...)
  const char* summary;  // what is read, for `info --formats` and the docs
  // True when `head` (the first bytes, up to 64 KiB) is of this format.
  bool (*recognise)(std::string_view head);
  bool container;  // its children go back through identification
  // Opened only when documents are on (ingest --no-documents leaves them
  // as file items): documents and archives.
  bool document;
  // Parses the content into items; nullptr: recorded by kind only.
  void (*parse)(const FormatInput& in, FormatContext& ctx);
  const char* fuzz_target;  // tests/fuzz/<name>.cpp, "" when none
};

// Every format, in the order identification tries them.
const std::vector<const FormatDescriptor*>& registered_formats();
// The format of that name, nullptr when none.
const FormatDescriptor* format_named(std::string_view name);
// The kind of content by its leading bytes, never by file name: the first
// format that recognises them, else "empty", "text" or "unknown".
std::string identify(std::string_view head);

}  // namespace leakscope
