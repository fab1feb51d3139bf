// Content-Transfer-Encodings (RFC 2045) and line-ending conversion.
//
// Convention: text data is held in canonical form (CRLF line breaks) and
// written with the container's line ending `eol` ("\r\n" for .eml files,
// "\n" for mbox members). Binary data is only ever written as base64.
#pragma once

#include <string>
#include <string_view>

namespace mailgen {

// Replaces every CRLF pair by `eol`; lone CR or LF bytes are kept.
std::string to_eol(std::string_view crlf_text, std::string_view eol);

// Base64 in lines of `line_len` characters, each line ended by `eol`.
// Empty input gives an empty string.
std::string base64_lines(std::string_view bytes, std::string_view eol,
                         size_t line_len = 76);

// Base64 without line breaks (encoded words, TNEF thread index).
std::string base64(std::string_view bytes);

// Quoted-printable of canonical text: CRLF becomes a hard break (`eol`),
// lines longer than 76 get soft breaks ("=" eol), whitespace before a line
// end and every byte outside 33..126 (and "=") is escaped as =XX. Decoding
// gives back to_eol(text, eol) exactly.
std::string quoted_printable(std::string_view crlf_text, std::string_view eol);

}  // namespace mailgen
