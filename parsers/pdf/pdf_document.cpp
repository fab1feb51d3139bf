#include "pdf_document.hpp"

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "pdf_text.hpp"

namespace leakscope::pdf {
namespace {

// One MuPDF context per thread (a context must not be used by two threads
// at once; separate contexts share nothing, so no lock is needed), made on
// the thread's first PDF and dropped when the thread ends. Its allocator
// counts the bytes it holds and refuses more than kMemoryCap: MuPDF then
// empties its resource store and, if that is not enough, throws
// FZ_ERROR_MEMORY, which ends that document, not the process.
constexpr size_t kMemoryCap = size_t{256} << 20;
constexpr size_t kStoreBytes = size_t{32} << 20;  // cached fonts, images
constexpr size_t kMaxProblems = 20;

struct ThreadContext {
  size_t held = 0;       // bytes allocated through this context
  bool refused = false;  // an allocation beyond kMemoryCap was refused
  std::vector<std::string>* problems = nullptr;  // the current document's
  fz_context* ctx = nullptr;

  ThreadContext();
  ~ThreadContext() {
    if (ctx) fz_drop_context(ctx);
  }
};

// Each block carries its size in a 16-byte header (keeps 16-byte alignment).
constexpr size_t kHeader = 16;

void* counted_malloc(void* user, size_t size) {
  auto* t = static_cast<ThreadContext*>(user);
  if (size > kMemoryCap || t->held + size > kMemoryCap) {
    t->refused = true;
    return nullptr;
  }
  auto* block = static_cast<unsigned char*>(std::malloc(size + kHeader));
  if (!block) return nullptr;
  std::memcpy(block, &size, sizeof size);
  t->held += size;
  return block + kHeader;
}

void counted_free(void* user, void* ptr) {
  if (!ptr) return;
  auto* t = static_cast<ThreadContext*>(user);
  unsigned char* block = static_cast<unsigned char*>(ptr) - kHeader;
  size_t size;
  std::memcpy(&size, block, sizeof size);
  t->held -= size;
  std::free(block);
}

void* counted_realloc(void* user, void* old, size_t size) {
  if (!old) return counted_malloc(user, size);
  if (size == 0) {
    counted_free(user, old);
    return nullptr;
  }
  auto* t = static_cast<ThreadContext*>(user);
  unsigned char* block = static_cast<unsigned char*>(old) - kHeader;
  size_t before;
  std::memcpy(&before, block, sizeof before);
  if (size > kMemoryCap || t->held - before + size > kMemoryCap) {
    t->refused = true;
    return nullptr;
  }
  auto* grown =
      static_cast<unsigned char*>(std::realloc(block, size + kHeader));
  if (!grown) return nullptr;
  std::memcpy(grown, &size, sizeof size);
  t->held = t->held - before + size;
  return grown + kHeader;
}

// MuPDF's warnings and errors become the current document's problems (at
// most kMaxProblems), never stderr.
void on_message(void* user, const char* message) {
  auto* t = static_cast<ThreadContext*>(user);
  if (t->problems && t->problems->size() < kMaxProblems)
    t->problems->push_back(std::string("PDF: ") + message);
}

ThreadContext::ThreadContext() {
  static const fz_alloc_context kTemplate = {nullptr, counted_malloc,
                                             counted_realloc, counted_free};
  fz_alloc_context alloc = kTemplate;
  alloc.user = this;
  // fz_new_context copies `alloc` into the context.
  ctx = fz_new_context(&alloc, nullptr, kStoreBytes);
  if (!ctx) return;
  fz_set_warning_callback(ctx, on_message, this);
  fz_set_error_callback(ctx, on_message, this);
}

ThreadContext& thread_context() {
  thread_local ThreadContext t;
  return t;
}

// A metadata value (UTF-8) or "" when absent. fz_lookup_metadata returns
// the length the value needs, with the terminator.
std::string metadata(fz_context* ctx, fz_document* doc, const char* key) {
  char buf[1024];
  volatile int n = -1;
  fz_try(ctx) { n = fz_lookup_metadata(ctx, doc, key, buf, sizeof buf); }
  fz_catch(ctx) { n = -1; }
  if (n <= 1) return "";
  if (static_cast<size_t>(n) <= sizeof buf) return std::string(buf);
  std::string big(static_cast<size_t>(n), '\0');
  fz_try(ctx) { fz_lookup_metadata(ctx, doc, key, big.data(), n); }
  fz_catch(ctx) { return ""; }
  big.resize(std::strlen(big.c_str()));
  return big;
}

// The catalog's /Version (a name such as /1.7), which overrides the
// header's (ISO 32000-1 7.7.2); "" when absent.
std::string catalog_version(fz_context* ctx, pdf_document* pdf) {
  const char* name = nullptr;
  fz_try(ctx) {
    pdf_obj* root = pdf_dict_get(ctx, pdf_trailer(ctx, pdf), PDF_NAME(Root));
    pdf_obj* v = pdf_dict_get(ctx, root, PDF_NAME(Version));
    if (pdf_is_name(ctx, v)) name = pdf_to_name(ctx, v);
  }
  fz_catch(ctx) { name = nullptr; }
  std::string s = name ? name : "";
  return s.size() == 3 && std::isdigit(static_cast<unsigned char>(s[0])) &&
                 s[1] == '.' && std::isdigit(static_cast<unsigned char>(s[2]))
             ? s
             : "";
}

// The XMP packet of the catalog's /Metadata stream (at most 4 MiB).
std::string xmp_packet(fz_context* ctx, pdf_document* pdf) {
  constexpr size_t kMaxXmp = size_t{4} << 20;
  std::string xmp;
  fz_buffer* buf = nullptr;
  fz_var(buf);
  fz_try(ctx) {
    pdf_obj* root = pdf_dict_get(ctx, pdf_trailer(ctx, pdf), PDF_NAME(Root));
    pdf_obj* meta = pdf_dict_get(ctx, root, PDF_NAME(Metadata));
    if (pdf_is_stream(ctx, meta)) {
      buf = pdf_load_stream(ctx, meta);
      unsigned char* data = nullptr;
      size_t n = fz_buffer_storage(ctx, buf, &data);
      if (n <= kMaxXmp) xmp.assign(reinterpret_cast<char*>(data), n);
    }
  }
  fz_always(ctx) { fz_drop_buffer(ctx, buf); }
  fz_catch(ctx) { xmp.clear(); }
  return xmp;
}

bool digits(std::string_view s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

// The first value of an XMP property (`tag` like "dc:title"): the text of
// its first rdf:li, or its own text. XML entities for & < > " ' decoded.
std::string xmp_value(const std::string& xmp, const std::string& tag) {
  size_t open = xmp.find("<" + tag);
  if (open == std::string::npos) return "";
  size_t gt = xmp.find('>', open);
  if (gt == std::string::npos || xmp[gt - 1] == '/') return "";
  size_t close = xmp.find("</" + tag, gt);
  if (close == std::string::npos) return "";
  std::string body = xmp.substr(gt + 1, close - gt - 1);
  size_t li = body.find("<rdf:li");
  if (li != std::string::npos) {
    size_t b = body.find('>', li);
    size_t e = body.find("</rdf:li>", b);
    if (b == std::string::npos || e == std::string::npos) return "";
    body = body.substr(b + 1, e - b - 1);
  }
  if (body.find('<') != std::string::npos) return "";
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '&') {
      static const std::pair<const char*, char> kEnt[] = {{"&amp;", '&'},
                                                          {"&lt;", '<'},
                                                          {"&gt;", '>'},
                                                          {"&quot;", '"'},
                                                          {"&apos;", '\''}};
      bool done = false;
      for (const auto& [ent, ch] : kEnt)
        if (body.compare(i, std::strlen(ent), ent) == 0) {
          out += ch;
          i += std::strlen(ent) - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    out += body[i];
  }
  size_t a = out.find_first_not_of(" \t\r\n"),
         z = out.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : out.substr(a, z - a + 1);
}

// The small functions below each hold one fz_try: MuPDF's errors are
// longjmps, and a function that catches one keeps its own locals volatile
// (nothing else of read_pdf is live across a jump).

// Opens `bytes` (borrowed: they outlive the document) as a PDF; on failure
// returns false with MuPDF's message in *error. *buf, *stm and *pdf are
// set as made; the caller drops them.
bool open_pdf(fz_context* ctx, std::string_view bytes, fz_buffer** buf,
              fz_stream** stm, pdf_document** pdf, std::string* error) {
  volatile bool opened = false;
  fz_try(ctx) {
    *buf = fz_new_buffer_from_shared_data(
        ctx, reinterpret_cast<const unsigned char*>(bytes.data()),
        bytes.size());
    *stm = fz_open_buffer(ctx, *buf);
    *pdf = pdf_open_document_with_stream(ctx, *stm);
    opened = true;
  }
  fz_catch(ctx) { *error = fz_caught_message(ctx); }
  return opened;
}

// MuPDF tries the empty user password on opening; true when the document
// still needs one (or cannot tell).
bool locked(fz_context* ctx, fz_document* doc) {
  volatile int needs = 1;
  fz_try(ctx) { needs = fz_needs_password(ctx, doc); }
  fz_catch(ctx) { needs = 1; }
  return needs != 0;
}

// Rebuilds the cross-reference table by scanning the file for objects, as
// MuPDF does on opening when the table cannot be read at all; needed when
// the table reads but leads nowhere (a loop of /Prev sections, offsets
// that miss their objects). False with MuPDF's message in *error.
bool repair(fz_context* ctx, pdf_document* pdf, std::string* error) {
  volatile bool ok = false;
  fz_try(ctx) {
    pdf_repair_xref(ctx, pdf);
    ok = true;
  }
  fz_catch(ctx) { *error = fz_caught_message(ctx); }
  return ok;
}

// MuPDF tries the empty user password when it opens a file; after a
// repair the security handler is read again, so the empty password is
// tried again here. True when the document is readable.
bool unlock(fz_context* ctx, fz_document* doc) {
  volatile int ok = 0;
  fz_try(ctx) { ok = fz_authenticate_password(ctx, doc, ""); }
  fz_catch(ctx) { ok = 0; }
  return ok != 0;
}

int count_pages(fz_context* ctx, pdf_document* pdf, std::string* error) {
  volatile int pages = 0;
  fz_try(ctx) { pages = pdf_count_pages(ctx, pdf); }
  fz_catch(ctx) {
    pages = 0;
    *error = fz_caught_message(ctx);
  }
  return pages;
}

// Normalises (*out)[from..] to NFC: a letter and the combining accent the
// text device put after it become one character, as pdftotext writes it.
void to_nfc(std::string* out, size_t from) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err) || !nfc) return;
  icu::UnicodeString page = icu::UnicodeString::fromUTF8(
      icu::StringPiece(out->data() + from, out->size() - from));
  icu::UnicodeString composed = nfc->normalize(page, err);
  if (U_FAILURE(err)) return;
  out->resize(from);
  composed.toUTF8String(*out);
}

