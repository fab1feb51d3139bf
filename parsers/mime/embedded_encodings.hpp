// uuencode and yEnc: files carried as text, either as a whole MIME part
// (Content-Transfer-Encoding: x-uuencode, uuencode, x-uue, uue) or as
// blocks inside a plain-text body (Outlook Express, Usenet). See FORMAT.md
// ("uuencode and yEnc") for what each decoder does with short, long and
// broken lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::mime {

// One uuencoded line: its length character ((c - 32) & 63; a backtick is
// 0) says how many bytes it carries; a line shorter than the 4 characters
// per 3 bytes that needs is padded with spaces (zero bits), as uudecode
// and Python's binascii.a2b_uu do (mail systems strip trailing spaces);
// characters beyond that are ignored (some encoders add a checksum
// character). Appends the bytes to `out`. False, with nothing appended,
// when a character is outside ' '..'`' (not uuencoded data).
bool decode_uu_line(std::string_view line, std::string& out);

// A file found in text.
struct EmbeddedFile {
  std::string encoding;  // "uuencode" or "yenc"
  std::string name;      // from the begin line ("" when none)
  std::string bytes;
  size_t begin = 0, end = 0;        // the block's byte range in the text
  std::vector<std::string> damage;  // what is wrong with the block
};

// Decodes a whole uuencoded part: the lines between "begin <mode> <name>"
// and "end". Damage: no begin line (the part's bytes are returned as they
// are), a line that is not uuencoded data (skipped), no end line.
EmbeddedFile decode_uuencoded_part(std::string_view part);

// The uuencoded ("begin 644 name" ... "end") and yEnc ("=ybegin ..." ...
// "=yend ...") blocks of a text, in order; at most `max_files`. A yEnc
// block's size and CRC-32 are checked against its =yend line.
std::vector<EmbeddedFile> find_embedded_files(std::string_view text,
                                              size_t max_files = 64);

// yEnc's CRC-32 (the ISO-HDLC polynomial of zip and Ethernet).
uint32_t crc32_iso_hdlc(std::string_view bytes);

}  // namespace leakscope::mime
