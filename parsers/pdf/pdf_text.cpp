#include "pdf_text.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace leakscope::pdf {
namespace {

constexpr size_t kMaxSavedStates = 64;  // q without Q deeper than this: kept
                                        // as the innermost state
constexpr int kMaxFormDepth = 12;       // form XObjects within forms
constexpr size_t kMaxFonts = 4096;      // distinct fonts kept per page

// The combining form of a spacing diacritic, or 0. PDF writers draw an
// accented letter missing from a font as a letter and an accent glyph;
// pdftotext composes them, and so does this reader.
int combining_mark(int c) {
  // (spacing, combining): ` grave, acute, circumflex, tilde, macron,
  // breve, dot above, diaeresis, ring above, double acute, caron, cedilla,
  // ogonek.
  static constexpr std::pair<int, int> kMarks[] = {
      {0x60, 0x300},  {0xB4, 0x301},  {0x2C6, 0x302}, {0x2DC, 0x303},
      {0xAF, 0x304},  {0x2D8, 0x306}, {0x2D9, 0x307}, {0xA8, 0x308},
      {0x2DA, 0x30A}, {0x2DD, 0x30B}, {0x2C7, 0x30C}, {0xB8, 0x327},
      {0x2DB, 0x328}};
  for (const auto& [spacing, combining] : kMarks)
    if (c == spacing) return combining;
  return 0;
}

// Characters placed on a page become text: separators from the pen's
// moves, accents composed. Coordinates are the page's user space after
// the content's own transforms (points).
class TextWriter {
 public:
  TextWriter(std::string* out, size_t max_bytes)
      : out_(out), max_bytes_(max_bytes) {}

  // A character whose glyph has its origin at `at` and whose advance ends
  // at `pen`, on a baseline of direction `dir` (a unit vector: rotated
  // pages and vertical text are read along their own lines), in a font of
  // `size` points.
  void put(int ucs, fz_point at, fz_point pen, fz_point dir, float size) {
    if (!(size > 0.01f)) size = 1.0f;  // also catches NaN
    dir_ = dir;
    const int mark = combining_mark(ucs);
    if (mark && started_ && std::fabs(across(at, last_)) < size * 0.5f &&
        along(at, pen_) < -size * 0.05f && along(at, last_) >= -size * 0.1f) {
      // An accent drawn back over the letter before it.
      flush_pending();
      append(mark);
      result.composed = true;
      return;
    }
    if (mark) {
      flush_pending();
      pending_ = {mark, ucs, separator(at, size), at, pen};
      return;
    }
    bool on_letter = false;
    if (pending_.mark) {
      on_letter = std::fabs(along(at, pending_.at)) < size * 0.6f &&
                  std::fabs(across(at, pending_.at)) < size * 0.5f;
      if (!on_letter) flush_pending();
    }
    if (int sep = separator(at, size)) append(sep);
    // Control characters from a broken ToUnicode map are not text.
    if (ucs >= 0x20 || ucs == '\t') append(ucs);
    if (on_letter) {
      append(pending_.mark);
      pending_.mark = 0;
      result.composed = true;
    }
    started_ = true;
    last_ = at;
    pen_ = pen;
  }

  // A further character of the glyph before (a ligature's "i" of "fi"):
  // written at once, the pen stays where that glyph ends.
  void put_more(int ucs) {
    if (ucs >= 0x20) append(ucs);
  }

  // Writes a held accent as the spacing character it was, where it was.
  void flush_pending() {
    if (!pending_.mark) return;
    if (pending_.separator) append(pending_.separator);
    append(pending_.ucs);
    pending_.mark = 0;
    started_ = true;
    last_ = pending_.at;
    pen_ = pending_.pen;
  }

  PageText result;

 private:
  // How far `p` lies from `from` along the baseline and across it.
  float along(fz_point p, fz_point from) const {
    return (p.x - from.x) * dir_.x + (p.y - from.y) * dir_.y;
  }
  float across(fz_point p, fz_point from) const {
    return (p.y - from.y) * dir_.x - (p.x - from.x) * dir_.y;
  }

