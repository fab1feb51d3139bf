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

// uuencode as uuencode(1) writes it: "begin 644 <name>", lines of up to 45
// bytes (a length character, then 4 characters per 3 bytes, zero bits as
// `zero`: ' ' or '`'), a zero-length line, "end". `strip_trailing_spaces`
// does what mail systems do to such lines (the decoder must pad them back).
std::string uuencode(std::string_view bytes, std::string_view name,
                     std::string_view eol, char zero = '`',
                     bool strip_trailing_spaces = false);

// A single-part yEnc block (yEnc 1.3): "=ybegin line=<n> size=<s>
// name=<name>", data lines of `line_len` characters (each byte + 42 mod
// 256; NUL, LF, CR and "=" escaped, as are a leading TAB, space or "."),
// "=yend size=<s> crc32=<hex>".
std::string yenc(std::string_view bytes, std::string_view name,
                 std::string_view eol, size_t line_len = 128);

}  // namespace mailgen
