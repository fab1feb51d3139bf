// A page's text, read from its content streams by a MuPDF content-stream
// processor of leakscope's own: the operators that show and place text
// (Tf Tj TJ ' " Td TD T* Tm Tc Tw Tz TL Ts BT ET, with cm q Q and form
// XObjects) and nothing else. MuPDF's own run processor positions,
// bounds and draws every glyph for a device, which is most of the time a
// PDF costs; the classifier reads words, not glyphs. See FORMAT.md.
#pragma once

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include <cstddef>
#include <string>

namespace leakscope::pdf {

// What the text of one page came to.
struct PageText {
  bool cut = false;       // characters left out: `max_bytes` reached
  bool composed = false;  // accents were written as combining marks (the
                          // caller normalises the page to NFC)
  std::string error;      // MuPDF's message when the page stopped short
};

// Appends the text of `page` (its contents, then its annotations' and form
// fields' appearances) to *out, at most until out->size() == max_bytes.
// Characters in content-stream order; a newline where the baseline moves
// by more than half the font size, a space where the pen jumps forward by
// more than 0.15 of it or back by more than all of it; an accent drawn on
// a letter as its combining mark after it; control characters left out.
// Never throws: when MuPDF stops, *out keeps what was read and the result
// says why (error).
PageText append_page_text(fz_context* ctx, pdf_page* page, std::string* out,
                          size_t max_bytes);

}  // namespace leakscope::pdf