  int separator(fz_point at, float size) const {
    if (!started_) return 0;
    if (std::fabs(across(at, last_)) > size * 0.5f) return '\n';
    if (along(at, pen_) > size * 0.15f || along(at, last_) < -size) return ' ';
    return 0;
  }

  // Appends `c` as UTF-8 if it fits the budget. Never throws (it runs in
  // MuPDF's callbacks, which must not unwind through C frames).
  void append(int c) {
    if (c < 0x80 && out_->size() < max_bytes_) {
      try {
        out_->push_back(static_cast<char>(c));
      } catch (...) {
        result.cut = true;
      }
      return;
    }
    char utf8[FZ_UTFMAX];
    int n = fz_runetochar(utf8, c);
    if (out_->size() + static_cast<size_t>(n) > max_bytes_) {
      result.cut = true;
      return;
    }
    try {
      out_->append(utf8, static_cast<size_t>(n));
    } catch (...) {
      result.cut = true;
    }
  }

  struct Pending {
    int mark = 0;  // combining form; 0: nothing held
    int ucs = 0;
    int separator = 0;
    fz_point at = {0, 0}, pen = {0, 0};
  };

  std::string* out_;
  size_t max_bytes_;
  bool started_ = false;
  fz_point last_ = {0, 0};  // origin of the last character
  fz_point pen_ = {0, 0};   // where its advance ends
  fz_point dir_ = {1, 0};   // the baseline's direction, unit vector
  Pending pending_;
};

// The graphics state's share that text needs (ISO 32000-1 9.3).
struct TextState {
  fz_matrix ctm = fz_identity;
  float char_space = 0;           // Tc, unscaled text space units
  float word_space = 0;           // Tw
  float scale = 1;                // Tz / 100
  float leading = 0;              // TL
  float size = 0;                 // Tf size
  float rise = 0;                 // Ts
  pdf_font_desc* font = nullptr;  // kept alive by Reader::fonts
};

// Everything of one page's reading that has a destructor; the processor
// (C memory, zeroed by MuPDF) points to it.
struct Reader {
  Reader(fz_context* c, pdf_document* d, std::string* out, size_t max)
      : ctx(c), doc(d), writer(out, max) {
    states.reserve(16);
    states.emplace_back();
  }
  ~Reader() {
    for (pdf_font_desc* f : fonts) pdf_drop_font(ctx, f);
  }
  TextState& top() { return states.back(); }

  // The horizontal width of `cid` in `font` (1/1000 of the size): the
  // font's metrics looked up once per code below 256 (simple fonts, and
  // the first codes of others) while the same font is shown.
  float width(pdf_font_desc* font, int cid) {
    if (cid < 0) return 0;
    if (cid >= 256)
      return static_cast<float>(pdf_lookup_hmtx(ctx, font, cid).w);
    if (font != widths_font) {
      widths_font = font;
      std::fill(std::begin(widths), std::end(widths), -1.0f);
    }
    if (widths[cid] < 0)
      widths[cid] = static_cast<float>(pdf_lookup_hmtx(ctx, font, cid).w);
    return widths[cid];
  }

