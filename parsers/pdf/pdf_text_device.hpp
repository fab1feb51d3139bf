// A MuPDF device that keeps only the characters a page shows, in content-
// stream order, with a space where the pen jumps forward and a newline
// where the baseline moves. Nothing is laid out, rendered or bounded:
// MuPDF's structured-text device measures every glyph's box, groups lines
// into blocks and resolves bidi, which the classifier (it reads words) does
// not need and which cost about half of the extraction. See FORMAT.md.
#pragma once

#include <mupdf/fitz.h>

#include <cstddef>
#include <string>

namespace leakscope::pdf {

// Creates the device; `out` receives UTF-8 text and must outlive it. At
// most `max_bytes` are appended to `out` (counting what it held before);
// `*cut` is set when characters were left out. An accent drawn as a glyph
// of its own on a letter is written after the letter as its combining
// mark, and `*composed` set: the caller normalises the text to NFC.
// fz_close_device writes what is held; dropped with fz_drop_device.
// Throws (fz_throw) as MuPDF does.
fz_device* new_text_device(fz_context* ctx, std::string* out, size_t max_bytes,
                           bool* cut, bool* composed);

}  // namespace leakscope::pdf
