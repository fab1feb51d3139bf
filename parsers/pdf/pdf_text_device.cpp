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
};

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

void show(fz_context* ctx, fz_device* dev, const fz_text* text, fz_matrix ctm) {
  auto* d = reinterpret_cast<TextDevice*>(dev);
  for (const fz_text_span* span = text->head; span; span = span->next) {
    const fz_matrix m = fz_concat(span->trm, ctm);
    float size = fz_matrix_expansion(m);
    if (!(size > 0.01f)) size = 1.0f;  // also catches NaN
    for (int i = 0; i < span->len; ++i) {
      const fz_text_item& item = span->items[i];
      if (item.ucs < 0) continue;  // one glyph of several for one character
      const fz_point p = fz_transform_point_xy(item.x, item.y, ctm);
      if (d->started) {
        const float rise = std::fabs(p.y - d->last_y);
        if (rise > size * 0.5f)
          append(d, '\n');
        else if (p.x - d->pen_x > size * 0.15f || p.x < d->last_x - size)
          append(d, ' ');
      }
      // Control characters from a broken ToUnicode map are not text.
      if (item.ucs >= 0x20 || item.ucs == '\t') append(d, item.ucs);
      float advance = 0;
      if (item.gid >= 0)
        advance = fz_advance_glyph(ctx, span->font, item.gid, span->wmode);
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
                           bool* cut) {
  auto* d = reinterpret_cast<TextDevice*>(
      fz_new_device_of_size(ctx, sizeof(TextDevice)));
  d->out = out;
  d->max_bytes = max_bytes;
  d->cut = cut;
  d->super.fill_text = fill_text;
  d->super.stroke_text = stroke_text;
  d->super.clip_text = clip_text;
  d->super.clip_stroke_text = clip_stroke_text;
  d->super.ignore_text = ignore_text;
  return &d->super;
}

}  // namespace leakscope::pdf