// Appends page `index`'s text to *out (see pdf_text.hpp); false with
// MuPDF's message in *error when the page could not be read whole.
// *composed is set when the page needs NFC (to_nfc).
bool page_text(fz_context* ctx, pdf_document* pdf, int index, bool* composed,
               std::string* out, size_t max_bytes, bool* cut,
               std::string* error) {
  pdf_page* page = nullptr;
  fz_var(page);
  fz_try(ctx) { page = pdf_load_page(ctx, pdf, index); }
  fz_catch(ctx) {
    *error = fz_caught_message(ctx);
    return false;
  }
  PageText text = append_page_text(ctx, page, out, max_bytes);
  fz_drop_page(ctx, &page->super);
  *composed = text.composed;
  *cut = *cut || text.cut;
  if (!text.error.empty()) {
    *error = text.error;
    return false;
  }
  return true;
}

}  // namespace

std::string pdf_date_to_iso(std::string_view d) {
  if (d.substr(0, 2) == "D:") d.remove_prefix(2);
  if (d.size() < 4 || !digits(d.substr(0, 4))) return "";
  auto part = [&](size_t at, const char* def) -> std::string {
    if (d.size() >= at + 2 && digits(d.substr(at, 2)))
      return std::string(d.substr(at, 2));
    return def;
  };
  std::string out = std::string(d.substr(0, 4)) + "-" + part(4, "01") + "-" +
                    part(6, "01") + "T" + part(8, "00") + ":" + part(10, "00") +
                    ":" + part(12, "00");
  size_t z = 14;
  if (d.size() > z) {
    char c = d[z];
    if (c == 'Z') {
      out += "Z";
    } else if ((c == '+' || c == '-') && d.size() >= z + 3 &&
               digits(d.substr(z + 1, 2))) {
      std::string mm = "00";
      size_t m = z + 3;
      if (m < d.size() && d[m] == '\'') ++m;
      if (d.size() >= m + 2 && digits(d.substr(m, 2)))
        mm = std::string(d.substr(m, 2));
      out += std::string(1, c) + std::string(d.substr(z + 1, 2)) + ":" + mm;
    }
  }
  return out;
}