  fz_context* ctx;
  pdf_document* doc;
  TextWriter writer;
  std::vector<TextState> states;
  std::vector<pdf_font_desc*> fonts;
  fz_matrix tm = fz_identity;   // text matrix
  fz_matrix tlm = fz_identity;  // text line matrix
  int form_depth = 0;
  pdf_font_desc* widths_font = nullptr;  // whose widths `widths` holds
  float widths[256];                     // -1: not looked up yet
};

struct Processor {
  pdf_processor super;  // first: MuPDF casts between the two
  Reader* reader;
};

Reader& reader_of(pdf_processor* proc) {
  return *reinterpret_cast<Processor*>(proc)->reader;
}

// Shows the string `s` (`len` bytes of character codes) in the current
// font, advancing the text matrix as ISO 32000-1 9.4.4 says.
void show_string(Reader& r, const unsigned char* s, size_t len) {
  TextState& g = r.top();
  pdf_font_desc* font = g.font;
  if (!font || !font->encoding) return;
  const bool vertical = font->wmode != 0;
  // Within one string only the text matrix's translation moves: the
  // string's matrix, the baseline's direction and the size are computed
  // once, the pen as a distance along the line (text space units).
  const fz_matrix m = fz_concat(r.tm, g.ctm);
  // The baseline's direction (down the column for vertical text): a
  // rotated page is read along its own lines.
  fz_point dir = vertical ? fz_make_point(-m.c, -m.d) : fz_make_point(m.a, m.b);
  const float length = std::sqrt(dir.x * dir.x + dir.y * dir.y);
  dir = length > 1e-6f ? fz_make_point(dir.x / length, dir.y / length)
                       : fz_make_point(1, 0);
  const float size = std::fabs(g.size) * fz_matrix_expansion(m);
  // A point `d` along the line (and the rise across it), in device space:
  // the string's origin plus d steps of the line's unit vector.
  const fz_point origin = vertical ? fz_transform_point_xy(0, 0, m)
                                   : fz_transform_point_xy(0, g.rise, m);
  const fz_point step =
      vertical ? fz_make_point(m.c, m.d) : fz_make_point(m.a, m.b);
  auto place = [&](float d) {
    return fz_make_point(origin.x + d * step.x, origin.y + d * step.y);
  };
  float pen = 0;
  unsigned char* p = const_cast<unsigned char*>(s);
  unsigned char* end = p + len;
  while (p < end) {
    unsigned int code = 0;
    int n = pdf_decode_cmap(font->encoding, p, end, &code);
    if (n <= 0) break;
    p += n;
    const int cid = pdf_lookup_cmap(font->encoding, code);
    int ucs[8];
    int count = 0;
    if (font->to_unicode && cid >= 0)
      count = pdf_lookup_cmap_full(font->to_unicode, cid, ucs);
    if (count <= 0 && cid >= 0 && font->cid_to_ucs &&
        static_cast<size_t>(cid) < font->cid_to_ucs_len &&
        font->cid_to_ucs[cid] != 0xFFFD) {
      ucs[0] = font->cid_to_ucs[cid];
      count = 1;
    }
    const bool space = n == 1 && code == 32;
    float advance;  // text space units
    if (!vertical) {
      advance = (r.width(font, cid) / 1000.0f * g.size + g.char_space +
                 (space ? g.word_space : 0.0f)) *
                g.scale;
    } else {
      const float w =
          cid >= 0 ? static_cast<float>(pdf_lookup_vmtx(r.ctx, font, cid).w)
                   : -1000.0f;
      advance =
          w / 1000.0f * g.size + g.char_space + (space ? g.word_space : 0.0f);
    }
    if (count > 0) {
      r.writer.put(ucs[0], place(pen), place(pen + advance), dir, size);
      for (int i = 1; i < count && i < 8; ++i) r.writer.put_more(ucs[i]);
    }
    pen += advance;
  }
  r.tm = vertical ? fz_pre_translate(r.tm, 0, pen)
                  : fz_pre_translate(r.tm, pen, 0);
}

void next_line(Reader& r, float tx, float ty) {
  r.tlm = fz_pre_translate(r.tlm, tx, ty);
  r.tm = r.tlm;
}

void op_q(fz_context*, pdf_processor* proc) {
  Reader& r = reader_of(proc);
  if (r.states.size() >= kMaxSavedStates) return;
  try {
    r.states.push_back(r.top());
  } catch (...) {
  }
}
void op_Q(fz_context*, pdf_processor* proc) {
  Reader& r = reader_of(proc);
  if (r.states.size() > 1) r.states.pop_back();
}
void op_cm(fz_context*, pdf_processor* proc, float a, float b, float c, float d,
           float e, float f) {
  TextState& g = reader_of(proc).top();
  g.ctm = fz_concat(fz_make_matrix(a, b, c, d, e, f), g.ctm);
}
void op_BT(fz_context*, pdf_processor* proc) {
  Reader& r = reader_of(proc);
  r.tm = r.tlm = fz_identity;
}
void op_Tc(fz_context*, pdf_processor* proc, float v) {
  reader_of(proc).top().char_space = v;
}
void op_Tw(fz_context*, pdf_processor* proc, float v) {
  reader_of(proc).top().word_space = v;
}
void op_Tz(fz_context*, pdf_processor* proc, float v) {
  reader_of(proc).top().scale = v / 100.0f;
}
void op_TL(fz_context*, pdf_processor* proc, float v) {
  reader_of(proc).top().leading = v;
}
void op_Ts(fz_context*, pdf_processor* proc, float v) {
  reader_of(proc).top().rise = v;
}
void op_Tf(fz_context* ctx, pdf_processor* proc, const char*,
           pdf_font_desc* font, float size) {
  Reader& r = reader_of(proc);
  TextState& g = r.top();
  g.size = size;
  g.font = nullptr;
  if (!font) return;
  // The interpreter drops its reference after this call; the page keeps
  // one of each font it selects (q/Q may bring a font back). Fonts are
  // selected again and again (a Tf per line): kept once.
  if (std::find(r.fonts.begin(), r.fonts.end(), font) == r.fonts.end()) {
    if (r.fonts.size() >= kMaxFonts) return;
    try {
      r.fonts.push_back(font);
    } catch (...) {
      return;
    }
    pdf_keep_font(ctx, font);
  }
  g.font = font;
}

void op_Td(fz_context*, pdf_processor* proc, float tx, float ty) {
  next_line(reader_of(proc), tx, ty);
}
void op_TD(fz_context*, pdf_processor* proc, float tx, float ty) {
  Reader& r = reader_of(proc);
  r.top().leading = -ty;
  next_line(r, tx, ty);
}
void op_Tm(fz_context*, pdf_processor* proc, float a, float b, float c, float d,
           float e, float f) {
  Reader& r = reader_of(proc);
  r.tm = r.tlm = fz_make_matrix(a, b, c, d, e, f);
}
void op_Tstar(fz_context*, pdf_processor* proc) {
  Reader& r = reader_of(proc);
  next_line(r, 0, -r.top().leading);
}
void op_Tj(fz_context*, pdf_processor* proc, char* s, size_t len) {
  show_string(reader_of(proc), reinterpret_cast<unsigned char*>(s), len);
}
void op_squote(fz_context*, pdf_processor* proc, char* s, size_t len) {
  Reader& r = reader_of(proc);
  next_line(r, 0, -r.top().leading);
  show_string(r, reinterpret_cast<unsigned char*>(s), len);
}
void op_dquote(fz_context*, pdf_processor* proc, float aw, float ac, char* s,
               size_t len) {
  Reader& r = reader_of(proc);
  r.top().word_space = aw;
  r.top().char_space = ac;
  next_line(r, 0, -r.top().leading);
  show_string(r, reinterpret_cast<unsigned char*>(s), len);
}
void op_TJ(fz_context* ctx, pdf_processor* proc, pdf_obj* array) {
  Reader& r = reader_of(proc);
  const int n = pdf_array_len(ctx, array);
  for (int i = 0; i < n; ++i) {
    pdf_obj* item = pdf_array_get(ctx, array, i);
    if (pdf_is_string(ctx, item)) {
      show_string(r,
                  reinterpret_cast<unsigned char*>(pdf_to_str_buf(ctx, item)),
                  pdf_to_str_len(ctx, item));
    } else if (pdf_is_number(ctx, item)) {
      const TextState& g = r.top();
      const float adjust = -pdf_to_real(ctx, item) / 1000.0f * g.size;
      const bool vertical = g.font && g.font->wmode == 1;
      r.tm = vertical ? fz_pre_translate(r.tm, 0, adjust)
                      : fz_pre_translate(r.tm, adjust * g.scale, 0);
    }
  }
}

// A form XObject: its content with its own resources and matrix, in a
// state of its own; at most kMaxFormDepth deep (a form that draws itself
// ends there).
void op_Do_form(fz_context* ctx, pdf_processor* proc, const char*,
                pdf_obj* form, pdf_obj* page_resources) {
  Reader& r = reader_of(proc);
  if (r.form_depth >= kMaxFormDepth || r.states.size() >= kMaxSavedStates)
    return;
  try {
    r.states.push_back(r.top());
  } catch (...) {
    return;
  }
  const size_t depth = r.states.size();
  ++r.form_depth;
  fz_try(ctx) {
    TextState& g = r.top();
    g.ctm = fz_concat(pdf_xobject_matrix(ctx, form), g.ctm);
    pdf_obj* resources = pdf_xobject_resources(ctx, form);
    if (!resources) resources = page_resources;
    const fz_matrix tm = r.tm, tlm = r.tlm;
    pdf_process_contents(ctx, proc, r.doc, resources, form, nullptr);
    r.tm = tm;
    r.tlm = tlm;
  }
  fz_always(ctx) {
    --r.form_depth;
    r.states.resize(depth - 1);  // q/Q inside the form balanced or not
  }
  fz_catch(ctx) { fz_rethrow(ctx); }
}

}  // namespace

