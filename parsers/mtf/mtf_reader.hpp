// Reads an MTF stream (an uncompressed .bak/.trn, or the output of the
// compressed-backup reader) once, front to back, with bounded memory. The
// one walker of MTF blocks and streams: ingest, `info` and the backup
// header parser (backup_header.cpp, over the first and last bytes) all read
// through it.
// descriptor blocks and small streams are handed over whole; the database
// pages inside MQDA streams are handed over one 8 KiB page at a time.
// Damage (bad checksums, lost sync) is reported with the stream offset and
// the reader resynchronises on the next 512-byte block boundary.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "leakscope/reporter.hpp"

namespace leakscope::mtf {

// Pull interface for the bytes: fills up to n bytes, returns how many (0 at
// end).
using ReadFn = std::function<size_t(char* dst, size_t n)>;
// Optional: repositions the source so that the next read returns the bytes
// at stream offset `offset`; false if it cannot (the reader then reads
// through). Given for seekable files, so that skipped data (pages nobody
// wants, log records) is never read.
using SeekFn = std::function<bool(uint64_t offset)>;

struct BlockInfo {
  std::string type;     // "TAPE", "SSET", "MSDA"...
  uint64_t offset = 0;  // of the block in the stream
  uint32_t attributes = 0;
  uint16_t first_stream = 0;  // offset of its first stream from the block
  uint8_t string_type = 0;    // 1 single-byte, 2 UTF-16LE
  // The block header up to its first stream (shorter when the input ends
  // first); valid during the callback only.
  std::string_view bytes;
};

struct StreamInfo {
  std::string type;                          // "MQCI", "MQDA", "MQTL"...
  std::string block;                         // the owning block's type
  uint64_t offset = 0;                       // of the stream header
  uint64_t length = 0;                       // data bytes declared
  uint16_t encryption = 0, compression = 0;  // MTF algorithm ids, 0 = none
};

struct MtfCallbacks {
  std::function<void(const BlockInfo&)> on_block;
  // Streams up to 1 MiB other than MQDA/MQTL/SPAD/APAD, whole; a stream the
  // input ends inside is handed over as far as present (data.size() <
  // length) after its damage is reported. `data` is valid during the call.
  std::function<void(const StreamInfo&, std::string_view data)> on_stream;
  // Each database page in an MQDA stream; `offset` is its stream offset.
  std::function<void(const StreamInfo&, uint64_t offset, std::string_view page)>
      on_page;
  // Asked before each MQDA stream when given: false skips its pages (with
  // a SeekFn, without reading them).
  std::function<bool()> pages_wanted;
};

struct MtfSummary {
  uint64_t bytes = 0;
  uint64_t blocks = 0;
  uint64_t pages = 0;
  uint64_t log_bytes = 0;  // MQTL data (transaction log)
  bool saw_tape = false;
  bool saw_eset = false;  // the end-of-set block (a complete backup)
};

// `locator` names the source in damage reports.
MtfSummary read_mtf(const ReadFn& read, const MtfCallbacks& cb,
                    Reporter& reporter, const std::string& locator,
                    const SeekFn& seek = {});

}  // namespace leakscope::mtf