DocumentInfo read_pdf(std::string_view bytes, const DocumentLimits& limits) {
  DocumentInfo info;
  info.format = "pdf";
  // A complete PDF ends with "%%EOF" (ISO 32000-1 7.5.5), followed at most by
  // line ends or stray bytes some writers append; MuPDF repairs the xref of
  // a cut file (with a warning), so the cut is also reported here.
  constexpr size_t kEofWindow = 1024;
  std::string_view tail =
      bytes.substr(bytes.size() > kEofWindow ? bytes.size() - kEofWindow : 0);
  size_t eof = tail.rfind("%%EOF");
  if (eof == std::string_view::npos) {
    info.problems.push_back(
        "PDF: no %%EOF marker in the last 1024 bytes (byte " +
        std::to_string(bytes.size()) + " is the end): truncated or damaged");
  } else {
    // Objects after the last marker are an incremental update cut short.
    std::string_view after = tail.substr(eof + 5);
    for (const char* keyword : {" obj", "xref", "trailer", "endobj", "stream"})
      if (after.find(keyword) != std::string_view::npos) {
        info.problems.push_back(
            "PDF: objects follow the last %%EOF (at byte " +
            std::to_string(bytes.size() - tail.size() + eof) +
            "): an incremental update cut short");
        break;
      }
  }
  // The header's version, even when the document cannot be opened.
  if (bytes.size() >= 8 && bytes.substr(0, 5) == "%PDF-")
    info.set("pdf_version", std::string(bytes.substr(5, 3)));

  ThreadContext& t = thread_context();
  fz_context* ctx = t.ctx;
  if (!ctx) {
    info.problems.push_back("PDF: MuPDF could not start (out of memory)");
    return info;
  }
  t.problems = &info.problems;
  t.refused = false;
  fz_buffer* buf = nullptr;
  fz_stream* stm = nullptr;
  pdf_document* pdf = nullptr;
  std::string error;
  const bool opened = open_pdf(ctx, bytes, &buf, &stm, &pdf, &error);
  if (!opened)
    info.problems.push_back("PDF: MuPDF could not open the document: " + error);
  if (opened) {
    fz_document* doc = &pdf->super;
    std::string encryption = metadata(ctx, doc, FZ_META_ENCRYPTION);
    const bool needs_password = locked(ctx, doc) && !unlock(ctx, doc);
    info.encrypted =
        needs_password || (!encryption.empty() && encryption != "None");
    if (!needs_password) {
      std::string version = catalog_version(ctx, pdf);
      if (version.empty()) {
        std::string format = metadata(ctx, doc, FZ_META_FORMAT);  // "PDF 1.4"
        if (format.size() == 7 && format.compare(0, 4, "PDF ") == 0)
          version = format.substr(4);
      }
      info.set("pdf_version", version);
      static const std::pair<const char*, const char*> kKeys[] = {
          {FZ_META_INFO_TITLE, "title"},
          {FZ_META_INFO_SUBJECT, "subject"},
          {FZ_META_INFO_AUTHOR, "author"},
          {FZ_META_INFO_KEYWORDS, "keywords"},
          {FZ_META_INFO_CREATOR, "creator_tool"},
          {FZ_META_INFO_PRODUCER, "producer"}};
      for (const auto& [pdf_key, key] : kKeys)
        info.set(key, metadata(ctx, doc, pdf_key));
      for (const auto& [pdf_key, key, name] :
           {std::tuple{FZ_META_INFO_CREATIONDATE, "created", "CreationDate"},
            std::tuple{FZ_META_INFO_MODIFICATIONDATE, "modified", "ModDate"}}) {
        std::string raw = metadata(ctx, doc, pdf_key);
        std::string iso = pdf_date_to_iso(raw);
        if (!iso.empty())
          info.set(key, iso);
        else if (!raw.empty())
          info.problems.push_back(std::string("PDF: malformed ") + name +
                                  " \"" + raw + "\"");
      }
      int pages = count_pages(ctx, pdf, &error);
      bool repaired = false;
      // A page tree that cannot be read, or whose first page cannot, is
      // read again from a rebuilt cross-reference table.
      auto rebuild = [&] {
        repaired = true;
        std::string why;
        if (!repair(ctx, pdf, &why)) {
          info.problems.push_back("PDF: cannot rebuild the xref: " + why);
          return false;
        }
        info.problems.push_back("PDF: cross-reference table rebuilt");
        error.clear();
        pages = count_pages(ctx, pdf, &error);
        return true;
      };
      if (!error.empty() || pages == 0) {
        if (!error.empty())
          info.problems.push_back("PDF: no page tree: " + error);
        error.clear();
        rebuild();
        if (!error.empty())
          info.problems.push_back("PDF: no page tree: " + error);
      }
      std::string xmp = xmp_packet(ctx, pdf);
      if (!xmp.empty()) {
        // XMP fills what the Info dictionary lacks (newer writers put the
        // title and author only there).
        static const std::pair<const char*, const char*> kXmp[] = {
            {"dc:title", "title"},
            {"dc:creator", "author"},
            {"dc:description", "subject"},
            {"pdf:Keywords", "keywords"},
            {"xmp:CreatorTool", "creator_tool"},
            {"pdf:Producer", "producer"}};
        for (const auto& [tag, key] : kXmp)
          if (!info.get(key)) info.set(key, xmp_value(xmp, tag));
      }
      bool cut = false;
      for (int i = 0; i < pages && i < limits.max_pages && !cut; ++i) {
        if (!info.text.empty()) {
          if (info.text.size() + 1 > limits.max_text_bytes) {
            cut = true;
            break;
          }
          info.text += '\n';
        }
        error.clear();
        const size_t before = info.text.size();
        bool composed = false;
        bool ok = page_text(ctx, pdf, i, &composed, &info.text,
                            limits.max_text_bytes, &cut, &error);
        if (!ok && info.problems.size() < kMaxProblems)
          info.problems.push_back("PDF: page " + std::to_string(i + 1) + ": " +
                                  error);
        if (!ok && i == 0 && !repaired && rebuild() && pages > 0) {
          info.text.resize(before);
          error.clear();
          if (!page_text(ctx, pdf, i, &composed, &info.text,
                         limits.max_text_bytes, &cut, &error) &&
              info.problems.size() < kMaxProblems)
            info.problems.push_back("PDF: page 1: " + error);
        }
        if (composed) to_nfc(&info.text, before);
      }
      info.set("pages", std::to_string(pages));
      if (cut)
        info.problems.push_back("PDF: text beyond " +
                                std::to_string(limits.max_text_bytes) +
                                " bytes not kept");
      if (pages > limits.max_pages)
        info.problems.push_back("PDF: text of pages after " +
                                std::to_string(limits.max_pages) +
                                " not extracted");
    } else {
      info.problems.push_back(
          "PDF: encrypted with a user password; metadata and text unreadable");
    }
  }
  if (t.refused)
    info.problems.push_back("PDF: more than " +
                            std::to_string(kMemoryCap >> 20) +
                            " MiB of memory asked for; the rest not read");
  // Dropped in the context that made them, before the bytes go away.
  pdf_drop_document(ctx, pdf);
  fz_drop_stream(ctx, stm);
  fz_drop_buffer(ctx, buf);
  info.set("encrypted", info.encrypted ? "true" : "false");
  t.problems = nullptr;
  return info;
}

}  // namespace leakscope::pdf
