// The text of legacy binary Office documents, from the streams of their OLE2
// compound file (libgsf opens the container; the stream formats are read
// here, as no Debian-packaged library exposes them: see FORMAT.md):
//  * Word 97-2003 ([MS-DOC]): the main document's characters through the
//    piece table (Clx in the 0Table/1Table stream), 8-bit (cp1252) and
//    UTF-16 pieces; field codes dropped, field results kept.
//  * Excel 97-2003 (BIFF8, [MS-XLS]): every sheet's cells (shared strings,
//    inline labels, numbers) in row order, a tab between cells, a line per
//    row, "[<sheet name>]" before each sheet.
//  * PowerPoint 97-2003 ([MS-PPT]): the text atoms of every slide.
// Every offset and length is checked against the stream; what cannot be
// read is named in `problems` and the text read so far is kept. Text stops
// at `max_bytes` (UTF-8).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::office {

struct LegacyText {
  std::string text;
  std::vector<std::string> problems;
  bool encrypted = false;  // the stream says the content is encrypted
  bool truncated = false;  // stopped at max_bytes
};

// The table stream a WordDocument stream's FIB names: "1Table" or "0Table"
// (read only that one).
const char* word_table_stream(std::string_view word);
// `word`: the WordDocument stream; `table`: the stream word_table_stream()
// named (may be empty when absent).
LegacyText word_text(std::string_view word, std::string_view table,
                     size_t max_bytes);
// `workbook`: the Workbook stream.
LegacyText excel_text(std::string_view workbook, size_t max_bytes);
// `document`: the "PowerPoint Document" stream.
LegacyText powerpoint_text(std::string_view document, size_t max_bytes);

}  // namespace leakscope::office
