#include "pdf_text_device.hpp"

#include <cmath>

namespace leakscope::pdf {
namespace {

// The device: MuPDF allocates it zeroed (fz_new_device_of_size) and frees
// it with fz_free; every member is therefore trivially destructible.
struct TextDevice {
  fz_device super;  // first: MuPDF casts between the two
  std::string* out;
  size_t max_bytes;
  bool* cut;
  bool started;  // a character has been written on this page
  float last_x;  // origin of the last character, device space
  float last_y;
  float pen_x;  // where the last character's advance ends
  // A spacing accent drawn before its letter, held until the next
  // character shows whether it sits on it: its combining form (0: none
  // held), its own code point and its origin.
  int pending_mark;
  int pending_char;
  int pending_separator;  // ' ', '\n' or 0: what went before the accent
  float pending_x;
  float pending_y;
  float pending_pen;  // where the accent's advance ends
  bool* composed;     // set when a combining mark was written (NFC needed)
};

// The combining form of a spacing diacritic, or 0. PDF writers draw an
// accented letter missing from a font as a letter and an accent glyph;
// pdftotext composes them, and so does this device.
int combining_mark(int c) {
  switch (c) {
    case 0x60:
      return 0x300;  // ` grave
    case 0xB4:
      return 0x301;  // acute
    case 0x2C6:
      return 0x302;  // circumflex
    case 0x2DC:
      return 0x303;  // tilde
    case 0xAF:
      return 0x304;  // macron
    case 0x2D8:
      return 0x306;  // breve
    case 0x2D9:
      return 0x307;  // dot above
    case 0xA8:
      return 0x308;  // diaeresis
    case 0x2DA:
      return 0x30A;  // ring above
    case 0x2DD:
      return 0x30B;  // double acute
    case 0x2C7:
      return 0x30C;  // caron
    case 0xB8:
      return 0x327;  // cedilla
    case 0x2DB:
      return 0x328;  // ogonek
    default:
      return 0;
  }
}

// Appends `c` as UTF-8 if it fits the budget. Never throws: allocation
// failure inside a MuPDF callback must not unwind through C frames.
void append(TextDevice* d, int c) {
  char utf8[FZ_UTFMAX];
  int n = fz_runetochar(utf8, c);
  if (d->out->size() + static_cast<size_t>(n) > d->max_bytes) {
    *d->cut = true;
    return;
  }
  try {
    d->out->append(utf8, static_cast<size_t>(n));
  } catch (...) {
    *d->cut = true;
  }
}

// What separates a character at `p` from the one before: a newline where
// the baseline moves by more than half the size, a space where the pen
// jumps forward by more than 0.15 of it or back by more than all of it.
int separator(const TextDevice* d, fz_point p, float size) {
  if (!d->started) return 0;
  if (std::fabs(p.y - d->last_y) > size * 0.5f) return '\n';
  if (p.x - d->pen_x > size * 0.15f || p.x < d->last_x - size) return ' ';
  return 0;
}

// Writes a held accent as the spacing character it was, where it was.
void flush_pending(TextDevice* d) {
  if (!d->pending_mark) return;
  if (d->pending_separator) append(d, d->pending_separator);
  append(d, d->pending_char);
  d->pending_mark = 0;
  d->started = true;
  d->last_x = d->pending_x;
  d->last_y = d->pending_y;
  d->pen_x = d->pending_pen;
}

void show(fz_context* ctx, fz_device* dev, const fz_text* text, fz_matrix ctm) {
  auto* d = reinterpret_cast<TextDevice*>(dev);
  for (const fz_text_span* span = text->head; span; span = span->next) {
    const fz_matrix m = fz_concat(span->trm, ctm);
    float size = fz_matrix_expansion(m);
    if (!(size > 0.01f)) size = 1.0f;  // also catches NaN
    for (int i = 0; i < span->len; ++i) {
      const fz_text_item& item = span->items[i];
      if (item.ucs < 0) continue;  // one glyph of several for one character
      if (item.gid < 0) {
        // A further character of the glyph before (a ligature's "i" of
        // "fi"): written at once, the pen stays where that glyph ends.
        if (item.ucs >= 0x20) append(d, item.ucs);
        continue;
      }
      const fz_point p = fz_transform_point_xy(item.x, item.y, ctm);
      const float rise = std::fabs(p.y - d->last_y);
      const int mark = combining_mark(item.ucs);
      if (mark && d->started && rise < size * 0.5f &&
          p.x < d->pen_x - size * 0.05f && p.x >= d->last_x - size * 0.1f) {
        // An accent drawn back over the letter before it.
        flush_pending(d);
        append(d, mark);
        *d->composed = true;
        continue;
      }
      const float advance =
          fz_advance_glyph(ctx, span->font, item.gid, span->wmode);
      if (mark) {
        flush_pending(d);
        d->pending_mark = mark;
        d->pending_char = item.ucs;
        d->pending_separator = separator(d, p, size);
        d->pending_x = p.x;
        d->pending_y = p.y;
        d->pending_pen = p.x + advance * m.a;
        continue;
      }
      bool on_letter = false;
      if (d->pending_mark) {
        on_letter = std::fabs(p.x - d->pending_x) < size * 0.6f &&
                    std::fabs(p.y - d->pending_y) < size * 0.5f;
        if (!on_letter) flush_pending(d);
      }
      if (int sep = separator(d, p, size)) append(d, sep);
      // Control characters from a broken ToUnicode map are not text.
      if (item.ucs >= 0x20 || item.ucs == '\t') append(d, item.ucs);
      if (on_letter) {
        append(d, d->pending_mark);
        d->pending_mark = 0;
        *d->composed = true;
      }
      d->started = true;
      d->last_x = p.x;
      d->last_y = p.y;
      d->pen_x = p.x + advance * m.a;
    }
  }
}

void fill_text(fz_context* ctx, fz_device* dev, const fz_text* text,
               fz_matrix ctm, fz_colorspace*, const float*, float,
               fz_color_params) {
  show(ctx, dev, text, ctm);
}
void stroke_text(fz_context* ctx, fz_device* dev, const fz_text* text,
                 const fz_stroke_state*, fz_matrix ctm, fz_colorspace*,
                 const float*, float, fz_color_params) {
  show(ctx, dev, text, ctm);
}
void clip_text(fz_context* ctx, fz_device* dev, const fz_text* text,
               fz_matrix ctm, fz_rect) {
  show(ctx, dev, text, ctm);
}
void clip_stroke_text(fz_context* ctx, fz_device* dev, const fz_text* text,
                      const fz_stroke_state*, fz_matrix ctm, fz_rect) {
  show(ctx, dev, text, ctm);
}
// Invisible text (render mode 3: the OCR layer of a scan) is text too.
void ignore_text(fz_context* ctx, fz_device* dev, const fz_text* text,
                 fz_matrix ctm) {
  show(ctx, dev, text, ctm);
}

}  // namespace

fz_device* new_text_device(fz_context* ctx, std::string* out, size_t max_bytes,
                           bool* cut, bool* composed) {
  auto* d = reinterpret_cast<TextDevice*>(
      fz_new_device_of_size(ctx, sizeof(TextDevice)));
  d->out = out;
  d->max_bytes = max_bytes;
  d->cut = cut;
  d->composed = composed;
  d->super.close_device = [](fz_context*, fz_device* dev) {
    flush_pending(reinterpret_cast<TextDevice*>(dev));
  };
  d->super.fill_text = fill_text;
  d->super.stroke_text = stroke_text;
  d->super.clip_text = clip_text;
  d->super.clip_stroke_text = clip_stroke_text;
  d->super.ignore_text = ignore_text;
  return &d->super;
}

}  // namespace leakscope::pdf