PageText append_page_text(fz_context* ctx, pdf_page* page, std::string* out,
                          size_t max_bytes) {
  Reader reader(ctx, page->doc, out, max_bytes);
  Processor* proc = nullptr;
  fz_var(proc);
  fz_try(ctx) {
    proc = static_cast<Processor*>(pdf_new_processor(ctx, sizeof(Processor)));
    proc->reader = &reader;
    pdf_processor& p = proc->super;
    p.op_q = op_q;
    p.op_Q = op_Q;
    p.op_cm = op_cm;
    p.op_BT = op_BT;
    p.op_Tc = op_Tc;
    p.op_Tw = op_Tw;
    p.op_Tz = op_Tz;
    p.op_TL = op_TL;
    p.op_Tf = op_Tf;
    p.op_Ts = op_Ts;
    p.op_Td = op_Td;
    p.op_TD = op_TD;
    p.op_Tm = op_Tm;
    p.op_Tstar = op_Tstar;
    p.op_TJ = op_TJ;
    p.op_Tj = op_Tj;
    p.op_squote = op_squote;
    p.op_dquote = op_dquote;
    p.op_Do_form = op_Do_form;
    pdf_process_contents(ctx, &p, page->doc, pdf_page_resources(ctx, page),
                         pdf_page_contents(ctx, page), nullptr);
    // Annotations and form fields: a filled form's values are what a
    // leak of forms is about. Each appearance starts in a fresh state.
    for (pdf_annot* a = pdf_first_annot(ctx, page); a;
         a = pdf_next_annot(ctx, a)) {
      reader.states.resize(1);
      reader.states[0] = TextState();
      pdf_process_annot(ctx, &p, a, nullptr);
    }
    for (pdf_annot* w = pdf_first_widget(ctx, page); w;
         w = pdf_next_widget(ctx, w)) {
      reader.states.resize(1);
      reader.states[0] = TextState();
      pdf_process_annot(ctx, &p, w, nullptr);
    }
    reader.writer.flush_pending();
  }
  fz_always(ctx) {
    if (proc) {
      pdf_close_processor(ctx, &proc->super);
      pdf_drop_processor(ctx, &proc->super);
    }
  }
  fz_catch(ctx) {
    reader.writer.flush_pending();
    PageText failed = reader.writer.result;
    failed.error = fz_caught_message(ctx);
    return failed;
  }
  return reader.writer.result;
}

}  // namespace leakscope::pdf
