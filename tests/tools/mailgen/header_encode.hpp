// Header-field encodings: RFC 2047 encoded words, RFC 5322 phrases and
// quoted strings, RFC 2231 parameters (charset, continuations), folding.
//
// Invariant for every function returning a header value: the only line
// breaks are fold points written as "\n" followed by a space or tab; the
// serializer turns "\n" into the container's line ending. Unfolding (deleting
// the "\n") gives back a value with the same meaning.
#pragma once

#include <string>
#include <string_view>

namespace mailgen {

enum class WordEncoding { kB, kQ };

// `text` (UTF-8) as RFC 2047 encoded words in `charset`, falling back to
// UTF-8 when the charset cannot represent it. Each word is at most 75
// characters and holds whole characters (for ISO-2022-JP each word also
// returns to ASCII). Words are separated by "\n " fold points. Q words use
// only the characters allowed in a phrase (RFC 2047 section 5 (3)).
std::string encoded_words(std::string_view text, std::string_view charset,
                          WordEncoding enc);

// Non-conforming but common (seen from some clients): UTF-8 B words that cut
// the byte string every `bytes_per_word` bytes, even inside a character.
// Decoders must join adjacent same-charset words before converting.
std::string encoded_words_split_bytes(std::string_view text,
                                      size_t bytes_per_word);

// "text" with backslash escapes for '"' and '\'.
std::string quote_string(std::string_view text);

// A display name as written before "<addr>": bare atoms when possible, a
// quoted string when it has specials (",", ".", ...), encoded words when it
// is not ASCII.
std::string phrase(std::string_view display, std::string_view charset,
                   WordEncoding enc);

// Parameter spellings (each returns `name...=...` without the leading ";").
std::string param_quoted(std::string_view name, std::string_view value);
// name*=charset'lang'percent-encoded (RFC 2231 section 4).
std::string param_rfc2231(std::string_view name, std::string_view text,
                          std::string_view charset, std::string_view lang);
// name*0*=UTF-8''...;\n\tname*1*=... split every `chunk` encoded characters,
// never inside a %XX triplet (a section may end inside a UTF-8 character).
std::string param_rfc2231_continued(std::string_view name,
                                    std::string_view text, size_t chunk);
// name*0="...";\n\tname*1="..." (RFC 2231 section 3, no charset); ASCII only.
std::string param_continued_plain(std::string_view name, std::string_view ascii,
                                  size_t chunk);
// name="=?charset?Q?...?=" (not allowed by RFC 2047, written by many clients).
std::string param_encoded_word(std::string_view name, std::string_view text,
                               std::string_view charset);

// Folds `value` at spaces so that lines stay within 78 characters, given
// that the first line already holds `used` characters ("Subject: ").
// Existing fold points are kept.
std::string fold(std::string_view value, size_t used);

}  // namespace mailgen
